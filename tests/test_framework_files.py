"""Framework files: export, validation with every problem located, all-or-nothing import,
and versions in use never changed."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from accounts.models import User
from frameworks.files import export_framework, import_framework, problems
from frameworks.models import Framework, Statement
from reports.read import assessment_report
from tests.builders import rate_all


@pytest.fixture
def document(six_pillars):
    """The six pillars as a file, renamed so it imports as a framework of its own."""
    exported = export_framework(six_pillars)
    exported["slug"] = "six-pillars-copy"
    return exported


def test_an_exported_framework_imports_as_an_identical_one(document):
    imported = import_framework(copy.deepcopy(document))
    assert (imported.outcome, imported.framework.version) == ("created", 1)
    again = export_framework(imported.framework)
    assert again == {**document, "version": 1}
    assert imported.framework.components.count() == 6
    assert Statement.objects.filter(component__framework=imported.framework).count() == 52


def test_every_problem_is_named_with_its_place_and_nothing_is_written(document):
    broken = copy.deepcopy(document)
    del broken["name"]["it"]
    broken["components"][0]["key"] = "Not A Key"
    broken["components"][1]["statements"][2]["text"]["it"] = " "
    broken["components"][1]["statements"][3]["perspective"] = "cx"
    broken["components"][2]["statements"][1]["key"] = broken["components"][2]["statements"][0][
        "key"
    ]
    broken["components"][3]["reflection_questions"].append(
        broken["components"][3]["reflection_questions"][0]
    )
    broken["components"][4]["resources"][0]["colour"] = "red"
    broken["components"][5]["statements"] = []
    first = broken["components"][2]["statements"][0]["key"]
    assert problems(broken) == [
        "name: should be an object with the texts “en” and “it”",
        "components[0].key: should be lowercase letters, digits, “_” or “-”, at most 60",
        "components[1].statements[2].text.it: missing",
        "components[1].statements[3].perspective: should be one of ex, lb",
        f"components[2].statements: “{first}” appears more than once",
        "components[3].reflection_questions: “actions” appears more than once",
        "components[4].resources[0].colour: unknown field",
        "components[5].statements: should be a list of at least one statement",
    ]
    with pytest.raises(Exception, match="components"):
        import_framework(broken)
    assert not Framework.objects.filter(slug="six-pillars-copy").exists()


@pytest.mark.parametrize(
    "document, problem",
    [
        ([], "the file: should be an object"),
        ({"format": "other"}, "format: should be “cxlab-framework”"),
    ],
)
def test_a_file_that_is_not_a_framework_says_so(document, problem):
    assert problem in problems(document)


def test_a_framework_in_use_is_never_changed_an_edit_makes_a_new_version(
    document, leader, six_pillars
):
    original = import_framework(copy.deepcopy(document)).framework
    assessment = rate_all(leader, original, {"empathy": (3, 4)}, submit=False)
    edited = copy.deepcopy(document)
    edited["components"][0]["statements"][0]["text"]["en"] = "A clearer statement"

    imported = import_framework(edited)

    assert (imported.outcome, imported.framework.version) == ("new version", 2)
    first = original.components.get(order=1).statements.first()
    assert first.text_en == document["components"][0]["statements"][0]["text"]["en"]
    assert imported.framework.components.get(order=1).statements.first().text_en == (
        "A clearer statement"
    )
    assert assessment_report(assessment).has_scores  # the old version's report still reads
    assert import_framework(copy.deepcopy(edited)).outcome == "unchanged"


def test_an_unused_framework_is_updated_in_place(document):
    original = import_framework(copy.deepcopy(document)).framework
    edited = copy.deepcopy(document)
    edited["components"] = edited["components"][:3]
    imported = import_framework(edited)
    assert (imported.outcome, imported.framework.pk) == ("replaced", original.pk)
    assert imported.framework.components.count() == 3


def test_the_commands_write_and_read_the_same_file(tmp_path, six_pillars, capsys):
    path = tmp_path / "six.json"
    call_command("export_framework", "six-pillars", "--output", str(path))
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written == export_framework(six_pillars)
    call_command("import_framework", str(path))
    assert capsys.readouterr().out == "six-pillars version 1: unchanged.\n"

    written["components"][0]["name"]["en"] = ""
    path.write_text(json.dumps(written), encoding="utf-8")
    with pytest.raises(CommandError, match=r"1 problem\(s\); nothing was imported:\n  "):
        call_command("import_framework", str(path))
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="Expecting property name"):
        call_command("import_framework", str(path))


def test_anyone_downloads_a_framework_file(client, six_pillars):
    response = client.get("/frameworks/six-pillars/v1/framework.json")
    assert response["Content-Disposition"] == 'attachment; filename="six-pillars-v1.json"'
    assert json.loads(response.content) == export_framework(six_pillars)


def test_staff_import_from_the_interface_and_see_every_problem(client, document, leader):
    upload = SimpleUploadedFile("f.json", json.dumps(document).encode())
    client.force_login(leader)
    assert client.get("/frameworks/import/").status_code == 404  # staff only
    staff = User.objects.create_user("staff@cxlab.example", "a-long-passphrase", is_staff=True)
    client.force_login(staff)

    broken = copy.deepcopy(document)
    broken["components"][0]["name"]["it"] = ""
    page = client.post(
        "/frameworks/import/", {"file": SimpleUploadedFile("f.json", json.dumps(broken).encode())}
    )
    assert "1 problem; nothing was imported:" in page.content.decode()
    assert "<code>components[0].name.it: missing</code>" in page.content.decode()
    not_json = client.post("/frameworks/import/", {"file": SimpleUploadedFile("f.json", b"{")})
    assert "The file is not valid JSON (line 1, column 2" in not_json.content.decode()
    assert not Framework.objects.filter(slug="six-pillars-copy").exists()

    response = client.post("/frameworks/import/", {"file": upload})
    assert response.url == "/frameworks/six-pillars-copy/v1/"
    page = client.get(response.url).content.decode()
    assert "version 1: imported as a new framework." in page


def test_a_component_holds_at_most_sixteen_statements(document):
    """A person's score of a component is kept exactly, as a whole number times 720,720,
    which each number of ratings up to 16 divides."""
    statements = document["components"][1]["statements"]  # Integrity: 13
    extra = [{**statements[0], "key": f"extra-{number}"} for number in range(17 - len(statements))]
    document["components"][1]["statements"] = statements + extra
    assert problems(document) == [
        "components[1].statements: at most 16, so that each person's score of a component is "
        "kept exactly"
    ]
