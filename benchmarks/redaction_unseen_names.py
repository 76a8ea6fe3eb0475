"""Names the redactor's lists never saw: the tuning corpora with every name swapped for another.

The test half's names come from pools written for it, and the recognisers have been tuned on the
tuning corpora's names, so recall on those says little about a name no list holds. Here every NAME
span of the three tuning corpora gets a name drawn from ``mimesis``'s person data (22 Latin-script
locales; a source the shipped vocabulary is not built from), word by word, keeping each word's
casing, the span's shape ("SURNAME, Given", initials, nicknames' quotes) and, within a text, the
same new word for the same old one, so "ivy ... ivy" stays one person. Then the corpora are scored
as ``redaction_realistic.py`` scores them. A fixed seed draws the same names every run.

    python benchmarks/redaction_unseen_names.py [--show N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import redaction_realistic as realistic  # noqa: E402

SEED = 20261128
LOCALES = ("en", "en-gb", "en-au", "en-ca", "pl", "tr", "de", "fr", "it", "es", "nl", "da", "sv", "no",
           "fi", "cs", "sk", "hu", "pt", "et", "is", "hr")
#: A name word as a person's name is written: letters (Latin, with diacritics), one apostrophe or hyphen.
_NAME_WORD = re.compile(r"[A-Za-zÀ-ſ][a-zà-ſ]+(?:['-][A-Za-zÀ-ſ][a-zà-ſ]+)?")
_WORD_IN_SPAN = re.compile(r"([A-Za-zÀ-ſ][A-Za-zÀ-ſ'-]+)")


def mimesis_names() -> tuple[list[str], list[str]]:
    forenames, surnames = set(), set()
    datasets = files("mimesis") / "datasets"
    for locale in LOCALES:
        person = datasets / locale / "person.json"
        if not person.is_file():
            continue
        data = json.loads(person.read_text(encoding="utf-8"))
        for key, pool in (("names", forenames), ("surnames", surnames)):
            values = data[key]
            values = [v for group in values.values() for v in group] if isinstance(values, dict) else values
            pool.update(v for v in values if _NAME_WORD.fullmatch(v))
    return sorted(forenames), sorted(surnames)


def _cased(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old.islower():
        return new.lower()
    return new[:1].upper() + new[1:].lower()


def swapped(records: list[dict], forenames: list[str], surnames: list[str], rng: random.Random) -> list[dict]:
    """The records with every NAME span's words replaced; other spans moved, not changed."""
    out = []
    for record in records:
        text, parts, spans, at = record["text"], [], [], 0
        mapping: dict[str, str] = {}
        for span in sorted(record["spans"], key=lambda s: s["start"]):
            parts.append(text[at:span["start"]])
            start = sum(map(len, parts))
            value = span["value"]
            if span["type"] == "NAME":
                pieces = _WORD_IN_SPAN.split(value)
                words = pieces[1::2]
                for k in range(1, len(pieces), 2):
                    old = pieces[k]
                    if old.lower() not in mapping:
                        # the first of several words is a forename, unless "SURNAME, Given"
                        first = k == 1 and len(words) > 1 and "," not in value
                        mapping[old.lower()] = rng.choice(forenames if first else surnames)
                    pieces[k] = _cased(mapping[old.lower()], old)
                value = "".join(pieces)
            parts.append(value)
            spans.append({**span, "start": start, "end": start + len(value), "value": value})
            at = span["end"]
        parts.append(text[at:])
        out.append({"text": "".join(parts), "spans": spans, "must_survive": []})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many missed names")
    args = parser.parse_args()
    forenames, surnames = mimesis_names()
    rng = random.Random(SEED)
    total = caught = 0
    missed: list[str] = []
    print(f"{len(forenames):,} forenames and {len(surnames):,} surnames from mimesis")
    print("| corpus | names | caught | recall | 95% interval |\n|---|---:|---:|---:|---|")
    for half in ("tune", "tune2", "tune3"):
        result = realistic.score(swapped(realistic.load(half), forenames, surnames, rng))
        names = result["types"]["NAME"]
        total, caught = total + names["n"], caught + names["caught"]
        low, high = names["ci95"]
        print(f"| {half} | {names['n']} | {names['caught']} | {names['recall']:.2%} | {low:.2%} to {high:.2%} |")
        missed += result["misses"].get("NAME", [])
    low, high = realistic.wilson(caught, total)
    print(f"| all | {total} | {caught} | {caught / total:.2%} | {low:.2%} to {high:.2%} |")
    for line in random.Random(1).sample(missed, min(args.show, len(missed))):
        print(line[:220])


if __name__ == "__main__":
    main()
