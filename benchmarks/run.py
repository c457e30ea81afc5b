"""Measure every public page type against the targets of issue 14: benchmarks/results/<date>.md.

1. Pages, at two sizes: the benchmark dataset (this process's database) and the demo content
   (`load_demo_content` into a second database, recreated on each run). For each page type,
   through the full WSGI stack (django.test.Client) with the page cache off: the SQL queries of
   a warm request, then the median and 99th percentile server time over up to REQUESTS
   requests (bounded by SECONDS_PER_CASE), visiting up to SAMPLE pages of the type in turn.
2. Throughput, gunicorn (WORKERS sync workers) on 127.0.0.1 and wrk at -c4 and -c32, on the
   benchmark dataset: every page type with the page cache on and off, each as a ratio to the
   minimal Django view (`/__bench__/minimal/`), the mean of its runs just before and just after
   the page's, so that a machine whose speed drifts during the run compares each page with its
   own moment; the same without the page cache on the demo content (the size of the
   side-by-side run with Wagtail's demo site in issue 14).
3. Dogpile: with the page cache on, the whole cache dropped (`clear_all()`, as any publication
   does), then 100 requests sent at once to a release and to the press room: status codes,
   latencies and renders (responses marked `X-Cache: MISS`).

gunicorn's processes share the page cache through Redis (BENCH_REDIS_URL, its own database
number, emptied at the start), as in production with several processes.

Loopback only, bounded loops. Run `make bench` (dataset first: benchmarks/generate_dataset.py).
"""

import asyncio
import datetime
import json
import math
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"))

import django  # noqa: E402

django.setup()

import wagtail  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page  # noqa: E402

from cms.caching import store  # noqa: E402
from home.models import StandardPage  # noqa: E402
from partners.models import PartnerIndexPage, PartnerPage  # noqa: E402
from practices.models import PracticeIndexPage, PracticePage  # noqa: E402
from press.mailing.models import Subscriber  # noqa: E402
from press.models import PressIndexPage, PressReleasePage  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 200))
SECONDS_PER_CASE = float(os.environ.get("BENCH_SECONDS", 10))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", 5))
REFERENCE_SECONDS = 2  # each of the minimal view's runs, before and after each page's
MINIMAL = "/__bench__/minimal/"
CONCURRENCIES = (4, 32)
WORKERS = int(os.environ.get("BENCH_WORKERS", 3))
PORT = int(os.environ.get("BENCH_PORT", 8765))
SAMPLE = 50  # distinct pages per page type, visited in turn
PDF_SAMPLE = 10  # a release's PDF is generated once, on its first request
BURST = 100  # simultaneous requests of the dogpile test
# Stored or streamed files: the page cache does not keep them, so their one throughput is uncached.
FILES = {"Communiqué, PDF", "Export CSV", "Export JSON", "Export CSV filtré"}

TARGET_QUERIES = 12
TARGET_MEDIAN = {"full": 50, "demo": 20}  # ms, uncached
TARGET_CACHED = 0.9  # of the minimal view's throughput
TARGET_RELEASE = 1 / 40
TARGET_OTHER = 1 / 50
TARGET_BURST_P99 = 300  # ms


def sample_urls(model, count=SAMPLE):
    pages = list(model.objects.live().order_by("pk").values_list("pk", flat=True))
    step = max(1, len(pages) // count)
    return [model.objects.get(pk=pk).url for pk in pages[::step][:count]]


def press_filter_query(press_url):
    """Year and topic of the press room's filters, both with releases, at any data size."""
    tagged = PressReleasePage.objects.live().filter(topics__slug="jeunesse")
    tagged = tagged.order_by("release_date")
    middle = tagged[tagged.count() // 2]
    return f"{press_url}?year={middle.release_date.year}&topic=jeunesse"


def facet_query(practices_url):
    """A theme and a participation level that some practices share, at any data size."""
    practice = PracticePage.objects.live().filter(themes__isnull=False).order_by("pk").first()
    theme = practice.themes.order_by("slug").first().slug
    return f"{practices_url}?theme={theme}&level={practice.participation_level}"


def sitemap_section(client):
    """The releases' section of the sitemap, as the sitemap index links it."""
    index = client.get("/sitemap.xml").content.decode()
    sections = [urlsplit(url).path for url in re.findall(r"<loc>(.*?)</loc>", index)]
    return next((path for path in sections if "communiques" in path), sections[0])


def cases(client):
    """(page type, list of URLs visited in turn)."""
    press = PressIndexPage.objects.live().first().url
    practices = PracticeIndexPage.objects.live().first().url
    releases = sample_urls(PressReleasePage)
    last_page = -(-PressReleasePage.objects.live().count() // 12)
    return [
        ("Accueil", ["/"]),
        ("Page standard", sample_urls(StandardPage)),
        ("Espace presse", [press]),
        ("Espace presse, page 40", [f"{press}?page={min(40, last_page)}"]),
        ("Espace presse filtré", [press_filter_query(press)]),
        ("Communiqué", releases),
        ("Communiqué, PDF", [f"{url}pdf/" for url in releases[:PDF_SAMPLE]]),
        ("Flux RSS", [f"{press}rss/"]),
        ("Flux Atom", [f"{press}atom/"]),
        ("Contacts presse", [f"{press}contacts/"]),
        ("Partenaires", [PartnerIndexPage.objects.live().first().url]),
        ("Partenaire", sample_urls(PartnerPage)),
        ("Bonnes pratiques", [practices]),
        ("Bonnes pratiques, facettes", [facet_query(practices)]),
        ("Étude de cas", sample_urls(PracticePage)),
        ("Statistiques", [f"{practices}statistiques/"]),
        ("Export CSV", [f"{practices}export/csv/"]),
        ("Export JSON", [f"{practices}export/json/"]),
        ("Export CSV filtré", [f"{practices}export/csv/?theme=budget"]),
        ("Plan du site", ["/sitemap.xml"]),
        ("Plan du site, section", [sitemap_section(client)]),
        ("Recherche", ["/recherche/?q=participation"]),
    ]


def fetch(client, url):
    response = client.get(url)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    return response.status_code


def percentile(ordered, fraction):
    """Nearest-rank percentile of a sorted list."""
    return ordered[math.ceil(fraction * len(ordered)) - 1]


def timings(client, urls):
    durations = []
    deadline = time.perf_counter() + SECONDS_PER_CASE
    for index in range(REQUESTS):
        start = time.perf_counter()
        fetch(client, urls[index % len(urls)])
        durations.append((time.perf_counter() - start) * 1000)
        if time.perf_counter() > deadline and index >= 20:
            break
    durations.sort()
    return {
        "median": statistics.median(durations),
        "p99": percentile(durations, 0.99),
        "count": len(durations),
    }


def dataset():
    return {
        "pages": Page.objects.count(),
        "releases": PressReleasePage.objects.count(),
        "practices": PracticePage.objects.count(),
        "partners": PartnerPage.objects.count(),
        "subscribers": Subscriber.objects.count(),
    }


@override_settings(PAGE_CACHE_ENABLED=False)
def measure_pages():
    """Every page type on this process's database, page cache off: (rows, cases)."""
    client = Client(raise_request_exception=False)
    page_cases = cases(client)
    rows = []
    for name, urls in page_cases:
        statuses = {fetch(client, url) for url in urls}  # renditions, stored PDFs and exports
        with CaptureQueriesContext(connection) as queries:
            fetch(client, urls[0])
        query_count = len(queries)  # read now: the log is reset by the next request
        rows.append(
            {"name": name, "url": urls[0], "statuses": sorted(statuses), "queries": query_count}
            | timings(client, urls)
        )
        print(
            f"{name:28} {rows[-1]['statuses']} {query_count:3} queries  "
            f"median {rows[-1]['median']:6.1f} ms  p99 {rows[-1]['p99']:6.1f} ms",
            flush=True,
        )
    return rows, page_cases


def demo_database_url():
    url = urlsplit(os.environ["DATABASE_URL"])
    name = os.environ.get("BENCH_DEMO_DATABASE", url.path.strip("/") + "_demo")
    return urlunsplit(url._replace(path=f"/{name}"))


def create_demo_database(url):
    """The demo content alone, in a database recreated from nothing."""
    name = urlsplit(url).path.strip("/")
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    env = {**os.environ, "DATABASE_URL": url}
    manage = [sys.executable, "manage.py"]
    # update_index: with these production settings, each page saved queues its indexing as a
    # task for the worker, which does not run here.
    commands = ("ensure_database", "migrate --noinput -v0", "load_demo_content", "update_index -v0")
    for command in commands:
        subprocess.run([*manage, *command.split()], cwd=ROOT, env=env, check=True)


def pages_at(database_url):
    """measure_pages(), dataset() and the cases in a process of its own on `database_url`."""
    with tempfile.NamedTemporaryFile(suffix=".json") as output:
        subprocess.run(
            [sys.executable, __file__, "pages", output.name],
            env={**os.environ, "DATABASE_URL": database_url},
            check=True,
        )
        return json.loads(Path(output.name).read_text())


def free_port_or_exit(port):
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            sys.exit(f"Port {port} is busy: set BENCH_PORT.")


class Gunicorn:
    """gunicorn serving the site, with or without the page cache."""

    def __init__(self, page_cache, database_url=None):
        self.env = {**os.environ, "PAGE_CACHE_ENABLED": "1" if page_cache else "0"}
        if database_url:
            self.env["DATABASE_URL"] = database_url

    def __enter__(self):
        free_port_or_exit(PORT)
        # Nothing of an earlier server's (pages, or another database's site root paths).
        cache.clear()
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "cms.wsgi:application",
                f"--bind=127.0.0.1:{PORT}",
                f"--workers={WORKERS}",
                # gunicorn.conf.py's worker recycling would restart workers during a measure.
                "--max-requests=0",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,  # gunicorn.conf.py's access log, a line per request
        )
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=2)  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        self.process.terminate()
        sys.exit("gunicorn did not start.")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60) as response:  # noqa: S310
        response.read()


def rotation_script(paths):
    """A wrk Lua script requesting `paths` in turn (each wrk thread from its own start)."""
    quoted = ", ".join(json.dumps(path) for path in paths)
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    with script:
        script.write(
            f"local paths = {{{quoted}}}\n"
            "local index = math.random(#paths)\n"
            "request = function()\n"
            "  index = index % #paths + 1\n"
            '  return wrk.format("GET", paths[index])\n'
            "end\n"
        )
    return script.name


def wrk(paths, connections, seconds=WRK_SECONDS):
    """Requests per second of wrk on `paths` in turn, each requested once first (the cache is
    shared by the workers; renditions and stored files were made by measure_pages())."""
    for path in paths:
        get(path)
    script = rotation_script(paths)
    # wrk's default 2 s timeout counted slow answers as errors: at -c32, 32 connections queue on
    # three workers writing the filtered CSV (about 1 MB each). Every answer is waited for.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["--latency", "-s", script]
    try:
        output = subprocess.run(
            [*command, f"http://127.0.0.1:{PORT}{paths[0]}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "latency": re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1),
        "errors": (int(errors.group(1)) if errors else 0)
        + sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1) if socket_errors else "")),
    }


def measure_throughput(page_cases, page_caches=(True, False), database_url=None):
    results = {}
    for page_cache in page_caches:
        label = "cached" if page_cache else "uncached"
        with Gunicorn(page_cache, database_url):
            for name, urls in page_cases:
                if page_cache and name in FILES:
                    continue
                for connections in CONCURRENCIES:
                    before = minimal_view(connections)
                    result = wrk(urls, connections)
                    after = minimal_view(connections)
                    result["references"] = (before, after)
                    results[(name, label, connections)] = result
                    print(
                        f"{label:8} c{connections:<3} {name:28} {result['rps']:8.1f} req/s"
                        f" (minimal view {before:.0f} then {after:.0f})"
                    )
    return results


def minimal_view(connections):
    return wrk([MINIMAL], connections, REFERENCE_SECONDS)["rps"]


async def timed_get(path, barrier):
    """One request on a connection opened beforehand: (status, X-Cache, milliseconds)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    await barrier.wait()  # every connection open: the requests leave together
    start = time.perf_counter()
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{PORT}\r\nConnection: close\r\n\r\n"
    writer.write(request.encode())
    await writer.drain()
    response = await reader.read()  # until the server closes the connection
    elapsed = (time.perf_counter() - start) * 1000
    writer.close()
    head = response.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    x_cache = re.search(r"^X-Cache: (\w+)", head, re.MULTILINE | re.IGNORECASE)
    return int(head.split()[1]), x_cache.group(1) if x_cache else "-", elapsed


async def burst(path):
    barrier = asyncio.Barrier(BURST)
    return await asyncio.gather(*(timed_get(path, barrier) for _ in range(BURST)))


def measure_dogpile(paths):
    results = {}
    with Gunicorn(page_cache=True):
        for name, path in paths:
            for _ in range(WORKERS * 2):
                get(path)
            store.clear_all()
            responses = asyncio.run(burst(path))
            durations = sorted(elapsed for _status, _x_cache, elapsed in responses)
            results[name] = {
                "path": path,
                "statuses": sorted({status for status, _x_cache, _elapsed in responses}),
                "ok": sum(status == 200 for status, _x_cache, _elapsed in responses),
                "renders": sum(x_cache == "MISS" for _status, x_cache, _elapsed in responses),
                "hits": sum(x_cache == "HIT" for _status, x_cache, _elapsed in responses),
                "p50": statistics.median(durations),
                "p99": percentile(durations, 0.99),
                "max": durations[-1],
            }
            print(f"dogpile {name}: {results[name]}")
    return results


def git(*args):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def machine():
    meminfo = Path("/proc/meminfo").read_text()
    ram = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) // 1024
    cpu = re.search(r"model name\s+:\s+(.*)", Path("/proc/cpuinfo").read_text())
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        database = cursor.fetchone()[0].split(",")[0]
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return {
        "Processeur": f"{os.cpu_count()} cœurs, {cpu.group(1) if cpu else '?'}",
        "Mémoire": f"{ram} Mio",
        "Système": platform.platform(),
        "Python": platform.python_version(),
        "Django / Wagtail": f"{django.get_version()} / {wagtail.__version__}",
        "Base de données": database,
        "Cache": f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]} (page cache "
        "partagé par les processus)",
        "Serveur": f"gunicorn, {WORKERS} workers sync ; wrk -t2 -c4 et -c32, "
        f"{WRK_SECONDS} s, délai de réponse 10 s",
        "Commit": git("rev-parse", "--short", "HEAD")
        + (" (plus des modifications non commitées)" if dirty else ""),
        "Charge (1/5/15 min)": " / ".join(f"{load:.1f}" for load in os.getloadavg()),
    }


def verdict(ok):
    return "oui" if ok else "**NON**"


def ratio(value):
    return f"{value:.2f}" if value >= 0.1 else f"1/{1 / value:.0f}"


def pages_section(sizes):
    full, demo = sizes["full"]["rows"], sizes["demo"]["rows"]
    lines = [
        "## Pages sans cache de pages (pile WSGI complète, django.test.Client)",
        "",
        f"SQL : requêtes d'une requête à chaud (cible ≤ {TARGET_QUERIES}, constante aux deux "
        f"tailles). Temps serveur sur {REQUESTS} requêtes au plus ({SECONDS_PER_CASE:.0f} s au "
        f"plus) par type de page, jusqu'à {SAMPLE} pages du type en alternance ; cibles de la "
        f"médiane : ≤ {TARGET_MEDIAN['full']} ms (complet), ≤ {TARGET_MEDIAN['demo']} ms (démo).",
        "",
        "| Page | URL (complet) | SQL complet | SQL démo | Constant | ≤ 12 | Médiane complet | "
        "p99 complet | ≤ 50 ms | Médiane démo | p99 démo | ≤ 20 ms | Statuts |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for big, small in zip(full, demo, strict=True):
        statuses = ", ".join(str(s) for s in sorted(set(big["statuses"]) | set(small["statuses"])))
        lines.append(
            f"| {big['name']} | `{big['url']}` | {big['queries']} | {small['queries']} "
            f"| {verdict(big['queries'] == small['queries'])} "
            f"| {verdict(max(big['queries'], small['queries']) <= TARGET_QUERIES)} "
            f"| {big['median']:.1f} ms | {big['p99']:.1f} ms "
            f"| {verdict(big['median'] <= TARGET_MEDIAN['full'])} "
            f"| {small['median']:.1f} ms | {small['p99']:.1f} ms "
            f"| {verdict(small['median'] <= TARGET_MEDIAN['demo'])} | {statuses} |"
        )
    return lines


def throughput_section(page_cases, results, data_label):
    lines = [
        f"## Débit (gunicorn sur 127.0.0.1, wrk, {data_label})",
        "",
        "Rapport : requêtes/s de la page ÷ requêtes/s de la vue Django minimale (18 Kio), "
        "moyenne de ses mesures par le même serveur juste avant et juste après la page "
        f"({REFERENCE_SECONDS} s chacune) : la vitesse d'une machine partagée varie au fil de la "
        "série. Cibles : avec cache ≥ 0.9 ; sans cache, communiqué ≥ 1/40, tout autre type ≥ "
        "1/50. Pages d'un type visitées en alternance. Les fichiers (PDF, exports) ne passent pas "
        "par le cache de pages : mesurés sans cache seulement.",
        "",
        "| Page | Cache | wrk | Requêtes/s | Vue minimale avant → après | Latence médiane "
        "| Erreurs | Rapport | Cible | Atteinte |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, cache_label in (("cached", "oui"), ("uncached", "non")):
        for name, _urls in page_cases:
            if label == "cached":
                target = TARGET_CACHED
            else:
                target = TARGET_RELEASE if name == "Communiqué" else TARGET_OTHER
            for connections in CONCURRENCIES:
                result = results.get((name, label, connections))
                if result is None:  # not measured cached: the files, the demo content
                    continue
                before, after = result["references"]
                value = result["rps"] / statistics.mean((before, after))
                lines.append(
                    f"| {name} | {cache_label} | -c{connections} | {result['rps']:.0f} "
                    f"| {before:.0f} → {after:.0f} | {result['latency']} | {result['errors']} "
                    f"| {ratio(value)} "
                    f"| ≥ {ratio(target)} | {verdict(value >= target and not result['errors'])} |"
                )
    return lines


def dogpile_section(results):
    lines = [
        "## Ruée après une publication (gunicorn, cache de pages)",
        "",
        f"Le cache de pages vidé (`clear_all()`, comme toute publication), puis {BURST} requêtes "
        f"envoyées d'un coup sur des connexions ouvertes d'avance. Cibles : toutes en 200, p99 < "
        f"{TARGET_BURST_P99} ms. Rendus : réponses `X-Cache: MISS` (rendues puis stockées).",
        "",
        "| Page | URL | Statuts | 200 | p50 | p99 | max | Rendus | Servies du cache | Atteinte |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        ok = result["ok"] == BURST and result["p99"] < TARGET_BURST_P99
        lines.append(
            f"| {name} | `{result['path']}` | {', '.join(map(str, result['statuses']))} "
            f"| {result['ok']}/{BURST} | {result['p50']:.0f} ms | {result['p99']:.0f} ms "
            f"| {result['max']:.0f} ms | {result['renders']} | {result['hits']} | {verdict(ok)} |"
        )
    return lines


def report(sizes, throughput, dogpile):
    today = datetime.date.today().isoformat()
    lines = [f"# Banc d'essai du {today}", "", "## Machine", ""]
    lines += [f"- {key} : {value}" for key, value in machine().items()]
    lines += ["", "## Données", ""]
    for size, label in (("full", "Jeu complet"), ("demo", "Contenu de démonstration")):
        counts = sizes[size]["dataset"]
        lines.append(
            f"- {label} : {counts['pages']} pages, {counts['releases']} communiqués, "
            f"{counts['practices']} pratiques, {counts['partners']} partenaires, "
            f"{counts['subscribers']} abonnés"
        )
    lines += ["", *pages_section(sizes), ""]
    for size, label in (("full", "jeu complet"), ("demo", "contenu de démonstration")):
        lines += [*throughput_section(sizes[size]["cases"], throughput[size], label), ""]
    lines += dogpile_section(dogpile)
    # A second run of the day gets its own file: earlier results are kept, never overwritten.
    results = ROOT / "benchmarks" / "results"
    path, run = results / f"{today}.md", 1
    while path.exists():
        run += 1
        path = results / f"{today}-{run}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nRésultats : {path.relative_to(ROOT)}")


def main():
    if PressReleasePage.objects.count() < 1_000:
        sys.exit("Generate the dataset first: benchmarks/generate_dataset.py")
    cache.clear()  # the benchmark's own Redis database
    demo_url = demo_database_url()
    create_demo_database(demo_url)
    sizes = {"full": pages_at(os.environ["DATABASE_URL"]), "demo": pages_at(demo_url)}
    throughput = {
        "full": measure_throughput(sizes["full"]["cases"]),
        "demo": measure_throughput(sizes["demo"]["cases"], (False,), demo_url),
    }
    press = PressIndexPage.objects.live().first().url
    release = sample_urls(PressReleasePage)[-1]
    dogpile = measure_dogpile([("Communiqué", release), ("Espace presse", press)])
    report(sizes, throughput, dogpile)


if __name__ == "__main__":
    if sys.argv[1:2] == ["pages"]:
        rows, page_cases = measure_pages()
        measured = {"rows": rows, "dataset": dataset(), "cases": page_cases}
        Path(sys.argv[2]).write_text(json.dumps(measured))
    else:
        main()
