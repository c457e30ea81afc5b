from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from press.mailing import sending
from press.mailing.models import Delivery

RETRY_DELAY = timedelta(minutes=1)  # doubled at each attempt of the rows still queued


@task()
def send_mailing_task(mailing_id: int) -> str:
    """Background send of a mailing; running it again resumes where it stopped."""
    try:
        return sending.send_mailing(mailing_id)
    except Exception:
        schedule_retry(mailing_id)
        raise


def schedule_retry(mailing_id):
    """After a refusal, the rows put back in the queue are tried again later (backoff), where
    the task backend can defer a task; elsewhere by the next `send_mailings` run."""
    if not send_mailing_task.get_backend().supports_defer:
        return None
    queued = Delivery.objects.filter(mailing_id=mailing_id, status=Delivery.Status.QUEUED)
    attempts = max(queued.values_list("attempts", flat=True), default=None)
    if attempts is None:
        return None  # nothing to retry: what failed is « à vérifier » or failed for good
    delay = RETRY_DELAY * 2 ** max(attempts - 1, 0)
    return send_mailing_task.using(run_after=timezone.now() + delay).enqueue(mailing_id)
