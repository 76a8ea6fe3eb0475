#!/usr/bin/env python3
"""Build realistic-tune3.jsonl (third tuning corpus) from the hand-written files in this folder.

    cd benchmarks/corpora/source3 && python3 build.py

Standard library only, fixed seed. Every text is assembled from pieces (literal text, must-survive
text, identifier values); the offsets of each span are recorded while the string is built, never
searched for afterwards. Writes ../realistic-tune3.jsonl and build_summary.json, then validates
(value == text[start:end], no overlaps, must_survive never overlapping an identifier span).
"""
import hashlib
import json
import os
import random
import re
from collections import Counter

SEED = 20261128
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "realistic-tune3.jsonl")
N_TEXTS = 1110  # filled frames; the hand-written notes come on top
UOF_SHARE = 0.34
TARGET = {"WORKPLACE": 760, "SCHOOL": 490, "NAME": 1600, "OFFICER_NUMBER": 260, "DOB": 240, "ADDRESS": 230,
          "POSTCODE": 225, "PHONE": 245, "EMAIL": 240, "VEHICLE": 235, "REFERENCE": 240, "PNC_ID": 240,
          "NI_NUMBER": 245, "SOCIAL_MEDIA": 235, "PASSPORT": 245, "DRIVING_LICENCE": 235}

R = random.Random(SEED)


# ---------------------------------------------------------------- loading
def lines(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as fh:
        return [l.rstrip("\n") for l in fh if l.strip() and not l.startswith("#")]


def sections(name):
    out, cur = {}, None
    with open(os.path.join(HERE, name), encoding="utf-8") as fh:
        for l in fh:
            l = l.rstrip("\n")
            if not l.strip() or (l.startswith("#") and not l.startswith("##")):
                continue
            if l.startswith("## "):
                cur = l[3:].strip()
                out[cur] = []
            else:
                out[cur].append(l.strip())
    return out


def load_names():
    groups = {}
    for g, ls in sections("names.txt").items():
        d = {}
        for l in ls:
            k, v = l.split(":", 1)
            d[k.strip()] = [x.strip() for x in v.split(",") if x.strip()]
        groups[g] = d
    return groups


NAMES = load_names()
GROUPS = sorted(NAMES)
NICKS = [x.strip() for x in lines("nicknames.txt")[0].split(",")]
WORKPLACES = lines("workplaces.txt")
SCHOOLS = lines("schools.txt")
CHAINS = lines("chains.txt")
P = sections("places.txt")
FR_G = lines("frames_grounds.txt")
FR_U = lines("frames_uof.txt")
FRAGS = lines("fragments.txt")
NOTES = lines("notes.txt")
NOTE_TOKEN = re.compile(r"<<([A-Z_]+)\|(.+?)>>|\[\[(.+?)\]\]")


def note_pieces(note):
    """A whole hand-written note: <<TYPE|value>> identifiers and [[...]] must-survive, the rest literal."""
    out, pos = [], 0
    for m in NOTE_TOKEN.finditer(note):
        if m.start() > pos:
            out.append((note[pos:m.start()], None))
        out.append((m.group(2), m.group(1)) if m.group(1) else (m.group(3), "MUST"))
        pos = m.end()
    if pos < len(note):
        out.append((note[pos:], None))
    return out
def _tagged(c):
    """'clause  #care food' -> clause with {W:care food}; untagged clauses fit any business."""
    if "  #" in c:
        c, tags = c.split("  #", 1)
        c = c.replace("{W}", "{W:" + tags.strip() + "}")
    return c


WCL = {k: [_tagged(c) for c in v] for k, v in sections("clauses_work.txt").items()}  # {"vp": [...], "free": [...]}
SCL = sections("clauses_school.txt")  # {"ap": [...], "free": [...]}


# ---------------------------------------------------------------- helpers
def pick(seq):
    return seq[R.randrange(len(seq))]


class Balanced:
    """Draw items so that each is used about equally (least used first, random among ties)."""

    def __init__(self, items):
        self.items = list(items)
        self.used = Counter()

    def draw(self, ok=None):
        cand = [i for i in range(len(self.items)) if ok is None or ok(self.items[i])]
        m = min(self.used[i] for i in cand)
        best = [i for i in cand if self.used[i] == m]
        i = pick(best)
        self.used[i] += 1
        return self.items[i]


def case_as(s, style):
    if style == "lower":
        return s.lower()
    if style == "upper":
        return s.upper()
    return s


# ---------------------------------------------------------------- people
class Person:
    def __init__(self, group=None):
        self.group = group or pick(GROUPS)
        self.given = pick(NAMES[self.group]["G"])
        # a fifth of people get a surname from another group (mixed families, marriage)
        sg = self.group if R.random() < 0.8 else pick(GROUPS)
        self.surname = pick(NAMES[sg]["S"])
        if R.random() < 0.04:
            self.surname = self.surname + "-" + pick(NAMES[pick(GROUPS)]["S"])
        self.nick = pick(NICKS)
        r = R.random()
        self.style = "title" if r < 0.52 else "lower" if r < 0.77 else "supper" if r < 0.93 else "upper"
        self.mentions = 0

    def _c(self, s, part):
        st = self.style
        if st == "title":
            return s
        if st == "lower":
            return s.lower()
        if st == "upper":
            return s.upper()
        return s.upper() if part == "s" else s  # surname in capitals

    def form(self, f):
        """Return a NAME value for form f: f full, g given, s surname, i initial, n nickname, c 'SURNAME, Given', k nick-in-middle."""
        g, s = self._c(self.given, "g"), self._c(self.surname, "s")
        self.mentions += 1
        if f == "f":
            return g + " " + s
        if f == "g":
            return g
        if f == "s":
            return s
        if f == "i":
            ini = g[0]
            return pick([ini + " " + s, ini + ". " + s, ini + "." + s])
        if f == "n":
            return self._c(self.nick, "g")
        if f == "c":
            return (self.surname.lower() if self.style == "lower" else self.surname.upper()) + ", " + g
        if f == "k":
            return g + " '" + self._c(self.nick, "g") + "' " + s
        raise ValueError(f)

    def any_form(self):
        if self.mentions == 0:
            f = R.choices("fsgick", [55, 14, 12, 10, 5, 4])[0]
        else:
            f = R.choices("sgfi", [40, 35, 15, 10])[0]
        return self.form(f)


RANKS = ["PC", "PC", "PC", "pc", "PS", "Sgt", "sgt", "DC", "A/PS", "PCSO", "pcso", "TPC", "SC", "Insp"]


def officer_pieces():
    """Rank + collar number (+ surname) in many orders. Rank outside spans."""
    rank = pick(RANKS)
    num = str(R.randrange(100, 9999)) if R.random() < 0.85 else str(R.randrange(1000, 9999)) + pick(["AB", "NE", "GD", "WY", "SW", "B"])
    if rank == "SC":
        num = str(R.randrange(10000, 39999))
    o = Person()
    o.style = pick(["title", "upper", "upper", "lower", "supper"])
    name = o.form(pick("ss" + "fi"))
    shape = R.choices(range(8), [20, 12, 20, 10, 8, 8, 10, 12])[0]
    if shape == 0:
        return [(rank + " ", None), (num, "OFFICER_NUMBER")]
    if shape == 1:
        return [(rank, None), (num, "OFFICER_NUMBER")]
    if shape == 2:
        return [(rank + " ", None), (num, "OFFICER_NUMBER"), (" ", None), (name, "NAME")]
    if shape == 3:
        return [(rank + " ", None), (name, "NAME"), (" ", None), (num, "OFFICER_NUMBER")]
    if shape == 4:
        return [(num, "OFFICER_NUMBER"), (" ", None), (name, "NAME")]
    if shape == 5:
        return [(rank, None), (num, "OFFICER_NUMBER"), (" ", None), (name, "NAME")]
    if shape == 6:
        return [(rank + " ", None), (name, "NAME")]
    if R.random() < 0.5:
        return [(rank + " ", None), (num, "OFFICER_NUMBER"), (" (", None), (name, "NAME"), (")", None)]
    return [(name, "NAME"), (" " + rank + " ", None), (num, "OFFICER_NUMBER")]


def other_person_pieces(p):
    """A manager, teacher, DSL, owner, parent: full name, title + surname, or given name."""
    r = R.random()
    if r < 0.45:
        return [(p.form("f"), "NAME")]
    if r < 0.8:
        t = pick(["Mr ", "Mrs ", "Ms ", "Miss ", "mr ", "mrs ", "MR "])
        return [(t, None), (p.form("s"), "NAME")]
    if r < 0.9:
        return [(p.form("i"), "NAME")]
    return [(p.form("g"), "NAME")]


# ---------------------------------------------------------------- value generators
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def ordinal(d):
    return str(d) + ("th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th"))


def rand_date(young=None):
    y = R.randrange(2006, 2013) if young else R.randrange(1962, 2008)
    m = R.randrange(1, 13)
    d = R.randrange(1, 29)
    return y, m, d


def dob_value(date):
    y, m, d = date
    k = R.randrange(15)
    mon = MONTHS[m - 1]
    return [f"{d:02d}/{m:02d}/{y}", f"{d:02d}{m:02d}{y % 100:02d}", f"{d}.{m}.{y % 100:02d}",
            f"{ordinal(d)} {mon} {y}", f"{d:02d}{mon[:3].upper()}{y}", f"{y}-{m:02d}-{d:02d}",
            f"{ordinal(d)} of {mon.lower()} {y}", f"{d:02d}-{m:02d}-{y}", f"{d:02d}.{m:02d}.{y}",
            f"{d:02d}/{m:02d}/{y % 100:02d}", f"{d}/{m}/{y}", f"{d} {mon[:3]} {y}", f"{d:02d} {m:02d} {y}",
            f"{mon} {d} {y}", f"{d:02d}/{m:02d}/{y}"][k]


DOB_LABELS = ["DOB ", "dob ", "d.o.b ", "D.O.B: ", "born ", "b. ", "DOB: ", "Dob ", "d.o.b. ", "dob:", "(dob ", "born on "]


def postcode():
    a = pick(P["pcareas"])
    out = a + str(R.randrange(1, 30 if len(a) == 1 else 20))
    inward = str(R.randrange(0, 10)) + "".join(pick("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
    sep = R.choices(["  ", " ", ""], [3, 80, 17])[0]
    v = out + sep + inward
    return v.lower() if R.random() < 0.2 else v


def address():
    st = pick(P["streets"])
    n = R.randrange(1, 240)
    k = R.randrange(10)
    if k == 0:
        v = f"{n}a {st}"
    elif k == 1:
        v = f"no {n} {st}"
    elif k == 2:
        v = f"flat {R.randrange(1, 40)}, {pick(P['buildings'])}"
    elif k == 3:
        v = f"Flat {R.randrange(1, 12)} {n} {st}"
    elif k == 4:
        v = f"{n}-{n + 2} {st}"
    elif k == 5:
        v = f"{R.randrange(1, 30)} {pick(P['buildings'])}, {st}"
    else:
        v = f"{n} {st}"
    r = R.random()
    return v.lower() if r < 0.22 else v.upper() if r < 0.3 else v


def phone():
    k = R.randrange(9)
    d = "".join(str(R.randrange(10)) for _ in range(9))
    if k <= 2:
        return "07" + d[:3] + " " + d[3:]
    if k == 3:
        return "07" + d
    if k == 4:
        return "+44 7" + d[:3] + " " + d[3:6] + " " + d[6:]
    if k == 5:
        return "07" + d[:3] + "-" + d[3:6] + "-" + d[6:]
    if k == 6:
        return "0113 " + d[:3] + " " + d[3:7]
    if k == 7:
        return "01274 " + d[:6]
    return "0044 7" + d[:3] + " " + d[3:]


def email(p):
    g, s = re.sub(r"[^a-z]", "", p.given.lower()), re.sub(r"[^a-z]", "", p.surname.lower())
    k = R.randrange(6)
    n = str(R.randrange(1, 99))
    local = [g + "." + s, g + s + n, g[0] + s + n, s + "_" + g, g + "_" + n + "x", re.sub(r"[^a-z]", "", p.nick.lower()) + n][k]
    v = local + "@" + pick(P["domains"])
    return v.upper() if R.random() < 0.05 else v


def vrm():
    L = "ABCDEFGHJKLMNOPRSTUVWXYZ"
    k = R.randrange(10)
    if k <= 6:
        v = pick(L) + pick(L) + f"{R.choice([R.randrange(51, 75), R.randrange(2, 25)]):02d}" + pick(["", " ", " "]) + "".join(pick(L) for _ in range(3))
    elif k <= 8:
        v = pick("PRSTVWXY") + str(R.randrange(1, 999)) + pick([" ", ""]) + "".join(pick(L) for _ in range(3))
    else:
        v = "".join(pick(L) for _ in range(3)) + " " + str(R.randrange(1, 999)) + pick("ABCDEFGHJKLMNPRSTVWXY")
    return v.lower() if R.random() < 0.18 else v


def reference():
    yy = "26"
    k = R.randrange(12)
    n = lambda a, b: str(R.randrange(a, b))
    return [f"13/{n(10000, 99999)}/{yy}", f"WY-{n(1000, 9999)}-{n(100, 9999)}", f"SR/{yy}/{n(10000, 99999)}",
            f"{n(1000000, 9999999)}/{yy}", f"BWV-{n(1000, 9999)}-{n(100000, 999999)}", f"MISPER/{yy}/{n(1000, 9999)}",
            f"CU/{pick(['WYP', 'GMP', 'SWP', 'NTH'])}/{n(1000, 9999)}/{yy}", f"60/{pick(['GMP', 'WYP', 'SYP'])}/{yy}/{n(10, 200)}",
            f"{n(10, 99)}{pick(['AA', 'HD', 'LS', 'MB'])}{n(1000000, 9999999)}", f"{n(100, 9999)} {n(1, 28):0>2}/11/{yy}",
            f"{n(10000000, 99999999)}", f"GMP-{yy}-11{n(10, 28)}-{n(1000, 9999)}"][k]


def cad_pieces():
    k = R.randrange(6)
    n = str(R.randrange(10, 9999))
    d = f"{R.randrange(1, 29):02d}"
    if k == 0:
        return [("CAD ", None), (f"{n} {d}/11/26", "REFERENCE")]
    if k == 1:
        return [("cad ", None), (n, "REFERENCE")]
    if k == 2:
        return [(f"CAD{n}/{d}NOV26", "REFERENCE")]
    if k == 3:
        return [("log ", None), (f"{n} of {d}/11", "REFERENCE")]
    if k == 4:
        return [("CAD ref ", None), (f"{n}-{d}112026", "REFERENCE")]
    return [("incident ", None), (f"{n} {d}11", "REFERENCE")]


def pnc():
    y = R.randrange(85, 126) % 100
    n = R.randrange(1, 999999)
    c = pick("ABCDEFGHJKLMNPQRTUVWXYZ")
    k = R.randrange(5)
    return [f"{y:02d}/{n}{c}", f"{n}/{y:02d}{c}", f"20{R.randrange(0, 26):02d}/{n:07d}{c}", f"{y:02d}/{n} {c}", f"{y:02d}/{n}{c}".lower()][k]


def ni():
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        pre = pick(first) + pick(second)
        if pre not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = "".join(str(R.randrange(10)) for _ in range(6))
    suf = pick("ABCD")
    k = R.randrange(4)
    v = [pre + d + suf, f"{pre} {d[:2]} {d[2:4]} {d[4:]} {suf}", f"{pre}{d} {suf}", f"{pre} {d} {suf}"][k]
    return v.lower() if R.random() < 0.15 else v


def passport():
    d = "".join(str(R.randrange(10)) for _ in range(9))
    k = R.randrange(5)
    return [d, d[:3] + " " + d[3:6] + " " + d[6:], d,
            pick(["AB", "PL", "EK", "RO", "ZX", "KP"]) + d[:7], "C" + "".join(pick("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8))][k]


def licence(p, date):
    sur = re.sub(r"[^A-Z]", "", p.surname.upper())[:5].ljust(5, "9")
    y, m, d = date
    mm = m + (50 if R.random() < 0.4 else 0)
    ini = re.sub(r"[^A-Z]", "", p.given.upper())[:1] + pick(["9", pick("ABJKMRS")])
    v = f"{sur}{str(y)[2]}{mm:02d}{d:02d}{str(y)[3]}{ini}9{pick('ABCDEFGHIJKLMNPRSTUVWXYZ')}{pick('ABCDEFGHJKLMNPRSTUVWXYZ')}"
    k = R.randrange(5)
    if k == 1:
        v = v[:5] + " " + v[5:11] + " " + v[11:]
    elif k == 2:
        v = v.lower()
    return v


def handle(p):
    base = pick([re.sub(r"[^a-z]", "", p.given.lower()), re.sub(r"[^a-z]", "", p.nick.lower()),
                 re.sub(r"[^a-z]", "", p.surname.lower())[:6]])
    v = base + pick(["_", ".", "", "x", "_0"]) + pick([str(R.randrange(1, 99)), "x", "official", "ldn", "tm", "2k" + str(R.randrange(5, 12))])
    return ("@" + v) if R.random() < 0.6 else v


def tm():
    h, mi = R.randrange(0, 24), pick([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 12, 47])
    k = R.randrange(5)
    return [f"{h:02d}{mi:02d}hrs", f"{h:02d}:{mi:02d}", f"{h:02d}{mi:02d}", f"{(h % 12) or 12}.{mi:02d}{'pm' if h >= 12 else 'am'}", f"{h:02d}{mi:02d} hrs"][k]


def cash():
    v = pick([40, 60, 85, 120, 150, 200, 340, 450, 600, 1100, 1450, 2000, 3250])
    return pick([f"£{v}", f"£{v}.00", f"{v} pounds", f"£{v:,}"])


def age():
    a = R.randrange(13, 19)
    return pick([f"aged {a}", f"{a} yrs", f"{a}yo", f"{a} y/o", f"age {a}"])


def agey():
    a = R.randrange(12, 18)
    return pick([f"{a} year old", f"{a} yr old", f"{a}yr old"])


# ---------------------------------------------------------------- workplaces and schools
def composed_workplace():
    k = R.random()
    if k < 0.4:
        p = Person()
        s = pick(["s", "s", "g"])
        who = p.surname if s == "s" else p.given
        t = pick(P["ownertrades"])
        if s == "g" and R.random() < 0.6:
            return who + "'s " + pick(["Cafe", "Kitchen", "Barbers", "Garage", "Nails", "Takeaway", "Deli", "Hair"])
        return who + " " + t
    if k < 0.7:
        L = "ABCDEFGHJKLMNPRSTW"
        ini = pick([pick(L) + pick(L), pick(L) + "1", pick(L) + " & " + pick(L), pick(L) + "2" + pick(L), pick(L) + pick(L) + pick(L), str(R.randrange(1, 9)) + " Star"])
        return ini + " " + pick(P["trades"])
    return pick(P["bizwords"]) + " " + pick(P["trades"])


def composed_school():
    k = R.randrange(12)
    pl = pick(P["schoolplaces"])
    if k == 0:
        return pl + " Academy"
    if k == 1:
        return pl + " High School"
    if k == 2:
        return pl + " High"
    if k == 3:
        return "St " + pick(P["saints"]) + pick(["'s RC Primary", "'s Catholic High", "'s Catholic College", "'s C of E Primary", "'s"])
    if k == 4:
        return pl + " Primary"
    if k == 5:
        return pl + pick([" Community College", " College", " Sixth Form College"])
    if k == 6:
        return "Ysgol " + pick(["", "Gyfun ", "Gynradd ", "Uwchradd "]) + pick(P["welsh"])
    if k == 7:
        return pl + pick([" PRU", " Pupil Referral Unit", " Centre (PRU)"])
    if k == 8:
        return pl + " Grammar"
    if k == 9:
        return pl + pick([" Islamic Girls School", " Muslim Academy", " Jewish High", " Sikh School"])
    if k == 10:
        return pl + " C of E " + pick(["Academy", "Primary", "High"])
    return pl + " Academy " + pick(["Trust", "6th form"]) if R.random() < 0.3 else pl


WP_BAL = Balanced(WORKPLACES)
SC_BAL = Balanced(SCHOOLS)


KIND_WORDS = [
    ("care", "care home|nursing|lodge|laurels|rosewood|hollies|greenacres|millstream|residential|willow court|sunnyside|meadowbank|brookfield lodge|hillcrest|nursery|tots|kiddie|acorns"),
    ("taxi", "taxi|cabs|a2b|metro cars|ace cars|car 2000| cars$"),
    ("motor", "tyre|motors|autos|garage|car wash|valet|car sales|autohaus|tuning|recovery|splash|bubbles|shine"),
    ("salon", "barber|cutz|fade|blendz|kutz|nail|hair|beauty|tanning|polished|curl up"),
    ("pub", "red lion|black horse|arms|crown|wheatsheaf|hounds|partridge|llew|tafarn|tavern|bar zero|club|pulse|warehouse|oceana|venue|vibe"),
    ("trades", "scaffold|roofing|groundworks|plant hire|builders|demolition|electrical|plumbing|joinery|fabrication|skips|cleaning|windows|landscaping|gardening|removals|scrap|recycling|metals|security|door supervisors|print|packaging|mill|farm|nurseries|stables|allotments|kennels|laundry|washeteria"),
    ("transport", "couriers|parcels|logistics|distribution|haulage|freight|transport"),
    ("shop", "market|sklep|bazar|supermarket|cash and carry|meats|butcher|stores|food store|vape|phone|mobile|irepair|smokey|radio|scooters|wraps"),
    ("food", "kebab|pizza|grill|chinese|pho|hanoi|spice|balti|tandoori|restaurant|cafe|caffi|diner|kitchen|chippy|fish|codfather|pie|sweet|bakery|deli|takeaway|lounge|nights|pinks|punjab|garden|lucky star|valley|fork|luigi|gianni|scoops|coffee|bean|spoon|seafoods|foods|darbar|efes|bab al|damascus|ottoman"),
]
TRADE_KIND = {"Barbers": "salon", "Nails": "salon", "Kebabs": "food", "Pizza": "food", "Cafe": "food", "Grill": "food",
              "Fish Bar": "food", "Bakery": "food", "Takeaway": "food", "Chippy": "food", "Cars": "taxi", "Motors": "motor",
              "Hand Car Wash": "motor", "Tyres": "motor", "Valeting": "motor", "Lodge": "care", "Care Home": "care",
              "Scaffolding": "trades", "Cleaning": "trades", "Builders": "trades", "Windows": "trades", "Removals": "trades",
              "Logistics": "transport", "Couriers": "transport", "Stores": "shop"}


def kind_of(name):
    n = name.lower()
    if re.search("bakery|hut|pizza", n):
        return "food"
    for k, words in KIND_WORDS:
        if re.search(words, n):
            return k
    return "other"


WP_KIND = {w: kind_of(w) for w in WORKPLACES}


def workplace(kinds=None):
    """A local business (value, kind); kinds restricts it to businesses a clause fits."""
    for _ in range(200):
        v = WP_BAL.draw(ok=(lambda w: WP_KIND[w] in kinds) if kinds else None) if R.random() < 0.55 else composed_workplace()
        k = WP_KIND.get(v) or kind_of(v)
        if not kinds or k in kinds:
            break
    r = R.random()
    return (v.lower() if r < 0.22 else v.upper() if r < 0.34 else v), k


def school():
    v = SC_BAL.draw() if R.random() < 0.55 else composed_school()
    r = R.random()
    return v.lower() if r < 0.2 else v.upper() if r < 0.3 else v


# ---------------------------------------------------------------- templates
TOKEN = re.compile(r"\[\[(.+?)\]\]|\{([A-Za-z0-9]+)(?:\.([a-z]))?(?::([a-z ]+))?\}")
WCL_VP, WCL_ANY = Balanced(WCL["vp"]), Balanced(WCL["vp"] + WCL["free"])
SCL_AP, SCL_ANY = Balanced(SCL["ap"]), Balanced(SCL["ap"] + SCL["free"])


def after_word(out):
    """True when the text so far ends in a word or a span (a clause must then read as a verb phrase)."""
    for t, k in reversed(out):
        if k is not None and k != "MUST":
            return True
        st = t.rstrip()
        if st:
            return st[-1].isalnum() or st[-1] in ")]'"
    return False
FRAG_BAL = None


class Ctx:
    def __init__(self):
        self.people = {}
        self.wp = None
        self.wp_kind = None
        self.sch = {}
        self.date = None

    def person(self, key):
        if key not in self.people:
            self.people[key] = Person()
        return self.people[key]


def expand(tpl, ctx):
    out = []
    pos = 0
    for m in TOKEN.finditer(tpl):
        if m.start() > pos:
            out.append((tpl[pos:m.start()], None))
        pos = m.end()
        if m.group(1) is not None:
            out.append((m.group(1), "MUST"))
            continue
        out.extend(slot(m.group(2), m.group(3), ctx, after_word(out), m.group(4)))
    if pos < len(tpl):
        out.append((tpl[pos:], None))
    return out


def clause_fits(clause, ctx):
    if ctx.wp is None:
        return True
    m = re.search(r"\{W:([a-z ]+)\}", clause)
    return m is None or ctx.wp_kind in m.group(1).split()


def slot(name, form, ctx, vp=False, kinds=None):
    if name in ("A", "B", "C"):
        p = ctx.person(name)
        return [(p.form(form) if form else p.any_form(), "NAME")]
    if name == "M":
        return other_person_pieces(ctx.person("M"))
    if name == "OFF":
        return officer_pieces()
    if name == "W":
        if ctx.wp is None:
            ctx.wp, ctx.wp_kind = workplace(kinds.split() if kinds else None)
        v = ctx.wp
        r = R.random()  # a later mention may be typed in another case
        if r < 0.15:
            v = v.lower()
        return [(v, "WORKPLACE")]
    if name in ("S", "S2"):
        if name not in ctx.sch:
            ctx.sch[name] = school()
        return [(ctx.sch[name], "SCHOOL")]
    if name == "WCL":
        return expand((WCL_VP if vp else WCL_ANY).draw(ok=lambda c: clause_fits(c, ctx)), ctx)
    if name == "SCL":
        return expand((SCL_AP if vp else SCL_ANY).draw(), ctx)
    if name in ("DOB", "DOBL"):
        if ctx.date is None:
            ctx.date = rand_date(young=R.random() < 0.5)
        v = (dob_value(ctx.date), "DOB")
        if name == "DOB":
            return [v]
        lab = pick(DOB_LABELS)
        return [(lab, None), v] + ([(")", None)] if lab.startswith("(") else [])
    if name == "ADDR":
        return [(address(), "ADDRESS")]
    if name == "PC":
        return [(postcode(), "POSTCODE")]
    if name == "PH":
        return [(phone(), "PHONE")]
    if name == "EMAIL":
        return [(email(ctx.person("A")), "EMAIL")]
    if name == "VRM":
        return [(vrm(), "VEHICLE")]
    if name == "REF":
        return [(reference(), "REFERENCE")]
    if name == "CAD":
        return cad_pieces()
    if name == "PNC":
        return [(pnc(), "PNC_ID")]
    if name == "NI":
        return [(ni(), "NI_NUMBER")]
    if name == "PASS":
        return [(passport(), "PASSPORT")]
    if name == "DL":
        if ctx.date is None:
            ctx.date = rand_date(young=False)
        return [(licence(ctx.person("A"), ctx.date), "DRIVING_LICENCE")]
    if name == "SM":
        return [(handle(ctx.person("A")), "SOCIAL_MEDIA")]
    if name == "TIME":
        return [(tm(), "MUST")]
    if name == "CH":
        return [(pick(CHAINS), "MUST")]
    if name == "TOWN":
        return [(pick(P["towns"]), "MUST")]
    if name == "ST":
        v = pick(P["streets"])
        return [(v.lower() if R.random() < 0.3 else v, "MUST")]
    if name == "CASH":
        return [(cash(), "MUST")]
    if name == "DRUG":
        return [(pick(P["drugs"]), "MUST")]
    if name == "WEAP":
        return [(pick(P["weapons"]), "MUST")]
    if name == "CLOTH":
        return [(pick(P["clothing"]), "MUST")]
    if name == "IC":
        return [("IC" + str(R.randrange(1, 7)), "MUST")]
    if name == "AGE":
        return [(age(), "MUST")]
    if name == "AGEY":
        return [(agey(), "MUST")]
    raise KeyError(name)


def slot_types(tpl):
    """Rough static count of the identifier types a template carries (used to draw fragments by deficit)."""
    c = Counter()
    for m in TOKEN.finditer(tpl):
        n = m.group(2)
        if n is None:
            continue
        t = {"A": "NAME", "B": "NAME", "C": "NAME", "M": "NAME", "OFF": "OFFICER_NUMBER", "W": "WORKPLACE",
             "WCL": "WORKPLACE", "S": "SCHOOL", "S2": "SCHOOL", "SCL": "SCHOOL", "DOB": "DOB", "DOBL": "DOB",
             "ADDR": "ADDRESS", "PC": "POSTCODE", "PH": "PHONE", "EMAIL": "EMAIL", "VRM": "VEHICLE",
             "REF": "REFERENCE", "CAD": "REFERENCE", "PNC": "PNC_ID", "NI": "NI_NUMBER", "PASS": "PASSPORT",
             "DL": "DRIVING_LICENCE", "SM": "SOCIAL_MEDIA"}.get(n)
        if t:
            c[t] += 1
    return c


# ---------------------------------------------------------------- noise on literal text
KEYS = "qwertyuiopasdfghjklzxcvbnm"


def typo(word):
    if len(word) < 4 or not word.isalpha():
        return word
    i = R.randrange(1, len(word) - 1)
    k = R.randrange(4)
    if k == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if k == 1:
        return word[:i] + word[i + 1:]
    if k == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + pick(KEYS) + word[i + 1:]


def noise(pieces):
    """Light typos and dropped punctuation on literal pieces only (never inside spans or must-survive)."""
    n_typos = R.choices([0, 1, 2, 3], [45, 30, 17, 8])[0]
    lit = [i for i, (t, k) in enumerate(pieces) if k is None and re.search(r"[a-z]{4,}", t)]
    for _ in range(n_typos):
        if not lit:
            break
        i = pick(lit)
        t = pieces[i][0]
        words = list(re.finditer(r"[a-z]{4,}", t))
        if not words:
            continue
        w = pick(words)
        pieces[i] = (t[:w.start()] + typo(w.group()) + t[w.end():], None)
    if R.random() < 0.22:
        pieces[:] = [(re.sub(r"[.,](?=\s)", "", t) if k is None else t, k) for t, k in pieces]
    return pieces


def tidy(pieces):
    """Join rules that need the neighbours: possessive after a name ending in s, double spaces."""
    out = []
    for t, k in pieces:
        if out and k is None and t.startswith("'s") and out[-1][1] not in (None, "MUST") and out[-1][0].lower().endswith("s"):
            t = "'" + t[2:]
        out.append((t, k))
    return out


AUTO_MUST = re.compile(r"(?i)\b(?:s\.?\s?(?:23|1|60AA|60|139|136|43|47A?)(?:\s?(?:MDA|PACE|CJA|CJPOA|MHA|TA))?(?![\w/])"
                       r"|section (?:twenty three|one|sixty)(?: misuse of drugs act| pace)?|IC[1-6]|PWITS|POCA|NFA)\b")


def auto_must(pieces):
    """Mark statutes, sections, IC codes, PWITS/POCA/NFA written in the literal text as must-survive."""
    out = []
    for t, k in pieces:
        if k is not None:
            out.append((t, k))
            continue
        pos = 0
        for m in AUTO_MUST.finditer(t):
            if m.start() > pos:
                out.append((t[pos:m.start()], None))
            out.append((m.group(), "MUST"))
            pos = m.end()
        if pos < len(t):
            out.append((t[pos:], None))
    return out


def assemble(pieces, casing):
    text = ""
    spans, musts = [], []
    for t, k in pieces:
        if casing == "lower":
            t2 = t.lower()
        elif casing == "upper":
            t2 = t.upper()
        else:
            t2 = t
        if len(t2) != len(t):
            t2 = t
        if k is None:
            text += t2
            continue
        if not t2:
            continue
        s = len(text)
        text += t2
        if k == "MUST":
            musts.append({"start": s, "end": len(text), "value": t2})
        else:
            spans.append({"start": s, "end": len(text), "type": k, "value": t2})
    return text, spans, musts


JOIN = [", ", " ", ". ", " - ", " / ", ",", " .. "]


def build():
    global FRAG_BAL
    totals = Counter()
    g_bal, u_bal = Balanced(FR_G), Balanced(FR_U)
    frag_used = Counter()
    frag_types = [slot_types(f) for f in FRAGS]
    rows = []
    n_uof = round(N_TEXTS * UOF_SHARE)
    kinds = ["use_of_force"] * n_uof + ["grounds"] * (N_TEXTS - n_uof)
    R.shuffle(kinds)
    items = [("frame", k) for k in kinds]
    for note in NOTES:  # each hand-written note once, verbatim, at a random place
        items.insert(R.randrange(len(items) + 1), ("note", note))
    total_n = len(items)
    casing_count = Counter()
    for idx, (what, kind) in enumerate(items):
        if what == "note":
            k, body = kind.split("|", 1)
            pieces = auto_must(note_pieces(body))
            text, spans, musts = assemble(pieces, "as")
            for sp in spans:
                totals[sp["type"]] += 1
            casing_count["note"] += 1
            rows.append({"id": f"r3-{idx + 1:05d}", "kind": {"G": "grounds", "U": "use_of_force"}[k], "text": text,
                         "spans": spans, "must_survive": musts})
            continue
        ctx = Ctx()
        frame = (u_bal if kind == "use_of_force" else g_bal).draw()
        pieces = expand(frame, ctx)
        have = Counter(k for _, k in pieces)
        # extra workplace / school mentions when behind target, in varied wording
        if "WORKPLACE" not in have and totals["WORKPLACE"] < TARGET["WORKPLACE"] * (idx + 1) / total_n and R.random() < 0.6:
            pieces += [(pick(JOIN), None)] + expand(pick(["{A.g} ", "", "{A} ", "ip "]) + "{WCL}", ctx)
        if "SCHOOL" not in have and totals["SCHOOL"] < TARGET["SCHOOL"] * (idx + 1) / total_n and R.random() < 0.45:
            pieces += [(pick(JOIN), None)] + expand(pick(["{A.g} ", "", "{A.s} ", "ip "]) + "{SCL}", ctx)
        # 0-2 fragments, drawn by the deficit of each type against its target
        nf = R.choices([0, 1, 2, 3], [12, 38, 36, 14])[0]
        for _ in range(nf):
            def score(i):
                d = 0.0
                for t, c in frag_types[i].items():
                    d += c * max(0.0, TARGET[t] * (idx + 1) / total_n - totals[t]) / TARGET[t]
                return d - 0.004 * frag_used[i] + R.random() * 0.01
            have = Counter(k for _, k in pieces)
            ok = [i for i in range(len(FRAGS)) if frag_used[i] < 40 and not any(
                t in have for t in frag_types[i] if t not in ("NAME", "WORKPLACE", "SCHOOL"))]
            if not ok:
                break
            best = max(ok, key=score)
            frag_used[best] += 1
            pieces += [(pick(JOIN), None)] + expand(FRAGS[best], ctx)
        pieces = auto_must(tidy(noise(pieces)))
        r = R.random()
        casing = "lower" if r < 0.13 else "upper" if r < 0.21 else "as"
        casing_count[casing] += 1
        text, spans, musts = assemble(pieces, casing)
        assert text == text.lstrip(), text
        text = text.rstrip()
        for s in spans:
            totals[s["type"]] += 1
        rows.append({"id": f"r3-{idx + 1:05d}", "kind": kind, "text": text, "spans": spans, "must_survive": musts})
    return rows, totals, casing_count, g_bal, u_bal, frag_used


def validate(rows):
    errors = []
    for d in rows:
        t = d["text"]
        iv = []
        for s in d["spans"]:
            if s["type"] not in TARGET and s["type"] != "SCHOOL":
                errors.append((d["id"], "type", s))
        for s in d["spans"]:
            if t[s["start"]:s["end"]] != s["value"]:
                errors.append((d["id"], "value", s))
            iv.append((s["start"], s["end"]))
        for s in d["must_survive"]:
            if t[s["start"]:s["end"]] != s["value"]:
                errors.append((d["id"], "must value", s))
            iv.append((s["start"], s["end"]))
        iv.sort()
        for a, b in zip(iv, iv[1:]):
            if b[0] < a[1]:
                errors.append((d["id"], "overlap", a, b))
        for s in d["spans"] + d["must_survive"]:
            if s["value"] != s["value"].strip() or not s["value"]:
                errors.append((d["id"], "whitespace at edge", s))
    return errors


def main():
    rows, totals, casing_count, g_bal, u_bal, frag_used = build()
    errors = validate(rows)
    if errors:
        for e in errors[:20]:
            print("ERROR", e)
        raise SystemExit(1)
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        for d in rows:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    sha = hashlib.sha256(open(OUT, "rb").read()).hexdigest()
    names = [s["value"] for d in rows for s in d["spans"] if s["type"] == "NAME"]
    summary = {
        "seed": SEED,
        "texts": len(rows),
        "kinds": dict(Counter(d["kind"] for d in rows)),
        "counts": dict(sorted(totals.items())),
        "must_survive": sum(len(d["must_survive"]) for d in rows),
        "texts_with_no_identifier": sum(1 for d in rows if not d["spans"]),
        "distinct": {t: len({s["value"].lower() for d in rows for s in d["spans"] if s["type"] == t})
                     for t in ("NAME", "WORKPLACE", "SCHOOL")},
        "name_casing": dict(Counter("lower" if v == v.lower() else "upper" if v == v.upper() else "mixed" for v in names)),
        "text_casing": dict(casing_count),
        "frames": {"grounds": len(FR_G), "use_of_force": len(FR_U), "max_use_grounds": max(g_bal.used.values()),
                   "max_use_uof": max(u_bal.used.values())},
        "clauses": {"workplace_vp": len(WCL["vp"]), "workplace_free": len(WCL["free"]), "school_ap": len(SCL["ap"]),
                    "school_free": len(SCL["free"])},
        "fragments": {"count": len(FRAGS), "max_use": max(frag_used.values())},
        "notes": len(NOTES),
        "lists": {"workplaces": len(WORKPLACES), "schools": len(SCHOOLS), "chains": len(CHAINS)},
        "sha256": sha,
    }
    with open(os.path.join(HERE, "build_summary.json"), "w", encoding="utf-8", newline="\n") as fh:
        json.dump(summary, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
