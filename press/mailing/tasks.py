from django_tasks import task

from press.mailing import sending


@task()
def send_mailing_task(mailing_id: int) -> str:
    """Background send of a mailing; running it again resumes where it stopped."""
    return sending.send_mailing(mailing_id)
