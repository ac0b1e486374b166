"""Reading uploaded files: every format officials use, and every way a file can be wrong."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from taizhang.imports.sheets import Limits, SheetError, read_workbook
from taizhang.imports.sheets.reader import OLE2_MAGIC
from taizhang.imports.tests.builders import make_ods, xlsx_bytes


def test_xlsx_keeps_excel_row_numbers_and_fills_merged_cells(ledger_xlsx):
    (sheet,) = read_workbook(ledger_xlsx)
    assert sheet.name == "问题清单"
    first = sheet.rows[0]
    assert first.number == 1
    assert set(first.cells) == {"滨河县主题教育检视问题整改台账"}  # title merged over A1:I1
    row10 = next(r for r in sheet.rows if r.number == 10)
    assert row10.cells[0] == 3 and isinstance(row10.cells[0], int)  # 3.0 from Excel becomes 3
    assert row10.cells[5] == dt.date(2023, 11, 30)
    assert sheet.is_merge_continuation(11, 1) and not sheet.is_merge_continuation(10, 1)


def test_every_sheet_is_read_from_bytes_too(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "第一批"
    wb.active.append(["序号", "问题"])
    wb.create_sheet("第二批").append(["序号", "事项名称"])
    path = tmp_path / "两批.xlsx"
    wb.save(path)
    sheets = read_workbook(path.read_bytes(), "两批.xlsx")
    assert [s.name for s in sheets] == ["第一批", "第二批"]


def test_leading_blank_rows_do_not_shift_row_numbers():
    data = xlsx_bytes([[], [], ["序号", "问题描述"], [1, "台账更新不及时"]])
    (sheet,) = read_workbook(data, "a.xlsx")
    assert [r.number for r in sheet.rows] == [3, 4]


def test_wps_et_file_is_read_by_content(tmp_path):
    path = tmp_path / "台账.et"
    path.write_bytes(xlsx_bytes([["序号", "问题描述"], [1, "制度执行不严"]]))
    (sheet,) = read_workbook(path)
    assert sheet.rows[1].cells == [1, "制度执行不严"]


def test_ods_is_read_and_libreoffice_padding_is_harmless(tmp_path):
    path = make_ods(tmp_path / "实事.ods", [["序号", "事项名称"], [1, "老旧小区加装电梯"]])
    (sheet,) = read_workbook(path)
    assert sheet.name == "实事清单"
    assert [r.cells for r in sheet.rows] == [["序号", "事项名称"], [1, "老旧小区加装电梯"]]


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b""), ("utf-16", b"")],
)
def test_csv_in_utf8_bom_gbk_and_utf16(encoding, prefix):
    text = "序号,问题描述,整改时限\r\n1,\"学习笔记流于形式，\n心得体会不深\",2023年12月底\r\n2,基层调研次数偏少,长期坚持\r\n"
    (sheet,) = read_workbook(prefix + text.encode(encoding), "清单.csv")
    assert sheet.name == "清单"
    assert sheet.rows[0].cells == ["序号", "问题描述", "整改时限"]
    assert sheet.rows[1].cells[1] == "学习笔记流于形式，\n心得体会不深"
    assert [r.number for r in sheet.rows] == [1, 2, 3]


def test_tab_separated_csv():
    (sheet,) = read_workbook("序号\t单位名称\n1\t县财政局\n".encode(), "units.csv")
    assert sheet.rows[1].cells == ["1", "县财政局"]


# ---------------------------------------------------------------- files that must be refused


def refused(data: bytes, filename: str, limits: Limits | None = None) -> str:
    with pytest.raises(SheetError) as info:
        read_workbook(data, filename, **({"limits": limits} if limits else {}))
    message = info.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), "messages are in Chinese"
    return message


def test_text_file_named_xlsx():
    assert "纯文本" in refused("序号,问题\n1,某问题\n".encode(), "台账.xlsx")


def test_program_named_xlsx():
    assert "可执行程序" in refused(b"MZ\x90\x00" + b"\x00" * 200, "台账.xlsx")


def test_word_document_named_xlsx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    assert "Word" in refused(buf.getvalue(), "台账.xlsx")


def test_html_exported_as_xls():
    assert "网页" in refused(b"<html><table><tr><td>1</td></tr></table></html>", "导出.xls")


def test_unsupported_extension_and_empty_file():
    assert "不支持的文件类型" in refused(b"abc", "台账.docx")
    assert "空的" in refused(b"", "台账.xlsx")


def test_truncated_xlsx():
    data = xlsx_bytes([["序号", "问题描述"], [1, "某问题"]])
    assert "损坏" in refused(data[: len(data) // 2], "台账.xlsx")


def test_damaged_xlsx_body_never_escapes_as_another_exception():
    data = bytearray(xlsx_bytes([["序号", "问题描述"]] + [[i, f"问题{i}"] for i in range(200)]))
    for i in range(200, len(data) - 200, 97):
        data[i] ^= 0x5A
    try:
        read_workbook(bytes(data), "台账.xlsx")
    except SheetError:
        pass


def test_encrypted_office_file():
    # Excel saves a password-protected .xlsx as an OLE2 container with an EncryptionInfo stream
    data = OLE2_MAGIC + b"\x00" * 1024 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512
    assert "密码" in refused(data, "台账.xlsx")


def test_ole2_without_workbook_is_refused():
    data = OLE2_MAGIC + b"\x00" * 1024 + "WordDocument".encode("utf-16-le")
    assert "Word" in refused(data, "台账.xls")


def test_zip_bomb_is_refused_before_parsing():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * 1024 * 1024))
    assert "压缩" in refused(buf.getvalue(), "炸弹.xlsx")


def test_total_uncompressed_size_limit():
    data = xlsx_bytes([["序号", "问题描述"]] + [[i, "某问题" * 20] for i in range(2000)])
    assert "解压后过大" in refused(data, "台账.xlsx", Limits(max_uncompressed_bytes=100_000))


def far_away_cell() -> io.BytesIO:
    """A two-cell sheet using A1 and XFD1048576 (a dense grid of it would not fit in memory)."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    ws.write("A1", "序号")
    ws.write("XFD1048576", "x")
    wb.close()
    return buf


def test_far_away_cell_is_refused_before_calamine_allocates_the_grid():
    assert "上限" in refused(far_away_cell().getvalue(), "台账.xlsx")


@pytest.mark.parametrize("space", [b"\n", b"\t", b"\r\n"])
def test_far_away_cell_is_refused_whatever_whitespace_precedes_its_reference(space):
    buf, out = far_away_cell(), io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(b' r="', space + b'r="')
            dst.writestr(item, data)
    assert "上限" in refused(out.getvalue(), "台账.xlsx")


def test_row_limit():
    data = xlsx_bytes([["序号"]] + [[i] for i in range(50)])
    assert "行数超过上限" in refused(data, "台账.xlsx", Limits(max_rows=20))
    assert "行数超过上限" in refused(b"a\n" * 50, "a.csv", Limits(max_rows=20))


def test_file_size_limit():
    assert "文件过大" in refused(b"x" * 2000, "a.csv", Limits(max_file_bytes=1000))


def test_xlsx_content_in_a_csv_name():
    assert "Excel" in refused(xlsx_bytes([["序号"]]), "台账.csv")


def test_an_unterminated_quote_in_a_csv_is_an_error_not_a_row():
    data = "序号,问题,整改措施\n1,\"没有结束的引号,措施\n2,问题二,措施二\n".encode()
    with pytest.raises(SheetError, match="引号没有结束"):
        read_workbook(data, "台账.csv")


def test_binary_garbage_named_csv_is_refused():
    import random

    rng = random.Random(17)
    garbage = bytes(rng.choice(b"\x01\x02\x03\x05\x07\x1b abcXYZ,\n") for _ in range(4000))  # decodes, is no table
    with pytest.raises(SheetError, match="不是文本"):
        read_workbook(garbage, "台账.csv")
