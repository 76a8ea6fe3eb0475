"""Officers' free text (stop-search grounds, use-of-force accounts) with planted identifiers.

Texts are assembled column-wise: every sentence position and clause picks a template per row,
each template is rendered for all its rows at once (values drawn as arrays, pieces joined row-wise
in C), and each planted value's character span is carried along as numpy offsets shift. No
Python code runs per row beyond the string joins, so a million texts take seconds.

Span conventions (the ground truth a redactor is graded against):
- NAME covers the name only: "Mr John Smith" plants "John Smith"; 'known as "Ty"' plants "Ty".
- OFFICER_NUMBER covers the number only: "PC 1234" plants "1234" (the rank stays outside).
- DOB covers the date only: "DOB 12/03/2004" plants "12/03/2004".
- REFERENCE covers the reference only: "CAD 1234" plants "1234", "crime ref 13/123456/24" plants "13/123456/24".
- ADDRESS covers flat, house number and street ("flat 3, 27 Hyde Park Road"); a postcode after
  it is a separate POSTCODE span.
- KEEP marks a phrase that must survive redaction: legislation ("section 23", "Misuse of Drugs
  Act 1971"), drugs, weapons, clothing, a street name with no house number, a shop type, a rank
  with no number ("the Sergeant").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import repeat

import numpy as np

from panel_tool.synth import identities as ids
from panel_tool.synth.templates import SETS

IDENTIFIER_TYPES = ("NAME", "POSTCODE", "PHONE", "EMAIL", "VEHICLE", "DOB", "NI_NUMBER", "PNC_ID", "REFERENCE",
                    "OFFICER_NUMBER", "IMEI", "CARD_NUMBER", "ADDRESS")
KEEP = "KEEP"

# How often a text carries each kind of identifier (vehicle: for foot searches / vehicle searches).
RATES = {"name": 0.60, "postcode": 0.25, "phone": 0.08, "dob": 0.20, "officer": 0.30, "ref": 0.15,
         "address": 0.20, "email": 0.03, "ni": 0.02, "pnc": 0.04, "imei": 0.02, "card": 0.02, "other_name": 0.06}
VEHICLE_RATE = {False: 0.06, True: 0.40}
REGION_OF_SET = {"export": "west-yorkshire", "account": "london"}

TOPICS = ("drugs", "weapon", "s60", "stolen", "theft", "firearm", "damage", "psa", "other")
TOPIC_WEIGHTS = (0.58, 0.14, 0.02, 0.07, 0.10, 0.02, 0.02, 0.01, 0.04)
TOPIC_LAW = {"drugs": "mda", "weapon": "pace", "s60": "s60", "stolen": "pace", "theft": "pace", "firearm": "fa",
             "damage": "pace", "psa": "psa", "other": "pace"}
OUTCOMES = ("nfa", "arrest", "other")
OUTCOME_WEIGHTS = (0.70, 0.16, 0.14)

DRUGS = ("cannabis", "cannabis", "cannabis", "herbal cannabis", "skunk", "crack cocaine", "heroin", "cocaine",
         "MDMA", "ketamine", "a white powder", "spice", "cannabis resin")
WEAPONS = ("a knife", "a kitchen knife", "a lock knife", "a machete", "a zombie knife", "a baseball bat",
           "a knuckleduster", "a bladed article", "a hammer")
CLOTHING = ("a black North Face jacket", "a grey tracksuit", "a dark hooded top", "a black balaclava", "a puffer jacket",
            "a face covering", "a red Nike jumper", "camouflage trousers", "a Canada Goose coat", "all black clothing",
            "a white Adidas tracksuit", "a green parka")
RANKS = ("the Sergeant", "the duty Sergeant", "the custody Sergeant", "the Inspector", "the duty Inspector", "my Sergeant")
FIREARMS = ("a handgun", "an imitation firearm", "a firearm", "a sawn-off shotgun")
PSAS = ("nitrous oxide", "laughing gas")
ITEMS = ("a bicycle", "a mobile phone", "a designer handbag", "a crate of lager", "a catalytic converter", "a power drill",
         "a laptop", "an electric scooter")
TOOLS = ("a screwdriver", "bolt croppers", "a slim jim", "a set of car keys", "a torch and gloves")
OBJECTS = {"drugs": "controlled drugs", "weapon": "offensive weapons", "s60": "weapons", "stolen": "stolen property",
           "theft": "articles for use in theft", "firearm": "a firearm", "damage": "articles for criminal damage",
           "psa": "psychoactive substances", "other": "prohibited articles"}
TACTICS = ("handcuffs", "a ground restraint", "unarmed skills", "a rear arm lock", "irritant spray", "my Taser",
           "a spit guard", "leg restraints", "my baton")
OFFENCES = ("assault on an emergency worker", "possession of an offensive weapon", "affray", "criminal damage",
            "a public order offence", "being drunk and disorderly", "possession with intent to supply")

# Legislation as officers write it: segments, True where the segment must survive redaction.
LAWS = {
    "mda": [[("section 23", True), (" of the ", False), ("Misuse of Drugs Act 1971", True)],
            [("s.23", True), (" ", False), ("Misuse of Drugs Act 1971", True)],
            [("the ", False), ("Misuse of Drugs Act 1971", True)], [("s23 MDA", True)]],
    "pace": [[("section 1", True), (" of the ", False), ("Police and Criminal Evidence Act 1984", True)],
             [("section 1", True), (" ", False), ("PACE", True)], [("s1 PACE", True)]],
    "s60": [[("section 60", True), (" of the ", False), ("Criminal Justice and Public Order Act 1994", True)],
            [("section 60", True), (" ", False), ("CJPOA", True)], [("s60", True)]],
    "fa": [[("section 47", True), (" of the ", False), ("Firearms Act 1968", True)], [("s47", True), (" ", False), ("Firearms Act", True)]],
    "cja": [[("section 139B", True), (" of the ", False), ("Criminal Justice Act 1988", True)]],
    "psa": [[("section 36", True), (" of the ", False), ("Psychoactive Substances Act 2016", True)]],
}


# ---------------------------------------------------------------------------------------------
# The rendering engine


@dataclass
class Piece:
    """Rendered strings for k rows, their lengths, and the spans planted in them (row, start, end, type, value)."""

    texts: np.ndarray
    spans: list = field(default_factory=list)  # of (rows, starts, ends, type, values)
    lens: np.ndarray | None = None

    def __post_init__(self):
        if self.lens is None:
            self.lens = ids.lengths(self.texts)


class Context:
    """What a template needs to know about each of its rows, plus the generator and template set.

    Columns are looked up lazily through an index into the full-size columns, so choosing a
    template for a subset of rows costs one index array, not a copy of every column.
    """

    def __init__(self, rng: np.random.Generator, templates: dict, region: str, cols: dict, idx: np.ndarray | None = None):
        self.rng, self.templates, self.region, self.cols = rng, templates, region, cols
        self.idx = idx
        self.n = len(cols["female"]) if idx is None else len(idx)
        self._cache: dict = {}

    def take(self, idx: np.ndarray) -> Context:
        return Context(self.rng, self.templates, self.region, self.cols, idx if self.idx is None else self.idx[idx])

    def has(self, name: str) -> bool:
        return name in self.cols

    def __getitem__(self, name: str) -> np.ndarray:
        if self.idx is None:
            return self.cols[name]
        if name not in self._cache:
            self._cache[name] = self.cols[name][self.idx]
        return self._cache[name]


_SLOT = re.compile(r"\{(\w+)\}")


@cache
def _parse(template: str) -> tuple:
    tokens, pos = [], 0
    for m in _SLOT.finditer(template):
        if m.start() > pos:
            tokens.append((False, template[pos:m.start()]))
        tokens.append((True, m.group(1)))
        pos = m.end()
    if pos < len(template):
        tokens.append((False, template[pos:]))
    return tuple(tokens)


def concat(k: int, parts) -> Piece:
    """Concatenate literals (str) and Pieces for k rows, shifting each Piece's spans by what precedes it."""
    columns, spans = [], []
    fixed, offsets = 0, np.zeros(k, dtype=np.int64)
    for part in parts:
        if isinstance(part, str):
            if part:
                columns.append(repeat(part, k))
                fixed += len(part)
            continue
        for rows, starts, ends, kind, values in part.spans:
            shift = offsets[rows] + fixed
            spans.append((rows, starts + shift, ends + shift, kind, values))
        columns.append(part.texts)
        offsets += part.lens
    texts = np.empty(k, dtype=object)
    if len(columns) <= 3 and columns:  # numpy's elementwise add is the cheaper join for a few columns
        texts[:] = columns[0] if not isinstance(columns[0], repeat) else next(columns[0])
        for column in columns[1:]:
            texts += column if not isinstance(column, repeat) else next(column)
    elif columns:
        texts[:] = list(map("".join, zip(*columns)))
    else:
        texts[:] = ""
    return Piece(texts, spans, offsets + fixed)


def render(template: str, ctx: Context) -> Piece:
    return concat(ctx.n, [SLOTS[name](ctx) if is_slot else name for is_slot, name in _parse(template)])


def choose(ctx: Context, cases: np.ndarray, options: dict) -> Piece:
    """Per row, a random template among options[case] (or options['*']), each rendered for its rows."""
    texts = np.empty(ctx.n, dtype=object)
    lens = np.zeros(ctx.n, dtype=np.int64)
    spans = []
    for case in sorted(set(cases.tolist())):
        templates = options.get(case) or options["*"]
        in_case = np.flatnonzero(cases == case)
        which = ctx.rng.integers(0, len(templates), size=len(in_case))
        for j, template in enumerate(templates):
            idx = in_case[which == j]
            if not len(idx):
                continue
            piece = template(ctx.take(idx)) if callable(template) else render(template, ctx.take(idx))
            texts[idx], lens[idx] = piece.texts, piece.lens
            spans.extend((idx[r], s, e, t, v) for r, s, e, t, v in piece.spans)
    return Piece(texts, spans, lens)


def planted(k: int, kind: str, values: np.ndarray, prefix=None) -> Piece:
    """prefix + value, with a span of `kind` over the value."""
    parts = []
    if prefix is not None:
        parts.append(Piece(np.asarray(prefix, dtype=object)) if not isinstance(prefix, str) else prefix)
    lens = ids.lengths(values)
    parts.append(Piece(values, [(np.arange(k), np.zeros(k, np.int64), lens, kind, values)], lens))
    return concat(k, parts)


def plain(values: np.ndarray) -> Piece:
    return Piece(np.asarray(values, dtype=object))


# ---------------------------------------------------------------------------------------------
# Slots


def _gendered(male: str, female: str, neutral: str):
    """The person's pronoun; where the record gives no gender, words that assume none, so a text
    never says "she" beside a record that does not."""
    return lambda ctx: plain(np.where(ctx["unknown"], neutral, ids.either(ctx["female"], female, male)).astype(object))


def _name(ctx: Context) -> Piece:
    first, last, rng = ctx["first"], ctx["last"], ctx.rng
    style = rng.choice(5, size=ctx.n, p=[0.35, 0.30, 0.15, 0.10, 0.10])
    values = np.array([(f"{f} {l.upper()}", f"{f} {l}", f"{f} {l}", f"{l.upper()}, {f}", f"{f} {l}".upper())[s]
                       for f, l, s in zip(first, last, style)], dtype=object)
    titles = np.where(ctx["female"], ids.pick(ids.TITLES_FEMALE, ctx.n, rng), ids.pick(ids.TITLES_MALE, ctx.n, rng))
    prefix = np.where(style == 2, titles + " ", "").astype(object)
    return planted(ctx.n, "NAME", values, prefix=prefix)


def _name_lower(ctx: Context) -> Piece:
    return planted(ctx.n, "NAME", ids.lower(ctx["first"] + " " + ctx["last"]))


def _other_name(ctx: Context) -> Piece:
    rng = ctx.rng
    first = ids.first_names(ctx.n, rng, female=rng.random(ctx.n) < 0.3)
    last = ids.surnames(ctx.n, rng)
    caps = rng.random(ctx.n) < 0.5
    return planted(ctx.n, "NAME", np.where(caps, first + " " + ids.upper(last), first + " " + last).astype(object))


DOB_CUES = ("DOB ", "DOB: ", "d.o.b. ", "D.O.B ", "born ", "date of birth ", "born on ", "DoB ")


def _dob(ctx: Context) -> Piece:
    return planted(ctx.n, "DOB", ids.date_styles(ctx["dob"], ctx.rng), prefix=ids.pick(DOB_CUES, ctx.n, ctx.rng))


def _postcode(ctx: Context) -> Piece:
    codes = ids.postcodes(ctx["town"], ctx.rng, ctx.region)
    style = ctx.rng.random(ctx.n)
    codes = np.where(style < 0.15, ids.remove_spaces(codes), np.where(style < 0.27, ids.lower(codes), codes)).astype(object)
    return planted(ctx.n, "POSTCODE", codes)


def _collar(ctx: Context) -> Piece:
    rng, n = ctx.rng, ctx.n
    ranks = ids.pick(["PC ", "PC ", "PC ", "PC", "PS ", "DC ", "PCSO ", "Pc ", "DS "], n, rng)
    number = np.array([str(x) for x in rng.integers(100, 9999, size=n)], dtype=object)
    if ctx.region == "london":  # Met shoulder numbers: digits and a borough code
        met = number + ids.ascii_strings(ids.random_letters(n, rng, 2))
        number = np.where(rng.random(n) < 0.5, met, number).astype(object)
    return planted(n, "OFFICER_NUMBER", number, prefix=ranks)


def _ref(ctx: Context) -> Piece:
    rng, n = ctx.rng, ctx.n
    custody_prefix = ("KD", "LX", "HT", "SC", "BS") if ctx.region == "london" else ("LS", "BD", "HD", "HX", "WF")
    kinds = [("crime ref ", ids.crime_refs), ("crime number ", ids.crime_refs), ("CAD ", ids.cad_numbers),
             ("log ", ids.cad_numbers), ("custody record ", lambda k, r: ids.custody_refs(k, r, custody_prefix)),
             ("occurrence ", ids.occurrence_numbers), ("search receipt ", ids.receipt_numbers)]
    which = rng.integers(0, len(kinds), size=n)
    values, prefix = np.empty(n, dtype=object), np.empty(n, dtype=object)
    for j, (cue, make) in enumerate(kinds):
        idx = np.flatnonzero(which == j)
        values[idx], prefix[idx] = make(len(idx), rng), cue
    return planted(n, "REFERENCE", values, prefix=prefix)


def _law(ctx: Context) -> Piece:
    laws = np.array([law if law in LAWS else "pace" for law in ctx["law"]], dtype=object)
    texts, lens, spans = np.full(ctx.n, "", dtype=object), np.zeros(ctx.n, dtype=np.int64), []
    for law in sorted(set(laws.tolist())):
        in_law = np.flatnonzero(laws == law)
        which = ctx.rng.integers(0, len(LAWS[law]), size=len(in_law))
        for j, segments in enumerate(LAWS[law]):
            idx = in_law[which == j]
            k = len(idx)
            if not k:
                continue
            piece = concat(k, [planted(k, KEEP, np.full(k, s, dtype=object)) if keep else s for s, keep in segments])
            texts[idx], lens[idx] = piece.texts, piece.lens
            spans.extend((idx[r], a, b, t, v) for r, a, b, t, v in piece.spans)
    return Piece(texts, spans, lens)


def _keep(pool):
    return lambda ctx: planted(ctx.n, KEEP, ids.pick(pool, ctx.n, ctx.rng))


def _plain(pool):
    return lambda ctx: plain(ids.pick(pool, ctx.n, ctx.rng))


def _tactic(ctx: Context) -> Piece:
    return plain(ctx["tactic"]) if ctx.has("tactic") else plain(ids.pick(TACTICS, ctx.n, ctx.rng))


def _cases_subject(ctx):
    return np.array(["plain", "name", "dob", "name_dob"], dtype=object)[ctx["f_name"] * 1 + ctx["f_dob"] * 2]


def _cases_where(ctx):
    return np.array(["street", "address", "postcode", "address_postcode"], dtype=object)[ctx["f_where_address"] * 1 + ctx["f_postcode"] * 2]


def _clause(name, cases):
    return lambda ctx: choose(ctx, cases(ctx), ctx.templates[name])


SLOTS = {
    "he": _gendered("he", "she", "the person"), "He": _gendered("He", "She", "The person"),
    "him": _gendered("him", "her", "the person"), "his": _gendered("his", "her", "their"),
    "His": _gendered("His", "Her", "Their"), "himself": _gendered("himself", "herself", "themselves"),
    "male": _gendered("male", "female", "person"),
    "NAME": _name, "NAME_LOWER": _name_lower, "OTHER_NAME": _other_name,
    "NICK": lambda ctx: planted(ctx.n, "NAME", ids.nicknames(ctx.n, ctx.rng)),
    "DOB": _dob, "POSTCODE": _postcode, "COLLAR": _collar, "REF": _ref,
    "PHONE": lambda ctx: planted(ctx.n, "PHONE", ids.phone_styles(ctx.n, ctx.rng, ctx.region)),
    "EMAIL": lambda ctx: planted(ctx.n, "EMAIL", ids.emails(ctx["first"], ctx["last"], ctx.rng)),
    "VRM": lambda ctx: planted(ctx.n, "VEHICLE", ids.vehicle_reg_styles(ctx.n, ctx.rng, ctx["vrm"] if ctx.has("vrm") else None)),
    "NI": lambda ctx: planted(ctx.n, "NI_NUMBER", ids.ni_numbers(ctx.n, ctx.rng)),
    "PNC": lambda ctx: planted(ctx.n, "PNC_ID", ids.pnc_ids(ctx.n, ctx.rng)),
    "IMEI": lambda ctx: planted(ctx.n, "IMEI", ids.imeis(ctx.n, ctx.rng)),
    "CARD": lambda ctx: planted(ctx.n, "CARD_NUMBER", ids.card_numbers(ctx.n, ctx.rng)),
    "ADDRESS": lambda ctx: planted(ctx.n, "ADDRESS", ids.house_addresses(ctx["town"], ctx.rng, ctx.region)),
    "STREET": lambda ctx: planted(ctx.n, KEEP, ids.streets(ctx["town"], ctx.rng, ctx.region)),
    "SIDE_STREET": _keep(ids.RESIDENTIAL_STREETS),
    "TOWN": lambda ctx: plain(ids.town_names(ctx["town"], ctx.region)),
    "SHOP": _keep(ids.SHOPS), "DRUG": _keep(DRUGS), "WEAPON": _keep(WEAPONS), "CLOTHING": _keep(CLOTHING),
    "RANK": _keep(RANKS), "FIREARM": _keep(FIREARMS), "PSA": _keep(PSAS), "LAW": _law,
    "CAR": _plain(ids.CARS), "ITEM": _plain(ITEMS), "TOOL": _plain(TOOLS), "OFFENCE": _plain(OFFENCES),
    "OBJECT": lambda ctx: plain(np.array([OBJECTS.get(t, "prohibited articles") for t in ctx["topic"]], dtype=object)),
    "TACTIC": _tactic,
    "SUBJECT": _clause("SUBJECT", _cases_subject),
    "WHERE": _clause("WHERE", _cases_where),
    "WITH": _clause("WITH", lambda ctx: ids.either(ctx["f_officer"], "officer", "none")),
}

# Extra sentences for identifiers that have no place in the opening: flag -> template position.
DETAILS = (("f_phone", "DETAIL_PHONE"), ("f_email", "DETAIL_EMAIL"), ("f_ni", "DETAIL_NI_NUMBER"),
           ("f_pnc", "DETAIL_PNC_ID"), ("f_imei", "DETAIL_IMEI"), ("f_card", "DETAIL_CARD_NUMBER"),
           ("f_ref", "DETAIL_REFERENCE"), ("f_detail_address", "DETAIL_ADDRESS"), ("f_detail_vehicle", "DETAIL_VEHICLE"),
           ("f_other_name", "DETAIL_NAME"))


# ---------------------------------------------------------------------------------------------
# Composition


@dataclass
class Planted:
    """Texts and their planted spans as parallel arrays (text index, start, end, type, value), sorted."""

    texts: np.ndarray
    text: np.ndarray
    start: np.ndarray
    end: np.ndarray
    type: np.ndarray
    value: np.ndarray
    code: np.ndarray  # the type as an index into SPAN_TYPES


def compose(n: int, rng: np.random.Generator, templates: str = "export", region: str | None = None, *,
            female=None, unknown=None, topic=None, law=None, outcome=None, vehicle=None, town=None, first=None,
            last=None, dob=None, extra: dict | None = None) -> Planted:
    """n texts written from a template set, consistent with whatever per-row facts are given.

    Every keyword is an optional array of length n: the person's gender (`female`; `unknown` where the
    record gives none, whose texts then use no gendered words), what the search
    was for (`topic`, one of TOPICS) and under which power (`law`: mda, pace, s60, fa, cja, psa),
    the outcome class (nfa, arrest, other), whether a vehicle was involved, the town index in the
    region, the person's first and last name and date of birth. What is not given is drawn.
    """
    if templates not in SETS:
        raise ValueError(f"unknown template set {templates!r}; expected one of {', '.join(SETS)}")
    region = region or REGION_OF_SET.get(templates, "west-yorkshire")
    if female is None:
        female = rng.random(n) < 0.12
    female = np.asarray(female, dtype=bool)
    unknown = np.zeros(n, dtype=bool) if unknown is None else np.asarray(unknown, dtype=bool)
    if topic is None:
        topic = np.asarray(TOPICS, dtype=object)[rng.choice(len(TOPICS), size=n, p=TOPIC_WEIGHTS)]
    if law is None:
        law = np.array([TOPIC_LAW[t] for t in topic], dtype=object)
    if outcome is None:
        outcome = np.asarray(OUTCOMES, dtype=object)[rng.choice(3, size=n, p=OUTCOME_WEIGHTS)]
    if vehicle is None:
        vehicle = rng.random(n) < 0.33
    vehicle = np.asarray(vehicle, dtype=bool)
    if town is None:
        town = ids.town_indices(n, rng, region)
    if first is None:
        first = ids.first_names(n, rng, female)
    if last is None:
        last = ids.surnames(n, rng)
    if dob is None:
        ages = np.clip(rng.gamma(3.0, 6.0, size=n) + 12, 10, 75).astype(int)
        dob = ids.dates_of_birth(np.full(n, np.datetime64("2024-08-15")), ages, rng)

    flags = {f"f_{k}": rng.random(n) < rate for k, rate in RATES.items()}
    flags["f_vehicle"] = rng.random(n) < np.where(vehicle, VEHICLE_RATE[True], VEHICLE_RATE[False])
    in_where = rng.random(n) < 0.6
    flags["f_where_address"] = flags["f_address"] & in_where
    flags["f_detail_address"] = flags["f_address"] & ~in_where
    flags["f_detail_vehicle"] = flags["f_vehicle"] & ~vehicle
    opening = np.where(vehicle, ids.either(flags["f_vehicle"], "vehicle_reg", "vehicle"), "foot").astype(object)

    cols = {"female": female, "unknown": unknown, "topic": np.asarray(topic, dtype=object), "law": np.asarray(law, dtype=object),
            "outcome": np.asarray(outcome, dtype=object), "town": np.asarray(town), "first": np.asarray(first, dtype=object),
            "last": np.asarray(last, dtype=object), "dob": np.asarray(dob, dtype="datetime64[D]"), **flags, **(extra or {})}
    ctx = Context(rng, SETS[templates], region, cols)

    # One to four sentences: the opening always; the details the flags call for; reason, action and
    # close as room allows.
    details = np.column_stack([flags[f] for f, _ in DETAILS]) if n else np.zeros((0, len(DETAILS)), bool)
    reason, action, close = rng.random(n) < 0.85, rng.random(n) < 0.5, rng.random(n) < 0.45

    def count():
        return 1 + reason.astype(int) + action + close + details.sum(axis=1)

    for optional in (action, close, reason):
        optional &= count() <= 4
    excess = count() - 4
    for j in range(details.shape[1] - 1, -1, -1):
        drop = (excess > 0) & details[:, j]
        details[:, j] &= ~drop
        excess -= drop
    # The detail sentences a row needs, first, second, third: each a position whose case is the detail's name.
    detail_names = np.array([name for _, name in DETAILS] + [""], dtype=object)
    order = np.where(details, np.arange(len(DETAILS)), len(DETAILS))
    order.sort(axis=1)
    detail_options = {name: ctx.templates[name]["*"] for _, name in DETAILS}
    positions = [(ctx.templates["OPEN"], np.ones(n, bool), opening), (ctx.templates["REASON"], reason, ctx["topic"])]
    positions += [(detail_options, order[:, j] < len(DETAILS), detail_names[order[:, j]]) for j in range(3)]
    positions += [(ctx.templates["ACTION"], action, ctx["topic"]), (ctx.templates["CLOSE"], close, ctx["outcome"])]

    parts = []
    for i, (options, active, cases) in enumerate(positions):
        idx = np.flatnonzero(active)
        sentence = Piece(np.full(n, "", dtype=object), [], np.zeros(n, dtype=np.int64))
        if len(idx):
            sub = choose(ctx.take(idx), cases[idx], options)
            if i:  # a space before every sentence after the first
                sub = concat(len(idx), [" ", sub])
            sentence.texts[idx], sentence.lens[idx] = sub.texts, sub.lens
            sentence.spans = [(idx[r], s, e, t, v) for r, s, e, t, v in sub.spans]
        parts.append(sentence)
    whole = concat(n, parts)
    return _flatten(whole)


SPAN_TYPES = np.array(IDENTIFIER_TYPES + (KEEP,), dtype=object)
_TYPE_CODE = {t: i for i, t in enumerate(SPAN_TYPES)}


def _flatten(piece: Piece) -> Planted:
    if piece.spans:
        text = np.concatenate([s[0] for s in piece.spans])
        start = np.concatenate([s[1] for s in piece.spans])
        end = np.concatenate([s[2] for s in piece.spans])
        code = np.concatenate([np.full(len(s[0]), _TYPE_CODE[s[3]], dtype=np.int8) for s in piece.spans])
        value = np.concatenate([np.asarray(s[4], dtype=object) for s in piece.spans])
        order = np.argsort(text * (int(end.max()) + 1) + start, kind="stable")
        text, start, end, value, code = text[order], start[order], end[order], value[order], code[order]
        kind = SPAN_TYPES[code]
    else:
        text = start = end = np.zeros(0, np.int64)
        kind = value = np.zeros(0, dtype=object)
        code = np.zeros(0, np.int8)
    return Planted(piece.texts, text, start, end, kind, value, code)


def compose_mixed(n: int, rng: np.random.Generator, templates: str) -> Planted:
    """Texts from both regions (West Yorkshire and London), interleaved at random."""
    london = rng.random(n) < 0.5
    parts = [(np.flatnonzero(~london), "west-yorkshire"), (np.flatnonzero(london), "london")]
    texts = np.empty(n, dtype=object)
    cols = {k: [] for k in ("text", "start", "end", "type", "value", "code")}
    for idx, region in parts:
        p = compose(len(idx), rng, templates, region)
        texts[idx] = p.texts
        for k in cols:
            cols[k].append(idx[p.text] if k == "text" else getattr(p, k))
    merged = {k: np.concatenate(v) for k, v in cols.items()}
    order = np.lexsort((merged["start"], merged["text"]))
    return Planted(texts, *(merged[k][order] for k in ("text", "start", "end", "type", "value", "code")))


def officer_texts(n: int, rng: np.random.Generator, templates: str = "export"
                  ) -> tuple[list[str], list[list[tuple[int, int, str, str]]]]:
    """n texts in an officer's voice and, per text, its planted items (start, end, type, value).

    `templates` is "export" (stop-search grounds, West Yorkshire), "account" (use-of-force
    accounts, London) or "benchmark" (a separate wording, both regions, kept for the redaction
    benchmark). text[start:end] == value for every item; type is an identifier type from
    IDENTIFIER_TYPES or "KEEP" for a phrase that must survive redaction.
    """
    p = compose_mixed(n, rng, templates) if templates == "benchmark" else compose(n, rng, templates)
    items: list[list[tuple[int, int, str, str]]] = [[] for _ in range(n)]
    for t, s, e, k, v in zip(p.text.tolist(), p.start.tolist(), p.end.tolist(), p.type.tolist(), p.value.tolist()):
        items[t].append((s, e, k, v))
    return p.texts.tolist(), items
