"""How long the CSV and XLSX exports take, and how much memory building them needs.

The exports of the two campaigns of bench/reports.py (300 teams; 1,000 and 100,000 team
responses, built once in the benchmark database and reused). Each export is built in
``--repeat`` fresh processes, through the view with Django's test Client, so the peak memory
(``ru_maxrss``) is that of one export. Each process imports pandas and openpyxl first (the
export imports them lazily; their memory is shown apart), then builds the export twice: the
first build also pays for the libraries' own lazy imports. Then a fresh gunicorn serves each
export twice per worker and its workers' peak memory (VmHWM) is read.

    .venv/bin/python bench/exports.py [--repeat 3] [--write]

Goal (PRODUCT.md, "Scale and speed"): the peak memory at 100,000 responses at most 1.5 times
that at 1,000.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import common

FORMATS = ("csv", "xlsx")
PEAK_GOAL = 1.5


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes there, KiB here


def measure(database_url: str, campaign: int, file_format: str) -> dict:
    """Runs in the child: build one export twice through the view; time and memory."""
    common.setup_django(database_url)
    client = common.demo_client()
    client.get("/healthz/live/")  # the URLconf and middleware, loaded as in a worker
    before = peak_rss_mib()
    import openpyxl  # noqa: F401  # what the first export imports, measured apart
    import pandas  # noqa: F401

    libraries = peak_rss_mib()
    seconds, cpu_seconds, peaks = [], [], []
    for _build in range(2):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(f"/campaigns/{campaign}/results.{file_format}")
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        peaks.append(peak_rss_mib())
        if response.status_code != 200:
            raise RuntimeError(f"the export answered {response.status_code}")
    lines = response.content.decode("utf-8-sig").count("\n") if file_format == "csv" else None
    return {
        "before": before,
        "libraries": libraries,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peaks": peaks,
        "size": len(response.content),
        "lines": lines,
    }


def run_child(database_url: str, campaign: int, file_format: str) -> dict:
    command = [sys.executable, __file__, "--database-url", database_url]
    command += ["--measure", f"{campaign}.{file_format}"]
    finished = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(finished.stdout.splitlines()[-1])


def status_mib(pid: int, field: str) -> float:
    """A field of /proc/<pid>/status in MiB: VmRSS now, VmHWM the peak so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def serve(args, campaign: int, file_format: str) -> dict:
    """A fresh gunicorn serves the export twice per worker; its workers' memory before
    and at their peak, and the latencies."""
    with common.gunicorn(args.database_url, args.workers) as server:
        cookie = common.session_cookie()
        for _request in range(3 * args.workers):  # every worker has likely loaded the app
            common.get(server.port, "/healthz/live/", cookie)
        workers = [worker.pid for worker in server.workers()]
        idle = max(status_mib(pid, "VmRSS") for pid in workers)
        run = common.load(
            server.port,
            f"/campaigns/{campaign}/results.{file_format}",
            cookie,
            2 * args.workers,
            1,
            600,
        )
        if run["errors"]:
            raise RuntimeError(f"the export answered {run['errors']}:\n{server.log_tail()}")
        peak = max(status_mib(pid, "VmHWM") for pid in workers)
    return {"idle": idle, "peak": peak, "latencies": run["latencies"]}


def spread(values: list[float]) -> str:
    return f"{common.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def markdown(args, campaigns, built, children, served, elapsed) -> str:
    small, large = min(campaigns), max(campaigns)
    lines = common.heading(
        f"CSV and XLSX exports at {small:,} and {large:,} responses", args.workers
    )
    for size in campaigns:
        origin = f"built in {built[size]:,.0f} s" if built[size] else "reused from an earlier run"
        lines.append(
            f"| data, {size:,} responses | {args.teams} leaf teams (+ divisions), "
            f"campaign {campaigns[size]}, {origin} |"
        )
    lines += [
        f"| duration | {elapsed / 60:.1f} min |",
        "",
        f"Built through the view with Django's test Client, in {args.repeat} fresh processes "
        "per export, each building it twice after importing pandas and openpyxl (which the "
        "export imports lazily); median (min–max) of the processes. "
        "*Before* is the process with Django loaded; *libraries* after importing pandas and "
        "openpyxl; *peak* the process's peak RSS (`ru_maxrss`) after each build.",
        "",
        "| export | responses | size | rows | 1st build, s | 2nd build, s | CPU 1st / 2nd, s "
        "| before, MiB | libraries, MiB | peak 1st / 2nd, MiB | increase over libraries, MiB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]

    def median(case, key, index=None):
        values = [c[key] if index is None else c[key][index] for c in children[case]]
        return common.median(values)

    for file_format in FORMATS:
        for size in campaigns:
            case = size, file_format
            first = children[case][0]
            rows = f"{first['lines'] - 1:,}" if first["lines"] else "–"
            lines.append(
                f"| {file_format.upper()} | {size:,} | {first['size'] / 1024:,.0f} KiB | {rows} "
                f"| {spread([c['seconds'][0] for c in children[case]])} "
                f"| {spread([c['seconds'][1] for c in children[case]])} "
                f"| {median(case, 'cpu_seconds', 0):.2f} / {median(case, 'cpu_seconds', 1):.2f} "
                f"| {median(case, 'before'):.0f} | {median(case, 'libraries'):.0f} "
                f"| {median(case, 'peaks', 0):.0f} / {median(case, 'peaks', 1):.0f} "
                f"| +{median(case, 'peaks', 1) - median(case, 'libraries'):.0f} |"
            )
    lines += [
        "",
        f"Goal: peak at {large:,} responses at most {PEAK_GOAL} times the peak at {small:,}.",
        "",
        f"| export | peak {large:,} / {small:,} (process) | increase {large:,} / {small:,} "
        f"| goal ≤ {PEAK_GOAL} |",
        "|---|--:|--:|---|",
    ]
    for file_format in FORMATS:
        small_case, large_case = (small, file_format), (large, file_format)
        ratio = median(large_case, "peaks", 1) / median(small_case, "peaks", 1)
        small_increase = median(small_case, "peaks", 1) - median(small_case, "libraries")
        large_increase = median(large_case, "peaks", 1) - median(large_case, "libraries")
        increase = f"{large_increase / small_increase:.2f}" if small_increase > 0 else "–"
        lines.append(
            f"| {file_format.upper()} | {ratio:.2f} | {increase} "
            f"| {'met' if ratio <= PEAK_GOAL else '**not met**'} |"
        )
    lines += [
        "",
        f"Served by a fresh gunicorn ({args.workers} workers) per export, {2 * args.workers} "
        "requests one after another (a worker's first export also imports pandas and openpyxl: "
        "the max): the largest worker's RSS before (after a few requests to `/healthz/live/`) "
        "and the largest peak (VmHWM) after serving the exports.",
        "",
        "| export | responses | latency median (min–max), s | worker RSS before, MiB "
        "| worker peak, MiB |",
        "|---|--:|--:|--:|--:|",
    ]
    for file_format in FORMATS:
        for size in campaigns:
            run = served[size, file_format]
            lines.append(
                f"| {file_format.upper()} | {size:,} | {spread(run['latencies'])} "
                f"| {run['idle']:.0f} | {run['peak']:.0f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=300)
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per export")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        campaign, file_format = args.measure.split(".")
        print(json.dumps(measure(args.database_url, int(campaign), file_format)))
        return
    started = time.perf_counter()
    common.setup(args.database_url)
    campaigns, built = {}, {}
    for size in sorted(args.sizes):
        campaigns[size], built[size] = common.demo_campaign(args.teams, size)
    children, served = {}, {}
    for file_format in FORMATS:
        for size, campaign in campaigns.items():
            print(f"{file_format.upper()} of {size:,} responses…", file=sys.stderr)
            children[size, file_format] = [
                run_child(args.database_url, campaign, file_format) for _n in range(args.repeat)
            ]
            served[size, file_format] = serve(args, campaign, file_format)
    text = markdown(args, campaigns, built, children, served, time.perf_counter() - started)
    print(text)
    if args.write:
        common.write_section("exports", text)


if __name__ == "__main__":
    main()
