"""The analyzers fold Vietnamese the way visitors type it, and stem English."""

import unicodedata

import pytest

from storefront.search.engine import FIELD_WEIGHTS
from storefront.search.index import (
    SCHEMA,
    SEARCHED_FIELDS,
    analyze,
    english_analyzer,
    vietnamese_analyzer,
)
from storefront.search.parsing import parse_query


def vi(text: str) -> list[str]:
    return [token.text for token in vietnamese_analyzer()(text)]


def en(text: str) -> list[str]:
    return [token.text for token in english_analyzer()(text)]


@pytest.mark.parametrize(
    ("typed", "indexed"),
    [
        ("nuoc mam", "Nước mắm"),
        ("NƯỚC MẮM", "nước mắm"),
        ("nươc mam", "nước mắm"),
        (unicodedata.normalize("NFD", "nước mắm"), "nước mắm"),
        ("thuỷ", "thủy"),
        ("Lệ Thuỷ", "lệ thủy"),
        ("hoà", "hòa"),
        ("Quảng Hoà", "quang hoa"),
        ("đũa gỗ", "dua go"),
        ("ĐỒNG HỚI", "Đồng Hới"),
        ("khoai deo", "Khoai dẻo"),
        ("mat ong", "Mật ong"),
    ],
)
def test_vietnamese_spellings_fold_to_the_same_terms(typed, indexed):
    # Queries pass through parse_query (which composes NFD input) before the analyzer.
    assert vi(" ".join(parse_query(typed).words)) == vi(indexed)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("chopsticks", "chopstick"), ("Peppercorns", "peppercorn"), ("noodles", "noodle"),
     ("honeys", "honey")],
)
def test_english_fields_stem(plural, singular):
    assert en(plural) == en(singular)


def test_english_fields_fold_vietnamese_place_names_too():
    assert en("Quảng Thủy Táu Wood") == en("quang thuy tau wood")


def test_folding_keeps_character_offsets_for_highlighting():
    # Whoosh reuses one Token object, so read each while iterating.
    spans = [(t.text, t.startchar, t.endchar) for t in vietnamese_analyzer()("Mật ong", chars=True)]
    assert spans == [("mat", 0, 3), ("ong", 4, 7)]


def test_name_fields_outweigh_story_fields():
    assert FIELD_WEIGHTS["name"] > FIELD_WEIGHTS["label"] > FIELD_WEIGHTS["text"]


def test_searched_fields_have_the_right_analyzers():
    assert analyze("name", "Chopsticks") == ["chopsticks"]
    assert analyze("text_en", "Chopsticks") == ["chopstick"]
    assert analyze("label", "Lệ Thủy") == ["le", "thuy"]
    assert set(SEARCHED_FIELDS) <= set(SCHEMA.names())
