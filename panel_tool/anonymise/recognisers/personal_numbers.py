"""Identity numbers with a letter in them: National Insurance numbers and PNC IDs."""


from .detection import PatternRecogniser, changed_letter, slips, word_trie

#: Any two letters: HMRC's own examples use the otherwise invalid ``QQ`` prefix, and so do the
#: training scenarios officers copy from. Anchored on the six digits, which is where a match
#: can be cheaply ruled out.
NI_NUMBER = PatternRecogniser(
    "NI_NUMBER",
    r"[A-Za-z](?<![\w][A-Za-z])[A-Za-z] ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?!\w)",
    anchor=r"[0-9](?<![0-9][0-9])[0-9] ?[0-9]{2} ?[0-9]{2} ?[A-Da-d](?!\w)",
    reach=3,
)

#: Police National Computer ID: two- or four-digit year, slash, serial, check letter.
PNC_ID = PatternRecogniser(
    "PNC_ID",
    r"[0-9](?<![\w/][0-9])(?:(?:\d|\d{3})/\d{5,7}|\d{4,6}/\d{2})[ ]?[A-Za-z](?![\w/])",
    needs="/",
)

#: "passport" as typed: the word, every slip of one letter (:func:`slips`: "pasport", "passprot",
#: "passportt"; :func:`changed_letter`: "passlort"), the usual two-letter slips, and the short forms.
_PASSPORT_WORDS = ("passport", *sorted(slips("passport") | changed_letter("passport")), "paspoort", "passprt",
                   "passpot", "p/port", "ppt", "pp", "travel document", "travel doc")

#: Passport numbers: nine digits in the UK, six to ten letters and digits elsewhere, after the word
#: (or its slips and short forms); digit groups may be split by a space, dash or dot.
PASSPORT = PatternRecogniser(
    "PASSPORT",
    r"(?:" + word_trie(_PASSPORT_WORDS, starts_word=False) + r")(?:[ ]+(?:no|nr|number|num|nbr|#))?\.?[ ]*"
    r"(?:[:=#-]|is|was)?[ ]*(?:\(?[a-z]+\)?[ ]){0,2}?"
    r"((?=[a-z ]*\d)[a-z0-9](?:[a-z0-9]|[ .-](?=\d)){5,11})(?![\w/])",
    groups=(1,),
    keys=_PASSPORT_WORDS,
    lowered=True,
)

#: UK driving licence numbers: five letters of the surname (padded with 9s), six digits of the
#: birth date, two initials (or 9s), a check digit, two letters, and sometimes two more digits.
DRIVING_LICENCE = PatternRecogniser(
    "DRIVING_LICENCE",
    r"[A-Za-z9](?<![\w][A-Za-z9])[A-Za-z9]{4}[ ]?\d{6}[ ]?[A-Za-z9]{2}[ ]?\d[ ]?[A-Za-z]{2}(?:[ ]?\d{2})?(?![\w])",
    anchor=r"[0-9]{6}",
    reach=10,
)

#: After "licence no" or "DL", whatever licence number follows, in any shape.
DRIVING_LICENCE_AFTER_CUE = PatternRecogniser(
    "DRIVING_LICENCE",
    r"(?:driving[ ]licen[cs]e|licen[cs]e|dl|dvla)(?:[ ]+(?:no|number|num|#))?\.?[ ]*(?:[:=#-]|is|was)?[ ]*"
    r"(?:(?:c+h+e+c+k+(?:ed)?|on|of|shows?)[ ]+){0,2}"  # "dvla check on WU999..." (not "check on" as the number)
    r"((?=[a-z9 ]*\d)[a-z0-9](?:[a-z0-9]|[ ](?=[a-z0-9]{2})){7,21})(?![\w/])",
    groups=(1,),
    keys=("driving licence", "driving license", "licence", "license", "dl", "dvla"),
    lowered=True,
)

#: National identity cards and residence permits, recorded as passports are: "ID card no RX
#: 448019", "ID card 55202580 6KM6" (a Portuguese card's number and its check characters), "BRP
#: ZU1988210". The value holds a digit, maybe after a short prefix of letters.
IDENTITY_CARD = PatternRecogniser(
    "PASSPORT",
    r"(?:(?:national[ ])?id(?:entity)?[ ]card|brp|residence[ ]permit)(?:[ ]+(?:no|nr|number|num))?\.?[ ]*[:#=-]?[ ]*"
    r"((?:[a-z]{1,3}[ ])?(?=[a-z]{0,3}\d)[a-z0-9]{5,12}(?:[ ](?=[a-z]{0,2}\d)[a-z0-9]{3,5})?|\d{3}[ ]\d{3}[ ]\d{3})(?![\w/])",
    groups=(1,),
    keys=("id card", "identity card", "national id", "brp", "residence permit"),
    lowered=True,
)
