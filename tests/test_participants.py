"""Importing participants from CSV: each problem reported with its line; a bad file adds no one."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import User
from campaigns.models import Invitation
from campaigns.participants import LineError, parse_participants, read_table
from organisations.models import Team
from tests.builders import invite


@pytest.fixture
def parse(campaign, teams):
    lea = User.objects.create_user("lea@acme.example", "a-long-passphrase")
    teams["sales"].leaders.add(lea)

    def run(text, already_invited=frozenset()):
        names = dict(campaign.organisation.teams.values_list("pk", "name"))
        return parse_participants(
            read_table(text.encode() if isinstance(text, str) else text),
            list(campaign.teams.all()),
            names,
            set(already_invited),
            campaign.leaders(),
            campaign.organisation.accepts_participant,
        )

    return run


GOOD = """email,name,team,role
ann@acme.example,Ann,North,member
bob@acme.example,Bob,Acme > Sales > South,member
Lea@Acme.example,Lea,acme>sales,leader
"""


def test_a_good_file_gives_every_participant(parse, teams):
    participants, errors = parse(GOOD)
    assert errors == []
    assert [(p.email, p.name, p.team, p.rater_role) for p in participants] == [
        ("ann@acme.example", "Ann", teams["north"], "team"),
        ("bob@acme.example", "Bob", teams["south"], "team"),
        ("lea@acme.example", "Lea", teams["sales"], "self"),
    ]


def test_every_problem_is_reported_with_its_line(parse):
    text = """email,name,team,role
ann@acme.example,Ann,North,member
not-an-email,X,North,member
bob@acme.example,Bob,Nowhere,boss
ann@acme.example,Ann again,South,member
old@acme.example,Old,South,member
"""
    participants, errors = parse(text, already_invited={"old@acme.example"})
    assert participants == []
    assert errors == [
        LineError(3, "“not-an-email” is not an e-mail address."),
        LineError(
            4,
            "No team “Nowhere” in this campaign (write the full path if names repeat).",
            "Nowhere",  # a team the file names: HR may create it
        ),
        LineError(4, "Role “boss” is neither “member” nor “leader”."),
        LineError(5, "ann@acme.example is also on line 2."),
        LineError(6, "old@acme.example is already invited."),
    ]


def test_missing_columns_are_reported_on_line_one(parse):
    assert parse("email,name\nann@acme.example,Ann\n") == (
        [],
        [LineError(1, "Missing columns: team, role.")],
    )


def test_an_empty_file_is_an_error(parse):
    assert parse("email,name,team,role\n") == ([], [LineError(1, "The file has no participants.")])


def test_a_spreadsheet_byte_order_mark_and_spaced_headers_are_fine(parse):
    participants, errors = parse(
        "\ufeffEmail , Name,Team,Role\nann@acme.example,Ann,North,member\n"
    )
    assert errors == [] and len(participants) == 1


def test_a_repeated_team_name_needs_its_path(parse, campaign, teams):
    other_north = Team.objects.create(
        organisation=campaign.organisation, name="North", parent=teams["support"]
    )
    campaign.teams.add(other_north)
    participants, errors = parse("email,name,team,role\nann@acme.example,Ann,North,member\n")
    assert [e.line for e in errors] == [2]
    participants, errors = parse(
        "email,name,team,role\nann@acme.example,Ann,Acme > Support > North,member\n"
    )
    assert participants[0].team == other_north


def test_inviting_creates_invitations_with_working_links(parse, campaign):
    participants, _ = parse(GOOD)
    invited = campaign.invite(participants)
    assert Invitation.objects.filter(campaign=campaign).count() == 3
    for invitation, token in invited:
        assert Invitation.for_token(token) == invitation
        assert token not in invitation.token_hash


def test_people_already_invited_are_known_to_the_parser(parse, campaign, teams):
    invite(campaign, teams["north"], "ann@acme.example")
    already = set(campaign.invitations.values_list("email", flat=True))
    _, errors = parse(GOOD, already)
    assert errors == [LineError(2, "ann@acme.example is already invited.")]


def test_an_italian_excel_csv_reads_like_any_other(parse, teams):
    """Semicolons, Windows-1252 and Italian column names and roles, as Italian Excel saves."""
    italian = (
        "E-mail;Nome;Team;Ruolo\r\n"
        "ann@acme.example;Anna Niccolò;North;membro\r\n"
        "Lea@Acme.example;Lea;acme>sales;responsabile\r\n"
    ).encode("cp1252")
    participants, errors = parse(italian)
    assert errors == []
    assert [(p.email, p.name, p.team, p.rater_role) for p in participants] == [
        ("ann@acme.example", "Anna Niccolò", teams["north"], "team"),
        ("lea@acme.example", "Lea", teams["sales"], "self"),
    ]


def test_an_excel_workbook_reads_like_its_csv(parse, teams):
    book = Workbook()
    sheet = book.active
    for line in GOOD.strip().splitlines():
        sheet.append(line.split(","))
    sheet.append([None, None, None, None])  # a blank row, as sheets often end
    buffer = io.BytesIO()
    book.save(buffer)
    from_workbook = parse(buffer.getvalue())
    assert from_workbook == parse(GOOD)
    assert len(from_workbook[0]) == 3


@pytest.mark.parametrize("kind", ["zip", "binary"])
def test_a_file_that_is_neither_csv_nor_a_workbook_says_so(hr_client, campaign, kind):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("photo.jpg", b"not a sheet")
    content = archive.getvalue() if kind == "zip" else b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    response = hr_client.post(
        f"/campaigns/{campaign.pk}/participants/upload/",
        {"file": SimpleUploadedFile("people", content)},
    )
    assert "neither CSV text nor an Excel workbook" in response.text
    assert not Invitation.objects.exists()
