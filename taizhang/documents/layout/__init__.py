"""Word documents in the Chinese official-document layout (GB/T 9704-2012).

Pure Python (python-docx), no Django: report builders pass figures in, get a .docx out::

    doc = OfficialDocument(title="关于……阶段性工作情况的报告")
    doc.numbered_heading(1, "主要做法")
    doc.paragraph("……")
    doc.signature("中共××县委主题教育办公室", date(2024, 1, 5))
    doc.save(path)
"""

from .document import TOC_BOOKMARK_PREFIX, OfficialDocument
from .fonts import FONT, FONT_SIZE, FontSpec
from .text import (
    EMPTY_VALUE,
    Bold,
    bold_markup,
    cn_date,
    cn_num,
    cn_number,
    cn_percent,
    cn_rate,
    heading_prefix,
)
from .toc import find_heading_pages, update_toc_page_numbers

__all__ = [
    "EMPTY_VALUE",
    "FONT",
    "FONT_SIZE",
    "TOC_BOOKMARK_PREFIX",
    "Bold",
    "FontSpec",
    "OfficialDocument",
    "bold_markup",
    "cn_date",
    "cn_num",
    "cn_number",
    "cn_percent",
    "cn_rate",
    "find_heading_pages",
    "heading_prefix",
    "update_toc_page_numbers",
]
