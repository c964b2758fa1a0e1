"""Find corpus files and load each one into a cleaned :class:`~qa.types.Document`.

    discover(paths) ──▶ [Path, …] ──load_document(path)──▶ Document (text cleaned by qa.text.textclean)

Formats: ``.txt`` / ``.md`` (of a LawRefBook ``<!-- INFO END -->`` block, the title and the
promulgation lines stay as a preamble; a saved MHTML page loses its MIME headers, links and CSS),
``.html`` / ``.htm`` (the main content block is kept, site chrome dropped), ``.docx`` (paragraphs
and table cells in document order, manual line breaks kept). Encodings: UTF-8 with or without
BOM, then GB18030 (a superset of GB2312 and GBK that also takes user-defined GBK byte pairs), then
charset-normalizer's best guess. A file that
cannot be used raises :class:`~qa.errors.CorpusError` naming it and the reason; callers report
and skip it.
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path
from typing import Any

from qa.errors import CorpusError
from qa.text.textclean import clean_text
from qa.types import Document, content_hash

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".html", ".htm")
# Files of the document pack that describe it rather than belong to it.
PACK_FILES = {"README.md", "manifest.json", "SHA256SUMS"}
_DOCUMENT_FIELDS = {"title", "region", "level", "kind", "issuer", "doc_number", "adopted", "effective"}
_MIN_TEXT_CHARS = 20


def discover(paths: list[Path]) -> list[Path]:
    """All supported files under ``paths`` (files or folders), sorted and without duplicates.

    Args:
        paths: files or folders; folders are searched recursively.

    Returns:
        Supported document files; dotfiles and the pack's README.md / manifest.json / SHA256SUMS
        are skipped.

    Raises:
        CorpusError: a path does not exist.
    """
    found: set[Path] = set()
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise CorpusError(f"语料路径不存在: {path}")
        candidates = [path] if path.is_file() else (p for p in path.rglob("*") if p.is_file())
        for file in candidates:
            rel_parts = file.relative_to(path).parts if path.is_dir() else (file.name,)
            if any(part.startswith(".") for part in rel_parts) or file.name in PACK_FILES:
                continue
            if file.suffix.lower() in SUPPORTED_SUFFIXES:
                found.add(file.resolve())
    return sorted(found)


def load_document(path: Path, root: Path | None = None, metadata: dict[str, Any] | None = None) -> Document:
    """Read, decode and clean one file.

    Args:
        path: the file.
        root: corpus root; ``Document.source`` is the path relative to it (else the file name).
        metadata: catalog fields (title, region, level, kind, issuer, doc_number, adopted,
            effective; other keys go to ``extra``). Missing fields are taken from the text.

    Returns:
        The cleaned document; ``doc_id`` is the content hash of its text.

    Raises:
        CorpusError: the file is missing, unreadable, empty, binary or undecodable.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"{path.name}: 不支持的文件类型 {suffix or '(无扩展名)'}")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path.name}: 无法读取文件 ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise CorpusError(f"{path.name}: 文件为空")

    found: dict[str, Any] = {}
    if suffix == ".docx":
        text = clean_text(_docx_text(path, raw))
    else:
        decoded = decode_bytes(raw, path.name)
        if suffix in (".html", ".htm"):
            text = clean_text(html_text(decoded), html=True)
            # Removing source-layout spaces also ate the one after an article label; restore it.
            text = _LABEL_NO_SPACE.sub(r"\1 ", text)
        elif suffix == ".md":
            body, found = _markdown_text(decoded)
            text = clean_text(body)
        else:
            text = clean_text(_strip_markdown_marks(decoded))
    if len(re.sub(r"\s", "", text)) < _MIN_TEXT_CHARS:
        raise CorpusError(f"{path.name}: 清洗后没有可用的正文")

    source = path.name
    if root is not None:
        try:
            source = path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            source = path.name
    return _make_document(text, source, path.stem, {**found, **(metadata or {})})


def _make_document(text: str, source: str, stem: str, meta: dict[str, Any]) -> Document:
    fields = {k: v for k, v in meta.items() if k in _DOCUMENT_FIELDS and v is not None}
    extra = {k: v for k, v in meta.items()
             if k not in _DOCUMENT_FIELDS and k not in {"file", "doc_id", "text", "source", "extra"}}
    extra.update(meta.get("extra") or {})  # the catalog hands its own extras as one dict
    fields.setdefault("title", _first_heading(text) or stem)
    if "region" in fields and "level" not in fields:
        fields["level"] = "national" if fields["region"] == "全国" else "municipal"
    return Document(doc_id=content_hash(text), source=source, text=text, extra=extra, **fields)


_TITLE_END = re.compile(r"(条例|办法|规定|意见|通知|细则|决定|答记者问)(（试行）|\(试行\))?》?$")


def _first_heading(text: str) -> str | None:
    """A title-like line near the top (ending in 条例/办法/通知…), else the first short line."""
    lines = [line.strip() for line in text.split("\n")[:16] if line.strip()]
    for i, line in enumerate(lines):
        if len(line) <= 60 and _TITLE_END.search(line):
            if i and lines[i - 1].endswith(("关于", "印发", "关于印发")):
                line = lines[i - 1] + line
            return re.sub(r"^原标题[:：]", "", line).strip("《》 ")
    return next((line for line in lines if len(line) <= 60), None)


# --- decoding ---------------------------------------------------------------------------------


def decode_bytes(raw: bytes, name: str) -> str:
    """Decode ``raw``: UTF-8 (BOM or not), then GB18030, then charset-normalizer.

    Raises:
        CorpusError: the bytes look binary or no codec decodes them cleanly.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:8192]:
        raise CorpusError(f"{name}: 二进制文件，不是文本")
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding and best.chaos < 0.2:
        log.info("%s: decoded as %s by charset-normalizer", name, best.encoding)
        return str(best)
    raise CorpusError(f"{name}: 无法识别文本编码（不是 UTF-8 或 GB18030）")


# --- markdown ---------------------------------------------------------------------------------

_INFO_END = "<!-- INFO END -->"
_MIME_BOUNDARY = re.compile(r"^-{6,}\S+\s+Content-", re.M)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]{1,200}>")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def _markdown_text(text: str) -> tuple[str, dict[str, Any]]:
    """Body text of a Markdown file and any dates found in a LawRefBook info block."""
    found: dict[str, Any] = {}
    if _INFO_END in text:
        head, body = text.split(_INFO_END, 1)
        head_lines = [line.strip() for line in head.splitlines() if line.strip()]
        title = head_lines[0].lstrip("#").strip() if head_lines and head_lines[0].startswith("#") else None
        for line in head_lines[1:]:
            if (m := _DATE.search(line)) is not None:
                iso = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
                if "施行" in line:
                    found.setdefault("effective", iso)
                elif "通过" in line or "公布" in line:
                    found.setdefault("adopted", iso)
        # The block's promulgation lines (通过 / 国务院令第663号公布 / 施行) are part of the document:
        # people ask for them. They stay as its preamble, under the title.
        record = [line for line in head_lines[1:] if _DATE.search(line) or "令" in line]
        preamble = "\n\n".join(([title] if title else []) + record)
        if title:
            found["title"] = title
        if preamble:
            body = f"{preamble}\n\n{body}"
        return _strip_markdown_marks(body), found
    if text.lstrip().startswith("Content-Type:"):
        text = _saved_page_text(text)
    return _strip_markdown_marks(text), found


def _saved_page_text(text: str) -> str:
    """Text of a saved MHTML web page converted to Markdown: no MIME parts, links, tags or CSS."""
    lines = text.split("\n")
    lines = lines[1:]  # the MIME header line
    text = "\n".join(lines)
    if (m := _MIME_BOUNDARY.search(text)) is not None:
        text = text[: m.start()]  # later MIME parts: scripts and escaped CSS
    text = _MD_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("\n", text)
    # Underline rules of headings and navigation list items (short link texts) go.
    kept = [line for line in text.split("\n")
            if not re.fullmatch(r"\s*[-=]{4,}\s*|\s*[-*]\s*(\S{1,12})?\s*", line)]
    return "\n".join(kept)


def _strip_markdown_marks(text: str) -> str:
    """Drop Markdown emphasis and heading marks (``**第一条**``, ``## 标题``) but keep the words."""
    text = re.sub(r"\*\*|__", "", text)
    return re.sub(r"^[ \t]*#{1,6}[ \t]+", "", text, flags=re.M)


# --- html -------------------------------------------------------------------------------------

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "center", "dd", "div", "dl", "dt", "fieldset",
    "figure", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre",
    "section", "table", "tbody", "td", "th", "thead", "tr", "ul", "body",
}
# The main block is searched among layout containers only, never inside a paragraph.
_CONTAINER_TAGS = {"article", "body", "center", "div", "form", "main", "section", "table", "tbody", "td", "tr"}
_DROP_TAGS = ["script", "style", "noscript", "iframe", "head", "nav", "header", "footer",
              "select", "button", "input", "textarea", "object", "embed", "svg"]
_LABEL_NO_SPACE = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+[章条])(?=[^\s，、。；的])", re.M)
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
# Descend into a child while it holds this share of its parent's (non-link) Chinese text.
_MAIN_SHARE = 0.9


def html_text(html: str) -> str:
    """Text of the main content block of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    root = soup.body or soup
    parts: list[str] = []
    _render(_main_block(root), parts)
    return "".join(parts)


def _main_block(root: Any) -> Any:
    """The deepest element that still holds most of the page's non-link Chinese text."""
    from bs4 import NavigableString

    weight: dict[int, int] = {}
    for string in root.find_all(string=True):
        if not isinstance(string, NavigableString):
            continue
        n = len(_CJK_CHAR.findall(string))
        if not n or string.find_parent("a") is not None:
            continue
        for parent in string.parents:
            weight[id(parent)] = weight.get(id(parent), 0) + n
            if parent is root:
                break
    node = root
    while True:
        children = [c for c in node.find_all(recursive=False)
                    if weight.get(id(c), 0) and c.name in _CONTAINER_TAGS]
        if not children:
            return node
        best = max(children, key=lambda c: weight.get(id(c), 0))
        if weight.get(id(best), 0) < _MAIN_SHARE * weight.get(id(node), 1):
            return node
        node = best


def _render(node: Any, parts: list[str]) -> None:
    from bs4 import NavigableString, Tag

    for child in node.children:
        if isinstance(child, NavigableString):
            parts.append(re.sub(r"[ \t\r\n]+", " ", str(child)))
        elif isinstance(child, Tag):
            if child.name == "br":
                parts.append("\n")
                continue
            if child.name == "tr" and (row := _table_row(child)) is not None:
                parts.append(f"\n{row}\n")
                continue
            block = child.name in _BLOCK_TAGS
            if block:
                parts.append("\n")
            _render(child, parts)
            if block:
                parts.append("\n")


def _table_row(tr: Any) -> str | None:
    """A data-table row as one line, cells joined by ``｜``; None for a layout row."""
    cells = tr.find_all(["td", "th"], recursive=False)
    if tr.find("table") is not None:
        return None
    texts = [re.sub(r"\s+", " ", cell.get_text(" ")).strip() for cell in cells]
    texts = [t for t in texts if t]
    if len(texts) < 2:
        return None
    return " ｜ ".join(texts)


# --- docx -------------------------------------------------------------------------------------


def _docx_text(path: Path, raw: bytes) -> str:
    """Paragraphs and table cells of a .docx in document order; manual breaks become newlines."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not raw.startswith(b"PK"):
        raise CorpusError(f"{path.name}: 不是有效的 docx 文件（不是 zip 格式）")
    try:
        document: DocxDocument = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise CorpusError(f"{path.name}: 无法打开 docx ({exc})") from exc

    lines: list[str] = []

    def walk(container: Any) -> None:
        for item in container.iter_inner_content():
            if isinstance(item, Paragraph):
                lines.append(item.text)
                lines.append("")
            elif isinstance(item, Table):
                seen: set[int] = set()
                for row in item.rows:
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        walk(cell)

    walk(document)
    return "\n".join(lines)
