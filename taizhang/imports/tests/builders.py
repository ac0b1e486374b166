"""Fixture files built on the fly; all sample text is invented for these tests."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import xlsxwriter

TITLE = "滨河县主题教育检视问题整改台账"


def write_ledger_xlsx(path: Path) -> Path:
    """A ledger the way a county office would type it.

    Row 1 title (merged), row 2 notes, rows 3-4 a two-row header with 整改情况 spanning
    完成时限 | 进展, section rows, a problem merged over two rows, a bad date, a 1.1 sub-item,
    a blank row and a 合计 row.
    """
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("问题清单")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.merge_range("A1:I1", TITLE)
    ws.merge_range("A2:E2", "填报单位：县委办公室（盖章）")
    ws.merge_range("F2:I2", "填报时间：2023年9月1日")
    ws.merge_range("A3:A4", "序号")
    ws.merge_range("B3:B4", "问题\n描述")  # line break inside the header text
    ws.merge_range("C3:C4", "整改措施")
    ws.merge_range("D3:D4", "责任领导")
    ws.merge_range("E3:E4", "牵头单位")
    ws.merge_range("F3:G3", "整改情况")
    ws.write("F4", "完成时限")
    ws.write("G4", "进展")
    ws.merge_range("H3:H4", "督导组意见")  # no field: must land in `extra`
    ws.merge_range("I3:I4", "备 注")
    ws.merge_range("A5:I5", "一、理论学习方面")
    ws.write_row("A6", [1, "理论学习不够系统，学用结合不紧", "1.制定年度学习计划；2.每月开展一次集中研讨",
                        "张某某", "县委办公室", "2023年12月底", "已完成", "抓得较实", ""])
    ws.write_row("A7", [2, "调查研究浮于表面", "（1）确定调研课题（2）形成调研报告", "李某某", "县发改局",
                        "长期坚持", "推进中"])
    # row 8 left blank on purpose
    ws.merge_range("A9:I9", "二、工作作风方面")
    ws.merge_range("A10:A11", 3)
    ws.merge_range("B10:B11", "会议文件偏多偏长")
    ws.write_row("C10", ["精简会议数量", "王某某", "县委办公室"])
    ws.write_datetime("F10", dt.datetime(2023, 11, 30), date_fmt)
    ws.write_row("C11", ["严控发文篇幅", "王某某", "县委办公室"])
    ws.write("F11", 45291)  # an Excel serial typed as a plain number
    ws.write_row("A12", [4, "为群众办事效率不高", "优化审批流程", "赵某某", "县政务服务中心", "年底看看"])
    ws.write_row("A13", ["4.1", "", "压缩办理时限", "", "", "2023.10"])
    ws.write_row("A14", ["合计", "", "", "", "", "", "4项"])
    wb.close()
    return path


def make_ods(path: Path, rows: list[list[object]]) -> Path:
    """A minimal but valid OpenDocument spreadsheet, written by hand."""

    def cell(v: object) -> str:
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, int | float):
            return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in r) + "</table:table-row>" for r in rows)
    # LibreOffice pads every sheet with a huge run of empty rows/columns: that must be harmless
    body += ('<table:table-row table:number-rows-repeated="1048000">'
             '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="实事清单">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, values in enumerate(rows):
        ws.write_row(r, 0, values)
    wb.close()
    return buf.getvalue()
