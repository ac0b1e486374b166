"""PDF rendering of generated documents with LibreOffice, and small PDF readers (poppler-utils).

LibreOffice keeps a user profile that two running instances cannot share, so every conversion gets
a private throw-away profile; that lets report tasks run concurrently.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = [
    "DocumentConversionError",
    "SofficeNotFound",
    "convert_to_pdf",
    "find_soffice",
    "pdf_pages_text",
]

DEFAULT_TIMEOUT = 180  # seconds; a 200-page 汇编 converts in well under a minute

# Servers rarely have the GB/T 9704 fonts.  Without help fontconfig substitutes a Latin font (DejaVu)
# for 仿宋_GB2312 and the CJK glyphs come from whatever font has them, so the rendering used for page
# numbers and previews would differ from what users see.  Each layout font therefore "accepts" the
# usual Windows/Founder names and then the free Noto CJK families of the same style; a font that is
# really installed under the requested name still wins.
_SERIF = ["Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN", "Noto Serif CJK"]
_SANS = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Noto Sans CJK"]
FONT_SUBSTITUTES: dict[str, list[str]] = {
    "方正小标宋简体": ["方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "宋体", "SimSun", *_SERIF],
    "宋体": ["SimSun", *_SERIF],
    "仿宋_GB2312": ["仿宋", "FangSong", *_SERIF],
    "仿宋": ["FangSong", *_SERIF],
    "楷体_GB2312": ["楷体", "KaiTi", "AR PL UKai CN", *_SERIF],
    "楷体": ["KaiTi", "AR PL UKai CN", *_SERIF],
    "黑体": ["SimHei", *_SANS],
    "Times New Roman": ["Liberation Serif", "Tinos"],
}


class DocumentConversionError(RuntimeError):
    """LibreOffice or poppler failed, timed out, or produced no output."""


class SofficeNotFound(DocumentConversionError):
    """LibreOffice (``soffice``) is not installed or not on PATH."""


def find_soffice() -> str | None:
    """Path of the LibreOffice binary (``$TAIZHANG_SOFFICE``, ``soffice`` or ``libreoffice``)."""
    configured = os.environ.get("TAIZHANG_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_path: str | Path, outdir: str | Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Render ``docx_path`` to ``outdir/<stem>.pdf`` with headless LibreOffice and return its path.

    Raises ``SofficeNotFound`` when LibreOffice is missing and ``DocumentConversionError`` when the
    conversion fails or takes longer than ``timeout`` seconds (the whole process group is killed)."""
    soffice = find_soffice()
    if not soffice:
        raise SofficeNotFound(
            "LibreOffice is not installed: install the 'libreoffice-writer' package or set TAIZHANG_SOFFICE"
        )
    source = Path(docx_path).resolve()
    if not source.is_file():
        raise FileNotFoundError(source)
    target_dir = Path(outdir).resolve()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{source.stem}.pdf"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="taizhang-lo-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless", "--norestore", "--nolockcheck", "--nodefault",
            "--convert-to", "pdf:writer_pdf_Export",
            "--outdir", str(target_dir),
            str(source),
        ]
        env = {**os.environ, "HOME": profile, "FONTCONFIG_FILE": str(_write_fontconfig(Path(profile)))}
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                   start_new_session=True)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # soffice forks soffice.bin; kill the whole session, not just the launcher.
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise DocumentConversionError(f"LibreOffice did not convert {source.name} within {timeout} s")
    if process.returncode != 0 or not target.is_file():
        message = (stderr or stdout).decode("utf-8", "replace").strip()
        raise DocumentConversionError(
            f"LibreOffice could not convert {source.name} (exit {process.returncode}): {message}"
        )
    return target


def _write_fontconfig(directory: Path) -> Path:
    """A fonts.conf that includes the system configuration and adds ``FONT_SUBSTITUTES``."""
    aliases = "".join(
        f"<alias binding=\"same\"><family>{escape(name)}</family><accept>"
        + "".join(f"<family>{escape(s)}</family>" for s in substitutes)
        + "</accept></alias>"
        for name, substitutes in FONT_SUBSTITUTES.items()
    )
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    path = directory / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">{escape(system)}</include>{aliases}</fontconfig>',
        encoding="utf-8",
    )
    return path


def _poppler(tool: str, *args: str, timeout: float = 60) -> str:
    binary = shutil.which(tool)
    if not binary:
        raise DocumentConversionError(f"{tool} is not installed: install the 'poppler-utils' package")
    try:
        result = subprocess.run([binary, *args], capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise DocumentConversionError(f"{tool} took longer than {timeout} s")
    if result.returncode != 0:
        raise DocumentConversionError(f"{tool} failed: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout.decode("utf-8", "replace")


def pdf_pages_text(pdf_path: str | Path) -> list[str]:
    """Text of each page, in page order (``pdftotext``, reading order)."""
    text = _poppler("pdftotext", "-enc", "UTF-8", str(pdf_path), "-")
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages
