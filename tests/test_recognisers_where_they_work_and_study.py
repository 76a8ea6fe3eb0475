"""Sentence tests in Presidio's style for the seventh round of recall rules, tuned on the third
tuning corpus (businesses and schools named the many ways officers name them, and nicknames
between names in lower case or capitals): every identifier
below must be hidden, every "keep" phrase must survive. The sentences are made up for this file;
none is copied from a corpus."""

from __future__ import annotations

import pytest

from panel_tool.anonymise.redaction import redact
from tests.recognising import hidden, touched

CAUGHT = [
    # a business of everyday words after where someone was: leaving, into, behind, to, of, attended
    ("male seen leaving brookside car sales with a holdall", "brookside car sales"),
    ("he ran into kestrel cleaning and hid", "kestrel cleaning"),
    ("stood in the car park of jasmine palace restaurant at 0130", "jasmine palace restaurant"),
    ("I attended redbrook recovery where staff said", "redbrook recovery"),
    ("called to 4 star builders at 1410 re a fight", "4 star builders"),
    ("two males outside b2b tyres on the main road", "b2b tyres"),
    # "and" or "&" with carry, sons or daughters continues the name
    ("info from a lad who works at zamzam cash and carry that he sells", "zamzam cash and carry"),
    ("a disturbance in Okafor & Sons and I asked him to leave", "Okafor & Sons"),
    ("seen going in and out of Nwosu and Daughters four times", "Nwosu and Daughters"),
    # the ways of saying someone works somewhere, then at / for / by
    ("he drives for swift cabs, plate on the dash", "swift cabs"),
    ("she labours for pennine roofing on site", "pennine roofing"),
    ("he is a sparky for brightside electrical", "brightside electrical"),
    ("he helps out at his uncle's shop kaya cafe after school", "kaya cafe"),
    ("does the door at the blue room fridays", "blue room"),
    # found at work; the keys staff carry
    ("went to arrest him at his work, lucky fry, on the corner", "lucky fry"),
    ("had keys for the tea cosy cafe on him, says he locks up", "tea cosy cafe"),
    # a car wash or care home with a name of its own; a firm's name on what someone wears
    ("seen leaving sparkle hand car wash at 0210", "sparkle hand car wash"),
    ("he had a mossley skips lanyard round his neck", "mossley skips"),
    ("still in his golden dragon hi vis from his shift", "golden dragon"),
    ("a t shirt with kwik kebabs printed on it", "kwik kebabs"),
    ("he is a kitchen porter at the lotus garden", "lotus garden"),
    # a nickname between a forename and a surname that only the recall-first pass finds
    ("stopped tomasz 'big t' wronski on the corner", "'big t'"),
    ("EYE PEE KWAME 'TINY' ASANTE-BOATENG STOPPED", "TINY"),
    # a date of birth in spaced numbers with no cue, after a name or too old to be the search's
    ("details: kemi adeyemi, 14 03 2009, pupil", "14 03 2009"),
    # a log or incident number with its day and month, and "record" mistyped
    ("matched desc from log 4471 of 03/11, male in grey", "4471 of 03/11"),
    ("dispatched to incident 2290 2711 at the shop", "2290 2711"),
    ("receipt given, reocrd 5512 12/11/26", "5512 12/11/26"),
    # a bare collar number before an officer's name, after with / and / by / a slash or dash
    ("cuffs applied with 4471 Okonjo-Hart and taken to the van", "4471"),
    ("search done by myself - 5520 BRENNAN assisted", "5520"),
    # a school's name on its kit, and its sixth form
    ("seen in her moorcroft grange pe kit near the shops", "moorcroft grange"),
    ("stood outside Hillview Academy 6th form at lunch", "Hillview Academy 6th form"),
    # a handle before its platform; an identity card number in groups of three
    ("he goes by lil.kez on snapchat apparently", "lil.kez"),
    ("showed a Polish ID card 412 907 335 at the roadside", "412 907 335"),
    # a school as one detail of a list
    ("jay okoro / 03-02-2011 / beech hill high / mum present", "beech hill high"),
    ("dob 14/02/2012 - sandy lane primary", "sandy lane primary"),
    # schools: shorthand and the people around them, "c of e", units and provision
    ("details given, sch Moorside, mum present", "Moorside"),
    ("selling vapes to kids from Lowbridge, searched s23", "Lowbridge"),
    ("teacher from harcourt hill rang it in", "harcourt hill"),
    ("fight with pupils from elmwood c of e high near the park", "elmwood c of e high"),
    ("on a reduced timetable at larkfield pupil referral unit", "larkfield pupil referral unit"),
    ("wearing a Compass Centre (PRU) blazer", "Compass Centre (PRU)"),
    ("outside BRIDGES ALTERNATIVE PROVISION at home time", "BRIDGES ALTERNATIVE PROVISION"),
]


@pytest.mark.parametrize("text, value", CAUGHT)
def test_identifier_is_hidden(text, value):
    assert hidden(text, value), redact(text).text


KEPT = [
    # "for" is no place: an offence, a reason, what was searched for
    ("stopped on the A6 for no insurance, seized", "for no insurance"),
    ("search s1 pace for weapon found meat cleaver", "weapon found meat cleaver"),
    # a place with no name of its own
    ("he went to the car wash and back", "the car wash"),
    ("she was meant to be at the pupil referral unit today", "pupil referral unit"),
    ("referred to a learning centre by the council", "a learning centre"),
    # what is worn, with no firm's name on it
    ("wearing a yellow hi-vis and a hat", "a yellow hi-vis and a hat"),
    ("a male matching IP's desc, hi vis vest", "a male matching IP's desc, hi vis vest"),
    ("occupation: mechanic, unemployed since may", "mechanic"),
    # the search's own date in spaced numbers, with no name before it, stays
    ("search took place 14 11 2026 at the park", "14 11 2026"),
    # a blazer or PE kit with no school's name
    ("wearing a navy blazer and his pe kit", "a navy blazer and his pe kit"),
    # keys to nobody's workplace
    ("he had keys for the car and his flat", "keys for the car and his flat"),
    # a power or a time before a platform is no handle
    ("searched s23 on snapchat evidence", "s23"),
    ("seen at 2300 on snap map", "2300"),
    # a road or the word "high" between separators is no school
    ("searched / risk high / nfa", "risk high"),
    # a time before a name is no collar number
    ("seen at 1430 khan was with him", "1430"),
    # a time after a log number is no date
    ("cad 3321 1245hrs male seen", "1245hrs"),
    # a schedule is no school
    ("detained under sch 7 at the port", "sch 7"),
    ("moved to the hand car wash on the corner", "hand car wash"),
]


@pytest.mark.parametrize("text, phrase", KEPT)
def test_what_a_panel_needs_is_kept(text, phrase):
    assert not touched(text, phrase), redact(text).text
