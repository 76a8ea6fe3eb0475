"""Identity numbers with a letter in them: National Insurance numbers and PNC IDs."""


from .detection import PatternRecogniser

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
    r"[0-9](?<![\w/][0-9])(?:\d|\d{3})/\d{5,7}[A-Za-z](?![\w/])",
    needs="/",
)
