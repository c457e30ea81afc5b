"""Benchmark (not a test): one release sent to N confirmed subscribers through anymail's test
backend. Reports wall time, peak Python memory (tracemalloc) and SQL queries, in both modes:
one message per recipient (as over SMTP), and ESP batch sending (merge data, one API call per
batch), each at two recipient counts (N/10 and N) with the same batch size, so that the queries
per batch can be compared: they must not grow with the recipients.

    .venv/bin/python benchmarks/mailing.py [--subscribers 10000] [--batch-size 500]

Runs on a throwaway SQLite database in a temporary directory (never the project's database), or
on the throwaway PostgreSQL database of --database-url.
tracemalloc slows Python down: compare the times between runs, not with production. In
per-recipient mode anymail's test backend itself is quadratic (its message id is the index of
the message in `mail.outbox`), which inflates the 10,000 row. In ESP batch mode the queries
grow with the batches, by a constant number per batch; one message per recipient adds one
statement per message (it records the previous message's outcome and marks the next one in
flight), which is what makes a killed worker lose at most the message in flight. The last lines
give what each extra batch costs in queries, from the two recipient counts.
Results: benchmarks/results/<date>-mailing.md.
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def setup_django(workdir, database_url=None):
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir}/bench.sqlite3"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    call_command("migrate", verbosity=0, interactive=False)


def make_release():
    from wagtail.models import Site
    from wagtail.rich_text import RichText

    from press.models import PressIndexPage, PressReleasePage

    root = Site.objects.get(is_default_site=True).root_page
    index = root.add_child(instance=PressIndexPage(title="Espace presse", slug="presse"))
    release = index.add_child(
        instance=PressReleasePage(
            title="Les budgets participatifs progressent dans le Nord",
            slug="budgets-participatifs",
            release_date=datetime.date(2026, 11, 23),
            standfirst="Trente communes du Nord ont ouvert un budget participatif.",
            body=[("paragraph", RichText(f"<p>Paragraphe {n}.</p>")) for n in range(4)],
            alert_subscribers=False,  # the measured mailing is the one below
        )
    )
    release.save_revision().publish()
    return release


def make_subscribers(count):
    from django.utils import timezone

    from press.mailing.models import Subscriber

    Subscriber.objects.all().delete()
    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"journaliste{n}@media{n % 97}.example",
                name=f"Journaliste {n}",
                outlet=f"Média {n % 97}",
                status=Subscriber.Status.ACTIVE,
                confirmed_at=now,
                consent_text="consentement",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def run(release, subscribers, batch_size, merge_field):
    from django.conf import settings
    from django.core import mail
    from django.db import connection

    from press.mailing import sending
    from press.mailing.models import Delivery, Mailing

    make_subscribers(subscribers)
    settings.MAILING_MERGE_FIELD = merge_field
    mail.outbox = []
    Mailing.objects.all().delete()
    mailing = Mailing.objects.create(release=release, subject=release.title)
    counter = QueryCounter()
    tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        sending.send_mailing(mailing.pk, batch_size=batch_size)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sent = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.SENT).count()
    assert sent == subscribers, (sent, subscribers)
    return {
        "mode": "ESP batch (merge data)" if merge_field else "one message per recipient",
        "recipients": subscribers,
        "batches": -(-subscribers // batch_size),
        "messages": len(mail.outbox),
        "seconds": elapsed,
        "cpu": cpu,
        "peak_mib": peak / 2**20,
        "queries": counter.count,
    }


def per_batch(rows):
    """The queries an extra batch costs: the slope between the two recipient counts."""
    small, large = rows
    if large["batches"] == small["batches"]:
        return None  # N/10 and N fit in as many batches: choose a smaller --batch-size
    return (large["queries"] - small["queries"]) / (large["batches"] - small["batches"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--database-url",
        help="a throwaway PostgreSQL database (its content is replaced), instead of SQLite",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mailing-bench-") as workdir:
        setup_django(workdir, args.database_url)
        release = make_release()
        run(release, 1, args.batch_size, "")  # warms the caches (site root paths, settings)
        sizes = [args.subscribers // 10, args.subscribers]
        print(
            f"{'mode':<28} {'recipients':>10} {'batches':>7} {'messages':>8} "
            f"{'wall (s)':>9} {'CPU (s)':>8} {'peak MiB':>9} {'SQL':>6} {'SQL/batch':>9}"
        )
        slopes = {}
        for merge_field in ("", "{{ params.%s }}"):
            rows = []
            for size in sizes:
                row = run(release, size, args.batch_size, merge_field)
                rows.append(row)
                print(
                    f"{row['mode']:<28} {row['recipients']:>10} {row['batches']:>7} "
                    f"{row['messages']:>8} {row['seconds']:>9.2f} {row['cpu']:>8.2f} "
                    f"{row['peak_mib']:>9.1f} {row['queries']:>6} "
                    f"{row['queries'] / row['batches']:>9.1f}"
                )
            slopes[rows[0]["mode"]] = per_batch(rows)
        print(f"\nSQL per extra batch of {args.batch_size} recipients:")
        for mode, slope in slopes.items():
            print(f"  {mode:<28} {'n/a' if slope is None else f'{slope:.1f}'}")


if __name__ == "__main__":
    main()
