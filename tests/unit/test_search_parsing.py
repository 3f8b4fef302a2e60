import unicodedata

from storefront.search.parsing import ParsedQuery, parse_query


def test_words_are_nfc_and_lowercase():
    parsed = parse_query(unicodedata.normalize("NFD", "Nước  MẮM"))
    assert parsed.words == ("nước", "mắm")


def test_quoted_phrases_and_prefixes():
    parsed = parse_query('"nước mắm" chay mật*')
    assert parsed.phrases == (("nước", "mắm"),)
    assert parsed.words == ("chay",)
    assert parsed.prefixes == ("mật",)


def test_punctuation_only_is_empty():
    assert parse_query(" ,.;!? ").is_empty
    assert parse_query("*").is_empty


def test_last_word_becomes_a_prefix_for_suggestions():
    assert parse_query("mat on").with_last_word_as_prefix() == ParsedQuery(("mat",), (), ("on",))


def test_very_long_queries_are_bounded():
    assert len(parse_query("a " * 100).words) == 12
