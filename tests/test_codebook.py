import pytest

from communique import codebook


def test_lookup_fills_every_field():
    info = codebook.lookup("044")
    assert (info.root, info.plover, info.plover_mode, info.goldstein, info.quad_class) == \
        ("04", "CONSULT", "third-party", 2.5, 1)


@pytest.mark.parametrize("code, plover, quad", [("0233", "REQUEST", 1), ("010", None, 1), ("0841", "RETREAT", 2),
                                                ("120", "REJECT", 3), ("195", "ASSAULT", 4), ("173", "COERCE", 4)])
def test_plover_and_quad(code, plover, quad):
    info = codebook.lookup(code)
    assert info.plover == plover and info.quad_class == quad


def test_every_code_has_a_goldstein_score():
    for code in codebook.all_codes():
        assert -10 <= codebook.lookup(code).goldstein <= 10


def test_unknown_code_is_refused():
    with pytest.raises(KeyError):
        codebook.lookup("999")
