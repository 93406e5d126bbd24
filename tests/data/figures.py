"""Every report figure cxlab computes from a database, as JSON: the check that the
restructuring (models moved from ``assessments`` to ``organisations``, ``campaigns`` and
``actions``) left the figures as they were.

The port of the dump script run on the pre-move code, which wrote ``premove_figures.json``
from ``premove.sqlite3.gz``; tests/test_migrated_figures.py runs it on that database once
migrated and compares. By hand, from the repository root:

    DATABASE_URL=sqlite:///premove.sqlite3 DJANGO_SETTINGS_MODULE=cxlab.settings \
        .venv/bin/python tests/data/figures.py figures.json

Sorted keys, Fractions as str() ("7/3", or "3" when whole), None as null, natural
identifiers only (component key, "component_key/statement_key", team names joined by
" > ", campaign name, leader e-mail + started_at isoformat).

Part 1 is the only place that knows where models and report functions live; part 2 works on
the report objects only (GapReport, ComponentRow, Score, TeamResult, Change) and is the
pre-move script's, unchanged.
"""

# ---------------------------------------------------------------------------------------
# Part 1: imports and data access, the layout-dependent part.
# ---------------------------------------------------------------------------------------
import json
import os
import sys
from pathlib import Path

import django
from django.apps import apps

if not apps.ready:  # run as a plain script rather than imported into a set-up Django
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository root
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxlab.settings")
    django.setup()

from assessments.models import SelfAssessment
from campaigns.models import Campaign
from organisations.models import Team
from reports.campaign import ORGANISATION
from reports.read import assessment_report, campaign_results
from reports.waves import change, trend


def submitted_assessments():
    """(key, GapReport) for every submitted self-assessment."""
    for a in SelfAssessment.objects.submitted().select_related("leader").order_by("pk"):
        yield f"{a.leader.email} {a.started_at.isoformat()}", assessment_report(a)


def campaigns():
    return list(Campaign.objects.select_related("framework", "previous_wave").order_by("pk"))


def team_labels(campaign):
    """[(team pk, "Division 1 > Team 3")] for the campaign's teams, in path order."""
    names = dict(
        Team.objects.filter(organisation=campaign.organisation_id).values_list("pk", "name")
    )
    return [(t.pk, t.label(names)) for t in campaign.teams.order_by("path")]


PUBLISHED = {}


def published(campaign):
    """The campaign's results published once, from every response it has (reports read
    publications; the database from before had none)."""
    if campaign.pk not in PUBLISHED:
        from campaigns.publishing import publish

        PUBLISHED[campaign.pk] = publish(campaign)
    return PUBLISHED[campaign.pk]


def organisation_results(campaign):
    """What the organisation report page computes: {team pk | ORGANISATION: TeamResult}."""
    return campaign_results(campaign, published(campaign), by_component=True)


def team_result(campaign, team_pk):
    """What the team report page computes for one team."""
    return campaign_results(campaign, published(campaign), only=[team_pk], distributions=True)[
        team_pk
    ]


def statement_result(campaign, key):
    """A group's statement-level result (what reports.history.waves_context reads of
    earlier waves)."""
    return campaign_results(campaign, published(campaign), only=[key]).get(key)


def previous_wave(campaign):
    return campaign.previous_wave


def wave_names(campaign):
    return [w.name for w in campaign.waves()]


def waves(campaign):
    return campaign.waves()


# ---------------------------------------------------------------------------------------
# Part 2: turning report objects into plain JSON, layout-independent.
# ---------------------------------------------------------------------------------------
def frac(value):
    """Fraction -> str(), None -> None; anything else is a mistake worth hearing about."""
    if value is None:
        return None
    if type(value).__name__ != "Fraction":
        raise TypeError(f"expected a Fraction, got {value!r}")
    return str(value)


def score(s):
    return {"current": frac(s.current), "target": frac(s.target), "gap": frac(s.gap)}


def statement_keys(report):
    """statement pk -> "component_key/statement_key", from the report's own rows."""
    return {
        sr.statement.pk: f"{row.component.key}/{sr.statement.key}"
        for row in report.rows
        for sr in row.statements
    }


def rows(report, with_statements):
    out = []
    for row in report.rows:
        entry = {"key": row.component.key, **score(row.score)}
        if with_statements:
            entry["statements"] = [
                {"key": f"{row.component.key}/{sr.statement.key}", **score(sr.score)}
                for sr in row.statements
            ]
        out.append(entry)
    return out


def highlights(report):
    key = "{}/{}".format
    return {
        "strengths": [h.row.component.key for h in report.strengths],
        "strength_statements": [
            [key(h.row.component.key, s.statement.key) for s in h.statements]
            for h in report.strengths
        ],
        "action_areas": [h.row.component.key for h in report.action_areas],
        "action_area_statements": [
            [key(h.row.component.key, s.statement.key) for s in h.statements]
            for h in report.action_areas
        ],
        "largest_gaps": [row.component.key for row in report.largest_gaps()],
    }


def full_report(report):
    """A statement-level gap report: rows with statements, and its highlights."""
    return {"rows": rows(report, with_statements=True), **highlights(report)}


def self_scores(result):
    return {key: score(s) for key, s in result.self_scores.items()}


def org_entry(result, full):
    """One group of the organisation report (component level; ``full`` for ORGANISATION)."""
    entry = {"responses": result.responses, "shown": result.shown}
    entry["self_scores"] = self_scores(result)
    if result.shown:
        entry.update(full_report(result.report) if full else {"rows": rows(result.report, False)})
    return entry


def team_entry(result):
    entry = {
        "responses": result.responses,
        "shown": result.shown,
        "self_scores": self_scores(result),
        "perceptions": dict(result.perceptions),
    }
    if result.shown:
        keys = statement_keys(result.report)
        entry.update(full_report(result.report))
        entry["distributions"] = {
            keys[pk]: {"counts": list(d.counts), "top_share": frac(d.top_share)}
            for pk, d in result.distributions.items()
        }
    return entry


def change_entry(now_report, before_report):
    """reports.waves.change between two reports, by natural keys; None when held back."""
    moved = change(now_report, before_report)
    if moved is None:
        return None
    keys = statement_keys(now_report)
    return {
        "components": {k: frac(v) for k, v in moved.components.items()},
        "statements": {keys[pk]: frac(v) for pk, v in moved.statements.items()},
    }


def wave_entry(campaign, key, now_report):
    """What waves_context computes for one group: change since the previous wave, trend."""
    chain = waves(campaign)
    earlier = [statement_result(w, key) for w in chain[:-1]]
    reports = [r.report if r else None for r in earlier] + [now_report]
    return {
        "waves": wave_names(campaign),
        "change": change_entry(now_report, reports[-2]),
        "trend": {k: [frac(v) for v in values] for k, values in trend(reports).items()},
    }


def dump() -> dict:
    data = {"self_assessments": {}, "organisation_reports": {}, "team_reports": {}}
    data["wave_changes"] = {}
    for key, report in submitted_assessments():
        data["self_assessments"][key] = full_report(report)
    for campaign in campaigns():
        labels = team_labels(campaign)
        results = organisation_results(campaign)
        org = {label: org_entry(results[pk], full=False) for pk, label in labels}
        org[ORGANISATION] = org_entry(results[ORGANISATION], full=True)
        data["organisation_reports"][campaign.name] = org
        teams = {}
        for pk, label in labels:
            teams[label] = team_entry(team_result(campaign, pk))
        data["team_reports"][campaign.name] = teams
        if previous_wave(campaign) is not None:
            changes = {
                ORGANISATION: wave_entry(campaign, ORGANISATION, results[ORGANISATION].report)
            }
            for pk, label in labels:
                changes[label] = wave_entry(campaign, pk, team_result(campaign, pk).report)
            data["wave_changes"][campaign.name] = changes
    return data


def write(data, path):
    text = json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {path}: {len(text)} characters")


if __name__ == "__main__":
    write(dump(), sys.argv[1])
