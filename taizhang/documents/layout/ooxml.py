"""Small WordprocessingML helpers that python-docx has no API for (East Asian fonts, character-based
indents, fields, bookmarks, borders).  Everything here works on lxml elements."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length

from .fonts import FontSpec

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def child(parent, tag: str, *, before: tuple[str, ...] = ()):
    """Return the first ``tag`` child of ``parent``, creating it (ahead of any ``before`` sibling, to
    keep the schema order Word insists on) when missing."""
    found = parent.find(qn(tag))
    if found is not None:
        return found
    element = OxmlElement(tag)
    for name in before:
        anchor = parent.find(qn(name))
        if anchor is not None:
            anchor.addprevious(element)
            return element
    parent.append(element)
    return element


def set_attrs(element, **attrs: str | int) -> None:
    """Set ``w:``-namespaced attributes: ``set_attrs(ind, firstLineChars=200)``."""
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))


# rPr children in schema order; only the ones this module writes are needed.
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:color", "w:spacing", "w:sz", "w:szCs", "w:lang")


def _rpr_child(rpr, tag: str):
    later = _RPR_ORDER[_RPR_ORDER.index(tag) + 1 :]
    return child(rpr, tag, before=later)


def set_rpr_font(rpr, spec: FontSpec, use_fallback: bool, size: Length | None = None,
                 bold: bool | None = None, east_asia_hint: bool = False,
                 char_spacing: int | None = None) -> None:
    """Write fonts (ascii, hAnsi, eastAsia, cs — WPS reads only eastAsia for Chinese text), size and
    boldness into an ``w:rPr`` element, dropping theme-font attributes that would override them.
    ``char_spacing`` (twentieths of a point) condenses or expands the characters."""
    east_asia, latin = spec.names(use_fallback)
    fonts = _rpr_child(rpr, "w:rFonts")
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    set_attrs(fonts, ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin)
    if east_asia_hint:
        set_attrs(fonts, hint="eastAsia")
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            element = _rpr_child(rpr, tag)
            if not bold:
                element.set(qn("w:val"), "0")
            else:
                element.attrib.pop(qn("w:val"), None)
    if char_spacing is not None:
        _rpr_child(rpr, "w:spacing").set(qn("w:val"), str(char_spacing))
    if size is not None:
        half_points = str(round(size.pt * 2))
        _rpr_child(rpr, "w:sz").set(qn("w:val"), half_points)
        _rpr_child(rpr, "w:szCs").set(qn("w:val"), half_points)


def run_rpr(r):
    """The ``w:rPr`` of a ``w:r``, created when missing."""
    return child(r, "w:rPr")


def new_run(text: str | None = None):
    """A bare ``w:r`` holding ``text`` (tabs and line breaks become ``w:tab``/``w:br``)."""
    r = OxmlElement("w:r")
    run_rpr(r)
    if text:
        for i, line in enumerate(text.split("\n")):
            if i:
                r.append(OxmlElement("w:br"))
            for j, piece in enumerate(line.split("\t")):
                if j:
                    r.append(OxmlElement("w:tab"))
                if piece:
                    t = OxmlElement("w:t")
                    t.text = piece
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    r.append(t)
    return r


def field_runs(instruction: str, cached: str, *, dirty: bool = False) -> list:
    """The five runs of a complex field (begin, instruction, separate, cached result, end).  Word
    and LibreOffice show ``cached`` until the field is updated; ``dirty`` asks Word to update it."""
    begin = new_run()
    set_attrs(_append(begin, "w:fldChar"), fldCharType="begin")
    if dirty:
        set_attrs(begin[-1], dirty="true")
    instr = new_run()
    instr_text = _append(instr, "w:instrText")
    instr_text.text = f" {instruction} "
    instr_text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    separate = new_run()
    set_attrs(_append(separate, "w:fldChar"), fldCharType="separate")
    result = new_run(cached)
    end = new_run()
    set_attrs(_append(end, "w:fldChar"), fldCharType="end")
    return [begin, instr, separate, result, end]


def _append(parent, tag: str):
    element = OxmlElement(tag)
    parent.append(element)
    return element


def bookmark(bookmark_id: int, name: str):
    """``(w:bookmarkStart, w:bookmarkEnd)`` elements to wrap the runs of a paragraph."""
    start = OxmlElement("w:bookmarkStart")
    set_attrs(start, id=bookmark_id, name=name)
    end = OxmlElement("w:bookmarkEnd")
    set_attrs(end, id=bookmark_id)
    return start, end


def set_cell_borders(tbl_pr, size_eighths: int = 4) -> None:
    """Single black borders on every edge and inner line of a table."""
    borders = child(tbl_pr, "w:tblBorders", before=("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        set_attrs(child(borders, f"w:{edge}"), val="single", sz=size_eighths, space=0, color="000000")


# w:pPr children in schema order (only the ones written here and by python-docx matter).
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
    "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
    "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
    "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
# w:sectPr children that follow w:pgNumType.
AFTER_PGNUMTYPE = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
    "w:rtlGutter", "w:docGrid", "w:printerSettings",
)
# w:settings children that follow w:updateFields.
AFTER_UPDATEFIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)


def ppr_child(ppr, tag: str):
    """Get or create a ``w:pPr`` child in schema position."""
    return child(ppr, tag, before=_PPR_ORDER[_PPR_ORDER.index(tag) + 1 :])


def twips(length: Length) -> int:
    return round(Emu(length).pt * 20)


def set_char_indent(ppr, size: Length, *, first: float | None = None, left: float | None = None,
                    right: float | None = None) -> None:
    """Indent in characters (``w:firstLineChars`` etc., which Word and WPS honour) with the same
    amount in twips for readers that only know absolute indents."""
    ind = ppr_child(ppr, "w:ind")
    for name, chars in (("firstLine", first), ("left", left), ("right", right)):
        if chars is None:
            continue
        set_attrs(ind, **{f"{name}Chars": round(chars * 100), name: round(chars * size.pt * 20)})
