import unicodedata

import pytest

from storefront.text import canonical_tones, fold, nfc, slugify


@pytest.mark.parametrize(
    "text",
    ["nước mắm", "NƯỚC MẮM", "nuoc mam", "Nước Mắm", unicodedata.normalize("NFD", "nước mắm")],
)
def test_fold_makes_every_spelling_of_fish_sauce_equal(text):
    assert fold(text) == "nuoc mam"


@pytest.mark.parametrize(
    ("one", "other"), [("thuỷ", "thủy"), ("hoà", "hòa"), ("Lệ Thuỷ", "le thuy")]
)
def test_fold_treats_both_tone_placements_alike(one, other):
    assert fold(one) == fold(other)


def test_fold_maps_d_with_stroke():
    assert fold("Đũa gỗ Đồng Hới") == "dua go dong hoi"


def test_nfc_composes_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "Quảng Bình")
    assert decomposed != "Quảng Bình"
    assert nfc(decomposed) == "Quảng Bình"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Nước mắm cá cơm Cảnh Dương", "nuoc-mam-ca-com-canh-duong"),
        ("Đũa gỗ Quảng Thủy – 10 đôi", "dua-go-quang-thuy-10-doi"),
        ("  Mật ong (rừng) 500ml!  ", "mat-ong-rung-500ml"),
    ],
)
def test_slugify_gives_ascii_folded_slugs(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("lệ thuỷ", "lệ thủy"),
     ("hoàng", "hoàng"), ("thuyền", "thuyền"), ("quý", "quý"), ("hòa", "hòa")],
)
def test_canonical_tones_moves_only_open_oa_oe_uy(written, canonical):
    assert canonical_tones(written) == canonical
