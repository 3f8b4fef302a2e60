"""One page of a longer list, as list pages and their pagination macro use it."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class Page:
    items: list
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))
