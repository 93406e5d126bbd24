"""How long the PDF reports take to render, and how much memory they need.

Measures (1) the demo leader's gap report (``leader_pdf``) and (2) the PDF of a whole
organisation's campaign (``organisation_pdf``), by default of 50 and of 500 teams with 40
team responses each.

Run it from the repository root:

    .venv/bin/python bench/pdf.py [--teams 50 500] [--per-team 40] [--repeat 3] [--write]

It builds the data in a throw-away SQLite database in a temporary directory, or in the
database DATABASE_URL names (which keeps the benchmark organisation for the next run, and
resets the demo account as ``manage.py demo`` does). Each measurement runs in a fresh child
process, so the peak memory is that of one report, not of everything rendered before it.
The child renders the report twice, because the first rendering also loads the fonts. The
script prints a Markdown table to paste into the README; ``--write`` also puts it in its
section of docs/benchmarks.md.
"""

import argparse
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ("leader", "organisation")


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxlab.settings")
    import django

    django.setup()


def organisation_name(teams: int, responses: int) -> str:
    return f"Bench {teams} teams {responses} responses"


def build(sizes: list[tuple[int, int]]) -> None:
    """The framework, the demo leader and a benchmark organisation of each (teams,
    responses), as the README sets up."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("loaddata", "six_pillars", verbosity=0)
    call_command("demo", verbosity=0, stdout=io.StringIO())
    for teams, responses in sizes:
        call_command(
            "demo_organisation",
            name=organisation_name(teams, responses),
            teams=teams,
            responses=responses,
            seed=1,
            verbosity=0,
            stdout=io.StringIO(),
        )


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes there, KiB here


def measure(report: str, teams: int, responses: int) -> dict:
    """Runs in the child: render ``report`` twice and say how long and how much memory."""
    setup_django()
    import weasyprint  # noqa: F401  # its import is not part of the rendering

    from assessments.management.commands.demo import DEMO_EMAIL
    from assessments.models import SelfAssessment
    from campaigns.models import Campaign
    from campaigns.publishing import latest_publication
    from organisations.branding import branding
    from reports.pdf import leader_pdf, organisation_pdf

    if report == "leader":
        assessment = SelfAssessment.objects.submitted().get(leader__email=DEMO_EMAIL)
        brand = branding(None, inline=True)

        def render() -> bytes:
            return leader_pdf(assessment, brand, "en")
    else:
        campaign = Campaign.objects.select_related("organisation", "framework").get(
            organisation__name=organisation_name(teams, responses)
        )
        brand = branding(campaign.organisation, inline=True)
        publication = latest_publication(campaign)

        def render() -> bytes:
            return organisation_pdf(campaign, publication, brand, "en", lambda done, steps: None)

    setup_mib = peak_rss_mib()
    seconds, cpu_seconds, peaks = [], [], []
    for _rendering in range(2):
        started, cpu_started = time.perf_counter(), time.process_time()
        pdf = render()
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        peaks.append(peak_rss_mib())

    import pypdf

    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return {
        "setup": setup_mib,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peaks": peaks,
        "size": len(pdf),
        "pages": pages,
    }


def run_child(report: str, teams: int, responses: int) -> dict:
    command = [sys.executable, __file__, "--measure", report]
    command += ["--teams", str(teams), "--responses", str(responses)]
    finished = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(finished.stdout.splitlines()[-1])


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def row(title: str, children: list[dict]) -> str:
    """One report's line: the children's medians, and the spread of the wall-clock times."""

    def median(key: str, rendering: int) -> float:
        return statistics.median(child[key][rendering] for child in children)

    before = statistics.median(child["setup"] for child in children)
    increase = statistics.median(child["peaks"][0] - child["setup"] for child in children)
    pdf = children[0]
    return (
        f"| {title} | {pdf['pages']} | {pdf['size'] / 1024:,.0f} KiB "
        f"| {spread([child['seconds'][0] for child in children])} "
        f"| {spread([child['seconds'][1] for child in children])} "
        f"| {median('cpu_seconds', 0):.2f} / {median('cpu_seconds', 1):.2f} | {before:.0f} "
        f"| {median('peaks', 0):.0f} (+{increase:.0f}) / {median('peaks', 1):.0f} |"
    )


def database() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    return connection.display_name


def table(args, runs: dict[tuple, list[dict]]) -> str:
    import weasyprint

    lines = [
        "| | |",
        "|---|---|",
        f"| command | `.venv/bin/python bench/pdf.py --teams {' '.join(map(str, args.teams))} "
        f"--per-team {args.per_team} --repeat {args.repeat}` |",
        f"| machine | {common.cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} |",
        f"| software | Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}, "
        f"{database()} |",
        "",
        f"Each figure is the median (and min–max) of {args.repeat} fresh processes, each of which",
        "renders the report twice; CPU is the process's own time, which other load disturbs less.",
        "",
        "| report | pages | size | 1st render, s | 2nd render, s | CPU, 1st / 2nd, s "
        "| RSS before, MiB | peak RSS, 1st (increase) / 2nd, MiB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]

    def title(report: str, teams: int, responses: int) -> str:
        if report == "leader":
            return "leader's gap report"
        return f"organisation, {teams} teams, {responses:,} responses"

    lines += [row(title(*key), children) for key, children in runs.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--per-team", type=int, default=40, help="team responses per team")
    parser.add_argument("--responses", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per report")
    parser.add_argument("--write", action="store_true", help="also write docs/benchmarks.md")
    parser.add_argument("--measure", choices=REPORTS, help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    sizes = [(teams, teams * args.per_team) for teams in args.teams]
    if args.measure:
        print(json.dumps(measure(args.measure, args.teams[0], args.responses)))
        return
    if args.build:
        setup_django()
        build(sizes)
        return
    with tempfile.TemporaryDirectory(prefix="cxlab-bench-") as directory:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{directory}/bench.sqlite3")
        started = time.perf_counter()
        # In a child of its own: a process started from a large one reports its peak memory.
        command = [sys.executable, __file__, "--build", "--per-team", str(args.per_team)]
        subprocess.run([*command, "--teams", *map(str, args.teams)], check=True)
        setup_django()
        print(f"Data ready in {time.perf_counter() - started:.1f} s.", file=sys.stderr)
        keys = [("leader", *sizes[0])] + [("organisation", *size) for size in sizes]
        runs = {}
        for key in keys:
            runs[key] = []
            for number in range(1, args.repeat + 1):
                print(f"Rendering {key}, process {number} of {args.repeat}…", file=sys.stderr)
                runs[key].append(run_child(*key))
        text = table(args, runs)
        print(text)
        if args.write:
            common.write_section("pdf", f"## PDF reports\n\n{text}")


if __name__ == "__main__":
    main()
