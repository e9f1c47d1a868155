"""The admin ingestion view: choose, preview (nothing written), edit, confirm (one transaction)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments import suggest
from commitments.ingest import IngestError
from commitments.models import Meeting, Statement

pytestmark = pytest.mark.django_db

URL = reverse("admin:commitments_statement_ingest")
SOURCES = Path(settings.SOURCES_DIR)


def source(prefix):
    return next(SOURCES.glob(f"{prefix}_*.txt"))


def upload(prefix):
    path = source(prefix)
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def preview(client, *prefixes, **extra):
    return client.post(URL, {"files": [upload(p) for p in prefixes], **extra})


def confirm_data(response, **changes):
    """The preview's form as the browser would submit it, with some fields changed."""
    html = response.content.decode()
    data = {"action": "confirm", "count": re.search(r'name="count" value="(\d+)"', html).group(1)}
    for name, value in re.findall(
        r'<input type="hidden" name="(f\d+-payload)" value="([^"]*)"', html
    ):
        data[name] = value
    for form in response.context["files"]:
        for field in form["form"]:
            if field.name == "payload":
                continue
            value = field.value()
            if value is None:
                value = ""
            if isinstance(value, bool):
                if value:
                    data[field.html_name] = "on"
                continue
            data[field.html_name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_an_editor_may_not_ingest(client, editor):
    client.force_login(editor)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"files": [upload("004")]}).status_code == 403
    assert Statement.objects.count() == 0


def test_an_anonymous_user_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_statement_list_links_to_ingestion_for_ingestors_only(client, ingestor, editor):
    changelist = reverse("admin:commitments_statement_changelist")
    client.force_login(ingestor)
    assert "Ingest source texts" in client.get(changelist).content.decode()
    client.force_login(editor)
    response = client.get(changelist)
    assert response.status_code == 200
    assert "Ingest source texts" not in response.content.decode()


def test_choose_page_states_the_size_limit_and_lists_the_source_texts(client, ingestor):
    client.force_login(ingestor)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{settings.INGEST_MAX_BYTES} bytes" in html
    for path in SOURCES.glob("*.txt"):
        assert path.name in html


def test_choosing_nothing_is_an_error(client, ingestor):
    client.force_login(ingestor)
    response = client.post(URL, {})
    assert response.status_code == 200
    assert "Upload at least one file" in response.content.decode()


def test_preview_shows_metadata_warnings_dropped_noise_and_clauses_without_writing(
    client, ingestor
):
    client.force_login(ingestor)
    response = preview(client, "004", "002")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Joint Statement of the 14th Defense Trilateral Talks"' in html
    assert 'value="2024-04-24"' in html
    assert "<del>CONNECT WITH USINDOPACOM</del>" in html
    assert "<details" in html
    assert "20 clauses" in html
    assert "Kurt M. Campbell" in html and "Deputy Secretary of State" in html
    assert "No publication date found." in html
    assert "Confirm and save 2 statements" in html
    assert Statement.objects.count() == 0


def test_preview_pages_carry_no_inline_script_or_style(client, ingestor):
    client.force_login(ingestor)
    for response in (client.get(URL), preview(client, "000")):
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        assert " style=" not in html


def test_upload_preview_edit_and_confirm_saves_everything(client, ingestor):
    client.force_login(ingestor)
    response = preview(client, "001", "000")
    data = confirm_data(response, **{"f1-title": "Lima joint statement", "f1-place": "Lima, Peru"})
    saved = client.post(URL, data)
    assert saved.status_code == 302
    official = Statement.objects.get(title="Lima joint statement")
    assert saved.url == reverse("admin:commitments_statement_tag", args=[official.pk])
    translation = Statement.objects.get(translation_of=official)
    assert official.meeting.place == "Lima, Peru"
    assert translation.meeting == official.meeting
    assert official.ingested_by == ingestor
    assert Meeting.objects.count() == 1
    messages = [str(m) for m in saved.wsgi_request._messages]
    assert any("created" in m and official.get_absolute_url() in m for m in messages)


def test_pick_a_source_text_from_the_server(client, ingestor):
    client.force_login(ingestor)
    response = client.post(URL, {"sources": [source("004").name]})
    assert response.status_code == 200
    client.post(URL, confirm_data(response))
    assert Statement.objects.get().title == "Joint Statement of the 14th Defense Trilateral Talks"


def test_a_path_outside_the_sources_is_refused(client, ingestor):
    client.force_login(ingestor)
    response = client.post(URL, {"sources": ["../../trilat/settings.py"]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_confirming_an_ingested_text_again_changes_nothing(client, ingestor):
    client.force_login(ingestor)
    client.post(URL, confirm_data(preview(client, "004")))
    again = preview(client, "004")
    assert "Already ingested as" in again.content.decode()
    saved = client.post(URL, confirm_data(again))
    assert saved.status_code == 302
    assert Statement.objects.count() == 1
    assert any("already present" in str(m) for m in saved.wsgi_request._messages)


def test_a_bad_file_in_the_batch_blocks_the_confirmation(client, ingestor):
    client.force_login(ingestor)
    pdf = SimpleUploadedFile("statement.pdf", b"%PDF-1.4 binary", content_type="application/pdf")
    response = client.post(URL, {"files": [upload("004"), pdf]})
    html = response.content.decode()
    assert "This is a PDF file" in html
    assert "Confirm and save" not in html
    assert Statement.objects.count() == 0


def test_a_file_over_the_limit_is_refused_stating_the_limit(client, ingestor, settings):
    settings.INGEST_MAX_BYTES = 5000
    client.force_login(ingestor)
    html = preview(client, "000").content.decode()
    assert "too big" in html and "5,000 bytes" in html


def test_altered_content_between_preview_and_confirm_is_refused(client, ingestor):
    client.force_login(ingestor)
    data = confirm_data(preview(client, "004"))
    data["f0-payload"] = data["f0-payload"][:-3] + "abc"
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "altered between preview and confirmation" in response.content.decode()
    assert Statement.objects.count() == 0


def test_an_invalid_field_saves_nothing(client, ingestor):
    client.force_login(ingestor)
    data = confirm_data(preview(client, "004", "002"), **{"f1-meeting_date": "16/10/2024x"})
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert Statement.objects.count() == 0


def test_a_failure_during_the_save_writes_nothing(client, ingestor, monkeypatch):
    def failing(statement):
        if statement.title.startswith("Joint Statement on"):
            raise IngestError("the suggestion index is locked", "002")

    monkeypatch.setattr(suggest, "suggest_for_statement", failing)
    client.force_login(ingestor)
    response = client.post(URL, confirm_data(preview(client, "004", "002")))
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()
    assert Statement.objects.count() == 0
    assert Meeting.objects.count() == 0


def test_series_can_be_corrected_to_a_new_one(client, ingestor):
    client.force_login(ingestor)
    data = confirm_data(preview(client, "004"), **{"f0-series": "Trilateral Defense Policy Talks"})
    client.post(URL, data)
    assert Statement.objects.get().meeting.series.name == "Trilateral Defense Policy Talks"


def test_preview_says_which_meeting_a_translation_joins(client, ingestor):
    client.force_login(ingestor)
    client.post(URL, confirm_data(preview(client, "000")))
    html = preview(client, "001").content.decode()
    assert "Joins the meeting on record: Trilateral Leaders" in html
    assert "as a translation of “Joint Statement of Japan, the Republic of Korea" in html


def test_preview_says_a_new_meeting_will_be_made(client, ingestor):
    client.force_login(ingestor)
    html = preview(client, "004").content.decode()
    assert "A new meeting of a new series “Defense Trilateral Talks”." in html


def test_choose_page_marks_the_source_texts_already_ingested(client, ingestor):
    client.force_login(ingestor)
    client.post(URL, confirm_data(preview(client, "004")))
    html = client.get(URL).content.decode()
    statement = Statement.objects.get()
    assert f'<a href="{statement.get_absolute_url()}">yes</a>' in html
    assert html.count(">yes</a>") == 1


OWN_STATEMENT = b"""Joint Press Statement of the Trilateral Ministerial Meeting
Japanese Minister of Defense Tanaka Gen, Republic of Korea Minister of National Defense \
Ahn Gyu-back, and U.S. Secretary of Defense Pete Hegseth met in Manila on March 30, 2026.

The Ministers condemned the DPRK's ballistic missile launches and committed to conducting the \
trilateral exercise Freedom Edge regularly.
"""


def preview_own(client):
    own = SimpleUploadedFile("tmm-2026.txt", OWN_STATEMENT, content_type="text/plain")
    return client.post(URL, {"files": [own]})


def test_preview_offers_the_parties_and_the_participants_to_leave_out(client, ingestor):
    client.force_login(ingestor)
    response = preview_own(client)
    form = response.context["files"][0]["form"]
    assert form["parties"].value() == ["Japan", "Republic of Korea", "United States"]
    choices = dict(form.fields["parties"].choices)
    assert "Democratic People's Republic of Korea" not in choices  # spoken of, never a party
    assert {"Russia", "Taiwan", "China"}.isdisjoint(choices)
    html = response.content.decode()
    assert 'name="f0-drop_participants" value="1"' in html
    assert "Ahn Gyu-back, Minister of National Defense, Republic of Korea" in html
    assert Statement.objects.count() == 0


def test_confirm_saves_the_edited_parties_and_leaves_out_unticked_participants(client, ingestor):
    client.force_login(ingestor)
    data = confirm_data(
        preview_own(client),
        **{"f0-parties": ["Japan", "United States"], "f0-drop_participants": ["1"]},
    )
    saved = client.post(URL, data)
    assert saved.status_code == 302
    statement = Statement.objects.get()
    assert sorted(statement.parties.values_list("name", flat=True)) == ["Japan", "United States"]
    people = set(statement.meeting.participations.values_list("actor__name", flat=True))
    assert "Tanaka Gen" in people and "Pete Hegseth" in people
    assert "Ahn Gyu-back" not in people


def test_an_unknown_party_is_refused_and_nothing_is_saved(client, ingestor):
    client.force_login(ingestor)
    data = confirm_data(preview_own(client), **{"f0-parties": ["Japan", "Atlantis"]})
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Atlantis" in response.content.decode()
    assert Statement.objects.count() == 0


NEXT_DAY_KOREAN = """한미일 외교장관회의 공동성명
2024년 9월 24일
조태열 외교부 장관, 토니 블링컨 국무장관, 가미카와 요코 외무대신은 오늘 뉴욕에서 한미일 외교장관회의를 \
개최하였다. 3국 장관은 한미일 협력의 제도화를 지속해 나가기로 하였다.
""".encode()
ENGLISH_FM = b"""Joint Statement of the Trilateral Foreign Ministers' Meeting
Secretary of State Antony J. Blinken, Republic of Korea Minister of Foreign Affairs Cho Tae-yul \
and Japanese Minister for Foreign Affairs Kamikawa Yoko met in New York on September 23, 2024.
"""


def preview_bytes(client, name, raw):
    return client.post(URL, {"files": [SimpleUploadedFile(name, raw, content_type="text/plain")]})


def test_preview_shows_where_a_repost_was_found_and_its_warnings(client, ingestor):
    client.force_login(ingestor)
    html = preview(client, "002").content.decode()
    assert 'name="f0-found_at"' in html and 'value="WireNews"' in html
    assert 'name="f0-is_repost"' in html
    assert "No publication date found." in html


def test_preview_proposes_a_meeting_a_day_apart_and_the_editor_may_decline_it(client, ingestor):
    client.force_login(ingestor)
    client.post(URL, confirm_data(preview_bytes(client, "english.txt", ENGLISH_FM)))
    response = preview_bytes(client, "korean.txt", NEXT_DAY_KOREAN)
    html = response.content.decode()
    assert "Proposed: the meeting on record" in html and "one day apart" in html
    assert 'type="checkbox" name="f0-join_proposed"' in html
    data = confirm_data(response)
    data.pop("f0-join_proposed")
    client.post(URL, data)
    assert Meeting.objects.count() == 2


def test_confirming_a_proposed_meeting_joins_it(client, ingestor):
    client.force_login(ingestor)
    client.post(URL, confirm_data(preview_bytes(client, "english.txt", ENGLISH_FM)))
    client.post(URL, confirm_data(preview_bytes(client, "korean.txt", NEXT_DAY_KOREAN)))
    assert Meeting.objects.count() == 1
    assert Statement.objects.count() == 2


def test_the_preview_refuses_what_the_command_refuses(client, ingestor):
    client.force_login(ingestor)
    data = confirm_data(preview(client, "004"), **{"f0-source_url": "not a url"})
    response = client.post(URL, data)
    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()


def test_the_statement_admin_shows_where_a_repost_was_found(client, superuser):
    client.force_login(superuser)
    client.post(URL, confirm_data(preview(client, "002")))
    statement = Statement.objects.get()
    html = client.get(reverse("admin:commitments_statement_change", args=[statement.pk])).content
    assert b'name="found_at"' in html and b'value="WireNews"' in html
    assert b'name="is_repost"' in html


def test_the_statement_admin_shows_the_warnings_of_ingestion(client, superuser):
    client.force_login(superuser)
    client.post(URL, confirm_data(preview(client, "002")))
    statement = Statement.objects.get()
    html = client.get(reverse("admin:commitments_statement_change", args=[statement.pk])).content
    assert "No publication date found." in html.decode()


# -- batches: up to the stated maximum they preview and confirm; past it, a clear refusal --------

MONTHS = ["January", "March", "May", "July", "September", "November"]


def numbered_text(n):
    """A short joint statement of its own meeting (the n-th talks, in year 2000 + n)."""
    date = f"{MONTHS[n % 6]} {1 + n % 28}, {2000 + n}"
    return SimpleUploadedFile(
        f"talks-{n}.txt",
        f"Joint Statement of the Trilateral Defense Talks\n\nTokyo, {date}\n\n"
        f"The United States, Japan, and the Republic of Korea convened the Defense Trilateral "
        f"Talks in Tokyo on {date}.\n\nThe three sides committed to cooperate on item {n}.\n".encode(),
        content_type="text/plain",
    )


def test_the_upload_page_states_the_batch_limits(client, ingestor, settings):
    settings.INGEST_MAX_FILES, settings.INGEST_MAX_BATCH_BYTES = 40, 2_000_000
    client.force_login(ingestor)

    html = client.get(URL).content.decode()

    assert "40 texts" in html and "1.9\xa0MB" in html
    assert 'data-max-files="40"' in html


def test_a_batch_of_seventy_texts_previews_and_confirms_with_its_edits(client, ingestor):
    client.force_login(ingestor)
    response = client.post(URL, {"files": [numbered_text(n) for n in range(70)]})
    assert response.context["can_confirm"]

    edited = {f"f{n}-place": f"Place {n}" for n in range(70)}
    response = client.post(URL, confirm_data(response, **edited))

    assert response.status_code == 302
    places = set(Statement.objects.values_list("meeting__place", flat=True))
    assert places == {f"Place {n}" for n in range(70)}


def test_a_batch_over_the_file_limit_is_refused_naming_it(client, ingestor, settings):
    settings.INGEST_MAX_FILES = 2
    client.force_login(ingestor)

    response = client.post(URL, {"files": [numbered_text(n) for n in range(3)]})

    assert "At most 2 texts can be ingested at once: you chose 3" in response.content.decode()
    assert Statement.objects.count() == 0


def test_a_batch_over_the_byte_limit_is_refused_naming_it(client, ingestor, settings):
    settings.INGEST_MAX_BATCH_BYTES = 500
    client.force_login(ingestor)

    response = client.post(URL, {"files": [numbered_text(n) for n in range(3)]})

    assert "At most 500\xa0bytes (500 bytes) can be ingested at once" in response.content.decode()


def test_more_files_than_a_request_may_carry_get_a_page_naming_the_limit(
    client, ingestor, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client.force_login(ingestor)

    response = client.post(URL, {"files": [numbered_text(n) for n in range(4)]})

    assert response.status_code == 400
    assert "more than 3 files" in response.content.decode()
    assert Statement.objects.count() == 0


def test_the_request_limits_let_a_full_batch_confirm():
    fields = settings.INGEST_MAX_FILES * settings.INGEST_FIELDS_PER_FILE
    assert fields <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES == settings.INGEST_MAX_FILES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE >= 1.8 * settings.INGEST_MAX_BATCH_BYTES
