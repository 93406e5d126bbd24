"""CSV and XLSX exports of a campaign's aggregated results, under the confidentiality rules.

One row per team and statement, plus one per team and component. A team held back by the
confidentiality rules gets a single row saying so, the same as a team with no response.
pandas and openpyxl are imported here only, when an export is asked for.
"""

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from organisations import access
from reports.campaign import report_rows
from reports.numbers import exported as number
from reports.numbers import percent
from reports.read import campaign_results, group_comments

# A spreadsheet runs text that starts with these as a formula ("CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """Text a spreadsheet would run as a formula (spaces before the sign too), made plain
    text with a leading quote."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


SCALE_COLUMNS = ("1", "2", "3", "4", "5")


def result_rows(teams: Iterable[tuple], published: bool = True) -> list[dict]:
    """Plain rows for every team: ``teams`` gives a team's label, its result and its
    comments by component (see ``reports.read.group_comments``)."""
    # Translated once, not for each of the tens of thousands of cells.
    team, level, component, statement, responses, current, target, gap, top, comment = (
        _("Team"),
        _("Level"),
        _("Component"),
        _("Statement"),
        _("Responses"),
        _("Current"),
        _("Target"),
        _("Gap"),
        _("Rated 4–5 (%)"),
        _("Comment"),
    )
    people, low, high = _("People"), _("Current, lower bound"), _("Current, upper bound")
    target_low, target_high = _("Target, lower bound"), _("Target, upper bound")
    gap_low, gap_high = _("Gap, lower bound"), _("Gap, upper bound")

    def bounds(interval, lower: str, upper: str) -> dict:
        if interval is None:
            return {lower: None, upper: None}
        return {lower: number(interval.low), upper: number(interval.high)}

    too_few = _("Not enough responses") if published else _("Not published yet")
    rows = []
    for label, result, comments in teams:
        if not result.shown:
            rows.append({team: label, level: too_few})
            continue
        for component_row in result.report.rows:
            name = component_row.component.name
            score = component_row.score
            rows.append(
                {
                    team: label,
                    level: component,
                    component: name,
                    responses: result.responses,
                    current: number(score.current),
                    target: number(score.target),
                    gap: number(score.gap),
                    people: component_row.people,
                    **bounds(component_row.current_interval, low, high),
                    **bounds(component_row.target_interval, target_low, target_high),
                    **bounds(component_row.gap_interval, gap_low, gap_high),
                }
            )
            for statement_row in component_row.statements:
                score = statement_row.score
                spread = result.distributions.get(statement_row.statement.pk)
                now, then, apart = result.statement_intervals.get(
                    statement_row.statement.pk, (None, None, None)
                )
                rows.append(
                    {
                        team: label,
                        level: statement,
                        component: name,
                        statement: statement_row.statement.text,
                        responses: result.responses,
                        current: number(score.current),
                        target: number(score.target),
                        gap: number(score.gap),
                        people: spread.ratings if spread else None,
                        **bounds(now, low, high),
                        **bounds(then, target_low, target_high),
                        **bounds(apart, gap_low, gap_high),
                        top: percent(spread.top_share) if spread else None,
                        **dict(
                            zip(SCALE_COLUMNS, spread.counts if spread else (0,) * 5, strict=True)
                        ),
                    }
                )
            for text in comments.get(component_row.component.pk, []):
                rows.append({team: label, level: comment, component: name, comment: text})
    return rows


def frame(rows: list[dict]):
    import pandas as pd

    table = pd.DataFrame(rows)
    counts = [
        c
        for c in (_("Responses"), _("People"), _("Rated 4–5 (%)"), *SCALE_COLUMNS)
        if c in table.columns
    ]
    table[counts] = table[counts].astype("Int64")  # counts stay whole numbers beside blanks
    text_columns = table.select_dtypes(include=["object", "str"]).columns
    table[text_columns] = table[text_columns].map(inert)
    return table


def to_csv(rows: list[dict]) -> bytes:
    # UTF-8 with a byte-order mark, so Excel reads accents right.
    return frame(rows).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(rows: list[dict]) -> bytes:
    """Written row by row in openpyxl's write-only mode: a workbook of tens of thousands of
    rows needs little more memory than the rows themselves."""
    from openpyxl import Workbook

    columns = list(dict.fromkeys(column for row in rows for column in row))
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Results")[:31])
    sheet.append(columns)
    for row in rows:
        sheet.append([inert(row.get(column)) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx}


def results_file(campaign, publication, user, file_format: str) -> bytes:
    """The campaign's published results for the teams ``user`` may see, as a CSV or XLSX
    file."""
    teams = campaign.teams_in_tree(access.teams(user).filter(campaigns=campaign))
    results = campaign_results(
        campaign, publication, only=[team.pk for team in teams], distributions=True
    )
    names = dict(campaign.organisation.teams.values_list("pk", "name"))
    listed = report_rows(teams, results)
    comments = group_comments(
        campaign, publication, {team.pk: result for team, _l, result in listed}
    )
    rows = result_rows(
        (
            (result.reported_as or team.label(names), result, comments.get(team.pk, {}))
            for team, _label, result in listed
        ),
        published=publication is not None,
    )
    return WRITERS[file_format](rows)
