"""Fill the English catalogue: messages are written in English, so msgstr = msgid.

Run by `make translations-update` after `pybabel update`, so that the English catalogue is
complete by construction and the completeness test guards only real translations.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOGUE = Path(__file__).resolve().parent.parent / "translations/en/LC_MESSAGES/messages.po"


def main() -> int:
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    for message in catalogue:
        if not message.id:
            continue
        message.string = message.id  # a (singular, plural) tuple for plural messages
        message.flags.discard("fuzzy")
    with CATALOGUE.open("wb") as handle:
        write_po(handle, catalogue, omit_header=False, sort_output=True, width=100)
    print(f"English catalogue filled: {len(catalogue)} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
