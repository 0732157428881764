"""Make ``templates/reference.docx``, the Word styles pandoc writes briefgen's .docx with.

Run ``python -m briefgen.publish.reference_docx templates/reference.docx`` after changing this
file; the same pandoc gives the same bytes. It starts from pandoc's own default reference
document and sets: the print stylesheet's fonts and sizes (templates/print.css) as Word
styles, A4 paper with the stylesheet's margins, and a header and footer holding the
classification marking, the title, the generation date and "page X of Y". The marking, title
and date are placeholders (``{{classification}}``, ``{{title}}``, ``{{generated}}``) that
briefgen.publish.docx fills in for each document, so one reference serves every workspace.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET  # noqa: N817
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_CT_WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml."
# The zip entries of the reference get this fixed time (zip time stamps cannot be earlier).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

SERIF = "Liberation Serif"
SANS = "Liberation Sans"
INK = "1F2D3D"      # headings (print.css h1, h2)
GREY = "4A5563"     # running header and footer
MARKING = "8A1C1C"  # the classification marking
# A4 in twentieths of a point, margins as print.css's @page (22mm 20mm 22mm 22mm).
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 1247, 1134, 1247, 1247
TEXT_WIDTH = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
HEADER_DISTANCE = 567  # 10mm from the paper's edge
META_STYLE = "Brief Line"  # the classification / desk / date line under the title

PLACEHOLDERS = ("{{classification}}", "{{title}}", "{{generated}}")


def _fonts(face: str) -> str:
    return f'<w:rFonts w:ascii="{face}" w:hAnsi="{face}" w:cs="{face}" w:eastAsia="{face}"/>'


def _size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def _border(side: str, eighths: int, color: str, space: int = 1) -> str:
    return f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" w:color="{color}"/>'


# styleId -> (paragraph properties, run properties), each in the schema's element order.
# Sizes are print.css's: body 10pt/1.34, h1 17pt, h2 11pt capitals, tables 9.5pt, notes 7pt.
STYLES: dict[str, tuple[str, str]] = {
    "Normal": ('<w:spacing w:before="0" w:after="113" w:line="322" w:lineRule="auto"/>',
               _fonts(SERIF) + '<w:color w:val="111111"/>' + _size(20)),
    "BodyText": ('<w:spacing w:before="0" w:after="113"/>', ""),
    "FirstParagraph": ("", ""),
    "Compact": ('<w:spacing w:before="0" w:after="45"/>', ""),
    "Title": ('<w:keepNext/><w:pBdr>' + _border("bottom", 12, INK, 4) + '</w:pBdr>'
              '<w:spacing w:before="0" w:after="85" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>',
              _fonts(SANS) + '<w:b/><w:bCs/><w:color w:val="' + INK + '"/>' + _size(34)),
    "Heading1": ('<w:keepNext/><w:keepLines/><w:spacing w:before="227" w:after="85"/><w:outlineLvl w:val="0"/>',
                 _fonts(SANS) + '<w:b/><w:bCs/><w:color w:val="' + INK + '"/>' + _size(34)),
    "Heading2": ('<w:keepNext/><w:keepLines/><w:pBdr>' + _border("bottom", 4, "C4CAD1", 1) + '</w:pBdr>'
                 '<w:spacing w:before="227" w:after="85"/><w:outlineLvl w:val="1"/>',
                 _fonts(SANS) + '<w:b/><w:bCs/><w:caps/><w:color w:val="' + INK + '"/>'
                 '<w:spacing w:val="6"/>' + _size(22)),
    "Heading3": ('<w:keepNext/><w:keepLines/><w:spacing w:before="170" w:after="57"/><w:outlineLvl w:val="2"/>',
                 _fonts(SANS) + '<w:b/><w:bCs/><w:color w:val="' + INK + '"/>' + _size(20)),
    "FootnoteText": ('<w:spacing w:before="0" w:after="0" w:line="293" w:lineRule="auto"/>',
                     _fonts(SERIF) + '<w:color w:val="222222"/>' + _size(14)),
    "Header": ('<w:tabs><w:tab w:val="right" w:pos="' + str(TEXT_WIDTH) + '"/></w:tabs>'
               '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
               _fonts(SANS) + '<w:color w:val="' + GREY + '"/>' + _size(16)),
    "Footer": ('<w:tabs><w:tab w:val="right" w:pos="' + str(TEXT_WIDTH) + '"/></w:tabs>'
               '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
               _fonts(SANS) + '<w:color w:val="' + GREY + '"/>' + _size(16)),
    "BriefLine": ('<w:spacing w:before="0" w:after="283"/>',
                  _fonts(SANS) + '<w:color w:val="333333"/>' + _size(17)),
}
# Styles pandoc's default reference lacks: styleId -> (name, based on).
NEW_STYLES = {"Header": ("header", "Normal"), "Footer": ("footer", "Normal"), "BriefLine": (META_STYLE, "Normal")}

# The table style pandoc gives every table: 9.5pt text, hairline rules between rows, a shaded
# header row in the sans face (pandoc already marks that row to repeat on every page).
TABLE_STYLE = (
    '<w:rPr>' + _size(19) + '</w:rPr>'
    '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
    + _border("top", 3, "D5DAE0", 0) + _border("bottom", 3, "D5DAE0", 0) + _border("insideH", 3, "D5DAE0", 0)
    + '</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="113" w:type="dxa"/>'
    '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar></w:tblPr>'
    '<w:tblStylePr w:type="firstRow"><w:rPr>' + _fonts(SANS) + '<w:b/><w:bCs/>' + _size(17) + '</w:rPr>'
    '<w:tcPr><w:tcBorders>' + _border("bottom", 6, "55606E", 0) + '</w:tcBorders>'
    '<w:shd w:val="clear" w:color="auto" w:fill="E9EDF1"/><w:vAlign w:val="bottom"/></w:tcPr></w:tblStylePr>'
)


def _run(text: str, extra: str = "") -> str:
    props = f"<w:rPr>{extra}</w:rPr>" if extra else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _field(instruction: str, shown: str) -> str:
    return f'<w:fldSimple w:instr=" {instruction} ">{_run(shown)}</w:fldSimple>'


def _part(root: str, paragraph_style: str, content: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{root} xmlns:w="{W}" xmlns:r="{R}">'
            f'<w:p><w:pPr><w:pStyle w:val="{paragraph_style}"/></w:pPr>{content}</w:p></w:{root}>')


_MARK = f'<w:b/><w:bCs/><w:color w:val="{MARKING}"/>'
HEADER = _part("hdr", "Header", _run("{{classification}}", _MARK) + "<w:r><w:tab/></w:r>"
               + _field("TITLE", "{{title}}"))
FOOTER = _part("ftr", "Footer", _run("{{classification}}", _MARK) + _run(" · {{generated}}")
               + "<w:r><w:tab/></w:r>" + _run("page ") + _field("PAGE", "1") + _run(" of ")
               + _field("NUMPAGES", "1"))


def _register_namespaces(xml: bytes) -> None:
    """Keep the part's own prefixes (w:, r:, ...) when ElementTree writes it back."""
    for _event, (prefix, uri) in ET.iterparse(io.BytesIO(xml), events=("start-ns",)):
        ET.register_namespace(prefix, uri)


def _fragment(xml: str) -> list[ET.Element]:
    return list(ET.fromstring(f'<w:x xmlns:w="{W}">{xml}</w:x>'))


def _set_children(style: ET.Element, tag: str, xml: str) -> None:
    """Replace ``style``'s ``tag`` child (pPr, rPr) with ``xml``'s children, keeping the order."""
    old = style.find(f"{{{W}}}{tag}")
    new = ET.Element(f"{{{W}}}{tag}")
    new.extend(_fragment(xml))
    if old is not None:
        style[list(style).index(old)] = new
        return
    # pPr comes before rPr, and both before any table properties.
    later = {"pPr": ("rPr", "tblPr", "trPr", "tcPr", "tblStylePr"), "rPr": ("tblPr", "trPr", "tcPr", "tblStylePr")}[tag]
    for index, child in enumerate(style):
        if child.tag.split("}")[1] in later:
            style.insert(index, new)
            return
    style.append(new)


def restyle(styles_xml: bytes) -> bytes:
    """``styles.xml`` with briefgen's fonts, sizes and table style."""
    _register_namespaces(styles_xml)
    root = ET.fromstring(styles_xml)
    by_id = {s.get(f"{{{W}}}styleId"): s for s in root.iter(f"{{{W}}}style")}
    defaults = root.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr")
    for child in list(defaults):
        if child.tag in (f"{{{W}}}rFonts", f"{{{W}}}sz", f"{{{W}}}szCs"):
            defaults.remove(child)
    for index, element in enumerate(_fragment(_fonts(SERIF))):
        defaults.insert(index, element)
    for style_id, (name, based_on) in NEW_STYLES.items():
        if style_id not in by_id:
            style = ET.SubElement(root, f"{{{W}}}style", {f"{{{W}}}type": "paragraph", f"{{{W}}}styleId": style_id})
            if style_id == "BriefLine":
                style.set(f"{{{W}}}customStyle", "1")
            style.extend(_fragment(f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/><w:qFormat/>'))
            by_id[style_id] = style
    for style_id, (ppr, rpr) in STYLES.items():
        style = by_id[style_id]
        if ppr:
            _set_children(style, "pPr", ppr)
        if rpr:
            _set_children(style, "rPr", rpr)
    table = by_id["Table"]
    for child in list(table):
        if child.tag.split("}")[1] in ("rPr", "tblPr", "tblStylePr", "pPr"):
            table.remove(child)
    table.extend(_fragment(TABLE_STYLE))
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _section(document_xml: bytes) -> bytes:
    """``document.xml`` whose last section is A4 with the margins and the header and footer."""
    text = document_xml.decode("utf-8")
    section = (f'<w:sectPr><w:headerReference w:type="default" r:id="rIdBriefHeader"/>'
               f'<w:footerReference w:type="default" r:id="rIdBriefFooter"/>'
               f'<w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr>'
               f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
               f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
               f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{HEADER_DISTANCE}" w:gutter="0"/>'
               f'</w:sectPr>')
    replaced, count = re.subn(r"<w:sectPr>.*?</w:sectPr>", section, text, flags=re.DOTALL)
    if count != 1:
        raise ValueError("pandoc's default reference document has no single section")
    return replaced.encode("utf-8")


def _relationships(rels_xml: bytes) -> bytes:
    text = rels_xml.decode("utf-8")
    extra = (f'<Relationship Type="{_REL_TYPE}header" Id="rIdBriefHeader" Target="header1.xml" />'
             f'<Relationship Type="{_REL_TYPE}footer" Id="rIdBriefFooter" Target="footer1.xml" />')
    return text.replace("</Relationships>", extra + "</Relationships>").encode("utf-8")


def _content_types(types_xml: bytes) -> bytes:
    text = types_xml.decode("utf-8")
    extra = (f'<Override PartName="/word/header1.xml" ContentType="{_CT_WORD}header+xml" />'
             f'<Override PartName="/word/footer1.xml" ContentType="{_CT_WORD}footer+xml" />')
    return text.replace("</Types>", extra + "</Types>").encode("utf-8")


def build_reference(default_reference: bytes) -> bytes:
    """briefgen's reference document made from pandoc's default one."""
    edits = {
        "word/styles.xml": restyle,
        "word/document.xml": _section,
        "word/_rels/document.xml.rels": _relationships,
        "[Content_Types].xml": _content_types,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(default_reference)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        parts = {name: source.read(name) for name in source.namelist()}
        parts["word/header1.xml"] = HEADER.encode("utf-8")
        parts["word/footer1.xml"] = FOOTER.encode("utf-8")
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            data = edits[name](parts[name]) if name in edits else parts[name]
            target.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def default_reference() -> bytes:
    """pandoc's own default reference document."""
    from briefgen.publish.docx import pandoc_path

    return subprocess.run([pandoc_path(), "--print-default-data-file", "reference.docx"],
                          check=True, capture_output=True).stdout


def main(argv: list[str] | None = None) -> int:
    """Write the reference document to the path given (default templates/reference.docx)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0] if args else "templates/reference.docx")
    target.write_bytes(build_reference(default_reference()))
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
