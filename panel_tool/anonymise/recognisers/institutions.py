"""Schools, colleges and workplaces: where a young person can be found every weekday.

Two ways in, each cheap: a cue ("pupil at", "attends", "works at", "employed by") and the words
after it; or a word that ends such a name ("Academy", "College", "Autos", "Ltd") and the words
before it. The name runs over words that are capitalised, names, unknown, or the connecting
words of institutions ("Our Lady of Lourdes", "St Mary's"), and stops at an ordinary lower-case
word ("works at Greggs on Briggate" gives "Greggs").
"""

from __future__ import annotations

import re
from functools import cache

from panel_tool.anonymise.vocabulary import PLACE, SAFE, Vocabulary, plain

from .detection import Detection, TextView, WordFinder, register_cues, slips, word_trie
from .names import PLACE_WORDS
from .places import STREET_TYPES

#: What joins words into one part of an institution's name ("K & S Motors", "J&R Scaffolding",
#: "St.Mary's"), besides the apostrophes and hyphens inside any word.
_JOINS = frozenset({"&", ".", " & "})
#: Where a join can be: "&", "& " or "." straight before a letter or digit (every gap in _JOINS
#: between two words ends so, the next word starting on a letter or digit).
_JOIN_BETWEEN_WORDS = re.compile(r"(?:&[ ]?|\.)(?=[^\W_])")
SCHOOL_WORDS = frozenset("""
    school schools academy college high primary grammar university uni sixth form pru catholic ce rc cofe
    junior juniors infant infants secondary community boys girls prep technical studio free trust
    institute campus collegiate montessori madrasa madrassa madrasah seminary polytechnic utc
    federation pru's
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
_SCHOOL_END = frozenset("school academy college high primary grammar university uni pru infants juniors".split())
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
    studios carwash meat meats poultry seafood fruit produce groceries
""".split())
#: More words that end the names of small businesses, clubs, pubs and schools in the UK, written
#: from what such names are made of (trades, food, shops, venues), not from any corpus's names.
WORK_WORDS = WORK_WORDS | frozenset("""
    tavern brewery brewing taproom alehouse vaults bakehouse patisserie cakes desserts creamery gelato
    coffee tearoom tearooms canteen eatery buffet carvery steakhouse smokehouse burgers burger wings
    shawarma gyros falafel biryani karahi mahal masala tandoor dhaba sweets jerk patties roti fisheries
    fryer fryers dumplings ramen pho shack minimart offy wines liquor booze vapes phones unlocking gadgets
    gaming toys gifts florist florists flowers hardware diy timber merchants supplies supply tiles tiling
    interiors decorators decorating painters joiners carpentry roofers heating boilers locksmiths glass
    engineering fabrications fabrication welding skips waste demolition groundworks drainage aggregates
    motorcycles bikes cycles scooters bodyworks coachworks mot servicing exhausts spares breakers salvage
    rentals rental minicabs coaches tours freight shipping parcels movers storage packaging signs graphics
    marketing photography events productions promotions hair hairdressers hairdressing lashes brows
    aesthetics tanning massage boxing snooker club leisure laundry dry-cleaners drycleaners cobblers
    tattoos piercing ink vintage boutique fashions fashion clothing footwear trainers outlet discount
    pound bargains catering caterers hospitality care carehome homes nursing pharmacy surgery
    practice veterinary garden centre showroom warehouse yard mill works foundry plant
""".split())
#: Words that only carry on a care home's name ("Highfield Residential Home").
WORK_WORDS = WORK_WORDS | frozenset({"residential"})
#: Trades that end the names of small firms ("greenfingers gardening", "kershaw recovery", "J & M
#: Scrap", "hsb windows", "guardian door supervisors").
WORK_WORDS = WORK_WORDS | frozenset("gardening recovery scrap nurseries stables tuning windows supervisors".split())
_WORK_END = WORK_WORDS - frozenset("""
    food store stores kitchen chicken wash cash carry express cars services solutions
    coffee wings sweets hair glass waste pound garden centre yard works plant homes care practice surgery
    tiles supply toys gifts flowers club leisure bikes signs events ink discount outlet fashion clothing
    residential
""".split())
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
    tavern brewery bakehouse patisserie steakhouse carvery fisheries hairdressers decorators roofers joiners
    locksmiths florists merchants interiors groundworks motorcycles bodyworks coachworks minicabs caterers
    logistics couriers removals recruitment plumbing electrical takeaways barbershop bakery bakers
    uni pru form kutz fadez grooming plaice masters
""".split())
#: Cues after which the next words are the name whatever they are, up to a word that carries the
#: sentence on ("works at speedy plates, gave", "boss at mojo bar can confirm").
_STRONG_CUES = frozenset(cue.strip() for cue in """
    works at|works for|working at|working for|employed by|employed at|job at|boss at|manager of|manager at|
    payslip from|apprentice at|mechanic at|owner of|staff at|pupil at|student at|attends|attending|
    excluded from|studies at|enrolled at|school:|college:|on roll at|expelled from|kicked out of|
    teacher at|teachers at|head of year at|headteacher at|head teacher at|dsl at|safeguarding lead at|tutor at|
    sch|kids from|kids at|pupils from|pupils at|teacher from|course at|school at|timetable at|
    place of work|place of work is|workplace|workplace is|colleague at|colleagues at|colleague from|co-worker at|
    coworker at|at his work|at her work|keys for
""".replace("\n", "").split("|")) - {""}
#: A job, then within four words "at", "for" or "by": what follows is where they work ("works part
#: time at", "delivery driver for", "does cash in hand shifts at", "bar staff at"). Not jobs that
#: are common surnames or open other words (cook, porter, rider, picker, intern).
_JOB_WORDS = (r"(?:work|employ|job|shift|staff|manager|boss|owner|chef|cleaner|driver|mechanic|apprentic"
              r"|barber|waiter|waitress|cashier|labourer|placement|volunteer|trainee|payslip|wages|paid"
              r"|deliver|courier|receptionist|carer|nurse|assistant|operative|stacker|barista|bartender|doorman"
              r"|bouncer|security|builder|plumber|electrician|hairdresser|stylist|contractor|supervisor|technician"
              r"|drives|labour|sparky|helps[ ]out|trial|front[ ]of[ ]house|does[ ]the[ ]door|cash[ ]in[ ]hand"
              r"|kitchen[ ]porter)")
_JOB_WORD = WordFinder(_JOB_WORDS, apart="[^a-z]")
#: The words between may not say what someone should or must do: "supervisors should check grounds
#: for vague wording" is advice to a force (members write it), not where a supervisor works.
_ADVICE = r"(?:should|must|need|needs|could|would|will|can|to)"
_JOB_AT = re.compile(r"(?<![a-z])" + _JOB_WORDS + r"[a-z]*(?:[ ](?!" + _ADVICE + r"[ ])[a-z'&]+){0,4}?[ ]"
                     r"(?:at|for|by|from|with)[ ](?:the[ ])?")
#: What keys open that is nobody's workplace.
_KEPT_UNDER_KEY = frozenset("car cars van vans house flat home bike moped door doors safe locker cell his her their my".split())
_STOP = frozenset("""
    on in at near by and or but he she they his her their was is were can could will would said says
    to from for with who which that where when then after before as of the a an it its gave give has had
    about around over under behind opposite outside inside court hospital custody mosque church gym
    appointment appointments meeting meetings home work school college approx approximately roughly
    within into onto towards toward across along through past throughout so because cos coz if until
    while whilst since
""".split())
#: What follows a cue without naming anything: a time ("works at night", "at the moment"), the
#: scene, the person themselves, or a kind of place with no name ("staff at the shop").
_NOTHING_NAMED = frozenset("""
    moment moments time times night nights day days weekend weekends morning mornings evening evenings
    afternoon afternoons minute present same scene address location incident property premises venue
    himself herself themselves myself yourself shop store site place job weekday weekdays week least
    all most least once
""".split())
#: The signs of English pubs: "the (black) horse", "the (red) lion", "the (royal) oak".
_PUB_SIGNS = """horse horses lion hart oak swan plough bull anchor crown feathers wheatsheaf greyhound fox
    hare hounds stag globe mitre unicorn boar eagle pheasant woolpack grapes harp tavern vaults ship
    volunteer cricketers sportsman bell george dragon cock magpie ram keys tuns chequers compasses bells
    partridge duck""".split()
#: "The Nags Head", "the King's Head": a head after a possessive or a plural.
_PUB = re.compile(r"the[ ](?P<before>(?:[a-z'’]+[ ]){0,2}?)(?:" + word_trie(_PUB_SIGNS, starts_word=False)
                  + r"|[a-z]+(?:s|'s|’s)[ ]head)(?![a-z'’])")
#: What may follow a pub's name ("the black horse where", "the red lion pub").
_PUB_AFTER = frozenset("""pub inn where which when car carpark beer garden bar area earlier later tonight yesterday
    today again last this previously recently""".split())
#: Who an officer works with: no workplace's name starts with them.
_COLLEAGUES = frozenset("""
    another other colleague colleagues officer officers pc ps dc ds pcso pcsos sgt insp inspector tpc spc tdc
    sergeant constable detective my his her their your
""".split())
_STREETS_AFTER_HIGH = frozenset("street st road rd school".split())
#: More words that end small businesses' names, and only end them: barbers' ("Fade Masters", "Kutz",
#: "Mr Fadez", "Clean Cuts"), chip shops' puns ("Tasty Plaice"), "Zone" ("Hand Car Wash Zone").
#: Inside a name they are its distinctive words ("Zone Barbers"), so they are no WORK_WORDS.
_ENDS_ONLY = frozenset("cuts kutz fadez trims grooming threading plaice frier friers pizzas masters zone".split())
#: Guest houses and hostels ("FR Lodge", "t2g lodge", "northern lodge"): "lodge" ends their names
#: and only ends them (a "lodge" alone, or "the lodge", names nothing).
_ENDS_ONLY = _ENDS_ONLY | frozenset({"lodge"})
_ENDS = _SCHOOL_END | _WORK_END | _ENDS_ONLY
#: Titles that open a person's name inside an institution's name.
_OPENING_TITLES = frozenset("sir dame king queen prince princess lord lady bishop archbishop cardinal duke st st. saint".split())
#: "y" and "yr" are Welsh for "the" ("Pen y Dre High", "Ysgol y Berllan Deg").
_CONNECTORS = frozenset("of the st st. saint our lady holy and & de la mary's marys john's y yr".split())
_SCHOOL_CUES = (
    "pupil at", "pupil of", "student at", "students at", "attends", "attending", "attended", "goes to",
    "studies at", "studying at", "excluded from", "enrolled at", "school is", "school:", "college:", "student",
    "school -", "sixth form at", "studies", "pupil", "school", "on roll at", "expelled from", "kicked out of",
    # the staff of a school name it: "his head of year at Parkside", "DSL at St Anne's"
    "teacher at", "teachers at", "head of year at", "headteacher at", "head teacher at", "dsl at",
    "safeguarding lead at", "tutor at",
    # shorthand and the people around a school ("sch Rawmarsh", "kids from Abbey Grange", "teacher from
    # hopwood hall", "doing a course at cardiff met", "on a part time timetable at")
    "sch", "kids from", "kids at", "pupils from", "teacher from", "course at", "school at", "timetable at",
)
_WORK_CUES = (
    "works at", "works for", "working at", "working for", "work at", "employed by", "employed at",
    "employer", "job at", "employee at", "employee of", "works in", "shift at", "apprentice at",
    "apprenticeship at", "staff at", "manager at", "manager of", "owner of", "owns", "works", "employed",
    "boss at", "payslip from", "mechanic at",
    # where officers record a job in so many words, and who works beside someone
    "place of work", "place of work is", "workplace", "workplace is", "colleague at", "colleagues at",
    "colleague from", "co-worker at", "coworker at",
    # where officers find someone at work, and what staff carry ("arrest him at his work, fishy
    # business,", "had keys for the coffee pot on him")
    "at his work", "at her work", "keys for",
)
_CUE_KEYS = register_cues(_SCHOOL_CUES + ("year", "yr") + _WORK_CUES)
_CUE = re.compile(
    r"(?P<cue>" + "|".join(sorted((re.escape(c) for c in _SCHOOL_CUES + _WORK_CUES), key=len, reverse=True)) + r")"
    r"(?:[ ](?:at|the|in|for|by))?[ ]*[:,-]?[ ]*"
)
#: Cue words as officers mistype them at the end of a shift ("wroks at", "stff at", "managr of",
#: "attedns"), with the kind of place each names; "attends"/"attending" need no "at" after them.
_SLIPPABLE_CUES = {
    "works": "WORKPLACE", "working": "WORKPLACE", "employed": "WORKPLACE", "employee": "WORKPLACE",
    "apprentice": "WORKPLACE", "staff": "WORKPLACE", "manager": "WORKPLACE", "mechanic": "WORKPLACE",
    "owner": "WORKPLACE", "payslip": "WORKPLACE", "pupil": "SCHOOL", "student": "SCHOOL", "attends": "SCHOOL",
    "attending": "SCHOOL", "studies": "SCHOOL", "excluded": "SCHOOL", "enrolled": "SCHOOL", "expelled": "SCHOOL",
}
_NO_LINK_NEEDED = frozenset({"attends", "attending"})
#: What joins such a cue to the place's name, and the slips of "from" ("froom", "frm", "form").
_LINKS = frozenset("at for by of from".split())
_SLIPPABLE_LINKS = ("from",)
_LINK_SLIPS = frozenset(slip for link in _SLIPPABLE_LINKS for slip in slips(link)) - _LINKS
_YEAR_AT = re.compile(r"(?:year|yr|y)[ ]?\d{1,2}[ ]+(?:at|of|in)[ ]+")
#: A young person's age and then where they are: "aged 15 and at St Mary's", "16y/o and at".
_AGE_AND_AT = re.compile(r"(?:aged?[ ]?\d{1,2}|\d{1,2}[ ]?(?:y/?o|yrs?|years?)(?:[ ]old)?)[ ]+and[ ]+at[ ]+")
#: Titles that open the names of church schools ("Archbishop Beck", "Bishop Stopford", "Cardinal
#: Newman", "Our Lady of Lourdes") and Welsh schools and colleges ("Ysgol Glan Taf", "Coleg Gwent",
#: "Grwp Llandrillo Menai"):
#: the title is part of the name, and the words after it run on as after a cue.
_TITLED = re.compile(r"(?<![a-z])(?:archbishop|bishop|cardinal|our[ ]lady(?:[ ]of|'s|’s)?|ysgol|coleg|grwp)[ ]+")
_BEFORE_A_SCHOOL = frozenset("at to from of outside near inside by the attends attending attended pupil student".split())
_TITLE_WORDS = ("bishop", "cardinal", "our lady", "ysgol", "coleg", "grwp")
#: Faith words inside a school's name: the words before them belong to it too ("trinity cofe high").
_FAITH = frozenset("ce rc cofe catholic".split())
#: Two or more capitalised words in a row, in a text not typed in capitals: whole words (a run
#: ending inside "GoGo" or starting inside "McDonald" would leave the rest of the word to leak,
#: the recall-first pass taking a word a detection touches as covered).
_CAPITALISED_RUN = re.compile(r"[A-Z](?<![\w'’][A-Z])[a-z]+(?![^\W_])(?:[ ][A-Z][a-z]+(?![^\W_]))+")
#: Where a business is: "at", "outside", "inside"... before its name ("outside Speedy Plates",
#: "at The Black Horse"; not "in Moss Side", an area).
_AT_A_PLACE = ("at ", "outside ", "inside ", "at the ", "outside the ", "inside the ", "in the ", "into the ",
               "from the ", "behind the ")
#: Other words before a place, which also come before statutes ("of the Misuse of Drugs Act") and
#: districts ("to Waltham Forest"): after these a run naming a place or an Act is not a business.
_NEAR_A_PLACE = ("in ", "of ", "of the ", "near ", "near the ", "into ", "to ", "to the ",
               "from ", "by ", "by the ", "opposite ", "opposite the ", "behind ", "towards ", "towards the ",
               "past ", "past the ", "beside ", "beside the ", "next to ", "next to the ", "outta ", "front of ")
_STREET_TYPES = frozenset(STREET_TYPES.lower().split("|"))
_STATUTE_WORDS = frozenset("act acts order regulations code justice criminal drugs firearms substances misuse".split())
#: Words after a place that make it a police or public building ("Stoke Newington custody").
_PUBLIC_BUILDING_AFTER = frozenset("custody police station court hospital".split())
_NOT_A_BUSINESS = frozenset("""
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december christmas easter police
""".split())
#: "Fried Chicken" ends a takeaway's name; "chicken" alone does not.
#: So do "Sixth Form" ("Hills Road Sixth Form"), "Learning Campus", and the homes and centres of
#: care ("Cherry Tree care home", "Oakwood Nursing Home", "Willow Court Care Centre").
_ENDING_PAIRS = frozenset({("fried", "chicken"), ("sixth", "form"), ("learning", "campus"), ("care", "home"),
                           ("nursing", "home"), ("residential", "home"), ("care", "centre"),
                           # a family firm: "Nwosu and Daughters", "Patel and Son"
                           ("and", "son"), ("and", "sons"), ("and", "daughter"), ("and", "daughters"),
                           ("car", "wash"),
                           # a wholesaler or a corner shop: "krishna cash and carry", "haile food store"
                           ("and", "carry"), ("food", "store"), ("food", "stores"),
                           # "Meadow Vale Garden Centre", "Bismillah Sweet Centre"
                           ("garden", "centre"), ("sweet", "centre")})
_PAIRS_END = frozenset(second for _, second in _ENDING_PAIRS)
_ENDING = WordFinder(word_trie(sorted(_ENDS), starts_word=False) + r"(?![a-z])", apart=r"[\W_]")
#: The pairs as written, for a substring test ("home" alone is common; "care home" is not).
_PAIRS_WRITTEN = tuple(f"{first} {second}" for first, second in sorted(_ENDING_PAIRS))
_MAX_WORDS = 6
_POSSESSIVES = frozenset("his her their my your".split())


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
        found = _businesses_by_capitals(view, vocabulary or default_vocabulary()) + _pubs(view) + _r_us(view) + (
            _named_units(view) + _names_worn(view) + _schools_as_details(view) + _opened_by_a_trade(view)
            + _named_by_its_owner(view) + _places_of_staff(view, vocabulary or default_vocabulary())
            + _places_by_their_toilets(view) + _named_stores(view) + _named_before_a_trade(view)
            + _schools_of_trusts(view) + _names_with_n(view)
            + _schools_after_where(view)
            + _metropolitan_universities(view, vocabulary or default_vocabulary()) + _schools_on_streets(view))
        yards = _firms_yards(view, vocabulary or default_vocabulary())  # not run on over "yard" by _to_the_end
        found += _where_they_work(view, vocabulary or default_vocabulary())
        found += _schools_after_ages(view, vocabulary or default_vocabulary())
        slips = _slipped_cues(view.lowered)
        if not cues and first_job is None and not aged and not titled and not slips and _ENDING.first(view.lowered) is None and (
                not any(pair in view.lowered for pair in _PAIRS_WRITTEN)):
            # most texts name no school or business: skip the word-by-word reading
            return _wherever_it_recurs([_with_the(d, view.lowered) for d in found] + yards, view.lowered)
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
                    _word_before(view.lowered, position) in _GENERIC) and not (
                    _word_before(view.lowered, position) in _POSSESSIVES and starts.get(cue.end()) is not None
                    and _name_like(tokens[starts[cue.end()]][2], vocabulary, capitals)):
                continue  # "at school", "after school": the word, not a name (but "his school Parkside")
            first = starts.get(at)
            if first is not None:
                strong = year is not None or (cue is not None and cue.group("cue").strip() in _STRONG_CUES)
                span = _after_strong_cue(tokens, first, view.text) if strong else None
                if span is None and strong and plain(tokens[first][2]) in _NOTHING_NAMED:
                    continue  # "works at the moment", "staff at the scene"
                if cue is not None and cue.group("cue") == "keys for" and plain(tokens[first][2]) in _KEPT_UNDER_KEY:
                    continue  # "keys for the car", "keys for his flat"
                span = span or _forwards(tokens, first, vocabulary, kind, capitals)
                if span is not None:
                    found.append(Detection(tokens[span[0]][0], tokens[span[1]][1], _kind_of(tokens, span, kind)))
        for i in (k for k, token in enumerate(tokens) if plain(token[2]) in slips) if slips else ():
            # A mistyped cue: the name after it, as after the cue itself ("wroks at Kaz Motors").
            cue = slips[plain(tokens[i][2])]
            k = i + 1
            if cue not in _NO_LINK_NEEDED:
                if k >= len(tokens) or plain(tokens[k][2]) not in _links():
                    continue
                k += 1
            if k < len(tokens) and plain(tokens[k][2]) == "the":
                k += 1
            span = _after_strong_cue(tokens, k, view.text) if k < len(tokens) else None
            if span is not None:
                found.append(Detection(tokens[span[0]][0], tokens[span[1]][1],
                                       _kind_of(tokens, span, _SLIPPABLE_CUES[cue])))
        for at_school in aged + titled:
            first = starts.get(at_school.end())
            span = _after_strong_cue(tokens, first, view.text) if first is not None else None
            if span is not None:
                # A title is part of the name ("Archbishop Beck"); an age is not.
                start = at_school.start() if at_school in titled else tokens[span[0]][0]
                found.append(Detection(start, tokens[span[1]][1], "SCHOOL"))
        could_end = _COULD_END
        for i, (_, _, word) in enumerate(tokens):
            could = could_end.get(word)
            if could is None:
                could = _could_end(word)
            if not could:
                continue  # most words: one lookup
            whole = plain(word)
            key = _last_part(whole) if "&" in whole else whole
            if key in _ENDS or (key in _PAIRS_END and i and (plain(tokens[i - 1][2]), key) in _ENDING_PAIRS) or (
                    key != whole and (key in WORK_WORDS or key in _AFTER_AND)):
                if key == "high" and i + 1 < len(tokens) and plain(tokens[i + 1][2]) in _STREETS_AFTER_HIGH and (
                        view.text[tokens[i][1]:tokens[i + 1][0]] == " "):
                    continue  # "High Street" (not "Cathays High?? (school said ...")
                named = _of_a_place(tokens, i, vocabulary, capitals) if key in _OF_A_PLACE else None
                if named is not None:
                    found.append(Detection(tokens[i][0], tokens[named][1], "SCHOOL"))  # "University of South Wales"
                    continue
                span = _backwards(tokens, i, vocabulary, capitals) or _after_where_a_business_is(
                    tokens, i, key, view.text, vocabulary)
                if span is not None:
                    found.append(Detection(tokens[span[0]][0], tokens[span[1]][1],
                                           "SCHOOL" if key in SCHOOL_WORDS else "WORKPLACE"))
        return _wherever_it_recurs(
            [_with_the(_to_the_end(d, tokens, starts, view.text, vocabulary), view.lowered) for d in found] + yards,
            view.lowered)


#: Each word as written, and whether it can end an institution's name (what the ending loop of
#: :meth:`InstitutionRecogniser.analyse` asks of every word, remembered: the same words recur).
_COULD_END: dict[str, bool] = {}


def _could_end(word: str) -> bool:
    whole = plain(word)
    key = _last_part(whole) if "&" in whole else whole
    could = key in _ENDS or key in _PAIRS_END or (key != whole and (key in WORK_WORDS or key in _AFTER_AND))
    if len(_COULD_END) > 200_000:
        _COULD_END.clear()  # a bound on memory over millions of texts
    _COULD_END[word] = could
    return could


#: Institutions named after a place with "of": "University of South Wales", "Uni of Salford".
_OF_A_PLACE = frozenset({"university", "uni"})


def _of_a_place(tokens, i: int, vocabulary: Vocabulary, capitals: bool) -> int | None:
    """The last word of "<university> of <place>" starting at ``tokens[i]``: one to three words
    after "of" that are capitalised (where capitals mean something) or places."""
    if i + 2 >= len(tokens) or plain(tokens[i + 1][2]) != "of":
        return None
    last = None
    for k in range(i + 2, min(i + 5, len(tokens))):
        if tokens[k][0] - tokens[k - 1][1] != 1:
            break  # "University of South Wales), Rhodri": the name ends at the bracket
        word = tokens[k][2]
        key = plain(word)
        if key in _STOP or not word.isalpha() or not (
                (capitals and word[0].isupper()) or vocabulary.flags.get(key, 0) & PLACE):
            break
        last = k
    return last


#: "(16, Dixons Trinity Chapel)", "(15, Bluecoat Aspley)": a young person's age, then a name in
#: capitals in brackets, is where they are at school. Not a place, a nationality, an identity code
#: or how they are described.
_AGE_THEN_NAME = re.compile(
    r"\((?:aged?[ ])?(?:1[0-9]|[5-9])(?:[ ]?(?:yrs?|yo|y/o))?,[ ]*(?P<name>[A-Z][\w'’-]*(?:[ ](?:[\w'’-]+|\d{1,2}-\d{2}))"
    r"{1,5})[ ]*[),]"
)
_NOT_A_SCHOOL = frozenset("""
    white black asian mixed british irish english scottish welsh polish romanian male female boy girl excluded
    looked after care leaver missing unknown not known no fixed abode nfa
""".split())


def _schools_after_ages(view: TextView, vocabulary: Vocabulary) -> list[Detection]:
    text = view.text
    if "(" not in text or "," not in text or text == text.upper():
        return []  # no brackets, or typed in capitals (where capitals say nothing)
    found = []
    for match in _AGE_THEN_NAME.finditer(text):
        words = match.group("name").split()
        keys = [plain(word) for word in words]
        if any(key in _STOP or key in _NOT_A_SCHOOL or key in _GENERIC for key in keys):
            continue
        if not all(word[0].isupper() or word[0].isdigit() or key in _CONNECTORS for word, key in zip(words, keys)):
            continue
        if all(vocabulary.flags.get(key, 0) & PLACE for key in keys if key.isalpha()):
            continue  # "(16, Moss Side)": where they live
        found.append(Detection(*match.span("name"), "SCHOOL"))
    return found


#: "at Nando's Cabot Circus where he works", "outside Kaz Motors where she worked": the words
#: between "at" (or "outside", "in", "from") and "where he works" are the workplace.
_WHERE_THEY_WORK = re.compile(
    r"(?:at|in|outside|from|inside)[ ]+(?P<name>(?:the[ ]+)?[\w'’&.-]+(?:[ ][\w'’&.-]+){0,5})[ ]*,?[ ]+where[ ]"
    r"(?:he|she|they|s?he|the[ ]ip|ip)[ ](?:works?|worked|is[ ]employed|was[ ]employed)(?![a-z])"
)


def _where_they_work(view: TextView, vocabulary: Vocabulary) -> list[Detection]:
    """A name, not "in town where he works": a word in it is capitalised (where capitals mean
    something) or no ordinary word."""
    lowered = view.lowered
    if " where " not in lowered or " work" not in lowered and " employed" not in lowered:
        return []
    capitals = view.text != view.text.upper()
    found = []
    for match in _WHERE_THEY_WORK.finditer(lowered):
        words = match.group("name").split()
        if words[0] == "the":
            words = words[1:]
        if not words or any(word in _STOP and word != "the" or word in _NOTHING_NAMED for word in words):
            continue
        written = view.text[match.start("name"):match.end("name")].split()
        if any((capitals and w[0].isupper()) or not vocabulary.flags.get(plain(w), 0) & SAFE for w in written if w != "the"):
            found.append(Detection(*match.span("name"), "WORKPLACE"))
    return found


#: A word of letters then digits, or digits then letters: "A1", "M62", "24seven".
_LETTERS_AND_DIGITS = re.compile(r"[A-Za-z]+\d+[A-Za-z]?|\d+[A-Za-z]{2,}")
#: "Kutz R Us", "CARS 'R' US": "R Us" ends only the names of businesses.
_R_US = re.compile(r"(?<![\w'’])([^\W\d_][\w'’&-]*(?:[ ][^\W\d_][\w'’&-]*)?)[ ]+['\"‘“]?r['\"’”]?[ ]+us(?![\w'’])")


def _r_us(view: TextView) -> list[Detection]:
    """Businesses named the way of "Toys R Us": one or two words, then "R Us"."""
    lowered = view.lowered
    if "r us" not in lowered and "r' us" not in lowered and "r’ us" not in lowered and 'r" us' not in lowered \
            and "r” us" not in lowered:
        return []  # most texts: five substring tests
    found = []
    for match in _R_US.finditer(lowered):
        words = match.group(1).split()
        while words and words[0] in _STOP | _GENERIC:
            words = words[1:]  # "at kutz r us": the name, not the word before it
        if words:
            found.append(Detection(match.end(1) - len(" ".join(words)), match.end(), "WORKPLACE"))
    return found


#: The endings of the places a young person out of school goes instead: "Fairfield Pupil Referral
#: Unit", "Pathways Alternative Provision", "Greenhill Centre (PRU)", "phoenix learning centre".
_UNIT_ENDING = re.compile(r"[ ](?:pupil[ ]referral[ ]unit|alternative[ ]provision|learning[ ]centre|centre[ ]\(pru\))(?![\w'’])")


def _named_units(view: TextView) -> list[Detection]:
    """Such a place with one to three words of its own before the ending (not "the pupil referral
    unit", "a learning centre")."""
    lowered = view.lowered
    if "referral unit" not in lowered and "provision" not in lowered and "centre" not in lowered:
        return []
    found = []
    for ending in _UNIT_ENDING.finditer(lowered):
        start, taken = ending.start(), 0
        before = lowered[:ending.start()].split(" ")  # whole words only
        for word in reversed(before[-3:]):
            key = word.strip("'’")
            if not key or not key.replace("'", "").replace("’", "").isalpha() or key in _GENERIC or key in _STOP or (
                    key in _WHERE_A_BUSINESS_IS or key in _COLLEAGUES):
                break
            start -= len(word) + (1 if taken else 0)
            taken += 1
        if taken:
            found.append(Detection(start, ending.end(), "SCHOOL"))
    return found


#: A firm's name on what someone wears or carries: "a rees car sales lanyard", "his bombay nights
#: hi vis", "a t shirt with castle cars printed on it".
_WORN = re.compile(
    r"(?:(?<![a-z])(?:a|his|her|their|in|with)[ ](?P<name>(?:[a-z0-9&'’-]+[ ]){1,4}?)(?:lanyard|lanyyard|hi[ -]?vis|hi[ -]?viz|tabard)"
    r"|(?<![a-z])with[ ](?P<printed>(?:[a-z0-9&'’-]+[ ]){1,4}?)printed[ ]on"
    r"|(?<![a-z])(?:a|his|her|their|in)[ ](?P<school>(?:[a-z0-9&'’-]+[ ]){1,4}?)(?:pe[ ]kit|blazer|uniform))(?![a-z])")
#: Words of what is worn that are no firm's: colours, "work", who issued it.
_NOT_A_FIRM_WORN = frozenset("""
    yellow orange green red blue black white grey pink purple reflective high own old new work works company firm
    staff security police council school college uniform logo name names big small long short dad's mum's
    male female man woman lad girl boy desc description matching wearing ip ip's navy maroon burgundy khaki
    beige brown cream gold silver camo tan dark light bright school
    full smart correct proper army military cadet cadets scout scouts nurse nurse's nurses medical sports
    football rugby prison hospital chef chef's kitchen his her their its same usual full-time
""".split())


_WORN_OPENINGS = ("a ", "his ", "her ", "their ", "the ")
_WORN_WORDS = ("lanyard", "lanyyard", "hi vis", "hi-vis", "hivis", "hi viz", "hi-viz", "hiviz", "tabard", "printed", "pe kit",
               "blazer", " uniform")


def _safe_word(word: str) -> bool:
    from panel_tool.anonymise.vocabulary import default_vocabulary

    return bool(default_vocabulary().flags.get(plain(word), 0) & SAFE)


def _names_worn(view: TextView) -> list[Detection]:
    lowered = view.lowered
    if not any(word in lowered for word in _WORN_WORDS):
        return []  # most texts: a few substring tests
    found = []
    for worn in _WORN.finditer(lowered):
        group = next(g for g in ("name", "printed", "school") if worn.group(g) is not None)
        start, end = worn.span(group)
        while lowered.startswith(_WORN_OPENINGS, start):  # "in his golden dragon hi vis"
            start = lowered.index(" ", start) + 1
        words = lowered[start:end].split()
        if not words:
            continue
        if any(word in _GENERIC or word in _STOP or word in _NOTHING_NAMED or word in _NOT_A_FIRM_WORN or word in _COLLEAGUES
               for word in words):
            continue
        if lowered.startswith("uniform", worn.end() - 7) and any(_safe_word(word) for word in words):
            continue  # "in Beckfoot uniform", but a known word before it is a shop's or a trade's ("in Tesco uniform")
        found.append(Detection(start, start + len(lowered[start:end].rstrip()), "SCHOOL" if group == "school" else "WORKPLACE"))
    return found


#: A school written as one detail of a list, between slashes, commas or dashes ("25-07-2012 /
#: cedar park high / mum", "NE19 9PH - greenfield primary"): the separators say it is a name.
_SCHOOL_AS_A_DETAIL = re.compile(
    r"(?:^|[/,;(]|[ ][-–])[ ]*(?P<name>(?:[a-z][a-z'’]*[ ]){1,3}(?:high|primary|juniors|infants))"
    r"[ ]*(?=$|[/,;)]|[ ][-–][ ]|\.(?:[ ]|$))")


#: Words before "high" that make it a level, not a school.
_HIGH_AS_A_LEVEL = frozenset("""
    risk threat tension tensions very too so really level levels emotion emotions spirits temper running flying
    sky knee waist chest shoulder head feeling felt price prices temperature was is got getting stood sat
""".split())


#: A school of one word and "high" or "primary" right after where someone was or is from ("outside
#: dinnington high", "throuhg hawthorn primary", "FROM KIRKBY HIGH"), whatever case it is in.
_BEFORE_A_ONE_WORD_SCHOOL = frozenset("at outside from to near by of through throuhg into attends attended attending".split())
_ONE_WORD_SCHOOL_ENDS = (" high", " primary", " juniors", " infants")
_OWN_WORD = re.compile(r"[a-z][a-z'’]{2,}")
_A_STREET_NEXT = re.compile(r"[ ](?:street|st|road|rd)(?![a-z])")


def _schools_after_where(view: TextView) -> list[Detection]:
    """Such a school, where its own word is no ordinary word of the sentence or a level ("from very
    high", "at risk high", "to his primary" name none), nor is "High Street" one. Found from each
    ending, the two words before it read back (a scan of the whole text costs more)."""
    lowered = view.lowered
    found = []
    for ending in _ONE_WORD_SCHOOL_ENDS:
        at = lowered.find(ending)
        while at != -1:
            end = at + len(ending)
            if end == len(lowered) or not (lowered[end].isalnum() or lowered[end] in "'’"):
                words = lowered[max(0, at - 40):at].split(" ")
                if len(words) >= 2 and (len(words) >= 3 or at <= 40) and words[-2] in _BEFORE_A_ONE_WORD_SCHOOL and (
                        _OWN_WORD.fullmatch(words[-1])) and not _A_STREET_NEXT.match(lowered, end) and not any(
                        words[-1] in kept for kept in (_GENERIC, _STOP, _NOTHING_NAMED, _COLLEAGUES, _HIGH_AS_A_LEVEL,
                                                       SCHOOL_WORDS, _WHERE_A_BUSINESS_IS)):
                    found.append(Detection(at - len(words[-1]), end, "SCHOOL"))
            at = lowered.find(ending, end)
    return found


#: A school told from others only by its street: "the PRU on Cross St", "the academy on Leeds Road".
_SCHOOLS_ON = register_cues(("pru", "academy", "college", "school", "unit"))
_SCHOOL_ON_A_STREET = re.compile(
    r"(?<![a-z])the[ ](?:pru|academy|college|school|unit)[ ]on[ ](?P<street>[a-z][a-z'’-]*(?:[ ][a-z][a-z'’-]*)?)[ ]"
    r"(?:" + STREET_TYPES.lower() + r")(?![a-z])")


def _schools_on_streets(view: TextView) -> list[Detection]:
    """Such a school, the street its own name ("the school on the corner" names no street)."""
    lowered = view.lowered
    if not view.has_cues(_SCHOOLS_ON.bit) or " on " not in lowered:
        return []  # most texts
    return [Detection(*match.span(), "SCHOOL") for match in _SCHOOL_ON_A_STREET.finditer(lowered)
            if not any(word in _STOP or word in _GENERIC for word in match.group("street").split())]


#: A metropolitan university by its short name: a town, then "Met" ("Cardiff Met", "manchester
#: met"); not the verb ("Leeds met us", "Hunt met him") nor the police ("the Met").
_MET_CUE = register_cues(("met",))
_MET = re.compile(r"(?<![\w'’])(?P<town>[a-z]+)[ ]met(?![\w'’])(?![ ](?:us|him|her|me|them|with|up|a|an|the|his|police|officers?)(?![a-z]))")


def _metropolitan_universities(view: TextView, vocabulary: Vocabulary) -> list[Detection]:
    """Such a university, the word before "met" a town the vocabulary knows."""
    lowered = view.lowered
    if not view.has_cues(_MET_CUE.bit):
        return []
    return [Detection(*match.span(), "SCHOOL") for match in _MET.finditer(lowered)
            if vocabulary.flags.get(match.group("town"), 0) & PLACE and match.group("town") not in _STOP]


def _schools_as_details(view: TextView) -> list[Detection]:
    lowered = view.lowered
    if " high" not in lowered and " primary" not in lowered and " juniors" not in lowered and " infants" not in lowered:
        return []
    found = []
    for detail in _SCHOOL_AS_A_DETAIL.finditer(lowered):
        words = detail.group("name").split()[:-1]
        if any(word in _GENERIC or word in _STOP or word in _NOTHING_NAMED or word in _COLLEAGUES or word in _HIGH_AS_A_LEVEL
               for word in words):
            continue  # "/ his high", "- at primary", "/ risk high /"
        found.append(Detection(*detail.span("name"), "SCHOOL"))
    return found


def _pubs(view: TextView) -> list[Detection]:
    """A pub named the old way, in any case, after where someone was: "coming out of the black
    horse where", "outside the Red Lion,", "at the plough", "to the rose and crown": "the", at most
    two words, then a pub's sign (horse, lion, plough...), then nothing that carries the noun on."""
    lowered = view.lowered
    if "the " not in lowered:
        return []
    found = []
    for pub in _PUB.finditer(lowered):
        if not lowered.endswith(_AT_A_PLACE + _NEAR_A_PLACE + ("out of the ",), max(0, pub.start() - 12), pub.start()):
            if not lowered.endswith(("of ", "to ", "by ", "near ", "behind ", "outside ", "inside ", "at ", "from ", "@ ", "for "),
                                    max(0, pub.start() - 8), pub.start()):
                continue
        words = pub.group("before").split()
        if len(words) == 2 and words[1] == "and":
            words = words[:1]  # "the rose and crown", "the dog and partridge": two signs in one name
        if any(word in _STOP or word in _COLLEAGUES or word in _NOTHING_NAMED for word in words):
            continue
        end = pub.end()
        following = lowered[end:end + 24].split()
        after = following[0].strip(",.;:") if following and lowered[end:end + 1] == " " else ""
        if after == "and" and len(following) > 1 and following[1].strip(",.;:") in _PUB_SIGNS:
            end = lowered.index(following[1], end) + len(following[1].strip(",.;:"))  # "the fox and hounds"
        elif after and (after in _PUBLIC_BUILDING_AFTER or after in _STREET_TYPES or after in ("court", "ring") or (
                after not in _STOP and after not in _PUB_AFTER and after not in WORK_WORDS)):
            continue  # "the horse box", "the crown court", "the bull ring"
        found.append(Detection(pub.start(), end, "WORKPLACE"))
    return found


#: A venue or a shop named by its trade then one word of its own ("club tropicana", "BAR ZERO", "cafe
#: mocha", "Caffi Cwtch", "vape hub", "beauty box"), right after where someone was. "vape" can be a
#: verb ("to vape"), so it is not taken after "to" or "from".
_OPENED_BY_A_TRADE = re.compile(
    r"(?<![a-z])(?:(?:at|outside|inside|into|of|leaving|left|attended)[ ](?:the[ ])?"
    r"(?P<name>(?:club|bar|cafe|café|caffi|vape|vapes|beauty)[ ](?P<own>[a-z][a-z'’]+))"
    r"|(?:from|to)[ ](?:the[ ])?(?P<venue>(?:club|bar|cafe|café|caffi)[ ](?P<its>[a-z][a-z'’]+)))(?![\w'’])")
#: The trades as cue words of the shared scan: a text with none of them is passed over with one test.
_TRADES_FIRST = register_cues(("club", "bar", "cafe", "café", "caffi", "vape", "vapes", "beauty"))
#: Words after "club", "bar" or "cafe" that say which part of a venue, or who, not which venue.
_PARTS_OF_A_VENUE = frozenset("""
    staff door doors area areas toilet toilets entrance exit owner owners manager managers night nights
    stool stools counter floor fight fights security bouncer bouncers car park member members meeting
    training session sessions tab bill culture scene shop shops pen pens juice juices products kit
""".split())


def _opened_by_a_trade(view: TextView) -> list[Detection]:
    """Such a venue, where the word after the trade is no ordinary word of the sentence or part of a
    venue ("at club level", "outside bar staff" are not names)."""
    lowered = view.lowered
    if not view.has_cues(_TRADES_FIRST.bit):
        return []  # most texts
    found = []
    for venue in _OPENED_BY_A_TRADE.finditer(lowered):
        name = "name" if venue.group("name") is not None else "venue"
        own = plain(venue.group("own") or venue.group("its"))
        if own in _STOP or own in _GENERIC or own in _NOTHING_NAMED or own in _PARTS_OF_A_VENUE or own in WORK_WORDS or (
                own in SCHOOL_WORDS or own in _STREET_TYPES or own in _COLLEAGUES):
            continue
        found.append(Detection(*venue.span(name), "WORKPLACE"))
    return found


#: A place with staff of its own, told only by them: "detained at pulse by door staff", "leaving THE
#: VENUE after door staff found", "called to the lantern rooms where staff reported" (not "the shop",
#: "the venue": no name of their own).
_STAFFED = re.compile(
    r"(?<![a-z])(?:at|leaving|outside|inside|from|called[ ]to|attended|atended)[ ]"
    r"(?P<name>(?:the[ ])?[a-z0-9][a-z0-9&'’-]*(?:[ ][a-z0-9&'’-]+){0,2}?),?[ ]"
    r"(?:(?:by|after|when)[ ](?:the[ ])?door[ ]staff|where[ ](?:the[ ])?(?:staff|manager|owner|security)"
    r"|(?:after|when)[ ](?:the[ ])?staff[ ](?:said|rang|reported|told|called|saw|found))(?![a-z])")
#: Their cue words in the shared scan, as for each rule below: a text without them costs one test.
_STAFF_SAID = register_cues(("door", "where", "staff"))


def _places_of_staff(view: TextView, vocabulary: Vocabulary) -> list[Detection]:
    """Such a place, where no word of its name carries the sentence on, names no place at all, or
    is a part of a venue ("at the door by door staff", "called to the address where staff"), nor
    ends in a town ("at currys boston after staff saw": the town must stay)."""
    lowered = view.lowered
    if not view.has_cues(_STAFF_SAID.bit) or " staff" not in lowered and " manager" not in lowered and (
            " owner" not in lowered and " security" not in lowered):
        return []  # most texts
    found = []
    for place in _STAFFED.finditer(lowered):
        words = place.group("name").split()
        if words[0] == "the":
            words = words[1:]
        if not words or any(word in _STOP or word in _GENERIC or word in _NOTHING_NAMED or word in _PARTS_OF_A_VENUE
                            or word in _COLLEAGUES or word in _PUBLIC_BUILDING_AFTER or not word.strip("'’").isalnum()
                            or word.isdigit() for word in words):
            continue
        if len(words) > 1 and vocabulary.flags.get(words[-1], 0) & PLACE:
            continue  # a town after the name: which words are the name is not told
        found.append(Detection(*place.span("name"), "WORKPLACE"))
    return found


#: A place told by its toilets: "found in top cutz toilets with", "sat in the hollies toilets at"
#: (not "the school toilets", "the mens toilets", "the public toilets": no name of their own).
_TOILETS_CUE = register_cues(("toilets", "toilet"))
_TOILETS = re.compile(
    r"(?<![a-z])(?:in|into|inside|from|of|outside)[ ](?:the[ ])?(?P<name>[a-z0-9][\w&'’-]*(?:[ ][\w&'’-]+){0,2}?)"
    r"[ ]toilets?(?=[ ](?:with|at|and|on|for|in|where|when|after)(?![a-z])|[,.;)]|$)")
_TOILETS_OF_NO_NAME = frozenset("""
    men mens men's ladies ladies' women womens women's gents girls boys public disabled unisex customer
    customers staff his her their its disabled accessible portable outside inside upstairs downstairs
""".split())


def _places_by_their_toilets(view: TextView) -> list[Detection]:
    """Such a place, where no word of its name is an ordinary word, a part of a venue or a kind of
    toilet, and a name of one word is no kind of place ("the school toilets", "the pub toilets")."""
    if not view.has_cues(_TOILETS_CUE.bit):
        return []  # most texts
    found = []
    for place in _TOILETS.finditer(view.lowered):
        words = [plain(word) for word in place.group("name").split()]
        if any(word in _STOP or word in _GENERIC or word in _NOTHING_NAMED or word in _PARTS_OF_A_VENUE
               or word in _COLLEAGUES or word in _PUBLIC_BUILDING_AFTER or word in _TOILETS_OF_NO_NAME
               or word in _STREET_TYPES or word.isdigit() for word in words):
            continue
        if len(words) == 1 and (words[0] in WORK_WORDS or words[0] in SCHOOL_WORDS):
            continue
        found.append(Detection(*place.span("name"), "WORKPLACE"))
    return found


#: A shop named "<word> stores": "ran into f1 stores", "at phoenix stores" (not "the corner stores",
#: "all stores", "the food stores": no name of their own).
_STORES_CUE = register_cues(("stores",))
_STORES = re.compile(
    r"(?<![a-z])(?:at|into|inside|outside|from|of|behind|leaving|left|attended|atended|to)[ ](?:the[ ])?"
    r"(?P<name>(?P<own>[a-z0-9][\w'’&-]*)[ ]stores)(?![\w'’])")
_STORES_OF_NO_NAME = frozenset("""
    corner local food foods grocery convenience department general village retail army chain other both
    all some many few these those two three several big small new old
""".split())


def _named_stores(view: TextView) -> list[Detection]:
    """Such a shop, where the word before "stores" is no ordinary word, part of a venue or a kind of
    shop."""
    if not view.has_cues(_STORES_CUE.bit):
        return []  # most texts
    found = []
    for shop in _STORES.finditer(view.lowered):
        own = plain(shop.group("own"))
        if own in _STOP or own in _GENERIC or own in _NOTHING_NAMED or own in _PARTS_OF_A_VENUE or own in _COLLEAGUES or (
                own in _STORES_OF_NO_NAME or own in WORK_WORDS or own in SCHOOL_WORDS or own in _STREET_TYPES
                or own.isdigit()):
            continue
        found.append(Detection(*shop.span("name"), "WORKPLACE"))
    return found


#: A takeaway, a cab firm told by its trade word after a name: "outside mama's kitchen", "drives for
#: a2b cabs", "outside golden cars at", "outside lucky star chinese" (not "his nan's kitchen",
#: "outside parked cars", "of two chinese nationals").
_TRADES_LAST = register_cues(("kitchen", "cars", "cabs", "taxis", "chinese"))
_TRADE_LAST = re.compile(
    r"(?<![a-z])(?:at|outside|inside|into|from|for|of|behind|leaving|left|attended|atended)[ ](?:the[ ])?(?P<name>"
    r"(?P<owner>[a-z][a-z-]*)['’]s[ ]kitchen"
    r"|(?P<firm>[a-z0-9][\w'’&-]*)[ ](?:cars|cabs|taxis)"
    r"|(?P<first>[a-z][\w'’&-]*)[ ](?P<second>[a-z][\w'’&-]*)[ ]chinese"
    r"(?![ ](?:nationals?|m[ae]n|males?|females?|wom[ae]n|students?|people|lads?|girls?|boys?|community|new[ ]year)(?![a-z])))"
    r"(?![\w'’])")
_NO_OWNER_OF_A_TRADE = frozenset("""
    mum mums mam mom nan nana nanna gran granny grandma grandad dad da mother father sister brother aunt
    auntie aunty uncle friend mate cousin partner girlfriend boyfriend wife husband son daughter family
    parked passing stolen other two three four both all some many several new used old nearby moving
    police marked unmarked private black white red blue silver grey traffic these those their his her
    no any more most other's someone's somebody's neighbour neighbours people
""".split())


def _named_before_a_trade(view: TextView) -> list[Detection]:
    """Such a business, where no word of its name is an ordinary word of the sentence, one's family,
    or a count or kind of cars."""
    if not view.has_cues(_TRADES_LAST.bit):
        return []  # most texts
    found = []
    for firm in _TRADE_LAST.finditer(view.lowered):
        words = [plain(word) for word in (firm.group("owner"), firm.group("firm"), firm.group("first"),
                                          firm.group("second")) if word is not None]
        if any(word in _STOP or word in _GENERIC or word in _NOTHING_NAMED or word in _COLLEAGUES
               or word in _PARTS_OF_A_VENUE or word in _NO_OWNER_OF_A_TRADE or word in _STREET_TYPES
               or word.isdigit() for word in words):
            continue
        found.append(Detection(*firm.span("name"), "WORKPLACE"))
    return found


#: A business named "<word> n <word>": "at splash n dash", "oftside Splash N Dash" (not "at home n
#: then", "from him n his mate": a word of the sentence on either side).
_N_NAME = re.compile(
    r"(?<![a-z])(?:at|outside|oftside|inside|into|from|of|leaving|left|attended|atended|to|for)[ ](?:the[ ])?"
    r"(?P<name>(?P<a>[a-z][a-z'’]+)[ ]n[ ](?P<b>[a-z][a-z'’]+))(?![\w'’])")


def _names_with_n(view: TextView) -> list[Detection]:
    """Such a business, where neither word is an ordinary word of the sentence, a part of a venue, a
    colleague or one's family."""
    if " n " not in view.lowered:
        return []  # most texts: one substring test
    found = []
    for firm in _N_NAME.finditer(view.lowered):
        words = (plain(firm.group("a")), plain(firm.group("b")))
        if any(word in _STOP or word in _GENERIC or word in _NOTHING_NAMED or word in _COLLEAGUES
               or word in _PARTS_OF_A_VENUE or word in _NO_OWNER_OF_A_TRADE or word in _STREET_TYPES for word in words):
            continue
        found.append(Detection(*firm.span("name"), "WORKPLACE"))
    return found


#: A school of a trust that opens its name: "year 9 Ark Globe", "from dixons allerton", "school
#: e-act heartlands", "sch outwood grange" (not "Noah's ark", "the ark of", "dixons store").
_TRUSTS = register_cues(("ark", "dixons", "e-act", "outwood"))
_TRUST_SCHOOL = re.compile(r"(?<![\w'’-])(?<!the[ ])(?P<name>(?:ark|dixons|e-act|outwood)[ ](?P<own>[a-z][a-z'’-]+))(?![\w'’])")


def _schools_of_trusts(view: TextView) -> list[Detection]:
    """Such a school, the word after the trust's no ordinary word of the sentence nor a firm's."""
    if not view.has_cues(_TRUSTS.bit):
        return []  # most texts
    found = []
    for school in _TRUST_SCHOOL.finditer(view.lowered):
        own = plain(school.group("own"))
        if own in _STOP or own in _GENERIC or own in _NOTHING_NAMED or own in _COLLEAGUES or own in _PARTS_OF_A_VENUE or (
                own in WORK_WORDS or own in _STREET_TYPES or own in _NO_OWNER_OF_A_TRADE):
            continue
        found.append(Detection(*school.span("name"), "SCHOOL"))
    return found


#: A salon or a baker named for its owner: "hair by hayley", "Nails by Nadia", "cakes by kemi", right
#: after where someone was or "shop".
_OWNERS_TRADES = register_cues(("hair", "nails", "lashes", "brows", "beauty", "cakes", "cuts", "styles"))
_BY_ITS_OWNER = re.compile(
    r"(?<![a-z])(?:at|outside|inside|into|of|from|leaving|left|attended|shop)[ ](?:the[ ])?"
    r"(?P<name>(?:hair|nails|lashes|brows|beauty|cakes|cuts|styles)[ ]by[ ](?P<owner>[a-z][a-z'’-]+))(?![\w'’])")


def _named_by_its_owner(view: TextView) -> list[Detection]:
    """Such a business, where the word after "by" is no ordinary word of the sentence ("hair by the
    roots", "nails by his side" are not names)."""
    lowered = view.lowered
    if not view.has_cues(_OWNERS_TRADES.bit) or " by " not in lowered:
        return []  # most texts
    return [Detection(*match.span("name"), "WORKPLACE") for match in _BY_ITS_OWNER.finditer(lowered)
            if match.group("owner") not in _STOP and match.group("owner") not in _GENERIC
            and match.group("owner") not in _COLLEAGUES and match.group("owner") not in _NOTHING_NAMED]


#: A firm's yard: "in Pizza GoGo yard at", "climb into Veezu yard over", "in polski sklep smak yard,":
#: one to three words between "in" (or "into", "of", "behind") and "yard".
_YARD_CUE = register_cues(("yard",))
_YARD = re.compile(
    r"(?<![a-z])(?:in|into|of|behind)[ ](?:the[ ])?(?P<name>[\w'’&-]+(?:[ ][\w'’&-]+){0,2}?)[ ]yard"
    r"(?=[ ](?:at|over|of)[ ]|[,.;)]|$)")
#: And in the same way a firm's car park: "in Scrummy Scoops car park because", "in Smokey Joe's car
#: park at 2200" (not "in the pub car park", "in the back car park").
_CAR_PARK_CUE = register_cues(("park",))
_CAR_PARK = re.compile(
    r"(?<![a-z])(?:in|into|of|behind|from|across)[ ](?:the[ ])?(?P<name>[\w'’&-]+(?:[ ][\w'’&-]+){0,2}?)[ ]car[ ]park"
    r"(?=[ ](?:at|over|of|because|with|when|where|after|and|in|on)[ ]|[,.;)]|$)")


def _firms_yards(view: TextView, vocabulary: Vocabulary) -> list[Detection]:
    """Such a firm, where a word of its name is capitalised (where capitals mean something) or no
    ordinary word, and none carries the sentence on ("in the back yard", "into his yard" name none);
    a name of one word must be capitalised ("in the reear yard" is a slip, not a firm). The yard
    itself is no part of the name: "yard" is left in the text."""
    yards = view.has_cues(_YARD_CUE.bit)
    car_parks = view.has_cues(_CAR_PARK_CUE.bit) and " car park" in view.lowered
    if not yards and not car_parks:
        return []
    capitals = view.text != view.text.upper()
    found = []
    for yard in (list(_YARD.finditer(view.lowered)) if yards else []) + (
            list(_CAR_PARK.finditer(view.lowered)) if car_parks else []):
        written = view.text[yard.start("name"):yard.end("name")].split()
        keys = [plain(word) for word in written]
        if keys[0] in _GENERIC or any(key in _STOP or key in _COLLEAGUES or key in _NOTHING_NAMED for key in keys):
            continue
        if (len(written) > 1 or capitals and written[0][0].isupper()) and any(
                _name_like(word, vocabulary, capitals) for word in written):
            found.append(Detection(*yard.span("name"), "WORKPLACE"))
    return found


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
        near = False
        if not view.lowered.endswith(_AT_A_PLACE, max(0, start - 12), start):
            if not view.lowered.endswith(_NEAR_A_PLACE, max(0, start - 12), start):
                continue
            near = True
        words = [plain(word) for word in view.text[start:run.end()].split(" ")]
        if len(words) < 2 and run.group().startswith("The "):
            continue
        following = view.lowered[run.end() + 1:run.end() + 12].split(" ")[0]
        if near and (following in _STATUTE_WORDS or any(
                vocabulary.flags.get(word, 0) & PLACE or word in _STATUTE_WORDS for word in words)):
            continue  # "of the Misuse of Drugs Act", "to Waltham Forest"
        if following not in _PUBLIC_BUILDING_AFTER and all(
                vocabulary.flags.get(word, 0) & SAFE and word not in PLACE_WORDS and word not in _STREET_TYPES
                and word not in _STOP and word not in _NOT_A_BUSINESS and word not in SCHOOL_WORDS for word in words):
            found.append(Detection(start, run.end(), "WORKPLACE"))
    return found


@cache
def _slip_table() -> dict[str, str]:
    """Each mistyped cue word, and the cue it stands for; a slip that is itself a word ("stuff",
    "owned", "pupils") is that word, not a cue."""
    from panel_tool.anonymise.vocabulary import default_vocabulary

    flags = default_vocabulary().flags
    table = {}
    for cue in _SLIPPABLE_CUES:
        for slip in slips(cue):
            if len(slip) >= 4 and not flags.get(slip, 0) & SAFE and slip not in _SLIPPABLE_CUES:
                table[slip] = cue
    return table


@cache
def _links() -> frozenset[str]:
    return _LINKS | {slip for link in _SLIPPABLE_LINKS for slip in slips(link)}


def _slipped_cues(lowered: str) -> dict[str, str]:
    """The mistyped cue words in a text, and the cue words in it when one of what joins them to
    a name is mistyped ("payslip froom"); most texts have neither (two set tests on its words)."""
    table = _slip_table()
    words = lowered.split()
    slipped_link = not _LINK_SLIPS.isdisjoint(words)
    if not slipped_link and table.keys().isdisjoint(words):
        return {}
    found = {word: table[word] for word in words if word in table}
    if slipped_link:
        found.update((word, word) for word in words if word in _SLIPPABLE_CUES)
    return found


def _joined_words(view: TextView) -> list[tuple[int, int, str]]:
    """The text's words, those joined by "&", "." or " & " taken as one."""
    text = view.text
    if ("&" not in text and "." not in text) or _JOIN_BETWEEN_WORDS.search(text) is None:
        # No "&", "& " or "." right before a letter or digit, so no two words are joined: the
        # words as they are (most texts; the list is only read).
        return view.words
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
        # "Bishop" is a surname too ("Dawn BISHOP aged 39"): a school's title only where a
        # place is named ("pupil at Bishop Stopford", "outside bishop vesey's").
        return [m for m in _TITLED.finditer(lowered)
                if not lowered.startswith("bishop", m.start()) or _word_before(lowered, m.start()) in _BEFORE_A_SCHOOL]
    return []  # most texts: the scan, which opens on a lookbehind, is not run at all


def _word_before(lowered: str, position: int) -> str:
    return lowered[max(0, position - 12):position].split()[-1:][0] if lowered[max(0, position - 12):position].split() else ""


def _wherever_it_recurs(found: list[Detection], lowered: str) -> list[Detection]:
    """``found`` with each name found again wherever else the text writes it, in any case and with
    or without "the": officers name a place once with its cue and then bare ("leaving northern lodge
    ..., northern lodge closed and alarm going", "excluded from dinnington high ... fighting outside
    dinnington high")."""
    if not found:
        return found
    out = list(found)
    for written, kind in {lowered[d.start + 4 if lowered.startswith("the ", d.start) else d.start:d.end]: d.type
                          for d in found}.items():
        if " " not in written:
            continue  # one word ("no", "car"): too often an ordinary word elsewhere
        at = lowered.find(written)
        while at != -1:
            end = at + len(written)
            if (at == 0 or not lowered[at - 1].isalnum()) and (end == len(lowered) or not lowered[end].isalnum()) and not any(
                    d.start < end and at < d.end for d in out):
                out.append(_with_the(Detection(at, end, kind), lowered))
            at = lowered.find(written, end)
    return out


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
    whole = plain(tokens[last][2])
    # "Rashid & Sons", "kovalenko & sons" are one token: the words before "&" are the distinctive part
    opening = whole.split("&", 1)[0].strip() if "&" in whole else ""
    distinctive = bool(opening) and opening not in _GENERIC and opening.replace(" ", "").isalpha() and (
        _last_part(whole) in _AFTER_AND)
    strong = _last_part(whole) in _STRONG_ENDS
    k = last - 1
    faith = 0  # words of "c of e" in the name: not counted in how far back its own words may be
    while k >= 0 and last - k <= _MAX_WORDS and tokens[k + 1][0] - tokens[k][1] == 1:
        word = tokens[k][2]
        key = plain(word)
        if key == "e" and k >= 2 and plain(tokens[k - 1][2]) == "of" and plain(tokens[k - 2][2]) == "c":
            first, strong, k, faith = k - 2, True, k - 3, 3  # "hollins c of e high": a faith school, as "cofe"
            continue
        if key in SCHOOL_WORDS or key in WORK_WORDS:
            first = k
            strong = strong or key in _FAITH
        elif _name_like(word, vocabulary, capitals) and key not in _CONNECTORS:
            first, distinctive = k, True
        elif key in _CONNECTORS and k > 0 and _name_like(tokens[k - 1][2], vocabulary, capitals):
            pass
        elif (strong and key in ("and", "of", "&") and last - k < 3 and k > 0 and tokens[k - 1][2].isalpha()
              and plain(tokens[last][2]) in _SCHOOL_END
              and plain(tokens[k - 1][2]) not in _GENERIC):
            pass  # "city of bristol college", "cardiff and vale college": everyday words, lower case
        elif key in _OPENING_TITLES and distinctive:
            first = k  # "Sir John Cass Redcoat School", "King Edward VI Grammar": the title opens it
            break
        elif (strong and key not in _GENERIC and word.isalpha() and last - k - faith <= 3
              and not (key.endswith(("ing", "ed")) and len(key) > 4)):
            # "shipley college", "kings arms", "sweet treats dessert parlour", "wing wah
            # supermarket": any word but a generic one or a verb.
            first, distinctive = k, True
        elif _STARS.fullmatch(word) and plain(tokens[k + 1][2]) == "star":
            first = k  # "5 star builders": the number opens the name
        elif strong and last - k <= 2 and _LETTERS_AND_DIGITS.fullmatch(word):
            first, distinctive = k, True  # "A1 Autos", "M62 Motors": letters and digits, never a house number
        elif distinctive and last - k <= 3 and _LETTERS_AND_DIGITS.fullmatch(word):
            first = k  # "W2J Hand Car Wash": letters and digits open a name already told by its words
        else:
            break
        k -= 1
    return (first, last) if distinctive else None


#: Words right before a business's name that say where someone was ("outside delta taxis", "at
#: the best kebab", "leaving northgate car sales", "called to 5 star builders", "the car park of
#: afghan kabul restaurant"); "in" is left out (a district: "in moss side"), and "for" ("for no
#: insurance", "for weapon found meat cleaver").
_WHERE_A_BUSINESS_IS = frozenset("outside inside at from into leaving left behind of to attended".split())
#: What runs a bus garage or a council depot: no business's own name.
_PUBLIC_SERVICES = frozenset("bus buses coach train rail railway police council fire ambulance nhs petrol".split())
#: Trade words inside a business's name, never its distinctive part: "northgate car sales",
#: "speedy hand car wash", "pak cash and carry".
_TRADE_INSIDE = frozenset("car hand cash and & n".split())
#: A number and "star" open takeaways' and builders' names ("5 star builders", "7 STAR TAKEAWAY").
_STARS = re.compile(r"\d{1,2}")


def _after_where_a_business_is(tokens, last: int, key: str, text: str, vocabulary: Vocabulary) -> tuple[int, int] | None:
    """A business's name of everyday words, where capitals do not tell it ("OUTSIDE DELTA TAXIS",
    "at the best kebab garage"): one to four words before a word that ends such names, right
    after a word that says where someone was (:data:`_WHERE_A_BUSINESS_IS`, and "the"); at least
    one of them distinctive, and none a word that is never the distinctive part of a name, a
    street, a town, a public service or a verb ("outside local takeaway", "at Peckham bus garage",
    "at the chip shop", "to the car wash")."""
    paired = bool(last) and (plain(tokens[last - 1][2]), key) in _ENDING_PAIRS
    if key not in _WORK_END and key not in _ENDS_ONLY and not paired:
        return None  # ends no name, alone or as a pair ("bubbles car wash", "sunny vale care home")
    distinctive = False
    for first in range(last - 1, max(-1, last - 5), -1):
        if text[tokens[first][1]:tokens[first + 1][0]] != " ":
            return None
        written = tokens[first][2]
        word = plain(written)
        if word in _TRADE_INSIDE or paired and first == last - 1:
            pass  # part of the name, but not what tells it from others ("outside the care home" names none)
        elif (written.isalpha() or _LETTERS_AND_DIGITS.fullmatch(written)
              or _STARS.fullmatch(written) and plain(tokens[first + 1][2]) == "star") and not (
                word in _GENERIC or word in _STOP or word in _NOTHING_NAMED or word in _COLLEAGUES
                or word in PLACE_WORDS or word in _STREET_TYPES or word in SCHOOL_WORDS or word in _PUBLIC_SERVICES
                or word in _WHERE_A_BUSINESS_IS or vocabulary.flags.get(word, 0) & PLACE or word.endswith(("ing", "ed"))):
            distinctive = True
        else:
            return None
        before = first - 1
        if before >= 0 and plain(tokens[before][2]) == "the":
            before -= 1
        if distinctive and before >= 0 and plain(tokens[before][2]) in _WHERE_A_BUSINESS_IS and (
                text[tokens[before][1]:tokens[first][0]] in (" ", " the ", " The ", " THE ")):
            return first, last
    return None


#: "Court" and "House" end the names of care homes and offices ("carer at Millstream Court", "works
#: at Rosewood House"); after these words they are a court of law or a home instead.
_HOMES = frozenset("court house".split())
_NOT_A_HOME = frozenset("""
    crown magistrates magistrate's magistrates' county youth family district high coroners coroner's
    supreme appeal appeals tribunal his her their my your our mum's mums dad's dads nan's nans
""".split())


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
        if key in _HOMES and last == k - 1 and plain(tokens[last][2]) not in _NOT_A_HOME:
            last = k  # "Millstream Court": the home's name ends here
            break
        if key in _STOP or not tokens[k][2].replace(" & ", "").replace("&", "").replace("'", "").isalpha():
            break
        last = k
        if k > first and (key in SCHOOL_WORDS or key in WORK_WORDS):
            break  # the name's last word; _to_the_end takes any more such words
    if last is None or plain(tokens[first][2]) in _NOTHING_NAMED and not (
            plain(tokens[last][2]) in SCHOOL_WORDS or plain(tokens[last][2]) in WORK_WORDS):
        return None  # "works at the moment", "staff at the scene"; not "works at Night Owl Taxis"
    if plain(tokens[first][2]) in _COLLEAGUES:
        return None  # "my shift with another officer", "shift with PC 4613"
    return first, last


#: What ends a firm's name after "and" or "&": "cash and carry", "Rashid & Sons", "Mensah and Daughters".
_AFTER_AND = frozenset("carry son sons daughter daughters".split())
#: Words that end a name after a trade word, and only there: "champs boxing gym", "efes kebab
#: house" (a "gym" or a "house" alone names nothing, so neither is a WORK_WORD).
_AFTER_A_TRADE = frozenset("gym house".split())


def _runs_on(last: str, following: str, after_that: str) -> int:
    """How many more words a name ending on ``last`` runs on over: the second word of an ending pair
    ("oak care" + "home"), a gym or house after a trade ("boxing" + "gym"), or "and" and a second
    trade ("crossley plumbing" + "and heating")."""
    if (last, following) in _ENDING_PAIRS or (following in _AFTER_A_TRADE and last in WORK_WORDS):
        return 1
    if following in ("and", "&") and last in WORK_WORDS and after_that in _WORK_END:
        return 2
    return 0


def _to_the_end(found: Detection, tokens, starts: dict, text: str, vocabulary: Vocabulary) -> Detection:
    """An institution runs on over the words that end such names and one place after them:
    "Mensah Cleaning Services", "Tropical Foods Leeds", "Harris Academy Tottenham"."""
    k = next((i for i, t in enumerate(tokens) if t[1] == found.end), None)
    if k is None:
        return found
    end = found.end
    if k + 2 < len(tokens) and plain(tokens[k + 1][2]) == "for" and plain(tokens[k + 2][2]) in ("girls", "boys"):
        k += 2  # "Fairfield High School for Girls"
        end = tokens[k][1]
    if k + 2 < len(tokens) and plain(tokens[k + 1][2]) == "6th" and plain(tokens[k + 2][2]) == "form":
        k += 2  # "Springwood Academy 6th form"
        end = tokens[k][1]
    while k + 1 < len(tokens) and text[tokens[k][1]:tokens[k + 1][0]] == " ":
        key = _last_part(plain(tokens[k + 1][2]))
        if key in ("and", "&") and k + 2 < len(tokens) and plain(tokens[k + 2][2]) in _AFTER_AND:
            k += 2  # "pak cash and carry", "Mensah Cleaning and Sons"
            end = tokens[k][1]
            continue
        if key in SCHOOL_WORDS or key in WORK_WORDS:
            k += 1
            end = tokens[k][1]
            continue
        more = _runs_on(plain(tokens[k][2]), key, plain(tokens[k + 2][2]) if k + 2 < len(tokens) else "")
        if more:
            k += more
            end = tokens[k][1]
            continue
        if vocabulary.flags.get(key, 0) & PLACE and key not in _STOP and key not in _STREETS_AFTER_HIGH:
            end = tokens[k + 1][1]
        elif _closing_number(tokens, k + 1, text):
            end = tokens[k + 1][1]
        break
    return Detection(found.start, end, found.type)


#: A number that ends a business's name ("NAIL BAR 21", "drives for Car 2000"): one to four digits,
#: then the end of the clause or a word that carries the sentence on, never a time, a count or a
#: house number ("Kaz Motors 2 days", "Kaz Motors 21:30", "Kaz Motors 12 Leeds Road").
_NUMBER_IN_A_NAME = re.compile(r"\d{1,4}")
_AFTER_A_NUMBERED_NAME = frozenset("and to where who".split())


def _closing_number(tokens, k: int, text: str) -> bool:
    """Whether ``tokens[k]`` is such a number."""
    if k >= len(tokens) or not _NUMBER_IN_A_NAME.fullmatch(tokens[k][2]):
        return False
    after = text[tokens[k][1]:tokens[k][1] + 2]
    if not after or after[0] in ",;)" or after in (".", ". "):
        return True
    return after[:1] == " " and k + 1 < len(tokens) and tokens[k + 1][0] == tokens[k][1] + 1 and (
        plain(tokens[k + 1][2]) in _AFTER_A_NUMBERED_NAME)


#: "Joint op at Tyre Shack 60 Hanworth Road": the words between "at" (or "outside", "of"...) and an
#: address are the business there. Not "at the address", "at his mum's", "at the junction of".
_BEFORE_ITS_ADDRESS = re.compile(
    r"(?:^|[ (])(?:at|outside|inside|of|from|into)[ ]+(?P<name>(?:the[ ]+)?[^\W\d_][\w'’&.-]*(?:[ ][^\W\d_][\w'’&.-]*){0,3}),?[ ]+$",
    re.IGNORECASE,
)
_NOT_PREMISES = frozenset("home house flat address property premises party mum's mums dad's nan's friend's mate's".split())


def businesses_at_addresses(text: str, found: list[Detection]) -> list[Detection]:
    """``found`` with a WORKPLACE for each business named right before its address."""
    out = list(found)
    for d in found:
        if d.type != "ADDRESS":
            continue
        match = _BEFORE_ITS_ADDRESS.search(text, max(0, d.start - 50), d.start)
        if match is None:
            continue
        words = [plain(word) for word in match.group("name").split()]
        if words[0] == "the":
            words = words[1:]
        if words and not any(w in _STOP or w in _NOTHING_NAMED or w in _NOT_PREMISES or w in _COLLEAGUES for w in words):
            out.append(Detection(match.start("name"), match.end("name"), "WORKPLACE"))
    return out
