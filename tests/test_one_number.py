"""One number everywhere: the same campaign's figures read the same on the page, in the CSV,
in the Excel file and in the PDF, cell by cell."""

import csv
import io
import re
from decimal import Decimal

import openpyxl

from campaigns.publishing import publish
from tests.builders import export, invite
from tests.test_pdf import read, text_of


def answer(campaign, team):
    """Eight people whose means fall on halves and thirds: 3.375, 2.625, 3.125, ..."""
    components = list(campaign.framework.components.prefetch_related("statements"))
    for person in range(8):
        ratings = {}
        for index, component in enumerate(components):
            now = (person + index) % 5 + 1
            target = min(5, now + (person + 2 * index) % 3)
            ratings |= {s.pk: (now, target) for s in component.statements.all()}
        invitation, _ = invite(campaign, team, f"p{person}@acme.example")
        invitation.submit(ratings)


def figures_on_the_page(page: str) -> dict:
    table = page.split('id="three-way"')[1].split('aria-labelledby="comments-title"')[0]
    rows = re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td[^>]*>[^<]*</td>\s*'
        r"<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>",
        table,
    )
    intervals = re.findall(r'<td class="text-end text-nowrap">([\d.]+)–([\d.]+)', table)
    targets = re.findall(r'target-range">([\d.]+)–([\d.]+)<', table)
    gaps = re.findall(r'gap-range">([+-]?[\d.]+) to ([+-]?[\d.]+)<', table)
    return {
        name: tuple(Decimal(v) for v in (*values, *bounds, *target_bounds, *gap_bounds))
        for (name, *values), bounds, target_bounds, gap_bounds in zip(
            rows, intervals, targets, gaps, strict=True
        )
    }


def test_a_figure_reads_the_same_in_every_output(hr_client, campaign, teams):
    campaign.language = "en"
    campaign.save()
    answer(campaign, teams["support"])
    publish(campaign)
    names = [c.name_en for c in campaign.framework.components.all()]
    url = f"/campaigns/{campaign.pk}/teams/{teams['support'].pk}/"

    page = figures_on_the_page(hr_client.get(url).text)
    content = export(hr_client, campaign).content.decode("utf-8-sig")
    rows = [
        r
        for r in csv.DictReader(io.StringIO(content))
        if r["Team"] == "Acme > Support" and r["Level"] == "Component"
    ]
    columns = ("Current", "Target", "Gap", "Current, lower bound", "Current, upper bound")
    columns += ("Target, lower bound", "Target, upper bound", "Gap, lower bound")
    columns += ("Gap, upper bound",)
    in_csv = {r["Component"]: tuple(Decimal(r[k]) for k in columns) for r in rows}
    sheet = openpyxl.load_workbook(io.BytesIO(export(hr_client, campaign, "xlsx").content)).active
    header, *cells = list(sheet.values)
    at = {name: header.index(name) for name in ("Team", "Level", "Component", *columns)}
    in_xlsx = {
        row[at["Component"]]: tuple(Decimal(str(row[at[name]])) for name in columns)
        for row in cells
        if row[at["Team"]] == "Acme > Support" and row[at["Level"]] == "Component"
    }
    pdf = text_of(read(hr_client.get(url + "report.pdf?language=en").content))
    in_pdf = {}
    for name in names:
        label = r"\s+".join(map(re.escape, name.split()))  # a long name wraps
        found = re.search(
            rf"{label}\s+([\d.]+) ([\d.]+) ([+-]?[\d.]+) 8 ([\d.]+)–([\d.]+)\D*?"
            r"([\d.]+)–([\d.]+) ([+-]?[\d.]+) to ([+-]?[\d.]+)",
            pdf,
        )
        in_pdf[name] = tuple(Decimal(figure) for figure in found.groups())

    assert set(page) == set(names)
    assert page == in_csv == in_xlsx == in_pdf
    # Halves round away from zero: 27/8 = 3.375 reads 3.4 everywhere, not 3.3 or 3.38.
    assert any(str(figure) == "3.4" for figures in page.values() for figure in figures)
