"""A rough page count of the body as it is written, so the pre-filled 目录 reads sensibly before
Word updates the field or ``update_toc_page_numbers`` writes exact numbers from a rendering."""

from __future__ import annotations

import math

from . import fonts as F
from .text import text_width


class PageEstimator:
    """Lines and pages used so far, at 22 lines of 28 characters (15 x 40 on landscape pages)."""

    def __init__(self) -> None:
        self.page = 1
        self.lines = 0.0
        self.lines_per_page = F.LINES_PER_PAGE
        self.chars_per_line = F.CHARS_PER_LINE
        self.started = False

    def start_section(self, *, landscape: bool, body: bool) -> None:
        if self.started and self.lines:
            self.page += 1
        if body and not self.started:
            self.started, self.page = True, 1
        self.lines = 0.0
        self.lines_per_page = 15 if landscape else F.LINES_PER_PAGE
        self.chars_per_line = 40 if landscape else F.CHARS_PER_LINE

    def new_page(self) -> None:
        if self.lines:
            self.page += 1
            self.lines = 0.0

    def add(self, lines: float, *, keep_with_next: bool = False) -> int:
        """Account for ``lines`` and return the page where they start."""
        if self.lines + lines + (1 if keep_with_next else 0) > self.lines_per_page:
            self.new_page()
        page = self.page
        self.lines += lines
        while self.lines > self.lines_per_page:
            self.page += 1
            self.lines -= self.lines_per_page
        return page

    def text_lines(self, text: str, *, indent: float = 2, scale: float = 1.0) -> int:
        per_line = self.chars_per_line / scale
        return max(1, math.ceil((text_width(text) + indent) / per_line))
