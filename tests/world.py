"""A small world of meetings, statements and commitments for the page tests (built with builders)."""

import datetime
from types import SimpleNamespace

from commitments.models import CommitmentAlias, CommitmentRedirect, Participation
from tests.builders import (
    make_actor,
    make_clause,
    make_commitment,
    make_meeting,
    make_mention,
    make_series,
    make_statement,
    make_topic,
)

d = datetime.date


def build_world():
    """Two series over five meetings; five commitments; a translation; one pending mention."""
    w = SimpleNamespace()
    w.leaders = make_series("Leaders' Summit", slug="leaders-summit")
    w.vfm = make_series("Vice Foreign Ministerial Dialogue", level="vice_ministerial", slug="vfm")
    w.dtt = make_series("Defense Trilateral Talks", level="working", slug="dtt")
    w.us = make_actor("United States", slug="united-states", short_name="US")
    w.japan = make_actor("Japan", slug="japan")
    w.rok = make_actor("Republic of Korea", slug="republic-of-korea", short_name="ROK")
    w.campbell = make_actor("Kurt M. Campbell", kind="person", slug="kurt-campbell", country=w.us)
    w.unsc = make_actor("UN Security Council", kind="organisation", slug="unsc")
    w.dprk = make_topic("DPRK", slug="dprk")
    w.maritime = make_topic("Maritime security", slug="maritime-security")
    w.tech = make_topic("Technology", slug="technology")

    w.camp_david = make_meeting(
        w.leaders, d(2023, 8, 18), title="Camp David Summit", slug="camp-david", place="Camp David"
    )
    w.dtt14 = make_meeting(
        w.dtt, d(2024, 4, 24), title="14th Defense Trilateral Talks", slug="dtt-14", is_virtual=True
    )
    w.vfm_may = make_meeting(
        w.vfm, d(2024, 5, 31), title="VFM Dialogue", slug="vfm-may", place="Washington"
    )
    w.vfm_oct = make_meeting(
        w.vfm, d(2024, 10, 16), title="VFM Meeting", slug="vfm-oct", place="Seoul"
    )
    w.lima = make_meeting(
        w.leaders, d(2024, 11, 15), title="Lima Meeting", slug="lima", place="Lima"
    )
    for actor in (w.us, w.japan, w.rok):
        Participation.objects.create(meeting=w.lima, actor=actor, is_party=True, country=actor)
    Participation.objects.create(
        meeting=w.vfm_may, actor=w.campbell, role="Deputy Secretary of State", country=w.us
    )

    w.s_camp = make_statement(
        w.camp_david,
        body="We gather at Camp David.\n\nWe commit to hold trilateral exercises annually. "
        "We will launch missile warning data sharing by the end of 2023.\n\n"
        "We condemn the DPRK's missile launches.",
        title="The Spirit of Camp David",
        slug="spirit-of-camp-david",
    )
    c_ex1 = make_clause(w.s_camp, "We commit to hold trilateral exercises annually.", paragraph=2)
    c_mw1 = make_clause(
        w.s_camp, "We will launch missile warning data sharing by the end of 2023.", paragraph=2
    )
    c_cond = make_clause(w.s_camp, "We condemn the DPRK's missile launches.", paragraph=3)
    w.s_dtt = make_statement(
        w.dtt14,
        body="They welcomed progress on Freedom Edge.\n\nMissile warning data sharing now operates.",
        title="DTT Joint Press Statement",
        slug="dtt-14-statement",
    )
    c_ex2 = make_clause(w.s_dtt, "They welcomed progress on Freedom Edge.")
    c_mw2 = make_clause(w.s_dtt, "Missile warning data sharing now operates.", paragraph=2)
    w.s_may = make_statement(
        w.vfm_may,
        body="They reaffirmed missile warning data sharing. They discussed maritime cooperation.",
        title="VFM Readout",
        slug="vfm-may-readout",
        kind="readout",
    )
    c_mw3 = make_clause(w.s_may, "They reaffirmed missile warning data sharing.")
    w.c_mar = make_clause(w.s_may, "They discussed maritime cooperation.")
    w.s_oct = make_statement(
        w.vfm_oct,
        body="They welcomed the inaugural Freedom Edge.",
        title="VFM Statement",
        slug="vfm-oct-statement",
    )
    c_ex3 = make_clause(w.s_oct, "They welcomed the inaugural Freedom Edge.")
    w.s_lima = make_statement(
        w.lima,
        body="Today, we announce the establishment of the Trilateral Secretariat. "
        "We reaffirm trilateral exercises such as Freedom Edge.",
        title="Lima Joint Statement",
        slug="lima-statement",
    )
    w.c_sec = make_clause(
        w.s_lima, "Today, we announce the establishment of the Trilateral Secretariat."
    )
    c_ex4 = make_clause(w.s_lima, "We reaffirm trilateral exercises such as Freedom Edge.")
    w.s_lima_tr = make_statement(
        w.lima,
        body="Today, the leaders launched the Trilateral Secretariat. They reaffirmed Freedom Edge.",
        title="Lima Joint Statement (unofficial translation)",
        slug="lima-statement-translation",
        translation_of=w.s_lima,
        is_unofficial_translation=True,
    )
    w.c_sec_tr = make_clause(
        w.s_lima_tr, "Today, the leaders launched the Trilateral Secretariat.", aligned_to=w.c_sec
    )
    make_clause(w.s_lima_tr, "They reaffirmed Freedom Edge.", aligned_to=c_ex4)

    w.exercise = make_commitment(
        "Annual trilateral exercise (Freedom Edge)",
        slug="freedom-edge",
        summary="Hold a named multi-domain trilateral exercise every year.",
    )
    w.warning = make_commitment("Missile warning data sharing", slug="missile-warning")
    w.secretariat = make_commitment("Trilateral Secretariat", slug="trilateral-secretariat")
    w.maritime_c = make_commitment("Maritime security cooperation", slug="maritime-cooperation")
    w.condemn = make_commitment("Condemn DPRK missile launches", slug="condemn-launches")
    w.unmentioned = make_commitment("Draft idea nobody mentioned", slug="draft-idea")
    w.exercise.topics.add(w.dprk)
    w.exercise.actors.add(w.us, w.japan, w.rok)
    w.warning.topics.add(w.dprk, w.tech)
    w.warning.actors.add(w.us, w.japan, w.rok, w.unsc)
    w.secretariat.actors.add(w.us, w.campbell)
    w.maritime_c.topics.add(w.maritime)
    w.condemn.topics.add(w.dprk)
    w.condemn.actors.add(w.unsc)
    CommitmentAlias.objects.create(commitment=w.secretariat, name="TCM coordinating body")
    CommitmentRedirect.objects.create(old_slug="old-secretariat", commitment=w.secretariat)

    make_mention(c_ex1, w.exercise, "pledged", span_start=10, span_end=47)
    make_mention(c_mw1, w.warning, "pledged")
    make_mention(c_cond, w.condemn, "reaffirmed")
    make_mention(c_ex2, w.exercise, "in_progress", span_start=13, span_end=38)
    make_mention(c_mw2, w.warning, "achieved")
    make_mention(c_mw3, w.warning, "reaffirmed")
    make_mention(w.c_mar, w.maritime_c, "pledged")
    make_mention(c_ex3, w.exercise, "achieved")
    w.sec_mention = make_mention(w.c_sec, w.secretariat, "achieved", span_start=17, span_end=66)
    make_mention(c_ex4, w.exercise, "reaffirmed")
    make_mention(w.c_mar, w.secretariat, "pledged", review="pending")
    for commitment in (w.exercise, w.warning, w.secretariat, w.maritime_c, w.condemn):
        commitment.refresh_from_db()
    return w
