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

import contextlib
import functools
import logging
import os
import re
import stat
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

from qa.config import Settings
from qa.errors import CorpusError
from qa.text.textclean import clean_text
from qa.types import Document, content_hash

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".html", ".htm")
# Files of the document pack that describe it rather than belong to it.
PACK_FILES = {"README.md", "manifest.json", "SHA256SUMS"}
_DOCUMENT_FIELDS = {"title", "region", "level", "kind", "issuer", "doc_number", "adopted", "effective"}
_MIN_TEXT_CHARS = 20
MAX_FILE_BYTES = Settings.max_file_bytes
MAX_PARAGRAPH_CHARS = Settings.max_paragraph_chars


def scan(root: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """Supported files under the folder ``root`` and the entries skipped on the way, with reasons.

    Symbolic links are never followed out of ``root``: a file link whose target lies outside it
    (or is missing) is skipped with a message, a link to a folder is not entered. A link to a
    file inside ``root`` yields that file (once). Dot entries and the pack's own README.md /
    manifest.json / SHA256SUMS are ignored silently.

    Returns:
        (sorted resolved file paths, [(path relative to root, reason), …]).
    """
    root = Path(root)
    real_root = root.resolve()
    found: set[Path] = set()
    skipped: list[tuple[str, str]] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(folder)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in list(dirnames):
            if (here / name).is_symlink():
                dirnames.remove(name)  # os.walk lists links to folders but does not enter them
                target = os.path.realpath(here / name)
                skipped.append(((here / name).relative_to(root).as_posix(),
                                f"是指向 {target} 的目录链接，不跟随（请直接用 --corpus 指定真实目录）"))
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(root).as_posix()
            if name.startswith(".") or name in PACK_FILES or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(real_root):
                    skipped.append((rel, f"是指向语料目录之外（{target}）的符号链接，不收录"))
                    continue
                path = target
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                skipped.append((rel, f"无法读取（{exc.strerror or exc}）"))
                continue
            if not stat.S_ISREG(mode):
                skipped.append((rel, "不是普通文件"))
                continue
            found.add(path.resolve())
    return sorted(found), skipped


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
        if path.is_dir():
            files, skipped = scan(path)
            for rel, reason in skipped:
                log.warning("%s: %s", rel, reason)
            found.update(files)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES and path.name not in PACK_FILES:
            found.add(path.resolve())
    return sorted(found)


def read_limited(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, refusing (before reading) a file larger than ``max_bytes``.

    Raises:
        CorpusError: the file is too large or cannot be read.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise CorpusError(f"{path.name}: 文件大小 {_mb(size)}，超过上限 {_mb(max_bytes)}"
                              "（可用环境变量 QA_MAX_FILE_MB 调高）")
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)
    except OSError as exc:
        raise CorpusError(f"{path.name}: 无法读取文件 ({exc.strerror or exc})") from exc


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def load_document(path: Path, root: Path | None = None, metadata: dict[str, Any] | None = None, *,
                  raw: bytes | None = None, max_bytes: int = MAX_FILE_BYTES,
                  max_paragraph: int = MAX_PARAGRAPH_CHARS) -> Document:
    """Read, decode and clean one file.

    Args:
        path: the file.
        root: corpus root; ``Document.source`` is the path relative to it (else the file name).
        metadata: catalog fields (title, region, level, kind, issuer, doc_number, adopted,
            effective; other keys go to ``extra``). Missing fields are taken from the text.
        raw: the file's bytes when the caller already read them (with :func:`read_limited`).
        max_bytes: largest file (for a .docx also its unzipped size) accepted.
        max_paragraph: longest paragraph (line of the cleaned text) accepted, in characters.

    Returns:
        The cleaned document; ``doc_id`` is the content hash of its text.

    Raises:
        CorpusError: the file is missing, unreadable, empty, too large, binary, undecodable,
            malformed or hostile.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise CorpusError(f"{path.name}: 不支持的文件类型 {suffix or '(无扩展名)'}")
    if raw is None:
        raw = read_limited(path, max_bytes)
    if len(raw) > max_bytes:
        raise CorpusError(f"{path.name}: 文件大小 {_mb(len(raw))}，超过上限 {_mb(max_bytes)}"
                          "（可用环境变量 QA_MAX_FILE_MB 调高）")
    if not raw.strip():
        raise CorpusError(f"{path.name}: 文件为空")

    found: dict[str, Any] = {}
    if suffix == ".docx":
        text = clean_text(_docx_text(path, raw, max_bytes))
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
    longest = max(text.split("\n"), key=len)
    if len(longest) > max_paragraph:
        raise CorpusError(f"{path.name}: 有一段长 {len(longest):,} 字，超过每段上限 {max_paragraph:,} 字"
                          "（常见于没有换行的转换文本；可用环境变量 QA_MAX_PARAGRAPH_CHARS 调高）")

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
    """Decode ``raw``: by its BOM, else the first of UTF-8, GB18030, Big5, UTF-16 (no BOM) and
    charset-normalizer's guess that gives plausible text.

    A few stray NUL bytes (at most one per thousand) are dropped; more make the file binary,
    unless the bytes read as UTF-16.

    Raises:
        CorpusError: the bytes look binary or no codec decodes them into plausible text.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise CorpusError(
                    f"{name}: 文件以 {codec} 的 BOM 开头，但内容无法按 {codec} 解码（{exc.reason}）") from exc
            if not _plausible(text, strict=False):
                raise CorpusError(f"{name}: 按 {codec} 解码后不是正常文本")
            return text
    nuls = raw.count(b"\x00")
    codecs = ["utf-8", "gb18030", "big5", "utf-16-le", "utf-16-be"]
    if nuls:
        # UTF-16 without a BOM has NULs wherever a character is below U+0100 (ASCII, and the
        # low byte of U+3000 …): try both byte orders before calling the file binary.
        for utf16 in ("utf-16-le", "utf-16-be") if len(raw) % 2 == 0 else ():
            try:
                text = raw.decode(utf16)
            except UnicodeDecodeError:
                continue
            if _plausible(text, strict=True):
                log.info("%s: decoded as %s (no BOM)", name, utf16)
                return text
        if nuls > max(1, len(raw) // 1000):
            raise CorpusError(f"{name}: 二进制文件，不是文本（含 {nuls} 个 NUL 字节）")
        else:
            log.warning("%s: dropped %d stray NUL byte(s)", name, nuls)
            raw = raw.replace(b"\x00", b"")
    for codec in codecs:
        if codec.startswith("utf-16") and len(raw) % 2:
            continue
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text, strict=codec != "utf-8"):
            if codec not in ("utf-8", "gb18030"):
                log.info("%s: decoded as %s", name, codec)
            return text
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding and best.chaos < 0.2 and _plausible(str(best), strict=True):
        log.info("%s: decoded as %s by charset-normalizer", name, best.encoding)
        return str(best)
    raise CorpusError(f"{name}: 无法识别文本编码（试过 UTF-8、GB18030、Big5、UTF-16，解码结果都不是正常文本）；"
                      "请转存为 UTF-8")


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# Share of a text's non-space characters allowed to be implausible: controls, private-use,
# unassigned, U+FFFD; for a legacy codec's guess also letters that are neither ASCII nor common
# Chinese characters. Real pack files stay under 0.3 %; mojibake runs from 30 % to 100 %.
_MAX_ODD_SHARE = 0.05


@functools.cache
def _common_hanzi() -> frozenset[str]:
    """The 6,763 characters of GB2312 and the 5,401 common ones of Big5: almost every character of
    a real Chinese text, simplified or traditional, and under half of what a wrong codec yields."""
    chars: set[str] = set()
    for lead, trails, codec in ((range(0xB0, 0xF8), range(0xA1, 0xFF), "gb2312"),
                                (range(0xA4, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)], "big5")):
        for a in lead:
            for b in trails:
                with contextlib.suppress(UnicodeDecodeError):
                    chars.add(bytes((a, b)).decode(codec))
    return frozenset(c for c in chars if "\u4e00" <= c <= "\u9fff")


def _plausible(text: str, strict: bool) -> bool:
    """Whether ``text`` looks like a real document rather than a wrong decoding."""
    common = _common_hanzi() if strict else frozenset()
    odd = total = 0
    for ch in text:
        if ch.isspace():
            continue
        total += 1
        if ch < "\x80":
            odd += not ch.isprintable()
            continue
        category = unicodedata.category(ch)
        if (category in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd"
                or (strict and category.startswith("L") and ch not in common and not "\uff00" <= ch <= "\uffef")):
            odd += 1
    return total == 0 or odd <= _MAX_ODD_SHARE * total


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
    """Append the text of ``node``'s children to ``parts``, block elements on their own lines.

    Iterative (an explicit stack), so a page nested thousands of tags deep cannot exhaust the
    Python stack."""
    from bs4 import NavigableString, Tag

    stack: list[Any] = [iter(node.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, str) and not isinstance(child, NavigableString):
            parts.append(child)  # a block's closing newline, queued below
        elif isinstance(child, NavigableString):
            parts.append(re.sub(r"[ \t\r\n]+", " ", str(child)))
        elif isinstance(child, Tag):
            if child.name == "br":
                parts.append("\n")
                continue
            if child.name == "tr" and (row := _table_row(child)) is not None:
                parts.append(f"\n{row}\n")
                continue
            if child.name in _BLOCK_TAGS:
                parts.append("\n")
                stack.append(iter(["\n"]))
            stack.append(iter(child.children))


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


_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY|<\x00!\x00D\x00O\x00C|\x00<\x00!\x00D\x00O\x00C", re.I)
_MAX_ZIP_MEMBERS = 5000


def _check_docx_zip(name: str, raw: bytes, max_bytes: int) -> None:
    """Refuse a .docx before python-docx reads it: not a zip, no document part, unzipped size above
    ``max_bytes`` (a zip bomb: Python's zip reader never returns more than the declared size), or
    an XML part with a DTD (OOXML has none; entity expansion needs one)."""
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            if len(members) > _MAX_ZIP_MEMBERS:
                raise CorpusError(f"{name}: docx 内含 {len(members)} 个部件，超过上限 {_MAX_ZIP_MEMBERS}")
            unzipped = sum(m.file_size for m in members)
            if unzipped > max_bytes:
                raise CorpusError(f"{name}: docx 解压后 {_mb(unzipped)}，超过上限 {_mb(max_bytes)}"
                                  "（疑似压缩炸弹；可用环境变量 QA_MAX_FILE_MB 调高）")
            names = {m.filename for m in members}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise CorpusError(f"{name}: 不是有效的 docx 文件（缺少 word/document.xml 或 [Content_Types].xml）")
            for member in members:
                if member.filename.endswith((".xml", ".rels")) and _DTD.search(archive.read(member)):
                    raise CorpusError(f"{name}: docx 的 {member.filename} 含有 DTD/实体声明，"
                                      "正常的 docx 不会有（疑似实体膨胀攻击），已拒绝")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, OSError) as exc:
        raise CorpusError(f"{name}: 无法打开 docx（zip 损坏：{exc}）") from exc


def _docx_text(path: Path, raw: bytes, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Paragraphs and table cells of a .docx in document order; manual breaks become newlines."""
    import io

    import docx
    from docx.document import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml import etree

    if not raw.startswith(b"PK"):
        raise CorpusError(f"{path.name}: 不是有效的 docx 文件（不是 zip 格式）")
    _check_docx_zip(path.name, raw, max_bytes)
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

    try:
        document: DocxDocument = docx.Document(io.BytesIO(raw))
        walk(document)
    except etree.XMLSyntaxError as exc:
        raise CorpusError(f"{path.name}: docx 的 XML 不完整或已损坏（{exc}）") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, AttributeError, TypeError, IndexError,
            RecursionError, etree.LxmlError) as exc:
        # python-docx and lxml raise these for parts that are missing or of the wrong shape.
        raise CorpusError(f"{path.name}: 无法读取 docx（{type(exc).__name__}: {exc}）") from exc
    except Exception as exc:  # python-docx's own PackageNotFoundError and kin
        if type(exc).__module__.startswith("docx"):
            raise CorpusError(f"{path.name}: 无法打开 docx（{exc}）") from exc
        raise
    return "\n".join(lines)
