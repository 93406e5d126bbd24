"""How many taps, and how long, a team member needs to answer the six-pillar survey on a phone.

Run it from the repository root (it needs Chromium, as the browser tests do):

    .venv/bin/python bench/survey_taps.py [--write]

It builds a throw-away SQLite database in a temporary directory (migrated, the six pillars
loaded, one organisation, team and open campaign per survey measured), serves it with
``manage.py runserver`` and answers each survey in Chromium as a phone would (390 × 844,
touch): it opens the invitation link, taps one answer for every question (the first
statement of each component "N/A", the others varying), then the buttons the survey needs
to finish, and checks the thank-you page. Every tap is a Playwright ``tap()`` on what a
person would touch, so the count is the survey's, not an estimate.

The time is a person's at a realistic pace, from the page itself, plus what the browser and
server took:

- reading every word the survey puts before them (the how-to text, each component's name,
  description and statements, each target question) at 200 words a minute: below the 238
  of adults' silent reading of non-fiction (Brysbaert, 2019), for a small screen and
  questions to weigh;
- 1.5 seconds to choose and tap each answer, and 1 second for each other button;
- 1 second for each screen's height of page scrolled past.

It measures the short survey (a target once per component, the default) in English and in
Italian, and the detailed one (a target for every statement, step by step) in English for
comparison. The goal is at most 60 taps and under 6 minutes. It prints Markdown;
``--write`` also puts it in its section of docs/benchmarks.md.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import common

ROOT = Path(__file__).resolve().parent.parent
WORDS_PER_MINUTE = 200
SECONDS_PER_ANSWER = 1.5
SECONDS_PER_BUTTON = 1.0
SECONDS_PER_SCREEN = 1.0
PHONE = {"width": 390, "height": 844}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SURVEYS = [("short", "en"), ("short", "it"), ("detailed", "en")]
GOAL_TAPS, GOAL_MINUTES = 60, 6
SENSITIVITY = (180, 200, 238)  # words a minute: slower, the model's, adults' mean


@dataclass
class Run:
    survey: str
    language: str
    answers: int = 0
    buttons: int = 0
    words: int = 0
    screens: float = 0.0
    machine: float = 0.0  # seconds the browser and server took, measured

    @property
    def taps(self) -> int:
        return self.answers + self.buttons

    @property
    def person(self) -> float:
        return self.at(WORDS_PER_MINUTE)

    def at(self, words_per_minute: float) -> float:
        """Seconds a person needs at the pace above, reading at ``words_per_minute``, the
        machine's own time added."""
        return (
            self.words / words_per_minute * 60
            + self.answers * SECONDS_PER_ANSWER
            + self.buttons * SECONDS_PER_BUTTON
            + self.screens * SECONDS_PER_SCREEN
            + self.machine
        )


def wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            if common.get(port, "/healthz/live/")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer in 60 s")


def build(database: Path) -> dict[tuple[str, str], str]:
    """The database and one invitation link per survey measured: {(survey, language): path}."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cxlab.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("loaddata", "six_pillars", verbosity=0)
    from campaigns.models import Campaign, CampaignState, Invitation
    from frameworks.models import Framework
    from organisations.models import Organisation, Team

    organisation = Organisation.objects.create(name="Bench", slug="bench")
    team = Team.objects.create(organisation=organisation, name="North")
    links = {}
    for survey, language in SURVEYS:
        campaign = Campaign.objects.create(
            organisation=organisation,
            framework=Framework.objects.default(),
            name=f"{survey} {language}",
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + timezone.timedelta(days=14),
            language=language,
            state=CampaignState.OPEN,
            target_each_statement=survey == "detailed",
        )
        campaign.teams.set([team])
        invitation = Invitation(
            campaign=campaign, team=team, email=f"{survey}-{language}@b.example"
        )
        links[survey, language] = f"/s/{invitation.new_token()}/"
        invitation.save()
    return links


def words_on(page) -> int:
    """The words a person reads on the page: its main text as shown, buttons' labels and
    what is folded away (a comment box until opened) left out."""
    text = page.eval_on_selector(
        "main",
        """main => {
            const copy = main.cloneNode(true);
            const skipped = '.btn, button, .scale-word, .visually-hidden, .save-status, '
                + '[hidden], details:not([open]) > :not(summary)';
            copy.querySelectorAll(skipped).forEach(element => element.remove());
            return copy.innerText;
        }""",
    )
    return len(re.findall(r"\w+", text))


def answer_page(page, run: Run, position: list[int]) -> None:
    """Tap an answer for every question of the page, as a person would, in page order."""
    run.words += words_on(page)
    run.screens += page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
    groups = page.eval_on_selector_all(
        "fieldset.rating-group",
        "groups => groups.map(g => g.querySelector('input').name)",
    )
    for name in groups:
        position[0] += 1
        if name.endswith("-current") and position[0] % 9 == 1:
            value = "na"
        else:
            value = str(3 + position[0] % 3)
        radio = page.locator(f"input[name='{name}'][value='{value}']")
        page.locator(f"label[for='{radio.get_attribute('id')}']").tap()
        run.answers += 1


def press(page, run: Run, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).tap()
    run.buttons += 1


def measure(browser, base: str, link: str, survey: str, language: str) -> Run:
    from playwright.sync_api import expect

    run = Run(survey, language)
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3, locale=language
    )
    page = context.new_page()
    started = time.perf_counter()
    page.goto(base + link)
    position = [0]
    submit = "Invia le mie risposte" if language == "it" else "Submit my answers"
    if survey == "short":
        answer_page(page, run, position)
        press(page, run, submit)
    else:
        while "/review/" not in page.url:
            answer_page(page, run, position)
            press(page, run, "Save and continue")
        run.words += words_on(page)
        press(page, run, submit)
    expect(page.locator("h1")).to_contain_text("Grazie" if language == "it" else "Thank you")
    elapsed = time.perf_counter() - started
    # Playwright's own tapping is instant; what is left is the pages' loading and saving.
    run.machine = elapsed
    context.close()
    return run


def clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s"


def report(runs: list[Run]) -> str:
    lines = [
        "| survey | language | answers | other taps | taps | words read | screens scrolled "
        "| browser and server, s | a person's time |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.survey} | {run.language} | {run.answers} | {run.buttons} | {run.taps} "
            f"| {run.words:,} | {run.screens:.0f} | {run.machine:.1f} "
            f"| {clock(run.person)} |"
        )
    short = [run for run in runs if run.survey == "short"]
    met = all(r.taps <= GOAL_TAPS and r.person < GOAL_MINUTES * 60 for r in short)
    lines += [
        "",
        "The same answers read slower or faster (a person's time):",
        "",
        "| survey | language | "
        + " | ".join(f"{wpm} words a minute" for wpm in SENSITIVITY)
        + " |",
        "|---|---|" + "--:|" * len(SENSITIVITY),
        *(
            f"| {run.survey} | {run.language} | "
            + " | ".join(clock(run.at(wpm)) for wpm in SENSITIVITY)
            + " |"
            for run in runs
        ),
    ]
    lines.append("")
    lines.append(
        f"Goal for the short survey, at most {GOAL_TAPS} taps and under {GOAL_MINUTES} minutes: "
        + ("met" if met else "**not met**")
        + f" at {WORDS_PER_MINUTE} words a minute."
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="also update docs/benchmarks.md")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "taps.sqlite3"
        links = build(database)
        port = common.free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env={**os.environ, "DEBUG": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port, server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
                base = f"http://127.0.0.1:{port}"
                runs = [measure(browser, base, links[key], *key) for key in SURVEYS]
                browser.close()
        finally:
            server.terminate()
            server.wait()
    text = "\n".join(
        [
            "## Answering the survey on a phone",
            "",
            f"Command: {common.command_line()}; code {common.code_version()}; "
            f"{common.cpu_model()}, {os.cpu_count()} cores; Chromium, `manage.py runserver`, "
            "SQLite.",
            "",
            f"A person's pace: {WORDS_PER_MINUTE} words a minute, {SECONDS_PER_ANSWER} s an "
            f"answer, {SECONDS_PER_BUTTON} s another button, {SECONDS_PER_SCREEN} s a screen "
            "scrolled; a 390 × 844 touch screen.",
            "",
            report(runs),
        ]
    )
    print(text)
    if options.write:
        common.write_section("survey_taps", text)


if __name__ == "__main__":
    main()
