"""Fake people, places and reference numbers, drawn in bulk from numpy generators.

Every function takes a count and a `numpy.random.Generator` and returns a numpy object array of
Python strings (or, for dates, datetime64), so a million values cost one vectorised pass rather
than a million calls. The pools are our own: the redaction benchmark must not be graded on the
redactor's own name lists. They deliberately include names a redactor finds hard: names that are
ordinary words (Rose, Hope, Will, Grace, Mark, Brown, Lane), double-barrelled names, Mc/Mac/O'
names and names from the languages spoken in West Yorkshire and London, some with accents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# ---------------------------------------------------------------------------------------------
# Fast fixed-width strings: build a uint8 matrix of ASCII codes, view it as bytes, decode once.

LETTERS = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", np.uint8)
VRM_LETTERS = np.frombuffer(b"ABCDEFGHJKLMNOPRSTUVWXYZ", np.uint8)  # no I, Q in current-style marks
POSTCODE_INWARD_LETTERS = np.frombuffer(b"ABDEFGHJLNPQRSTUWXYZ", np.uint8)
NI_FIRST = np.frombuffer(b"ABCEGHJKLMNOPRSTWXYZ", np.uint8)
NI_SECOND = np.frombuffer(b"ABCEGHJKLMNPRSTWXYZ", np.uint8)
NI_SUFFIX = np.frombuffer(b"ABCD", np.uint8)


def ascii_strings(*parts) -> np.ndarray:
    """Join columns of ASCII codes (uint8 matrices, or bytes constants) into an object array of str."""
    n = next(p.shape[0] for p in parts if isinstance(p, np.ndarray))
    cols = [np.broadcast_to(np.frombuffer(p, np.uint8), (n, len(p))) if isinstance(p, bytes) else p for p in parts]
    matrix = np.ascontiguousarray(np.hstack(cols).astype(np.uint8))
    width = matrix.shape[1]
    return matrix.view(f"S{width}").ravel().astype(f"U{width}").astype(object)


def digits(values, width: int) -> np.ndarray:
    """Zero-padded decimal digits of `values` as a (n, width) matrix of ASCII codes."""
    values = np.asarray(values, dtype=np.int64)
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values[:, None] // powers % 10 + 48).astype(np.uint8)


def random_digits(n: int, rng: np.random.Generator, width: int, first_nonzero: bool = False) -> np.ndarray:
    m = rng.integers(48, 58, size=(n, width), dtype=np.uint8)
    if first_nonzero and width:
        m[:, 0] = rng.integers(49, 58, size=n, dtype=np.uint8)
    return m


def random_letters(n: int, rng: np.random.Generator, width: int, alphabet: np.ndarray = LETTERS) -> np.ndarray:
    return alphabet[rng.integers(0, len(alphabet), size=(n, width))]


def either(condition, yes: str, no: str) -> np.ndarray:
    """yes where condition holds, else no: an object array sharing two string objects (not one per row)."""
    return np.array([no, yes], dtype=object)[np.asarray(condition, dtype=np.intp)]


def lengths(strings) -> np.ndarray:
    return np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))


def pick(pool, n: int, rng: np.random.Generator, p=None) -> np.ndarray:
    """n draws from a pool of strings, as an object array."""
    pool = np.asarray(pool, dtype=object)
    return pool[rng.choice(len(pool), size=n, p=p)] if n else pool[:0]


def lower(strings) -> np.ndarray:
    return np.array([s.lower() for s in strings], dtype=object)


def upper(strings) -> np.ndarray:
    return np.array([s.upper() for s in strings], dtype=object)


def remove_spaces(strings) -> np.ndarray:
    return np.array([s.replace(" ", "") for s in strings], dtype=object)


# ---------------------------------------------------------------------------------------------
# People

MALE_FIRST = [
    "John", "James", "Daniel", "Kieran", "Jordan", "Liam", "Connor", "Callum", "Reece", "Kyle", "Jake",
    "Ryan", "Adam", "Lewis", "Jamie", "Ashley", "Jaden", "Kai", "Marcus", "Dwayne", "Leon", "Rhys",
    "Owen", "Aaron", "Nathan", "Bradley", "Dean", "Shane", "Wayne", "Darren", "Lee", "Craig", "Tyler",
    "Tyrone", "Jermaine", "Andre", "Delroy", "Winston", "Leroy", "Mohammed", "Muhammad", "Mohammad",
    "Ahmed", "Imran", "Bilal", "Hamza", "Zain", "Ali", "Hassan", "Yusuf", "Omar", "Usman", "Adnan",
    "Kwame", "Kofi", "Oluwaseun", "Chukwuemeka", "Tunde", "Emeka", "Abdi", "Abdirahman", "Mustafa",
    "Arjun", "Rajesh", "Gurpreet", "Harjit", "Sandeep", "Wei", "Jun", "Minh", "Duc", "Piotr", "Jakub",
    "Mateusz", "Kacper", "Tomasz", "Dariusz", "Ionuț", "Mihai", "Vasile", "Florin", "Emre", "Mehmet",
    "Seán", "Patrick", "Eoin", "Ciarán", "Will", "Mark", "Bill", "Jack", "Frank", "Guy", "Rich", "Victor",
    "Sonny", "Hunter", "Chase", "Miles", "Rocky", "Christian", "Earnest", "Major", "Sunny", "Bobby",
]
FEMALE_FIRST = [
    "Rose", "Hope", "Grace", "Faith", "Joy", "Amber", "Summer", "Dawn", "Ruby", "Holly", "Ivy", "Daisy",
    "Poppy", "Jade", "Crystal", "April", "May", "June", "Sky", "Star", "Jane", "Sarah", "Emma", "Chloe",
    "Jasmine", "Leanne", "Kirsty", "Stacey", "Demi", "Courtney", "Paige", "Megan", "Charlotte",
    "Bethany", "Kayleigh", "Shannon", "Aisha", "Ayesha", "Fatima", "Zainab", "Amira", "Nadia", "Sana",
    "Shanice", "Tiana", "Chantelle", "Precious", "Blessing", "Chiamaka", "Ngozi", "Folake", "Hodan",
    "Agnieszka", "Zofia", "Małgorzata", "Siobhán", "Niamh", "Aoife", "Zoë", "Chloé", "Priya", "Simran",
    "Harpreet", "Mei", "Ling", "Thi", "Ana-Maria", "Ioana", "Elif", "Destiny", "Precious", "Patience",
]
SURNAMES = [
    "Smith", "Jones", "Williams", "Taylor", "Walker", "Wilson", "Thompson", "Robinson", "Wright",
    "Clarke", "Hughes", "Harrison", "Shaw", "Sutcliffe", "Holroyd", "Ackroyd", "Brook", "Hirst",
    "Brown", "White", "Black", "Green", "Young", "Hall", "Wood", "Hill", "Lane", "Marsh", "Church",
    "Bishop", "Cook", "Baker", "Mason", "Sharp", "Strong", "King", "Long", "Little", "Moss", "Bird",
    "Fox", "Swan", "Hope", "Read", "Gold", "Banks", "Parks", "Bush", "Frost", "Snow", "Field", "Rose",
    "Patel", "Khan", "Hussain", "Ahmed", "Ali", "Begum", "Akhtar", "Iqbal", "Mahmood", "Rashid", "Shah",
    "Bibi", "Butt", "Mirza", "Singh", "Kaur", "Sharma", "Chowdhury", "Rahman", "Uddin", "Miah",
    "Okafor", "Adeyemi", "Mensah", "Owusu", "Boateng", "Okonkwo", "Adebayo", "Nwosu", "Mohamed",
    "Warsame", "Campbell", "Francis", "Henry", "Grant", "Thomas", "Brown-Campbell", "Nowak",
    "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Popescu", "Ionescu", "Stoica", "Nguyen", "Tran",
    "Chen", "Wang", "Li", "Yılmaz", "Demir", "O'Brien", "O'Neill", "O'Connor", "O'Sullivan", "McDonald",
    "McKenzie", "McLaughlin", "MacLeod", "McCarthy", "D'Souza", "Smith-Jones", "Ahmed-Khan",
    "Taylor-Brown", "Lloyd-Evans", "Hughes-Morgan", "Ward-Clarke", "Fernandes-Silva", "de Souza",
    "van der Merwe", "St Clair", "Ní Bhriain",
]
NICKNAMES = [
    "Ty", "Bugsy", "Skinny", "Little Man", "Spider", "Tiny", "Chops", "Bam", "Smokey", "K-Dog", "Dotty",
    "Lil J", "Rocky", "Ace", "Scrappy", "Dre", "Mouse", "Biggz", "Zee", "Shorty", "Red", "Junior",
]
TITLES_MALE = ["Mr", "Mr.", "Mr"]
TITLES_FEMALE = ["Ms", "Miss", "Mrs"]


def first_names(n: int, rng: np.random.Generator, female=None) -> np.ndarray:
    """First names; `female` is a boolean array (or None: about one in eight female)."""
    if female is None:
        female = rng.random(n) < 0.12
    female = np.asarray(female, dtype=bool)
    out = pick(MALE_FIRST, n, rng)
    out[female] = pick(FEMALE_FIRST, int(female.sum()), rng)
    return out


def surnames(n: int, rng: np.random.Generator) -> np.ndarray:
    return pick(SURNAMES, n, rng)


def nicknames(n: int, rng: np.random.Generator) -> np.ndarray:
    return pick(NICKNAMES, n, rng)


def full_names(first, last, rng: np.random.Generator) -> np.ndarray:
    """How a records system holds a name: mostly 'SMITH, John' or 'John Smith', a few 'JOHN SMITH'."""
    n = len(first)
    style = rng.choice(3, size=n, p=[0.45, 0.45, 0.10])
    return np.array([f"{l.upper()}, {f}" if s == 0 else (f"{f} {l}" if s == 1 else f"{f} {l}".upper())
                     for f, l, s in zip(first, last, style)], dtype=object)


# ---------------------------------------------------------------------------------------------
# Places


@dataclass(frozen=True)
class Town:
    name: str
    postcode_area: str
    districts: tuple
    streets: tuple
    lat: tuple
    lon: tuple
    weight: float


WEST_YORKSHIRE = (
    Town("Leeds", "LS", (1, 2, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 27, 28),
         ("Harehills Lane", "Roundhay Road", "Chapeltown Road", "Kirkstall Road", "Briggate", "Boar Lane",
          "Dewsbury Road", "York Road", "Beeston Road", "Tong Road", "Armley Road", "Woodhouse Lane",
          "Cardigan Road", "Seacroft Avenue", "Lupton Avenue", "Compton Road", "Stainbeck Lane"),
         (53.760, 53.860), (-1.660, -1.450), 0.40),
    Town("Bradford", "BD", (1, 2, 3, 4, 5, 7, 8, 9, 10),
         ("Manningham Lane", "Leeds Road", "Oak Lane", "Girlington Road", "Thornton Road", "Great Horton Road",
          "Bowling Old Lane", "Killinghall Road", "Sunbridge Road", "Lumb Lane", "Toller Lane"),
         (53.770, 53.820), (-1.800, -1.710), 0.25),
    Town("Huddersfield", "HD", (1, 2, 3, 4, 5),
         ("Manchester Road", "Trinity Street", "Wakefield Road", "Lockwood Road", "Fartown Green Road"),
         (53.620, 53.670), (-1.820, -1.750), 0.09),
    Town("Halifax", "HX", (1, 2, 3),
         ("Commercial Street", "King Cross Road", "Gibbet Street", "Queens Road"),
         (53.710, 53.740), (-1.890, -1.840), 0.07),
    Town("Wakefield", "WF", (1, 2, 4),
         ("Westgate", "Kirkgate", "Doncaster Road", "Lupset Crescent", "Agbrigg Road"),
         (53.660, 53.700), (-1.530, -1.470), 0.08),
    Town("Dewsbury", "WF", (12, 13),
         ("Savile Town Road", "Halifax Road", "Bradford Road", "Ravensthorpe Road"),
         (53.680, 53.700), (-1.650, -1.610), 0.05),
    Town("Keighley", "BD", (20, 21),
         ("Cavendish Street", "Skipton Road", "Lawkholme Lane", "Oakworth Road"),
         (53.860, 53.880), (-1.930, -1.890), 0.04),
    Town("Castleford", "WF", (10,),
         ("Carlton Street", "Wheldon Road", "Methley Road"),
         (53.715, 53.735), (-1.370, -1.340), 0.02),
)

LONDON = (
    Town("Lambeth", "SW", (2, 9), ("Coldharbour Lane", "Brixton Road", "Acre Lane", "Railton Road"), (51.450, 51.480), (-0.130, -0.100), 0.09),
    Town("Southwark", "SE", (1, 5, 15), ("Old Kent Road", "Rye Lane", "Walworth Road", "Peckham High Street"), (51.470, 51.500), (-0.100, -0.060), 0.08),
    Town("Hackney", "E", (5, 8, 9), ("Mare Street", "Kingsland High Street", "Clarence Road", "Well Street"), (51.540, 51.560), (-0.080, -0.040), 0.07),
    Town("Haringey", "N", (15, 17), ("Tottenham High Road", "West Green Road", "Broad Lane"), (51.580, 51.600), (-0.090, -0.060), 0.07),
    Town("Tower Hamlets", "E", (1, 3, 14), ("Whitechapel Road", "Commercial Road", "Roman Road", "East India Dock Road"), (51.500, 51.530), (-0.060, -0.010), 0.07),
    Town("Westminster", "W", (1, 2), ("Edgware Road", "Oxford Street", "Harrow Road", "Praed Street"), (51.510, 51.525), (-0.180, -0.130), 0.09),
    Town("Newham", "E", (6, 7, 13, 15), ("Green Street", "Barking Road", "Romford Road", "Stratford High Street"), (51.520, 51.550), (0.010, 0.060), 0.07),
    Town("Lewisham", "SE", (4, 6, 13), ("Lewisham High Street", "Rushey Green", "Deptford High Street"), (51.440, 51.470), (-0.030, 0.010), 0.06),
    Town("Croydon", "CR", (0, 7), ("London Road", "North End", "Thornton Road"), (51.360, 51.400), (-0.120, -0.080), 0.07),
    Town("Brent", "NW", (2, 10), ("Harlesden High Street", "Church Road", "Kilburn High Road"), (51.535, 51.560), (-0.260, -0.200), 0.06),
    Town("Islington", "N", (1, 7, 19), ("Holloway Road", "Caledonian Road", "Seven Sisters Road"), (51.540, 51.565), (-0.125, -0.095), 0.05),
    Town("Camden", "NW", (1, 5), ("Camden High Street", "Kentish Town Road", "Malden Road"), (51.535, 51.555), (-0.150, -0.130), 0.05),
    Town("Hammersmith and Fulham", "W", (6, 12), ("Uxbridge Road", "Shepherd's Bush Road", "Fulham Palace Road"), (51.480, 51.510), (-0.230, -0.200), 0.04),
    Town("Enfield", "N", (9, 18), ("Fore Street", "Hertford Road", "Edmonton Green"), (51.610, 51.640), (-0.070, -0.040), 0.04),
    Town("Ealing", "W", (5, 13), ("The Broadway", "Northfield Avenue", "Uxbridge Road"), (51.505, 51.520), (-0.320, -0.290), 0.04),
    Town("Waltham Forest", "E", (10, 17), ("Hoe Street", "High Road Leyton", "Lea Bridge Road"), (51.560, 51.590), (-0.030, 0.010), 0.05),
)
REGIONS = {"west-yorkshire": WEST_YORKSHIRE, "london": LONDON}

RESIDENTIAL_STREETS = (
    "Acacia Avenue", "Beech Grove", "Cross Flatts Crescent", "Oak Tree Drive", "Victoria Terrace",
    "St Mark's Road", "Brudenell Mount", "Ashton View", "Bankfield Road", "Hyde Park Road", "High Street",
    "Station Road", "Church Street", "Park Lane", "Mill Lane", "Queen Street", "Elm Close", "Meadow Way",
    "Rosemont Walk", "Hollin Park Mount", "Kingsway", "Foundry Approach", "Nowell Mount", "Cliff Road",
)
SHOPS = (
    "a convenience store", "the off-licence", "the chip shop", "the bookmakers", "the takeaway",
    "the petrol station", "the launderette", "a vape shop", "the newsagents", "the pharmacy", "the barbers",
    "the supermarket", "the kebab shop", "a phone repair shop",
)
LONDON_BOROUGHS = (
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing", "Enfield",
    "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey", "Harrow", "Havering", "Hillingdon",
    "Hounslow", "Islington", "Kensington and Chelsea", "Kingston upon Thames", "Lambeth", "Lewisham",
    "Merton", "Newham", "Redbridge", "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets",
    "Waltham Forest", "Wandsworth", "Westminster",
)


def town_indices(n: int, rng: np.random.Generator, region: str) -> np.ndarray:
    towns = REGIONS[region]
    weights = np.array([t.weight for t in towns])
    return rng.choice(len(towns), size=n, p=weights / weights.sum())


def _by_town(towns: tuple, idx: np.ndarray, draw) -> np.ndarray:
    out = np.empty(len(idx), dtype=object)
    for i, town in enumerate(towns):
        where = np.flatnonzero(idx == i)
        if len(where):
            out[where] = draw(town, len(where))
    return out


def streets(idx: np.ndarray, rng: np.random.Generator, region: str) -> np.ndarray:
    """A main street of each row's town (a street name without a house number)."""
    return _by_town(REGIONS[region], idx, lambda t, k: pick(t.streets, k, rng))


def town_names(idx: np.ndarray, region: str) -> np.ndarray:
    return np.array([t.name for t in REGIONS[region]], dtype=object)[idx]


def postcodes(idx: np.ndarray, rng: np.random.Generator, region: str) -> np.ndarray:
    """Full postcodes in the row's town, in the standard form 'LS8 5HS'."""
    def draw(town, k):
        district = pick([f"{town.postcode_area}{d}" for d in town.districts], k, rng)
        inward = ascii_strings(random_digits(k, rng, 1), random_letters(k, rng, 2, POSTCODE_INWARD_LETTERS))
        return district + " " + inward
    return _by_town(REGIONS[region], idx, draw)


def coordinates(idx: np.ndarray, rng: np.random.Generator, region: str) -> tuple[np.ndarray, np.ndarray]:
    towns = REGIONS[region]
    lat = np.array([t.lat for t in towns])[idx]
    lon = np.array([t.lon for t in towns])[idx]
    u, v = rng.random(len(idx)), rng.random(len(idx))
    return lat[:, 0] + u * (lat[:, 1] - lat[:, 0]), lon[:, 0] + v * (lon[:, 1] - lon[:, 0])


def house_addresses(idx: np.ndarray, rng: np.random.Generator, region: str) -> np.ndarray:
    """'12 Acacia Avenue', '14a Harehills Lane', 'flat 3, 27 Hyde Park Road' (no town, no postcode)."""
    n = len(idx)
    main = streets(idx, rng, region)
    street = np.where(rng.random(n) < 0.6, pick(RESIDENTIAL_STREETS, n, rng), main)
    number = rng.integers(1, 240, size=n)
    suffix = pick(["", "", "", "", "", "", "a", "b", "A"], n, rng)
    flat = rng.random(n)
    flat_no = rng.integers(1, 40, size=n)
    flat_word = pick(["flat", "Flat", "Flat", "Apartment"], n, rng)
    return np.array([(f"{fw} {fn}, " if fl < 0.18 else "") + f"{num}{sx} {st}"
                     for fw, fn, fl, num, sx, st in zip(flat_word, flat_no, flat, number, suffix, street)], dtype=object)


# ---------------------------------------------------------------------------------------------
# Numbers and references


def mobile_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """UK mobiles '07xxxxxxxxx' (11 digits, canonical, no spaces)."""
    return ascii_strings(b"07", rng.integers(52, 58, size=(n, 1), dtype=np.uint8), random_digits(n, rng, 8))


def landline_numbers(n: int, rng: np.random.Generator, region: str) -> np.ndarray:
    """Geographic numbers with their usual spacing: '0113 496 0123', '01274 123456', '020 7946 0123'."""
    if region == "london":
        return pick(["020 7", "020 8"], n, rng) + ascii_strings(random_digits(n, rng, 3), b" ", random_digits(n, rng, 4))
    leeds = "0113 " + ascii_strings(random_digits(n, rng, 3, first_nonzero=True), b" ", random_digits(n, rng, 4))
    other = pick(["01274 ", "01484 ", "01422 ", "01924 ", "01535 "], n, rng) + ascii_strings(random_digits(n, rng, 6, first_nonzero=True))
    return np.where(rng.random(n) < 0.4, leeds, other)


def phone_styles(n: int, rng: np.random.Generator, region: str) -> np.ndarray:
    """Phone numbers as officers write them: spacings, +44, landlines."""
    mob = mobile_numbers(n, rng)
    style = rng.choice(7, size=n, p=[0.30, 0.22, 0.12, 0.10, 0.06, 0.12, 0.08])
    land = landline_numbers(n, rng, region)
    out = np.empty(n, dtype=object)
    for i, (m, s, l) in enumerate(zip(mob, style, land)):
        out[i] = (m[:5] + " " + m[5:], m, m[:5] + " " + m[5:8] + " " + m[8:], "+44 " + m[1:5] + " " + m[5:],
                  "+44" + m[1:], l, "(" + l.replace(" ", ") ", 1))[s]
    return out


EMAIL_DOMAINS = ("gmail.com", "hotmail.co.uk", "hotmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "live.co.uk")


def emails(first, last, rng: np.random.Generator) -> np.ndarray:
    n = len(first)
    style = rng.integers(0, 4, size=n)
    num = rng.integers(1, 2009, size=n)
    dom = pick(EMAIL_DOMAINS, n, rng)
    out = []
    for f, l, s, k, d in zip(first, last, style, num, dom):
        f2 = "".join(ch for ch in f.lower() if ch.isascii() and ch.isalnum()) or "x"
        l2 = "".join(ch for ch in l.lower() if ch.isascii() and ch.isalnum()) or "y"
        out.append((f"{f2}.{l2}@{d}", f"{f2[0]}{l2}{k % 100}@{d}", f"{f2}{l2}{k}@{d}", f"{l2}_{f2}@{d}")[s])
    return np.array(out, dtype=object)


def vehicle_regs(n: int, rng: np.random.Generator) -> np.ndarray:
    """Registration marks in the forms on the road: current 'AB12 CDE', prefix 'A123 BCD', suffix 'ABC 123D'."""
    style = rng.choice(3, size=n, p=[0.75, 0.15, 0.10])
    out = np.empty(n, dtype=object)
    k = (style == 0).sum()
    if k:
        age = np.where(rng.random(k) < 0.5, rng.integers(2, 25, size=k), rng.integers(51, 75, size=k))
        out[style == 0] = ascii_strings(random_letters(k, rng, 2, VRM_LETTERS), digits(age, 2), b" ",
                                        random_letters(k, rng, 3, VRM_LETTERS))
    k = (style == 1).sum()
    if k:
        num = rng.integers(1, 1000, size=k)
        out[style == 1] = np.array([f"{a}{x} {b}" for a, x, b in zip(
            ascii_strings(random_letters(k, rng, 1, VRM_LETTERS)), num,
            ascii_strings(random_letters(k, rng, 3, VRM_LETTERS)))], dtype=object)
    k = (style == 2).sum()
    if k:
        num = rng.integers(1, 1000, size=k)
        out[style == 2] = np.array([f"{a} {x}{b}" for a, x, b in zip(
            ascii_strings(random_letters(k, rng, 3, VRM_LETTERS)), num,
            ascii_strings(random_letters(k, rng, 1, VRM_LETTERS)))], dtype=object)
    return out


def vehicle_reg_styles(n: int, rng: np.random.Generator, regs=None) -> np.ndarray:
    """Registration marks as typed (fresh ones, or `regs` where given): with or without the space, any case."""
    fresh = vehicle_regs(n, rng)
    regs = fresh if regs is None else np.where(np.asarray(regs, dtype=object) == None, fresh, regs)  # noqa: E711
    style = rng.random(n)
    return np.array([r.replace(" ", "") if s < 0.25 else (r.lower() if s < 0.35 else r) for r, s in zip(regs, style)], dtype=object)


CARS = ("silver Vauxhall Corsa", "black Audi A3", "white Ford Transit van", "grey BMW 1 Series",
        "blue Ford Fiesta", "black Mercedes C Class", "red Seat Leon", "white Toyota Prius",
        "silver Volkswagen Golf", "black Range Rover Evoque", "grey Nissan Qashqai", "moped")


def dates_of_birth(on: np.ndarray, ages: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A date of birth that makes each person `ages` years old on the date `on` (datetime64[D])."""
    on = np.asarray(on, dtype="datetime64[D]")
    days = np.round(np.asarray(ages, dtype=float) * 365.25).astype(np.int64) + rng.integers(1, 365, size=len(on))
    return on - days.astype("timedelta64[D]")


def date_parts(d: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = np.asarray(d, dtype="datetime64[D]")
    year = d.astype("datetime64[Y]").astype(np.int64) + 1970
    month = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return year, month, day


def dd_mm_yyyy(d: np.ndarray, sep: bytes = b"/") -> np.ndarray:
    y, m, dd = date_parts(d)
    return ascii_strings(digits(dd, 2), sep, digits(m, 2), sep, digits(y, 4))


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


def date_styles(d: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Dates written the ways people write them: 12/03/2004, 12-03-04, 3rd March 2004, 12 March 2004, 12.3.2004."""
    y, m, dd = date_parts(d)
    style = rng.choice(5, size=len(d), p=[0.45, 0.15, 0.15, 0.15, 0.10])
    out = np.empty(len(d), dtype=object)
    for i, (yy, mm, day, s) in enumerate(zip(y.tolist(), m.tolist(), dd.tolist(), style)):
        out[i] = (f"{day:02d}/{mm:02d}/{yy}", f"{day:02d}-{mm:02d}-{yy % 100:02d}", f"{ordinal(day)} {MONTHS[mm - 1]} {yy}",
                  f"{day} {MONTHS[mm - 1]} {yy}", f"{day}.{mm}.{yy}")[s]
    return out


def ni_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """National Insurance numbers, spaced 'AB 12 34 56 C' or solid 'AB123456C'."""
    prefix = ascii_strings(random_letters(n, rng, 1, NI_FIRST), random_letters(n, rng, 1, NI_SECOND))
    body = ascii_strings(random_digits(n, rng, 6))
    suffix = ascii_strings(random_letters(n, rng, 1, NI_SUFFIX))
    spaced = rng.random(n) < 0.5
    return np.array([f"{p} {b[:2]} {b[2:4]} {b[4:]} {s}" if sp else f"{p}{b}{s}"
                     for p, b, s, sp in zip(prefix, body, suffix, spaced)], dtype=object)


def pnc_ids(n: int, rng: np.random.Generator) -> np.ndarray:
    """PNC identifiers: two-digit year, slash, serial, check letter ('04/123456X')."""
    return ascii_strings(digits(rng.integers(85, 125, size=n) % 100, 2), b"/", random_digits(n, rng, 6),
                         random_letters(n, rng, 1))


def _luhn_complete(body: np.ndarray) -> np.ndarray:
    """Append the Luhn check digit to each row of a digit matrix (values 0-9)."""
    rev = body[:, ::-1].astype(np.int64)
    doubled = rev.copy()
    doubled[:, 0::2] = rev[:, 0::2] * 2
    doubled = np.where(doubled > 9, doubled - 9, doubled)
    check = (10 - doubled.sum(axis=1) % 10) % 10
    return np.hstack([body, check[:, None]])


def imeis(n: int, rng: np.random.Generator) -> np.ndarray:
    body = rng.integers(0, 10, size=(n, 14))
    body[:, 0:2] = [3, 5]
    return ascii_strings((_luhn_complete(body) + 48).astype(np.uint8))


def card_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """16-digit card numbers (Luhn-valid), mostly written in groups of four."""
    body = rng.integers(0, 10, size=(n, 15))
    body[:, 0] = rng.choice([4, 5], size=n)
    m = (_luhn_complete(body) + 48).astype(np.uint8)
    spaced = ascii_strings(m[:, 0:4], b" ", m[:, 4:8], b" ", m[:, 8:12], b" ", m[:, 12:16])
    solid = ascii_strings(m)
    return np.where(rng.random(n) < 0.8, spaced, solid)


def crime_refs(n: int, rng: np.random.Generator) -> np.ndarray:
    """Crime numbers '13/123456/24' (division / serial / year)."""
    return ascii_strings(digits(rng.integers(10, 20, size=n), 2), b"/", random_digits(n, rng, 6), b"/",
                         digits(rng.integers(22, 26, size=n), 2))


def custody_refs(n: int, rng: np.random.Generator, prefixes=("LS", "BD", "HD", "HX", "WF")) -> np.ndarray:
    """Custody record numbers 'LS/12345/24'."""
    return pick(prefixes, n, rng) + ascii_strings(b"/", random_digits(n, rng, 5), b"/", digits(rng.integers(22, 26, size=n), 2))


def cad_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    return np.array([str(x) for x in rng.integers(1, 9999, size=n)], dtype=object)


def occurrence_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """Niche-style occurrence numbers '13240123456'."""
    return ascii_strings(digits(rng.integers(10, 20, size=n), 2), digits(rng.integers(22, 26, size=n), 2), random_digits(n, rng, 7))


def receipt_numbers(n: int, rng: np.random.Generator) -> np.ndarray:
    """Stop and search receipt numbers 'SS-24-012345'."""
    return ascii_strings(b"SS-", digits(rng.integers(22, 26, size=n), 2), b"-", random_digits(n, rng, 6))


def bwv_refs(n: int, year: int, rng: np.random.Generator) -> np.ndarray:
    """Body-worn video references 'BWV-2024-0012345'."""
    return ascii_strings(b"BWV-", str(year).encode(), b"-", digits(rng.integers(1, 120000, size=n), 7))
