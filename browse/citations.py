"""How to cite a commitment's timeline: plain text and BibTeX (title, Trilat, permalink, accessed)."""

import re

# BibTeX's special characters, escaped for LaTeX.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def plain_text(title, permalink, accessed):
    """'“Title.” Trilat. https://…/ (accessed 23 November 2026).'"""
    title = title.rstrip(".")
    return f"“{title}.” Trilat. {permalink} (accessed {accessed.day} {accessed:%B %Y})."


def bibtex_escape(text):
    return "".join(_BIBTEX_ESCAPES.get(ch, ch) for ch in text)


def bibtex_key(slug):
    return "trilat-" + re.sub(r"[^a-z0-9-]", "", slug.lower())[:60]


def bibtex(slug, title, permalink, accessed):
    """A @misc entry; the title in double braces keeps its capitals."""
    fields = [
        ("title", "{" + bibtex_escape(title) + "}"),
        ("author", "{Trilat}"),
        ("howpublished", r"\url{" + permalink + "}"),
        ("url", permalink),
        ("urldate", accessed.isoformat()),
        ("note", f"Accessed {accessed.isoformat()}"),
    ]
    lines = [f"@misc{{{bibtex_key(slug)},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines) + "\n}"
