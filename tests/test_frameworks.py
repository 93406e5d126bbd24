from django.core.management import call_command
from django.utils import translation

from frameworks.models import Component, Perspective, ReflectionQuestion, Resource, Statement

SEED = "../shared/seeds/000_d0f44138f666819a.txt"

EXPECTED_COUNTS = {
    # component: (employee-experience statements, leadership behaviours), from PRODUCT.md
    "personalisation": (5, 4),
    "integrity": (8, 5),
    "expectations": (3, 3),
    "time_and_effort": (3, 3),
    "recovery": (6, 4),
    "empathy": (5, 3),
}


def test_six_pillars_has_52_statements_in_the_right_columns(six_pillars):
    components = list(six_pillars.components.order_by("order"))
    assert [c.key for c in components] == list(EXPECTED_COUNTS)
    for component in components:
        ex = component.statements.filter(perspective=Perspective.EMPLOYEE_EXPERIENCE).count()
        lb = component.statements.filter(perspective=Perspective.LEADERSHIP_BEHAVIOUR).count()
        assert (ex, lb) == EXPECTED_COUNTS[component.key], component.key
    assert Statement.objects.filter(component__framework=six_pillars).count() == 52


def test_leadership_lists_start_where_the_seed_says(six_pillars):
    first_behaviour = {
        c.key: c.statements.filter(perspective="lb").order_by("order").first().text_it
        for c in six_pillars.components.all()
    }
    assert first_behaviour == {
        "personalisation": "Concentrarsi sul cliente come individuo",
        "integrity": "Trasmettere i nostri valori al cliente",
        "expectations": "Assicurarsi di impostare con precisione le aspettative del cliente",
        "time_and_effort": (
            "Cercare di ridurre al minimo lo sforzo del cliente nella relazione con noi"
        ),
        "recovery": "Reagire rapidamente quando si tratta di un problema del cliente",
        "empathy": "Dimostrare che l'organizzazione si preoccupa dei suoi clienti e dipendenti",
    }


def test_italian_text_is_the_seed_word_for_word(six_pillars, settings):
    seed = (settings.BASE_DIR / SEED).read_text().replace("\u2019", "'")
    seed_lines = {line.strip() for line in seed.splitlines()}
    stems = ("Il mio lavoro mi aiuta a ", "Il mio lavoro mi fa sentire ")
    for statement in Statement.objects.filter(component__framework=six_pillars):
        text = statement.text_it
        stem = next((s for s in stems if text.startswith(s)), None)
        if stem:  # the seed splits these over two lines: a stem and its ending
            assert text.removeprefix(stem) in {line.lstrip(".") for line in seed_lines}, text
        else:
            assert text in seed_lines, text
        assert statement.text_en and statement.text_en != text
    for component in six_pillars.components.all():
        assert component.description_it in seed_lines


def test_every_component_has_the_three_questions_and_the_seeds_resources(six_pillars):
    for component in six_pillars.components.all():
        kinds = set(component.reflection_questions.values_list("kind", flat=True))
        assert kinds == {"strengths", "actions", "resources"}
        people = set(component.resources.filter(kind="people").values_list("key", flat=True))
        assert {"your-staff", "colleagues", "experts", "coaches"} <= people


def test_loading_the_fixture_twice_changes_nothing(six_pillars):
    def snapshot():
        return [
            sorted(model.objects.values_list("pk", flat=True))
            for model in (Component, Statement, ReflectionQuestion, Resource)
        ]

    before = snapshot()
    call_command("loaddata", "six_pillars", verbosity=0)
    assert snapshot() == before


def test_framework_text_follows_the_active_language(six_pillars):
    component = six_pillars.components.get(key="recovery")
    with translation.override("it"):
        assert component.name == "Recupero"
    with translation.override("en"):
        assert component.name == "Recovery"


def test_framework_page_shows_the_matrix(client, six_pillars):
    response = client.get("/frameworks/six-pillars/v1/", HTTP_ACCEPT_LANGUAGE="it")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Comportamenti di leadership orientati al cliente" in page
    assert "C&#x27;è supporto quando ne ho bisogno" in page
    assert page.count('<th scope="row">') == 6


def test_unknown_framework_version_is_404(client, six_pillars):
    assert client.get("/frameworks/six-pillars/v9/").status_code == 404


def test_the_language_switch_sticks(client, six_pillars):
    response = client.post("/i18n/setlang/", {"language": "it", "next": "/frameworks/"})
    assert response.url == "/frameworks/"
    page = client.get("/frameworks/").content.decode()
    assert '<html lang="it">' in page
    assert "Sei pilastri" in page
