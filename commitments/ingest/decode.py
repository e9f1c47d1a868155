"""Bytes -> text: UTF-8 (with or without BOM), UTF-16 with BOM, and clean CP949/EUC-KR or Shift_JIS.

Anything else is refused with a message naming the problem, so nobody ingests mojibake.
"""

import codecs
import unicodedata

# Magic numbers of the binary formats people most often upload by mistake.
BINARY_SIGNATURES = [
    (b"%PDF", "a PDF file; save the statement as plain text first"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip file?); save it as plain text first"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document; save it as plain text first"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
]

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class DecodeError(ValueError):
    """The bytes are not a text we accept; the message says why."""


def decode_bytes(raw):
    """Return (text, encoding name) or raise DecodeError with a clear message."""
    if not raw.strip():
        raise DecodeError("The file is empty.")
    for signature, what in BINARY_SIGNATURES:
        if raw.startswith(signature):
            raise DecodeError(f"This is {what}.")
    if raw.startswith(codecs.BOM_UTF8):
        text = _strict(raw[len(codecs.BOM_UTF8) :], "utf-8", "UTF-8 (with BOM)")
        return _checked(text), "utf-8-sig"
    if raw.startswith(UTF16_BOMS):
        text = _strict(raw, "utf-16", "UTF-16")
        return _checked(text), "utf-16"
    if b"\x00" in raw:
        byte_order = _utf16_without_bom(raw)
        if byte_order:
            raise DecodeError(
                f"This looks like UTF-16 ({byte_order}) without a byte-order mark: NUL bytes sit "
                "between its letters. Save the statement as UTF-8 (in most editors: Save As, "
                "encoding UTF-8) and upload it again."
            )
        offset = raw.index(b"\x00")
        raise DecodeError(
            f"This looks like a binary file: it contains NUL bytes (first at byte {offset}). "
            "Upload the statement as a plain text file."
        )
    try:
        return _checked(raw.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    legacy = _decode_legacy_cjk(raw)
    if legacy:
        return legacy
    raise DecodeError(
        f"The text is not UTF-8 (undecodable byte 0x{raw[utf8_error.start]:02x} at byte "
        f"{utf8_error.start}) and does not decode cleanly as Korean (CP949/EUC-KR) or Japanese "
        "(Shift_JIS) either. Save it as UTF-8 and upload it again."
    )


def _utf16_without_bom(raw):
    """ "little-endian" or "big-endian" when the bytes read as UTF-16 text, else ""."""
    sample = raw[:4000]
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2 or 1
    high_nuls = {
        "utf-16-le": sample[1::2].count(0),  # ASCII "a" is 61 00 in little-endian
        "utf-16-be": sample[0::2].count(0),
    }
    for codec, byte_order in (("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")):
        # Spaces, digits and Latin letters put a NUL in one byte of every fifth pair or more.
        if high_nuls[codec] < 0.2 * pairs:
            continue
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        readable = sum(1 for ch in text if _is_text_character(ch))
        if len(text.strip()) >= 8 and readable >= 0.95 * len(text):
            return byte_order
    return ""


def _is_text_character(ch):
    """Printable ASCII, whitespace, or a letter of the scripts statements are written in."""
    return (
        " " <= ch <= "~"
        or ch in "\t\n\r"
        or "\u00a0" <= ch <= "\u024f"  # Latin-1 and Latin Extended
        or "\u2000" <= ch <= "\u206f"  # general punctuation
        or "\u3000" <= ch <= "\u30ff"  # CJK punctuation, kana
        or "\u4e00" <= ch <= "\u9fff"
        or "\uac00" <= ch <= "\ud7a3"
        or "\uff00" <= ch <= "\uffef"
    )


def _strict(raw, codec, label):
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"The file starts with a {label} byte order mark but byte {exc.start} is not valid "
            f"{label}."
        ) from None


def _checked(text):
    """Refuse decoded text full of control characters: a binary file that happened to decode."""
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if controls:
        raise DecodeError(
            f"This looks like a binary file: it contains {controls} control character(s) that "
            "plain text does not have."
        )
    if not text.strip():
        raise DecodeError("The file is empty.")
    return text


def _decode_legacy_cjk(raw):
    """Try CP949 (a superset of EUC-KR) and Shift_JIS; keep a decoding only if it reads as
    Korean or Japanese respectively (legacy codecs accept many byte strings as gibberish)."""
    candidates = []
    for codec, label, is_native in [
        ("cp949", "cp949", _reads_as_korean),
        ("shift_jis", "shift_jis", _reads_as_japanese),
        ("cp932", "cp932", _reads_as_japanese),
    ]:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        score = is_native(text)
        if score >= 0.9:
            candidates.append((score, text, label))
    if not candidates:
        return None
    score, text, label = max(candidates, key=lambda c: c[0])
    try:
        return _checked(text), label
    except DecodeError:
        return None


def _non_ascii_letters(text):
    return [ch for ch in text if ord(ch) > 127 and not ch.isspace()]


def _reads_as_korean(text):
    chars = _non_ascii_letters(text)
    if not chars:
        return 0.0
    native = sum(1 for ch in chars if "\uac00" <= ch <= "\ud7a3" or _is_cjk_punctuation(ch))
    return native / len(chars)


def _reads_as_japanese(text):
    chars = _non_ascii_letters(text)
    if not chars:
        return 0.0
    kana = sum(1 for ch in chars if "\u3040" <= ch <= "\u30ff")
    if kana < max(1, len(chars) // 10):
        # Japanese prose always has kana; kanji alone is more likely a mis-decoding.
        return 0.0
    native = sum(
        1
        for ch in chars
        if "\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or _is_cjk_punctuation(ch)
    )
    return native / len(chars)


def _is_cjk_punctuation(ch):
    return "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" or ch in "·…“”‘’"
