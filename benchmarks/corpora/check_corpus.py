#!/usr/bin/env python3
"""Validate a realistic redaction corpus (JSONL) and print counts per type.

    python3 check_corpus.py realistic-tune.jsonl realistic-test.jsonl

Checks: each line is a JSON object with id / kind / text / spans / must_survive; kind is
grounds or use_of_force; types are from the agreed list; every span's value equals
text[start:end]; no span is empty, out of range, or overlaps another span (identifier spans
with each other, must_survive with each other, and must_survive with identifier spans);
ids are unique. Exit status 1 on any error.
"""
import json
import sys
from collections import Counter

TYPES = {"NAME", "OFFICER_NUMBER", "DOB", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "VEHICLE", "REFERENCE",
         "PNC_ID", "NI_NUMBER", "SCHOOL", "WORKPLACE", "SOCIAL_MEDIA", "PASSPORT", "DRIVING_LICENCE"}
MIN_NAME, MIN_OTHER, MIN_MUST = 1000, 200, 400


def check(path):
    errors = []
    counts = Counter()
    kinds = Counter()
    ids = set()
    n = 0
    no_ids = 0
    with open(path, encoding="utf-8") as fh:
        for ln, line in enumerate(fh, 1):
            n += 1
            try:
                d = json.loads(line)
            except ValueError as e:
                errors.append(f"{path}:{ln}: bad JSON {e}")
                continue
            if set(d) != {"id", "kind", "text", "spans", "must_survive"}:
                errors.append(f"{path}:{ln}: keys {sorted(d)}")
                continue
            if d["id"] in ids:
                errors.append(f"{path}:{ln}: duplicate id {d['id']}")
            ids.add(d["id"])
            if d["kind"] not in ("grounds", "use_of_force"):
                errors.append(f"{path}:{ln}: kind {d['kind']}")
            kinds[d["kind"]] += 1
            text = d["text"]
            if not isinstance(text, str) or not text:
                errors.append(f"{path}:{ln}: empty text")
                continue
            ivs = []
            for s in d["spans"]:
                if set(s) != {"start", "end", "type", "value"}:
                    errors.append(f"{path}:{ln}: span keys {sorted(s)}")
                    continue
                if s["type"] not in TYPES:
                    errors.append(f"{path}:{ln}: unknown type {s['type']}")
                counts[s["type"]] += 1
                ivs.append((s["start"], s["end"], "id", s))
            for s in d["must_survive"]:
                if set(s) != {"start", "end", "value"}:
                    errors.append(f"{path}:{ln}: must_survive keys {sorted(s)}")
                    continue
                counts["must_survive"] += 1
                ivs.append((s["start"], s["end"], "must", s))
            if not d["spans"]:
                no_ids += 1
            for a, b, _, s in ivs:
                if not (isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(text)):
                    errors.append(f"{path}:{ln}: bad offsets {a},{b}")
                elif text[a:b] != s["value"]:
                    errors.append(f"{path}:{ln}: value {s['value']!r} != text[{a}:{b}] {text[a:b]!r}")
            ivs.sort(key=lambda x: (x[0], x[1]))
            for (a1, b1, k1, s1), (a2, b2, k2, s2) in zip(ivs, ivs[1:]):
                if a2 < b1:
                    errors.append(f"{path}:{ln}: overlap {k1} {s1['value']!r} / {k2} {s2['value']!r}")
    return n, kinds, counts, no_ids, errors


def main(paths):
    bad = False
    for p in paths:
        n, kinds, counts, no_ids, errors = check(p)
        print(f"== {p}: {n} texts ({dict(kinds)}), {no_ids} with no identifier")
        for t in sorted(TYPES) + ["must_survive"]:
            need = MIN_NAME if t == "NAME" else MIN_MUST if t == "must_survive" else MIN_OTHER
            flag = "" if counts[t] >= need else f"   BELOW MINIMUM {need}"
            print(f"  {t:16s} {counts[t]:6d}{flag}")
            if flag:
                bad = True
        for e in errors[:50]:
            print("  ERROR", e)
        if errors:
            print(f"  {len(errors)} errors")
            bad = True
        else:
            print("  OK: shape, values, offsets, no overlaps")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["realistic-tune.jsonl", "realistic-test.jsonl"]))
