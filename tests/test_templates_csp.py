"""The Content Security Policy allows scripts from taizhang's own files only (script-src 'self'): no template may
carry an inline event handler (onclick=, onchange= …) or a javascript: link, which the browser would refuse and
report as a console error. Behaviour goes through data- attributes read by the static scripts (data-autosubmit …)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INLINE_HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
JS_LINK = re.compile(r"""href\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def test_no_template_carries_inline_script():
    offending = []
    for path in sorted((ROOT / "taizhang").rglob("templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_HANDLER, JS_LINK):
            for m in pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                offending.append(f"{path.relative_to(ROOT)}:{line}")
    assert not offending, offending
