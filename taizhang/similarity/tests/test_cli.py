"""`taizhang similarity PATH... [--threshold 0.3] --json`: the JSON shape, the table, exit statuses 0 / 1 / 2."""

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from django.core.management import CommandError, call_command

from taizhang.similarity.tests import disguises
from taizhang.similarity.tests.samples import HONEST_A, HONEST_B, SOURCE

ROOT = Path(__file__).resolve().parents[3]


def _write_docx(path: Path, text: str) -> None:
    document = docx.Document()
    for line in text.replace("\f", "").replace("\r", "").split("\n"):  # Word has no form feed
        document.add_paragraph(line)
    document.save(path)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    _write_docx(tmp_path / "sub" / "copy.docx", disguises.all_combined(SOURCE))
    (tmp_path / "honest_a.txt").write_text(HONEST_A, encoding="gb18030")
    (tmp_path / "sub" / "honest_b.txt").write_text(HONEST_B, encoding="utf-8")
    (tmp_path / "notes.md").write_text("不比对", encoding="utf-8")
    return tmp_path


def _run(*args) -> dict:
    out = io.StringIO()
    call_command("similarity", *map(str, args), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_json_lists_the_copy_with_its_passages(folder):
    result = _run(folder)
    assert result["documents"] == 4  # .txt and .docx, recursively; the .md is not a document
    assert [(Path(p["a"]).name, Path(p["b"]).name) for p in result["pairs"]] == [("source.txt", "copy.docx")]
    pair = result["pairs"][0]
    assert set(pair) == {"a", "b", "score", "shared_chars", "passages"}
    assert 0.8 <= pair["score"] <= 1 and pair["shared_chars"] > 300
    passage = next(p for p in pair["passages"] if p["a"]["text"].startswith("三、议事协商"))
    assert passage["a"]["text"] in SOURCE  # each side in its own words: the copy's full-width x, the source's digits
    assert "ｘｘ" in "".join(p["b"]["text"] for p in pair["passages"])


def test_pairs_come_best_first_and_the_threshold_filters(folder):
    (folder / "numbers.txt").write_text(disguises.numbers_to_x(SOURCE), encoding="utf-8")
    result = _run(folder, "--threshold", "0.5")
    scores = [p["score"] for p in result["pairs"]]
    assert len(scores) == 3 and scores == sorted(scores, reverse=True)
    assert _run(folder / "honest_a.txt", folder / "sub" / "honest_b.txt", "--threshold", "0.05")["pairs"] == []


def test_the_table_is_in_chinese(folder):
    out = io.StringIO()
    call_command("similarity", str(folder), stdout=out)
    text = out.getvalue()
    assert "共 4 份文档" in text and "⇄ " in text and "copy.docx" in text and "「一、网格连心" in text


@pytest.mark.parametrize("args,message", [
    (["/no/such/dir"], "文件或目录不存在：/no/such/dir"),
    (["--threshold", "1.5", "."], "--threshold 须在 0 到 1 之间"),
    (["README.md"], "不支持的文件类型：README.md"),
])
def test_usage_errors_exit_2_in_chinese(args, message):
    with pytest.raises(CommandError, match=message) as raised:
        call_command("similarity", *args, stdout=io.StringIO())
    assert raised.value.returncode == 2


def test_an_unreadable_file_exits_1_naming_it(folder):
    (folder / "坏.docx").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(CommandError, match="无法读取文件「.*坏.docx」") as raised:
        call_command("similarity", str(folder), stdout=io.StringIO())
    assert raised.value.returncode == 1


def test_the_shell_sees_the_exit_status(folder):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "taizhang.cli", "similarity", *args], cwd=ROOT,
                              env=os.environ, capture_output=True, text=True, timeout=120)

    ok = run(str(folder), "--json")
    assert ok.returncode == 0, ok.stderr and json.loads(ok.stdout)["documents"] == 4
    wrong = run("--threshold")
    assert wrong.returncode == 2 and "用法错误" in wrong.stderr


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_pdf_copy_is_read_and_found(tmp_path):
    """fixtures/disguised_copy.pdf: the source with numbers and names replaced and paragraphs reordered, printed to PDF
    from Word (LibreOffice)."""
    shutil.copy(Path(__file__).parent / "fixtures" / "disguised_copy.pdf", tmp_path / "copy.pdf")
    (tmp_path / "source.txt").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "honest.txt").write_text(HONEST_A, encoding="utf-8")
    result = _run(tmp_path)
    assert result["documents"] == 3
    assert [(Path(p["a"]).name, Path(p["b"]).name) for p in result["pairs"]] == [("copy.pdf", "source.txt")]
    assert result["pairs"][0]["score"] >= 0.9


def test_a_pdf_without_pdftotext_is_named(tmp_path, monkeypatch):
    shutil.copy(Path(__file__).parent / "fixtures" / "disguised_copy.pdf", tmp_path / "copy.pdf")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(CommandError, match="无法读取 PDF 文件「.*copy.pdf」：本机未安装 pdftotext") as raised:
        call_command("similarity", str(tmp_path), stdout=io.StringIO())
    assert raised.value.returncode == 1
