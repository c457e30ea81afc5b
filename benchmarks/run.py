"""Measure every public page type on the benchmark dataset; write benchmarks/results/<date>.md.

1. Through the full WSGI stack (django.test.Client: every middleware, the page cache
   included), for each page type: SQL queries of a warm request, then median and 99th
   percentile server time, and median CPU time of this process (less sensitive than the wall
   clock to other loads of the machine; the database's own CPU is not in it), over up to
   REQUESTS requests (bounded by SECONDS_PER_CASE), page cache off ("cold": every request
   renders) and on ("cached").
2. Throughput with gunicorn on 127.0.0.1 and wrk: the minimal Django view
   (`/__bench__/minimal/`), then release pages with and without the page cache, wrk visiting
   the SAMPLE releases in turn (a Lua script), reported as ratios to the minimal view.

"Page cache off" still has what a production process keeps warm between requests: Wagtail's
site root paths and image renditions, and cms/sitewide.py (the site, the site settings, the
menu, the home page's children, whether any page is restricted — until a site-wide change).
Every page is rendered on every request.

Loopback only, bounded loops. Run `make bench` (dataset first: benchmarks/generate_dataset.py).
"""

import datetime
import json
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

import django  # noqa: E402

django.setup()

import wagtail  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from partners.models import PartnerPage  # noqa: E402
from practices.models import PracticePage  # noqa: E402
from press.mailing.models import Subscriber  # noqa: E402
from press.models import PressContact, PressReleasePage  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", 300))
SECONDS_PER_CASE = float(os.environ.get("BENCH_SECONDS", 20))
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", 10))
WRK_CONNECTIONS = 32
WORKERS = int(os.environ.get("BENCH_WORKERS", 3))
PORT = int(os.environ.get("BENCH_PORT", 8765))
SAMPLE = 50  # distinct pages per page type, visited in turn


def sample_urls(model, order="-pk"):
    pages = model.objects.live().order_by(order)[: SAMPLE * 20 : 20]
    return [page.url for page in pages]


def cases():
    """(page type, list of URLs visited in turn)."""
    newest = PressReleasePage.objects.live().order_by("-release_date").first()
    year = newest.release_date.year - 3
    return [
        ("Accueil", ["/"]),
        ("Page standard", ["/le-collectif/"]),
        ("Espace presse", ["/presse/"]),
        ("Espace presse, page 40", ["/presse/?page=40"]),
        ("Espace presse filtré", [f"/presse/?year={year}&topic=jeunesse"]),
        ("Communiqué", sample_urls(PressReleasePage)),
        ("Flux RSS", ["/presse/rss/"]),
        ("Flux Atom", ["/presse/atom/"]),
        ("Contacts presse", ["/presse/contacts/"]),
        ("Partenaires", ["/partenaires/"]),
        ("Partenaire", sample_urls(PartnerPage, "pk")),
        ("Bonnes pratiques", ["/bonnes-pratiques/"]),
        ("Bonnes pratiques, facettes", ["/bonnes-pratiques/?theme=budget&level=concertation"]),
        ("Étude de cas", sample_urls(PracticePage)),
        ("Statistiques", ["/bonnes-pratiques/statistiques/"]),
        ("Export CSV", ["/bonnes-pratiques/export/csv/"]),
        ("Export JSON", ["/bonnes-pratiques/export/json/"]),
        ("Plan du site", ["/sitemap.xml"]),
        ("Plan du site, fichier", ["/sitemap/communiques.xml?p=2"]),
        ("Recherche", ["/recherche/?q=participation"]),
    ]


def fetch(client, url):
    response = client.get(url)
    if not response.streaming:
        return response.status_code, len(response.content)
    return response.status_code, sum(len(chunk) for chunk in response.streaming_content)


def timings(client, urls):
    durations, cpu = [], []
    deadline = time.perf_counter() + SECONDS_PER_CASE
    for index in range(REQUESTS):
        start, start_cpu = time.perf_counter(), time.process_time()
        fetch(client, urls[index % len(urls)])
        durations.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        if time.perf_counter() > deadline and index >= 20:
            break
    durations.sort()
    return {
        "median": statistics.median(durations),
        "p99": durations[min(len(durations) - 1, int(len(durations) * 0.99))],
        "cpu": statistics.median(cpu),
        "count": len(durations),
    }


def measure_pages():
    client = Client(raise_request_exception=False)
    rows = []
    for name, urls in cases():
        with override_settings(PAGE_CACHE_ENABLED=False):
            status, size = fetch(client, urls[0])  # warm-up: renditions, site root paths
            with CaptureQueriesContext(connection) as queries:
                fetch(client, urls[0])
            query_count = len(queries)  # read now: the log is reset by the next request
            cold = timings(client, urls)
        cache.clear()
        for url in urls:
            fetch(client, url)
        cached = timings(client, urls)
        rows.append(
            {
                "name": name,
                "url": urls[0],
                "status": status,
                "size": size,
                "queries": query_count,
                "cold": cold,
                "cached": cached,
            }
        )
        print(
            f"{name:30} {status} {query_count:3} queries  "
            f"cold {cold['median']:7.1f} ms (p99 {cold['p99']:7.1f}, CPU {cold['cpu']:6.1f})  "
            f"cached {cached['median']:5.2f} ms",
            flush=True,
        )
    return rows


def free_port_or_exit(port):
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            sys.exit(f"Port {port} is busy: set BENCH_PORT.")


def gunicorn(page_cache):
    free_port_or_exit(PORT)
    env = {**os.environ, "PAGE_CACHE_ENABLED": "1" if page_cache else "0"}
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "cms.wsgi:application",
            f"--bind=127.0.0.1:{PORT}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/robots.txt", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not start.")


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


def wrk(paths):
    """wrk on one path, or on several in turn."""
    paths = [paths] if isinstance(paths, str) else paths
    base = f"http://127.0.0.1:{PORT}"
    for path in paths:
        for _ in range(WORKERS * 3):  # every worker renders (and caches) the page once
            urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310
    command = ["wrk", "-t2", f"-c{WRK_CONNECTIONS}", f"-d{WRK_SECONDS}s", "--latency"]
    script = rotation_script(paths) if len(paths) > 1 else None
    if script:
        command += ["-s", script]
    try:
        output = subprocess.run(
            [*command, base + paths[0]],
            capture_output=True,
            text=True,
            check=True,
            timeout=WRK_SECONDS + 60,
        ).stdout
    finally:
        if script:
            os.unlink(script)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "latency": re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1),
        "errors": int(errors.group(1)) if errors else 0,
    }


def measure_throughput(release_urls):
    results = {}
    server = gunicorn(page_cache=True)
    try:
        results["minimal"] = wrk("/__bench__/minimal/")
        results["cached"] = wrk(release_urls)
    finally:
        server.terminate()
        server.wait(timeout=30)
    server = gunicorn(page_cache=False)
    try:
        results["uncached"] = wrk(release_urls)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


def machine():
    meminfo = Path("/proc/meminfo").read_text()
    ram = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1)) // 1024
    cpuinfo = Path("/proc/cpuinfo").read_text()
    cpu = re.search(r"model name\s+:\s+(.*)", cpuinfo)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        database = cursor.fetchone()[0].split(",")[0]
    return {
        "Processeur": f"{os.cpu_count()} cœurs (nproc), {cpu.group(1) if cpu else '?'}",
        "Mémoire": f"{ram} Mio",
        "Système": platform.platform(),
        "Python": platform.python_version(),
        "Django / Wagtail": f"{django.get_version()} / {wagtail.__version__}",
        "Base de données": database,
        "Cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "Serveur": f"gunicorn, {WORKERS} workers (sync), wrk -t2 -c{WRK_CONNECTIONS} "
        f"-d{WRK_SECONDS}s",
        "Charge (load average 1/5/15 min)": " / ".join(f"{load:.1f}" for load in os.getloadavg()),
        "Données": f"{PressReleasePage.objects.count()} communiqués, "
        f"{PracticePage.objects.count()} pratiques, {PartnerPage.objects.count()} partenaires, "
        f"{PressContact.objects.count()} contacts presse, {Subscriber.objects.count()} abonnés",
    }


def report(rows, throughput):
    today = datetime.date.today().isoformat()
    lines = [f"# Banc d'essai du {today}", "", "## Machine", ""]
    lines += [f"- {key} : {value}" for key, value in machine().items()]
    lines += [
        "",
        "## Pages (pile WSGI complète, django.test.Client)",
        "",
        f"Jusqu'à {REQUESTS} requêtes par type de page (au plus {SECONDS_PER_CASE:.0f} s), "
        "requêtes SQL d'une requête à chaud sans cache de pages. CPU : temps processeur médian "
        "du processus Python (hors base de données). Sans cache de pages, chaque requête rend "
        "la page ; restent gardés d'une requête à l'autre, comme en production, les chemins "
        "des sites et les déclinaisons d'images de Wagtail, et ce que garde cms/sitewide.py "
        "(site, paramètres, menu, pages filles de l'accueil, existence de restrictions d'accès) "
        "jusqu'à une modification de tout le site.",
        "",
        "| Page | URL | Statut | Poids | SQL | Sans cache : médiane | p99 | CPU | Avec cache : "
        "médiane | p99 | Requêtes |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        cold, cached = row["cold"], row["cached"]
        lines.append(
            f"| {row['name']} | `{row['url']}` | {row['status']} | {row['size'] // 1024} Kio "
            f"| {row['queries']} | {cold['median']:.1f} ms | {cold['p99']:.1f} ms "
            f"| {cold['cpu']:.1f} ms | {cached['median']:.2f} ms | {cached['p99']:.2f} ms "
            f"| {cold['count']} / {cached['count']} |"
        )
    minimal = throughput["minimal"]["rps"]
    lines += [
        "",
        "## Débit (gunicorn sur 127.0.0.1, wrk)",
        "",
        "| Cible | Requêtes/s | Latence médiane | Erreurs | Rapport à la vue minimale |",
        "|---|---|---|---|---|",
    ]
    labels = {
        "minimal": "Vue Django minimale (18 Kio)",
        "cached": f"Communiqués ({SAMPLE} en alternance), cache de pages",
        "uncached": f"Communiqués ({SAMPLE} en alternance), sans cache",
    }
    for key, label in labels.items():
        result = throughput[key]
        ratio = result["rps"] / minimal
        lines.append(
            f"| {label} | {result['rps']:.0f} | {result['latency']} | {result['errors']} "
            f"| {ratio:.2f}{f' (1/{1 / ratio:.0f})' if ratio < 1 else ''} |"
        )
    path = ROOT / "benchmarks" / "results" / f"{today}.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nRésultats : {path.relative_to(ROOT)}")


def main():
    if PressReleasePage.objects.count() < 1_000:
        sys.exit("Generate the dataset first: benchmarks/generate_dataset.py")
    rows = measure_pages()
    report(rows, measure_throughput(sample_urls(PressReleasePage)))


if __name__ == "__main__":
    main()
