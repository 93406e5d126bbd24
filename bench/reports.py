"""Whether a report page costs the same at 10,000 team responses as at 100,000.

Two campaigns of 500 teams (``manage.py demo_organisation``, built once in the benchmark
database and reused), served by gunicorn as in production. Both sizes should show every
team (the data rows say how many leaf teams have at least the minimum group size): at 1,000
responses most teams are below it and held back, so the organisation report would show far
fewer teams, a different page rather than the same one at more responses (``--sizes 1000
100000`` measures that too). Reports keep their figures in the cache per publication
(``reports/cached.py``): the warm-up requests work them out in each gunicorn worker, and the
query counts show the first request's and the next one's.
For each: the latency of the organisation report and of one leaf team's report,
``--requests`` one after another (the two sizes taken in turn, so that both meet the same
disturbances from the rest of the machine) and then as many from ``--concurrency`` clients
at once, beside ``/healthz/live/`` (a Django view with no database) as the yardstick; and
the query count of every report page, counted in this process with Django's test Client
against the same database.

    .venv/bin/python bench/reports.py [--requests 1000] [--concurrency 4] [--write]

Goals (issue 18): each page's latency at 100,000 responses at most 1.1 times that at
10,000; p95 at 100,000 with one client at most 100 ms for the organisation report and 50 ms
for a team report; at least 40 organisation reports a second from 4 clients; and the same
query count at both sizes.
"""

import sys
import time

import common

YARDSTICK = "/healthz/live/"
GROWTH_GOAL = 1.1
P95_GOALS = {"organisation report": 0.1, "team report": 0.05}  # seconds, one client
THROUGHPUT_GOAL = 40  # organisation reports a second, from --concurrency clients


def leaf_team(campaigns: dict[int, int]) -> dict[int, tuple[int, str, int]]:
    """The same leaf team (by name) in every campaign: the one with the most team responses
    in the smallest, so that its report is shown, not held back; (id, name, responses)."""
    from campaigns.models import GroupCount
    from organisations.models import Team

    smallest = campaigns[min(campaigns)]
    busiest = (
        GroupCount.objects.filter(campaign=smallest, rater_role="team")
        .order_by("-responses", "team__path")
        .values_list("team__name", flat=True)
        .first()
    )
    chosen = {}
    for size, campaign in campaigns.items():
        team = Team.objects.get(campaigns=campaign, name=busiest, parent__isnull=False)
        counted = GroupCount.objects.filter(campaign=campaign, team=team, rater_role="team")
        chosen[size] = (team.pk, team.name, counted.values_list("responses", flat=True).first())
    return chosen


def large_enough(campaign: int) -> int:
    """Leaf teams with at least the minimum group size of team responses: below it a team
    is held back, and a report has less to work out for it."""
    from campaigns.models import Campaign, GroupCount

    minimum = Campaign.objects.get(pk=campaign).minimum_group_size
    return GroupCount.objects.filter(
        campaign=campaign, rater_role="team", team__parent__isnull=False, responses__gte=minimum
    ).count()


def report_pages(campaign: int, team: int) -> dict[str, str]:
    return {
        "campaign page": f"/campaigns/{campaign}/",
        "team report": f"/campaigns/{campaign}/teams/{team}/",
        "organisation report": f"/campaigns/{campaign}/organisation/",
        "participants": f"/campaigns/{campaign}/participants/",
        "exports page": f"/campaigns/{campaign}/exports/",
    }


def count_queries(pages: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Each page's queries at its first request (the reports work out their figures, after
    a request to the campaign page has warmed Django's own caches: content types, sessions)
    and at the next one (the reports read them from the cache)."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = common.demo_client()
    client.get(next(iter(pages.values())))
    caches["reports"].clear()
    counts = {}
    for page, path in pages.items():
        found = []
        for _time in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered {response.status_code}")
            found.append(len(queries))
        counts[page] = tuple(found)
    return counts


def measure(server, paths: list[str], cookie: str, args) -> dict[str, dict]:
    """Warm up; then ``--requests`` of each path one after another, the paths taken in
    turn so that both sizes meet the same disturbances; then ``--requests`` of each path
    alone from ``--concurrency`` clients at once."""
    warm = common.alternate(server.port, paths, cookie, args.warmup, 1, args.max_seconds)
    if any(run["errors"] for run in warm.values()):
        raise RuntimeError(f"{paths} answered {warm}:\n{server.log_tail()}")
    runs = {path: {"size": common.get(server.port, path, cookie)[2]} for path in paths}
    print(f"  {', '.join(paths)}, one at a time…", file=sys.stderr)
    sequential = common.alternate(
        server.port, paths, cookie, args.requests, 1, args.max_seconds * len(paths)
    )
    for path in paths:
        runs[path][1] = sequential[path]
        print(f"  {path} at concurrency {args.concurrency}…", file=sys.stderr)
        runs[path][args.concurrency] = common.load(
            server.port, path, cookie, args.requests, args.concurrency, args.max_seconds
        )
    return runs


def summary(run: dict) -> tuple[float, float]:
    return common.median(run["latencies"]), common.percentile(run["latencies"], 0.95)


def latency_row(page: str, size: str, runs: dict, yardstick: float, concurrency: int) -> str:
    ms = common.milliseconds
    sequential, together = runs[1], runs[concurrency]
    median, p95 = summary(sequential)
    together_median, together_p95 = summary(together)
    errors = len(sequential["errors"]) + len(together["errors"])
    return (
        f"| {page} | {size} | {runs['size'] / 1024:,.0f} | {ms(median)} | {ms(p95)} "
        f"| {median / yardstick:,.0f}× | {sequential['requests']} | {ms(together_median)} "
        f"| {ms(together_p95)} | {together['per_second']:,.1f} | {together['requests']} "
        f"| {errors} |"
    )


def markdown(args, teams, campaigns, built, latencies, queries, elapsed) -> str:
    small, large = min(campaigns), max(campaigns)
    lines = common.heading(f"Report pages at {small:,} and {large:,} responses", args.workers)
    for size in campaigns:
        origin = (
            f"built in {built[size]:,.0f} s by `manage.py demo_organisation`"
            if built[size]
            else "reused from an earlier run"
        )
        lines.append(
            f"| data, {size:,} responses | {args.teams} leaf teams (+ divisions), "
            f"{large_enough(campaigns[size])} of them with at least the minimum group size; "
            f"campaign {campaigns[size]}, {origin}; team report of {teams[size][1]} "
            f"({teams[size][2]} team responses) |"
        )
    lines.append(f"| duration | {elapsed / 60:.1f} min |")
    yardstick = latencies["yardstick"]
    yard_median, _p95 = summary(yardstick[1])
    c = args.concurrency
    lines += [
        "",
        f"Latency seen by the client, in ms, after {args.warmup} warm-up requests: "
        f"{args.requests} requests of each size one after another, the two sizes in turn "
        f"(stopping early after {args.max_seconds:.0f} s per size; *n* says how many ran), "
        f"then {args.requests} from {c} clients at once, each size alone. "
        f"× yardstick is the median over that of `{YARDSTICK}` "
        f"({common.milliseconds(yard_median)} ms), a Django view without database.",
        "",
        f"| page | responses | KiB | median | p95 | × yardstick | n | median at {c} | p95 at {c} "
        f"| req/s at {c} | n at {c} | errors |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        latency_row(f"`{YARDSTICK}`", "–", yardstick, yard_median, c),
    ]
    for page in ("organisation report", "team report"):
        for size in campaigns:
            lines.append(latency_row(page, f"{size:,}", latencies[page, size], yard_median, c))
    lines += [
        "",
        f"Goals: median and p95 at {large:,} responses at most {GROWTH_GOAL} times those at "
        f"{small:,}; p95 at {large:,} (one client at a time) at most "
        + " and ".join(f"{ms * 1000:.0f} ms for the {page}" for page, ms in P95_GOALS.items())
        + f"; at least {THROUGHPUT_GOAL} organisation reports a second from {c} clients.",
        "",
        f"| page | median {large:,} / {small:,} | p95 {large:,} / {small:,} "
        f"| growth ≤ {GROWTH_GOAL} | p95 at {large:,} | p95 goal | req/s at {c}, {large:,} |",
        "|---|--:|--:|---|--:|---|--:|",
    ]
    for page in ("organisation report", "team report"):
        small_median, small_p95 = summary(latencies[page, small][1])
        large_median, large_p95 = summary(latencies[page, large][1])
        growth = max(large_median / small_median, large_p95 / small_p95)
        per_second = min(latencies[page, size][c]["per_second"] for size in campaigns)
        throughput = f"{per_second:,.1f}"
        if page == "organisation report":
            met = per_second >= THROUGHPUT_GOAL
            throughput += f" (≥ {THROUGHPUT_GOAL}: {'met' if met else '**not met**'})"
        lines.append(
            f"| {page} | {large_median / small_median:.2f} | {large_p95 / small_p95:.2f} "
            f"| {'met' if growth <= GROWTH_GOAL else '**not met**'} "
            f"| {common.milliseconds(large_p95)} ms "
            f"| ≤ {P95_GOALS[page] * 1000:.0f} ms: "
            f"{'met' if large_p95 <= P95_GOALS[page] else '**not met**'} | {throughput} |"
        )
    lines += [
        "",
        "Queries per page, counted in-process (Django's test Client and "
        "`CaptureQueriesContext`): at the first request, when a report works out its "
        "publication's figures, and at the next, when it reads them from the cache; goal: "
        "the same at both sizes.",
        "",
        f"| page | first, {small:,} | next, {small:,} | first, {large:,} | next, {large:,} "
        "| same |",
        "|---|--:|--:|--:|--:|---|",
    ]
    for page in queries[small]:
        (small_first, small_next), (large_first, large_next) = (
            queries[small][page],
            queries[large][page],
        )
        same = queries[small][page] == queries[large][page]
        lines.append(
            f"| {page} | {small_first} | {small_next} | {large_first} | {large_next} "
            f"| {'yes' if same else '**no**'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--sizes", type=int, nargs=2, default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=1000, help="per page and concurrency")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--max-seconds", type=float, default=120, help="stop a page's run after this long"
    )
    args = parser.parse_args()

    started = time.perf_counter()
    common.setup(args.database_url)
    campaigns, built = {}, {}
    for size in sorted(args.sizes):
        campaigns[size], built[size] = common.demo_campaign(args.teams, size)
    teams = leaf_team(campaigns)

    print("Counting queries…", file=sys.stderr)
    queries = {
        size: count_queries(report_pages(campaign, teams[size][0]))
        for size, campaign in campaigns.items()
    }

    cookie = common.session_cookie()
    latencies = {}
    with common.gunicorn(args.database_url, args.workers) as server:
        latencies["yardstick"] = measure(server, [YARDSTICK], "", args)[YARDSTICK]
        for page in ("organisation report", "team report"):
            paths = {
                size: report_pages(campaign, teams[size][0])[page]
                for size, campaign in campaigns.items()
            }
            runs = measure(server, list(paths.values()), cookie, args)
            for size, path in paths.items():
                latencies[page, size] = runs[path]

    text = markdown(
        args, teams, campaigns, built, latencies, queries, time.perf_counter() - started
    )
    print(text)
    if args.write:
        common.write_section("reports", text)


if __name__ == "__main__":
    main()
