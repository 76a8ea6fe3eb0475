"""Schools, colleges and workplaces: where a young person can be found every weekday.

Two ways in, each cheap: a cue ("pupil at", "attends", "works at", "employed by") and the words
after it; or a word that ends such a name ("Academy", "College", "Autos", "Ltd") and the words
before it. The name runs over words that are capitalised, names, unknown, or the connecting
words of institutions ("Our Lady of Lourdes", "St Mary's"), and stops at an ordinary lower-case
word ("works at Greggs on Briggate" gives "Greggs").
"""

from __future__ import annotations

import re

from panel_tool.anonymise.vocabulary import PLACE, SAFE, Vocabulary, plain

from .detection import Detection, TextView, WordFinder, register_cues, word_trie
from .names import PLACE_WORDS
from .places import STREET_TYPES

#: What joins words into one part of an institution's name ("K & S Motors", "J&R Scaffolding",
#: "St.Mary's"), besides the apostrophes and hyphens inside any word.
_JOINS = frozenset({"&", ".", " & "})
SCHOOL_WORDS = frozenset("""
    school schools academy college high primary grammar university uni sixth form pru catholic ce rc cofe
    junior juniors infant infants secondary community boys girls prep technical studio free trust
    institute campus
""".split())
WORK_WORDS = frozenset("""
    ltd limited plc llp autos motors garage carwash wash barbers barbershop barber takeaway foods food
    store stores supermarket scaffolding cafe café restaurant plumbing electrical electrics builders
    construction logistics couriers solutions services salon nails beauty kitchen grill pizza pizzeria
    chicken kebab kebabs off-licence offlicence convenience tyres valeting valet cars taxis cabs
    removals roofing landscaping cleaning recruitment bakery butchers grocers mart express warehouse
    factory depot workshop bodyshop mechanics cash carry wholesale fried
""".split())
#: Words that end a school's or a business's name when found with no cue; the rest of the words
#: above only continue one ("Kaz Car Wash" is found from "wash" only after a cue).
_SCHOOL_END = frozenset("school academy college high primary grammar university pru infants juniors".split())
WORK_WORDS = WORK_WORDS | frozenset("""
    arms nightclub bar pub textiles deli chippy hut palace lounge market security doors parlour
    newsagents newsagent nails spa plastering rendering brothers sons sales tattoo fitness pharmacy chemist
    chemists opticians dentist dental clinic vets launderette cleaners bookmakers bookies betting pawnbrokers
    jewellers mobiles electronics computers carpets furniture flooring transport haulage hire lettings
    agents solicitors accountants insurance travel hotel inn shisha casino arcade cinema bowling distribution
    farm trading enterprises group international uk fish grocery grocers bakery bakers halal cuisine
    diner bistro brasserie tandoori balti curry noodle noodles sushi wok
    bros auto autocentre tyre repairs printing glazing joinery fencing paving recycling metals
    kitchens bathrooms blinds upholstery tailors alterations minimarket superstore wholesalers distributors
    imports ventures holdings associates consultancy agency homecare healthcare nursery kennels cattery
    studios carwash
""".split())
_WORK_END = WORK_WORDS - frozenset("food store stores kitchen chicken wash cash carry express cars services solutions".split())
#: Ordinary words that are never the distinctive part of an institution's name ("the school",
#: "a local college"); any other word before a strong ending is ("shipley college", "kings arms").
_GENERIC = frozenset("""
    the a an his her their my your our its this that local nearby same old new big main his at to of in
    on near outside from by with and or for was is he she they i ip we secondary primary high night
    sports sport social working men's car attends attending attended pupil pupils student students goes
    studies works employed excluded enrolled year yr after before during
""".split())
_STRONG_ENDS = frozenset("""
    school academy college university grammar arms nightclub takeaway autos motors ltd limited bar pub palace
    market supermarket parlour deli nails barbers kebabs chippy security landscaping builders newsagents
    scaffolding butchers foods sales tattoo pharmacy chemists opticians launderette bookmakers jewellers
    mobiles carpets haulage lettings solicitors accountants hotel inn shisha tandoori
""".split())
#: Cues after which the next words are the name whatever they are, up to a word that carries the
#: sentence on ("works at speedy plates, gave", "boss at mojo bar can confirm").
_STRONG_CUES = frozenset(cue.strip() for cue in """
    works at|works for|working at|working for|employed by|employed at|job at|boss at|manager of|manager at|
    payslip from|apprentice at|mechanic at|owner of|staff at|pupil at|student at|attends|attending|
    excluded from|studies at|enrolled at|school:|college:|on roll at|expelled from|kicked out of
""".replace("\n", "").split("|")) - {""}
#: A job, then within four words "at", "for" or "by": what follows is where they work ("works part
#: time at", "delivery driver for", "does cash in hand shifts at", "bar staff at"). Not jobs that
#: are common surnames or open other words (cook, porter, rider, picker, intern).
_JOB_WORDS = (r"(?:work|employ|job|shift|staff|manager|boss|owner|chef|cleaner|driver|mechanic|apprentic"
              r"|barber|waiter|waitress|cashier|labourer|placement|volunteer|trainee|payslip|wages|paid"
              r"|deliver|courier|receptionist|carer|nurse|assistant|operative|stacker|barista|bartender|doorman"
              r"|bouncer|security|builder|plumber|electrician|hairdresser|stylist|contractor|supervisor|technician)")
_JOB_WORD = WordFinder(_JOB_WORDS, apart="[^a-z]")
_JOB_AT = re.compile(r"(?<![a-z])" + _JOB_WORDS + r"[a-z]*(?:[ ][a-z'&]+){0,4}?[ ](?:at|for|by|from|with)[ ](?:the[ ])?")
_STOP = frozenset("""
    on in at near by and or but he she they his her their was is were can could will would said says
    to from for with who which that where when then after before as of the a an it its gave give has had
    about around over under behind opposite outside inside court hospital custody mosque church gym
    appointment appointments meeting meetings home work school college approx approximately roughly
""".split())
_STREETS_AFTER_HIGH = frozenset("street st road rd school".split())
_ENDS = _SCHOOL_END | _WORK_END
_ENDING = WordFinder(word_trie(sorted(_ENDS), starts_word=False) + r"(?![a-z])", apart=r"[\W_]")
_CONNECTORS = frozenset("of the st st. saint our lady holy and & de la mary's marys john's".split())
_SCHOOL_CUES = (
    "pupil at", "pupil of", "student at", "students at", "attends", "attending", "attended", "goes to",
    "studies at", "studying at", "excluded from", "enrolled at", "school is", "school:", "college:",
    "school -", "sixth form at", "studies", "pupil", "school", "on roll at", "expelled from", "kicked out of",
)
_WORK_CUES = (
    "works at", "works for", "working at", "working for", "work at", "employed by", "employed at",
    "employer", "job at", "employee at", "employee of", "works in", "shift at", "apprentice at",
    "apprenticeship at", "staff at", "manager at", "manager of", "owner of", "owns", "works", "employed",
    "boss at", "payslip from", "mechanic at",
)
_CUE_KEYS = register_cues(_SCHOOL_CUES + ("year", "yr") + _WORK_CUES)
_CUE = re.compile(
    r"(?P<cue>" + "|".join(sorted((re.escape(c) for c in _SCHOOL_CUES + _WORK_CUES), key=len, reverse=True)) + r")"
    r"(?:[ ](?:at|the|in|for|by))?[ ]*[:,-]?[ ]*"
)
_YEAR_AT = re.compile(r"(?:year|yr|y)[ ]?\d{1,2}[ ]+(?:at|of|in)[ ]+")
#: A young person's age and then where they are: "aged 15 and at St Mary's", "16y/o and at".
_AGE_AND_AT = re.compile(r"(?:aged?[ ]?\d{1,2}|\d{1,2}[ ]?(?:y/?o|yrs?|years?)(?:[ ]old)?)[ ]+and[ ]+at[ ]+")
#: Titles that open the names of church schools ("Archbishop Beck", "Cardinal Newman", "Our
#: Lady of Lourdes"): the title is part of the name, and the words after it run on as after a cue.
_TITLED = re.compile(r"(?<![a-z])(?:archbishop|cardinal|our[ ]lady(?:[ ]of|'s|’s)?)[ ]+")
_TITLE_WORDS = ("archbishop", "cardinal", "our lady")
#: Faith words inside a school's name: the words before them belong to it too ("trinity cofe high").
_FAITH = frozenset("ce rc cofe catholic".split())
#: Two or more capitalised words in a row, in a text not typed in capitals.
_CAPITALISED_RUN = re.compile(r"[A-Z][a-z]+(?:[ ][A-Z][a-z]+)+")
#: Where a business is: "at", "outside", "inside"... before its name ("outside Speedy Plates",
#: "at The Black Horse"; not "in Moss Side", an area).
_AT_A_PLACE = ("at ", "outside ", "inside ", "at the ", "outside the ", "inside the ", "in the ", "into the ",
               "from the ", "behind the ")
_STREET_TYPES = frozenset(STREET_TYPES.lower().split("|"))
#: Words after a place that make it a police or public building ("Stoke Newington custody").
_PUBLIC_BUILDING_AFTER = frozenset("custody police station court hospital".split())
_NOT_A_BUSINESS = frozenset("""
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december christmas easter police
""".split())
#: "Fried Chicken" ends a takeaway's name; "chicken" alone does not.
_ENDING_PAIRS = frozenset({("fried", "chicken")})
_PAIRS_END = frozenset(second for _, second in _ENDING_PAIRS)
_MAX_WORDS = 6


class InstitutionRecogniser:
    """Schools (SCHOOL) and workplaces (WORKPLACE); see the module docstring."""

    type = "SCHOOL"
    needs_digit = False

    def __repr__(self) -> str:
        return "InstitutionRecogniser()"

    def analyse(self, text: str | TextView, vocabulary: Vocabulary | None = None) -> list[Detection]:
        from panel_tool.anonymise.vocabulary import default_vocabulary

        view = text if isinstance(text, TextView) else TextView(text)
        cues = view.cue_positions(_CUE_KEYS)
        first_job = _JOB_WORD.first(view.lowered)
        aged, titled = _after_age(view.lowered), _titles(view.lowered)
        found = _businesses_by_capitals(view, vocabulary or default_vocabulary())
        if not cues and first_job is None and not aged and not titled and _ENDING.first(view.lowered) is None:
            # most texts name no school or business: skip the word-by-word reading
            return [_with_the(d, view.lowered) for d in found]
        vocabulary = vocabulary or default_vocabulary()
        tokens = _joined_words(view)
        starts = {start: i for i, (start, _, _) in enumerate(tokens)}
        # In a text typed all in capitals, capitals say nothing about names.
        capitals = any(c.islower() for c in view.text)
        for job in _JOB_AT.finditer(view.lowered, first_job) if first_job is not None else ():
            first = starts.get(job.end())
            span = _after_strong_cue(tokens, first, view.text) if first is not None else None
            if span is not None:
                found.append(Detection(tokens[span[0]][0], tokens[span[1]][1], _kind_of(tokens, span, "WORKPLACE")))
        for position in cues:
            year = _YEAR_AT.match(view.lowered, position)
            cue = _CUE.match(view.lowered, position)
            if year is not None:
                at, kind = year.end(), "SCHOOL"  # "yr 10 at St Mary's"
            elif cue is not None:
                kind = "SCHOOL" if cue.group("cue") in _SCHOOL_CUES else "WORKPLACE"
                at = cue.end()
                year = _YEAR_AT.match(view.lowered, at)
                if year is not None:
                    at, kind = year.end(), "SCHOOL"
            else:
                continue
            if cue is not None and year is None and cue.group("cue") == "school" and (
                    _word_before(view.lowered, position) in _GENERIC):
                continue  # "at school", "after school": the word, not a name
            first = starts.get(at)
            if first is not None:
                strong = year is not None or (cue is not None and cue.group("cue").strip() in _STRONG_CUES)
                span = (_after_strong_cue(tokens, first, view.text) if strong else None) or _forwards(
                    tokens, first, vocabulary, kind, capitals)
                if span is not None:
                    found.append(Detection(tokens[span[0]][0], tokens[span[1]][1], _kind_of(tokens, span, kind)))
        for at_school in aged + titled:
            first = starts.get(at_school.end())
            span = _after_strong_cue(tokens, first, view.text) if first is not None else None
            if span is not None:
                # A title is part of the name ("Archbishop Beck"); an age is not.
                start = at_school.start() if at_school in titled else tokens[span[0]][0]
                found.append(Detection(start, tokens[span[1]][1], "SCHOOL"))
        for i, (_, _, word) in enumerate(tokens):
            whole = plain(word)
            key = _last_part(whole) if "&" in whole else whole
            if key in _ENDS or (key in _PAIRS_END and i and (plain(tokens[i - 1][2]), key) in _ENDING_PAIRS) or (
                    key != whole and key in WORK_WORDS):
                if key == "high" and i + 1 < len(tokens) and plain(tokens[i + 1][2]) in _STREETS_AFTER_HIGH:
                    continue  # "High Street"
                span = _backwards(tokens, i, vocabulary, capitals)
                if span is not None:
                    found.append(Detection(tokens[span[0]][0], tokens[span[1]][1],
                                           "SCHOOL" if key in SCHOOL_WORDS else "WORKPLACE"))
        return [_with_the(_to_the_end(d, tokens, starts, view.text, vocabulary), view.lowered) for d in found]


def _businesses_by_capitals(view: TextView, vocabulary: Vocabulary) -> list[Detection]:
    """A business named in capitals after "at", "outside"...: two or more capitalised ordinary
    words ("Speedy Plates", "The Black Horse"), none a street, building, place or time word, in a
    text that is not typed in capitals. (A listed person's name or an unknown word is left to the
    name recognisers.)"""
    if view.text.isupper():
        return []
    found = []
    for run in _CAPITALISED_RUN.finditer(view.text):
        start = run.start()
        if run.group().startswith("The "):
            start += 4  # "at The Black Horse": the name after "The" ("the" is put back with it)
        if not view.lowered.endswith(_AT_A_PLACE, max(0, start - 12), start):
            continue
        words = [plain(word) for word in view.text[start:run.end()].split(" ")]
        if len(words) < 2 and run.group().startswith("The "):
            continue
        following = view.lowered[run.end() + 1:run.end() + 12].split(" ")[0]
        if following not in _PUBLIC_BUILDING_AFTER and all(
                vocabulary.flags.get(word, 0) & SAFE and word not in PLACE_WORDS and word not in _STREET_TYPES
                and word not in _STOP and word not in _NOT_A_BUSINESS and word not in SCHOOL_WORDS for word in words):
            found.append(Detection(start, run.end(), "WORKPLACE"))
    return found


def _joined_words(view: TextView) -> list[tuple[int, int, str]]:
    """The text's words, those joined by "&", "." or " & " taken as one."""
    text = view.text
    out: list[tuple[int, int, str]] = []
    for start, end, word in view.words:
        if out and text[out[-1][1]:start] in _JOINS:
            first = out[-1][0]
            out[-1] = (first, end, text[first:end])
        else:
            out.append((start, end, word))
    return out


def _after_age(lowered: str) -> list[re.Match[str]]:
    """Ages followed by where the person is: "aged 15 and at" (a school's name follows)."""
    return list(_AGE_AND_AT.finditer(lowered)) if " and at " in lowered else []


def _titles(lowered: str) -> list[re.Match[str]]:
    """Titles that open a church school's name."""
    if any(title in lowered for title in _TITLE_WORDS):
        return list(_TITLED.finditer(lowered))
    return []  # most texts: the scan, which opens on a lookbehind, is not run at all


def _word_before(lowered: str, position: int) -> str:
    return lowered[max(0, position - 12):position].split()[-1:][0] if lowered[max(0, position - 12):position].split() else ""


def _with_the(found: Detection, lowered: str) -> Detection:
    """A name with the "the" right before it: "The Blue Coat School", "the Black Horse"."""
    if lowered.endswith("the ", 0, found.start) and (found.start == 4 or not lowered[found.start - 5].isalnum()):
        return Detection(found.start - 4, found.end, found.type)
    return found


def _last_part(key: str) -> str:
    """The last word of a name joined by "&" ("nails & spa" -> "spa"): what ends it."""
    return key.rsplit("&", 1)[-1].strip() if "&" in key else key


def _kind_of(tokens, span, kind: str) -> str:
    words = {plain(tokens[k][2]) for k in range(span[0], span[1] + 1)}
    if words & SCHOOL_WORDS:
        return "SCHOOL"
    return "WORKPLACE" if words & WORK_WORDS else kind


def _name_like(word: str, vocabulary: Vocabulary, capitals: bool) -> bool:
    """Capitalised (where capitals mean something), or a word that is not plainly an ordinary one."""
    if not word.isalpha():
        return word.replace(" & ", "").replace("&", "").replace("'", "").replace("’", "").replace("-", "").isalpha()  # not "14", "2130hrs"
    if capitals and word[0].isupper():
        return True
    return not vocabulary.flags.get(plain(word), 0) & SAFE


def _forwards(tokens, first: int, vocabulary: Vocabulary, kind: str, capitals: bool) -> tuple[int, int] | None:
    """The institution's name starting at ``tokens[first]``."""
    last = None
    k = first
    while k < len(tokens) and k - first < _MAX_WORDS:
        word = tokens[k][2]
        key = plain(word)
        if k > first and tokens[k][0] - tokens[k - 1][1] > 1:
            break
        if key in SCHOOL_WORDS or key in WORK_WORDS or _name_like(word, vocabulary, capitals) or (
                last is not None and key in PLACE_WORDS):
            last = k
        elif key in _CONNECTORS or _suffix_ahead(tokens, k, vocabulary):
            pass
        else:
            break
        k += 1
    if last is None:
        return None
    if all(plain(tokens[k][2]) in SCHOOL_WORDS or plain(tokens[k][2]) in WORK_WORDS or plain(tokens[k][2]) in _CONNECTORS
           or plain(tokens[k][2]) in _GENERIC for k in range(first, last + 1)):
        return None  # "attends school", "goes to the gym": no name in it
    return first, last


def _suffix_ahead(tokens, k: int, vocabulary: Vocabulary) -> bool:
    """An ordinary word inside a name that ends two words on ("Kaz Car Wash", "Leeds City College")."""
    return any(plain(tokens[j][2]) in SCHOOL_WORDS or plain(tokens[j][2]) in WORK_WORDS
               for j in range(k + 1, min(k + 3, len(tokens))))


def _backwards(tokens, last: int, vocabulary: Vocabulary, capitals: bool) -> tuple[int, int] | None:
    """The name that ends with the institution word ``tokens[last]``: at least one distinctive
    word before it ("Parkside High", "Moorfield Autos"; not "the school", "a car wash")."""
    first = last
    distinctive = False
    strong = _last_part(plain(tokens[last][2])) in _STRONG_ENDS
    k = last - 1
    while k >= 0 and last - k <= _MAX_WORDS and tokens[k + 1][0] - tokens[k][1] == 1:
        word = tokens[k][2]
        key = plain(word)
        if key in SCHOOL_WORDS or key in WORK_WORDS:
            first = k
            strong = strong or key in _FAITH
        elif _name_like(word, vocabulary, capitals) and key not in _CONNECTORS:
            first, distinctive = k, True
        elif key in _CONNECTORS and k > 0 and _name_like(tokens[k - 1][2], vocabulary, capitals):
            pass
        elif (strong and key not in _GENERIC and word.isalpha() and last - k <= 3
              and not (key.endswith(("ing", "ed")) and len(key) > 4)):
            # "shipley college", "kings arms", "sweet treats dessert parlour", "wing wah
            # supermarket": any word but a generic one or a verb.
            first, distinctive = k, True
        else:
            break
        k -= 1
    return (first, last) if distinctive else None


def _after_strong_cue(tokens, first: int, text: str) -> tuple[int, int] | None:
    """After "works at", "pupil at": every word up to one that carries the sentence on, at most
    four, within one clause."""
    last = None
    for k in range(first, min(first + _MAX_WORDS, len(tokens))):
        if k > first and text[tokens[k - 1][1]:tokens[k][0]] not in (" ", "-"):
            break
        key = plain(tokens[k][2])
        if key in _CONNECTORS and k + 1 < len(tokens) and plain(tokens[k + 1][2]) not in _STOP:
            continue  # "Our Lady of Lourdes"
        if key in _STOP or not tokens[k][2].replace(" & ", "").replace("&", "").replace("'", "").isalpha():
            break
        last = k
        if k > first and (key in SCHOOL_WORDS or key in WORK_WORDS):
            break  # the name's last word; _to_the_end takes any more such words
    return None if last is None else (first, last)


def _to_the_end(found: Detection, tokens, starts: dict, text: str, vocabulary: Vocabulary) -> Detection:
    """An institution runs on over the words that end such names and one place after them:
    "Mensah Cleaning Services", "Tropical Foods Leeds", "Harris Academy Tottenham"."""
    k = next((i for i, t in enumerate(tokens) if t[1] == found.end), None)
    if k is None:
        return found
    end = found.end
    while k + 1 < len(tokens) and text[tokens[k][1]:tokens[k + 1][0]] == " ":
        key = _last_part(plain(tokens[k + 1][2]))
        if key in SCHOOL_WORDS or key in WORK_WORDS:
            k += 1
            end = tokens[k][1]
            continue
        if vocabulary.flags.get(key, 0) & PLACE and key not in _STOP and key not in _STREETS_AFTER_HIGH:
            end = tokens[k + 1][1]
        break
    return Detection(found.start, end, found.type)
