"""cms.text.fold: how the searches and the sorted lists compare names."""

import pytest

from cms.text import fold


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Hénin-Beaumont", "henin-beaumont"),
        ("Marcq-en-Barœul", "MARCQ-EN-BAROEUL"),
        ("Villeneuve-d’Ascq", "villeneuve-d'ascq"),
        ("ÉCOLE  des\tÉlus", "ecole des elus"),
        ("Commune 12", " commune   12 "),
    ],
)
def test_names_compare_without_accents_ligatures_case_or_extra_spaces(written, typed):
    folded = fold(written)
    assert folded == fold(typed)
    assert folded.isascii() and folded == folded.lower()
    assert folded == " ".join(folded.split())


def test_nothing_folds_to_an_empty_string():
    assert fold(None) == fold("") == fold("   ") == ""


def test_accented_names_sort_among_their_letter():
    names = ["Zuydcoote", "Éclaibes", "Ecques", "Abscon"]
    assert sorted(names, key=fold) == ["Abscon", "Éclaibes", "Ecques", "Zuydcoote"]
