"""The report's colours and patterns for ratings: one definition for the report and the staff
screens' cards, so a rating looks the same on paper and on screen. Standard library only: the
facilitator's and the force's apps import it in their kernels, which must not load pandas."""

# Okabe-Ito: told apart by people with every common kind of colour blindness.
BLUE, ORANGE, GREEN, VERMILLION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#999999"
RATING_COLOURS = {"green": GREEN, "amber": ORANGE, "red": VERMILLION, "none": GREY}
# Each rating colour also has its own pattern, so print in grey and colour-blind readers can still tell them apart.
PATTERNS = {"green": "solid", "amber": "stripes", "red": "cross", "none": "dots"}
