"""How many surveys gunicorn takes in from many respondents at once, and whether any is lost.

A fresh open campaign (``--teams`` 500, ``--surveys`` 3,000 invitations: one leader per team
and five members, the minimum group size) in the benchmark database; locust runs
``--users`` respondents at once (bench/survey_locustfile.py), each answering one invitation
end to end and then taking the next, until every invitation has submitted. Afterwards the
database is counted: responses, invitations marked responded, response counts per group and
the tallies against a GROUP BY of the stored ratings.

    .venv/bin/python bench/submissions.py [--teams 500] [--surveys 3000] [--users 50] [--write]

Goals: no error; as many responses as surveys submitted, none lost or counted twice; the
tallies equal to the stored ratings; at most 5 ms of gunicorn's CPU a request on average, at
least 15 submitted surveys a second and a p95 under 300 ms a request (issue 18).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import common

ORGANISATION = "Bench submissions"
LOCUSTFILE = Path(__file__).resolve().parent / "survey_locustfile.py"
CPU_GOAL = 0.005  # seconds of gunicorn's CPU a request, on average
SUBMISSIONS_GOAL = 15  # surveys a second
P95_GOAL = 0.3  # seconds, every request


def fresh_campaign(teams: int, surveys: int) -> tuple[int, list[str]]:
    """A new open campaign of the benchmark organisation (replacing an earlier run's) and
    its invitation links' tokens."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from campaigns.models import Campaign, CampaignState, Draft, Response, draft_key
    from campaigns.participants import Participant
    from frameworks.models import Framework
    from organisations.models import Organisation, Team

    with transaction.atomic():
        organisation, _created = Organisation.objects.get_or_create(
            name=ORGANISATION, defaults={"slug": "bench-submissions"}
        )
        for earlier in Campaign.objects.filter(organisation=organisation):
            Response.objects.filter(campaign=earlier).delete()
            earlier.delete()
        leaves = list(organisation.teams.filter(parent__isnull=False))
        if len(leaves) != teams:
            Team.objects.filter(organisation=organisation, parent__isnull=False).delete()
            Team.objects.filter(organisation=organisation).delete()
            division = Team.objects.create(organisation=organisation, name="Division")
            leaves = [
                Team.objects.create(organisation=organisation, parent=division, name=f"Team {n}")
                for n in range(1, teams + 1)
            ]
        today = timezone.localdate()
        campaign = Campaign.objects.create(
            organisation=organisation,
            framework=Framework.objects.get(slug="six-pillars", version=1),
            name=f"{ORGANISATION} {timezone.now():%Y-%m-%d %H:%M}",
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=14),
            language="en",
            state=CampaignState.OPEN,
            # The detailed survey, a component a step: the pages the goals name (a step's GET
            # and POST, the review, the submit); the short one is a single page.
            target_each_statement=True,
        )
        campaign.teams.set(organisation.teams.all())
        invitations = campaign.invite(
            Participant(
                f"person{n}@bench-submissions.example",
                "",
                leaves[n % teams],
                "self" if n < teams else "team",
            )
            for n in range(surveys)
        )
    tokens = [token for _invitation, token in invitations]
    Draft.objects.filter(key__in=[draft_key(token) for token in tokens]).delete()
    return campaign.pk, tokens


def run_locust(server, tokens: list[str], args) -> tuple[dict, float, float]:
    """locust, headless, in its own process; its results, how long it ran and its CPU time."""
    with tempfile.TemporaryDirectory(prefix="cxlab-locust-") as directory:
        links, results, log = (Path(directory) / name for name in ("tokens", "results", "log"))
        links.write_text(json.dumps(tokens))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        with log.open("w") as output:
            subprocess.run(
                [
                    *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless"),
                    *("--host", server.base_url, "--users", str(args.users)),
                    *("--spawn-rate", str(args.users), "--run-time", f"{args.max_minutes}m"),
                    *("--only-summary", "--loglevel", "WARNING"),
                ],
                env={**os.environ, "BENCH_TOKENS": str(links), "BENCH_RESULTS": str(results)},
                stdout=output,
                stderr=subprocess.STDOUT,
                check=False,  # locust exits with 1 when a request failed: counted below
            )
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if not results.exists():
            raise RuntimeError(f"locust wrote no results:\n{log.read_text()[-3000:]}")
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return json.loads(results.read_text()), elapsed, cpu


def gunicorn_cpu(server) -> float:
    """CPU seconds of gunicorn's master and workers so far."""
    import psutil

    total = 0.0
    for process in [psutil.Process(server.process.pid), *server.workers()]:
        times = process.cpu_times()
        total += times.user + times.system
    return total


def database_counts(campaign: int, tokens: list[str]) -> dict:
    """What the database holds after the run, to compare with what locust submitted."""
    from django.db.models import Count, Sum

    from campaigns.models import (
        Campaign,
        ComponentSum,
        Draft,
        GroupCount,
        Invitation,
        RatingTally,
        Response,
        StatementSum,
        draft_key,
        release_sealed,
    )
    from frameworks.models import Statement

    # Release every sealed answer, as closing the campaign would.
    release_sealed(Campaign.objects.get(pk=campaign), everything=True)
    responses = Response.objects.filter(campaign=campaign)
    invitations = Invitation.objects.filter(campaign=campaign)
    per_group = defaultdict(dict)
    for source, rows in (
        ("responses", responses.values_list("team", "rater_role").annotate(n=Count("pk"))),
        (
            "invitations",
            invitations.filter(responded=True)
            .values_list("team", "rater_role")
            .annotate(n=Count("pk")),
        ),
        (
            "group counts",
            GroupCount.objects.filter(campaign=campaign).values_list(
                "team", "rater_role", "responses"
            ),
        ),
    ):
        for team, role, n in rows:
            per_group[team, role][source] = n
    statements = Statement.objects.filter(component__framework__slug="six-pillars").count()
    tallies_equal = True
    for state in ("current", "target"):
        stored = {
            (team, role, statement, value): n
            for team, role, statement, value, n in stored_rating_counts(campaign, state)
        }
        tallied = {
            (team, role, statement, value): n
            for team, role, statement, value, n in RatingTally.objects.filter(
                campaign=campaign, state=state, count__gt=0
            ).values_list("team", "rater_role", "statement", "value", "count")
        }
        tallies_equal = tallies_equal and stored == tallied
    ratings = responses.aggregate(n=Count("ratings"))["n"]
    sums_equal = all(
        stored_sums(campaign, state, key) == kept_sums(model, campaign, state, key)
        for state in ("current", "target")
        for model, key in ((StatementSum, "statement"), (ComponentSum, "statement__component"))
    )
    return {
        "responses": responses.count(),
        "responded": invitations.filter(responded=True).count(),
        "groups_agree": all(
            len(set(sources.values())) == 1 and len(sources) == 3 for sources in per_group.values()
        ),
        "incomplete": responses.annotate(n=Count("ratings")).exclude(n=statements).count(),
        "ratings": ratings,
        "tallied": RatingTally.objects.filter(campaign=campaign).aggregate(n=Sum("count"))["n"],
        "tallies_equal": tallies_equal,
        "sums_equal": sums_equal,
        "drafts_left": Draft.objects.filter(key__in=[draft_key(t) for t in tokens]).count(),
    }


def stored_sums(campaign: int, state: str, key: str) -> dict:
    """The stored ratings of one state summed per group and statement or component."""
    from django.db.models import Count, Sum

    from campaigns.models import ResponseRating

    rows = (
        ResponseRating.objects.filter(response__campaign=campaign, **{f"{state}__isnull": False})
        .values_list("response__team", "response__rater_role", key)
        .annotate(total=Sum(state), n=Count("pk"))
    )
    return {(team, role, pk): (total, n) for team, role, pk, total, n in rows}


def kept_sums(model, campaign: int, state: str, key: str) -> dict:
    """The sums the submissions kept, per group and statement or component."""
    rows = model.objects.filter(campaign=campaign, state=state, ratings__gt=0).values_list(
        "team", "rater_role", key.split("__")[-1], "total", "ratings"
    )
    return {(team, role, pk): (total, n) for team, role, pk, total, n in rows}


def stored_rating_counts(campaign: int, state: str):
    """The stored ratings of one state counted per group, statement and value (GROUP BY)."""
    from django.db.models import Count

    from campaigns.models import ResponseRating

    return (
        ResponseRating.objects.filter(response__campaign=campaign, **{f"{state}__isnull": False})
        .values_list("response__team", "response__rater_role", "statement", state)
        .annotate(n=Count("pk"))
    )


def markdown(args, campaign, results, elapsed, locust_cpu, server_cpu, counts, duration) -> str:
    ms = common.milliseconds
    requests = results["requests"]
    window = results["finished"] - results["started"]
    errors = [name for name, _ms, ok in requests if not ok]
    submitted = results["submitted"]
    p95 = common.percentile([m / 1000 for _n, m, _ok in requests], 0.95)
    lines = common.heading(f"{args.users} respondents at once", args.workers)
    lines += [
        f"| data | campaign {campaign}: {args.teams} teams, {args.surveys:,} invitations "
        f"({args.teams} leaders, the rest team members), framework six pillars "
        "(6 steps, 52 statements rated now and target) |",
        f"| load | locust {args.users} users (FastHttpUser), spawn rate {args.users}/s, no wait "
        "between pages; "
        "each user answers one invitation after another; static files not fetched |",
        f"| CPU used | gunicorn {server_cpu:,.0f} s ({ms(server_cpu / len(requests))} ms a "
        f"request), locust {locust_cpu:,.0f} s, in {window:,.0f} s on {os.cpu_count()} cores "
        "(PostgreSQL not counted) |",
        f"| duration | {duration / 60:.1f} min (the load itself {elapsed:,.0f} s) |",
        "",
        "| surveys submitted | failed | requests | errors | submissions/s | requests/s "
        "| p95, every request |",
        "|--:|--:|--:|--:|--:|--:|--:|",
        f"| {submitted:,} | {results['failed']} | {len(requests):,} | {len(errors)} "
        f"| {submitted / window:,.1f} | {len(requests) / window:,.1f} "
        f"| {ms(p95)} ms |",
        "",
        "| goal | measured | |",
        "|---|--:|---|",
        *(
            f"| {goal} | {measured} | {'met' if met else '**not met**'} |"
            for goal, measured, met in (
                (
                    f"gunicorn's CPU a request ≤ {CPU_GOAL * 1000:.0f} ms",
                    f"{ms(server_cpu / len(requests))} ms",
                    server_cpu / len(requests) <= CPU_GOAL,
                ),
                (
                    f"submitted surveys a second ≥ {SUBMISSIONS_GOAL}",
                    f"{submitted / window:,.1f}",
                    submitted / window >= SUBMISSIONS_GOAL,
                ),
                (f"p95, every request < {P95_GOAL * 1000:.0f} ms", f"{ms(p95)} ms", p95 < P95_GOAL),
            )
        ),
        "",
        "Latency per request type, in ms, as locust saw it:",
        "",
        "| request | count | median | p95 | max | errors |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    by_name = defaultdict(list)
    for name, milliseconds, _ok in requests:
        by_name[name].append(milliseconds / 1000)
    for name, seconds in by_name.items():
        lines.append(
            f"| {name} | {len(seconds):,} | {ms(common.median(seconds))} "
            f"| {ms(common.percentile(seconds, 0.95))} | {ms(max(seconds))} "
            f"| {errors.count(name)} |"
        )
    lost = not (counts["responses"] == counts["responded"] == submitted)
    lines += [
        "",
        "Counted in the database afterwards:",
        "",
        "| check | found | goal |",
        "|---|---|---|",
        f"| responses = invitations marked responded = surveys submitted "
        f"| {counts['responses']:,} = {counts['responded']:,} = {submitted:,} "
        f"| {'met' if not lost else '**not met**'} |",
        f"| per team and role: responses = invitations responded = group count "
        f"| {'equal' if counts['groups_agree'] else '**differ**'} "
        f"| {'met' if counts['groups_agree'] else '**not met**'} |",
        f"| responses without all their ratings | {counts['incomplete']} "
        f"| {'met' if not counts['incomplete'] else '**not met**'} |",
        f"| tallies = GROUP BY of the stored ratings | {counts['tallied']:,} tallied, "
        f"{counts['ratings']:,} rating rows (×2 states); "
        f"{'equal' if counts['tallies_equal'] else '**differ**'} "
        f"| {'met' if counts['tallies_equal'] else '**not met**'} |",
        f"| sums by statement and by component = GROUP BY of the stored ratings "
        f"| {'equal' if counts['sums_equal'] else '**differ**'} "
        f"| {'met' if counts['sums_equal'] else '**not met**'} |",
        f"| drafts left behind by submitted surveys | {counts['drafts_left']} "
        f"| {'met' if counts['drafts_left'] == results['failed'] else '**not met**'} |",
        f"| errors | {len(errors)} | {'met' if not errors else '**not met**'} |",
    ]
    if results["failures"]:
        lines += ["", "First failures: " + "; ".join(sorted(set(results["failures"]))[:5])]
    return "\n".join(lines)


def main() -> None:
    parser = common.arguments(__doc__.splitlines()[0])
    parser.add_argument("--surveys", type=int, default=3000, help="invitations to answer")
    parser.add_argument("--users", type=int, default=50, help="respondents at once")
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--max-minutes", type=int, default=30, help="stop locust after this")
    args = parser.parse_args()

    started = time.perf_counter()
    common.setup(args.database_url)
    campaign, tokens = fresh_campaign(args.teams, args.surveys)
    with common.gunicorn(args.database_url, args.workers) as server:
        print(f"{args.users} respondents answering {args.surveys} surveys…", file=sys.stderr)
        cpu_before = gunicorn_cpu(server)
        results, elapsed, locust_cpu = run_locust(server, tokens, args)
        server_cpu = gunicorn_cpu(server) - cpu_before
    counts = database_counts(campaign, tokens)
    text = markdown(
        args,
        campaign,
        results,
        elapsed,
        locust_cpu,
        server_cpu,
        counts,
        time.perf_counter() - started,
    )
    print(text)
    if args.write:
        common.write_section("submissions", text)


if __name__ == "__main__":
    main()
