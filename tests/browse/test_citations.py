import datetime
import html

import pytest
from django.utils import timezone

from browse.citations import bibtex, plain_text
from tests.world import build_world

ACCESSED = datetime.date(2026, 11, 23)
URL = "https://trilat.example/commitments/freedom-edge/"


def test_plain_citation_has_title_trilat_permalink_and_date():
    assert plain_text("Freedom Edge", URL, ACCESSED) == (
        f"“Freedom Edge.” Trilat. {URL} (accessed 23 November 2026)."
    )


def test_bibtex_entry_has_title_trilat_permalink_and_date():
    entry = bibtex("freedom-edge", "Freedom Edge", URL, ACCESSED)
    assert entry.startswith("@misc{trilat-freedom-edge,\n")
    assert "  title = {{Freedom Edge}},\n" in entry
    assert "  author = {{Trilat}},\n" in entry
    assert f"  url = {{{URL}}},\n" in entry
    assert "  urldate = {2026-11-23}," in entry
    assert entry.endswith("\n}")


def test_bibtex_escapes_special_characters():
    entry = bibtex("x", "R&D {50%} of $1 #2 a_b", URL, ACCESSED)
    assert r"title = {{R\&D \{50\%\} of \$1 \#2 a\_b}}" in entry


def test_bibtex_keeps_korean_and_japanese():
    assert "{{한미일 사무국 日米韓}}" in bibtex("x", "한미일 사무국 日米韓", URL, ACCESSED)


@pytest.mark.django_db
def test_timeline_offers_cite_this(client):
    build_world()
    page = html.unescape(client.get("/commitments/freedom-edge/").content.decode())
    today = timezone.localdate()
    assert "Cite this" in page
    assert (
        "“Annual trilateral exercise (Freedom Edge).” Trilat. "
        f"http://testserver/commitments/freedom-edge/ (accessed {today.day} {today:%B %Y})."
    ) in page
    assert "@misc{trilat-freedom-edge," in page
    assert f"urldate = {{{today.isoformat()}}}" in page
