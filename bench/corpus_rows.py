"""Writing the synthetic corpus's rows: a batched writer (COPY on PostgreSQL, executemany
elsewhere), and the commitments, meetings, statements, clauses and mentions it streams."""

import hashlib
import random

from django.utils.text import slugify

from bench.vocabulary import (
    CLOSINGS,
    FILLER_TEMPLATES,
    LATER_STAGES,
    PLACES,
    STAGE_OPENINGS,
    TITLES,
    acronym,
    commitment_title,
)
from commitments import rules
from commitments.models import (
    Clause,
    Commitment,
    CommitmentAlias,
    Meeting,
    Mention,
    Participation,
    Stage,
    Statement,
)


class RowWriter:
    """Buffers rows for one table and writes them in batches: COPY on PostgreSQL, else executemany."""

    def __init__(self, connection, model, attnames, batch_size):
        self.connection = connection
        self.table = connection.ops.quote_name(model._meta.db_table)
        fields = [model._meta.get_field(name) for name in attnames]
        self.columns = [f.column for f in fields]
        # Columns the caller leaves out take their model default (fields added later included).
        for f in model._meta.concrete_fields:
            if f.column in self.columns or f.primary_key:
                continue
            if f.has_default() or f.null or f.blank:
                fields.append(f)
                self.columns.append(f.column)
        self.constants = tuple(
            f.get_db_prep_save(f.get_default(), connection) for f in fields[len(attnames) :]
        )
        self.batch_size = batch_size
        self.rows = []
        self.written = 0

    def add(self, *values):
        self.rows.append(values + self.constants)
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        quoted = ", ".join(self.connection.ops.quote_name(c) for c in self.columns)
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({quoted}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({quoted}) VALUES ({marks})", self.rows
                )
        self.written += len(self.rows)
        self.rows = []


def write_commitments(ctx, first_id, counts, batch_size, report):
    connection, vocabulary = ctx.connection, ctx.vocabulary
    rows = RowWriter(
        connection,
        Commitment,
        ["id", "title", "slug", "summary", "created_at", "updated_at"],
        batch_size,
    )
    topics = RowWriter(
        connection, Commitment.topics.through, ["commitment_id", "topic_id"], batch_size
    )
    actors = RowWriter(
        connection, Commitment.actors.through, ["commitment_id", "actor_id"], batch_size
    )
    aliases = RowWriter(connection, CommitmentAlias, ["commitment_id", "name"], batch_size)
    now = Commitment._meta.get_field("created_at").get_db_prep_save(ctx.now, connection)
    parties = ctx.countries[:3]
    others = ctx.countries[3:] + ctx.organisations
    for c in range(len(counts)):
        rng = random.Random(f"{ctx.seed}:commitment:{c}")
        cid = first_id + c
        title = commitment_title(c, vocabulary)
        slug = f"{ctx.prefix}{c}-{slugify(title)}"[:200]
        summary = f"{title}: {rng.choice(vocabulary.sentences)}"
        rows.add(cid, title, slug, summary, now, now)
        for topic in rng.sample(ctx.topics, rng.choice((1, 1, 2, 2, 3))):
            topics.add(cid, topic)
        chosen = rng.sample(parties, rng.choice((1, 2, 3, 3)))
        if rng.random() < 0.4:
            chosen.append(rng.choice(others))
        for actor in chosen:
            actors.add(cid, actor)
        if rng.random() < 0.3:
            aliases.add(cid, acronym(title))
            report.aliases += 1
    for writer in (rows, topics, actors, aliases):
        writer.flush()
    report.commitments = rows.written


def write_meetings(ctx, schedule, buckets, first_ids, k, batch_size, report, log):
    connection = ctx.connection
    meetings = RowWriter(
        connection,
        Meeting,
        [
            "id",
            "series_id",
            "ordinal",
            "title",
            "slug",
            "start_date",
            "place",
            "is_virtual",
            "published",
            "created_at",
        ],
        batch_size,
    )
    participations = RowWriter(
        connection,
        Participation,
        ["meeting_id", "actor_id", "role", "country_id", "is_party"],
        batch_size,
    )
    statements = RowWriter(
        connection,
        Statement,
        [
            "id",
            "meeting_id",
            "title",
            "slug",
            "kind",
            "publisher",
            "published_on",
            "raw_text",
            "body",
            "content_hash",
            "ingested_at",
            "published_at",
        ],  # fmt: skip
        max(1, batch_size // 50),
    )
    parties = RowWriter(
        connection, Statement.parties.through, ["statement_id", "actor_id"], batch_size
    )
    clauses = RowWriter(
        connection,
        Clause,
        [
            "id",
            "statement_id",
            "position",
            "paragraph",
            "text",
            "start",
            "end",
            "carries_commitment",
        ],
        batch_size,
    )
    mentions = RowWriter(
        connection,
        Mention,
        [
            "clause_id",
            "commitment_id",
            "meeting_id",
            "published",
            "stage",
            "origin",
            "review",
            "score",
            "span_start",
            "span_end",
            "reviewed_at",
            "version",
            "created_at",
            "updated_at",
        ],  # fmt: skip
        batch_size,
    )
    now = Meeting._meta.get_field("created_at").get_db_prep_save(ctx.now, connection)
    adapt_date = connection.ops.adapt_datefield_value
    clause_id = first_ids[Clause]
    for index, (series_id, series_name, ordinal, date) in enumerate(schedule):
        rng = random.Random(f"{ctx.seed}:meeting:{index}")
        meeting_id = first_ids[Meeting] + index
        statement_id = first_ids[Statement] + index
        virtual = rng.random() < 0.1
        title = f"{rules.ordinal(ordinal)} {series_name}"
        meetings.add(
            meeting_id, series_id, ordinal, title, f"{ctx.prefix}m{index}-{slugify(title)}"[:200],
            adapt_date(date), "" if virtual else rng.choice(PLACES), virtual, True, now,
        )  # fmt: skip
        for country in ctx.countries[:3]:
            participations.add(meeting_id, country, "", None, True)
        for person, country in rng.sample(ctx.people, 3):
            participations.add(meeting_id, person, rng.choice(TITLES), country, False)
        texts, marks = _statement_clauses(ctx, rng, buckets[index], k)
        body_parts, offset, paragraph = [], 0, 1
        for position, text in enumerate(texts, start=1):
            if position > 1:
                separator = "\n\n" if rng.random() < 0.25 else " "
                paragraph += separator == "\n\n"
                body_parts.append(separator)
                offset += len(separator)
            cid = clause_id + position - 1
            clauses.add(
                cid,
                statement_id,
                position,
                paragraph,
                text,
                offset,
                offset + len(text),
                position in marks,
            )
            for commitment, stage, span in marks.get(position, ()):
                origin, score = (
                    ("suggested", round(rng.uniform(0.5, 1.0), 3))
                    if rng.random() < 0.3
                    else ("editor", None)
                )
                mentions.add(
                    cid, first_ids[Commitment] + commitment, meeting_id, True, stage, origin,
                    "accepted",
                    score, span[0], span[1], now, 1, now, now,
                )  # fmt: skip
            body_parts.append(text)
            offset += len(text)
        clause_id += len(texts)
        body = "".join(body_parts)
        digest = hashlib.sha256(f"{ctx.prefix}{index}\n{body}".encode()).hexdigest()
        statements.add(
            statement_id, meeting_id, f"Joint Statement of the {title}", f"{ctx.prefix}s{index}",
            Statement.Kind.JOINT_STATEMENT, "Synthetic corpus", adapt_date(date), body, body, digest, now,
            now,
        )  # fmt: skip
        for country in ctx.countries[:3]:
            parties.add(statement_id, country)
        if index % 500 == 499:
            log(f"  {index + 1} meetings, {clauses.written + len(clauses.rows)} clauses")
    for writer in (meetings, participations, statements, parties, clauses, mentions):
        writer.flush()
    report.meetings = meetings.written
    report.statements = statements.written
    report.clauses = clauses.written
    report.mentions = mentions.written


def _statement_clauses(ctx, rng, bucket, k):
    """K clause texts for one statement, and per position the (commitment, stage, span) it mentions."""
    vocabulary = ctx.vocabulary
    positions = list(range(1, k + 1))
    rng.shuffle(positions)
    marks = {}
    texts = []
    for slot, encoded in enumerate(bucket):
        commitment, number = divmod(encoded, 32)
        position = positions[slot % k]
        stage = Stage.PLEDGED if number == 0 else _later_stage(rng)
        marks.setdefault(position, []).append((commitment, stage))
    for position in range(1, k + 1):
        mentioned = marks.get(position)
        if not mentioned:
            if rng.random() < 0.5:
                texts.append(rng.choice(vocabulary.sentences))
            else:
                template = rng.choice(FILLER_TEMPLATES)
                actor = rng.choice(("The United States", "Japan", "The ROK", "The three countries"))
                texts.append(template.format(a=actor, s=rng.choice(vocabulary.subjects)))
            continue
        parts, spans = [], []
        offset = 0
        for i, (commitment, stage) in enumerate(mentioned):
            title = commitment_title(commitment, vocabulary)
            opening = rng.choice(STAGE_OPENINGS[stage])
            phrase = title[0].lower() + title[1:] if not title[:2].isupper() else title
            head, _, tail = opening.partition("{t}")
            if i:
                head = (
                    " We also " + head[0].lower() + head[1:]
                    if head.startswith("We ")
                    else " " + head
                )
            start = offset + len(head)
            spans.append((commitment, stage, (start, start + len(phrase))))
            sentence = head + phrase + tail + rng.choice(CLOSINGS)
            parts.append(sentence)
            offset += len(sentence)
        texts.append("".join(parts))
        marks[position] = spans
    return texts, marks


def _later_stage(rng):
    roll = rng.random() * sum(w for _, w in LATER_STAGES)
    for stage, weight in LATER_STAGES:
        roll -= weight
        if roll < 0:
            return stage
    return Stage.REAFFIRMED
