"""Both message catalogues are complete: no untranslated and no fuzzy entries."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def catalogue(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


def template_ids() -> set:
    with (TRANSLATIONS / "messages.pot").open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_every_message_is_translated_and_not_fuzzy(locale):
    problems = []
    for message in catalogue(locale):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert problems == []


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_catalogues_hold_every_extracted_message(locale):
    ids = {m.id for m in catalogue(locale) if m.id}
    assert template_ids() <= ids


def test_vietnamese_is_really_vietnamese():
    messages = {m.id: m.string for m in catalogue("vi") if m.id}
    assert messages["Page not found"] == "Không tìm thấy trang"
