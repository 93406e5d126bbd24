"""CSV and XLSX exports: the same figures and the same confidentiality as the pages."""

import csv
import io

import openpyxl
import pytest

from campaigns.publishing import publish
from organisations.models import Membership, Role, Team
from reports.exports import inert
from reports.models import ResultsExport
from reports.tasks import build_results_export
from tests.builders import export, respond


@pytest.fixture
def answered(campaign, teams):
    respond(campaign, teams["north"], 6, 3, 4)
    respond(campaign, teams["south"], 3, 1, 5)  # below the minimum: must leave no trace
    respond(campaign, teams["support"], 5, 2, 4)
    publish(campaign)
    return campaign


def csv_rows(client, campaign):
    response = export(client, campaign)
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
    assert {(r["2"], r["Rated 4–5 (%)"]) for r in statements} == {("5", "0")}


def test_a_small_team_leaves_no_figure(client, hr_admin, answered):
    client.force_login(hr_admin)
    rows = csv_rows(client, answered)
    (row,) = [r for r in rows if r["Team"] == "Acme > Sales > South"]
    assert row["Level"] == "Not enough responses"
    assert not any(row[column] for column in ("Current", "Target", "Gap", "Responses"))
    # South's ratings (1 now, 5 target) are in no figure: Sales is North's alone.
    assert not [r for r in rows if r["Current"] == "1.0"]

    def figures(team):
        return [
            (r["Component"], r["Statement"], r["Current"], r["Target"], r["Responses"])
            for r in rows
            if r["Team"] == team
        ]

    assert figures("Acme > Sales") == figures("Acme > Sales > North")


def test_xlsx_has_the_same_rows(client, hr_admin, answered):
    client.force_login(hr_admin)
    response = export(client, answered, "xlsx")
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


@pytest.mark.parametrize(
    "text", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "\rx", "  =SUM(A1)", " +1", "   @cmd"]
)
def test_text_that_a_spreadsheet_would_run_is_made_inert(text):
    assert inert(text) == "'" + text
    assert inert("Sales") == "Sales" and inert("  Sales") == "  Sales"
    assert inert(-1.5) == -1.5  # numbers stay numbers


def test_a_team_named_like_a_formula_is_exported_inert(client, hr_admin, answered, teams):
    Team.objects.filter(pk=teams["support"].pk).update(name='=HYPERLINK("x")')
    client.force_login(hr_admin)
    names = {r["Team"] for r in csv_rows(client, answered)}
    assert '\'Acme > =HYPERLINK("x")' not in names  # only a leading trigger matters
    assert 'Acme > =HYPERLINK("x")' in names


def test_an_unknown_format_is_refused(client, hr_admin, answered):
    client.force_login(hr_admin)
    response = client.post(f"/campaigns/{answered.pk}/exports/", {"format": "pdf"})
    assert response.status_code == 400
    assert not ResultsExport.objects.exists()


def test_an_export_is_queued_for_the_worker_once(
    client, hr_admin, answered, django_capture_on_commit_callbacks
):
    client.force_login(hr_admin)
    url = f"/campaigns/{answered.pk}/exports/"
    with django_capture_on_commit_callbacks() as enqueued:
        response = client.post(url, {"format": "xlsx"})
        client.post(url, {"format": "xlsx"})  # a second click while it waits
    assert response.status_code == 302 and response["Location"] == url
    (queued,) = ResultsExport.objects.all()
    assert (queued.state, queued.file_format, queued.language) == ("queued", "xlsx", "en")
    assert len(enqueued) == 1
    page = client.get(url)
    assert "Waiting for the background worker…" in page.content.decode()
    progress = client.get(f"{url}{queued.pk}/progress/").json()
    assert progress == {
        "state": "queued",
        "label": "Waiting for the background worker…",
        "download": "",
    }


def test_a_ready_export_offers_its_file_to_its_requester_only(
    client, hr_admin, answered, django_user_model
):
    client.force_login(hr_admin)
    assert export(client, answered).status_code == 200
    built = ResultsExport.objects.get()
    progress = client.get(f"/campaigns/{answered.pk}/exports/{built.pk}/progress/").json()
    assert progress["state"] == "ready"
    assert progress["download"] == f"/campaigns/{answered.pk}/exports/{built.pk}/download/"
    # Another administrator of the same organisation sees other teams, maybe: not this file.
    colleague = django_user_model.objects.create_user(email="hr2@acme.example", password="x")
    Membership.objects.create(organisation=answered.organisation, user=colleague, role=Role.ADMIN)
    client.force_login(colleague)
    for suffix in ("progress/", "download/"):
        url = f"/campaigns/{answered.pk}/exports/{built.pk}/{suffix}"
        assert client.get(url).status_code == 404
    page = client.get(f"/campaigns/{answered.pk}/exports/").content.decode()
    assert f"export-{built.pk}" not in page


def test_a_failed_export_says_so_and_can_be_asked_again(client, hr_admin, answered, monkeypatch):
    client.force_login(hr_admin)

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr("reports.tasks.results_file", broken)
    client.post(f"/campaigns/{answered.pk}/exports/", {"format": "csv"})
    failed = ResultsExport.objects.get()
    with pytest.raises(RuntimeError):
        build_results_export.call(failed.pk)
    failed.refresh_from_db()
    assert (failed.state, failed.error) == ("failed", "disk full")
    page = client.get(f"/campaigns/{answered.pk}/exports/").content.decode()
    assert "It could not be built. Ask again" in page
    monkeypatch.undo()
    assert export(client, answered).status_code == 200
    assert list(ResultsExport.objects.values_list("state", flat=True)) == ["ready"]


def test_exports_follow_the_language_of_the_page(client, hr_admin, answered):
    client.force_login(hr_admin)
    client.cookies["django_language"] = "it"
    text = export(client, answered).content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Team,Livello,Componente,")
    assert ResultsExport.objects.get().language == "it"
