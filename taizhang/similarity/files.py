"""Reading the files the `similarity` command is given: .txt, .docx and .pdf, alone or in directories."""

from __future__ import annotations

import shutil
from pathlib import Path

from taizhang.core.exceptions import TaizhangError

EXTENSIONS = (".txt", ".docx", ".pdf")


class UnreadableFile(TaizhangError):
    """A file whose text cannot be read; the message names it."""


def collect(paths: list[str]) -> list[Path]:
    """The documents under `paths` (a directory contributes its .txt/.docx/.pdf files, recursively), in order,
    each once. A path that does not exist or a file of another kind is the caller's mistake (ValueError)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXTENSIONS)
        elif path.is_file():
            if path.suffix.lower() not in EXTENSIONS:
                raise ValueError(f"不支持的文件类型：{raw}（可比对 .txt、.docx、.pdf）")
            found.append(path)
        else:
            raise ValueError(f"文件或目录不存在：{raw}")
    seen, out = set(), []
    for p in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def read_text(path: Path) -> str:
    """The text of one document, or UnreadableFile saying which file and why."""
    from taizhang.materials.extract import extract_text

    ext = path.suffix.lower().lstrip(".")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件「{path}」：{exc.strerror or exc}")
    if ext == "pdf" and shutil.which("pdftotext") is None:
        raise UnreadableFile(f"无法读取 PDF 文件「{path}」：本机未安装 pdftotext（poppler-utils）")
    text = extract_text(data, ext)
    if text is None:
        kinds = {"txt": "不是 UTF-8 或 GB18030 编码的文本", "docx": "不是有效的 Word（.docx）文件",
                 "pdf": "不是有效的 PDF 文件"}
        raise UnreadableFile(f"无法读取文件「{path}」：{kinds[ext]}")
    if ext == "pdf" and not text.strip():
        raise UnreadableFile(f"无法读取文件「{path}」：PDF 中没有可提取的文字（可能是扫描件）")
    return text
