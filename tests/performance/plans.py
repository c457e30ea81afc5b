"""The queries of a page run again under EXPLAIN ANALYZE, for the tests that bound the rows a
page reads (PostgreSQL only: SQLite has no EXPLAIN ANALYZE)."""

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}


def explained_queries(client, url):
    """[(plan tree, shortened SQL)] of each query of a warm GET of `url`."""
    assert client.get(url).status_code == 200  # warm-up: renditions, site root paths
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    explained = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            sql = re.sub(r"SELECT .*? FROM", "SELECT … FROM", query["sql"])[:400]
            explained.append((plan[0]["Plan"], sql))
    return explained


def rows_read(plan, tables):
    """Rows the scans of a plan tree read from `tables` (kept or filtered out)."""
    rows = 0
    if plan["Node Type"] in SCANS and plan.get("Relation Name") in tables:
        read = plan["Actual Rows"] + plan.get("Rows Removed by Filter", 0)
        rows += (read + plan.get("Rows Removed by Index Recheck", 0)) * plan["Actual Loops"]
    return rows + sum(rows_read(child, tables) for child in plan.get("Plans", ()))
