"""How long the CSV and XLSX exports take, and how much memory building them needs.

The exports of the two campaigns of bench/reports.py (300 teams; 1,000 and 100,000 team
responses, built once in the benchmark database and reused). The background worker builds
exports; here each is built by the worker's own task in ``--repeat`` fresh processes, so the
peak memory (VmHWM, counted again after the imports) is that of one export. Each process
imports pandas and openpyxl first (the export imports them lazily; their memory is shown
apart), then builds the export twice: the first build also pays for the libraries' own lazy
imports.

    .venv/bin/python bench/exports.py [--repeat 3] [--write]

Goal (PRODUCT.md, "Scale and speed"): the peak memory at 100,000 responses at most 1.5 times
that at 1,000.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import common

FORMATS = ("csv", "xlsx")
PEAK_GOAL = 1.5


def status_mib(field: str) -> float:
    """A field of this process's /proc status in MiB: VmRSS now, VmHWM the peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def reset_peak() -> None:
    """Start VmHWM again from the memory in use now (Linux 4.0 and later): importing the
    worker's modules peaks higher than an export, and would hide it."""
    Path("/proc/self/clear_refs").write_text("5")


def measure(database_url: str, campaign: int, file_format: str) -> dict:
    """Runs in the child: build one export twice with the worker's task; time and memory."""
    common.setup_django(database_url)
    from accounts.models import User
    from reports.models import ResultsExport
    from reports.tasks import build_results_export

    user = User.objects.get(email=common.DEMO_EMAIL)
    before = status_mib("VmRSS")
    import openpyxl  # noqa: F401  # what the first export imports, measured apart
    import pandas  # noqa: F401

    libraries = status_mib("VmRSS")
    reset_peak()
    seconds, cpu_seconds, peaks = [], [], []
    for _build in range(2):
        export = ResultsExport.objects.create(
            campaign_id=campaign, requested_by=user, file_format=file_format, language="en"
        )
        started, cpu_started = time.perf_counter(), time.process_time()
        build_results_export.call(export.pk)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        peaks.append(status_mib("VmHWM"))
    content = bytes(ResultsExport.objects.get(pk=export.pk).content)
    export.delete()
    lines = content.decode("utf-8-sig").count("\n") if file_format == "csv" else None
    return {
        "before": before,
        "libraries": libraries,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peaks": peaks,
        "size": len(content),
        "lines": lines,
    }


def run_child(database_url: str, campaign: int, file_format: str) -> dict:
    command = [sys.executable, __file__, "--database-url", database_url]
    command += ["--measure", f"{campaign}.{file_format}"]
    finished = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(finished.stdout.splitlines()[-1])


def spread(values: list[float]) -> str:
    return f"{common.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def markdown(args, campaigns, built, children, elapsed) -> str:
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
        f"Built by the worker's task (`build_results_export`), in {args.repeat} fresh processes "
        "per export, each building it twice after importing pandas and openpyxl (which the "
        "export imports lazily); median (min–max) of the processes. "
        "*Before* is the RSS of the process with Django and the worker's task modules loaded; "
        "*libraries* after importing pandas and openpyxl; *peak* the process's peak RSS "
        "(VmHWM, counted again from *libraries* on) after each build.",
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
    children = {}
    for file_format in FORMATS:
        for size, campaign in campaigns.items():
            print(f"{file_format.upper()} of {size:,} responses…", file=sys.stderr)
            children[size, file_format] = [
                run_child(args.database_url, campaign, file_format) for _n in range(args.repeat)
            ]
    text = markdown(args, campaigns, built, children, time.perf_counter() - started)
    print(text)
    if args.write:
        common.write_section("exports", text)


if __name__ == "__main__":
    main()
