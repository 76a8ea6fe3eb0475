"""Each recogniser on sentences written the way officers write grounds.

Positive cases check that the value (and only the value) is found with the right type; negative
cases check that near-misses in ordinary police writing are left alone.
"""

from __future__ import annotations

import pytest

from panel_tool.anonymise.recognisers import RECOGNISERS, SPECIFICITY, Detection, TextView, detect
from panel_tool.anonymise.recognisers.detection import word_trie
from panel_tool.anonymise.recognisers.long_numbers import luhn_valid


def found(text: str) -> list[tuple[str, str]]:
    """(type, value) of every detection, in text order."""
    return [(d.type, text[d.start : d.end]) for d in detect(text)]


def found_types(text: str, kind: str) -> list[str]:
    return [value for type_, value in found(text) if type_ == kind]


def assert_finds(text: str, kind: str, value: str) -> None:
    assert (kind, value) in found(text), f"{kind} {value!r} not found in {found(text)}"


# --- the contract of detect() ----------------------------------------------------------------


def test_detect_returns_sorted_non_overlapping_detections():
    text = (
        "Stopped Mr John SMITH (DOB 12/03/2004) of 12 Acacia Avenue, Leeds LS6 2AB, mobile 07700 900123. "
        "PC 1234 Smith activated BWV. Vehicle AB12 CDE, crime ref 13/123456/24."
    )
    detections = detect(text)
    assert all(isinstance(d, Detection) for d in detections)
    assert detections == sorted(detections)
    for before, after in zip(detections, detections[1:]):
        assert before.end <= after.start
    assert {d.type for d in detections} == {
        "NAME", "DOB", "ADDRESS", "POSTCODE", "PHONE", "OFFICER_NUMBER", "VEHICLE", "REFERENCE",
    }


@pytest.mark.parametrize("text", ["", "   ", "Nothing found.", "NFA."])
def test_detect_on_empty_or_plain_text_finds_nothing(text):
    assert detect(text) == []


def test_every_recogniser_has_a_known_type_and_can_run_alone():
    text = "PC 1234 stopped John Smith on 12 Acacia Avenue LS6 2AB, tel 07700 900123."
    for recogniser in RECOGNISERS:
        assert recogniser.type in SPECIFICITY
        for detection in recogniser.analyse(text):
            assert detection.type in SPECIFICITY
        assert recogniser.analyse(TextView(text)) == recogniser.analyse(text)


def test_overlaps_keep_the_longer_detection():
    # "SS-2024-001234" is a reference; no shorter detection inside it survives.
    assert found("Receipt SS-2024-001234 issued.") == [("REFERENCE", "SS-2024-001234")]


def test_word_trie_matches_whole_words_longest_first():
    import re

    trie = re.compile(word_trie(["pc", "pcso", "ps"]))
    assert trie.findall("pcso pc upc ps") == ["pcso", "pc", "ps"]


# --- NAME ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name",
    [
        ("I stopped Mr John Smith on Briggate.", "John Smith"),
        ("Spoke to Mrs Okafor who was with the IP.", "Okafor"),
        ("Miss J. Kowalska stated she lived locally.", "J. Kowalska"),
        ("Dr Patel attended custody.", "Patel"),
        ("The male was named Tyrone Campbell by control.", "Tyrone Campbell"),
        ("A male who gave his name as Kwame Mensah was detained.", "Kwame Mensah"),
        ("He identified himself as Ali Hassan.", "Ali Hassan"),
        ("The female, known as Siobhan, was evasive.", "Siobhan"),
        ("His friend Jamal ran off towards the park.", "Jamal"),
        ("His brother Callum was also present.", "Callum"),
        ("The male named john smith was searched.", "john smith"),
        ("Intel links the IP to Priya Sharma.", "Priya Sharma"),
        ("Searched Kwabena Oyelaran under s23.", "Kwabena Oyelaran"),
        ("Jamal's bag was searched.", "Jamal"),
        ("Łukasz Wiśniewski was stopped.", "Łukasz Wiśniewski"),
        ("Stopped a male later identified as Mohammed Iqbal.", "Mohammed Iqbal"),
        ("She said her name was shannon hirst.", "shannon hirst"),
        ("Male calling himself Mr Victor van der Merwe was stopped.", "Victor van der Merwe"),
        ("He said his name was tyler de souza walking away.", "tyler de souza"),
        ("Occupant was the IP, Mr Ahmed St Clair.", "Ahmed St Clair"),
        ("Van driven by the IP (Rocky Walker, born 16/05/2010).", "Rocky Walker"),
        ("A male I now know to be Christian van der Merwe was loitering.", "Christian van der Merwe"),
        ("The IP, MOSS, Małgorzata, was stopped.", "MOSS, Małgorzata"),
        ("Stopped a male who gave the name Frank Brown.", "Frank Brown"),
        ("Detained VAN DER MERWE, Kieran on Harrow Road.", "VAN DER MERWE, Kieran"),
    ],
)
def test_names_from_titles_cues_and_lists(text, name):
    assert_finds(text, "NAME", name)


@pytest.mark.parametrize("text, name", [
    ("He was with Earnest Li, who walked off.", "Earnest Li"),
    ("They were with Rose Hope at the time.", "Rose Hope"),
    ("She was searched along with Tariq Ahmed.", "Tariq Ahmed"),
])
def test_names_of_companions(text, name):
    assert_finds(text, "NAME", name)


def test_companion_cue_needs_a_capitalised_name():
    assert found_types("He was with his friends and some others.", "NAME") == []


def test_all_caps_surname_and_surname_first_layout():
    assert_finds("Subject SMITH was compliant.", "NAME", "SMITH")
    assert_finds("Detained SMITH, John for a search.", "NAME", "SMITH, John")
    assert_finds("Stopped OYELARAN, Kwabena on Chapeltown Road.", "NAME", "OYELARAN, Kwabena")


def test_rank_followed_by_a_name_keeps_the_rank():
    assert found("PC Smith attended with me.") == [("NAME", "Smith")]
    assert found("Sgt Mark Jones authorised the search.") == [("NAME", "Mark Jones")]
    assert found("PC 1234 Smith activated BWV.") == [("OFFICER_NUMBER", "1234"), ("NAME", "Smith")]


def test_quoted_nickname_and_real_name_in_brackets():
    text = 'Male known locally as "Ace" (Earnest BLACK) was loitering.'
    assert found_types(text, "NAME") == ["Ace", "Earnest BLACK"]


@pytest.mark.parametrize(
    "text",
    [
        "Stopped on Hyde Park Road near the junction of Briggate and Boar Lane.",
        "IP was wearing a grey North Face jacket and Ralph Lauren cap.",
        "Male seen outside St James Hospital.",
        "Walked along Harrison Street towards Victoria Park.",
        "Will attend court. May be linked to other offences.",
        "The Sergeant was informed. PC and PCSO attended.",
        "He called police himself. His friend was not present.",
        "Officers called out to him. His brother's car was parked.",
        "White British male, approx 20 years old, wearing black hoodie.",
        "Stopped in Leeds city centre, later taken to Bradford.",
        "GOWISELY explained and BWV activated. Nothing found, NFA.",
        "A red Seat Leon was seen leaving the area.",
        "Grounds: smell of cannabis. Searched under s23 MDA.",
    ],
)
def test_no_names_in_ordinary_grounds(text):
    assert found_types(text, "NAME") == []


def test_capitalised_text_is_read_like_title_case():
    assert found_types("MALE NAMED JOHN SMITH STOPPED ON HYDE PARK ROAD", "NAME") == ["JOHN SMITH"]


# --- POSTCODE ------------------------------------------------------------------------------


@pytest.mark.parametrize("postcode", ["LS6 2AB", "ls62ab", "EC1A 1BB", "M1 1AE", "bd8 5bx", "SW1A 2AA", "e8 0rd"])
def test_postcodes_in_any_case_with_or_without_the_space(postcode):
    assert_finds(f"Male stopped in the {postcode} area.", "POSTCODE", postcode)


@pytest.mark.parametrize(
    "text",
    ["Searched at 1st floor landing.", "Stopped on the 22nd of March.", "Male in IC1 clothing.", "LS6 area patrol."],
)
def test_no_postcode_in_ordinals_or_partial_codes(text):
    assert found_types(text, "POSTCODE") == []


# --- PHONE ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    ["07700 900123", "07700900123", "+44 7700 900123", "0113 496 0000", "(0113) 4960000", "020 7946 0018",
     "+44 (0)7700 900123", "0044 7700 900123"],
)
def test_uk_phone_numbers(phone):
    assert_finds(f"IP gave mobile number {phone} for contact.", "PHONE", phone)


@pytest.mark.parametrize(
    "text", ["Stopped at 14:30 on 12/03/2024.", "Search lasted 10 minutes.", "Section 60 in force 1800-0600."]
)
def test_times_and_dates_are_not_phone_numbers(text):
    assert found_types(text, "PHONE") == []


# --- EMAIL ---------------------------------------------------------------------------------


def test_email_addresses():
    assert_finds("Receipt to be emailed to j.smith99@example.co.uk tonight.", "EMAIL", "j.smith99@example.co.uk")
    assert found_types("Officer tagged @ the scene.", "EMAIL") == []


# --- VEHICLE -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, reg",
    [
        ("Vehicle AB12 CDE stopped on the A61.", "AB12 CDE"),
        ("Stopped ab12cde for no insurance.", "ab12cde"),
        ("VRM A123 BCD was seen at the scene.", "A123 BCD"),
        ("Silver Golf ABC 123D parked up.", "ABC 123D"),
        ("PNC on f293 fum showed no insurance.", "f293 fum"),
        ("Associated vehicle C62 BUT noted nearby.", "C62 BUT"),
    ],
)
def test_vehicle_registrations(text, reg):
    assert_finds(text, "VEHICLE", reg)


@pytest.mark.parametrize(
    "text",
    ["Authority under s60 the same day.", "Approached by x2 men on foot.", "Searched under s23 MDA for drugs.",
     "Male in IC3 MAL clothing."],
)
def test_no_registrations_in_ordinary_writing(text):
    assert found_types(text, "VEHICLE") == []


# --- DOB -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, date",
    [
        ("IP John Smith DOB 12/03/2004 was searched.", "12/03/2004"),
        ("Subject d.o.b. 12-03-04 gave details.", "12-03-04"),
        ("He was born 3rd March 2004 in Leeds.", "3rd March 2004"),
        ("Date of birth 12 March 2004 confirmed.", "12 March 2004"),
        ("DOB: 12.03.2004, no trace on PNC.", "12.03.2004"),
        ("Male, born on the 5th of June 2001, detained.", "5th of June 2001"),
        ("D.O.B 25 March 1988 given verbally.", "25 March 1988"),
    ],
)
def test_dates_of_birth_after_a_cue(text, date):
    assert_finds(text, "DOB", date)


def test_other_dates_and_times_stay():
    assert found("Stopped at 14:30 on 12/03/2024 on Briggate.") == []


# --- NI_NUMBER, PNC_ID ---------------------------------------------------------------------


@pytest.mark.parametrize("ni", ["QQ 12 34 56 C", "QQ123456C", "ab123456d"])
def test_national_insurance_numbers(ni):
    assert_finds(f"Payslip bearing NI no. {ni} found.", "NI_NUMBER", ni)


@pytest.mark.parametrize("pnc", ["04/123456X", "2004/0123456A"])
def test_pnc_ids(pnc):
    assert_finds(f"PNC {pnc} shows warning markers.", "PNC_ID", pnc)


def test_plain_dates_are_not_pnc_ids():
    assert found_types("Seen on 04/12/2023 and 2004/05/06.", "PNC_ID") == []


# --- REFERENCE -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, ref",
    [
        ("See crime ref 13/123456/24 for details.", "13/123456/24"),
        ("Linked to CAD 1234 12/03/24 earlier.", "1234 12/03/24"),
        ("Custody no. LS/12345/24 refers.", "LS/12345/24"),
        ("Receipt SS-2024-001234 issued to IP.", "SS-2024-001234"),
        ("URN 12AB3456789 for the file.", "12AB3456789"),
        ("Refer to log 80 for the call.", "80"),
        ("Occurrence 11235337849 linked.", "11235337849"),
        ("Stop and search record no. 556677 completed.", "556677"),
    ],
)
def test_references(text, ref):
    assert_finds(text, "REFERENCE", ref)


def test_cues_without_a_number_are_not_references():
    assert found("Crime recorded. The custody Sergeant was informed; see the log.") == []


# --- OFFICER_NUMBER ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, number",
    [
        ("I was crewed with PC 1234 on patrol.", "1234"),
        ("PS 567 authorised the search.", "567"),
        ("DC 4321 took the exhibit.", "4321"),
        ("PCSO 9876 was present.", "9876"),
        ("Sgt 123 attended.", "123"),
        ("PC1234 activated BWV.", "1234"),
        ("Accompanied by PC 8156KM.", "8156KM"),
        ("With Pc 5832 present.", "5832"),
        ("My collar number is 4567.", "4567"),
    ],
)
def test_collar_numbers_lose_the_number_not_the_rank(text, number):
    assert ("OFFICER_NUMBER", number) in found(text)
    assert not any(value.startswith(("PC", "PS", "DC", "Sgt", "Pc")) for _, value in found(text))


def test_two_collar_numbers_after_a_plural_rank():
    assert found("PCs 1234 and 5678 attended.") == [("OFFICER_NUMBER", "1234"), ("OFFICER_NUMBER", "5678")]


def test_a_rank_alone_is_not_an_officer_number():
    assert found("The PC and the PCSO attended. UPS 12 parcels.") == []


# --- IMEI, CARD_NUMBER ---------------------------------------------------------------------


@pytest.mark.parametrize("imei", ["352099001761481", "35-209900-176148-1", "35 209900 176148 1"])
def test_imeis(imei):
    assert_finds(f"Handset seized, IMEI {imei}.", "IMEI", imei)


@pytest.mark.parametrize("card", ["4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111"])
def test_payment_cards(card):
    assert_finds(f"Bank card {card} found in wallet.", "CARD_NUMBER", card)


def test_luhn_decides_an_unlabelled_sixteen_digit_run():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert found("Number 4111111111111112 written on a note.") == [("REFERENCE", "4111111111111112")]


# --- ADDRESS -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, address",
    [
        ("IP resides at 12 Acacia Avenue with his mother.", "12 Acacia Avenue"),
        ("Seen leaving flat 3, 27 Hyde Park Road at speed.", "flat 3, 27 Hyde Park Road"),
        ("Home address Flat 4B Carlton Court, Leeds.", "Flat 4B Carlton Court"),
        ("Stopped outside 14a High Street.", "14a High Street"),
        ("Male lives at 12 acacia avenue.", "12 acacia avenue"),
        ("Home address given as 197 Westgate.", "197 Westgate"),
        ("Stopped by the gate of 131 Kingsway.", "131 Kingsway"),
    ],
)
def test_house_numbers_make_addresses(text, address):
    assert_finds(text, "ADDRESS", address)


@pytest.mark.parametrize(
    "text",
    [
        "Stopped on Hyde Park Road near the junction of Briggate and Boar Lane.",
        "Male aged around 20 close to the takeaway.",
        "Pulled over a grey BMW 1 Series close to the pharmacy.",
        "At 1430 Kirkstall Road was closed.",
        "Searched under section 23 Misuse of Drugs Act 1971.",
    ],
)
def test_streets_without_house_numbers_are_not_addresses(text):
    assert found_types(text, "ADDRESS") == []
