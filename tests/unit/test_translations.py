"""Both message catalogues are complete: no untranslated and no fuzzy entries."""

import subprocess
import sys
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


def test_the_template_holds_every_message_in_the_code(tmp_path):
    """Fails when a new string was added without `make translations-update`."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--no-location", "-o", str(fresh), "."],
        cwd=TRANSLATIONS.parent, check=True, capture_output=True,
    )
    with fresh.open("rb") as handle:
        in_code = {message.id for message in read_po(handle) if message.id}
    assert in_code == template_ids()
