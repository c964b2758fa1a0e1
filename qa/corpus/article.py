"""Clean the 2015 journal article on 居住证 reform (text extracted from its PDF) into plain paragraphs.

The seed ``article.txt`` is raw PDF text: lines wrap mid-sentence with blank lines between them,
justified lines come out letter-spaced (有 很 大 不 同), numbers carry typesetting spaces (1958 年),
punctuation is half-width (``( 一)``, ``; ``), the page furniture (·55·, the journal line) and the
reference markers (［1］) are mixed into the text, and the cells of Tables 1–3 arrive stacked
vertically. This module turns it into the committed ``corpus/article/juzhuzheng_reform_2015.txt``:

    seed ──split──▶ body lines + table regions
    body lines ──clean_line──▶ ──join_paragraphs──▶ paragraphs
    table regions ──verify against tables.yaml──▶ rendered table lines

Output format (parsed by the chunker): UTF-8, one paragraph per line, one blank line between
paragraphs. Headings (``一、…``, ``（一）…``) sit on their own line; numbered points start their
paragraph (``1. …``). Each table is a run of lines: ``表N caption``, one ``【place】header：cell；…``
line per row, ``注：…`` lines and one ``资料来源：…`` line.

Tables cannot be un-stacked generically, so they are rebuilt from a hand-written spec
(``corpus/article/tables.yaml``); every caption, header, cell, note and source line of the spec
must occur, in order, in the whitespace-free raw table region, so a typo in the spec fails loudly.

Command line: ``python -m qa.article build`` rewrites the cleaned file, ``python -m qa.article
check`` verifies that the committed file equals what ``build`` produces (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from qa.config import DEFAULT_CORPUS_DIR, REPO_ROOT
from qa.errors import CorpusError
from qa.yamlfile import parse_yaml

__all__ = [
    "ARTICLE_DIR", "ARTICLE_PATH", "SEED_PATH", "TABLES_PATH", "Table", "TableRow", "build", "check",
    "clean_line", "is_header_footer", "join_paragraphs", "load_tables", "normalize_punctuation",
    "normalize_spacing", "remove_reference_markers", "render_table", "update_catalog_hash", "verify_table",
]

log = logging.getLogger(__name__)

ARTICLE_DIR = DEFAULT_CORPUS_DIR / "article"
ARTICLE_PATH = ARTICLE_DIR / "juzhuzheng_reform_2015.txt"
TABLES_PATH = ARTICLE_DIR / "tables.yaml"
SEED_PATH = REPO_ROOT.parent / "shared" / "seed" / "article.txt"

# ---------------------------------------------------------------------------------------------
# Line cleaning
# ---------------------------------------------------------------------------------------------

# Running page furniture of 国家行政学院学报: page number, journal + issue, column title.
_HEADER_FOOTER = (
    re.compile(r"^·\s*\d+\s*·$"),
    re.compile(r"^国家行政学院学报\s*\d{4}\s*\.\s*\d+$"),
    re.compile(r"^公共管理与行政改革$"),
)

# Reference markers: ［1］, [12], ［3，5］, ［6-8］. One or two digits only, so that bracketed
# years in document numbers (公通字[2015]38号) are never taken for markers.
_MARKER = re.compile(r"[［\[]\s*\d{1,2}(?:\s*[，,\-–－]\s*\d{1,2})*\s*[］\]]")

_ASCII_WORD = re.compile(r"[A-Za-z0-9]")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")

# Half-width punctuation the article prints full-width (Chinese typesetting).
_PUNCT = {"(": "（", ")": "）", ";": "；", ":": "：", "?": "？", "!": "！", ",": "，"}
_NUMBERED_POINT = re.compile(r"^(\d{1,2})\.\s+(?=\S)")
# The abstract label, printed in the same brackets as the reference markers.
_ABSTRACT = re.compile(r"^\s*［\s*摘\s*要\s*］\s*")


def is_header_footer(line: str) -> bool:
    """True for the journal's running header/footer lines (·55·, 国家行政学院学报 2015. 5, …)."""
    stripped = line.strip()
    return any(p.match(stripped) for p in _HEADER_FOOTER)


def remove_reference_markers(text: str) -> str:
    """Drop reference markers such as ［1］ and keep the words around them untouched."""
    return _MARKER.sub("", text)


def normalize_spacing(text: str) -> str:
    """Remove the spaces PDF extraction puts between Chinese characters and around numbers.

    A run of spaces survives only between two ASCII letters/digits (``Art 5``), where it separates
    words; everywhere else in Chinese text it is typesetting noise (有 很 大 → 有很大, 1958 年 → 1958年).
    """
    text = text.strip()
    point = _NUMBERED_POINT.match(text)
    prefix = ""
    if point:  # keep the numbered point format "1. " (digit, full stop, one space)
        prefix, text = f"{point.group(1)}. ", text[point.end():]

    def _space(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if _ASCII_WORD.match(before) and _ASCII_WORD.match(after):
            return " "
        return ""

    return prefix + _SPACES.sub(_space, text)


def normalize_punctuation(text: str) -> str:
    """Print half-width punctuation inside Chinese text in its full-width form: ( 一) → （一）, ; → ；.

    A sign stays half-width only between two ASCII letters/digits (``12:30``, ``f(x)``).
    """
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in _PUNCT and not (_ASCII_WORD.match(_neighbour(text, i, -1))
                                 and _ASCII_WORD.match(_neighbour(text, i, +1))):
            chars[i] = _PUNCT[ch]
    return "".join(chars)


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest non-space character of ``text`` from ``index`` in direction ``step`` ('' if none)."""
    j = index + step
    while 0 <= j < len(text) and text[j] in " \t\u00a0\u3000":
        j += step
    return text[j] if 0 <= j < len(text) else ""


def clean_line(line: str) -> str:
    """One extracted line as it should read: markers gone, punctuation full-width, spaces removed."""
    line = _ABSTRACT.sub("摘要：", line)
    line = remove_reference_markers(line)
    line = normalize_punctuation(line)
    return normalize_spacing(line)


# ---------------------------------------------------------------------------------------------
# Paragraphs
# ---------------------------------------------------------------------------------------------

_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\S")
_STARTS_PARAGRAPH = re.compile(r"^(?:\d{1,2}\. |第[一二三四五六七八九十]+阶段：)")
_SENTENCE_END = re.compile(r"[。？！][”’）」』]*$")
# The first line of a paragraph is indented by two characters; a line counts as short (or as
# indented) when it is at least this much narrower than the column around it.
_SHORT_BY = 1.5
_INDENT = 2.0
_WINDOW = 3  # lines on each side used to estimate the column width


def is_heading(line: str) -> bool:
    """True for a section heading such as ``一、…`` or ``（一）…`` (no sentence-final full stop)."""
    return bool(_HEADING.match(line)) and not _SENTENCE_END.search(line) and len(line) <= 40


def _width(line: str) -> float:
    """Printed width in Chinese characters: ASCII letters and digits take half a character."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in line)


def join_paragraphs(lines: Sequence[str]) -> list[str]:
    """Join cleaned, wrapped PDF lines into paragraphs.

    The PDF keeps no paragraph marks, so they are read from the layout: a paragraph ends after a
    line ending a sentence (。？！) when that line stops short of the column width, or when the
    next line is indented by two characters like every first line. Headings stand alone;
    numbered points (``1. ``) and ``第一阶段：`` lines always start a paragraph.

    Args:
        lines: cleaned non-empty lines in reading order (no header/footer lines).

    Returns:
        The paragraphs, each one line of text.
    """
    widths = [_width(line) for line in lines]

    def column(i: int) -> float:
        # Second widest nearby line: robust to one odd line, not dragged down by short ones.
        window = sorted(widths[max(0, i - _WINDOW): i + _WINDOW + 1])
        return window[-2] if len(window) > 1 else window[-1]

    paragraphs: list[str] = []
    current = ""
    current_start = True  # whether the last line added opened its paragraph (it is indented)
    for i, line in enumerate(lines):
        if not current:
            current, current_start = line, True
            continue
        prev = lines[i - 1]
        ends_sentence = bool(_SENTENCE_END.search(prev))
        expected = column(i - 1) - (_INDENT if current_start else 0.0)
        prev_short = widths[i - 1] <= expected - _SHORT_BY
        indented = widths[i] <= column(i) - _SHORT_BY
        new = (is_heading(prev) or is_heading(line)
               or (_STARTS_PARAGRAPH.match(line) is not None and (ends_sentence or is_heading(prev)))
               or (ends_sentence and (prev_short or indented)))
        if new:
            paragraphs.append(current)
            current, current_start = line, True
        else:
            glue = " " if current[-1:].isascii() and current[-1:].isalpha() and line[:1].isascii() \
                and line[:1].isalpha() else ""
            current, current_start = current + glue + line, False
    if current:
        paragraphs.append(current)
    return paragraphs


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


class TableRow(BaseModel):
    """One row of a table: the place, an optional bracketed remark of its label, and its cells."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    place: str
    remark: str | None = None
    cells: list[str]


class Table(BaseModel):
    """A table of the article as written in ``tables.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int
    caption: str
    headers: list[str]
    rows: list[TableRow]
    notes: list[str] = []
    source: str


_FOOTNOTE_CELL = re.compile(r"^见注([①-⑳]?)$")
# What may lie between two matched pieces of a raw table region: the 表N label, footnote marks,
# the 注 label, brackets and punctuation. Anything else means the spec left something out.
_ALLOWED_GAP = re.compile(r"^(?:表\d+)?[*＊。；，：（）注]*$")


def load_tables(path: Path = TABLES_PATH) -> list[Table]:
    """Read and validate the table spec.

    Raises:
        CorpusError: the file is missing, is not YAML, or does not match the ``Table`` schema.
    """
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
        tables = [Table.model_validate(item) for item in data]
    except OSError as exc:
        raise CorpusError(f"table spec {path} cannot be read: {exc}") from exc
    except (yaml.YAMLError, TypeError, ValidationError) as exc:
        raise CorpusError(f"table spec {path} is malformed (expected a list of tables): {exc}") from exc
    for table in tables:
        for row in table.rows:
            if len(row.cells) != len(table.headers):
                raise CorpusError(f"表{table.number} {row.place}: {len(row.cells)} cells, expected "
                                  f"{len(table.headers)} (one per header {table.headers})")
    return tables


def _squash(text: str) -> str:
    """Text as compared with the raw region: full-width punctuation, no whitespace at all."""
    return re.sub(r"\s+", "", normalize_punctuation(text))


def _pieces(table: Table) -> list[tuple[str, str]]:
    """(label, raw form) of every spec item in the order the PDF prints them."""
    pieces = [("caption", table.caption)]
    pieces += [(f"header {h}", h) for h in table.headers]
    for row in table.rows:
        pieces.append((f"place {row.place}", row.place))
        if row.remark:
            pieces.append((f"{row.place} remark", row.remark))
        for header, cell in zip(table.headers, row.cells, strict=True):
            footnote = _FOOTNOTE_CELL.match(cell)
            raw = "*" + footnote.group(1) if footnote else cell
            pieces.append((f"{row.place} / {header}", raw))
    pieces += [(f"note {i}", note) for i, note in enumerate(table.notes, start=1)]
    pieces.append(("source", "资料来源：" + table.source))
    return pieces


def verify_table(table: Table, raw_region: str) -> None:
    """Check the spec of one table against its raw text in the seed.

    Every piece (caption, headers, each place/remark/cell, notes, source) must occur in the
    whitespace-free raw region, in order, and only marks and punctuation may lie between them.

    Raises:
        CorpusError: naming the table, the piece and the raw text where it was expected.
    """
    raw = _squash(raw_region)
    cursor = 0
    for label, piece in _pieces(table):
        wanted = _squash(piece)
        found = raw.find(wanted, cursor)
        if found < 0:
            raise CorpusError(f"表{table.number} {label}: {piece!r} is not in the raw table after "
                              f"{raw[cursor:cursor + 30]!r}… (typo in tables.yaml?)")
        gap = raw[cursor:found]
        if not _ALLOWED_GAP.match(gap):
            raise CorpusError(f"表{table.number} {label}: raw text {gap!r} before {piece[:20]!r} "
                              "is not in tables.yaml (a cell left out?)")
        cursor = found + len(wanted)
    if not _ALLOWED_GAP.match(raw[cursor:]):
        raise CorpusError(f"表{table.number}: raw text {raw[cursor:]!r} after the source line is not "
                          "in tables.yaml")


def render_table(table: Table) -> list[str]:
    """The output lines of one table: caption, one line per row, 注 lines, 资料来源 line."""
    lines = [f"表{table.number} {table.caption}"]
    for row in table.rows:
        pairs = [f"说明：{row.remark}"] if row.remark else []
        pairs += [f"{header}：{cell.rstrip('。')}" for header, cell in zip(table.headers, row.cells, strict=True)]
        lines.append(f"【{row.place}】" + "；".join(pairs))
    lines += [f"注：{note}" for note in table.notes]
    lines.append(f"资料来源：{table.source}")
    return lines


def _table_region(lines: Sequence[str], number: int) -> tuple[int, int]:
    """Line span [start, end) of table ``number``: its 表N line through its 资料来源 block."""
    caption = re.compile(rf"^\s*表\s*{number}\s")
    start = next((i for i, line in enumerate(lines) if caption.match(line)), None)
    if start is None:
        raise CorpusError(f"表{number}: no line starting with 表 {number} in the seed")
    source = next((i for i in range(start, len(lines)) if lines[i].strip().startswith("资料来源")), None)
    if source is None:
        raise CorpusError(f"表{number}: no 资料来源 line after the caption")
    end = source + 1
    while end < len(lines) and lines[end].strip():  # the source may wrap onto following lines
        end += 1
    return start, end


# ---------------------------------------------------------------------------------------------
# Build and check
# ---------------------------------------------------------------------------------------------


def build(seed_path: Path = SEED_PATH, tables_path: Path = TABLES_PATH) -> str:
    """The cleaned article text: paragraphs and rebuilt tables, one per line, blank lines between.

    Raises:
        CorpusError: the seed cannot be read or a table spec does not match the seed.
    """
    try:
        raw_lines = seed_path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CorpusError(f"seed article {seed_path} cannot be read: {exc}") from exc
    tables = load_tables(tables_path)
    regions = sorted((_table_region(raw_lines, t.number), t) for t in tables)
    blocks: list[str] = []
    position = 0
    for (start, end), table in [*regions, ((len(raw_lines), len(raw_lines)), None)]:
        if start < position:
            raise CorpusError(f"表{table.number if table else '?'} overlaps the previous table")
        body = [clean_line(line) for line in raw_lines[position:start]
                if line.strip() and not is_header_footer(line)]
        blocks += join_paragraphs([line for line in body if line])
        if table is not None:
            verify_table(table, "\n".join(raw_lines[start:end]))
            blocks += render_table(table)
        position = end
    log.info("article: %d lines (%d tables) from %s", len(blocks), len(tables), seed_path.name)
    return "\n\n".join(blocks) + "\n"


def check(article_path: Path = ARTICLE_PATH, seed_path: Path = SEED_PATH,
          tables_path: Path = TABLES_PATH) -> bool:
    """True when the committed cleaned article equals what ``build`` produces now."""
    try:
        committed = article_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CorpusError(f"cleaned article {article_path} cannot be read: {exc}") from exc
    return committed == build(seed_path, tables_path)


def update_catalog_hash(article_path: Path = ARTICLE_PATH,
                        catalog_path: Path = DEFAULT_CORPUS_DIR / "catalog.json") -> bool:
    """Record the sha256 of the cleaned article in its catalog entry; True if the entry changed."""
    try:
        entries = json.loads(catalog_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CorpusError(f"catalog {catalog_path} cannot be read as JSON: {exc}") from exc
    digest = hashlib.sha256(article_path.read_bytes()).hexdigest()
    for entry in entries:
        if entry.get("file") == article_path.name and entry.get("sha256") != digest:
            entry["sha256"] = digest
            catalog_path.write_text(json.dumps(entries, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m qa.article build|check``."""
    parser = argparse.ArgumentParser(prog="python -m qa.article", description="清洗来源文章并重建表格")
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--seed", type=Path, default=SEED_PATH, help="原始文章（PDF 提取文本）")
    parser.add_argument("--tables", type=Path, default=TABLES_PATH, help="表格规格 tables.yaml")
    parser.add_argument("--out", type=Path, default=ARTICLE_PATH, help="清洗后的文章")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.command == "build":
            text = build(args.seed, args.tables)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(text, encoding="utf-8")
            if update_catalog_hash(args.out):
                print("已更新 corpus/catalog.json 中的 sha256")
            print(f"已写入 {args.out}（{text.count(chr(10) * 2) + 1} 段）")
            return 0
        if check(args.out, args.seed, args.tables):
            print(f"{args.out} 与重新生成的结果一致")
            return 0
        print(f"{args.out} 与重新生成的结果不一致：请运行 python -m qa.article build", file=sys.stderr)
        return 1
    except CorpusError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
