"""CSV and XLSX exports: the same figures and the same confidentiality as the pages."""

import csv
import io

import openpyxl
import pytest

from assessments.models import Team
from reports.exports import inert
from tests.builders import respond


@pytest.fixture
def answered(campaign, teams):
    respond(campaign, teams["north"], 6, 3, 4)
    respond(campaign, teams["south"], 3, 1, 5)  # below the minimum: must leave no trace
    respond(campaign, teams["support"], 5, 2, 4)
    return campaign


def csv_rows(client, campaign):
    response = client.get(f"/campaigns/{campaign.pk}/results.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="spring-pulse-results.csv"'
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_exact_figures_for_shown_teams(client, hr_admin, answered):
    client.force_login(hr_admin)
    rows = csv_rows(client, answered)
    support = [r for r in rows if r["Team"] == "Acme > Support" and r["Level"] == "Component"]
    assert len(support) == 6
    assert {(r["Current"], r["Target"], r["Gap"], r["Responses"]) for r in support} == {
        ("2.0", "4.0", "2.0", "5")
    }
    statements = [r for r in rows if r["Team"] == "Acme > Support" and r["Level"] == "Statement"]
    assert len(statements) == 52
    assert {(r["2"], r["Rated 4–5"]) for r in statements} == {("5", "0.0")}


def test_a_small_team_and_its_complement_leave_no_figure(client, hr_admin, answered):
    client.force_login(hr_admin)
    rows = csv_rows(client, answered)
    for name in ("Acme > Sales > South", "Acme > Sales > North"):
        (row,) = [r for r in rows if r["Team"] == name]
        assert row["Level"] == "Not enough responses"
        assert not any(row[column] for column in ("Current", "Target", "Gap", "Responses"))
    # South's ratings (1 now, 5 target) appear nowhere; Sales = North + South is shown.
    assert not [r for r in rows if r["Current"] == "1.0"]


def test_xlsx_has_the_same_rows(client, hr_admin, answered):
    client.force_login(hr_admin)
    response = client.get(f"/campaigns/{answered.pk}/results.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.values)
    assert len(rows) == len(csv_rows(client, answered))
    support = next(r for r in rows if r[0] == "Acme > Support" and r[1] == "Component")
    record = dict(zip(header, support, strict=True))
    assert (record["Current"], record["Target"], record["Gap"]) == (2.0, 4.0, 2.0)


def test_a_leader_exports_only_their_teams(client, leader, answered):
    client.force_login(leader)
    teams = {r["Team"] for r in csv_rows(client, answered)}
    assert teams == {"Acme > Sales", "Acme > Sales > North", "Acme > Sales > South"}


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_is_made_inert(text):
    assert inert(text) == "'" + text
    assert inert("Sales") == "Sales"
    assert inert(-1.5) == -1.5  # numbers stay numbers


def test_a_team_named_like_a_formula_is_exported_inert(client, hr_admin, answered, teams):
    Team.objects.filter(pk=teams["support"].pk).update(name='=HYPERLINK("x")')
    client.force_login(hr_admin)
    names = {r["Team"] for r in csv_rows(client, answered)}
    assert '\'Acme > =HYPERLINK("x")' not in names  # only a leading trigger matters
    assert 'Acme > =HYPERLINK("x")' in names


def test_an_unknown_format_is_404(client, hr_admin, answered):
    client.force_login(hr_admin)
    assert client.get(f"/campaigns/{answered.pk}/results.pdf").status_code == 404
