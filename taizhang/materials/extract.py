"""Plain text from uploaded materials: python-docx for .docx, the file itself for .txt, `pdftotext`
(poppler) for .pdf when it is installed — otherwise the file is stored without text."""

from __future__ import annotations

import shutil
import subprocess
import tempfile


def extract_text(data: bytes, ext: str) -> str | None:
    """The text of a document, or None when this kind of file cannot be read here."""
    if ext == "txt":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        return None
    if ext == "docx":
        import io

        import docx

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception:  # a damaged or mislabelled file: keep it, without text
            return None
        return "\n".join(p.text for p in document.paragraphs)
    if ext == "pdf":
        tool = shutil.which("pdftotext")
        if tool is None:
            return None
        with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
            tmp.write(data)
            tmp.flush()
            try:
                done = subprocess.run([tool, "-enc", "UTF-8", "-q", tmp.name, "-"], capture_output=True, timeout=60,
                                      check=False)
            except (OSError, subprocess.TimeoutExpired):
                return None
        return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None
    return None
