"""Publisher and outlet: the publisher is the institution that issued a statement, never a person
or a title; a repost records where it was found, shown in the admin and on the public page."""

from pathlib import Path

import pytest
from django.conf import settings

from commitments.ingest import parse_source, save_parsed
from tests.builders import make_actor, make_statement

SOURCES = Path(settings.SOURCES_DIR)
NEWS_NETWORK_CREDIT = """US-Japan-South Korea officials meet in Tokyo
Antony J. Blinken 71st U.S. Secretary of State | Official Website
ORGANIZATIONS IN THIS STORY
"We, the Deputy Secretary of State of the United States, the Vice Minister for Foreign Affairs of \
Japan, and the 1st Vice Minister of Foreign Affairs of the Republic of Korea, met in Tokyo on \
April 30, 2024, to carry forward the Spirit of Camp David."
"""


def test_a_news_sites_credit_to_an_official_is_the_institution_not_the_person():
    meta = parse_source(NEWS_NETWORK_CREDIT.encode()).metadata
    assert meta.publisher == "U.S. Department of State"
    assert meta.is_repost
    assert any("speaks for it" in w for w in meta.warnings)


def test_the_bundled_vice_ministerial_repost_names_no_person_as_publisher():
    path = next(SOURCES.glob("003_*.txt"))
    meta = parse_source(path.read_bytes()).metadata
    assert meta.publisher == "U.S. Department of State"
    assert "Blinken" not in meta.publisher


def test_a_blog_byline_is_where_the_text_was_found():
    path = next(SOURCES.glob("002_*.txt"))
    meta = parse_source(path.read_bytes()).metadata
    assert (meta.found_at, meta.is_repost) == ("WireNews", True)


def test_an_official_source_url_names_the_publisher_and_no_outlet():
    text = NEWS_NETWORK_CREDIT.replace(
        "Antony J. Blinken 71st U.S. Secretary of State | Official Website\n", ""
    )
    result = parse_source(text.encode(), given={"source_url": "https://www.state.gov/x"})
    assert result.metadata.publisher == "U.S. Department of State"
    assert result.metadata.found_at == ""


@pytest.mark.django_db
def test_the_statement_page_says_where_a_repost_was_found(client):
    statement = make_statement(found_at="Mirage News", is_repost=True)
    html = client.get(statement.get_absolute_url()).content.decode()
    assert "Found at Mirage News (repost)" in html


@pytest.mark.django_db
def test_a_statement_found_where_it_was_issued_says_nothing_of_it(client):
    statement = make_statement()
    assert "Found at" not in client.get(statement.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_an_actor_heading_does_not_repeat_a_short_name_equal_to_the_name(client):
    japan = make_actor("Japan", short_name="Japan")
    html = client.get(japan.get_absolute_url()).content.decode()
    assert "Japan (Japan)" not in html
    assert ">(Japan)<" not in html


@pytest.mark.django_db
def test_ingested_countries_get_no_short_name_equal_to_their_name():
    path = next(SOURCES.glob("004_*.txt"))
    statement = save_parsed(parse_source(path.read_bytes())).statement
    japan = statement.parties.get(name="Japan")
    assert japan.short_name == ""
    assert statement.parties.get(name="Republic of Korea").short_name == "ROK"
