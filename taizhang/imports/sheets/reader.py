"""Read every sheet of an uploaded spreadsheet into plain Python rows.

Supported: .xlsx/.xlsm, .xls, .et (WPS), .ods via python-calamine, and .csv (UTF-8 with or
without BOM, UTF-16 with BOM, GBK/GB18030). The file is identified by its content, not only by
its name: a spreadsheet saved under the wrong spreadsheet extension is still read, anything
else (Word files, programs, web pages, plain text named .xlsx) is refused with a `SheetError`.

Safety checks happen BEFORE the file is handed to the parser: file size, zip central
directory (entry count, total uncompressed size, compression ratio), encryption markers, and
a streaming scan of the worksheet XML for cell references far outside the allowed row/column
limits (calamine allocates a dense grid, so a two-cell file using A1 and XFD1048576 would
otherwise exhaust memory).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from .errors import SheetError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ZIP_EMPTY_MAGIC = b"PK\x05\x06"

SPREADSHEET_EXTENSIONS = {".xlsx", ".xlsm", ".xls", ".et", ".ods", ".csv"}

# Hard cap on columns checked before parsing; `Limits.max_cols` may only be lower.
HARD_MAX_COLS = 256  # "IV", the old .xls limit; no real ledger is wider


@dataclass(frozen=True, slots=True)
class Limits:
    """Configurable limits; the defaults suit ledgers typed by hand."""

    max_file_bytes: int = 30 * 1024 * 1024
    max_uncompressed_bytes: int = 300 * 1024 * 1024
    max_compression_ratio: int = 100  # whole archive
    max_entry_ratio: int = 200  # any single entry larger than 1 MB uncompressed
    max_zip_entries: int = 2000
    max_sheets: int = 50
    max_rows: int = 200_000  # per sheet
    max_cols: int = 200


DEFAULT_LIMITS = Limits()


@dataclass(slots=True)
class Row:
    """One spreadsheet row: `number` is the 1-based Excel row number the user sees."""

    number: int
    cells: list[Any]

    def get(self, index: int) -> Any:
        return self.cells[index] if 0 <= index < len(self.cells) else None

    def is_blank(self) -> bool:
        for v in self.cells:
            if v is not None and (type(v) is not str or v.strip()):
                return False
        return True


@dataclass(slots=True)
class Sheet:
    """One worksheet.

    `rows` holds every row from the first non-empty row to the last one (blank rows in
    between are kept, so that they can be reported). Cell values are None (empty), str, int
    (whole numbers), float, bool, datetime.date/datetime/time/timedelta. Cells covered by a
    merged range carry the value of the range's top-left cell; `merged` lists the ranges as
    (first_row, first_col, last_row, last_col) with 1-based Excel rows and 0-based columns.
    """

    name: str
    rows: list[Row]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    _merge_index: dict[tuple[int, int], tuple[int, int, int, int]] | None = None

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)

    def merge_at(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        """The merged range covering (Excel row, 0-based column), if any."""
        if self._merge_index is None:
            index: dict[tuple[int, int], tuple[int, int, int, int]] = {}
            for rng in self.merged:
                r0, c0, r1, c1 = rng
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        index[(r, c)] = rng
            self._merge_index = index
        return self._merge_index.get((row, col))

    def is_merge_continuation(self, row: int, col: int) -> bool:
        """True when the cell is inside a merged range that started on an earlier row."""
        rng = self.merge_at(row, col)
        return rng is not None and rng[0] < row


# --------------------------------------------------------------------------- entry point


def read_workbook(
    source: str | os.PathLike | bytes, filename: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> list[Sheet]:
    """Read all sheets of a spreadsheet given as a path or as bytes; raise SheetError."""
    data = _load_bytes(source, limits)
    if filename is None:
        filename = os.fspath(source) if not isinstance(source, bytes | bytearray) else ""
    ext = os.path.splitext(str(filename))[1].lower()
    if ext not in SPREADSHEET_EXTENSIONS:
        raise SheetError(
            f"不支持的文件类型「{ext or '无扩展名'}」，请上传 Excel（.xlsx/.xls）、WPS（.et）、"
            "OpenDocument（.ods）或 CSV 文件"
        )
    if not data:
        raise SheetError("文件是空的（0字节），请检查后重新上传")
    try:
        if ext == ".csv":
            return [_read_csv(data, filename, limits)]
        kind = _sniff(data, ext)
        if kind == "zip":
            _check_zip(data, ext, limits)
        else:
            _check_ole2(data)
        return _read_calamine(data, limits)
    except SheetError:
        raise
    except MemoryError:
        raise SheetError("文件内容过大，无法读取，请拆分后再上传")
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - incl. pyo3 PanicException (a BaseException)
        raise SheetError(f"文件已损坏或格式不正确，无法读取（{type(exc).__name__}）")


def _load_bytes(source: str | os.PathLike | bytes, limits: Limits) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        try:
            size = os.path.getsize(source)
            if size > limits.max_file_bytes:
                raise SheetError(_too_big(size, limits))
            with open(source, "rb") as fh:
                data = fh.read(limits.max_file_bytes + 1)
        except OSError:
            raise SheetError("无法打开上传的文件")
    if len(data) > limits.max_file_bytes:
        raise SheetError(_too_big(len(data), limits))
    return data


def _too_big(size: int, limits: Limits) -> str:
    return f"文件过大（{size / 1048576:.1f}MB），最大允许 {limits.max_file_bytes / 1048576:.0f}MB"


# --------------------------------------------------------------------------- sniffing


def _utf16le(name: str) -> bytes:
    return name.encode("utf-16-le")


_ENCRYPTED_MARKERS = (_utf16le("EncryptionInfo"), _utf16le("EncryptedPackage"))
_WORKBOOK_MARKERS = (_utf16le("Workbook"), _utf16le("Book"))


def _sniff(data: bytes, ext: str) -> str:
    head = data[:8]
    if head == OLE2_MAGIC:
        return "ole2"
    if head[:4] == ZIP_MAGIC:
        return "zip"
    if head[:4] == ZIP_EMPTY_MAGIC:
        raise SheetError("文件是一个空的压缩包，不是有效的表格文件")
    if head[:2] == b"MZ" or head[:4] == b"\x7fELF":
        raise SheetError(f"文件扩展名是{ext}，但内容是可执行程序，已拒绝")
    if head[:5] == b"%PDF-":
        raise SheetError(f"文件扩展名是{ext}，但内容是 PDF 文档，请上传表格文件")
    sample = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        raise SheetError(
            f"文件扩展名是{ext}，但内容其实是网页（HTML），常见于从业务系统导出的表格；"
            "请用 Excel 或 WPS 打开后“另存为”.xlsx 再上传"
        )
    if sample.startswith(b"<?xml"):
        raise SheetError(f"文件扩展名是{ext}，但内容是 XML 文本（可能是“XML 电子表格”），请另存为.xlsx 再上传")
    if _looks_like_text(data[:4096]):
        raise SheetError(f"文件扩展名是{ext}，但内容是纯文本，不是 Excel 文件；如果是 CSV，请把扩展名改为.csv")
    raise SheetError(f"文件扩展名是{ext}，但内容不是可识别的表格文件，可能已损坏或类型不符")


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            sample.decode(enc)
            return True
        except UnicodeDecodeError as exc:
            if exc.start > len(sample) - 4:  # cut in the middle of a character
                return True
    return False


def _check_ole2(data: bytes) -> None:
    if len(data) < 512:
        raise SheetError("文件不完整（可能上传中断或已损坏），请重新保存后上传")
    if any(marker in data for marker in _ENCRYPTED_MARKERS):
        raise SheetError("文件设置了打开密码（已加密），请在 Excel/WPS 中取消密码后再上传")
    if _utf16le("WordDocument") in data:
        raise SheetError("这是一个 Word 文档，不是表格文件，请上传 Excel 或 WPS 表格")
    if _utf16le("PowerPoint Document") in data:
        raise SheetError("这是一个 PowerPoint 演示文稿，不是表格文件")
    if not any(marker in data for marker in _WORKBOOK_MARKERS):
        raise SheetError("文件不是有效的 Excel/WPS 表格（缺少工作簿数据），可能已损坏")


def _check_zip(data: bytes, ext: str, limits: Limits) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise SheetError("文件不完整或已损坏（压缩结构无法读取），请重新保存后上传")
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_zip_entries:
            raise SheetError(f"文件内部条目过多（{len(infos)}个），疑似恶意文件，已拒绝")
        total = 0
        packed = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise SheetError("文件已加密，请在 Excel/WPS 中取消密码后再上传")
            total += info.file_size
            packed += info.compress_size
            if info.file_size > 1024 * 1024 and info.file_size > limits.max_entry_ratio * max(
                info.compress_size, 1
            ):
                raise SheetError("文件压缩比异常（疑似“压缩炸弹”），已拒绝")
        if total > limits.max_uncompressed_bytes:
            raise SheetError(
                f"文件解压后过大（{total / 1048576:.0f}MB），最大允许 "
                f"{limits.max_uncompressed_bytes / 1048576:.0f}MB，请拆分后再上传"
            )
        if total > 1024 * 1024 and total > limits.max_compression_ratio * max(packed, 1):
            raise SheetError("文件压缩比异常（疑似“压缩炸弹”），已拒绝")
        names = {info.filename for info in infos}
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            if "xl/workbook.bin" in names and "xl/workbook.xml" not in names:
                raise SheetError("暂不支持 Excel 二进制工作簿（.xlsb），请另存为.xlsx 再上传")
            sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            for name in sheets:
                _scan_xlsx_sheet(zf, name, limits)
            return
        if "mimetype" in names:
            mimetype = zf.read("mimetype")[:100]
            if b"opendocument.spreadsheet" in mimetype:
                if "content.xml" not in names:
                    raise SheetError("ODS 文件缺少内容部分，可能已损坏")
                _scan_ods_content(zf, limits)
                return
            if b"opendocument.text" in mimetype:
                raise SheetError("这是一个 OpenDocument 文字文档，不是表格文件")
        if "word/document.xml" in names:
            raise SheetError(f"文件扩展名是{ext}，但内容是 Word 文档（.docx），请上传表格文件")
        if any(n.startswith("ppt/") for n in names):
            raise SheetError(f"文件扩展名是{ext}，但内容是 PowerPoint 演示文稿，请上传表格文件")
        raise SheetError(f"文件扩展名是{ext}，但内容是普通压缩包，不是表格文件")


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


# cell/row references: ' r="AB12"' (cells) or ' r="12"' (rows); only long ones are captured
_XML_CHUNK = 4 * 1024 * 1024


def _scan_stream(zf: zipfile.ZipFile, name: str, patterns: list[re.Pattern[bytes]], check,
                 rare: tuple[tuple[tuple[bytes, ...], re.Pattern[bytes]], ...] = ()) -> None:
    """Run `check` on every match of `patterns` in the member `name`, read in chunks.

    `rare` holds (markers, pattern) pairs: the pattern only runs on a chunk that contains one of its markers.
    """
    overlap = b""
    with zf.open(name) as fh:
        while True:
            chunk = fh.read(_XML_CHUNK)
            if not chunk:
                break
            buf = overlap + chunk
            for pattern in patterns:
                for match in pattern.finditer(buf):
                    check(match, buf)
            for markers, pattern in rare:
                if any(m in buf for m in markers):
                    for match in pattern.finditer(buf):
                        check(match, buf)
            overlap = buf[-256:]


def _scan_xlsx_sheet(zf: zipfile.ZipFile, name: str, limits: Limits) -> None:
    max_cols = HARD_MAX_COLS  # the exact `limits.max_cols` is checked after parsing
    row_digits = len(str(limits.max_rows))
    # only references beyond column IV or with many row digits are looked at closely
    refs = rb'r="(?:([A-Z]{0,3})(\d{%d,})"|([A-Z]{4,}|[A-Z]{3}|I[W-Z]|[J-Z][A-Z])\d)' % row_digits
    # writers separate attributes with one space, and a pattern starting with a literal is searched several
    # times faster; a tab or line break before r=" is rare, so the general pattern only runs where one occurs
    spaced, any_space = re.compile(b" " + refs), re.compile(rb"\s" + refs)

    def check(match: re.Match[bytes], _buf: bytes) -> None:
        letters = match.group(1) if match.group(1) is not None else match.group(3)
        if letters and _col_number(letters) > max_cols:
            raise SheetError(f"工作表列数超过上限（{max_cols}列），请删除多余的列后再上传")
        if match.group(2) is not None and int(match.group(2)) > limits.max_rows:
            raise SheetError(f"工作表行数超过上限（{limits.max_rows}行），请拆分后再上传")

    _scan_stream(zf, name, [spaced], check, rare=(((b'\nr="', b'\tr="', b'\rr="'), any_space),))


_ODS_REPEAT = re.compile(rb'number-(rows|columns)-repeated="(\d{3,})"')


def _scan_ods_content(zf: zipfile.ZipFile, limits: Limits) -> None:
    def check(match: re.Match[bytes], buf: bytes) -> None:
        count = int(match.group(2))
        if match.group(1) == b"columns":
            if count <= limits.max_cols:
                return
            end = buf.find(b">", match.end())
            tag = buf[match.end() : end + 1] if end >= 0 else b""
            if tag.endswith(b"/>") and b"value-type" not in tag:
                return  # a run of empty cells, calamine skips it
            raise SheetError(f"工作表列数超过上限（{limits.max_cols}列），请删除多余的列后再上传")
        if count <= limits.max_rows:
            return
        end = buf.find(b"table-row>", match.end())
        body = buf[match.end() : end] if end >= 0 else buf[match.end() : match.end() + 4096]
        if b"value-type" not in body and b"<text:p" not in body:
            return  # trailing empty rows written by LibreOffice
        raise SheetError(f"工作表行数超过上限（{limits.max_rows}行），请拆分后再上传")

    _scan_stream(zf, "content.xml", [_ODS_REPEAT], check)


# --------------------------------------------------------------------------- calamine


def _read_calamine(data: bytes, limits: Limits) -> list[Sheet]:
    import python_calamine as pc

    try:
        workbook = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError:
        raise SheetError("文件设置了打开密码（已加密），请在 Excel/WPS 中取消密码后再上传")
    except pc.CalamineError as exc:
        raise SheetError(f"文件已损坏或格式不正确，无法读取（{_short(exc)}）")
    sheets: list[Sheet] = []
    with workbook:
        metas = workbook.sheets_metadata
        if len(metas) > limits.max_sheets:
            raise SheetError(f"工作表数量过多（{len(metas)}个），最多 {limits.max_sheets} 个")
        for index, meta in enumerate(metas):
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            try:
                raw = workbook.get_sheet_by_index(index)
            except pc.PasswordError:
                raise SheetError("文件设置了打开密码（已加密），请在 Excel/WPS 中取消密码后再上传")
            except pc.CalamineError as exc:
                raise SheetError(f"工作表「{meta.name}」已损坏，无法读取（{_short(exc)}）")
            sheets.append(_convert_sheet(meta.name, raw, limits))
    return sheets


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:80]


def _convert_sheet(name: str, raw: Any, limits: Limits) -> Sheet:
    start = raw.start
    end = raw.end
    if start is None or end is None:
        return Sheet(name=name, rows=[])
    if end[0] + 1 > limits.max_rows:
        raise SheetError(f"工作表「{name}」行数超过上限（{limits.max_rows}行），请拆分后再上传")
    if end[1] + 1 > limits.max_cols:
        raise SheetError(f"工作表「{name}」列数超过上限（{limits.max_cols}列），请删除多余的列后再上传")
    grid = raw.to_python(skip_empty_area=False)
    first = start[0]
    rows: list[Row] = []
    append = rows.append
    for offset, values in enumerate(grid[first:]):
        append(Row(first + offset + 1, _clean_cells(values)))
    merged = _merged_ranges(raw, end[0], limits.max_cols - 1)
    sheet = Sheet(name=name, rows=rows, merged=merged)
    if merged:
        _fill_merged(sheet, first + 1)
    return sheet


def _clean_cells(values: list[Any]) -> list[Any]:
    """'' → None, whole floats → int, trailing empty cells dropped."""
    out = [
        None if v == "" else (int(v) if type(v) is float and v.is_integer() and abs(v) < 1e15 else v)
        for v in values
    ]
    while out and out[-1] is None:
        out.pop()
    return out


def _merged_ranges(raw: Any, last_row: int, last_col: int) -> list[tuple[int, int, int, int]]:
    try:
        ranges = raw.merged_cell_ranges
    except Exception:  # noqa: BLE001 - merge info is a nicety, never fatal
        return []
    if not ranges:
        return []
    out = []
    for (r0, c0), (r1, c1) in ranges:
        # clip to the data rows and column limit so a bogus A1:XFD1048576 range costs nothing
        r1 = min(r1, last_row)
        c1 = min(c1, last_col)
        if r0 > r1 or c0 > c1 or (r0 == r1 and c0 == c1):
            continue
        out.append((r0 + 1, c0, r1 + 1, c1))
    return out


def _fill_merged(sheet: Sheet, first_row_number: int) -> None:
    rows = sheet.rows
    for r0, c0, r1, c1 in sheet.merged:
        i0 = r0 - first_row_number
        if i0 < 0 or i0 >= len(rows):
            continue
        value = rows[i0].get(c0)
        if value is None:
            continue
        for i in range(i0, min(r1 - first_row_number, len(rows) - 1) + 1):
            cells = rows[i].cells
            if len(cells) <= c1:
                cells.extend([None] * (c1 + 1 - len(cells)))
            for c in range(c0, c1 + 1):
                if cells[c] is None:
                    cells[c] = value


# --------------------------------------------------------------------------- csv


def decode_text(data: bytes) -> str:
    """Decode CSV bytes: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetError("无法识别 CSV 文件的文字编码，请用 Excel/WPS 另存为“CSV UTF-8”或.xlsx 后再上传")


def _read_csv(data: bytes, filename: str, limits: Limits) -> Sheet:
    head = data[:8]
    if head == OLE2_MAGIC or head[:4] == ZIP_MAGIC:
        raise SheetError("文件扩展名是.csv，但内容是 Excel 文件，请把扩展名改为.xlsx/.xls 后再上传")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SheetError("文件扩展名是.csv，但内容不是文本，可能已损坏或类型不符")
    text = decode_text(data)
    # GB18030 decodes almost any bytes, so a binary file would come out as a page of odd characters: text with
    # control characters (other than tab and line breaks) is not a CSV file.
    sample = text[:65536]
    if sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n") > max(2, len(sample) // 1000):
        raise SheetError("文件扩展名是.csv，但内容不是文本表格，可能已损坏或类型不符")
    first_line = text[:4096].split("\n", 1)[0]
    delimiter = max((",", "\t", ";", "|"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    rows: list[Row] = []
    try:
        # strict: a quote left open swallows every line after it into one cell; that is an error, not a row.
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        for values in reader:
            number = reader.line_num
            if len(rows) >= limits.max_rows:
                raise SheetError(f"CSV 文件行数超过上限（{limits.max_rows}行），请拆分后再上传")
            if len(values) > limits.max_cols:
                raise SheetError(f"第{number}行列数超过上限（{limits.max_cols}列）")
            cells: list[Any] = [v if v.strip() else None for v in values]
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(Row(number, cells))
    except csv.Error as exc:
        line = getattr(reader, "line_num", 0)
        if "end of data" in str(exc) or "unexpected end" in str(exc):
            raise SheetError(f"CSV 文件格式错误：第{len(rows) + 1}条记录的引号没有结束（缺少配对的英文双引号 \"），"
                             "请检查该行或用 Excel/WPS 另存为.xlsx 后再上传") from None
        raise SheetError(f"CSV 文件格式错误（约第{line}行）：引号的用法不正确，单元格中的双引号须写成两个（\"\"）") from None
    # a quoted cell may span lines; line_num is then the line the record ended on. Rows keep
    # the record's ordinal which is what a spreadsheet program shows after opening the CSV.
    for ordinal, row in enumerate(rows, start=1):
        row.number = ordinal
    while rows and rows[0].is_blank():
        rows.pop(0)
    while rows and rows[-1].is_blank():
        rows.pop()
    name = os.path.splitext(os.path.basename(filename))[0] or "Sheet1"
    return Sheet(name=name, rows=rows)
