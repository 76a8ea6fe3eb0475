"""Recall first: every word the other recognisers left is a name unless it is known to be safe.

The pattern recognisers find identifiers by their shape or a cue; whatever they miss would reach
the panel. This pass reads each remaining word against the safe vocabulary
(:mod:`panel_tool.anonymise.vocabulary`), in the manner of Philter's allowlist:

* a **safe** word (English, policing, places) stays;
* a **listed name** that is no ordinary word ("ruairi", "anyanwu") is a name, in any case;
* an **unknown** word is a name too, unless it is plainly a misspelling of a safe word, the first
  word of a street ("Stainbeck Lane"), or a place after "in"/"near";
* an **ambiguous** word, a name that is also a word ("daisy", "field", "will"), is a name only when
  the context says so: a neighbouring name, a title or cue before it, capitals beside another
  name-like capitalised word ("Hazel Wood"), a surname in capitals in a mixed-case text ("TEMPLE
  stated"), or the same word taken as a name elsewhere in the text.

Capital letters are a cue, never a requirement. Each word let through on weaker ground (unknown
words kept as misspellings or places, ambiguous words in capitals, numbers that could identify
someone) is returned as a :class:`Mark` with its reason, for the facilitator's second look.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from panel_tool.anonymise.vocabulary import ALWAYS_A_WORD, COMMON, FORENAME, PLACE, SAFE, SURNAME, Vocabulary, plain

from .detection import Detection, TextView, slips, word_trie
from .institutions import WORK_WORDS
from .name_lists import lexicon
from .names import PLACE_WORDS


class Mark(NamedTuple):
    """A word let through that a person should look at, and why (plain English)."""

    start: int
    end: int
    reason: str


UNKNOWN_WORD = "not a word the tool knows: could be a name"
ALSO_A_NAME = "an ordinary word that is also a name"
PLACE_NAME = "could be a place or a street"
NUMBER = "a number that could identify someone"
LOOKS_IDENTIFYING = "looks like a name or a detail that identifies someone, and is not redacted"

_LEGAL_BEFORE_NUMBER = frozenset({"section", "sections", "s", "sec", "act", "schedule", "part", "code", "class"})
_NUMBER_NEXT = re.compile(r"[ ]*[(/]?[ ]*\d{2,7}")
_HAS_DIGIT = re.compile(r"\d")
_PARTICLES = frozenset("de da di du dos das van von der den bin ibn al el le la ben ap ní nic ó o ua mc mac bint abu".split())
#: Words after which a name follows: titles, ranks, relationships, "named".
_BEFORE_NAME = frozenset("""
    mr mrs ms miss mx dr master mister named called aka alias nicknamed
    pc ps pcso sgt dc ds insp tdc tpc spc officer
""".split())
#: Street and place words: an unknown word before one is the name of a street, a building or a
#: district ("Sparkbrook custody", "the Lozells area").
_STREET_WORDS = frozenset("""
    road rd street st avenue ave lane ln close cl court ct drive dr way crescent cres place pl terrace
    tce grove gardens gdns hill walk row square sq mews parade rise view green park mount vale wharf
    yard fold garth gate croft approach boulevard broadway chase circus dale grange heights meadow
    meadows mead mill orchard quay ridge estate house cottages bank brow lea nook fields precinct
    market centre center station shopping retail industrial common moor bridge custody area
""".split())
_PLACE_BEFORE = frozenset({"in", "near", "around", "towards", "outside", "through", "across", "into", "along",
                           "off", "via", "junction", "area"})  # "area": "in s60 area Armley"
#: Words after which a word and a street word are the street, whatever follows ("on rye lane as he
#: was running").
_ON_A_STREET = _PLACE_BEFORE | frozenset({"on", "onto", "down", "up"})
#: Endings of one-word street names ("Briggate", "Kingsway").
_STREET_ENDINGS = ("gate", "way")
#: Words in capitals that are emphasis or acronyms, never a surname on their own.
_SPEECH_AFTER = frozenset("""
    stated said replied shouted told became was is has had ran made admitted refused declined
    continued pulled tried walked grabbed started appeared did then who and
""".split())
#: Words that carry a sentence on after a name, never part of it (verbs, prepositions, colours,
#: how officers describe people): "ahmed ran off", "jamal black hoodie".
_CARRIES_ON = frozenset("""
    ran run runs running was is were be been said says told stated shouted replied became become went born date
    go goes gone came come comes got get gets had has have did do does made make saw see seen looked
    walked stood sat tried pulled pushed threw kicked grabbed refused admitted agreed left stayed
    and or but then so as at on in of to by for from with into onto over under up down off out away
    back about after before near outside inside while when who which that this there here now also
    can may might will would should could well very just still again too gave give gives giving held
    hold holds during works work working search searching found find seized took take taken put placed
    told tell asked ask called call used using seen saw smelt smelled smell felt noticed heard showed
    shown produced provided returned released conveyed attended arrived approached stopped checked
    confirmed closed opened fired drew drawn age aged
""".split())
#: How officers describe people and things: part of a name only where nothing else could stand
#: ("PS YOUNG 2042", "victor young (member of public)"), never after "IP" or beside a name.
_DESCRIBES = frozenset("""
    black white brown green grey gray blue red young old tall short large small big little drunk male
    female boy girl man woman lad youth person mum dad home court cash money phone bag car van knife
    street road lane
""".split())
_NEVER_IN_A_NAME = _CARRIES_ON | _DESCRIBES
_DETERMINERS = frozenset("the a an this that these those his her their my your our its some any no".split())
#: Words after which a not-so-common ambiguous word is a person ("stopped jack", "his mate daisy").
_PERSON_BEFORE = frozenset("""
    stopped searched detained arrested subject suspect ip ips yp dp male female youth lad boy girl man woman
    person friend brother sister cousin mate mum dad mother father son daughter partner girlfriend
    boyfriend named keeper owner driver passenger victim witness complainant informant nominal
    handcuffed restrained tasered pushed grabbed held told warned escorted cuffed frisked
    manager supervisor householder occupier headteacher teacher paramedic carer landlord tenant neighbour
""".split())


@cache
def _introducing() -> frozenset[str]:
    """The words that introduce a person, and their slips as officers type them ("sotpped",
    "serched", "drver", "pasenger"), less any slip that is a word in its own right."""
    from panel_tool.anonymise.vocabulary import default_vocabulary

    flags = default_vocabulary().flags
    typed = {slip for word in _PERSON_BEFORE if len(word) >= 5 for slip in slips(word)}
    return _PERSON_BEFORE | {slip for slip in typed if not flags.get(slip, 0) & SAFE}
#: The people among those words (not what officers do to them: "stopped Bolton Road" is a street).
_PERSON_NOUNS = frozenset("""
    subject suspect ip yp dp male female youth lad boy girl man woman person friend brother sister cousin mate mum
    dad mother father son daughter partner girlfriend boyfriend keeper owner driver passenger victim witness
    complainant informant nominal
""".split())
#: Two words after which a person is named: "dealt with HYSA", "spoke to EKPO".
_PERSON_AFTER_TWO = frozenset({("dealt", "with"), ("spoke", "with"), ("spoke", "to"), ("spoken", "to"),
                               ("engaged", "with"), ("talking", "to"), ("talked", "to"),
                               # force or a search used on someone: "PAVA on Jimmy", "stop search on Moss"
                               # (not "cuffs on rear stack", "bus stop on broadway")
                               ("search", "on"), ("pava", "on"), ("spray", "on"), ("taser", "on"), ("guard", "on"),
                               ("force", "on")})
#: What follows a person and nothing else: an age or birth date ("jack aged 15", "field dob
#: 3/4/09", "FIELD 03/01/06", "MUCA 02MAY2004").
_AFTER_PERSON = re.compile(
    r"[ ,(-]*(?:aged?\b|dob\b|d\.o\.b|born\b|\d{1,2}[ ]?(?:yrs?|yo)\b"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\d{1,2}(?:st|nd|rd|th)?[ ]?(?:of[ ])?[a-z]{3,9}[ ]?\d{2,4}\b|\d{6}\b"
    r"|\((?:aged?[ ]?)?\d{1,2}(?:[,)]|[ ]?(?:yrs?|years?|yo|y/o)\b))")  # "Gethin Hill (39, pnc ...)", "lee (14 year old)"
#: What people do, right after their name: "gold tried to bite", "hall stated", "Gold was conveyed".
_PERSON_AFTER = re.compile(r"""[ ,]*(?:then[ ]+)?(?:
    stated|said|says|replied|shouted|screamed|swore|refused|tried|fell|became|ran|complied|kicked|spat|
    struggled|resisted|admitted|denied|told|gave|punched|headbutted|bit|lunged|threatened|sttaed|
    carrying|holding|wearing|smoking|wanted[ ]+(?:on|for|by|in)|
    was[ ]+(?:restrained|cuffed|sat|stood|shouting|crying|screaming|swearing)|
    known[ ]as|aka|a\.k\.a|\([ ]?(?:member[ ]of[ ]public|mop|witness|victim)|
    stopped[ ]+(?:by|on|in|at|after|whilst|while|for)|seen[ ]+(?:by|on|in|at|leaving|running|carrying|acting|walking|hanging|loitering)|
    's[ ]+(?:arm|arms|hand|hands|leg|legs|head|wrist|wrists|shoulder|body|face|jacket|pocket|pockets|bag|
    phone|car|mum|dad|mother|father|brother|sister|friend|boyfriend|girlfriend|address|house|home|flat|
    email|e-mail|pnc|dob|d\.o\.b|snap|snapchat|insta|instagram|tiktok|
    partner|ex|cousin|wife|husband|son|daughter|nan|pram)|
    who|as[ ]+(?:he|she|they)[ ]+(?:was|were|had|tried|did|refused)|(?:was|is)[ ]+(?:being|compliant|arrested|detained|searched|handcuffed|stopped|conveyed|spat|
    uncooperative|aggressive|taken|placed|warned|told|held|given|advised|released|abusive|drunk|seen|
    in[ ]+(?:his|her|the[ ]+(?:back|rear|car|van|garden|hallway|bedroom)))
)\b""", re.VERBOSE)
#: Ranks as tokens (lower case): a word right after one, or after its number, is the officer.
_RANKS = frozenset("pc pcs ps pcso dc ds sgt insp tpc tdc spc di dci officer ofcr offr c s constable sergeant".split())
#: Ranks as written after a surname ("6721 BANKS PC"); not "officer" ("1234 arresting officer").
_RANKS_AFTER = frozenset("pc ps dc ds pcso sgt tpc tdc spc sc insp".split())
#: What follows a time, not a collar number: "at 2130 hrs PC ...".
_TIME_WORDS = frozenset("hrs hr hours hour am pm mins minutes approx".split())
#: An ambiguous word this frequent (Zipf scale) is a word first ("will", "black", "may"): only a
#: title or cue right before it makes it a name.
_COMMON = 5.0  # below ALWAYS_A_WORD (5.8): words that frequent are never ambiguous here
#: Rare enough as a word that beside a name it is taken as part of the name even in lower case
#: ("ahmed khan"; not "jamal ran off").
_RARE = 4.3
#: An initial before a name, in any case: "J. okafor", "k zajac", "L.Lazar" (not "I", nor the "m"
#: of "w/m", white male).
_INITIAL_BEFORE = re.compile(r"(?<![^\W\d_])(?<!/)(?:(?![Iia][ ])[^\W\d_]\.?[ ]|[^\W\d_]\.[ ]?)$")
#: "A", "I" as the initials they often are (Ahmed, Amina, Ibrahim, Ioana...), not the article or
#: the writer: only with no dot after a word that introduces a person ("IP a bashir", "male I
#: MUCA"), or opening the text before a surname in capitals ("I MUCA 02MAY2004 seen ...").
_A_OR_I_BEFORE = re.compile(r"(?:^|(?<![^\W\d_])(?P<cue>ip|i\.p|male|female|suspect|subject|driver|passenger|victim|witness|"
                            r"named|keeper|youth|nominal|stopped|searched|detained|arrested|\d{3,5})[ ]+)([AaIi])[ ]$", re.IGNORECASE)
_NUMBER_UNITS = re.compile(r"\d+(?:st|nd|rd|th|hrs?|hours?|mins?|yrs?|yo|y|mg|g|kg|ml|mph|cc|k|am|pm|s|x|p|m|km|ft|in|l)", re.I)
#: How many words' kinds a vocabulary remembers before starting afresh (a bound on memory over
#: millions of texts, far above the words of one export).
_KINDS_REMEMBERED = 200_000
_POWER_TOKEN = re.compile(r"(?:s|sec|ic|iC|IC|S)\d+[A-Za-z]{0,3}|\d+[A-Za-z]{0,2}", re.I)


def recall_first(view: TextView, found: list[Detection], vocabulary: Vocabulary,
                 marks: list[Mark] | None = None) -> list[Detection]:
    """New NAME (and REFERENCE) detections for words ``found`` did not cover; with ``marks``, also
    fill it with what was let through on weak ground."""
    text = view.text
    tokens = view.words
    if not tokens:
        return []
    all_capitals = text.isupper() or not any(c.islower() for c in text)
    kinds: list[str] = []  # "safe", "name", "ambiguous", "unknown", "number", "covered"
    known = vocabulary.kinds
    if len(known) > _KINDS_REMEMBERED:
        known.clear()
    lookup, append = known.get, kinds.append
    # One walk over the words: whether a detection covers each (``found`` is sorted and never
    # overlaps, so one pointer moves along it) and, if not, its kind.
    j, n_found = 0, len(found)
    next_start, next_end = (found[0].start, found[0].end) if found else (-1, -1)
    for start, end, word in tokens:
        if n_found:
            while next_end <= start:
                j += 1
                if j == n_found:
                    n_found = 0
                    break
                next_start, next_end = found[j].start, found[j].end
            if n_found and next_start < end:
                append("covered_name" if found[j].type == "NAME" else "covered")
                continue
        kind = lookup(word)  # most words: one lookup
        if kind is None:
            kind = known[word] = "safe" if word.lower() in vocabulary.safe else _kind(word, vocabulary)
        append(kind)
    if _phrase_openers().search(view.lowered) is not None:
        _mask_phrases(tokens, kinds)  # most texts hold no brand or car model: one scan says so
    decided, businesses = _decide(text, tokens, kinds, vocabulary, all_capitals, marks)
    return _as_detections(text, tokens, decided, businesses, vocabulary, all_capitals)


@cache
def _phrase_openers() -> re.Pattern[str]:
    """The first words of the phrases :func:`_mask_phrases` looks for, as one scan of the
    lower-cased text (a token equal to one of these ASCII words is a substring of it)."""
    openers = lexicon()[1]
    if not all(opener.isascii() for opener in openers):
        return re.compile("")  # matches every text: the word-by-word look always runs
    return re.compile(word_trie(sorted(openers), starts_word=False))


def _mask_phrases(tokens, kinds: list[str]) -> None:
    """Brands, places and car models that read like names ("Ralph Lauren", "Seat Leon") are safe."""
    phrases = lexicon()[1]
    lookup = phrases.get
    for i, (_, _, word) in enumerate(tokens):
        listed = lookup(word.lower())
        if not listed:
            continue
        for phrase in listed:
            if tuple(t[2].lower() for t in tokens[i:i + len(phrase)]) == phrase:
                kinds[i:i + len(phrase)] = ["safe"] * len(phrase)


#: English words that keep their accents (written without, they are safe words anyway).
_ACCENTED_ENGLISH = frozenset("cafe cafes fiance fiancee nee protege decor role naive cliche facade creche entree".split())


def _kind(word: str, vocabulary: Vocabulary) -> str:
    if not word.isalpha() and _HAS_DIGIT.search(word):
        return "number"
    key = plain(word)
    if key in vocabulary.safe:
        if key not in _ACCENTED_ENGLISH and any(ch.isalpha() and not ch.isascii() for ch in word):
            return "unknown"  # "Gøt" is no "got", "Léa" no "lea": an accent is typed on purpose, in a name
        return "safe"
    flags = vocabulary.flags.get(key)
    if flags is None and key.endswith(("'s", "s'")):
        key = key[:-2] if key.endswith("'s") else key[:-1]
        if key in vocabulary.safe:
            return "safe"
        flags = vocabulary.flags.get(key)
    if flags is None and ("-" in key or "'" in key):
        # Double-barrelled names and O'/D' prefixes: a name if no part is a plain word.
        parts = [p for p in re.split(r"['-]", key) if p]
        kinds = {_kind(p, vocabulary) for p in parts if len(p) > 1 or p not in "od"}
        if not kinds or kinds == {"safe"}:
            return "safe"
        if "safe" in kinds:
            return "ambiguous"
        return "name" if "name" in kinds else "unknown" if "unknown" in kinds else "ambiguous"
    if flags is None:
        return "unknown"
    if flags == SAFE:
        return "safe"
    return "ambiguous" if flags & SAFE else "name"


def _decide(text, tokens, kinds, vocabulary, all_capitals, marks) -> list[bool]:
    """Which tokens are names (or identifying numbers): the rules of the module docstring. Only
    the few tokens that are not plainly safe are visited (speed: most of a text is safe words)."""
    n = len(tokens)
    name = [False] * n
    businesses: list[int] = []  # words that open a business's name: WORKPLACE, not NAME
    open_ = [i for i, kind in enumerate(kinds) if kind not in ("safe", "covered", "covered_name")]
    for i in open_:
        # (most open words are followed by no street word: one test before the call)
        if i + 1 < n and kinds[i + 1] == "ambiguous" and _introduced_with_a_street_surname(text, tokens, kinds, i, vocabulary):
            name[i] = name[i + 1] = True
    ambiguous = []
    for i in open_:
        kind = kinds[i]
        if name[i]:
            continue
        if kind == "ambiguous":
            ambiguous.append(i)
        elif kind in ("name", "unknown") and _place_name(text, tokens, kinds, i, all_capitals):
            if marks is not None:
                marks.append(Mark(tokens[i][0], tokens[i][1], PLACE_NAME))
        elif kind == "unknown" and _a_business_outside(text, tokens, i):
            name[i] = True
            businesses.append(i)
        elif kind == "name":
            word = tokens[i][2]
            # Two letters: "Li", "Wu" are names; "NI", "ni" an acronym or a slip.
            name[i] = len(word) > 2 or (len(word) == 2 and word[0].isupper() and word[1].islower())
        elif kind == "unknown":
            name[i] = _unknown_is_name(text, tokens, kinds, i, vocabulary, marks)
        elif kind == "number":
            name[i] = _number_identifies(text, tokens, i, marks)
    named_words = {plain(tokens[i][2]) for i in range(n) if name[i] or kinds[i] == "covered_name"}
    # Ambiguous words, in two sweeps so a decision can rest on a neighbour decided in the first.
    for _ in range(2):
        changed = False
        for i in ambiguous:
            if not name[i] and _ambiguous_is_name(text, tokens, kinds, name, i, vocabulary, all_capitals, named_words):
                name[i] = changed = True
                named_words.add(plain(tokens[i][2]))
        if not changed:
            break
    for i in ambiguous:
        if not name[i] and _everyday_name_before_an_act(text, tokens, kinds, i, vocabulary):
            name[i] = name[i + 1] = True
    _possessive_names(text, tokens, kinds, name, vocabulary, named_words)
    _everyday_words_in_a_persons_place(text, tokens, kinds, name)
    _forenames_between_a_cue_and_a_surname(text, tokens, kinds, name)
    _surnames_after_collar_numbers(text, tokens, kinds, name, vocabulary)
    _saints_in_names(text, tokens, kinds, name)
    if not all_capitals:
        _capitalised_surnames_after_forenames(text, tokens, kinds, name, vocabulary)
    # An officer's name in a rank's slot, even an everyday word: "pc LONG 0119", "PS White (1234)",
    # and after a forename "pc alína lelant 3295".
    for r in [i for i in range(n - 1) if kinds[i] == "safe" and tokens[i][2].lower() in _RANKS]:
        i = r + 1
        if (name[i] or kinds[i] == "covered_name") and i + 1 < n and _joined(text, tokens[r][1], tokens[i][0]):
            i += 1  # a forename first: "pc alína lelant 3295"
        if kinds[i] in ("safe", "ambiguous") and not name[i] and tokens[i][2].isalpha() and plain(tokens[i][2]) not in _CARRIES_ON \
                and _joined(text, tokens[i - 1][1], tokens[i][0]) and _NUMBER_NEXT.match(text, tokens[i][1]):
            name[i] = True
    # The same the other way round, as officers sign a record: a collar number (already found),
    # the surname, then the rank ("6721 BANKS PC", "0452 Hill PCSO").
    for r in [k for k in range(2, n) if tokens[k][2].lower() in _RANKS_AFTER]:
        i = r - 1
        if kinds[i] in ("safe", "ambiguous") and not name[i] and kinds[i - 1] == "covered" and tokens[i - 1][2].isdigit() \
                and tokens[i][2].isalpha() and plain(tokens[i][2]) not in _CARRIES_ON and plain(tokens[i][2]) not in _TIME_WORDS \
                and _joined(text, tokens[i - 1][1], tokens[i][0]) and _joined(text, tokens[i][1], tokens[r][0]):
            name[i] = True
    # Short words that are names only beside one: "xiaoming xu", "EKPO" after a name.
    for i in open_:
        kind, word = kinds[i], tokens[i][2]
        if name[i] or not ((kind == "name" and len(word) == 2) or (kind == "unknown" and word.isupper() and len(word) <= 4)):
            continue
        if (i and (name[i - 1] or kinds[i - 1] == "covered_name") and _joined(text, tokens[i - 1][1], tokens[i][0])) or (
                i + 1 < n and (name[i + 1] or kinds[i + 1] == "covered_name") and _joined(text, tokens[i][1], tokens[i + 1][0])) or (
                _in_a_persons_place(text, tokens, name, i)) or (
                text[max(0, tokens[i][0] - 2):tokens[i][0]][:1].isalpha() and text[tokens[i][0] - 1:tokens[i][0]] == "."):
            name[i] = True  # beside a name, after "IP", or after an initial: "z.xu"
    if marks is not None:
        for i in ambiguous:
            if not name[i] and plain(tokens[i][2]) not in _STREET_WORDS:
                word = tokens[i][2]
                if word[0].isupper() and not all_capitals and (
                        not _starts_sentence(text, tokens[i][0]) or vocabulary.zipf.get(plain(word), 0.0) < _COMMON):
                    marks.append(Mark(tokens[i][0], tokens[i][1], ALSO_A_NAME))
    return name, businesses


#: Words between a cue and a name that are no forename: pronouns, and what introduces a name.
_NOT_A_FORENAME = frozenset("him her them he she they it his hers me us you name names surname".split())


def _forenames_between_a_cue_and_a_surname(text, tokens, kinds, name) -> None:
    """Any word between a word that introduces a person and a name is the forename, even one no
    list of names holds ("mum honour shortt", "a male Storm RIDER", "ip jun liu"): not a title,
    a pronoun, a word that goes on with a sentence or describes someone ("male black SMITH", "ip
    then SMITH", "cuffed him wiith", "IP NAME HAWRE")."""
    for i in [j - 1 for j in range(2, len(tokens)) if name[j] or kinds[j] == "covered_name"]:
        if kinds[i] not in ("safe", "ambiguous") or name[i]:
            continue
        word = tokens[i][2]
        key = plain(word)
        if not word.isalpha() or len(word) < 3 or key in _NEVER_IN_A_NAME or key in _PERSON_BEFORE or key in _ROLES \
                or key in _DETERMINERS or key in _STREET_WORDS or key in _ON_A_STREET or key in _BEFORE_NAME or key in _NOT_A_FORENAME \
                or key.endswith(("ing", "ed", "ly")):
            continue
        if plain(tokens[i - 1][2]) in _introducing() and _joined(text, tokens[i - 1][1], tokens[i][0]) \
                and _joined(text, tokens[i][1], tokens[i + 1][0]):
            name[i] = True


def _without_possessive(key: str) -> str:
    return key[:-2] if key.endswith(("'s", "’s")) else key


def _possessive_names(text, tokens, kinds, name, vocabulary, named_words) -> None:
    """A possessive the vocabulary knows as a word ("Dean's", "Ward's", "Stone's") whose word is
    also a name, where the person is named elsewhere in the text or what follows belongs to a
    person ("Dean's email", "Ward's snap", "Stone's passport"); not "the stone's"."""
    if "'s" not in text and "’s" not in text:
        return  # most texts: no possessive
    for i, (start, end, word) in enumerate(tokens):
        if kinds[i] != "safe" or name[i] or not word.endswith(("'s", "’s")) or len(word) < 5:
            continue
        base = plain(word)[:-2]
        if not vocabulary.flags.get(base, 0) & (FORENAME | SURNAME) or base in _PERSON_BEFORE or base in _NEVER_IN_A_NAME \
                or base in _ROLES or vocabulary.zipf.get(base, 0.0) >= _COMMON:
            continue  # "someone else's NI card", "the rider's DL"
        if i and plain(tokens[i - 1][2]) in _DETERMINERS:
            continue
        if base in named_words or _followed_as_a_person(text, end):
            name[i] = True


#: What people are called by their part in a job, not their name ("the rider's DL").
_ROLES = frozenset("""
    rider worker manager officer caller landlord tenant occupier householder guard pupil student child baby
    carer nurse doctor paramedic porter cook baker taylor mason
""".split())


#: Words before an age that hedge it: "male approx 20yo", "female about 30".
_HEDGES = frozenset("approx approximately about around roughly possibly maybe probably aged age".split())


def _everyday_words_in_a_persons_place(text, tokens, kinds, name) -> None:
    """A word no list holds as a name, where only a person's name goes: between "ip" (or "male",
    "suspect", "driver") and what people do ("ip cardi stopped", "male tubes stated"), or after
    "gave name" with a capital or a date of birth ("gave name Tubes 22092004")."""
    for i in range(1, len(tokens)):
        previous = tokens[i - 1][2].lower()  # (first: most words follow no such word)
        if previous not in _PERSON_NOUNS and previous != "name":
            continue
        word = tokens[i][2]
        if kinds[i] != "safe" or name[i] or len(word) < 3 or not word.isalpha():
            continue
        key = plain(word)
        if key in _NEVER_IN_A_NAME or key in _PERSON_BEFORE or key in _ROLES or key in _NOT_A_FORENAME or key in _HEDGES:
            continue
        if not _joined(text, tokens[i - 1][1], tokens[i][0]):
            continue
        if previous in _PERSON_NOUNS and _followed_as_a_person(text, tokens[i][1]):
            name[i] = True
        elif previous == "name" and i > 1 and plain(tokens[i - 2][2]) in ("gave", "giving", "gives") and (
                word[0].isupper() or _AFTER_PERSON.match(text, tokens[i][1])):
            name[i] = True


def _surnames_after_collar_numbers(text, tokens, kinds, name, vocabulary) -> None:
    """A surname right after a rank and its number, even one that is a place or a word ("pcso 9099
    pickering and i", "PC 4410 Moss assisted"): the officer (not "pc 1234 arrived")."""
    for i in [k + 1 for k, kind in enumerate(kinds[:-1]) if kind == "covered" and k > 0]:  # a collar number is covered
        if kinds[i] not in ("safe", "ambiguous") or name[i] or not tokens[i][2].isalpha() or len(tokens[i][2]) < 3:
            continue  # not "PC 1234 I was approached"
        if plain(tokens[i - 2][2]) not in _RANKS or not tokens[i - 1][2].isdigit() or not _joined(text, tokens[i - 1][1], tokens[i][0]):
            continue
        key = plain(tokens[i][2])
        if vocabulary.flags.get(key, 0) & SURNAME and key not in _NEVER_IN_A_NAME and key not in _PERSON_BEFORE:
            name[i] = True


def _capitalised_surnames_after_forenames(text, tokens, kinds, name, vocabulary) -> None:
    """A capitalised word straight after a listed forename taken as a name, in a text that is not
    all capitals, is the surname even when it is a place or an everyday word: mid-sentence capitals
    are the writer saying it is a name, and a forename that is also a place ("Jordan", "Brooklyn")
    must not turn the pair into a place ("Jordan Sandbach"). Not a street or building word ("Jordan
    Road"), a rank, a time word, a word that goes on with the sentence, nor a word too common to be
    a surname."""
    for i in range(1, len(tokens)):
        if name[i] or not name[i - 1] or kinds[i] not in ("safe", "ambiguous"):
            continue
        word, before = tokens[i][2], tokens[i - 1][2]
        if not (len(word) > 2 and word[0].isupper() and word[1:].islower() and word.isalpha()
                and before[0].isupper() and before[1:].islower()):
            continue
        key = plain(word)
        if (kinds[i - 1] != "name" or not vocabulary.flags.get(plain(before), 0) & FORENAME
                or text[tokens[i - 1][1]:tokens[i][0]] != " " or key in _STREET_WORDS or key in PLACE_WORDS
                or key in _RANKS or key in _CARRIES_ON or key in _NOT_A_FORENAME or key in _TIME_WORDS
                or vocabulary.zipf.get(key, 0.0) >= ALWAYS_A_WORD):
            continue
        name[i] = True


_SAINTS = frozenset({"st", "St", "ST", "st.", "St.", "ST."})
_SAINT_WORD = re.compile(r"[Ss][Tt](?<![A-Za-z][Ss][Tt])(?![A-Za-z])")


def _saints_in_names(text, tokens, kinds, name) -> None:
    """"St" inside a surname ("dawid st john", "PC 4720 St John"): between a name (or a collar
    number after a rank) and a name, it is part of the name, not a street."""
    if _SAINT_WORD.search(text) is None:
        return  # most texts: no "St"
    for i in [k for k, token in enumerate(tokens) if token[2] in _SAINTS]:
        if not 0 < i < len(tokens) - 1 or name[i]:
            continue
        before = plain(tokens[i - 1][2])
        after_rank = before in _RANKS or (i > 1 and _HAS_DIGIT.search(before) and plain(tokens[i - 2][2]) in _RANKS)
        if (name[i + 1] or kinds[i + 1] == "covered_name") and (name[i - 1] or kinds[i - 1] == "covered_name" or after_rank):
            name[i] = True
        elif after_rank and kinds[i + 1] in ("name", "ambiguous", "unknown"):
            name[i] = name[i + 1] = True  # "pc 8291 st john assisted"
        elif plain(tokens[i + 1][2]) in _SAINTS_IN_SURNAMES and _a_forename_before_a_saint(text, tokens, kinds, i):
            name[i - 1] = name[i] = name[i + 1] = True  # "stopped mason st john 20", "ip dawid st john (polish)"


#: What follows "St" in the surnames people carry ("St John", "St Clair", "St Louis").
_SAINTS_IN_SURNAMES = frozenset("john james clair clare george louis aubyn leger pierre hilaire croix cyr paul".split())


def _a_forename_before_a_saint(text, tokens, kinds, i) -> bool:
    """A forename right before "st <saint>", the whole not a street: not after a word of place
    ("on st john st"), nor before a street word or a possessive ("st john's road", "st james park")."""
    before = i - 1
    if not _joined(text, tokens[before][1], tokens[i][0]) or not _joined(text, tokens[i][1], tokens[i + 1][0]):
        return False
    if kinds[before] not in ("name", "unknown", "covered_name") and not (
            kinds[before] == "ambiguous" and (tokens[before][2][:1].isupper() or (before and plain(tokens[before - 1][2]) in _introducing()))):
        return False
    if before and plain(tokens[before - 1][2]) in _ON_A_STREET:
        return False
    after = text[tokens[i + 1][1]:tokens[i + 1][1] + 12].lower()
    following = plain(tokens[i + 2][2]) if i + 2 < len(tokens) else ""
    return not after.startswith(("'", "’")) and following not in _STREET_WORDS and following not in PLACE_WORDS


#: Place words that are also common surnames: after a name, with a person's verb after them or a
#: word that introduces a person before, they end a person's name, not a place's ("stopped kristina
#: hill", "jennie fields was stopped"; never "road", "street", "lane": "stopped picton road").
_SURNAMES_OF_PLACE = frozenset("""
    hill hills green greens field fields wood woods ridge park hall church gate bridge brook dale moss
    moor marsh mead banks bank house croft mill mills grove chapel temple mount heath lea
""".split())


def _place_name(text, tokens, kinds, i, all_capitals) -> bool:
    """A name word that is part of a place's name: before a street or building word, possibly with
    another word between ("Harrison Street", "St James Hospital", "Victoria Park Road"), or after
    "St". Not where a person is introduced and then aged: "the subject Gethin Hill (39, pnc"."""
    for j in (i + 1, i + 2):
        if j < len(tokens) and _joined(text, tokens[j - 1][1], tokens[j][0]):
            following = plain(tokens[j][2])
            if (following in _STREET_WORDS or following in PLACE_WORDS) and kinds[j] != "covered_name":  # not "ÚLFHÉÐINN CHASE"
                if i > 0 and plain(tokens[i - 1][2]) in _PERSON_NOUNS and _AFTER_PERSON.match(
                        text[tokens[j][1]:tokens[j][1] + 40].lower()):
                    return False
                if following in _SURNAMES_OF_PLACE and (_followed_as_a_person(text, tokens[j][1]) or (
                        i > 0 and plain(tokens[i - 1][2]) in _introducing() and _joined(text, tokens[i - 1][1], tokens[i][0]))):
                    return False  # a person with a surname of place: "stopped kristina hill", "alanna green tried to"
                return j == i + 1 or tokens[i + 1][2][0].isupper() or all_capitals
        else:
            break
    return i > 0 and plain(tokens[i - 1][2]) in ("st", "saint") and _joined(text, tokens[i - 1][1], tokens[i][0])


#: Where a building stands, not a district: officers are "in" Lozells but "outside" a shop.
_OUTSIDE = frozenset({"outside", "inside"})
#: Words after a district that make it a public building ("outside Sparkbrook police station").
_PUBLIC_BUILDING_AFTER = frozenset("police station court courts magistrates hospital library".split())


#: Words right before a person's full name: the people officers name, and titles.
_PERSON_RIGHT_BEFORE = _PERSON_NOUNS | frozenset("mr mrs ms miss mx dr named called".split())


def _introduced_with_a_street_surname(text: str, tokens, kinds, i: int, vocabulary: Vocabulary) -> bool:
    """A forename then a surname that is also a street word, right after a person is introduced:
    "keeper is rose hill", "driver Faith Church", "mum Hazel Wood" (not "on Rose Hill", nor "male
    ran up church lane": the second word must be a surname, the first a forename, and no street
    word may follow them)."""
    n = len(tokens)
    if i == 0 or i + 1 >= n or kinds[i + 1] != "ambiguous" or kinds[i] == "number":
        return False
    second = plain(tokens[i + 1][2])
    if second not in _STREET_WORDS or not vocabulary.flags.get(second, 0) & SURNAME:
        return False
    if not vocabulary.flags.get(plain(tokens[i][2]), 0) & FORENAME and kinds[i] == "ambiguous":
        return False
    if not (_joined(text, tokens[i - 1][1], tokens[i][0]) and _joined(text, tokens[i][1], tokens[i + 1][0])):
        return False
    if i + 2 < n and (plain(tokens[i + 2][2]) in _STREET_WORDS or plain(tokens[i + 2][2]) in PLACE_WORDS):
        return False
    before = plain(tokens[i - 1][2])
    return before in _PERSON_RIGHT_BEFORE or (
        before in ("is", "was") and i > 1 and plain(tokens[i - 2][2]) in _introducing())


def _everyday_name_before_an_act(text: str, tokens, kinds, i: int, vocabulary: Vocabulary) -> bool:
    """A forename and a surname that are both everyday words, right before what a person does or
    an age: "miles long was stopped", "angel cross was restrained", "jack frost stated" (the
    surname may be so common a word that it is never a name alone: "long")."""
    if i + 1 >= len(tokens) or kinds[i + 1] not in ("safe", "ambiguous") or not tokens[i + 1][2].isalpha():
        return False
    first, second = plain(tokens[i][2]), plain(tokens[i + 1][2])
    if not vocabulary.flags.get(first, 0) & FORENAME or not vocabulary.flags.get(second, 0) & SURNAME:
        return False
    if any(key in _NEVER_IN_A_NAME or key in _PERSON_BEFORE or key in _ROLES or key in _STREET_WORDS for key in (first, second)):
        return False
    if i and (plain(tokens[i - 1][2]) in _DETERMINERS or plain(tokens[i - 1][2]) in _ON_A_STREET):
        return False
    return _joined(text, tokens[i][1], tokens[i + 1][0]) and _followed_as_a_person(text, tokens[i + 1][1])


def _forename_after_a_surname_and_comma(text: str, tokens, kinds, name, i: int, vocabulary: Vocabulary) -> bool:
    """A forename that is also a word after a surname alone and a comma, as records systems print
    names, in any case: "driver page, joy", "ip okafor, grace" (not "ip khan, black hoodie", nor
    after a full name: "jo smith, grace period")."""
    if i < 1 or text[tokens[i - 1][1]:tokens[i][0]] not in (", ", ","):
        return False
    if not (name[i - 1] or kinds[i - 1] == "covered_name") or not tokens[i - 1][2].isalpha():
        return False
    if i > 1 and (name[i - 2] or kinds[i - 2] == "covered_name") and _joined(text, tokens[i - 2][1], tokens[i - 1][0]):
        return False  # the comma ends a full name
    key = plain(tokens[i][2])
    return bool(vocabulary.flags.get(key, 0) & FORENAME) and key not in _NEVER_IN_A_NAME and key not in _PERSON_BEFORE \
        and key not in _ROLES and not key.endswith(("ing", "ed", "ly"))


def _surname_before_a_comma_and_forename(text: str, tokens, kinds, name, i: int, vocabulary: Vocabulary) -> bool:
    """The same the other way round: a surname that is also a word, a comma, then a name, where a
    person is named (opening the text or a sentence, after a word that introduces a person or
    "with"): "guy, hadden 12-03-1990", "ip merritt, hollingworth", "with HEWLETT, Law" (not "in the
    park, kofi ran")."""
    if i + 1 >= len(tokens) or text[tokens[i][1]:tokens[i + 1][0]] not in (", ", ","):
        return False
    if not (name[i + 1] or kinds[i + 1] == "covered_name"):
        return False
    key = plain(tokens[i][2])
    if not vocabulary.flags.get(key, 0) & SURNAME or key in _NEVER_IN_A_NAME or key in _PERSON_BEFORE or key in _ROLES:
        return False
    previous = plain(tokens[i - 1][2]) if i else ""
    return i == 0 or _starts_sentence(text, tokens[i][0]) or previous in _introducing() or (
        previous == "with" and tokens[i][2][0].isupper())  # (not "aggressive with staff, Dylan did")


def _a_business_outside(text: str, tokens, i: int) -> bool:
    """An unknown capitalised word right after "outside" or "inside" names the building there, a
    shop, a takeaway, a gym or a firm ("outside Veezu", "OUTSIDE DUNELM"); a street or a place
    word after it was ruled out before (:func:`_place_name`)."""
    word = tokens[i][2]
    if i + 1 < len(tokens) and plain(tokens[i + 1][2]) in _PUBLIC_BUILDING_AFTER:
        return False  # "outside Sparkbrook police station": the district's station
    return (i > 0 and len(word) > 2 and word[0].isupper() and plain(tokens[i - 1][2]) in _OUTSIDE
            and _joined(text, tokens[i - 1][1], tokens[i][0]))


def _unknown_is_name(text, tokens, kinds, i, vocabulary, marks) -> bool:
    start, end, word = tokens[i]
    if len(word) < 3:
        return False
    if word.isupper() and len(word) <= 4 and not all(t[2].isupper() for t in tokens):
        if marks is not None:
            marks.append(Mark(start, end, UNKNOWN_WORD))
        return False  # an acronym ("IMEI", "ASB"), in a text not typed all in capitals
    if plain(word) in _introducing():
        if marks is not None:
            marks.append(Mark(start, end, UNKNOWN_WORD))
        return False  # a typist's slip of a word that introduces a person ("drver", "sotpped")
    following = plain(tokens[i + 1][2]) if i + 1 < len(tokens) else ""
    before = plain(tokens[i - 1][2]) if i else ""
    if word.endswith(("'s", "’s")) and _followed_as_a_person(text, end):
        return True  # "found in Ife's bag": a person's, not a place
    street_after = following in _STREET_WORDS and _joined(text, end, tokens[i + 1][0])  # not "Hlynsdóttir (custody no"
    if street_after or word.lower().endswith(_STREET_ENDINGS) or (
            word[0].isupper() and before in _PLACE_BEFORE and _joined(text, tokens[i - 1][1], start)) or (  # not "in, Kjallaksson said"
            before == "at" and i > 1 and plain(tokens[i - 2][2]) in ("custody", "area")):  # "the custody area at armley"
        if marks is not None:
            marks.append(Mark(start, end, PLACE_NAME))
        return False
    # (a letter with an accent is typed on purpose: "ülkü", "åstein" are names, not slips)
    slip_of = _slip_of(plain(word), vocabulary) if len(word) > 4 and not word[0].isupper() and word.isascii() else ""
    if slip_of and not _named_despite_a_slip(text, tokens, kinds, i, slip_of):
        if marks is not None:
            marks.append(Mark(start, end, UNKNOWN_WORD))
        return False
    return True


def _named_despite_a_slip(text, tokens, kinds, i, slip_of: str) -> bool:
    """A word one letter from an everyday word is still a name where only a name goes: before what
    people do ("dacres was spat at me"), right after a forename ("wendy laverick", unless a slip of a
    verb), after "ip" or "male" unless a key was held down or two swapped ("ip bresser", not "ip
    knnown"), opening a sentence before a name ("guled ibrahim", not "glued"), after an initial ("k.
    dacres")."""
    start, end, word = tokens[i]
    after_a_person_noun = i > 0 and plain(tokens[i - 1][2]) in _PERSON_NOUNS and _joined(text, tokens[i - 1][1], start)
    before_a_name = _starts_sentence(text, start) and i + 1 < len(tokens) and kinds[i + 1] in ("name", "covered_name") \
        and _joined(text, end, tokens[i + 1][0])
    return (_followed_as_a_person(text, end) or _surname_after_a_forename(text, tokens, kinds, i, slip_of)
            or (after_a_person_noun and not _held_or_swapped(plain(word), slip_of)) or before_a_name
            or _an_initial_before(text, tokens, i))


def _an_initial_before(text, tokens, i) -> bool:
    """A dotted initial right before ("k. dacres"), or one after a word that introduces a person
    ("stopped n lovell"); not a letter ending a number ("ni ... c checcked")."""
    if i == 0 or len(tokens[i - 1][2]) != 1 or not tokens[i - 1][2].isalpha():
        return False
    gap = text[tokens[i - 1][1]:tokens[i][0]]
    return gap in (". ", ".") or (gap == " " and i > 1 and plain(tokens[i - 2][2]) in _introducing())


def _surname_after_a_forename(text, tokens, kinds, i, slip_of: str) -> bool:
    """Right after a name, a word one letter from a word that never follows a person's name is the
    surname ("wendy laverick", not "maverick"); a slip of a verb or a little word is still a slip
    ("ahmed arrestde", "kofi wiht")."""
    return i > 0 and kinds[i - 1] in ("name", "covered_name") and _joined(text, tokens[i - 1][1], tokens[i][0]) and (
        slip_of not in _CARRIES_ON and not slip_of.endswith(("ed", "ing", "s", "ly")))


def _held_or_swapped(word: str, slip_of: str) -> bool:
    """The two commonest slips of fast typing: a key held down ("knnown") or two keys swapped
    ("nevrous"); a name one letter from a word is rarely either ("bresser", "hunners")."""
    if len(word) == len(slip_of) + 1:
        return any(word[k] == word[k + 1] and word[:k] + word[k + 1:] == slip_of for k in range(len(word) - 1))
    if len(word) == len(slip_of):
        diff = [k for k in range(len(word)) if word[k] != slip_of[k]]
        return len(diff) == 2 and diff[1] == diff[0] + 1
    return False


_MISSPELT: dict[tuple[str, int], str] = {}


def _slip_of(word: str, vocabulary: Vocabulary) -> str:
    """The everyday word this is a slip of (one letter deleted, doubled, swapped or changed), or "".
    Remembered per vocabulary: trying every edit of a word costs about a millisecond."""
    key = (word, id(vocabulary))
    if key not in _MISSPELT:
        if len(_MISSPELT) > 50_000:
            _MISSPELT.clear()
        _MISSPELT[key] = _one_edit_from_safe(word, vocabulary)
    return _MISSPELT[key]


def _one_edit_from_safe(word: str, vocabulary: Vocabulary) -> str:
    """The slips of fast typing, checked against everyday words only (names are often one letter
    from a rarer word: "hetal", "marku"): a doubled letter ("sttaff"), two letters swapped
    ("recieved"), from six letters a letter missed ("checkd"), and in longer words an extra or
    mistyped letter ("arreted", "sesrch")."""
    flags = vocabulary.flags

    def common(candidate: str) -> bool:
        return flags.get(candidate, 0) & (SAFE | COMMON) == SAFE | COMMON

    long_word = len(word) >= 7
    letters = "abcdefghijklmnopqrstuvwxyz"
    for k in range(len(word) + 1):
        left, right = word[:k], word[k:]
        # An extra letter that doubles its neighbour ("sttaff"): a slip of the key held down. In a
        # word of six letters an extra letter of its own is as often a name one letter from a word
        # ("mailys", "guyard", "quesen"): it counts only in longer words.
        if right and len(word) > 5 and ((left[-1:] == right[:1] or right[1:2] == right[:1]) or long_word) and common(left + right[1:]):
            return left + right[1:]
        if len(right) > 1 and right[0] != right[1] and common(left + right[1] + right[0] + right[2:]):
            return left + right[1] + right[0] + right[2:]
        if long_word:
            for letter in letters:
                if right and common(left + letter + right[1:]):
                    return left + letter + right[1:]
                if common(left + letter + right):
                    return left + letter + right
        elif len(word) == 6:
            for letter in letters:  # a letter missed: "checkd", "matchd"
                if common(left + letter + right):
                    return left + letter + right
    return ""


def _number_identifies(text, tokens, i, marks) -> bool:
    """A run of five or more digits, or a code of letters and digits, is a reference; a
    four-digit number is marked (a collar number, a year or a time)."""
    start, end, word = tokens[i]
    if _NUMBER_UNITS.fullmatch(word) or text[max(0, start - 1):start] in ("£", "$", "€"):
        return False
    if i and plain(tokens[i - 1][2]) in _LEGAL_BEFORE_NUMBER:
        return False  # "Act 1971", "section 23": part of a power
    digits = sum(c.isdigit() for c in word)
    letters = sum(c.isalpha() for c in word)
    if _DATE_OR_TIME.fullmatch(word):
        return False  # a date or a time: "14-03-2025"
    if word.isdigit():
        if digits >= 5:
            return True
        if digits == 4 and marks is not None:
            marks.append(Mark(start, end, NUMBER))
        return False
    if _POWER_TOKEN.fullmatch(word) and digits <= 3:
        return False
    if digits >= 3 and letters >= 1 and len(word) >= 5:
        return True
    if letters >= 2 and digits >= 2 and word[0].isalpha() and not _POWER_TOKEN.fullmatch(word):
        return True  # a handle or a code: "hauwa35", "m3h4rix"
    if marks is not None and digits >= 2:
        marks.append(Mark(start, end, NUMBER))
    return False


def _in_a_persons_place(text: str, tokens, name, i: int) -> bool:
    """Where only a person stands: after a rank and its number ("PC 6130 read", "dc 0652 / field",
    "officer 0091 SHORE"), between a rank and a number ("pc LONG 0119"), after words that
    introduce people ("keeper", "mum", "IP"), before what people do ("gold tried to bite",
    "hall stated"), before a date of birth or age ("FIELD 03/01/06"), and beside "and" with a
    name on the other side ("read and Indre Kavaliauskas")."""
    key = plain(tokens[i][2])
    if key in _CARRIES_ON or key in _PERSON_BEFORE:
        return False
    back = [plain(t[2]) for t in tokens[max(0, i - 3):i]][::-1]
    if back and back[0] in _RANKS:
        return True
    if len(back) > 1 and _HAS_DIGIT.search(back[0]) and back[1] in _RANKS:
        return True
    if len(back) > 2 and _HAS_DIGIT.search(back[0]) and back[1] in ("a", "t") and back[2] in _RANKS:
        return True  # "a/ps 7484 EKPO" reads as a / ps / 7484
    if i + 1 < len(tokens) and back and back[0] in _RANKS and _HAS_DIGIT.search(tokens[i + 1][2]):
        return True
    if key in _DESCRIBES:
        # "victor young (member of public", not "the white van was stood"
        return not (back and back[0] in _DESCRIBES) and bool(_PERSON_AFTER.match(text[tokens[i][1]:tokens[i][1] + 40].lower()))
    if back and back[0] in _introducing() and _joined(text, tokens[i - 1][1], tokens[i][0]):
        return True
    if len(back) > 1 and back[0] in ("is", "was", "as") and back[1] in _introducing():
        return True  # "keeper is rose hill", "driver was grace"
    if len(back) > 1 and (back[1], back[0]) in _PERSON_AFTER_TWO:
        return True  # "dealt with HYSA"
    if back and back[0] in ("public", "mop") and tokens[i][2].isupper() and any(c.islower() for c in text):
        return True  # "a member of public EKPO phoned" (not "member of public flick knife")
    if _followed_as_a_person(text, tokens[i][1]):
        return True
    for j, gap in ((i - 2, (tokens[i - 1] if i > 0 else None)), (i + 2, (tokens[i + 1] if i + 1 < len(tokens) else None))):
        if gap is not None and 0 <= j < len(tokens) and plain(gap[2]) in ("and", "&", "n") and name[j]:
            return True
    return False


def _followed_as_a_person(text: str, end: int) -> bool:
    """What follows a word ending at ``end`` is what people do or an age ("hall stated", "gold
    was conveyed", "FIELD 03/01/06"; "Beverley's arm")."""
    if text[end - 2:end] in ("'s", "’s"):
        end -= 2
    after = text[end:end + 40].lower().replace("’", "'")
    return bool(_PERSON_AFTER.match(after) or _AFTER_PERSON.match(after))


def _ambiguous_is_name(text, tokens, kinds, name, i, vocabulary, all_capitals, named_words) -> bool:
    start, end, word = tokens[i]
    key = plain(word)
    zipf = vocabulary.zipf.get(key, 0.0)
    previous = plain(tokens[i - 1][2]) if i else ""
    adjacent_before = i > 0 and _joined(text, tokens[i - 1][1], start)
    adjacent_after = i + 1 < len(tokens) and _joined(text, end, tokens[i + 1][0])
    if adjacent_before and previous in _BEFORE_NAME and (word[0].isupper() or zipf < _COMMON):
        return True
    if len(word) > 2 and _after_an_initial(text, tokens, i) and vocabulary.flags.get(key, 0) & SURNAME:
        return True  # "R. ASH", "k. cash", "G.BELL": an initial, then a surname that is also a word
    if len(word) > 2 and word.isupper() and not all_capitals and i and adjacent_before and vocabulary.flags.get(key, 0) & SURNAME \
            and len(tokens[i - 1][2]) == 1 and tokens[i - 1][2] not in "AI" and tokens[i - 1][2].isupper():
        return True  # "Sgt M GOLD", "H STERLING confirmed": a capital initial, then a surname in capitals
    if zipf >= ALWAYS_A_WORD:
        return False  # "will", "may", "white": a word first, whatever stands beside it
    following = plain(tokens[i + 1][2]) if i + 1 < len(tokens) else ""
    if adjacent_after and (following in _STREET_WORDS or following in PLACE_WORDS):
        if previous in _ON_A_STREET or not _PERSON_AFTER.match(text[tokens[i + 1][1]:tokens[i + 1][1] + 40].lower()):
            # "rye lane", "Page Hall", "Bell Street", "on rye lane as he was running": a place
            # (not "hope street stated")
            return False
    if key in _STREET_WORDS and adjacent_before and i > 1 and plain(tokens[i - 2][2]) in _ON_A_STREET:
        return False  # "on rye lane as he was running": the street's own word
    verb_like = word.islower() and key.endswith(("ing", "ed", "ly"))  # "male wearing", "ran quickly"
    if not verb_like and (i == 0 or plain(tokens[i - 1][2]) not in _DETERMINERS) and (
            _in_a_persons_place(text, tokens, name, i)):
        return True
    if key in _SURNAMES_OF_PLACE and adjacent_before and name[i - 1] and kinds[i - 1] == "name" and i > 1 and (
            plain(tokens[i - 2][2]) in _introducing()) and _joined(text, tokens[i - 2][1], tokens[i - 1][0]):
        return True  # "stopped kristina hill near the shops": the surname of a person just introduced
    if key in _STREET_WORDS or key in PLACE_WORDS:
        return False  # "up the hill", "near the park"
    if _forename_after_a_surname_and_comma(text, tokens, kinds, name, i, vocabulary):
        return True
    if _surname_before_a_comma_and_forename(text, tokens, kinds, name, i, vocabulary):
        return True
    neighbour_named = (adjacent_before and (name[i - 1] or kinds[i - 1] == "covered_name")) or (
        adjacent_after and (name[i + 1] or kinds[i + 1] == "covered_name"))
    capitalised = word[0].isupper() and not all_capitals
    past_tense = word.islower() and len(key) > 5 and key.endswith("ed")  # "i spotted hope": no surname
    if neighbour_named and (capitalised or (zipf < _RARE and not past_tense)):
        return True
    # Beside a name that is no ordinary word, a surname or forename that is also a word, unless it
    # is one that goes on a sentence: "kathleen price", "neve read" (not "ahmed ran off").
    flags = vocabulary.flags.get(key, 0)
    # ("wing nguyen", "king li": too short for "-ing" to be a verb's ending)
    if key not in _NEVER_IN_A_NAME and key not in _PERSON_BEFORE and not (verb_like and (len(key) > 4 or not key.endswith("ing"))) and (
            (adjacent_before and (name[i - 1] or kinds[i - 1] == "covered_name") and flags & SURNAME)
            or (adjacent_after and (name[i + 1] or kinds[i + 1] == "covered_name") and flags & FORENAME)):
        return True
    # Forename then surname, both also words but one of them rare as a word, in lower case:
    # "jack straw", "daisy field" (not "the male ran").
    if not capitalised and previous not in _PLACE_BEFORE and previous not in _DETERMINERS:
        flags = vocabulary.flags.get(key, 0)
        if adjacent_after and flags & FORENAME and kinds[i + 1] == "ambiguous" and not tokens[i + 1][2][0].isupper():
            other = plain(tokens[i + 1][2])
            other_zipf = vocabulary.zipf.get(other, 0.0)
            introduced = previous in _introducing()
            if vocabulary.flags.get(other, 0) & SURNAME and other not in _NEVER_IN_A_NAME and max(zipf, other_zipf) < (
                    ALWAYS_A_WORD if introduced else _COMMON + 0.5) and (introduced or min(zipf, other_zipf) < _RARE + 0.2):
                return True
        if adjacent_before and flags & SURNAME and name[i - 1] and kinds[i - 1] == "ambiguous" and key not in _CARRIES_ON:
            return True  # (not "Miles ran": a word that goes on a sentence)
    if (key in named_words or _without_possessive(key) in named_words) and (capitalised or zipf < 3.5 or (
            zipf < _COMMON + 0.5 and key not in _NEVER_IN_A_NAME and key not in _PERSON_BEFORE and key not in _ROLES
            and previous not in _DETERMINERS)):
        # The same word named elsewhere in the text; in lower case or capitals only if not so
        # common a word and no role ("DRIVER MILES HENDRY ... PNC FOR MILES", "seren sterling ... do
        # sterling"; not "Rider Aled ... e-scooter rider").
        return True
    if not capitalised:
        return False
    if word.isupper() and len(word) > 2:
        following = plain(tokens[i + 1][2]) if i + 1 < len(tokens) else ""
        if following in _SPEECH_AFTER or (adjacent_after and kinds[i + 1] == "ambiguous" and tokens[i + 1][2][0].isupper()):
            return True
    if _starts_sentence(text, start) and not (adjacent_after and tokens[i + 1][2][0].isupper()):
        return False
    # Two capitalised name-words together: "Hazel Wood", "Faith Church" (not "Station Road").
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and kinds[j] == "ambiguous" and tokens[j][2][0].isupper() and (
                _joined(text, tokens[j][1], start) if j < i else _joined(text, end, tokens[j][0])):
            other = plain(tokens[j][2])
            if other in _STREET_WORDS or key in _STREET_WORDS:
                continue
            if vocabulary.zipf.get(other, 0.0) < _COMMON + 0.8:
                return True
    if len(word) > 2 and word[1:].islower() and vocabulary.flags.get(key, 0) & FORENAME and zipf < _COMMON + 0.5 \
            and not vocabulary.flags.get(key, 0) & PLACE and previous not in _PLACE_BEFORE and previous != "at" and following != "of" \
            and key not in _NEVER_IN_A_NAME and previous not in _DESCRIBES and previous not in _DETERMINERS \
            and _alone_in_capitals(text, tokens, i) and _capitals_are_sparse(tokens):
        return True
    return False


def _alone_in_capitals(text, tokens, i) -> bool:
    for j in (i - 1, i + 1):
        if 0 <= j < len(tokens) and tokens[j][2][:1].isupper() and (
                _joined(text, tokens[j][1], tokens[i][0]) if j < i else _joined(text, tokens[i][1], tokens[j][0])):
            return False
    return True


def _capitals_are_sparse(tokens) -> bool:
    capitals = sum(1 for t in tokens if t[2][:1].isupper())
    return capitals * 4 < len(tokens)


def _after_an_initial(text: str, tokens, i: int) -> bool:
    """Right after a dotted initial ("R. ", "G."), not after an abbreviation ("p.m. ", "e.g. ")."""
    if i == 0 or len(tokens[i - 1][2]) != 1 or text[tokens[i - 1][1]:tokens[i][0]] not in (".", ". "):
        return False
    return not (i > 1 and len(tokens[i - 2][2]) == 1 and text[tokens[i - 2][1]:tokens[i - 1][0]] == ".")


def _joined(text: str, left_end: int, right_start: int) -> bool:
    """Two words with only a space or a hyphen between them."""
    gap = text[left_end:right_start]
    return gap in (" ", "-", "  ")


def _starts_sentence(text: str, start: int) -> bool:
    at = start - 1
    while at >= 0 and (text[at] == " " or text[at] in "\"'“‘(["):
        at -= 1
    return at < 0 or text[at] in ".!?\n:;"


def _as_detections(text, tokens, decided, businesses, vocabulary, all_capitals) -> list[Detection]:
    """Names as spans (neighbouring name words and particles between them joined: "van der
    Merwe"); codes as references; businesses (:func:`_a_business_outside`) as workplaces, with
    the words that go on with their names."""
    out: list[Detection] = []
    for first in businesses:
        last = _business_end(text, tokens, first, vocabulary, all_capitals)
        out.append(Detection(tokens[first][0], tokens[last][1], "WORKPLACE"))
        decided[first:last + 1] = [False] * (last + 1 - first)  # taken whole, not again as a name
    i, n = 0, len(tokens)
    while i < n:
        if not decided[i]:
            i += 1
            continue
        start, end, word = tokens[i]
        if any(c.isdigit() for c in word):
            out.append(Detection(start, end, "REFERENCE"))
            i += 1
            continue
        j = i
        while j + 1 < n and _joined(text, tokens[j][1], tokens[j + 1][0]):
            if decided[j + 1] and not any(c.isdigit() for c in tokens[j + 1][2]):
                j += 1
            elif (plain(tokens[j + 1][2]) in _PARTICLES and j + 2 < n and decided[j + 2]
                  and _joined(text, tokens[j + 1][1], tokens[j + 2][0])):
                j += 2
            else:
                break
        end = tokens[j][1]
        if i and plain(tokens[i - 1][2]) in _PARTICLES and _joined(text, tokens[i - 1][1], start) and not (
                i > 1 and plain(tokens[i - 2][2]) in _DETERMINERS):
            start = tokens[i - 1][0]  # "ó súilleabháin", "van duc tran" (not "the van")
        if text[end - 2:end] in ("'s", "’s") and plain(tokens[j][2])[:-2]:
            end -= 2
        out.append(Detection(start, end, "NAME"))
        i = j + 1
    return out


def _business_end(text, tokens, i: int, vocabulary: Vocabulary, all_capitals: bool) -> int:
    """The last word of a business's name opening at ``tokens[i]``: the capitalised words after
    it ("outside Dixy Chicken"), up to a street, a place, a town or a word that goes on with the
    sentence; in a text typed in capitals (where capitals say nothing) only the words that end
    businesses' names ("DELTA TAXIS")."""
    j = i
    while j + 1 < len(tokens) and text[tokens[j][1]:tokens[j + 1][0]] == " ":
        word = tokens[j + 1][2]
        key = plain(word)
        if all_capitals:
            if key not in WORK_WORDS:
                break
        elif not word[0].isupper() or not word.isalpha() or key in _STREET_WORDS or key in PLACE_WORDS \
                or key in _NEVER_IN_A_NAME or vocabulary.flags.get(key, 0) & PLACE:
            break
        j += 1
    return j


def with_initials(text: str, found: list[Detection]) -> list[Detection]:
    """Names widened to the initial before them: "J. okafor", "k zajac", "L.Lazar"."""
    out = []
    for d in found:
        if d.type == "NAME":
            initial = _INITIAL_BEFORE.search(text, max(0, d.start - 3), d.start)
            if initial is not None:
                d = Detection(initial.start(), d.end, d.type)
            else:
                a_or_i = _A_OR_I_BEFORE.search(text, max(0, d.start - 14), d.start)
                if a_or_i is not None and (a_or_i.group("cue") or text[d.start:d.end].isupper()):
                    d = Detection(a_or_i.start(2), d.end, d.type)
        out.append(d)
    return out


#: Codes joined by slashes or underscores ("730639/23", "s&s/24/35818", "9579_21102023_1791"),
#: and handles joined by dots or underscores ("its.elvis", "young_dx").
_CODE = re.compile(r"(?<![\w/.@&-])(?:[A-Za-z]{1,3}[ ])?[A-Za-z0-9&]+(?:[/_.-][A-Za-z0-9&]+)*[/_.-][A-Za-z0-9&]+(?![\w@]|[.-]\w)")
#: What every code holds: a joining character between two of its characters. Opening on the
#: joining character, the scan skips at C speed to the few places where a code can be.
_JOIN_IN_CODE = re.compile(r"[/_.-](?<=[A-Za-z0-9&][/_.-])(?=[A-Za-z0-9&])")
_CODE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789&")
#: "j.grant-mensah", "z.xu": an initial and a name, for the name recognisers.
_INITIAL_AND_NAME = re.compile(r"[A-Za-z]\.[A-Za-z][A-Za-z'-]*$")
_DATE_OR_TIME = re.compile(r"\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?(?:am|pm|hrs)?|\d+\.\d+(?:am|pm|hrs|mg|g|kg|ml|m)?|\d+(?:am|pm|hrs|mg|g|kg|ml|m)", re.I)
_ABBREVIATION = re.compile(r"(?:[a-z]\.){1,3}[a-z]?\.?|s\.\d+[a-z]*|e\.g|i\.e|etc|approx|no\.\d+", re.I)


#: A quoted nickname: after "name", "known as", "aka", "called" (typos allowed: "strreet name"), or
#: before "(real name": 'street name "fats"', '"tiny" (real name ...)'.
_QUOTED = re.compile(r"""(?:^|(?<=[\s(]))['"“‘]([^'"”’\n]{1,30}?)['"”’](?=[\s,.;:)(-]|$)""")
_NICKNAME_BEFORE = re.compile(r"(?:name|known|aka|a\.k\.a|alias|called|nickname|goes by)[^.\n]{0,12}$")
_NICKNAME_AFTER = re.compile(r"[ ]*\((?:real|full|true)[ ]name")
#: A nickname without quotes, right before its owner's real name: "Chucky (real name ...)".
_CAPITALISED_AFTER = re.compile(r"[ ][A-Z][a-z]")
_WORD_BEFORE_REAL_NAME = re.compile(r"([^\W\d_][\w'’-]*)[ ]*\((?:real|full|true)[ ]name")


def nicknames(view: TextView, found: list[Detection]) -> list[Detection]:
    """Nicknames: in quotes and introduced as a name, or quoted between a forename and a surname
    (or a capitalised word: "Patrick 'Paddy' Maughan"); or, without quotes, right before "(real
    name"."""
    text = view.text
    out = []
    if "(" in text and "name" in view.lowered:
        out += [Detection(*match.span(1), "NAME") for match in _WORD_BEFORE_REAL_NAME.finditer(view.lowered)]
    if "'" not in text and '"' not in text and "“" not in text and "‘" not in text:
        return out
    names_end = {d.end for d in found if d.type == "NAME"}
    names_start = {d.start for d in found if d.type == "NAME"}
    for match in _QUOTED.finditer(text):
        start, end = match.span(1)
        before = view.lowered[max(0, match.start() - 30):match.start()]
        if _NICKNAME_BEFORE.search(before) or _NICKNAME_AFTER.match(text, match.end()) or (
                match.start() - 1 in names_end and (match.end() + 1 in names_start or _CAPITALISED_AFTER.match(text, match.end()))):
            out.append(Detection(start, end, "NAME"))
    return out


def _codes(text: str) -> list[re.Match[str]]:
    """What ``_CODE.finditer(text)`` finds, looked for only around joining characters: the next
    code after ``position`` holds the next join after it, and starts at most a run of code
    characters and a three-letter prefix ("ss 24/35818") before that join."""
    out = []
    position = 0
    while (join := _JOIN_IN_CODE.search(text, position)) is not None:
        start = join.start()
        while start > position and text[start - 1] in _CODE_CHARACTERS:
            start -= 1
        match = _CODE.search(text, max(position, start - 4))
        if match is None:
            break
        out.append(match)
        position = match.end()
    return out


def codes_and_handles(view: TextView, found: list[Detection], vocabulary: Vocabulary) -> list[Detection]:
    """References and handles that no pattern knew the shape of."""
    text = view.text
    if "/" not in text and "_" not in text and "." not in text and "-" not in text:
        return []
    out = []
    for match in _codes(text):
        start, end = match.span()
        value = match.group()
        prefix, _, code = value.rpartition(" ")
        if prefix and (plain(prefix) in vocabulary.safe or not prefix.isupper()):
            start += len(prefix) + 1  # "at 12/03": the word before is not part of it
            value = code
        touching = [d for d in found if d.start < end and start < d.end]
        if touching and not all(d.type == "REFERENCE" for d in touching):
            continue
        if _DATE_OR_TIME.fullmatch(value) or _ABBREVIATION.fullmatch(value) or _INITIAL_AND_NAME.match(value):
            continue
        digits = sum(c.isdigit() for c in value)
        letters = sum(c.isalpha() for c in value)
        if digits >= (6 if "/" not in value and "_" not in value and "." not in value else 4):
            # dashes join words too: "250314-0456", not "s-60". Over part of a reference already
            # found, the whole code ("CAD8631/08MAR25": the cue glued to its number) joins it.
            out.append(Detection(start, end, "REFERENCE"))
        elif touching:
            continue
        elif letters >= 4 and ("_" in value or "." in value) and not all(
                plain(part) in vocabulary.safe for part in re.split(r"[._]", value) if part):
            out.append(Detection(start, end, "SOCIAL_MEDIA"))
    return out


def without_brands(text: str, found: list[Detection], vocabulary: Vocabulary) -> list[Detection]:
    """A name found in a brand's possessive ("McDonald's", "Sainsbury's") is the brand: the
    vocabulary lists the possessive form as a plain word."""
    out = []
    named = None
    for d in found:
        if d.type == "NAME" and text[d.end:d.end + 2] in ("'s", "’s") and " " not in text[d.start:d.end]:
            if vocabulary.flags.get(plain(text[d.start:d.end + 2])) in (SAFE, SAFE | COMMON):
                if named is None:
                    named = [text[n.start:n.end].lower() for n in found if n.type == "NAME" and n.end - n.start > 0]
                word = text[d.start:d.end].lower()
                # A person's, not a brand's: what follows is theirs alone ("Dean's email", "Ward's
                # snap"), or the same word names someone elsewhere ("Dean Llewellyn ... Dean's").
                if not _OWNED_BY_A_PERSON.match(text, d.end + 2) and not any(
                        word in other.split() and other != word for other in named):
                    continue
        out.append(d)
    return out


#: What only a person has, after a possessive: "Dean's email", "Ward's snap" (a brand's
#: possessive is followed by its goods: "McDonald's bag", "Sainsbury's car park").
_OWNED_BY_A_PERSON = re.compile(
    r"[ ]+(?:email|e-mail|mobile|pnc|dob|d\.o\.b|snap|snapchat|insta|instagram|tiktok|passport|dl|licence|ni"
    r"|partner|ex|cousin|wife|husband|son|daughter|nan|mum|dad|brother|sister|girlfriend|boyfriend)(?![\w])",
    re.IGNORECASE,
)


#: A name an officer was not sure of, then the real one: "IP = Tank?? no real name Yonas ...",
#: "who I know as Lam? his real name is ...", "1 of em Dizzy? - Darnell Spence", "Gizmo? (Graham
#: Shepherd)", "ní bhriain? - kwabena ...". The word before the question marks (with a particle
#: before it) is a name or a nickname when a name follows straight after the correction.
_QUERIED = re.compile(
    r"(?<![\w'’-])((?:(?:ní|ó|mac|mc|de|st|van|al)[ ])?[^\W\d_][\w'’-]*)\?+"
    r"((?:[ ]*(?:-+|–|\(|no\b\.*|ok\b|sorry\b|actually\b|(?:his|her|their)[ ]real[ ]name(?:[ ]is)?|real[ ]name(?:[ ]is)?|is))*[ ]*)",
    re.IGNORECASE,
)
#: Words that end a question, not a name ("drugs? no - ...", "right? ok - ...").
_NOT_QUERIED = frozenset("""
    ip it him her them this that what who why where when how yes no ok right correct sure name names
    drugs knife weapon cannabis male female age dob is was are did does
""".split())


#: A nickname between a first name and the full name ("stop - besnik, k-dog - Besnik ..."), or
#: a capitalised nickname right before the real name in brackets ("suggests Nitro (Besnik ...)").
_NICKNAME_BETWEEN = re.compile(r",[ ]([^\W\d_][\w'’-]*(?:[ ][^\W\d_][\w'’-]*)?)[ ]+-+[ ]+")
_NICKNAME_BEFORE_BRACKET = re.compile(r"(?<![\w'’-])([A-Z][a-z][\w'’-]*)$")


def _nicknames_beside_names(text: str, found: list[Detection]) -> list[Detection]:
    names_start = {d.start for d in found if d.type == "NAME"}
    names_end = {d.end for d in found if d.type == "NAME"}
    out = []
    if " - " in text or " -- " in text:
        for match in _NICKNAME_BETWEEN.finditer(text):
            if match.start() in names_end and match.end() in names_start and not any(
                    w.lower() in _NOT_QUERIED or w.lower() in _PERSON_NOUNS for w in match.group(1).split()):
                out.append(Detection(*match.span(1), "NAME"))
    position = text.find(" (")
    while position != -1:
        match = _NICKNAME_BEFORE_BRACKET.search(text, max(0, position - 30), position) if position + 2 in names_start else None
        position = text.find(" (", position + 1)
        if match is not None:
            word = match.group(1).lower()
            before = text[max(0, match.start() - 6):match.start()].lower().split()[-1:]
            if before in (["to"], ["at"], ["in"], ["from"], ["of"], ["on"], ["by"]) or (before and before[0][:1].isalpha()
                    and text[max(0, match.start() - 6):match.start()].split()[-1][:1].isupper()):
                continue  # "taken to Leeds General (...)": a place, or the end of a longer name
            if not _starts_sentence(text, match.start()) and word not in _NOT_QUERIED and (
                    word not in _PERSON_NOUNS and word not in _PERSON_BEFORE and word not in _ROLES and word not in PLACE_WORDS
                    and word not in _STREET_WORDS and word not in _NEVER_IN_A_NAME):
                out.append(Detection(*match.span(1), "NAME"))
    return out


#: How street names open ("Lil Mo", "Big Rico", "Mr Whippy", "little p"): part of the nickname
#: after a word that introduces one ("aka Mr Whippy", "a male little p?? ok - ...").
_NICKNAME_OPENERS = re.compile(r"(?:^|(?<=[\s(]))(?:lil|big|little|young|yung|baby|mr|mister)[ ]+$", re.IGNORECASE)
_BEFORE_A_NICKNAME = frozenset("aka a.k.a alias as called nicknamed known name male female = -".split())


def _with_nickname_openers(text: str, names: list[Detection]) -> list[Detection]:
    out = []
    for d in names:
        opener = _NICKNAME_OPENERS.search(text, max(0, d.start - 8), d.start)
        if opener is not None:
            before = text[max(0, opener.start() - 12):opener.start()].lower().split()[-1:]
            if before and before[0].strip("(,:") in _BEFORE_A_NICKNAME:
                out.append(Detection(opener.start(), d.end, "NAME"))
    return out


def corrected_names(view: TextView, found: list[Detection]) -> list[Detection]:
    """Names (and nicknames) queried and then corrected to a name (see :data:`_QUERIED`),
    nicknames written beside a name (:func:`_nicknames_beside_names`), and the openers of street
    names ("aka Mr Whippy")."""
    text = view.text
    out = _nicknames_beside_names(text, found)
    out += _with_nickname_openers(text, [d for d in found if d.type == "NAME"] + out)
    if "?" not in text:
        return out
    names_start = {d.start for d in found if d.type == "NAME"}
    covered = [(d.start, d.end) for d in found]
    for match in _QUERIED.finditer(text):
        start, end = match.span(1)
        word = match.group(1).lower()
        if match.end() not in names_start or word in _NOT_QUERIED or word in PLACE_WORDS or word in _STREET_WORDS:
            continue
        if text[max(0, start - 5):start].lower().split()[-1:] in (["in"], ["at"], ["to"], ["from"], ["of"], ["on"]):
            continue  # "spoke to him in Kurdish? (Pashto needed)", "at City Hospital? (Sandwell)": a language, a place
        if not match.group(2).strip() and not text.startswith("?", end):
            continue
        if not any(s <= start and end <= e for s, e in covered):
            out.append(Detection(start, end, "NAME"))
            out += _with_nickname_openers(text, out[-1:])
    return out
