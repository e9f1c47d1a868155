"""The synonyms search expands queries with (commitments.models.SynonymGroup): the groups every
database starts with, and the acronyms published texts define ("Long Name (LN)").

Both take the models as arguments, so migration 0013 seeds with its historical models what the
services add later with the current ones. Keys are written here (historical models have no
custom save)."""

from commitments.rules import synonym_key

# Names the partnership's texts use for the same countries, whether or not a text defines them.
SEEDED = [
    ("North Korea", ["DPRK", "North Korea", "Democratic People's Republic of Korea"]),
    ("South Korea", ["ROK", "South Korea", "Republic of Korea"]),
    ("China", ["PRC", "China", "People's Republic of China"]),
]


def _models(models):
    if models is not None:
        return models
    from commitments.models import Synonym, SynonymGroup

    return SynonymGroup, Synonym


def seed(models=None):
    """Create the SEEDED groups (a member already known elsewhere is left where it is)."""
    SynonymGroup, Synonym = _models(models)
    for note, terms in SEEDED:
        known = set(Synonym.objects.filter(key__in=map(synonym_key, terms)).values_list("key"))
        fresh = [term for term in terms if (synonym_key(term),) not in known]
        if fresh:
            group = SynonymGroup.objects.create(note=note, source="editor")
            Synonym.objects.bulk_create(
                Synonym(group=group, term=term, key=synonym_key(term)) for term in fresh
            )


def defined_acronyms(texts):
    """[(acronym, long name as written)] the texts define by "Long Name (LN)", by a rule: the
    letters in parentheses spelt by the initials of the words just before (suggest/text.py)."""
    from commitments.suggest.text import acronym_definitions

    found = {}
    for text in texts:
        for letters, name in acronym_definitions(text, as_written=True).items():
            found.setdefault((letters.upper(), synonym_key(name)), name)
    return [(acronym, name) for (acronym, _key), name in found.items()]


def learn(pairs, models=None):
    """Make each (acronym, long name) synonyms: a new group when neither is known, the missing one
    added to the group of the one that is; two known in different groups are left for editors.
    Returns how many synonyms were added."""
    SynonymGroup, Synonym = _models(models)
    added = 0
    for acronym, name in pairs:
        keys = {synonym_key(acronym): acronym, synonym_key(name): name}
        if len(keys) < 2 or not all(keys) or any(len(k.split()) > 8 for k in keys):
            continue
        known = dict(Synonym.objects.filter(key__in=keys).values_list("key", "group_id"))
        if len(known) == 2:
            continue
        if known:
            group_id = next(iter(known.values()))
        else:
            group_id = SynonymGroup.objects.create(note=f"{acronym}: {name}", source="texts").pk
        Synonym.objects.bulk_create(
            Synonym(group_id=group_id, term=term, key=key)
            for key, term in keys.items()
            if key not in known
        )
        added += len(keys) - len(known)
    return added


def learn_from_statement(statement):
    """Learn the acronyms a (published) statement's clauses define."""
    texts = statement.clauses.values_list("text", flat=True)
    return learn(defined_acronyms(texts))
