"""Sentence tests in Presidio's style for the fourth round of recall rules (written from how
officers write and how UK people, businesses, schools and references are named): every
identifier below must be hidden, every "keep" phrase must survive. The sentences are made up for
this file; none is copied from a corpus."""

from __future__ import annotations

import pytest

from panel_tool.anonymise.redaction import redact
from tests.recognising import hidden


CAUGHT = [
    # ambulance services' incident numbers, asylum registration cards, BWV with a unit's letters
    ("paramedics attended, ambulance ref EMAS 25/114092, no injuries", "EMAS 25/114092"),
    ("conveyed to hospital, yas 25-0412-7731 for the job", "yas 25-0412-7731"),
    ("he showed his ARC card UKA 4410 0392 and was compliant", "UKA 4410 0392"),
    ("all on BWV KX 4471 0022 19, reviewed", "KX 4471 0022 19"),
    ("footage: BWV 5120 03/04/25 1930 retained", "5120 03/04/25 1930"),
    # numbers said aloud to voice-to-text
    ("dob is fourth of the second oh nine, he was with two mates", "fourth of the second oh nine"),
    ("dee oh bee nine oh six two thousand and eight, searched s23", "nine oh six two thousand and eight"),
    ("his mobile number oh seven nine double four one two three five five six, nfa",
     "oh seven nine double four one two three five five six"),
    ("log reference is five two two nine seven", "five two two nine seven"),
    # identity cards and residence permits, recorded as passports
    ("produced Italian ID card no CA 0041221 at the roadside", "CA 0041221"),
    ("id card 40019283 4ZX1 (Portuguese) checked", "40019283 4ZX1"),
    ("his brp no RK7731002 was in date", "RK7731002"),
    # officers: number, surname, rank; "myself and" a number; an initial before the surname
    ("statement typed by 4410 OKAFOR PC for 2231 WELLS PS", "4410"),
    ("statement typed by 4410 OKAFOR PC for 2231 WELLS PS", "2231"),
    ("seen by myself and 6120 dunmore handing over a package", "6120"),
    ("reviewed and agreed, Insp K. Lowther 0912", "0912"),
    # a date of birth in spaced numbers after its cue
    ("male gave dob 04 11 1998 and an address", "04 11 1998"),
    # names: a possessive whose person is named elsewhere or is followed by what only a person has
    ("passenger Dean Hollis. Dean's phone was seized", "Dean"),
    ("Ward's snap had videos of the bike", "Ward"),
    ("the lad drew's instagram showed the knife", "drew"),
    # names and nicknames queried, then corrected
    ("the male I know as Skinz? his real name is Jordan Pike, was seen", "Skinz"),
    ("IP = bubba?? no real name Kieran Doyle", "bubba"),
    ("3 lads, 1 of em Tinks? - Harvey Quinn - ran", "Tinks"),
    ("door staff and Biscuit? (Leon Marsh) detained him", "Biscuit"),
    # "St" inside a surname
    ("restrained until PC 5510 St Clair assisted with cuffs", "St Clair"),
    ("sgt 4471 st john authorised the strip search", "st john"),
    # Welsh streets (the type first), a flat in Welsh, a plot on a site; a number and words before a postcode
    ("he lives at 42 Heol y Bont with his gran", "42 Heol y Bont"),
    ("address 9 Ffordd Glan Fach, cardiff", "9 Ffordd Glan Fach"),
    ("c/o fflat 3, 21 Stryd Fawr", "fflat 3, 21 Stryd Fawr"),
    ("lives on the site at plot 4 Maes Mawr", "plot 4 Maes Mawr"),
    ("the grow was at 61 Kingfisher Reach SK4 2RT and", "61 Kingfisher Reach"),
    ("home address no 12 Brambles LS9 7QT.", "no 12 Brambles"),
    # schools: sixth forms, learning campuses, "Uni", "University of <place>", a saint, "for Girls",
    # lower-case names with "and" or "of", and a young person's school after their age in brackets
    ("ip (16) said he goes to Oakfield Sixth Form", "Oakfield Sixth Form"),
    ("a pupil of Moorside Learning Campus", "Moorside Learning Campus"),
    ("said he is at Bangor Uni now", "Bangor Uni"),
    ("her son (15) is at the University of East Anglia now", "University of East Anglia"),
    ("lad from St Wilfrid RC High was with him", "St Wilfrid RC High"),
    ("a pupil at Ashfield High School for Boys", "Ashfield High School for Boys"),
    ("ip goes to kendal and lakes college", "kendal and lakes college"),
    ("searched Jayden Cole (15, Brookvale Ridgeway) and", "Brookvale Ridgeway"),
    # workplaces: care homes, pubs by their signs, the words before "where he works"
    ("reported by staff at Brookfield care home for theft", "Brookfield care home"),
    ("carer at ashdene nursing home, arrested", "ashdene nursing home"),
    ("had come out of the three tuns on the corner", "the three tuns"),
    ("fight outside The Kings Head, 2 males", "The Kings Head"),
    ("stopped at Baba's Grill Meadowhall where he works, after", "Baba's Grill Meadowhall"),
    # a person introduced and aged, whose surname is also a street word; names joined by text-speak "n"
    ("the subject Owain Hill (41, no fixed abode) ran", "Owain Hill"),
    ("lads kayden n rhys price both 17 said", "rhys price"),
    # an officer's surname after the rank and number, even a place or a word
    ("pcso 4471 kettering and i saw him", "kettering"),
    # a possessive before a person's things, after "in"
    ("knife found in Tobi's bag, arrested", "Tobi"),
    # nicknames beside names: between the first name and the full name, or before the real name
    ("stop - jordan, t-rex - Jordan Mayhew (British)", "t-rex"),
    ("intel suggests Smudge (Kieran Doyle) is dealing", "Smudge"),
    # a name after "corrected (later) to"
    ("name given as jo blake, corrected later to tyrese blake-owen", "tyrese blake-owen"),
    # a business named right before its address; more endings of small businesses' names
    ("immigration visit at Golden Wok 14 Market Street, 2 workers", "Golden Wok"),
    ("fight outside kwik fadez, pc 4410 attended", "kwik fadez"),
    ("the chippy Tasty Plaice on the corner", "Tasty Plaice"),
    # handles: a list with spaces only, after "story on", after "account" or "user"
    ("the lads' snap accounts kdz_07 m4rlo22 were messaging her", "m4rlo22"),
    ("a Snapchat story on bigtee77 showing a blade", "bigtee77"),
    ("showed us the video, account jay.kay_, on his phone", "jay.kay_"),
    ("posted by user tm_blade4 last night", "tm_blade4"),
    # the openers of street names after a word that introduces one
    ("intel that Dean Pike (aka Mr Freeze) is dealing", "Mr Freeze"),
    ("known as Lil Dee (Deandre Mills) at the park", "Lil Dee"),
    # schools named by their staff or as "his school <Name>"; workplaces in so many words; travel documents
    ("spoke to his head of year at Moorside Academy", "Moorside Academy"),
    ("the dsl at Fernhill Primary was informed", "Fernhill Primary"),
    ("her school Parkside was told", "Parkside"),
    ("his place of work is Kaz Motors, he said", "Kaz Motors"),
    ("workplace: speedy plates. gave details", "speedy plates"),
    ("a colleague from Northgate Tyres rang 101", "Northgate Tyres"),
    ("travel document no 553201874 checked", "553201874"),
    # a name after "in name" / "in the name of"
    ("bank card in name Holly Crane found in his sock", "Holly Crane"),
    ("a parcel in the name of ayo bankole", "ayo bankole"),
]


@pytest.mark.parametrize("text, value", CAUGHT)
def test_identifier_is_hidden(text, value):
    assert hidden(text, value), redact(text).text


KEPT = [
    # what the number rules must not take
    ("BWV on throughout, 2 hrs on scene", "BWV on throughout, 2 hrs"),
    ("under section twenty three, one or two males ran", "section twenty three, one or two males"),
    ("he said oh no and ran", "oh no"),
    ("his id card was out of date", "his id card was out of date"),
    ("arrived by myself and another officer at 1430", "1430"),
    # possessives that are no person's
    ("he had someone else's NI card", "someone else's"),
    ("the stone's weight and the bird's nest", "the stone's weight and the bird's nest"),
    ("a McDonald's bag and a Sainsbury's carrier", "McDonald's bag and a Sainsbury's"),
    # a question that is no name
    ("spoke to him in Kurdish? (Sorani needed)", "Kurdish"),
    ("searched for drugs? no - IP Kane said", "drugs"),
    ("treated at City Hospital? (Leeds General)", "City Hospital"),
    # what the name rules must not take
    ("pc 1234 running after him", "running after him"),
    ("time corrected to 1430 on the log", "corrected to 1430"),
    ("stopped BOLTON ROAD (2 males) at 0715", "BOLTON ROAD"),
    ("at the start of my shift with PC 4410 I was approached", "I was approached"),
    ("a snapchat story showing him with a knife", "showing him"),
    ("his snap story on the bus was filmed", "on the bus"),
    ("insta kay_z07 then ran off", "then ran off"),
    ("the user account was closed", "the user account was closed"),
    ("Mr Okafor said he was the owner", "Mr"),
    ("his school bag was searched", "his school bag"),
    ("his school uniform was torn", "his school uniform"),
    # what the address, school and workplace rules must not take
    ("we attended the address 14 Oak Lane", "the address"),
    ("he was at his mum's 12 Elm Road", "his mum's"),
    ("minor cuts to his hand", "minor cuts"),
    ("in the back yard of the house", "back yard"),
    ("found 3 wraps LS9 8AA", "3 wraps"),
    ("lives on the site at Plot 4, Cae Glas Cardiff, with", "Cardiff"),
    ("he went to uni in September", "September"),
    ("in the sixth form block at lunch", "sixth form block"),
    ("a care home in Leeds", "a care home in Leeds"),
    ("ip (16, White British) was stopped", "White British"),
    ("a lad (15, West Bromwich) ran", "West Bromwich"),
    ("he was in town where he works", "town"),
    ("urinating in the shop doorway of Kaz Barbers", "shop doorway"),
    ("hit on the back of the head", "the back of the head"),
]


@pytest.mark.parametrize("text, phrase", KEPT)
def test_what_a_panel_needs_is_kept(text, phrase):
    assert phrase in redact(text).text, redact(text).text
