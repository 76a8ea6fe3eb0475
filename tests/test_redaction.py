"""The redaction operator: placeholders, name numbering, offsets, idempotence, bulk use, and
property tests that no planted identifier survives."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from panel_tool.anonymise.redaction import PLACEHOLDERS, Redacted, RedactedSpan, redact, redact_many

GROUNDS = (
    "Stopped Mr John SMITH (DOB 12/03/2004) of flat 3, 27 Hyde Park Road, Leeds LS6 2AB, mobile "
    "07700 900123, email j.smith99@example.com. PC 1234 activated BWV. Vehicle AB12 CDE. Crime ref "
    "13/123456/24. NI QQ 12 34 56 C, PNC 04/123456X, IMEI 35-209900-176148-1, card 4111 1111 1111 1111."
)


def test_every_identifier_becomes_its_placeholder():
    assert redact(GROUNDS).text == (
        "Stopped Mr [NAME 1] (DOB [DATE OF BIRTH]) of [ADDRESS], Leeds [POSTCODE], mobile [PHONE], email "
        "[EMAIL]. PC [OFFICER NUMBER] activated BWV. Vehicle [VEHICLE]. Crime ref [REFERENCE]. NI [NI NUMBER], "
        "PNC [PNC ID], IMEI [IMEI], card [CARD NUMBER]."
    )


def test_spans_point_at_the_placeholders_in_the_redacted_text():
    redacted = redact(GROUNDS)
    assert isinstance(redacted, Redacted)
    assert [s.type for s in redacted.spans] == [
        "NAME", "DOB", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "OFFICER_NUMBER", "VEHICLE", "REFERENCE",
        "NI_NUMBER", "PNC_ID", "IMEI", "CARD_NUMBER",
    ]
    for span in redacted.spans:
        assert isinstance(span, RedactedSpan)
        placeholder = redacted.text[span.start : span.end]
        assert placeholder == PLACEHOLDERS[span.type].format(1)


def test_the_rank_survives_and_an_officer_name_is_a_name():
    assert redact("Crewed with PC 1234 and Sgt Jones.").text == "Crewed with PC [OFFICER NUMBER] and Sgt [NAME 1]."
    assert redact("PC Smith attended.").text == "PC [NAME 1] attended."


def test_the_same_person_keeps_the_same_number():
    text = (
        "I stopped John Smith near the park. His friend Jamal Ahmed ran off. SMITH stated the bag was "
        "not his. Smith, who was calm, said Jamal had it. SMITH, John was searched; nothing found on Ahmed."
    )
    assert redact(text).text == (
        "I stopped [NAME 1] near the park. His friend [NAME 2] ran off. [NAME 1] stated the bag was "
        "not his. [NAME 1], who was calm, said [NAME 2] had it. [NAME 1] was searched; nothing found on [NAME 2]."
    )


def test_different_people_get_different_numbers():
    text = "Mr Tyrone Campbell and Mr Kwame Mensah were stopped; Mensah ran."
    assert redact(text).text == "Mr [NAME 1] and Mr [NAME 2] were stopped; [NAME 2] ran."


def test_numbering_starts_again_in_each_text():
    first, second = redact_many(["Jamal Ahmed was stopped.", "Priya Sharma was stopped."])
    assert first.text == "[NAME 1] was stopped."
    assert second.text == "[NAME 1] was stopped."


MUST_SURVIVE = (
    "Strong smell of cannabis, searched under section 23 Misuse of Drugs Act 1971 (s.60 and PACE also "
    "explained). Found 3 wraps of a substance believed to be class A cocaine, heroin in snap bags, a lock "
    "knife, a machete and a screwdriver. Male wearing a grey North Face jacket and black hoodie, seen on "
    "Hyde Park Road near the junction of Briggate and Boar Lane, outside the off-licence, the chicken "
    "shop, the Co-op and Tesco Express. The Sergeant was informed; PC alone attended at 14:30 on "
    "12/03/2024. Stopped in Leeds, taken to Bradford. GOWISELY given, BWV activated."
)


def test_what_a_panel_needs_survives():
    redacted = redact(MUST_SURVIVE)
    assert redacted.text == MUST_SURVIVE
    assert redacted.spans == []


@pytest.mark.parametrize(
    "phrase",
    ["Misuse of Drugs Act 1971", "section 23", "s.60", "PACE", "cannabis", "class A", "wraps", "snap bags",
     "lock knife", "machete", "screwdriver", "grey North Face jacket", "black hoodie", "Hyde Park Road",
     "Briggate and Boar Lane", "off-licence", "chicken shop", "Co-op", "Tesco Express", "The Sergeant",
     "PC alone", "at 14:30", "on 12/03/2024", "Leeds", "Bradford", "GOWISELY", "BWV"],
)
def test_each_must_survive_phrase_is_kept_beside_identifiers(phrase):
    text = f"Stopped Jamal Ahmed (DOB 01/02/2003) of 4 Acacia Avenue; {phrase} noted; tel 07700 900123."
    redacted = redact(text).text
    assert phrase in redacted
    assert "Jamal" not in redacted and "07700" not in redacted and "4 Acacia" not in redacted


def test_redacting_twice_changes_nothing():
    once = redact(GROUNDS)
    twice = redact(once.text)
    assert twice.text == once.text
    assert twice.spans == []


def test_new_names_in_redacted_text_are_numbered_after_existing_ones():
    assert redact("[NAME 1] was with Jamal Ahmed.").text == "[NAME 1] was with [NAME 2]."
    assert redact("PC [OFFICER NUMBER] saw [NAME 2] at [ADDRESS].").text == "PC [OFFICER NUMBER] saw [NAME 2] at [ADDRESS]."


def test_none_and_empty_input():
    assert redact(None) is None
    assert redact("") == Redacted("", [])
    assert redact_many([None, "", float("nan")]) == [None, Redacted("", []), None]


def test_redact_many_over_a_pandas_series():
    series = pd.Series(["PC 1234 stopped John Smith.", None, "Nothing found.", "PC 1234 stopped John Smith."])
    redacted = redact_many(series)
    assert [r.text if r else None for r in redacted] == [
        "PC [OFFICER NUMBER] stopped [NAME 1].", None, "Nothing found.", "PC [OFFICER NUMBER] stopped [NAME 1].",
    ]


def test_redact_accepts_detections_computed_earlier():
    text = "Call 07700 900123 now."
    from panel_tool.anonymise.recognisers import detect

    assert redact(text, detect(text)) == redact(text)
    assert redact(text, []).text == text


# --- properties --------------------------------------------------------------------------------

@st.composite
def mobiles(draw):
    rest = draw(st.text("0123456789", min_size=9, max_size=9))
    style = draw(st.sampled_from(["07{} {}", "07{}{}", "+44 7{} {}", "07{}-{}"]))
    return style.format(rest[:3], rest[3:])


@st.composite
def landlines(draw):
    area = draw(st.sampled_from(["113", "114", "161", "121", "20"]))
    local = draw(st.text("0123456789", min_size=10 - len(area), max_size=10 - len(area)))
    style = draw(st.sampled_from(["0{} {}", "(0{}) {}", "0{}{}"]))
    return style.format(area, local)


@st.composite
def postcodes(draw):
    area = draw(st.sampled_from(["LS", "BD", "M", "E", "SW", "EC", "HD", "WF", "N"]))
    district = draw(st.integers(1, 29))
    sector = draw(st.integers(0, 9))
    unit = draw(st.text("ABDEFGHJLNPQRSTUWXYZ", min_size=2, max_size=2))
    code = f"{area}{district} {sector}{unit}"
    return draw(st.sampled_from([code, code.lower(), code.replace(" ", "")]))


@st.composite
def registrations(draw):
    letters = st.text("ABCDEFGHJKLMNOPRSTUVWXY", min_size=2, max_size=2)
    tail = draw(st.text("ABCDEFGHJKLMNOPRSTUVWXYZ", min_size=3, max_size=3))
    plate = f"{draw(letters)}{draw(st.integers(10, 74))} {tail}"
    return draw(st.sampled_from([plate, plate.replace(" ", ""), plate.lower()]))


@st.composite
def emails(draw):
    user = draw(st.from_regex(r"[a-z][a-z0-9._]{0,12}[a-z0-9]", fullmatch=True))
    domain = draw(st.sampled_from(["example.com", "mail.co.uk", "outlook.com"]))
    return f"{user}@{domain}"


@st.composite
def collar_numbers(draw):
    return str(draw(st.integers(10, 99999))) + draw(st.sampled_from(["", "", "KM", "AB"]))


IDENTIFIERS = {
    "phone": st.one_of(mobiles(), landlines()),
    "postcode": postcodes(),
    "vehicle": registrations(),
    "email": emails(),
    "ni": st.builds(lambda d, s: f"QQ{d:06d}{s}", st.integers(0, 999999), st.sampled_from("ABCD")),
    "pnc": st.builds(lambda y, n, c: f"{y:02d}/{n:06d}{c}", st.integers(0, 99), st.integers(0, 999999), st.sampled_from("ABCXZ")),
    "imei": st.text("0123456789", min_size=15, max_size=15),
    "crime": st.builds(lambda a, b, c: f"{a:02d}/{b:06d}/{c:02d}", st.integers(10, 99), st.integers(0, 999999), st.integers(10, 30)),
    "dob": st.dates(date(1930, 1, 1), date(2020, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y")),
}

TEMPLATES = {
    "phone": ["IP asked that his mother be contacted on {}.", "Contact number given: {} (mobile)."],
    "postcode": ["Male stopped in the Leeds {} area.", "Stopped on Chapeltown Road, {}, by the shop."],
    "vehicle": ["Pulled over {}, a silver Golf, on Kirkstall Road.", "IP seen leaving vehicle {} at speed."],
    "email": ["Receipt to be emailed to {} tonight.", "Email address given as {}."],
    "ni": ["Payslip bearing NI no. {} found in his wallet."],
    "pnc": ["PNC ID {} shows markers for violence."],
    "imei": ["Handset seized, IMEI {}, for checks."],
    "crime": ["See crime ref {} for further details."],
    "dob": ["IP gave his DOB as {} and was searched."],
}


@settings(max_examples=60, deadline=None)
@given(data=st.data(), kind=st.sampled_from(sorted(IDENTIFIERS)))
def test_a_planted_identifier_never_survives(data, kind):
    value = data.draw(IDENTIFIERS[kind])
    template = data.draw(st.sampled_from(TEMPLATES[kind]))
    redacted = redact(template.format(value)).text
    assert value not in redacted


@settings(max_examples=80, deadline=None)
@given(phone=st.one_of(mobiles(), landlines()), template=st.sampled_from(TEMPLATES["phone"]))
def test_no_digits_of_a_planted_phone_number_survive(phone, template):
    redacted = redact(template.format(phone)).text
    assert re.sub(r"\D", "", phone)[-6:] not in re.sub(r"\D", "", redacted)


@settings(max_examples=60, deadline=None)
@given(number=collar_numbers(), rank=st.sampled_from(["PC", "PS", "DC", "PCSO", "Sgt"]))
def test_a_collar_number_goes_and_its_rank_stays(number, rank):
    redacted = redact(f"Crewed with {rank} {number} on foot patrol.").text
    assert redacted == f"Crewed with {rank} [OFFICER NUMBER] on foot patrol."


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_redacts_to_consistent_spans_and_is_stable(text):
    redacted = redact(text)
    for span in redacted.spans:
        assert redacted.text[span.start : span.end] == PLACEHOLDERS[span.type].format(
            redacted.text[span.start : span.end][6:-1] if span.type == "NAME" else 0
        )
    assert redact(redacted.text).text == redacted.text
