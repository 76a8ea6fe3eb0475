"""Names introduced by a cue: a title, a rank, or a phrase such as "gave his name as".

Cue phrases are found through the shared cue-word scan (:meth:`TextView.cue_positions`) and
matched only there. How far the name runs after the cue depends on the cue's strength: after
"named" or "gave his name as", lower-case words count ("named john smith"); after "called" or
"his friend", which introduce other things too ("called police"), only capitalised words or
clearly listed names do. A quoted nickname may be followed by the real name in brackets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .detection import Detection, TextView, register_cues, word_trie
from .name_lists import LISTED, NEVER, POSSESSIVE, is_strong, word_kind
from .officers import RANK_KEYS, RANKS

_LETTER = r"[^\W\d_]"
#: "St" inside a name ("Ahmed St Clair"), as written.
_SAINT = frozenset({"St", "ST", "st", "St."})
#: Particles inside a name ("Victor van der Merwe", "Kyle de Souza").
PARTICLES = frozenset("de da di du dos das van von der den bin ibn al el le la ben ap ní nic ó ua".split())

_TITLES = ("Mr", "MR", "Mrs", "MRS", "Ms", "MS", "Miss", "MISS", "Mx", "Dr", "DR", "Mister", "Master")
_TITLE_SET = frozenset(_TITLES)
_TITLE_OR_RANK_KEYS = register_cues({title.lower() for title in _TITLES} | RANK_KEYS)
#: A title or rank as written (case-sensitive: "PC Smith", not "pc smith"), optionally followed
#: by a collar number; tried where the shared scan found one in any case.
_TITLE_OR_RANK = re.compile(rf"({word_trie(_TITLES + RANKS)})\.?[ ]+(?:\d{{2,7}}[A-Z]{{0,3}}[ ]+)?")

#: Cue phrases, lower case, matched at the position of their key word (see _CUE_KEYS).
_PHRASE_CUE = re.compile(
    r"""
    (?:
        (?P<strong>
            named(?:[ ]as)?
          | known[ ](?:locally[ ]|to[ ](?:the[ ])?police[ ]|to[ ]officers[ ]|on[ ]the[ ]street[ ])?as
          | aka | a\.k\.a\.? | alias | nicknamed | goes[ ]by
          | (?:street|real|full|first|sur|fore)[ ]?name(?:[ ](?:is|was|as|given[ ]as)|[ ]?[:-])?
          | name[ ]?(?:is|was|as|given[ ]as|:|-)
          | name(?<=in[ ]name)(?:[ ]of)? | name(?<=in[ ]the[ ]name)(?:[ ]of)?
          | (?:gave|giving|gives|provided|providing)[ ](?:the|his|her|their)[ ](?:full[ ])?name(?:[ ](?:as|of))?
          | (?:gave|giving|gives|provided|providing)[ ](?:the[ ]|his[ ]|her[ ]|their[ ])?details[ ](?:of|as)
          | identified[ ]as
          | corrected(?:[ ]later)?[ ]to
          | know[ ]to[ ]be | known[ ]to[ ](?:me|police|officers)[ ]as
          | (?:identified|introduced|calls|calling)[ ](?:himself|herself|themselves|themself)(?:[ ]as)?
        )
      | (?P<weak>
            called
          | (?:friend|mate|brother|sister|cousin|mother|father|mum|dad|son|daughter|partner
            |girlfriend|boyfriend|associate|uncle|aunt|auntie|nephew|niece|wife|husband
            |neighbour|stepdad|stepmum|grandmother|grandfather|nan|grandad)(?:[ ]of)?
          | (?:in[ ])?company[ ]with | accompanied[ ]by
          | (?:was|were|along|together)[ ]with
          | ip(?=[ ]*[(,])
        )
    )
    (?![a-z])[ ]*[:,(-]?[ ]*
    """,
    re.VERBOSE,
)
#: How each cue phrase starts, as specific as possible (a cue such as "ip (" would be tried after
#: every "IP" if the key were "ip"): the phrase regex is tried only where one occurs.
_CUE_KEYS = register_cues(
    [
        "named", "known", "aka", "a.k.a", "alias", "nicknamed", "goes by", "street name", "real name",
        "full name", "first name", "surname", "forename", "name", "gave", "giving", "gives", "provided",
        "providing", "identified", "introduced", "corrected", "calls", "calling", "called", "know to be", "company with",
        "in company with", "accompanied by", "was with", "were with", "along with", "together with", "ip (", "ip(", "ip,",
    ]
    + (
        "friend mate brother sister cousin mother father mum dad son daughter partner girlfriend"
        " boyfriend associate uncle aunt auntie nephew niece wife husband neighbour stepdad stepmum"
        " grandmother grandfather nan grandad"
    ).split()
)

#: Up to four words after a cue (initials allowed), in any case.
_AFTER_CUE = re.compile(rf"(?:[A-Z]\.?[ ]+){{0,2}}{_LETTER}+(?:['’-]{_LETTER}+)*(?:[ -]{_LETTER}+(?:['’-]{_LETTER}+)*){{0,3}}")
_WORD = re.compile(rf"[A-Z]\.|{_LETTER}+(?:['’-]{_LETTER}+)*")
_QUOTED = re.compile(r"['\"“‘]([^'\"”’\n]{1,30})['\"”’]")
_BRACKETED = re.compile(r"[ ]*\((?=[A-Z])")


def names_after_titles_and_ranks(view: TextView) -> Iterator[Detection]:
    text = view.text
    for position in view.cue_positions(_TITLE_OR_RANK_KEYS):
        cue = _TITLE_OR_RANK.match(text, position)
        if cue is not None:
            yield from _names_after(text, cue.end(), "title" if cue.group(1) in _TITLE_SET else "rank")


def names_after_phrases(view: TextView) -> Iterator[Detection]:
    lowered, text = view.lowered, view.text
    for position in view.cue_positions(_CUE_KEYS):
        cue = _PHRASE_CUE.match(lowered, position)
        if cue is not None:
            yield from _names_after(text, cue.end(), cue.lastgroup or "")


def _names_after(text: str, position: int, cue: str) -> Iterator[Detection]:
    """The name(s) that a cue of kind ``cue`` introduces at ``position``, if the words fit.

    A quoted nickname may be followed by the real name in brackets: 'known as "Ace" (Earnest
    BLACK)'.
    """
    if cue != "rank" and cue != "title":
        quoted = _QUOTED.match(text, position)
        if quoted is not None:
            yield Detection(quoted.start(1), quoted.end(1), "NAME")
            bracketed = _BRACKETED.match(text, quoted.end())
            if bracketed is None:
                return
            position, cue = bracketed.end(), "title"
    end = _end_of_name(text, position, cue)
    if end is not None:
        yield Detection(position, end, "NAME")


def _end_of_name(text: str, position: int, cue: str) -> int | None:
    """Where the name starting at ``position`` ends: after the last word that fits the cue
    (particles count as part of the name only between words)."""
    candidate = _AFTER_CUE.match(text, position)
    if candidate is None:
        return None
    end = None
    taken = 0
    for word in _WORD.finditer(text, position, candidate.end()):
        value = word.group()
        if not _fits_cue(value, cue, taken):
            break
        if value.lower() not in PARTICLES and value not in _SAINT:
            end = word.end() - (2 if POSSESSIVE.search(value) else 0)
            taken += 1
    return end


def _fits_cue(word: str, cue: str, taken: int) -> bool:
    """Whether ``word`` can continue a name introduced by a cue of kind ``cue``."""
    if taken and (word.lower() in PARTICLES or word in _SAINT):
        return True  # "Mr Victor van der Merwe", "Ahmed St Clair"
    if word in _SAINT and cue in ("rank", "title"):
        return True  # "PC 4720 St John", "Mrs St Clair": a surname's "St" (it ends no name alone)
    kind = word_kind(word.rstrip("."))
    if kind & NEVER:
        return False
    capitalised = word[0].isupper()
    if cue == "title":
        # Initials and capitalised words; lower case only if clearly a name.
        return capitalised or is_strong(kind)
    if cue == "rank":
        return capitalised and len(word) > 1
    if cue == "strong":
        # "named john smith": any listed word; an unknown first word; and an unknown second
        # word unless it looks like a verb ("named jamal running off").
        if capitalised or kind & LISTED:
            return True
        return kind == 0 and taken < 2 and (taken == 0 or not word.endswith(("ing", "ed")))
    # Weak cues ("called", "his friend") introduce other things too ("called police", "an IP,
    # D.O.B ..."): a capitalised word that is not an initial, or a lower-case word that is
    # clearly a name.
    return (capitalised and len(word) > 1 and not word.endswith(".")) or is_strong(kind)
