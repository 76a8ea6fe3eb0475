"""Agreement statistics against published worked examples with known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from panel_tool.report.agreement import fleiss_kappa, krippendorff_alpha, percent_agreement, value_counts

nan = np.nan

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 observers x 12 units,
# values 1-5, with missing ratings. Published: nominal alpha = 0.743, ordinal alpha = 0.815.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]

# Fleiss (1971), as worked on Wikipedia's "Fleiss' kappa": 10 subjects, 14 raters each, 5 categories.
# Published: P-bar = 0.378, Pe-bar = 0.213, kappa = 0.210.
FLEISS_1971 = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_krippendorffs_own_example_nominal_and_ordinal():
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, "nominal"), 3) == 0.743
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, "ordinal"), 3) == 0.815
    # The scale's full domain (1 to 5, all used here) gives the same figure.
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, "ordinal", value_domain=[1, 2, 3, 4, 5]), 3) == 0.815
    # Unit 12 (one rating) pairs with nothing and leaves alpha as it is.
    trimmed = [row[:11] for row in KRIPPENDORFF_2011]
    assert krippendorff_alpha(trimmed, "nominal") == pytest.approx(krippendorff_alpha(KRIPPENDORFF_2011, "nominal"))


def test_fleiss_textbook_example():
    kappa = fleiss_kappa(FLEISS_1971)
    assert round(kappa, 3) == 0.210
    assert kappa == pytest.approx(0.20993, abs=5e-5)
    # P-bar of the example is the mean share of agreeing pairs: percent agreement.
    assert round(percent_agreement(FLEISS_1971), 3) == 0.378
    # and kappa = (P - Pe) / (1 - Pe) with the published Pe = 0.213
    p, pe = percent_agreement(FLEISS_1971), 0.2128
    assert kappa == pytest.approx((p - pe) / (1 - pe), abs=1e-3)


def test_percent_agreement_by_hand_with_unequal_raters():
    # unit 1: 3 raters all agree (1.0); unit 2: 4 raters split 2-2, so 2 of 6 pairs agree (1/3);
    # unit 3: a lone rating is left out.
    counts = [[3, 0], [2, 2], [1, 0]]
    assert percent_agreement(counts) == pytest.approx((1 + 2 / 6) / 2)
    assert fleiss_kappa(counts) is None  # raters differ between units


def test_perfect_and_chance_agreement():
    assert krippendorff_alpha([[1, 2, 1, 2], [1, 2, 1, 2]]) == pytest.approx(1.0)
    assert fleiss_kappa([[2, 0], [0, 2], [2, 0]]) == pytest.approx(1.0)
    # raters always disagree: kappa below zero
    assert fleiss_kappa([[1, 1], [1, 1]]) < 0


def test_undefined_is_none_never_nan():
    assert krippendorff_alpha([[1, 2, 3]]) is None  # one rater
    assert krippendorff_alpha([[1, nan], [nan, 2]]) is None  # no unit rated twice
    assert krippendorff_alpha([[1, 1, 1], [1, 1, 1]]) is None  # a single category
    assert krippendorff_alpha([[1, 1], [1, 1]], value_domain=[1, 2]) is None  # 0/0 with the full domain
    assert krippendorff_alpha(np.empty((0, 0))) is None
    assert fleiss_kappa([[3, 0], [3, 0]]) is None  # a single category: chance agreement is 1
    assert fleiss_kappa([[1, 0], [0, 1]]) is None  # one rater a unit
    assert fleiss_kappa([]) is None
    assert percent_agreement([[1, 0], [0, 1]]) is None
    for value in (krippendorff_alpha([[1, 1], [1, 1]]), fleiss_kappa([[2, 0]]), percent_agreement([[0, 0]])):
        assert value is None or not math.isnan(value)
    with pytest.raises(ValueError):
        krippendorff_alpha([[1, 2], [1, 2]], level="interval")
    with pytest.raises(ValueError):
        fleiss_kappa([[-1, 3]])


def test_value_counts_turns_a_rating_matrix_into_kappas_table():
    counts = value_counts(KRIPPENDORFF_2011, [1, 2, 3, 4, 5])
    assert counts.shape == (12, 5)
    assert counts[0].tolist() == [3, 0, 0, 0, 0] and counts[5].tolist() == [1, 1, 1, 1, 0]
    assert counts.sum() == int((~np.isnan(np.array(KRIPPENDORFF_2011))).sum())
