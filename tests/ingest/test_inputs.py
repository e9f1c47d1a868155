"""Bad and unusual inputs to parse_source: a clear error (and nothing else), or a clean decode."""

import codecs

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from commitments.ingest import parse_source

STATEMENT = (
    "Joint Statement of the 3rd Trilateral Ministerial Meeting\n\n"
    "The Minister of National Defense of the Republic of Korea Kim Yong-hyun, the Secretary of "
    "Defense of the United States Lloyd J. Austin III, and the Minister of Defense of Japan Kihara "
    "Minoru met in Tokyo on July 28, 2024. The Ministers reaffirmed their commitment to trilateral "
    "security cooperation.\n\n"
    "The Ministers signed the Memorandum of Cooperation on the Trilateral Security Cooperation "
    "Framework. They committed to hold the next meeting in the Republic of Korea in 2025.\n"
)

KOREAN = (
    "한미일 3국 외교차관 협의회 공동성명\n\n"
    "대한민국 외교부 제1차관, 미국 국무부 부장관, 일본 외무성 사무차관은 2024년 10월 16일 서울에서 "
    "만나 한미일 3국 협력을 논의하였다. 3국은 인도태평양 지역의 평화와 안정을 위해 긴밀히 협력해 "
    "나가기로 하였다.\n\n"
    "3국 차관은 북한의 핵과 미사일 위협에 단호히 대응하고 한반도의 완전한 비핵화를 위한 "
    "의지를 재확인하였다. 미국, 일본, 한국은 경제안보 협력을 강화해 나갈 것이다.\n"
)

JAPANESE = (
    "日米韓外務次官協議 共同声明\n\n"
    "日本の外務事務次官、米国の国務副長官及び韓国の外交部第一次官は、2024年10月16日、ソウルにおいて"
    "会合を行い、日米韓三か国の協力について議論した。三か国はインド太平洋地域の平和と安定のために"
    "緊密に連携していくことを確認した。\n\n"
    "三か国の次官は、北朝鮮の核・ミサイル問題に断固として対応し、朝鮮半島の完全な非核化への"
    "コミットメントを再確認した。日本、米国、韓国は経済安全保障の協力を強化していく。\n"
)


def test_empty_file_is_refused():
    result = parse_source(b"", filename="empty.txt")
    assert not result.ok
    assert result.errors == ["The file is empty."]


def test_whitespace_only_file_is_refused_as_empty():
    assert parse_source(b"  \n\r\n\t ").errors == ["The file is empty."]


def test_pdf_is_refused_by_name():
    result = parse_source(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>")
    assert not result.ok
    assert "PDF" in result.errors[0]


def test_binary_with_nul_bytes_is_refused():
    result = parse_source(b"some text\x00\x01\x02 more")
    assert not result.ok
    assert "NUL bytes" in result.errors[0]


def test_office_document_is_refused_by_name():
    assert "ZIP archive" in parse_source(b"PK\x03\x04rest-of-a-docx").errors[0]


def test_text_over_the_size_limit_is_refused_stating_the_limit(settings):
    settings.INGEST_MAX_BYTES = 1000
    result = parse_source(STATEMENT.encode() * 3)
    assert not result.ok
    assert "too big" in result.errors[0]
    assert "1,000 bytes" in result.errors[0]


def test_default_size_limit_is_one_million_bytes(settings):
    assert settings.INGEST_MAX_BYTES == 1_000_000
    assert "1,000,000 bytes" in parse_source(b"a" * 1_000_001).errors[0]


def test_undecodable_bytes_are_refused_naming_the_problem():
    result = parse_source(b"Joint statement \xff\xfe\xfa\xfb of the leaders" * 3 + b"\x81")
    assert not result.ok
    assert "not UTF-8" in result.errors[0]
    assert "CP949" in result.errors[0] and "Shift_JIS" in result.errors[0]


def test_latin1_text_is_refused_rather_than_misread():
    result = parse_source("Déclaration conjointe des ministres à Séoul".encode("latin-1"))
    assert not result.ok
    assert "not UTF-8" in result.errors[0]


def test_utf8_with_bom_decodes():
    result = parse_source(codecs.BOM_UTF8 + STATEMENT.encode())
    assert result.ok, result.errors
    assert result.encoding == "utf-8-sig"
    assert not result.raw_text.startswith("\ufeff")


def test_utf16_with_bom_decodes():
    result = parse_source(STATEMENT.encode("utf-16"))
    assert result.ok, result.errors
    assert result.metadata.place == "Tokyo"


def test_cp949_korean_text_decodes_and_reads_as_korean():
    result = parse_source(KOREAN.encode("cp949"), filename="kr.txt")
    assert result.ok, result.errors
    assert result.encoding == "cp949"
    assert result.metadata.language == "ko"
    assert "서울" in result.body
    assert any("cp949" in w for w in result.warnings)


def test_euc_kr_korean_text_decodes():
    result = parse_source(KOREAN.encode("euc-kr"))
    assert result.ok, result.errors
    assert result.metadata.language == "ko"


def test_shift_jis_japanese_text_decodes_and_reads_as_japanese():
    result = parse_source(JAPANESE.encode("shift_jis"), filename="jp.txt")
    assert result.ok, result.errors
    assert result.encoding in {"shift_jis", "cp932"}
    assert result.metadata.language == "ja"
    assert "ソウル" in result.body


def test_korean_statement_gets_its_meeting_date_from_the_korean_date():
    result = parse_source(KOREAN.encode("utf-8"))
    assert result.ok, result.errors
    assert str(result.metadata.meeting_date) == "2024-10-16"


def test_html_page_has_its_text_extracted():
    page = (
        "<!DOCTYPE html><html lang='en'><head><title>Joint Statement of the 3rd Trilateral "
        "Ministerial Meeting | U.S. Department of Defense</title>"
        "<link rel='canonical' href='https://www.defense.gov/News/Releases/Release/Article/1/'>"
        "<script>var tracking = 1;</script><style>p {color: red}</style></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><main><h1>Joint Statement of the "
        "3rd Trilateral Ministerial Meeting</h1>"
        + "".join(f"<p>{p}</p>" for p in STATEMENT.split("\n\n")[1:])
        + "</main><footer>Privacy policy</footer></body></html>"
    )
    result = parse_source(page.encode(), filename="page.html")
    assert result.ok, result.errors
    assert result.metadata.title == "Joint Statement of the 3rd Trilateral Ministerial Meeting"
    assert result.metadata.source_url == "https://www.defense.gov/News/Releases/Release/Article/1/"
    assert result.metadata.publisher == "U.S. Department of Defense"
    assert (
        "tracking" not in result.body and "Privacy" not in result.body and "Home" not in result.body
    )
    assert result.body.startswith("The Minister of National Defense")
    assert any("HTML" in w for w in result.warnings)
    assert result.raw_text.startswith("<!DOCTYPE html>")


def test_html_page_without_text_is_refused_clearly():
    result = parse_source(
        b"<!DOCTYPE html><html><head><script>x()</script></head><body></body></html>"
    )
    assert not result.ok
    assert "HTML page has no readable text" in result.errors[0]


def test_text_with_no_statement_is_refused():
    result = parse_source(b"Home\nNews\nContact us\nShare\nPrint\n\nCopyright 2024\n")
    assert not result.ok
    assert "No recognisable statement" in result.errors[0]


def test_prose_that_is_no_statement_is_refused():
    recipe = (
        b"Preheat the oven and butter a dish while you whisk the eggs with a little sugar. "
        b"Fold in the flour slowly, pour the batter into the dish, and bake it for half an hour "
        b"until the top is golden and a knife comes out clean.\n"
    )
    result = parse_source(recipe)
    assert not result.ok
    assert "No recognisable statement" in result.errors[0]


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(raw):
    result = parse_source(raw, filename="fuzz.bin")
    assert result.ok or result.errors
    if result.ok:
        assert all(result.body[c.start : c.end] == c.text for c in result.clauses)


@hypothesis_settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises(text):
    result = parse_source((STATEMENT[:200] + text).encode("utf-8", "surrogatepass"))
    assert result.ok or result.errors
    if result.ok:
        assert all(result.body[c.start : c.end] == c.text for c in result.clauses)


def test_windows_line_ends_and_markdown_headings_are_handled():
    text = "# Joint Statement of the 3rd Trilateral Ministerial Meeting\r\n\r\n" + STATEMENT.split(
        "\n\n", 1
    )[1].replace("\n", "\r\n")
    result = parse_source(text.encode())
    assert result.ok, result.errors
    assert result.metadata.title == "Joint Statement of the 3rd Trilateral Ministerial Meeting"
    assert result.metadata.ordinal == 3
    assert "\r" not in result.body
    assert result.raw_text == text


def test_hard_wrapped_text_without_blank_lines_keeps_its_paragraphs():
    wrapped = (
        "Joint Statement of the 3rd Trilateral Ministerial Meeting\n"
        "The Minister of National Defense of the Republic of Korea Kim Yong-hyun, the\n"
        "Secretary of Defense of the United States Lloyd J. Austin III, and the Minister\n"
        "of Defense of Japan Kihara Minoru met in Tokyo on July 28, 2024.\n"
        "The Ministers reaffirmed their commitment to trilateral security cooperation\n"
        "and signed the Memorandum of Cooperation on the Trilateral Security\n"
        "Cooperation Framework.\n"
        "They committed to hold the next meeting in the Republic of Korea in 2025.\n"
    )
    result = parse_source(wrapped.encode())
    assert result.ok, result.errors
    assert len(result.paragraphs) == 3
    assert result.paragraphs[0].startswith("The Minister of National Defense")
    assert result.paragraphs[1].endswith("Cooperation Framework.")
    assert result.metadata.meeting_date.isoformat() == "2024-07-28"


def test_utf16_without_a_byte_order_mark_is_refused_saying_how_to_fix_it():
    raw = (STATEMENT[:300]).encode("utf-16-le")
    result = parse_source(raw)
    assert not result.ok
    assert "UTF-16 (little-endian) without a byte-order mark" in result.errors[0]
    assert "Save the statement as UTF-8" in result.errors[0]
