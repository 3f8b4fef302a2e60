"""The seed reader reports every problem and loads nothing while any remain."""

import shutil
from pathlib import Path

import pytest

from storefront.catalog.seed_files import SeedError, read_seed

SEED_ROOT = Path(__file__).resolve().parents[2] / "catalog_seed"

PRODUCER = '''
[[producers]]
slug = "htx-a"
kind = "cooperative"
legal_name = "Hợp tác xã A"
district = "bo-trach"
commune = "Hoàn Lão"
address = "Thôn 1"
phone = "0232 3555 000"
email = "a@a.example"
[producers.vi]
name = "HTX A"
tagline = "Dòng"
story = """{story}"""
[producers.en]
name = "A Cooperative"
tagline = "Line"
story = """{story}"""
'''


@pytest.fixture
def root(tmp_path):
    shutil.copy(SEED_ROOT / "districts.toml", tmp_path)
    shutil.copy(SEED_ROOT / "categories.toml", tmp_path)
    (tmp_path / "data").mkdir()
    return tmp_path


def test_a_valid_producer_reads(root):
    (root / "data" / "x.toml").write_text(PRODUCER.format(story="lời " * 100))
    seed = read_seed(root)
    assert seed.producers[0].texts["en"]["name"] == "A Cooperative"


def test_short_stories_unknown_districts_and_bad_toml_are_all_reported(root):
    text = PRODUCER.format(story="ngắn").replace('"bo-trach"', '"atlantis"')
    (root / "data" / "x.toml").write_text(text)
    (root / "data" / "y.toml").write_text("[[producers]\n")
    with pytest.raises(SeedError) as raised:
        read_seed(root)
    problems = "\n".join(raised.value.problems)
    assert "story has 1 words" in problems
    assert "unknown district 'atlantis'" in problems
    assert "y.toml: cannot be read" in problems
