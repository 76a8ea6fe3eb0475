#!/usr/bin/env python3
"""Build the realistic redaction corpus (tuning half + test half) from hand-written frames,
fragments and whole notes in this folder. Standard library only, fixed seed.

Written without reading the redactor or its own generator. Usage:
    python3 build.py            # writes ../realistic-tune.jsonl and ../realistic-test.jsonl
"""
import json
import os
import random
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import names as NAMES  # noqa: E402

SEED = 20250314
ID_TYPES = ["NAME", "OFFICER_NUMBER", "DOB", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "VEHICLE",
            "REFERENCE", "PNC_ID", "NI_NUMBER", "SCHOOL", "WORKPLACE", "SOCIAL_MEDIA", "PASSPORT",
            "DRIVING_LICENCE"]
TARGET = {t: 250 for t in ID_TYPES}
TARGET["NAME"] = 1250
TARGET["MUST"] = 500
FRAME_CAP = 12
FRAG_CAP = 40

# --------------------------------------------------------------------------- pools (hand-written)
STREETS = """Station Road|Kirkstall Road|Harehills Lane|Roundhay Road|Chapeltown Road|Burley Road|Dewsbury Road|
Soho Road|Grove Lane|Stapleton Road|Lodge Lane|Moss Lane|Oxford Road|Cheetham Hill Road|Dudley Road|Coventry Road|
Ladypool Road|Stratford Road|Green Lanes|Kingsland High Street|Mare Street|Rye Lane|Old Kent Road|Brixton Road|
Coldharbour Lane|Seven Sisters Road|High Road|Wellington Street|Manningham Lane|Leeds Road|Bradford Road|
Wakefield Road|Bolton Road|Oldham Road|Hyde Road|Wilmslow Road|Princess Road|Smithdown Road|County Road|
Scotland Road|Picton Road|Wandsworth Road|Cowley Road|Gloucester Road|Cardigan Road|Woodhouse Lane|Meanwood Road|
Beeston Road|Tong Road|Town Street|Church Lane|Mill Lane|Victoria Street|Albert Road|Queens Road|King Street|
Market Street|Northgate|Westgate|Kirkgate|Briggate|Boar Lane|Call Lane|Vicar Lane|Park Lane|Spring Bank|
Beverley Road|Holderness Road|Anlaby Road|Attercliffe Road|Staniforth Road|Fir Vale|Barnsley Road|Abbeydale Road|
London Road|Cathays Terrace|City Road|Clifton Street|Whitchurch Road|Broadway|St Pauls Road|Ashley Road|
Lozells Road|Alum Rock Road|Washwood Heath Road|Belgrave Road|Narborough Road|Hinckley Road|Alfreton Road|
Radford Road|Hyson Green|Westgate Road|Shields Road|Chillingham Road|Great Horton Road|Thornton Road|
Little Horton Lane|Halifax Road|Huddersfield Road|Wood Lane|Field Lane|Green Road|Church Street|Hill Top|
Rose Street|Bell Street|Brown Street|Black Lane|White Horse Lane|Hope Street|Faith Street""".replace("\n", "").split("|")

SUFFIX_VARIANTS = {"Road": ["Road", "Rd", "road", "rd", "RD", "ROAD"], "Street": ["Street", "St", "st", "street", "ST", "STREET"],
                   "Lane": ["Lane", "Ln", "lane", "LANE"], "Terrace": ["Terrace", "Terr", "terrace"],
                   "Avenue": ["Avenue", "Ave", "ave"], "Grove": ["Grove", "grove", "Gr"]}
ADDR_STREETS = """Elm Grove|Ash Road|Beech Avenue|Cowper Street|Hamilton Terrace|Sholebroke Avenue|Gledhow Valley Road|
Nowell Mount|Bayswater Grove|Ashley Road|Cross Flatts Grove|Stratford Street|Back Nowell Terrace|Victoria Street|
Mill Lane|Station Road|Harold Place|Brudenell Road|Royal Park Avenue|Kensington Terrace|Clarendon Road|Lumb Lane|
Oak Lane|Whetley Lane|St Margarets Road|Cecil Avenue|Heaton Road|Marlborough Road|Alexandra Road|Moss Lane East|
Claremont Road|Ladybarn Lane|Withington Road|Wilbraham Road|Upper Chorlton Road|Heald Place|Lorne Street|
Granby Street|Kelvin Grove|Beaconsfield Street|Tiverton Avenue|Lodge Lane|Fountains Road|Priory Road|Belgrave Road|
Mere Road|Evington Drive|St Saviours Road|Nottingham Road|Vernon Road|Sneinton Dale|Ladypool Road|Stoney Lane|
Church Road|Grange Road|Queens Road|Park View|Chestnut Close|Willow Crescent|Hawthorn Drive|Rowan Way|Cedar Court|
Maple Walk|Laburnum Street|Primrose Hill|Poplar Mount|Sycamore Rise|Cemetery Road|Barkerend Road|Hubert Street|
Trafalgar Road|Gerrard Street|Cavendish Road|Burngreave Road|Page Hall Road|Abbeyfield Road|Clifton Road|Splott Road|
Railway Street|Cowbridge Road East|Penarth Road|Mina Road|Seymour Road|City Road|Sheldon Road|Heathfield Road|
Coldharbour Lane|Railton Road|Stockwell Park Road|Mayville Road|Queensbridge Road|Amhurst Road|Nightingale Road|
Walthamstow Avenue|Woodgrange Road|Plashet Grove|Green Street|Katherine Road|Rosebery Avenue""".replace("\n", "").split("|")
BUILDINGS = """Harbour Court|Hobart House|Elmfield Court|Priory Tower|Clyde House|Marsh View|Lincoln Green Court|
Saxton Gardens|Ebor Gardens|Brunswick Point|Kingsmead House|Trellick Court|Nile Court|Sandringham House|
Wenlock Towers|Parkhill Flats|Arden House|Beech Court|Tudor Lodge|Victoria Mansions|Ravensworth Court""".replace("\n", "").split("|")

TOWNS = """Chapeltown|Harehills|Leeds city centre|Moss Side|Tottenham|Handsworth|Toxteth|Brixton|St Pauls|Byker|
Sparkbrook|Small Heath|Armley|Bradford city centre|Manningham|Keighley|Huddersfield|Dewsbury|Hackney|Peckham|
Croydon|Salford|Oldham|Rochdale|Cardiff Bay|Splott|Newport|Sheffield city centre|Page Hall|Burngreave|Everton|
Kensington|Walthamstow|Stratford|Southall|Hounslow|Luton|Slough|Lozells|Aston|Highfields|St Anns|Radford|
Hyson Green|Easton|Lawrence Hill|Hull city centre|Middlesbrough|Grangetown|Wakefield|Halifax|Barnsley|Batley|
Headingley|Beeston|Holbeck|Seacroft|Gipton|Hyde Park|the Arndale|Cheetham Hill|Longsight|Levenshulme""".replace("\n", "").split("|")

BRANDS = ["McDonald's", "Sainsbury's", "Nando's", "Morrison's", "Levi's", "Domino's", "Macy's", "Greggs", "Tesco Express",
          "Sainsburys Local", "McDonalds", "Wetherspoons", "Lidl", "JD Sports", "Dunelm", "Poundland", "Claire's"]

SCHOOLS = """Our Lady of Lourdes|Bradford Academy|Parkside High|Leeds City College|St Mary's Catholic High|Carr Manor Community School|
Allerton Grange|Roundhay School|Co-op Academy Leeds|Lawnswood School|Corpus Christi Catholic College|Dixons Trinity Academy|
Laisterdyke Leadership Academy|Belle Vue Boys|Tong Leadership Academy|Oasis Academy Oldham|Manchester Academy|
Trinity CofE High|Whalley Range 11-18|Loreto College|Xaverian College|Cardinal Newman|North Liverpool Academy|
Archbishop Beck|The Blue Coat School|King Edward VI Aston|Holte School|Washwood Heath Academy|Bordesley Green Girls|
Park View School|Hamstead Hall|Saint John Wall|Lozells Community School|Hackney New School|Mossbourne Community Academy|
Haggerston School|Stoke Newington School|Harris Academy Tottenham|Northumberland Park Community School|Gladesmore|
Ark Evelyn Grace|Lilian Baylis|St Martin in the Fields High|Fitzalan High|Cathays High|Willows High School|
Cardiff and Vale College|Bristol Brunel Academy|City Academy Bristol|Cotham School|Sheffield Park Academy|
Fir Vale School|Firth Park Academy|Sheffield College|Hull College|Kelvin Hall School|Trinity Academy Halifax|
Batley Grammar|Upper Batley High|Westborough High|Moor End Academy|Rodillian Academy|Cockburn School|
Ruth Gorse Academy|Leeds West Academy|Notre Dame Catholic Sixth Form|Leeds Trinity University|St Aidan's CE High|
Ysgol Gyfun Gwynllyw|Bishop Challoner Catholic College|St Bonaventure's|Kelmscott School|Walthamstow Academy|
Leicester College|Moat Community College|Rushey Mead Academy|Nottingham Academy|Djanogly City Academy|
Bilborough College|Bradford College|Keighley College|Kirklees College|Calderdale College|Shipley College""".replace("\n", "").split("|")

WORKPLACES = """Moorfield Autos|Kaz Car Wash|Bismillah Foods|J&R Scaffolding Ltd|Al-Noor Butchers|Sunrise Nails|Bella Pizza|
Tony's Tyres|Harehills Halal Meat|Crown Fried Chicken|Star Kebabs|Sahara Shisha Lounge|Golden Gate Chippy|K & S Motors|
Patel's Pharmacy|Lucky Star Chinese|Rafi's Spicebox|Peri Peri Hut|Eastside Barbers|Fadez Barber Studio|Kurdistan Market|
Polski Sklep Orzel|Mama Africa Foods|Tropical Foods Leeds|Caribbean Flavours|Jerk Pit|Dragon Palace|Pho Saigon|
Ozzy's Cafe|Anatolia Grill|Beirut Express|Damascus Bakery|Shabab Restaurant|Aziz Cash and Carry|Kay's Fabrics|
Northside Plumbing|AJ Roofing|Bestway Windows|Clean Cut Landscaping|Speedy Plates|Marsden's Scrap|Riverside Garage|
City Hand Car Wash|Elite Doors Security|Pulse Nightclub|The Fenton|The Brudenell|Mojo Bar|Prohibition Bar|
Kings Arms|The Black Horse|The Rose and Crown|Bar Soba|


Hassan Mini Market|Noor Textiles|Ravi's Off Licence|Gill Brothers Builders|Sandhu Transport|Hussain Accountants|
Okafor & Co Solicitors|Mensah Cleaning Services|Bojangles Bakery|Krakow Deli|Vilnius Food Store|Tirana Barbers|
Diyarbakir Kebab|Erbil Cafe|Hanoi Nails|Wing Wah Supermarket|Happy Valley Takeaway|Sweet Treats Dessert Parlour""".replace("\n", "").split("|")

NICE_EMAIL_DOMAINS = ["gmail.com", "hotmail.co.uk", "hotmail.com", "yahoo.co.uk", "yahoo.com", "outlook.com", "icloud.com",
                      "live.co.uk", "btinternet.com", "aol.com", "protonmail.com", "googlemail.com"]
POSTCODE_AREAS = ["LS", "BD", "HX", "HD", "WF", "B", "M", "L", "E", "N", "SE", "SW", "NW", "W", "S", "NG", "LE", "CF", "NP",
                  "BS", "HU", "NE", "SR", "TS", "OL", "BL", "SK", "WA", "CV", "WV", "WS", "DY", "LU", "SL", "UB", "TW", "IG",
                  "RM", "CR", "BR", "EN", "HA", "G", "EH", "BT", "LL", "SA", "PE", "LN", "DN", "YO", "PR", "BB", "FY"]
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
MET_SUFFIX = ["AB", "CE", "CW", "EA", "GD", "HT", "KD", "MD", "NA", "NW", "SE", "SN", "TX", "WA", "WX", "YE", "KF", "CN"]

TIMES = lambda r: r.choice([
    "{h:02d}{m:02d}hrs", "{h:02d}{m:02d} hrs", "{h:02d}:{m:02d}", "approx {h:02d}{m:02d}", "{h:02d}{m:02d}",
    "{h12}.{m:02d}{ap}", "{h:02d}.{m:02d}", "approx {h:02d}00hrs", "around {h12}{ap}", "{h:02d}{m:02d}HRS", "approx. {h:02d}:{m:02d}"])
AGE_FORMS = ["aged {a}", "{a}yrs", "approx {a}yo", "{a} yrs old", "age {a}", "{a}yo", "aged approx {a}", "{a} years old",
             "approx {a}", "est {a}", "{a}y/o"]
MONEY = ["£20", "£1,250.00", "20 quid", "£340", "£5k", "£2,000", "£50", "£10", "£600 in cash", "£85.50", "£1,400",
         "£3,200", "£15", "40 quid", "£120", "£900", "£7,450", "£260 in £20s", "£30", "£4.50", "a grand"]
DRUGS = ["2 wraps of white powder", "1 bag of green herbal substance", "3 snap bags of cannabis", "8 wraps of brown",
         "small quantity of cannabis", "10 blue tablets", "a lump of brown resin", "nos canisters", "1 wrap crack cocaine",
         "approx 5g cannabis", "a deal bag of weed", "14 wraps of crack", "a bag of white powder", "2 x ecstasy tablets",
         "cannabis edibles", "a half ounce of skunk", "3 grams herbal cannabis", "ket in a snap bag", "6 diazepam",
         "a THC vape", "cling film wraps", "a spliff", "2 bags of skunk", "white powder believed cocaine", "spice"]
WEAPONS = ["lock knife", "kitchen knife", "zombie knife", "machete", "knuckle duster", "Stanley knife", "screwdriver",
           "baseball bat", "flick knife", "pen knife", "lock-knife with 3 inch blade", "hammer", "meat cleaver",
           "kubotan", "extendable baton", "samurai sword", "butterfly knife", "sharpened screwdriver", "hunting knife",
           "box cutter", "broken bottle", "golf club", "axe", "pocket knife", "CS spray canister"]
CLOTHES = ["black north face jacket", "grey nike tech", "black puffer jacket", "blue adidas trackies", "white air force 1s",
           "black canada goose", "Levi's jeans", "black balaclava", "black trapstar jacket", "red corteiz hoodie",
           "camo cargos", "grey hoodie", "black hoodie hood up", "navy tracksuit", "green stone island jacket",
           "black ski mask", "brown moncler coat", "white nike tech", "black gilet", "blue jeans and white trainers",
           "black cap", "school blazer", "hi vis vest", "grey joggers", "black leather jacket", "burgundy puffer"]
SDE = ["Black British", "White British", "Asian - Pakistani", "Mixed White and Black Caribbean", "Any other white background",
       "Black African", "Gypsy or Irish Traveller", "Asian - Bangladeshi", "Black Caribbean", "Chinese", "Arab",
       "Asian - Indian", "Any other ethnic group", "White Irish", "Roma", "not stated"]
ICS = ["IC1", "IC2", "IC3", "IC4", "IC5", "IC6", "ic1", "ic3", "ic4", "IC3", "IC1", "IC3", "IC 3", "Ic1"]

# statute / section mentions in literal text are must-survive too (marked automatically)
STATUTE_RE = re.compile(
    r"(?<![A-Za-z0-9])(?:(?:[sS]\.?\d{1,3}|[sS]ec(?:tion)?\.? ?\d{1,3})[A-Za-z]{0,2}(?:\(\d+\))?(?: (?:MDA|PACE|CJPOA|CJA|FA|POA|PSA|MHA|"
    r"mda|pace|cjpoa|cja|poa|mha|psa|Pace|Mda|firearms act|Firearms Act|FA 1968|RTA))?|(?:MDA|PACE|CJPOA|CJA|PSA|MHA)|"
    r"IC ?[1-6]|ic[1-6]|Ic[1-6]|w/m)(?![A-Za-z0-9])")


# --------------------------------------------------------------------------- helpers
def split_half(items, rng):
    items = sorted(set(items))
    rng.shuffle(items)
    return items[0::2], items[1::2]


def parse_list(s):
    return [x.strip() for x in (s.split(",") if "," in s else s.split()) if x.strip()]


class Half:
    def __init__(self, name, rng):
        self.name = name
        self.rng = rng
        self.origins = {}
        self.word_names = []
        self.double = []
        self.nicknames = []
        self.schools = []
        self.workplaces = []
        self.frames_g = []
        self.frames_u = []
        self.fragments = []
        self.notes = []


def load_lines(fn):
    out = []
    for line in open(os.path.join(HERE, fn), encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        out.append(line)
    return out


# --------------------------------------------------------------------------- value generators
class Gen:
    def __init__(self, half, rng):
        self.h = half
        self.r = rng

    # ---- names
    def person(self):
        r = self.r
        x = r.random()
        if x < 0.07:
            full = r.choice(self.h.word_names)
            g, s = full.split(" ", 1)
            return {"g": g, "s": s}
        origin = r.choice(sorted(self.h.origins))
        gs, ss = self.h.origins[origin]
        g = r.choice(gs)
        if x < 0.11:
            s = r.choice(self.h.double)
        elif x < 0.17:
            o2 = r.choice(sorted(self.h.origins))
            s = r.choice(self.h.origins[o2][1])
        else:
            s = r.choice(ss)
        return {"g": g, "s": s}

    def case(self, text, style):
        if style == "lower":
            return text.lower()
        if style == "upper":
            return text.upper()
        if style == "mcupper" and re.match(r"^(Mc|Mac)", text):
            m = re.match(r"^(Mc|Mac)", text)
            return m.group(1) + text[m.end():].upper()
        if style == "mcupper":
            return text.upper()
        return text

    def name_form(self, p, form=None):
        r = self.r
        if form is None:
            form = r.choices(["f", "s", "g", "i", "sf"], [50, 16, 14, 12, 8])[0]
        style = r.choices(["lower", "scaps", "title", "upper"], [40, 25, 22, 13])[0]
        g, s = p["g"], p["s"]
        sc = self.case(s, r.choice(["upper", "upper", "mcupper"])) if style == "scaps" else None
        def cs(t):
            return self.case(t, "lower" if style == "lower" else "upper" if style == "upper" else "title")
        if form == "f":
            return cs(g) + " " + (sc or cs(s))
        if form == "s":
            if style in ("scaps",):
                return sc
            return cs(s)
        if form == "g":
            return cs(g)
        if form == "i":
            init = g[0]
            sep = r.choice([". ", " ", ".", ". "])
            init = init.lower() if style == "lower" else init.upper()
            return init + sep + (sc or cs(s))
        if form == "sf":  # SURNAME Given (as some systems list)
            return (sc or cs(s).upper() if style != "lower" else cs(s)) + r.choice([" ", ", "]) + cs(g)
        raise ValueError(form)

    def nickname(self):
        k = self.r.choice(self.h.nicknames)
        return self.r.choice([k, k, k.lower(), k.upper()])

    def officer_surname(self):
        p = self.person()
        s = p["s"]
        return self.r.choice([s.upper(), s.upper(), s, s.lower()])

    def officer_number(self):
        r = self.r
        x = r.random()
        if x < 0.55:
            n = str(r.randint(1000, 9999))
        elif x < 0.7:
            n = "%04d" % r.randint(1, 999)
        elif x < 0.82:
            n = str(r.randint(100, 999))
        elif x < 0.9:
            n = str(r.randint(10000, 99999))
        else:
            n = str(r.randint(1, 999)) + r.choice(MET_SUFFIX)
        return n

    def officer(self):
        """segments for an officer mention"""
        r = self.r
        rank = r.choice(["PC", "PC", "pc", "Pc", "P.C.", "PS", "ps", "Sgt", "sgt", "A/PS", "a/ps", "TDC", "DC", "dc", "TPC",
                         "PCSO", "pcso", "DS", "SPC", "Insp", "officer", "PC", "PC"])
        num = self.officer_number()
        f = r.choices(["glued", "sp", "nameN", "Nname", "name(N)", "N/name", "Nonly2"], [18, 30, 16, 14, 8, 6, 8])[0]
        if f == "glued" and rank not in ("officer", "Insp"):
            return [(rank, None), (num, "OFFICER_NUMBER")]
        if f in ("sp", "glued", "Nonly2"):
            return [(rank + " ", None), (num, "OFFICER_NUMBER")]
        nm = self.officer_surname()
        if f == "nameN":
            return [(rank + " ", None), (nm, "NAME"), (" ", None), (num, "OFFICER_NUMBER")]
        if f == "Nname":
            return [(rank + " ", None), (num, "OFFICER_NUMBER"), (" ", None), (nm, "NAME")]
        if f == "name(N)":
            return [(rank + " ", None), (nm, "NAME"), (" (", None), (num, "OFFICER_NUMBER"), (")", None)]
        return [(rank + " ", None), (num, "OFFICER_NUMBER"), (" / ", None), (nm, "NAME")]

    # ---- dates
    MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]

    def ordinal(self, d):
        return str(d) + ("th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th"))

    def date_str(self, y, m, d):
        r = self.r
        mon = self.MONTHS[m - 1]
        f = r.choices(range(15), [18, 8, 8, 9, 5, 6, 5, 5, 6, 5, 4, 4, 3, 3, 4])[0]
        return [
            f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y % 100:02d}", f"{d:02d}/{m:02d}/{y % 100:02d}", f"{d:02d}{m:02d}{y % 100:02d}",
            f"{d:02d}{m:02d}{y}", f"{d:02d}.{m:02d}.{y % 100:02d}", f"{d}.{m}.{y}", f"{d:02d}-{m:02d}-{y}",
            f"{self.ordinal(d)} {mon} {y}", f"{d} {mon[:3]} {y % 100:02d}", f"{d:02d}{mon[:3].upper()}{y}",
            f"{d}-{mon[:3]}-{y}", f"{y}-{m:02d}-{d:02d}", f"{self.ordinal(d)} of {mon.lower()} {y}", f"{d} {mon.lower()} {y}",
        ][f]

    def dob_date(self):
        r = self.r
        y = r.choices([r.randint(1958, 1989), r.randint(1990, 2002), r.randint(2003, 2011)], [15, 40, 45])[0]
        m = r.randint(1, 12)
        d = r.randint(1, 28 if m == 2 else 30)
        return y, m, d

    def dob(self):
        y, m, d = self.dob_date()
        return self.date_str(y, m, d)

    def dob_labelled(self):
        r = self.r
        v = self.dob()
        lab = r.choice(["DOB ", "dob ", "DOB: ", "d.o.b ", "d.o.b. ", "D.O.B. ", "born ", "b. ", "DoB-", "dob-", "(", "",
                        "DOB ", "d.o.b ", "aged"])
        if lab == "(":
            return [("(", None), (v, "DOB"), (")", None)]
        if lab == "":
            return [(v, "DOB")]
        if lab == "aged":
            a = str(r.randint(12, 40))
            return [("aged " + a, "MUST"), (" (", None), (v, "DOB"), (")", None)]
        return [(lab, None), (v, "DOB")]

    def search_date(self):
        r = self.r
        y = r.choice([2023, 2024, 2025])
        m = r.randint(1, 12)
        d = r.randint(1, 28)
        return r.choice([f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y % 100}", f"{d:02d}.{m:02d}.{y % 100}",
                         f"{self.ordinal(d)} {self.MONTHS[m - 1]}", f"{d} {self.MONTHS[m - 1][:3]}", f"{d:02d}/{m:02d}/{y % 100}"])

    # ---- places
    def street(self):
        return self.r.choice(STREETS)

    def variant_street(self, s):
        r = self.r
        parts = s.rsplit(" ", 1)
        if len(parts) == 2 and parts[1] in SUFFIX_VARIANTS and r.random() < 0.5:
            s = parts[0] + " " + r.choice(SUFFIX_VARIANTS[parts[1]])
        st = r.choices(["title", "lower", "upper"], [55, 30, 15])[0]
        return s.lower() if st == "lower" else s.upper() if st == "upper" else s

    def address(self):
        r = self.r
        st = self.variant_street(r.choice(ADDR_STREETS))
        n = r.randint(1, 240)
        f = r.choices(range(9), [34, 10, 10, 8, 8, 8, 7, 6, 9])[0]
        if f == 0:
            return f"{n} {st}"
        if f == 1:
            return f"{n}{r.choice('abAB')} {st}"
        if f == 2:
            return f"{r.choice(['no', 'No', 'no.', 'No.', 'number'])} {n} {st}"
        if f == 3:
            return f"{r.choice(['flat', 'Flat', 'FLAT', 'flt'])} {r.randint(1, 30)}, {n}{r.choice(['', 'a', 'b'])} {st}"
        if f == 4:
            return f"{n}-{n + 2} {st}"
        if f == 5:
            b = r.choice(BUILDINGS)
            b = b if r.random() < 0.6 else b.lower() if r.random() < 0.5 else b.upper()
            return f"{r.choice(['Flat', 'flat', 'apt', 'Apartment'])} {r.randint(1, 120)} {b}"
        if f == 6:
            return f"{r.choice(['Flat', 'flat'])} {r.randint(1, 9)}{r.choice('ABCD')} {n} {st}"
        if f == 7:
            return f"{n} {r.choice(BUILDINGS)}, {st}"
        return f"{n} {st}"

    def postcode(self):
        r = self.r
        a = r.choice(POSTCODE_AREAS)
        d = str(r.randint(1, 29 if len(a) == 1 else 20))
        if a in ("E", "W", "N", "SW", "EC", "WC") and r.random() < 0.12:
            d = str(r.randint(1, 9)) + r.choice("ABCDEFGHJKW")
        inward = str(r.randint(0, 9)) + r.choice(INWARD_LETTERS) + r.choice(INWARD_LETTERS)
        f = r.choices(range(5), [55, 20, 12, 8, 5])[0]
        pc = [f"{a}{d} {inward}", f"{a}{d} {inward}".lower(), f"{a}{d}{inward}", f"{a}{d}{inward}".lower(),
              f"{a}{d}  {inward}"][f]
        return pc

    # ---- contact
    def phone(self):
        r = self.r
        if r.random() < 0.78:
            d = "7" + str(r.randint(4, 9)) + "".join(str(r.randint(0, 9)) for _ in range(8))
            a, b = "0" + d[:4], d[4:]
            f = r.choices(range(10), [30, 18, 8, 8, 6, 10, 6, 5, 5, 4])[0]
            return [f"{a} {b}", f"{a}{b}", f"{a}-{b[:3]}-{b[3:]}", f"{a}.{b[:3]}.{b[3:]}", f"0{d[:2]} {d[2:6]} {d[6:]}",
                    f"+44 {d[:4]} {b}", f"+44{d}", f"0044 {d[:4]} {b}", f"({a}) {b}", f"+44 (0){d[:4]} {b}"][f]
        code, rest = r.choice([("0113", 7), ("0121", 7), ("020", 8), ("0161", 7), ("01274", 6), ("0114", 7), ("0151", 7),
                               ("029", 8), ("0117", 7), ("01484", 6), ("01924", 6), ("0116", 7), ("0115", 7)])
        digits = "".join(str(r.randint(0, 9)) for _ in range(rest))
        digits = str(r.randint(2, 9)) + digits[1:]
        if rest == 8:
            return r.choice([f"{code} {digits[:4]} {digits[4:]}", f"{code}{digits}", f"({code}) {digits[:4]} {digits[4:]}"])
        if rest == 7:
            return r.choice([f"{code} {digits[:3]} {digits[3:]}", f"{code} {digits}", f"{code}{digits}", f"({code}) {digits}"])
        return r.choice([f"{code} {digits}", f"{code}{digits}", f"{code}-{digits}"])

    def email(self, p=None):
        r = self.r
        p = p or self.person()
        g = re.sub(r"[^a-z]", "", p["g"].lower().replace("ó", "o").replace("í", "i").replace("á", "a").replace("ś", "s")
                   .replace("ł", "l").replace("ú", "u").replace("é", "e"))
        s = re.sub(r"[^a-z]", "", p["s"].lower().replace("ó", "o").replace("í", "i").replace("á", "a").replace("ś", "s")
                   .replace("ł", "l").replace("ú", "u").replace("é", "e"))
        yy = str(r.randint(85, 99) if r.random() < 0.4 else r.randint(0, 12)).zfill(2)
        local = r.choice([f"{g}.{s}", f"{g}{s}{yy}", f"{g}_{s}", f"{g[:1]}{s}{r.randint(1, 999)}", f"{s}.{g}{yy}",
                          f"{g}{yy}", f"x{g}x{yy}", f"{g}.{s}{r.randint(1, 99)}", f"{self.nickname().lower().replace(' ', '')}{yy}"])
        e = local + "@" + r.choice(NICE_EMAIL_DOMAINS)
        return e.upper() if r.random() < 0.08 else e

    def social(self):
        r = self.r
        base = r.choice([self.nickname().lower().replace(" ", r.choice(["", "_", "."])),
                         re.sub(r"[^a-z]", "", self.person()["g"].lower())])
        h = r.choice([base + str(r.randint(1, 99)), base + "_" + str(r.randint(0, 9)) + r.choice(["x", "", "z"]),
                      "lil." + base, "yung" + base, base + "." + r.choice(["official", "ldn", "_0", "0113", "bk"]),
                      base.replace("a", "4").replace("e", "3") + "x", "its." + base, base + base[-1] * 2])
        return ("@" + h) if r.random() < 0.45 else h

    def nino(self):
        r = self.r
        first = "ABCEGHJKLMNOPRSTWXYZ"
        second = "ABCEGHJKLMNPRSTWXYZ"
        while True:
            p = r.choice(first) + r.choice(second)
            if p not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
                break
        if r.random() < 0.05:
            p = "QQ"
        d = "".join(str(r.randint(0, 9)) for _ in range(6))
        s = r.choice("ABCD")
        v = r.choices([f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}", f"{p}{d}{s}", f"{p} {d} {s}", f"{p}{d}{s}".lower(),
                       f"{p} {d[:2]} {d[2:4]} {d[4:]} {s}".lower(), f"{p}{d} {s}"], [30, 30, 12, 12, 8, 8])[0]
        return v

    def passport(self):
        r = self.r
        x = r.random()
        if x < 0.7:
            n = str(r.randint(100000000, 999999999))
            return r.choice([n, n, n, n[:3] + " " + n[3:6] + " " + n[6:], n[:4] + " " + n[4:]])
        if x < 0.8:  # Polish / Romanian style 2 letters + 7 digits
            return r.choice(["E", "A", "B", "F"]) + r.choice("ABKRS") + str(r.randint(1000000, 9999999))
        if x < 0.88:  # 8-digit (Lithuanian style)
            return str(r.randint(10000000, 99999999))
        if x < 0.95:
            return r.choice("CFGHJK") + "".join(r.choice("0123456789CFGHJKLMNPRTVWXYZ") for _ in range(8))
        return r.choice(["P", "N"]) + str(r.randint(10000000, 99999999))

    def driving_licence(self, p=None):
        r = self.r
        p = p or self.person()
        sname = re.sub(r"^(MAC|MC)", "MC", re.sub(r"[^A-Z]", "", p["s"].upper().replace("Ó", "O").replace("Í", "I")
                                                   .replace("Á", "A").replace("Ú", "U").replace("Ś", "S").replace("Ł", "L")))
        sname = (sname + "99999")[:5]
        y, m, d = self.dob_date()
        if r.random() < 0.5:
            m += 50
        ginit = re.sub(r"[^A-Z]", "", p["g"].upper())[:1] or "9"
        mid = r.choice("ABCDEFGHJKLMNPRSTW9") if r.random() < 0.5 else "9"
        core = f"{sname}{str(y)[2]}{m:02d}{d:02d}{str(y)[3]}{ginit}{mid}9{r.choice('ABCDEFGHIJKLMNPRSTUVWXYZ')}{r.choice('ABCDEFGHIJKLMNPRSTUVWXYZ')}"
        f = r.choices(range(4), [60, 20, 12, 8])[0]
        if f == 0:
            return core
        if f == 1:
            return core[:5] + " " + core[5:11] + " " + core[11:]
        if f == 2:
            return core.lower()
        return core[:5] + " " + core[5:11] + " " + core[11:13] + " " + core[13:]

    def vrm(self):
        r = self.r
        L = "ABCDEFGHJKLMNOPRSTUVWXY"
        x = r.random()
        if x < 0.7:
            a = r.choice("ABCDEFGHKLMNOPRSVWY") + r.choice("ABCDEFGHJKLMNOPRSTUVWXY")
            age = r.choice(["%02d" % r.randint(2, 24), str(r.randint(51, 74))])
            tail = "".join(r.choice("ABCDEFGHJKLMNOPRSTUVWXYZ") for _ in range(3))
            f = r.choices(range(4), [55, 20, 15, 10])[0]
            return [f"{a}{age} {tail}", f"{a}{age}{tail}", f"{a}{age}{tail}".lower(), f"{a}{age} {tail}".lower()][f]
        if x < 0.9:
            p = r.choice("ABCDEFGHJKLMNPRSTVWXY")
            n = str(r.randint(1, 999))
            tail = "".join(r.choice(L) for _ in range(3))
            return r.choice([f"{p}{n} {tail}", f"{p} {n} {tail}", f"{p}{n}{tail}", f"{p}{n} {tail}".lower()])
        tail = "".join(r.choice(L) for _ in range(3))
        return r.choice([f"{tail} {r.randint(1, 999)}{r.choice('ABCDEFGHJKLMNPRSTVWXY')}", f"{tail}{r.randint(1, 999)}{r.choice('ABCDEFGHJ')}"])

    # ---- references: return segments, label outside span unless glued
    def _lab(self, before, labels, value, glued=None):
        r = self.r
        before_l = before.lower().rstrip()
        if any(before_l.endswith(l.strip().lower()) for l in labels + ["ref", "ref:", "no", "no.", "number"]):
            return [(value, "REFERENCE")]
        if glued and r.random() < 0.3:
            return [(glued, "REFERENCE")]
        if r.random() < 0.55:
            return [(r.choice(labels), None), (value, "REFERENCE")]
        return [(value, "REFERENCE")]

    def _d(self):
        r = self.r
        return r.randint(1, 28), r.randint(1, 12), r.choice([23, 24, 25])

    def cad(self, before):
        r = self.r
        n = r.randint(1, 9999)
        d, m, y = self._d()
        mon = self.MONTHS[m - 1][:3].upper()
        v = r.choice([f"{n} {d:02d}/{m:02d}/{y}", f"{n:04d}/{d:02d}{mon}{y}", f"{n}/{d:02d}/{m:02d}/{y}", f"{n:04d} {d:02d}{m:02d}{y}",
                      f"{n:05d}", f"{y}{m:02d}{d:02d}-{n:04d}", f"{n:04d}-{d:02d}{m:02d}"])
        return self._lab(before, ["CAD ", "cad ", "CAD no ", "cad ref ", "CAD: "], v, glued=f"CAD{n:04d}/{d:02d}{mon}{y}")

    def crime(self, before):
        r = self.r
        d, m, y = self._d()
        v = r.choice([f"{r.randint(10, 99)}/{r.randint(10000, 999999)}/{y}", f"CR/{r.randint(0, 999999):06d}/{y}",
                      f"{r.randint(1000000, 9999999)}/{y}", f"CRI{r.randint(1000000, 99999999):08d}",
                      f"{r.choice(['LC', 'WY', 'GM', 'MP', 'WM'])}-20{y}{m:02d}{d:02d}-{r.randint(1, 9999):04d}",
                      f"{r.choice(['13', '11', '01', '06', '20'])}{r.choice(['LD', 'BD', 'CL', 'KD', 'WF'])}/{r.randint(10000, 99999)}/{y}"])
        return self._lab(before, ["crime ref ", "crime no ", "cr no ", "crime number ", "CRN "], v)

    def custody(self, before):
        r = self.r
        y = r.choice([23, 24, 25])
        v = r.choice([f"{r.choice(['WY', 'LD', 'BD', 'MC', 'HT', 'GM', 'MR', 'BW', 'EL'])}/{r.randint(100, 99999):05d}/{y}",
                      f"{r.choice(['01', '06', '13'])}{r.choice(['YE', 'LD', 'CK'])}/{r.randint(10000, 99999)}/{y}",
                      f"CU {r.randint(1000, 9999)}/{y}", f"{r.choice(['JDC', 'ERC', 'TSC'])}-{r.randint(1000, 99999)}-{y}"])
        return self._lab(before, ["custody ref ", "custody no ", "cust ref ", "custody number "], v)

    def cris(self, before):
        r = self.r
        v = f"{r.randint(1000000, 9999999)}/{r.choice([23, 24, 25])}"
        return self._lab(before, ["CRIS ", "cris "], v, glued=None)

    def occ(self, before):
        r = self.r
        d, m, y = self._d()
        v = r.choice([f"{y}{m:02d}{d:02d}-{r.randint(1, 9999):04d}", f"OCC-{y}-{r.randint(0, 999999999):09d}",
                      f"{r.randint(1000000, 9999999)}/{y}", f"PR/{y}/{r.randint(100000, 9999999)}",
                      f"NCC/{y}{m:02d}{d:02d}/{r.randint(1, 999):03d}", f"{r.choice(['MISPER', 'MFH'])}/{y}/{r.randint(1, 99999):06d}",
                      f"{r.randint(10, 99)}{r.randint(100000, 999999)}{y}"])
        return self._lab(before, ["occ no ", "occurrence ", "occ ", "incident no ", "log "], v)

    def sref(self, before):
        r = self.r
        y = r.choice([2023, 2024, 2025])
        v = r.choice([f"SS/{y}/{r.randint(1, 99999):06d}", f"SS-{y % 100}-{r.randint(1, 9999)}", f"S&S/{y % 100}/{r.randint(1, 99999):05d}",
                      f"SSR{y}/{r.randint(1, 9999):04d}", f"{r.randint(10000000, 99999999)}", f"E-SS-{r.randint(100000, 999999)}"])
        return self._lab(before, ["search ref ", "receipt no ", "record no ", "ref "], v)

    def bwv(self, before):
        r = self.r
        d, m, y = self._d()
        col = self.officer_number()
        v = r.choice([f"20{y}-{m:02d}-{d:02d}-PC{col}-{r.randint(1, 9):02d}", f"BWV-{r.choice(['MC', 'LD', 'WY'])}-{y}{m:02d}{d:02d}-{col}-{r.randint(1, 9):02d}",
                      f"AXON-X{r.randint(1000000, 99999999)}", f"{col}_{d:02d}{m:02d}20{y}_{r.randint(1000, 2359)}",
                      f"DEMS{r.randint(100000, 999999)}", f"{r.randint(100000, 999999)}/{y}"])
        return self._lab(before, ["bwv ref ", "BWV ", "footage ref ", "bwv "], v)

    def s60(self, before):
        r = self.r
        y = r.choice([2023, 2024, 2025])
        v = r.choice([f"S60/{r.choice(['WY', 'MPS', 'GMP', 'WMP', 'MER'])}/{y}/{r.randint(1, 120):03d}", f"MPS-S60-{y % 100}-{r.randint(1, 999):04d}",
                      f"{y}/S60/{r.randint(1, 60)}", f"S60AA-{y % 100}-{r.randint(1, 99):03d}"])
        return self._lab(before, ["auth ref ", "ref ", "authority "], v)

    def urn(self, before):
        r = self.r
        v = f"{r.randint(1, 99):02d}{r.choice(['AB', 'LD', 'YE', 'MP', 'BW'])}{r.randint(1000000, 9999999)}{r.choice([23, 24, 25])}"
        return self._lab(before, ["URN ", "urn "], v)

    def intel(self, before):
        r = self.r
        y = r.choice([23, 24, 25])
        v = r.choice([f"IR/{r.randint(1, 9999999):07d}/{y}", f"INT/{r.randint(100, 99999)}/{y}", f"SIR-20{y}-{r.randint(1, 999999):06d}",
                      f"{r.randint(1000000, 9999999)}", f"IL{y}/{r.randint(1000, 99999)}"])
        return self._lab(before, ["intel ref ", "log ", "IR "], v)

    def pnc(self):
        r = self.r
        yy = r.randint(0, 99)
        n = r.randint(1, 999999)
        c = r.choice("ABCDEFGHJKLMNPQRTUVWXYZ")
        return r.choices([f"{yy:02d}/{n:06d}{c}", f"{n:06d}/{yy:02d}{c}", f"{r.choice([19, 20])}{yy:02d}/{n:07d}{c}",
                          f"{yy:02d}/{n:06d} {c}", f"{yy:02d}/{n:06d}{c}".lower(), f"{yy:02d}/{n}{c}"], [40, 15, 15, 10, 10, 10])[0]

    def pnc_labelled(self):
        r = self.r
        lab = r.choice(["", "ID ", "id ", "id: ", "/ ", "no ", "ID: "])
        return ([(lab, None)] if lab else []) + [(self.pnc(), "PNC_ID")]

    def age(self):
        r = self.r
        return r.choice(AGE_FORMS).format(a=r.choice([14, 15, 16, 16, 17, 17, 18, 19, 20, 21, 22, 24, 25, 28, 30, 35, 40]))

    def time(self):
        r = self.r
        h, m = r.randint(0, 23), r.choice([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 12, 47])
        h12 = (h % 12) or 12
        return TIMES(r).format(h=h, m=m, h12=h12, ap="pm" if h >= 12 else "am")


# --------------------------------------------------------------------------- frame filling
SLOT_RE = re.compile(r"\{([A-Z]+[0-9]*)(?:\.([a-z]+))?\}|\[\[(.+?)\]\]|<<([A-Z_]+)\|(.+?)>>")


def typo(word, r):
    if len(word) < 4 or not word.isalpha():
        return word
    i = r.randint(1, len(word) - 2)
    k = r.random()
    if k < 0.4:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if k < 0.7:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


PROTECT = {"PACE", "pace", "MDA", "mda", "CJPOA", "CJA", "NFA", "nfa", "IP", "ip", "BWV", "bwv", "CAD", "PNC", "pnc", "ANPR"}


def mangle_literal(text, r, rate):
    def rep(m):
        w = m.group(0)
        if w in PROTECT or r.random() >= rate:
            return w
        return typo(w, r)
    return re.sub(r"[A-Za-z]+", rep, text)


class Builder:
    def __init__(self, half, rng):
        self.h = half
        self.r = rng
        self.g = Gen(half, rng)

    def fill(self, template, people, typo_rate, nopunct, is_note=False):
        """returns list of segments (text, label) with label None | TYPE | 'MUST'"""
        r, g = self.r, self.g
        segs = []
        pos = 0
        offs = {}
        for m in SLOT_RE.finditer(template):
            lit = template[pos:m.start()]
            if lit:
                segs.append((lit, "LIT"))
            pos = m.end()
            if m.group(3) is not None:
                segs.append((m.group(3), "MUST"))
                continue
            if m.group(4) is not None:
                segs.append((m.group(5), m.group(4)))
                continue
            slot, form = m.group(1), m.group(2)
            before = "".join(s for s, _ in segs)[-20:]
            segs.extend(self.slot(slot, form, people, before, offs))
        if template[pos:]:
            segs.append((template[pos:], "LIT"))
        # literal post-processing: typos, punctuation, statute auto-marking
        out = []
        for text, lab in segs:
            if lab != "LIT":
                out.append((text, lab))
                continue
            if not is_note:
                text = mangle_literal(text, r, typo_rate)
            if nopunct:
                text = re.sub(r"(?<=\w)[.,](?=\s|$)", "", text)
            p = 0
            for mm in STATUTE_RE.finditer(text):
                if mm.start() > p:
                    out.append((text[p:mm.start()], None))
                out.append((mm.group(0), "MUST"))
                p = mm.end()
            if p < len(text):
                out.append((text[p:], None))
        return out

    def slot(self, slot, form, people, before, offs):
        g, r = self.g, self.r
        base = re.match(r"([A-Z]+)([0-9]*)$", slot)
        name, idx = base.group(1), base.group(2) or "1"
        if name == "N":
            p = people.setdefault(idx, g.person())
            return [(g.name_form(p, form), "NAME")]
        if name == "K":
            k = g.nickname()
            q = r.choice(["", "", "'", '"'])
            if before.rstrip().endswith(("'", '"')):
                q = ""
            return ([(q, None)] if q else []) + [(k, "NAME")] + ([(q, None)] if q else [])
        if name == "OFF":
            return g.officer()
        if name == "ON":
            return [(g.officer_surname(), "NAME")]
        if name == "OFFN":
            return [(g.officer_number(), "OFFICER_NUMBER")]
        if name == "DOB":
            return [(g.dob(), "DOB")]
        if name == "DOBU":
            return [(g.dob(), "DOB")]
        if name == "DOBL":
            return g.dob_labelled()
        if name == "ADDR":
            return [(g.address(), "ADDRESS")]
        if name == "PC":
            return [(g.postcode(), "POSTCODE")]
        if name == "PH":
            return [(g.phone(), "PHONE")]
        if name == "EM":
            return [(g.email(people.get("1") if r.random() < 0.5 else None), "EMAIL")]
        if name == "VRM":
            return [(g.vrm(), "VEHICLE")]
        if name == "CAD":
            return g.cad(before)
        if name == "CRIME":
            return g.crime(before)
        if name == "CUST":
            return g.custody(before)
        if name == "CRIS":
            return g.cris(before)
        if name == "OCC":
            return g.occ(before)
        if name == "SREF":
            return g.sref(before)
        if name == "BWV":
            return g.bwv(before)
        if name == "SIX" or slot == "S60":
            return g.s60(before)
        if name == "URN":
            return g.urn(before)
        if name == "INTEL":
            return g.intel(before)
        if name == "REF":
            return r.choice([g.crime, g.occ, g.cad, g.custody])(before)
        if name == "PNCL":
            return g.pnc_labelled()
        if name in ("PNC", "PNCV"):
            return [(g.pnc(), "PNC_ID")]
        if name in ("NI", "NIV"):
            return [(g.nino(), "NI_NUMBER")]
        if name in ("PP", "PPV"):
            return [(g.passport(), "PASSPORT")]
        if name in ("DL", "DLV"):
            return [(g.driving_licence(people.get("1")), "DRIVING_LICENCE")]
        if name == "SCH":
            s = r.choice(self.h.schools)
            s = r.choices([s, s.lower(), s.upper(), s.replace("'", "").lower()], [55, 25, 10, 10])[0]
            return [(s, "SCHOOL")]
        if name == "WORK":
            w = r.choice(self.h.workplaces)
            w = r.choices([w, w.lower(), w.upper()], [65, 25, 10])[0]
            return [(w, "WORKPLACE")]
        if name == "SOC":
            return [(g.social(), "SOCIAL_MEDIA")]
        # must-survive slots
        if name == "TIME":
            return [(g.time(), "MUST")]
        if name == "AGE":
            if idx == "2":
                return [(str(r.randint(13, 17)), "MUST")]
            return [(g.age(), "MUST")]
        if name == "MONEY":
            return [(r.choice(MONEY), "MUST")]
        if name == "DRUG":
            return [(r.choice(DRUGS), "MUST")]
        if name == "WEAP":
            return [(r.choice(WEAPONS), "MUST")]
        if name == "CLOTH":
            return [(r.choice(CLOTHES), "MUST")]
        if name == "TOWN":
            return [(r.choice(TOWNS), "MUST")]
        if name == "STREET":
            return [(g.variant_street(g.street()), "MUST")]
        if name == "DATE":
            return [(g.search_date(), "MUST")]
        if name == "IC":
            return [(r.choice(ICS), "MUST")]
        if name == "SDE":
            return [(r.choice(SDE), "MUST")]
        if name == "BRAND":
            return [(r.choice(BRANDS), "MUST")]
        if name == "S":
            return g.s60(before)
        raise KeyError(slot)


def template_types(t):
    """identifier types a template can produce (for weighting)"""
    m = {"N": ["NAME"], "K": ["NAME"], "ON": ["NAME"], "OFF": ["OFFICER_NUMBER", "NAME"], "OFFN": ["OFFICER_NUMBER"],
         "DOB": ["DOB"], "DOBU": ["DOB"], "DOBL": ["DOB"], "ADDR": ["ADDRESS"], "PC": ["POSTCODE"], "PH": ["PHONE"],
         "EM": ["EMAIL"], "VRM": ["VEHICLE"], "CAD": ["REFERENCE"], "CRIME": ["REFERENCE"], "CUST": ["REFERENCE"],
         "CRIS": ["REFERENCE"], "OCC": ["REFERENCE"], "SREF": ["REFERENCE"], "BWV": ["REFERENCE"], "S": ["REFERENCE"],
         "URN": ["REFERENCE"], "INTEL": ["REFERENCE"], "REF": ["REFERENCE"], "PNCL": ["PNC_ID"], "PNC": ["PNC_ID"],
         "PNCV": ["PNC_ID"], "NI": ["NI_NUMBER"], "PP": ["PASSPORT"], "DL": ["DRIVING_LICENCE"], "SCH": ["SCHOOL"],
         "WORK": ["WORKPLACE"], "SOC": ["SOCIAL_MEDIA"]}
    c = Counter()
    for mm in SLOT_RE.finditer(t):
        if mm.group(1):
            nm = re.match(r"([A-Z]+)", mm.group(1)).group(1)
            for ty in m.get(nm, ["MUST"]):
                c[ty] += 1
        elif mm.group(3):
            c["MUST"] += 1
        else:
            c[mm.group(4)] += 1
    return c


def assemble(segs, casing):
    text = ""
    spans, must = [], []
    for t, lab in segs:
        if not t:
            continue
        start = len(text)
        text += t
        if lab is None:
            continue
        if lab == "MUST":
            must.append([start, len(text)])
        else:
            spans.append([start, len(text), lab])
    # whole-note casing (records systems forcing caps, or phone typing all lower)
    if casing != "asis":
        t2 = text.upper() if casing == "upper" else text.lower()
        if len(t2) == len(text):
            text = t2
    # normalise whitespace inside literal runs is not done: offsets must stay exact
    sp = [{"start": a, "end": b, "type": ty, "value": text[a:b]} for a, b, ty in spans]
    ms = [{"start": a, "end": b, "value": text[a:b]} for a, b in must]
    return text, sp, ms


def trim_spans(text, items):
    """drop leading/trailing whitespace or punctuation accidentally inside a span"""
    out = []
    for it in items:
        a, b = it["start"], it["end"]
        while a < b and text[a] in " ,":
            a += 1
        while b > a and text[b - 1] in " ,":
            b -= 1
        if a < b:
            it = dict(it, start=a, end=b, value=text[a:b])
            out.append(it)
    return out


def build_half(half, seed_offset):
    r = random.Random(SEED + seed_offset)
    b = Builder(half, r)
    counts = Counter()
    uses = Counter()
    records = []
    main = [("grounds", f) for f in half.frames_g] + [("use_of_force", f) for f in half.frames_u]
    main_types = [template_types(f) for _, f in main]
    frag_types = [template_types(f) for f in half.fragments]
    note_recs = []
    # 1. every hand-written note once
    for kind, note in half.notes:
        segs = b.fill(note, {}, 0.0, False, is_note=True)
        note_recs.append((kind, segs, "note"))
    for kind, segs, src in note_recs:
        text, sp, ms = assemble(segs, "asis")
        records.append({"kind": kind, "text": text, "spans": trim_spans(text, sp), "must_survive": trim_spans(text, ms),
                        "_src": src})
        for s in sp:
            counts[s["type"]] += 1
        counts["MUST"] += len(ms)

    def deficit(t):
        return max(0.0, TARGET[t] - counts[t]) / TARGET[t]

    def done():
        return all(counts[t] >= TARGET[t] for t in TARGET)

    # 2. every frame at least once, then deficit-weighted draws
    order = list(range(len(main)))
    r.shuffle(order)
    n_uof = sum(1 for rec in records if rec["kind"] == "use_of_force")
    step = 0
    while True:
        if order:
            i = order.pop()
        else:
            if done():
                break
            # keep the kind mix near 65/35
            want_uof = n_uof / max(1, len(records)) < 0.35
            ws = []
            for j, (kind, f) in enumerate(main):
                tt = main_types[j]
                w = (0.02 + sum(deficit(t) * min(c, 2) for t, c in tt.items())) ** 3
                if (kind == "use_of_force") != want_uof:
                    w *= 0.25
                w /= (1 + uses[j]) ** 2
                if uses[j] >= FRAME_CAP:
                    w = 0.0
                ws.append(w)
            i = r.choices(range(len(main)), ws)[0]
        uses[i] += 1
        kind, frame = main[i]
        # fragments: 0-2, deficit weighted, penalised by use
        nf = r.choices([0, 1, 2, 3], [22, 38, 28, 12] if kind == "grounds" else [35, 40, 20, 5])[0]
        frags = []
        for _ in range(nf):
            ws = []
            for j, f in enumerate(half.fragments):
                w = (0.02 + sum(deficit(t) * min(c, 2) for t, c in frag_types[j].items())) ** 3
                w /= (1 + uses[("f", j)]) ** 1.5
                if uses[("f", j)] >= FRAG_CAP:
                    w = 0.0
                ws.append(w)
            j = r.choices(range(len(half.fragments)), ws)[0]
            uses[("f", j)] += 1
            frags.append(half.fragments[j])
        template = frame
        for f in frags:
            sep = r.choice([", ", " ", ". ", " - ", ", ", ". ", " / "])
            template = template + sep + f
        typo_rate = r.choice([0.0, 0.01, 0.02, 0.04])
        nopunct = r.random() < 0.3
        casing = r.choices(["asis", "lower", "upper"], [80, 12, 8])[0]
        people = {}
        segs = b.fill(template, people, typo_rate, nopunct)
        if r.random() < 0.25 and kind == "grounds":  # officers often start lower-case on a phone
            if segs and segs[0][1] is None and segs[0][0][:1].isupper():
                segs[0] = (segs[0][0][:1].lower() + segs[0][0][1:], None)
        text, sp, ms = assemble(segs, casing)
        sp, ms = trim_spans(text, sp), trim_spans(text, ms)
        records.append({"kind": kind, "text": text, "spans": sp, "must_survive": ms, "_src": "frame"})
        if kind == "use_of_force":
            n_uof += 1
        for s in sp:
            counts[s["type"]] += 1
        counts["MUST"] += len(ms)
        step += 1
        if step > 6000:
            raise SystemExit("did not converge %s" % {t: counts[t] for t in TARGET})
    r.shuffle(records)
    prefix = "rt" if half.name == "tune" else "rx"
    for k, rec in enumerate(records):
        rec["id"] = f"{prefix}-{k + 1:05d}"
    return records, uses


def main():
    rng = random.Random(SEED)
    tune, test = Half("tune", rng), Half("test", rng)
    for origin, (gs, ss) in sorted(NAMES.ORIGINS.items()):
        g1, g2 = split_half(parse_list(gs), rng)
        s1, s2 = split_half(parse_list(ss), rng)
        tune.origins[origin] = (g1, s1)
        test.origins[origin] = (g2, s2)
    # a token listed under two origins (Campbell, Smith, Shah...) stays in the tuning half only
    tune_tokens = {x.lower() for gs, ss in tune.origins.values() for x in gs + ss}
    for origin, (gs, ss) in list(test.origins.items()):
        test.origins[origin] = ([x for x in gs if x.lower() not in tune_tokens] or gs[:0],
                                [x for x in ss if x.lower() not in tune_tokens])
        assert test.origins[origin][0] and test.origins[origin][1], origin
    tune.word_names, test.word_names = split_half(NAMES.WORD_NAMES, rng)
    tune.double, test.double = split_half(NAMES.DOUBLE_BARRELLED, rng)
    tune.nicknames, test.nicknames = split_half(NAMES.NICKNAMES, rng)
    tune.schools, test.schools = split_half(SCHOOLS, rng)
    tune.workplaces, test.workplaces = split_half(WORKPLACES, rng)
    tune.frames_g, test.frames_g = split_half(load_lines("frames_grounds.txt"), rng)
    tune.frames_u, test.frames_u = split_half(load_lines("frames_uof.txt"), rng)
    tune.fragments, test.fragments = split_half(load_lines("fragments.txt"), rng)
    notes = []
    for line in load_lines("notes.txt"):
        k, t = line.split("|", 1)
        notes.append(({"G": "grounds", "U": "use_of_force"}[k], t))
    n1, n2 = split_half(notes, rng)
    tune.notes, test.notes = n1, n2

    # names written inline in one half's hand-written notes are removed from the other half's pools
    def note_tokens(h):
        nn = set()
        for _, t in h.notes:
            for mm in re.finditer(r"<<NAME\|(.+?)>>", t):
                nn |= {w.lower() for w in re.findall(r"[^\s'.,()]+", mm.group(1))}
        return nn
    for h, other in ((tune, test), (test, tune)):
        bad = note_tokens(other)
        for origin, (gs, ss) in list(h.origins.items()):
            gs2 = [x for x in gs if not ({w.lower() for w in re.findall(r"[^\s'.,()]+", x)} & bad)]
            ss2 = [x for x in ss if not ({w.lower() for w in re.findall(r"[^\s'.,()]+", x)} & bad)]
            h.origins[origin] = (gs2 or gs, ss2 or ss)
        h.word_names = [x for x in h.word_names if not ({w.lower() for w in x.split()} & bad)]
        h.double = [x for x in h.double if not ({w.lower() for w in re.split(r"[-\s]", x)} & bad)]
        h.nicknames = [x for x in h.nicknames if x.lower() not in bad]

    summary = {}
    for off, half in ((1, tune), (2, test)):
        recs, uses = build_half(half, off)
        fn = os.path.join(OUT, f"realistic-{half.name}.jsonl")
        with open(fn, "w", encoding="utf-8") as fh:
            for rec in recs:
                rec = {"id": rec["id"], "kind": rec["kind"], "text": rec["text"], "spans": rec["spans"],
                       "must_survive": rec["must_survive"]}
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        frame_uses = [v for k, v in uses.items() if not isinstance(k, tuple)]
        frag_uses = [v for k, v in uses.items() if isinstance(k, tuple)]
        summary[half.name] = {
            "records": len(recs), "frames_grounds": len(half.frames_g), "frames_uof": len(half.frames_u),
            "fragments": len(half.fragments), "notes": len(half.notes),
            "max_uses_per_frame": max(frame_uses), "max_uses_per_fragment": max(frag_uses) if frag_uses else 0,
            "no_identifier_texts": sum(1 for x in recs if not x["spans"]),
            "use_of_force_share": round(sum(1 for x in recs if x["kind"] == "use_of_force") / len(recs), 3),
        }
    # disjointness report: name tokens in pools
    def toks(h):
        s = set()
        for gs, ss in h.origins.values():
            s |= {x.lower() for x in gs + ss}
        s |= {x.lower() for x in h.word_names + h.double + h.nicknames}
        return s
    summary["pool_overlap"] = sorted(toks(tune) & toks(test))
    note_names = {}
    for h in (tune, test):
        nn = set()
        for _, t in h.notes:
            for mm in re.finditer(r"<<NAME\|(.+?)>>", t):
                nn |= {w.lower() for w in re.findall(r"[^\s'.,()]+", mm.group(1))}
        note_names[h.name] = nn
    summary["note_name_tokens_in_other_half_pool"] = {
        "tune": sorted(note_names["tune"] & toks(test)), "test": sorted(note_names["test"] & toks(tune))}
    summary["note_name_tokens_shared_between_halves"] = sorted(note_names["tune"] & note_names["test"])
    summary["frame_overlap"] = len(set(tune.frames_g + tune.frames_u + tune.fragments) & set(test.frames_g + test.frames_u + test.fragments))
    print(json.dumps(summary, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
