"""The restructuring's migrations on a real database, and the report figures after them."""

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# Models that left ``assessments``, by the app they joined.
MOVED = {
    "organisations": ["organisation", "logo", "membership", "team"],
    "campaigns": [
        "campaign",
        "invitation",
        "draft",
        "comment",
        "response",
        "responserating",
        "groupcount",
        "ratingtally",
        "statementsum",
        "componentsum",
    ],
    "actions": ["action"],
}
# Rows only the migration bookkeeping writes: migrate records the migrations it applied, and
# adds the content type and permissions of a model that is new (a campaign's team scope,
# once a table without a model of its own); every other table must keep its rows.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}
# Tables of models added since the move: they start empty (the migration sums people's
# own scores, and the figures script publishes each campaign's results once, so those
# tables are not).
NEW_TABLES = {
    "campaigns_dailyanswers",
    "campaigns_participantchange",
    "campaigns_participantimport",
    "organisations_colleagueinvitation",
    "campaigns_reportinggroup",
    "campaigns_sealedresponse",
    # the log-in lock-outs' and the audit trail's
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "axes_accesslog",
    "auditlog_logentry",
}
PUBLICATION_TABLES = {
    "campaigns_scoresum",
    "campaigns_publishedscore",
    "campaigns_consistencysum",
    "campaigns_publishedconsistency",
    "campaigns_publication",
    "campaigns_publishedcell",
    "campaigns_publisheditem",
}


def row_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def content_types(path: Path) -> dict[tuple[str, str], int]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT app_label, model, id FROM django_content_type")
        return {(app, model): pk for app, model, pk in rows}


def differences(expected, actual, path="") -> list[str]:
    """Where two JSON values differ, as paths ("team_reports/Demo/Team 1/rows[2]/gap")."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = [
            f"{path}/{k}: only in {'before' if k in expected else 'after'}"
            for k in sorted(expected.keys() ^ actual.keys())
        ]
        for k in sorted(expected.keys() & actual.keys()):
            found += differences(expected[k], actual[k], f"{path}/{k}")
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(expected)} items before, {len(actual)} after"]
        found = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            found += differences(e, a, f"{path}[{i}]")
        return found
    return [] if expected == actual else [f"{path}: {expected!r} before, {actual!r} after"]


def leaves(groups: dict) -> list[str]:
    labels = [label for label in groups if label != "organisation"]
    return [label for label in labels if not any(o.startswith(label + " > ") for o in labels)]


def statement_figures(entry: dict) -> dict:
    """A team report's statement figures, by statement key, where they are shown."""
    return {
        statement["key"]: statement
        for row in entry.get("rows", [])
        for statement in row["statements"]
        if statement["current"] is not None
    }


def compared(expected: dict, actual: dict) -> tuple[int, list[str]]:
    """What must read the same as before: every self-assessment, and every statement a
    team with no team below it shows now. (Groups above read their published cells now,
    so a team too small to show is in none of their figures, where it was before, with
    another team held back to protect it; and an item rated by fewer than the minimum is
    shown nowhere now. Those are tested in test_campaign_results and test_publications.)
    Returns how many figures were compared, and the differences."""
    found = differences(expected["self_assessments"], actual["self_assessments"], "/self")
    count = len(expected["self_assessments"])
    for campaign, groups in expected["team_reports"].items():
        for label in leaves(groups):
            now = statement_figures(actual["team_reports"][campaign][label])
            before = statement_figures(groups[label])
            for key, figure in now.items():
                if key not in before:  # held back before, to protect a smaller team
                    continue
                count += 1
                found += differences(before.get(key), figure, f"/{campaign}/{label}/{key}")
    return count, found


def test_premove_database_migrates_to_the_same_figures(tmp_path):
    """The database `make run` built before the move, migrated by the new code, gives the
    report figures the old code gave (those of ``compared``), with no row lost and the content
    types (which permissions and admin log entries point at) following the models to their
    new apps.

    SQLite only, in subprocesses: the test database (PostgreSQL or not) is never touched."""
    database = tmp_path / "premove.sqlite3"
    with gzip.open(DATA / "premove.sqlite3.gz") as packed, open(database, "wb") as out:
        shutil.copyfileobj(packed, out)
    counts_before = row_counts(database)
    types_before = content_types(database)
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "cxlab.settings",
    }

    def run(*args):
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
        )

    migrated = run("manage.py", "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    out = tmp_path / "figures.json"
    dumped = run("tests/data/figures.py", str(out))
    assert dumped.returncode == 0, dumped.stdout + dumped.stderr

    expected = json.loads((DATA / "premove_figures.json").read_text(encoding="utf-8"))
    actual = json.loads(out.read_text(encoding="utf-8"))
    count, found = compared(expected, actual)
    assert count > 800  # statements of teams shown before and now, on the stored database
    if found:
        raise AssertionError(f"{len(found)} figures differ, first:\n" + "\n".join(found[:20]))

    counts_after = row_counts(database)
    assert counts_after.keys() == counts_before.keys() | NEW_TABLES | PUBLICATION_TABLES
    assert [counts_after[t] for t in NEW_TABLES] == [0] * len(NEW_TABLES)
    assert counts_after["campaigns_publication"] == len(expected["team_reports"])
    changed = {
        t: (counts_before[t], counts_after[t])
        for t in counts_before
        if t not in BOOKKEEPING | {"sqlite_sequence"} and counts_before[t] != counts_after[t]
    }
    assert not changed, f"rows before, after: {changed}"

    types_after = content_types(database)
    for app, models in MOVED.items():
        for model in models:
            assert ("assessments", model) not in types_after
            # The same row, relabelled: what points at it still does.
            assert types_after[app, model] == types_before["assessments", model], model
