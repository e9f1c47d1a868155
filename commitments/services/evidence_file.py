"""Evidence and assessments from a YAML file (fixtures/assessments.yaml): read, check everything,
then load what is missing, published.

The file holds `evidence:` (each with a local `key`, the commitments' slugs, kind, url, publisher,
date, title, parties, summary, optional quote) and `assessments:` (commitment, as_of, party,
rating, rationale, the keys of the evidence cited). Every entry is checked before anything is
written; one problem and nothing is. Loading never overwrites: evidence already on record at the
same URL, and an assessment of the same commitment, party and date, are left as they are.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError

from commitments import tracking
from commitments.evidence import (
    HTTP_URL,
    PARTY_NAMES,
    SCOPES,
    TOGETHER,
    Assessment,
    Evidence,
    EvidenceKind,
    Rating,
    party_actors,
)
from commitments.models import Commitment
from commitments.services import evidence as service

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "assessments.yaml"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EVIDENCE_KEYS = {"key", "commitments", "kind", "url", "publisher", "date", "title", "parties"}
EVIDENCE_KEYS |= {"summary", "quote"}
ASSESSMENT_KEYS = {"commitment", "as_of", "party", "rating", "rationale", "evidence"}


class EvidenceFileError(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Report:
    evidence: int = 0
    evidence_kept: int = 0
    assessments: int = 0
    assessments_kept: int = 0
    notes: list = field(default_factory=list)


def read_file(path=DEFAULT_PATH):
    """The file's data, or EvidenceFileError naming what is wrong with it."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except OSError as exc:
        raise EvidenceFileError([f"cannot read {path}: {exc.strerror or exc}"]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise EvidenceFileError([f"{path} is not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise EvidenceFileError(["the file holds no mapping with `evidence:` and `assessments:`"])
    return data


def _text(entry, key, where, problems, required=True):
    value = entry.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{where}: `{key}` is missing")
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}: `{key}` must be text")
        return ""
    return value.strip()


def _date(entry, key, where, problems):
    value = entry.get(key)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(f"{where}: `{key}` must be a date (YYYY-MM-DD), not {value!r}")
    return None


def _list(entry, key, where, problems):
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: `{key}` must be a list of names")
        return []
    return value


def _entries(data, key, problems):
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        problems.append(f"`{key}` must be a list of entries")
        return []
    return value


def check(data):
    """Everything the file says, resolved against the database: (evidence specs, assessment
    specs). EvidenceFileError lists every problem, each naming its entry."""
    problems = []
    for extra in set(data) - {"evidence", "assessments"}:
        problems.append(f"`{extra}` is not a section of this file (evidence, assessments)")
    parties = party_actors()
    evidence_entries = _entries(data, "evidence", problems)
    assessment_entries = _entries(data, "assessments", problems)
    slugs = {
        s for e in evidence_entries for s in (e.get("commitments") or []) if isinstance(s, str)
    }
    slugs |= {
        e.get("commitment") for e in assessment_entries if isinstance(e.get("commitment"), str)
    }
    commitments = {c.slug: c for c in Commitment.objects.filter(slug__in=slugs)}

    evidence, urls = {}, set()
    for n, entry in enumerate(evidence_entries, 1):
        key = entry.get("key")
        where = f"evidence #{n} ({key or 'no key'})"
        problems.extend(
            f"{where}: `{k}` is not a field" for k in sorted(set(entry) - EVIDENCE_KEYS)
        )
        if not isinstance(key, str) or not key.strip():
            problems.append(f"{where}: `key` is missing")
        elif key in evidence:
            problems.append(f"{where}: the key is used twice")
        url = _text(entry, "url", where, problems)
        if url:
            try:
                HTTP_URL(url)
            except ValidationError:
                problems.append(f"{where}: “{url[:80]}” is not an http or https address")
            if url in urls:
                problems.append(f"{where}: the URL is listed twice")
            urls.add(url)
        kind = entry.get("kind")
        if kind not in EvidenceKind.values:
            problems.append(
                f"{where}: kind “{kind}” is not one of {', '.join(EvidenceKind.values)}"
            )
        named = _list(entry, "commitments", where, problems)
        if not named:
            problems.append(f"{where}: `commitments` names no commitment")
        for slug in named:
            if slug not in commitments:
                problems.append(f"{where}: there is no commitment “{slug}”")
        for party in _list(entry, "parties", where, problems):
            if party not in PARTY_NAMES:
                problems.append(f"{where}: “{party}” is not one of {', '.join(PARTY_NAMES)}")
            elif party not in parties:
                problems.append(f"{where}: the country “{party}” is not on record")
        spec = {
            "url": url,
            "kind": kind,
            "publisher": _text(entry, "publisher", where, problems),
            "date": _date(entry, "date", where, problems),
            "title": _text(entry, "title", where, problems),
            "summary": _text(entry, "summary", where, problems),
            "quote": _text(entry, "quote", where, problems, required=False),
            "commitments": [commitments[s] for s in named if s in commitments],
            "parties": [parties[p] for p in entry.get("parties") or [] if p in parties],
        }
        evidence[key if isinstance(key, str) else f"#{n}"] = spec

    assessments = []
    for n, entry in enumerate(assessment_entries, 1):
        slug = entry.get("commitment")
        where = f"assessment #{n} ({slug}, {entry.get('party')}, {entry.get('as_of')})"
        problems.extend(
            f"{where}: `{k}` is not a field" for k in sorted(set(entry) - ASSESSMENT_KEYS)
        )
        commitment = commitments.get(slug) if isinstance(slug, str) else None
        if commitment is None:
            problems.append(f"{where}: there is no commitment “{slug}”")
        scope, rating = entry.get("party"), entry.get("rating")
        if scope not in SCOPES:
            problems.append(f"{where}: party “{scope}” is not one of {', '.join(SCOPES)}")
        elif scope != TOGETHER and scope not in parties:
            problems.append(f"{where}: the country “{scope}” is not on record")
        if rating not in Rating.values:
            problems.append(f"{where}: rating “{rating}” is not one of {', '.join(Rating.values)}")
        elif scope == TOGETHER and rating == Rating.NOT_APPLICABLE:
            problems.append(f"{where}: “not_applicable” is for one party, not the three together")
        cited = _list(entry, "evidence", where, problems)
        for key in cited:
            if key not in evidence:
                problems.append(f"{where}: it cites evidence “{key}”, which the file does not hold")
            elif commitment and commitment not in evidence[key]["commitments"]:
                problems.append(f"{where}: evidence “{key}” does not list this commitment")
        if rating in Rating.values and (problem := service.evidence_problem(rating, cited)):
            problems.append(f"{where}: {problem}")
        assessments.append(
            {
                "commitment": commitment,
                "party": parties.get(scope),
                "as_of": _date(entry, "as_of", where, problems),
                "rating": rating,
                "rationale": _text(entry, "rationale", where, problems),
                "evidence": cited,
            }
        )
    if problems:
        raise EvidenceFileError(problems)
    return evidence, assessments


@tracking.deferred()
def load(data, user=None):
    """Check the file, then add what is missing, published (one transaction)."""
    evidence_specs, assessment_specs = check(data)
    report, saved = Report(), {}
    for key, spec in evidence_specs.items():
        found = Evidence.objects.filter(url=spec["url"]).first()
        if found is not None:
            report.evidence_kept += 1
            saved[key] = found
            continue
        saved[key] = service.add_evidence(user, published=True, **spec)
        report.evidence += 1
    for spec in assessment_specs:
        cited = [saved[key] for key in spec.pop("evidence")]
        same = Assessment.objects.filter(
            commitment=spec["commitment"], party=spec["party"], as_of=spec["as_of"]
        )
        if same.exists():
            report.assessments_kept += 1
            continue
        service.add_assessment(user, evidence=cited, published=True, **spec)
        report.assessments += 1
    return report
