"""Sentence templates in an officer's voice, in three sets that share no sentence.

`export` is what synthetic stop-search grounds are written from, `account` what use-of-force
officer accounts are written from (it reuses the export clauses for people and places), and
`benchmark` is a separate set of phrasings kept for the redaction benchmark, so redaction is
measured on wording the unit tests never saw.

A template is plain text with {SLOTS}. Upper-case slots are filled by `grounds.py`: identifier
slots (NAME, DOB, POSTCODE, ...) plant one identifier and record its span; must-survive slots
(STREET, DRUG, WEAPON, CLOTHING, SHOP, RANK, LAW, FIREARM, PSA) plant a KEEP span; clause slots
(SUBJECT, WHERE, WITH) pick a clause from this file according to which identifiers the text
carries. Lower-case slots ({he}, {his}, {male}, ...) follow the person's gender. A position or
clause is a dict from case to templates; the case "*" is the fallback.
"""

from __future__ import annotations

EXPORT = {
    "OPEN": {
        "foot": [
            "I was on patrol in a marked vehicle{WITH} when I saw {SUBJECT} {WHERE}.",
            "While on foot patrol{WITH} I saw {SUBJECT} {WHERE}.",
            "I was deployed{WITH} to reports of a suspicious {male} and located {SUBJECT} {WHERE}.",
            "On patrol{WITH} in an unmarked car I observed {SUBJECT} {WHERE} acting suspiciously.",
            "I was on plain clothes patrol{WITH} when I noticed {SUBJECT} loitering {WHERE}.",
            "I was on uniformed foot patrol{WITH} and stopped {SUBJECT} {WHERE}.",
        ],
        "vehicle": [
            "I was on mobile patrol{WITH} when I stopped a {CAR} {WHERE} driven by {SUBJECT}.",
            "I stopped a {CAR}{WITH} {WHERE}; the driver was {SUBJECT}.",
            "A {CAR} was seen being driven erratically {WHERE} and I stopped it{WITH}; the driver was {SUBJECT}.",
        ],
        "vehicle_reg": [
            "I was on mobile patrol{WITH} when I stopped a {CAR}, registration {VRM}, {WHERE}; the driver was {SUBJECT}.",
            "ANPR flagged a {CAR}, {VRM}, and I stopped it{WITH} {WHERE}; the driver was {SUBJECT}.",
            "I stopped vehicle {VRM}{WITH} {WHERE} and spoke to the driver, {SUBJECT}.",
            "I approached{WITH} a {CAR} registration {VRM} parked with its engine running {WHERE} and spoke to {SUBJECT} in the driver's seat.",
        ],
    },
    "WITH": {
        "none": ["", "", "", " with a colleague", " alongside a colleague"],
        "officer": [" with {COLLAR}", " with my colleague {COLLAR}", " with {COLLAR} and {COLLAR}",
                    " (double crewed with {COLLAR})", " alongside {COLLAR}"],
    },
    "SUBJECT": {
        "plain": ["a {male}", "a young {male}", "a {male} wearing {CLOTHING}", "a {male} in {CLOTHING}"],
        "name": [
            "a {male} I now know to be {NAME}",
            "a {male} who identified {himself} as {NAME}",
            "{NAME}, who is known to me",
            "a {male} named {NAME_LOWER}",
            "a {male} I recognised as {NAME}, known as \"{NICK}\"",
            "a {male} wearing {CLOTHING}, who I now know to be {NAME}",
            "{NAME}",
        ],
        "dob": ["a {male} ({DOB})", "a {male}, {DOB}"],
        "name_dob": [
            "a {male}, who I now know to be {NAME} ({DOB})",
            "{NAME} ({DOB})",
            "a {male} who gave {his} details as {NAME}, {DOB}",
            "a {male} I now know to be {NAME} {DOB}",
        ],
    },
    "WHERE": {
        "street": ["on {STREET}", "near {SHOP} on {STREET}", "at the junction of {STREET} and {SIDE_STREET}",
                   "outside {SHOP} on {STREET}", "on {STREET} in {TOWN}"],
        "address": ["outside {ADDRESS}", "on the driveway of {ADDRESS}", "near {ADDRESS}", "at the rear of {ADDRESS}"],
        "postcode": ["on {STREET}, {TOWN} {POSTCODE}", "on {STREET} ({POSTCODE})", "in the {POSTCODE} area near {SHOP}"],
        "address_postcode": ["outside {ADDRESS}, {TOWN} {POSTCODE}", "near {ADDRESS}, {POSTCODE}", "outside {ADDRESS} {POSTCODE}"],
    },
    "REASON": {
        "drugs": [
            "There was a strong smell of {DRUG} coming from {him} and {he} was seen to push something down {his} waistband.",
            "{He} was seen to pass a small package to another person in exchange for cash, consistent with street dealing of {DRUG}.",
            "Recent intelligence states that {he} is supplying {DRUG} from {SHOP} on {STREET}.",
            "On seeing police {he} became nervous and turned away, and I could smell {DRUG}.",
            "{He} was wearing {CLOTHING} and kept touching {his} pocket, and I could smell {DRUG}.",
        ],
        "weapon": [
            "A member of the public had reported a {male} wearing {CLOTHING} carrying {WEAPON}, and {he} matched that description.",
            "{He} was holding {his} waistband as if concealing {WEAPON} and walked off quickly when {he} saw us.",
            "There had been a stabbing nearby earlier that evening and {he} was seen to discard what looked like {WEAPON}.",
        ],
        "s60": ["An authority under {LAW} was in place for the area after a stabbing, and {he} was wearing {CLOTHING} like the suspect."],
        "stolen": [
            "{He} matched the description of a {male} who had just stolen {ITEM} from {SHOP} on {STREET}.",
            "{He} was pushing {ITEM} and could not say where it had come from.",
        ],
        "theft": [
            "{He} was seen trying car door handles along {STREET} while wearing {CLOTHING}.",
            "{He} was looking into parked cars and had {TOOL} visible in {his} pocket.",
        ],
        "firearm": [
            "Intelligence indicated that {he} was in possession of {FIREARM}.",
            "A caller reported seeing a {male} in {CLOTHING} with {FIREARM} near {SHOP}.",
        ],
        "damage": ["{He} was seen with spray paint next to fresh graffiti on {STREET}."],
        "psa": ["{He} was inhaling from a balloon and had canisters of {PSA} at {his} feet."],
        "*": [
            "{He} was acting suspiciously and gave inconsistent answers about why {he} was in the area.",
            "{He} ran off on seeing police and was detained a short distance away.",
        ],
    },
    "ACTION": {
        "*": [
            "I detained {him} for the purpose of a search under {LAW}.",
            "I explained the grounds and object of the search, that {he} was detained under {LAW}, and that body-worn video was recording.",
            "{He} was searched under {LAW} for {OBJECT}.",
            "I told {him} {he} was being detained for a search under {LAW} and gave {him} the GOWISELY information.",
        ],
    },
    "CLOSE": {
        "nfa": [
            "Nothing was found and {he} was given a copy of the search record.",
            "Search negative, NFA, and {he} was allowed on {his} way.",
            "{He} was compliant throughout and nothing was found.",
            "Nothing found; {RANK} was updated.",
        ],
        "arrest": [
            "{He} was arrested and transported to custody, and {RANK} was informed.",
            "Items were found and {he} was arrested.",
        ],
        "*": [
            "An item was found and dealt with by way of the outcome recorded.",
            "{He} was given words of advice and {RANK} agreed the disposal.",
        ],
    },
    "DETAIL_PHONE": {"*": ["{He} gave {his} mobile number as {PHONE}.", "A contact number of {PHONE} was recorded for the receipt.",
                           "{He} asked me to ring {his} mother on {PHONE}."]},
    "DETAIL_EMAIL": {"*": ["{He} asked for a copy of the record to be emailed to {EMAIL}.", "{He} gave {his} email address as {EMAIL}."]},
    "DETAIL_NI_NUMBER": {"*": ["{He} produced a letter showing {his} National Insurance number, {NI}.", "NI number given as {NI}."]},
    "DETAIL_PNC_ID": {"*": ["PNC checks ({PNC}) show previous convictions for possession with intent.", "{He} is known on PNC under {PNC}."]},
    "DETAIL_IMEI": {"*": ["A second phone was found, IMEI {IMEI}, which {he} said was not {his}.", "The phone was seized and booked in, IMEI {IMEI}."]},
    "DETAIL_CARD_NUMBER": {"*": ["{He} had a bank card in another name with the number {CARD}.",
                                 "A bank card, {CARD}, was found in {his} wallet in another person's name."]},
    "DETAIL_REFERENCE": {"*": ["This links to {REF}.", "Details were passed to the local team under {REF}.", "The search relates to {REF}."]},
    "DETAIL_ADDRESS": {"*": ["{He} gave {his} home address as {ADDRESS}.", "{He} lives at {ADDRESS}, {TOWN}."]},
    "DETAIL_VEHICLE": {"*": ["{He} had just got out of a {CAR}, {VRM}, parked nearby.", "{He} had been seen earlier driving a {CAR} registration {VRM}."]},
    "DETAIL_NAME": {"*": ["{He} was with {OTHER_NAME}, who walked off.", "{His} friend {OTHER_NAME} filmed the search on {his} phone."]},
}

# Use-of-force accounts: their own openings, reasons, actions and endings; people and places as in exports.
ACCOUNT = {
    **{k: v for k, v in EXPORT.items() if k in ("WITH", "SUBJECT", "WHERE") or k.startswith("DETAIL_")},
    "OPEN": {
        "foot": [
            "I attended{WITH} a call about a disturbance and found {SUBJECT} {WHERE}.",
            "I was on patrol{WITH} when I was flagged down by a member of the public about {SUBJECT}, who was fighting {WHERE}.",
            "We were deployed{WITH} to an emergency call and located {SUBJECT} {WHERE}.",
            "I responded{WITH} to a request for urgent assistance and arrived to find {SUBJECT} struggling with officers {WHERE}.",
        ],
        "vehicle": ["I stopped a {CAR}{WITH} {WHERE} and the driver, {SUBJECT}, refused to get out."],
        "vehicle_reg": ["I stopped a {CAR}, {VRM},{WITH} {WHERE} and the driver, {SUBJECT}, tried to drive off."],
    },
    "REASON": {"*": [
        "{He} became aggressive, clenched {his} fists and tried to pull away, so I took hold of {his} arm.",
        "{He} was shouting and spitting and I believed {he} was about to assault a member of the public.",
        "{He} had {WEAPON} in {his} hand and refused to drop it despite repeated commands.",
        "{He} appeared to be in mental health crisis and was walking into traffic on {STREET}.",
        "{He} tried to run off towards {SHOP}, so I grabbed hold of {him}.",
        "{He} was under the influence of {DRUG} and became violent when I tried to speak to {him}.",
    ]},
    "ACTION": {"*": [
        "I used {TACTIC} to prevent {him} escaping and to protect myself.",
        "Because of {his} size and behaviour I used {TACTIC}, which was effective.",
        "I informed {RANK} and used {TACTIC} as {he} continued to struggle.",
        "I warned {him} several times before using {TACTIC}.",
    ]},
    "CLOSE": {
        "arrest": [
            "{He} was arrested for {OFFENCE} and taken to custody, where {his} detention was authorised by {RANK}.",
            "{He} was arrested for {OFFENCE} and conveyed to custody without further incident.",
        ],
        "mha": [
            "{He} calmed down and was later detained under section 136 of the Mental Health Act.",
            "{He} was detained under section 136 of the Mental Health Act and taken to a place of safety.",
        ],
        "*": [
            "{He} was checked by paramedics and had a graze to {his} knee.",
            "{He} was de-arrested once {he} had calmed down and {RANK} was updated.",
        ],
    },
}

BENCHMARK = {
    "OPEN": {
        "foot": [
            "Whilst conducting high-visibility foot patrol{WITH} I observed {SUBJECT} {WHERE}.",
            "Stopped {SUBJECT} {WHERE}{WITH} following a report from CCTV operators.",
            "I was in company{WITH} on routine patrol and came across {SUBJECT} {WHERE}.",
            "Attention was drawn to {SUBJECT} {WHERE} while conducting ASB patrols{WITH}.",
            "At the start of my shift{WITH} I was approached about {SUBJECT}, who was hanging around {WHERE}.",
        ],
        "vehicle": [
            "Vehicle stopped {WHERE}{WITH}, a {CAR} driven by {SUBJECT}.",
            "Pulled over a {CAR} {WHERE}{WITH}, with {SUBJECT} at the wheel.",
        ],
        "vehicle_reg": [
            "Vehicle {VRM} ({CAR}) stopped {WHERE}{WITH}, driver {SUBJECT}.",
            "PNC on {VRM} showed no insurance so the vehicle was stopped {WHERE}{WITH}; occupant was {SUBJECT}.",
            "Pulled over {VRM}, a {CAR}, {WHERE}{WITH} and spoke with the driver {SUBJECT}.",
        ],
    },
    "WITH": {
        "none": ["", "", " (single crewed)", " with another officer"],
        "officer": [" (crewed with {COLLAR})", " accompanied by {COLLAR}", " along with {COLLAR}",
                    " together with {COLLAR} and {COLLAR}", " ({COLLAR} present)"],
    },
    "SUBJECT": {
        "plain": ["an unknown {male}", "a lone {male} dressed in {CLOTHING}", "a {male} aged around 20", "the {male} in question"],
        "name": [
            "a {male} later identified as {NAME}",
            "a {male} who gave the name {NAME}",
            "a {male} who said {his} name was {NAME_LOWER}",
            "a {male}, street name \"{NICK}\", real name {NAME}",
            "a {male} known locally as \"{NICK}\" ({NAME})",
            "a {male} calling {himself} {NAME}",
            "the IP, {NAME}",
        ],
        "dob": ["a {male} giving {his} {DOB}", "an IP, {DOB}"],
        "name_dob": [
            "{NAME}, {DOB}",
            "a {male} later identified as {NAME}, {DOB}",
            "a {male} who gave details of {NAME} {DOB}",
            "the IP ({NAME}, {DOB})",
        ],
    },
    "WHERE": {
        "street": ["in the vicinity of {STREET}", "on {STREET} by {SHOP}", "close to {SHOP} ({STREET})", "walking along {STREET}"],
        "address": ["at the front of {ADDRESS}", "by the gate of {ADDRESS}", "leaving {ADDRESS}"],
        "postcode": ["around {STREET}, {POSTCODE}", "on {STREET} {POSTCODE}", "in the {TOWN} {POSTCODE} area"],
        "address_postcode": ["leaving {ADDRESS}, {POSTCODE}", "at {ADDRESS}, {TOWN}, {POSTCODE}", "in the garden of {ADDRESS} {POSTCODE}"],
    },
    "REASON": {
        "drugs": [
            "Strong odour of {DRUG} noted on approach and {he} appeared to be concealing an item.",
            "IP seen conducting what appeared to be a drug deal involving {DRUG} near {SHOP}.",
            "Local intelligence reports {him} as involved in {DRUG} supply in the area.",
            "{He} had glazed eyes, smelt of {DRUG} and was evasive when asked what {he} was doing.",
        ],
        "weapon": [
            "Information received that a {male} in {CLOTHING} was carrying {WEAPON}; IP fitted that description.",
            "IP kept adjusting {his} waistband in a manner consistent with carrying {WEAPON}.",
            "Reports of {WEAPON} being brandished outside {SHOP} minutes earlier.",
        ],
        "s60": ["Area covered by a {LAW} authorisation following serious violence; IP dressed in {CLOTHING}."],
        "stolen": ["Description matched that of a suspect for a theft of {ITEM} from {SHOP}.", "IP in possession of {ITEM} with no explanation."],
        "theft": ["IP observed checking door handles of parked vehicles on {STREET}.",
                  "IP had {TOOL} on {his} person and was loitering near parked cars."],
        "firearm": ["Intelligence suggests IP has access to {FIREARM}.", "Caller reported a {male} in {CLOTHING} showing {FIREARM} to others."],
        "damage": ["IP found with paint on {his} hands next to freshly sprayed tags on {STREET}."],
        "psa": ["IP in possession of canisters of {PSA} and balloons."],
        "*": ["IP could not account for {his} presence and became agitated when questioned.", "IP made off on foot on seeing officers."],
    },
    "ACTION": {"*": [
        "Detained and searched under {LAW} for {OBJECT}.",
        "Search conducted under {LAW}; GOWISELY delivered and BWV activated.",
        "Grounds explained and IP detained for search pursuant to {LAW}.",
    ]},
    "CLOSE": {
        "nfa": ["Negative search; IP released with a copy of the receipt.", "No items located and IP went on {his} way.",
                "Nothing located; {RANK} made aware."],
        "arrest": ["Positive search, IP arrested and conveyed to custody with {RANK} notified.", "IP arrested following the search."],
        "*": ["Outcome dealt with at the scene with the agreement of {RANK}.", "Words of advice given after the search."],
    },
    "DETAIL_PHONE": {"*": ["Contact number given: {PHONE}.", "IP asked that {his} mother be contacted on {PHONE}."]},
    "DETAIL_EMAIL": {"*": ["Receipt to be emailed to {EMAIL} at {his} request.", "Email address: {EMAIL}."]},
    "DETAIL_NI_NUMBER": {"*": ["NINO provided: {NI}.", "IP showed a payslip bearing NI no. {NI}."]},
    "DETAIL_PNC_ID": {"*": ["PNC ID {PNC} shows markers for violence.", "Checks revealed PNC record {PNC}."]},
    "DETAIL_IMEI": {"*": ["Handset seized, IMEI {IMEI}.", "IMEI of seized phone: {IMEI}."]},
    "DETAIL_CARD_NUMBER": {"*": ["Bank card in another person's name found: {CARD}.", "Card number {CARD} found on a scrap of paper."]},
    "DETAIL_REFERENCE": {"*": ["Refer to {REF}.", "Linked incident {REF}.", "See {REF} for further details."]},
    "DETAIL_ADDRESS": {"*": ["Home address given as {ADDRESS}.", "IP resides at {ADDRESS}."]},
    "DETAIL_VEHICLE": {"*": ["IP was seen leaving a {CAR}, VRM {VRM}.", "Associated vehicle {VRM} noted nearby."]},
    "DETAIL_NAME": {"*": ["IP was in company with {OTHER_NAME}.", "Associate {OTHER_NAME} was also present but not searched."]},
}

SETS = {"export": EXPORT, "account": ACCOUNT, "benchmark": BENCHMARK}


def sentence_templates(name: str) -> set[str]:
    """Every template string of a set (used to check that sets share no wording)."""
    return {t for clause in SETS[name].values() for options in clause.values() for t in options if t}
