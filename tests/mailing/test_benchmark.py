"""benchmarks/mailing.py at a tiny size: a smoke test of what it reports (the measure itself runs
on an idle machine, see benchmarks/results/)."""

import pytest

from benchmarks import mailing as benchmark

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("merge_field", "messages_per_batch"), [("", 2), ("{{ params.%s }}", 1)])
def test_the_benchmark_reports_a_constant_number_of_queries_per_batch(
    release, settings, merge_field, messages_per_batch
):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    benchmark.run(release, 1, 2, merge_field)  # warms the caches, as the benchmark does

    rows = [benchmark.run(release, size, 2, merge_field) for size in (4, 8, 12)]

    assert [(row["recipients"], row["batches"]) for row in rows] == [(4, 2), (8, 4), (12, 6)]
    assert [row["messages"] for row in rows] == [messages_per_batch * b for b in (2, 4, 6)]
    assert benchmark.per_batch(rows[:2]) == benchmark.per_batch(rows[1:]) > 0
