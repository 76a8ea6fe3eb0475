#!/usr/bin/env python3
"""Build realistic-tune2.jsonl from hand-written whole notes (standard library only).

    cd benchmarks/corpora/source2 && python3 build.py

Inputs (all written by hand for this corpus): notes_*.txt (whole notes with identifiers inline as
<<TYPE|value>> and must-survive phrases as [[...]]) and lists.txt (new pools of names, nicknames,
schools, workplaces, streets, buildings, postcode districts, handles, mail domains).
Every note is used once verbatim; then variants of notes are made by swapping each inline
identifier for a new value of the same type and shape drawn from lists.txt (one person stays one
person inside a note; the casing of each original value is kept). Some variants are put all lower
case or all capitals. Phrases from a fixed list (sections, IC codes, times, sums, ages, drug and
weapon words, towns) are marked must-survive where they occur in the literal text.
Writes ../realistic-tune2.jsonl and build_summary.json, and validates the output itself.
"""
import glob
import hashlib
import json
import os
import random
import re
from collections import Counter

SEED = 20261127
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "realistic-tune2.jsonl")

CODES = {"N": "NAME", "Ng": "NAME", "Ns": "NAME", "Nk": "NAME", "O": "OFFICER_NUMBER", "D": "DOB",
         "A": "ADDRESS", "P": "POSTCODE", "T": "PHONE", "E": "EMAIL", "V": "VEHICLE", "R": "REFERENCE",
         "C": "PNC_ID", "I": "NI_NUMBER", "S": "SCHOOL", "W": "WORKPLACE", "M": "SOCIAL_MEDIA",
         "X": "PASSPORT", "L": "DRIVING_LICENCE"}
TYPES = sorted(set(CODES.values()))
TARGET = {t: 210 for t in TYPES}
TARGET.update({"NAME": 1300, "SCHOOL": 260, "WORKPLACE": 260})
TARGET_MUST = 1500
MAX_VARIANTS = 6
MIN_UOF_VARIANTS = 2


GROUP_KEYS = [("english", "brit"), ("word names", "brit"), ("surnames that are ordinary", "brit"),
              ("double-barrelled", "mixed"), ("west african", "wafr"), ("east african", "eafr"),
              ("south asian", "sasia"), ("eastern european", "eeur"), ("middle east", "meast"),
              ("east / se asian", "easia"), ("latin", "latin"), ("roma", "roma")]


def load_lists():
    """Sections of lists.txt; for [given] and [surname] also the origin group of each entry
    (from the '# ...' comment above it), kept in secs['_groups'][section][key] and
    secs['_group_of'][section][value.lower()]."""
    secs, cur, grp = {}, None, None
    groups, group_of = {}, {}
    for line in open(os.path.join(HERE, "lists.txt"), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("#"):
            c = line.lstrip("# ").lower()
            grp = next((k for p, k in GROUP_KEYS if c.startswith(p)), grp)
            continue
        m = re.fullmatch(r"\[(\w+)\]", line.strip())
        if m:
            cur, grp = m.group(1), None
            secs[cur] = []
            groups[cur], group_of[cur] = {}, {}
        else:
            v = line.strip()
            secs[cur].append(v)
            if grp:
                groups[cur].setdefault(grp, []).append(v)
                group_of[cur][v.lower()] = grp
    secs["_groups"], secs["_group_of"] = groups, group_of
    return secs


def load_notes():
    notes = []
    for path in sorted(glob.glob(os.path.join(HERE, "notes_*.txt"))):
        cur = None
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            m = re.fullmatch(r"=== ([gu])", line)
            if m:
                if cur:
                    notes.append(cur)
                cur = {"kind": "grounds" if m.group(1) == "g" else "use_of_force",
                       "src": os.path.basename(path), "lines": []}
            elif cur is not None:
                cur["lines"].append(line)
            # lines before the first "===" are the file's header comments
        if cur:
            notes.append(cur)
    for n in notes:
        n["raw"] = "\n".join(n.pop("lines")).strip()
        n["segs"] = mark_repeats(parse(n["raw"]))
    return notes


# Words that are names of people in some notes but ordinary words elsewhere: a later mention in the
# same note is only taken as the name when written with a capital, as in the marked mention.
WORDLIKE = set("""bell bird baker stone lamb marsh fox hunt rich cross swift bull gold winter moss banks
hill reed mason bishop shepherd sterling drew chase miles dawn holly penny sunny rocky mercy honour
precious blessing summer autumn ivy hunter major lee ward jones brookes""".split())
SKIP = {"big", "lil", "the", "mr", "mrs", "van", "dos", "da", "de", "ap", "st", "ni", "mac", "o"}
AUTO_MARKED = []


def mark_repeats(segs):
    """A name marked once in a hand-written note is marked again wherever the same note repeats it
    unmarked ("... Darnell arrested", "PC Gilchrist"): the note's own name words, whole words only."""
    toks = set()
    for s in segs:
        if s[0] == "id" and s[1].startswith("N"):
            for t in re.findall(r"[^\W\d_][\w'’-]*", s[2]):
                t = t.strip("'’")
                if len(t) >= 3 and t.lower() not in SKIP:
                    toks.add(t)
    if not toks:
        return segs
    out = []
    for s in segs:
        if s[0] != "lit":
            out.append(s)
            continue
        text, pos = s[1], 0
        hits = []
        for t in toks:
            flags = 0 if t.lower() in WORDLIKE else re.I
            pat = (t[0].upper() + t[1:].lower()) if t.lower() in WORDLIKE else t
            for m in re.finditer(r"(?<![\w'’-])" + re.escape(pat) + r"(?![\w-])", text, flags):
                hits.append((m.start(), m.end()))
        hits.sort()
        for a, b in hits:
            if a < pos:
                continue
            if a > pos:
                out.append(("lit", text[pos:a]))
            out.append(("id", "N", text[a:b]))
            AUTO_MARKED.append(text[max(0, a - 25):b + 15].replace("\n", " "))
            pos = b
        if pos < len(text):
            out.append(("lit", text[pos:]))
    return out


TOKEN = re.compile(r"<<(\w+)\|(.*?)>>|\[\[(.*?)\]\]")


def parse(raw):
    segs, pos = [], 0
    for m in TOKEN.finditer(raw):
        if m.start() > pos:
            segs.append(("lit", raw[pos:m.start()]))
        if m.group(1):
            if m.group(1) not in CODES:
                raise ValueError(f"bad code {m.group(1)} in {raw[:60]}")
            segs.append(("id", m.group(1), m.group(2)))
        else:
            segs.append(("must", m.group(3)))
        pos = m.end()
    if pos < len(raw):
        segs.append(("lit", raw[pos:]))
    for s in segs:
        if s[0] == "lit" and ("<<" in s[1] or ">>" in s[1] or "[[" in s[1] or "]]" in s[1]):
            raise ValueError(f"unparsed markup: {s[1][:60]}")
    return segs


# ---- must-survive phrases found in literal text -------------------------------------------
AUTO_WORDS = """cannabis weed skunk herbal cocaine crack heroin ketamine MDMA spice diazepam wraps wrap
knife knives blade machete baton Taser PAVA handcuffs cuffs balaclava NFA PNC ANPR CAD CRIS BWV
GOWISELY IP VRM intel obs s23 PACE CJPOA MDA CJA PWITS Cardiff Swansea Newport Bradford Leeds
Birmingham Manchester Liverpool Bristol Leicester Nottingham Sheffield Wakefield Doncaster London
Peckham Tottenham Handsworth Llanelli Bangor Wrexham Merthyr Bridgend Southampton Chester Medway""".split()
AUTO = [re.compile(p, re.I) for p in [
    r"\bs\.?\s?(?:60AA|139|136|165|23|60|47|32|17|1)\b(?:\(\d\)(?:\([a-z]\))?)?(?:\s(?:MDA|PACE|CJPOA|CJA|FA|POA|MHA))?",
    r"\bsection\s(?:one|twenty three|sixty|\d+[A-Z]*)(?:\s(?:MDA|PACE|CJPOA|CJA))?\b",
    r"\bIC\s?[1-6]\b",
    r"\bmatch(?:ed|es)\s(?:the\s)?desc(?:ription)?\b",
    r"\b(?:[01]\d|2[0-3])[0-5]\d\s?(?:hrs|hours)\b",
    r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d(?:\s?(?:am|pm|hrs))?(?![\d.:/])",
    r"(?:(?<=\bat )|(?<=\bapprox )|(?<=\baround ))(?:[01]\d|2[0-3])[0-5]\d\b",
    r"£\s?\d[\d,]*(?:\.\d\d)?",
    r"\baged?\s\d{1,2}\b",
    r"\b\d{1,2}\s?(?:yo|y/o|yrs old|years old|year old)\b",
    r"\b(?:" + "|".join(re.escape(w) for w in AUTO_WORDS) + r")\b",
]]


def auto_must(text, start_off):
    taken, found = [], []
    for rx in AUTO:
        for m in rx.finditer(text):
            a, b = m.start(), m.end()
            if b <= a or any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            found.append((start_off + a, start_off + b))
    return found


def render(segs):
    text, spans, musts = "", [], []
    for s in segs:
        if s[0] == "lit":
            for a, b in auto_must(s[1], len(text)):
                musts.append((a, b))
            text += s[1]
        elif s[0] == "must":
            musts.append((len(text), len(text) + len(s[1])))
            text += s[1]
        else:
            spans.append((len(text), len(text) + len(s[2]), CODES[s[1]]))
            text += s[2]
    return (text,
            [{"start": a, "end": b, "type": t, "value": text[a:b]} for a, b, t in spans],
            [{"start": a, "end": b, "value": text[a:b]} for a, b in sorted(musts)])


# ---- value makers for variants -----------------------------------------------------------
def case_like(orig, new):
    letters = [c for c in orig if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 1:
        return new.upper()
    if letters and all(c.islower() for c in letters):
        return new.lower()
    return new


LET = "ABCDEFGHJKLMNPRSTUVWXYZ"


def reshape(rng, v, min_run=1, keep_letters=False, keep_digits=0):
    out, seen_digits = [], 0
    runs = {m.start(): m.end() for m in re.finditer(r"\d+", v)}
    run_len = {}
    for a, b in runs.items():
        for i in range(a, b):
            run_len[i] = (a, b)
    for i, c in enumerate(v):
        if c.isdigit():
            seen_digits += 1
            a, b = run_len[i]
            if seen_digits <= keep_digits or b - a < min_run:
                out.append(c)
            elif i == a and c != "0":
                out.append(str(rng.randint(1, 9)))
            else:
                out.append(str(rng.randint(0, 9)))
        elif c.isalpha() and not keep_letters and c.isascii():
            n = rng.choice(LET)
            out.append(n if c.isupper() else n.lower())
        else:
            out.append(c)
    return "".join(out)


MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]


def ordinal(d):
    return f"{d}{'th' if 11 <= d % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def new_dob(rng, v):
    y = rng.randint(1970, 2011)
    mo = rng.randint(1, 12)
    d = rng.randint(1, 28)
    m = re.fullmatch(r"(\d{1,2})([/.\- ])(\d{1,2})\2(\d{2}|\d{4})", v)
    if m:
        dd = f"{d:02d}" if len(m.group(1)) == 2 else str(d)
        mm = f"{mo:02d}" if len(m.group(3)) == 2 else str(mo)
        yy = str(y) if len(m.group(4)) == 4 else f"{y % 100:02d}"
        return f"{dd}{m.group(2)}{mm}{m.group(2)}{yy}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return f"{y}-{mo:02d}-{d:02d}"
    if re.fullmatch(r"\d{6}", v):
        return f"{d:02d}{mo:02d}{y % 100:02d}"
    if re.fullmatch(r"\d{8}", v):
        return f"{d:02d}{mo:02d}{y}"
    m = re.fullmatch(r"(?i)(\d{1,2})(st|nd|rd|th)?( of)? ([a-z]+)\.? (\d{2,4})", v)
    if m and m.group(4).lower()[:3] in [x[:3] for x in MONTHS]:
        mon = MONTHS[mo - 1]
        mon = mon[:3] if len(m.group(4)) <= 4 else mon
        mon = case_like(m.group(4), mon.capitalize())
        day = ordinal(d) if m.group(2) else str(d)
        yy = str(y) if len(m.group(5)) == 4 else f"{y % 100:02d}"
        return f"{day}{m.group(3) or ''} {mon} {yy}"
    m = re.fullmatch(r"(?i)([a-z]+) (\d{1,2})(st|nd|rd|th)?,? (\d{4})", v)
    if m:
        mon = case_like(m.group(1), MONTHS[mo - 1].capitalize())
        return f"{mon} {ordinal(d) if m.group(3) else d}{',' if ',' in v else ''} {y}"
    m = re.fullmatch(r"(?i)(\d{2})([a-z]{3})(\d{2,4})", v)
    if m:
        return f"{d:02d}{case_like(m.group(2), MONTHS[mo - 1][:3].capitalize())}" + (
            str(y) if len(m.group(3)) == 4 else f"{y % 100:02d}")
    return v  # spoken-out dates and odd shapes stay as written


NI_PREFIX = "AB AE AH AK AL AM AP AR AS AT AW AX AY CE CH CK CL CR EA EB EH EK EL ER ET EW EX "\
            "EZ GY HE HJ HK HL HN HP HS HT HW HX JA JB JC JE JG JH JJ JK JL JM JN JP JR JS JT JW "\
            "JX JY JZ KA KB KC KE KH KJ KL KM KP KR KS KT KW KX LA LB LE LH LK LM LP LS LT LW "\
            "LX MA MB ME MH MK ML MP MR MT MW NA NB NE NH NL NM NP NR NS NW NX NY NZ OA OB OE "\
            "OG OH OJ OK OL OM ON OP OS OT OW OX OY PA PB PC PE PG PH PK PL PM PN PP PR PS PT "\
            "PW PX PY RA RB RE RH RK RM RP RR RS RT RW RX RY RZ SA SB SC SE SG SH SJ SK SL SM "\
            "SN SP SR SS ST SW SX SY SZ TA TB TE TH TK TL TM TP TR TS TW TX TY TZ WA WB WE WK "\
            "WL WM WP YA YB YE YH YK YL YM YP YR YS YT YW YX ZA ZB ZE ZH ZK ZL ZM ZP ZR ZS ZT "\
            "ZW ZX ZY".split()


class Variant:
    """One variant of one note: a consistent set of replacements."""

    def __init__(self, rng, L):
        self.rng, self.L = rng, L
        self.memo = {}
        self.given_set = {g.lower() for g in L["given"]}
        self.persons = []

    def pick(self, pool, avoid):
        for _ in range(20):
            v = self.rng.choice(pool)
            if v.lower() != avoid.lower():
                return v
        return v

    def group(self, *words):
        """Origin group of the original name (so a swapped name keeps the note's sense of
        origin: Afghan stays Afghan-sounding); a random group when the word is in no list."""
        go = self.L["_group_of"]
        for w in words:
            w = w.lower()
            for sec in ("given", "surname"):
                for cand in (w, w.split()[-1] if w.split() else w):
                    g = go[sec].get(cand)
                    if g and g != "mixed":
                        return g
        k = ("grp",) + tuple(x.lower() for x in words)
        if k not in self.memo:
            self.memo[k] = self.rng.choice(sorted(self.L["_groups"]["given"]))
        return self.memo[k]

    def given(self, g, grp=None):
        k = ("g", g.lower())
        if k not in self.memo:
            grp = grp or self.group(g)
            self.memo[k] = self.pick(self.L["_groups"]["given"][grp], g)
        return self.memo[k]

    def surname(self, s, grp=None):
        k = ("s", s.lower())
        if k not in self.memo:
            grp = grp or self.group(s)
            sec = self.L["_groups"]["surname"]
            pool = sec["mixed"] if self.rng.random() < 0.08 else sec[grp]
            new = self.pick(pool, s)
            self.memo[k] = new
            last = s.split()[-1].lower()
            self.memo.setdefault(("s", last), new)
        return self.memo[k]

    def nick(self, s):
        k = ("k", s.lower())
        if k not in self.memo:
            self.memo[k] = self.pick(self.L["nickname"], s)
        return self.memo[k]

    def name(self, code, v):
        if code == "Nk":
            return case_like(v, self.nick(v))
        if ", " in v:
            s, g = v.split(", ", 1)
            return case_like(s, self.surname(s)) + ", " + case_like(g, self.given(g))
        toks = v.split(" ")
        nick = [t for t in toks if t[:1] in "'\"‘“"]
        rest = [t for t in toks if t not in nick]
        if len(rest) == 1:
            t = rest[0]
            key = t.lower()
            if code == "Ng" or (code == "N" and ("g", key) in self.memo) or (
                    code == "N" and ("s", key) not in self.memo and key in self.given_set):
                new = self.given(t)
            else:
                new = self.surname(t)
            out = [case_like(t, new)]
        else:
            g, s = rest[0], " ".join(rest[1:])
            grp = self.group(g, s)
            if re.fullmatch(r"[A-Za-z]\.?", g):
                ng = self.given(g + "?", grp)[0] + ("." if g.endswith(".") else "")
            else:
                ng = self.given(g, grp)
            self.persons.append((ng, self.surname(s, grp)))
            out = [case_like(g, ng), case_like(s, self.surname(s, grp))]
        if nick:
            q = nick[0][0]
            body = self.nick(" ".join(nick).strip("'\"‘’“”"))
            out.insert(1, case_like(" ".join(nick), q + body + {"'": "'", '"': '"', "‘": "’", "“": "”"}[q]))
        return " ".join(out)

    def value(self, code, v):
        rng, L = self.rng, self.L
        if code in ("N", "Ng", "Ns", "Nk"):
            return self.name(code, v)
        k = (code, v)
        if k in self.memo:
            return self.memo[k]
        if code in ("O", "R", "C"):
            new = reshape(rng, v, min_run=3 if code in ("R", "C") else 1, keep_letters=code != "O")
            if code == "O" and re.search(r"[A-Za-z]", v):
                new = re.sub(r"[A-Za-z]+$", lambda m: case_like(m.group(0), rng.choice(L["divcode"])), new)
            if code == "R" and new == v:  # short digit runs only ("S60/WMP/26/19"): change them too
                new = reshape(rng, v, min_run=1, keep_letters=True)
            if code == "C":
                new = re.sub(r"[A-Z]$", lambda m: rng.choice(LET), new)
        elif code == "T":
            new = reshape(rng, v, keep_digits=4)
        elif code == "X":
            new = reshape(rng, v)
        elif code == "V":
            m = re.fullmatch(r"(?i)([a-z]{2})(\d{2})(\s?)([a-z]{3})", v)
            if m:
                age = rng.choice(["15", "65", "16", "66", "17", "67", "18", "68", "19", "69", "20", "70",
                                  "21", "71", "22", "72", "23", "73", "24", "74", "25", "75", "12", "62"])
                new = case_like(v, "".join(rng.choice(LET) for _ in range(2)) + age + m.group(3)
                                + "".join(rng.choice(LET) for _ in range(3)))
            else:
                new = reshape(rng, v)
        elif code == "P":
            inward = str(rng.randint(0, 9)) + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
            new = case_like(v, rng.choice(L["outward"]) + (" " if " " in v else "") + inward)
        elif code == "I":
            d = [str(rng.randint(0, 9)) for _ in range(6)]
            p, s = rng.choice(NI_PREFIX), rng.choice("ABCD")
            if re.search(r"\s", v):
                new = f"{p} {d[0]}{d[1]} {d[2]}{d[3]} {d[4]}{d[5]} {s}"
            else:
                new = p + "".join(d) + s
            new = case_like(v, new)
        elif code == "L":
            sur = re.sub(r"[^A-Z]", "", self.pick(L["surname"], "").upper())[:5].ljust(5, "9")
            y, mo, d = rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28)
            mo += 50 if rng.random() < 0.4 else 0
            ini = "".join(rng.choice(LET) for _ in range(rng.choice([1, 2]))).ljust(2, "9")
            core = f"{sur}{(y // 10) % 10}{mo:02d}{d:02d}{y % 10}{ini}9{rng.choice(LET)}{rng.choice(LET)}"
            gaps = [i for i, c in enumerate(v) if c == " "]
            for i in gaps:
                core = core[:i] + " " + core[i:]
            new = case_like(v, core)
        elif code == "D":
            new = new_dob(rng, v)
        elif code == "A":
            st = rng.choice(L["street"])
            n = rng.randint(1, 180)
            form = rng.choice([
                f"{n} {st}", f"{n}{rng.choice('abc')} {st}", f"Flat {rng.randint(1, 40)}, {rng.choice(L['building'])}",
                f"Flat {rng.randint(1, 12)} {n} {st}", f"{n}-{n + 2} {st}", f"no {n} {st}",
                f"{rng.randint(1, 30)} {rng.choice(L['building'])}", f"Flat {rng.randint(1, 9)}{rng.choice('ABC')}, {n} {st}"])
            new = case_like(v, form)
        elif code in ("S", "W"):
            new = case_like(v, self.pick(L["school" if code == "S" else "workplace"], v))
        elif code == "M":
            pre = re.match(r"@|.*/|", v).group(0)
            h = self.pick(L["handle"], v[len(pre):])
            if self.persons and rng.random() < 0.4:  # a handle made from the note's (new) person
                g, sn = rng.choice(self.persons)
                g, sn = re.sub(r"[^a-z]", "", g.lower()), re.sub(r"[^a-z]", "", sn.lower())
                h = rng.choice([f"{g}_{sn}", f"{g}.{sn[:3]}{rng.randint(1, 99)}", f"{g}{rng.randint(0, 9)}x",
                                f"its.{g}", f"{sn}{g[0]}_", f"x{g}x{rng.randint(1, 9)}"])
            new = pre + h
        elif code == "E":
            if self.persons and rng.random() < 0.6:
                g, s = rng.choice(self.persons)
            else:
                g, s = rng.choice(L["given"]), rng.choice(L["surname"])
            g = re.sub(r"[^a-z]", "", g.lower())
            s = re.sub(r"[^a-z]", "", s.lower())
            local = rng.choice([f"{g}.{s}", f"{g}{s}{rng.randint(1, 99)}", f"{g[0]}{s}",
                                f"{s}_{g}{rng.randint(0, 9)}", f"{g}{rng.randint(1990, 2010)}",
                                rng.choice(L["handle"]).strip("._")])
            new = case_like(v, f"{local}@{rng.choice(L['maildomain'])}")
        else:
            raise ValueError(code)
        self.memo[k] = new
        return new


def make_variant(segs, rng, L):
    var = Variant(rng, L)
    out = []
    for s in segs:
        if s[0] == "id":
            out.append(("id", s[1], var.value(s[1], s[2])))
        else:
            out.append(s)
    r = rng.random()
    if r < 0.14:
        out = [(s[0], s[1].lower()) if s[0] != "id" else (s[0], s[1], s[2].lower()) for s in out]
    elif r < 0.22:
        out = [(s[0], s[1].upper()) if s[0] != "id" else (s[0], s[1], s[2].upper()) for s in out]
    return out


def counts_of(segs):
    c = Counter(CODES[s[1]] for s in segs if s[0] == "id")
    return c


def validate(rows):
    errors = []
    ids = set()
    for d in rows:
        assert set(d) == {"id", "kind", "text", "spans", "must_survive"}
        if d["id"] in ids:
            errors.append(f"dup id {d['id']}")
        ids.add(d["id"])
        t = d["text"]
        ivs = []
        for s in d["spans"] + d["must_survive"]:
            if not (0 <= s["start"] < s["end"] <= len(t)) or t[s["start"]:s["end"]] != s["value"]:
                errors.append(f"{d['id']}: bad span {s}")
            if s["value"] != s["value"].strip():
                errors.append(f"{d['id']}: span with outer space {s['value']!r}")
            ivs.append((s["start"], s["end"]))
        ivs.sort()
        for (a1, b1), (a2, b2) in zip(ivs, ivs[1:]):
            if a2 < b1:
                errors.append(f"{d['id']}: overlap at {a1}-{b1}/{a2}-{b2}")
    return errors


def main():
    rng = random.Random(SEED)
    L = load_lists()
    notes = load_notes()
    items = []  # (note index, segs, variant?)
    total = Counter()
    for i, n in enumerate(notes):
        items.append((i, n["segs"], False))
        total += counts_of(n["segs"])
    uses = Counter()
    # use-of-force accounts are fewer and less dense in identifiers: every one gets MIN_UOF_VARIANTS
    # variants before the deficit-driven choice, so they keep a fair share of the texts
    for i, n in enumerate(notes):
        if n["kind"] == "use_of_force":
            for _ in range(MIN_UOF_VARIANTS):
                uses[i] += 1
                items.append((i, make_variant(n["segs"], rng, L), True))
                total += counts_of(n["segs"])
    while True:
        deficit = {t: TARGET[t] - total[t] for t in TYPES if total[t] < TARGET[t]}
        if not deficit:
            break
        best, best_score = None, 0.0
        order = list(range(len(notes)))
        rng.shuffle(order)
        for i in order:
            if uses[i] >= MAX_VARIANTS:
                continue
            c = counts_of(notes[i]["segs"])
            score = sum(min(c[t], deficit[t]) / TARGET[t] for t in deficit) / (1 + 0.5 * uses[i])
            if score > best_score:
                best, best_score = i, score
        if best is None:
            break
        uses[best] += 1
        items.append((best, make_variant(notes[best]["segs"], rng, L), True))
        total += counts_of(notes[best]["segs"])
    rng.shuffle(items)
    rows = []
    for k, (i, segs, is_var) in enumerate(items, 1):
        text, spans, musts = render(segs)
        rows.append({"id": f"r2-{k:05d}", "kind": notes[i]["kind"], "text": text, "spans": spans,
                     "must_survive": musts})
    errors = validate(rows)
    with open(OUT, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    c = Counter(s["type"] for r in rows for s in r["spans"])
    names = [s["value"] for r in rows for s in r["spans"] if s["type"] == "NAME"]
    low = sum(1 for v in names if v == v.lower())
    up = sum(1 for v in names if v == v.upper() and v != v.lower())
    texts_low = sum(1 for r in rows if r["text"] == r["text"].lower())
    texts_up = sum(1 for r in rows if r["text"] == r["text"].upper())
    summary = {
        "seed": SEED, "hand_written_notes": len(notes),
        "notes_by_kind": dict(Counter(n["kind"] for n in notes)),
        "texts": len(rows), "texts_by_kind": dict(Counter(r["kind"] for r in rows)),
        "verbatim_texts": sum(1 for x in items if not x[2]), "variant_texts": sum(1 for x in items if x[2]),
        "notes_with_variants": len(uses), "max_variants_of_one_note": max(uses.values()) if uses else 0,
        "counts": {t: c[t] for t in TYPES}, "must_survive": sum(len(r["must_survive"]) for r in rows),
        "texts_with_no_identifier": sum(1 for r in rows if not r["spans"]),
        "name_casing": {"all_lower": round(low / len(names), 3), "all_caps": round(up / len(names), 3),
                        "mixed_or_title": round(1 - (low + up) / len(names), 3)},
        "texts_all_lower": texts_low, "texts_all_caps": texts_up,
        "sha256": hashlib.sha256(open(OUT, "rb").read()).hexdigest(),
        "errors": errors[:50],
    }
    with open(os.path.join(HERE, "build_summary.json"), "w", encoding="utf-8") as fh:
        json.dump(summary, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
