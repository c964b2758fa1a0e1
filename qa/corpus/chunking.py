"""Structure-aware chunking: a chunk answers one thing and knows where it comes from.

Rules, applied to ``Document.text`` (one paragraph per line):

1. **Regulations** (three or more lines starting ``第X条``): one chunk per 条, locator ``第十四条``,
   chapter = the enclosing ``第三章 …`` (plus ``第X节`` when present). An article longer than
   ``MAX_CHARS`` is split by 款 (its paragraphs; numbered items ``（一）…`` stay with the
   paragraph that introduces them, and are split off in groups only if still too long), locator
   ``第十四条第二款``. Text before the first 条 (title, preamble, a covering 通知) and text after a
   closing line (date/signature, 抄送, 附件, a new document title) becomes ``section`` chunks.
2. **Notices** (意见/通知 without 条) and the source **article**: split at headings ``一、`` and
   ``（一）``; the heading is the locator and the enclosing ``一、`` heading the chapter. A heading
   line on its own is merged into the chunk that follows it. Paragraphs under one heading are
   grouped up to ``MAX_CHARS``; a single paragraph longer than that is split at sentence ends.
3. **Tables of the article**: a caption line ``表1 <caption>`` starts a table; each row line
   ``【深圳市】header：cell；…`` becomes one ``table_row`` chunk with locator ``表1 深圳市`` whose
   ``text`` starts with ``表1 <caption>｜深圳市｜`` (for retrieval) while ``quote`` is the exact row line;
   the ``注：`` / ``资料来源：`` lines after it form one ``table_note`` chunk.

Every chunk: ``quote == doc.text[start:end]`` (no whitespace at the edges), ``text`` = quote with
a short context prefix (document short title and chapter) for retrieval, ``chunk_id`` = hash of
doc_id + span, document metadata copied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.types import Chunk, Document, content_hash

MAX_CHARS = 600  # a longer article is split by 款; a longer section by paragraph/sentence
# Prose under a heading (notices, the article) is grouped into smaller units: a paragraph of
# argument carries one point, and BM25's length normalisation buries a short fact in 600 chars.
PROSE_MAX_CHARS = 320
# No chunk is longer, whatever its kind: a table row or note line is kept whole up to this length.
HARD_MAX_CHARS = 2 * MAX_CHARS
_NUM = "一二三四五六七八九十百零〇两"
ARTICLE = re.compile(rf"^(第[{_NUM}\d]+条)")
CHAPTER = re.compile(rf"^第[{_NUM}\d]+[编章]\s*\S.{{0,30}}$|^第[{_NUM}\d]+[编章]$")
SECTION = re.compile(rf"^第[{_NUM}\d]+节(\s*\S.{{0,30}})?$")
ITEM = re.compile(rf"^([（(][{_NUM}\d]+[）)]|\d{{1,2}}[.．、](?!\d))")
H1 = re.compile(rf"^[{_NUM}]+、")
H2 = re.compile(rf"^[（(][{_NUM}]+[）)]")
# A numbered point that opens with its title sentence: "1. 部分地区申领条件偏高。提高…"
POINT = re.compile(r"^(\d{1,2}[.．]\s*[^。！？；\n]{4,40})。(?=\S)")
QUESTION = re.compile(r"^问[:：]\s*\S.{0,60}[？?]$")  # an interview's question (答记者问) heads its answer
_CAPTION = re.compile(rf"第[{_NUM}\d]+条\s*[（(][^）)]{{1,20}}[）)]")  # 第六条（基础指标及分值）
TABLE_CAPTION = re.compile(r"^表\s*(\d+)\s*(.*)$")
TABLE_ROW = re.compile(r"^【([^】]{1,30})】")
TABLE_NOTE = re.compile(r"^(注[:：]|资料来源[:：])")
# Lines that close a regulation body: dates/signatures, distribution lists, attachments, titles.
_CLOSER = re.compile(
    r"^\S{0,30}\s?[\d〇○零一二三四五六七八九十]{4}年[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日(印发)?$"
    r"|^(抄送|分送|报送|附件)[:：]|^附件\s*\d*$|^（此件\S+）$|^（全文结束）$"
)
_TITLE_LINE = re.compile(r"^[^，。；：,;:]{4,50}(条例|办法|规定|意见|通知|细则|决定)(（试行）|\(试行\))?$")
_SENTENCE_END = re.compile(r"(?<=[。；！？])")


@dataclass
class _Piece:
    start: int
    end: int
    kind: str
    locator: str | None
    chapter: str | None
    prefix: str | None = None  # replaces the default context prefix (table rows)


def chunk_document(doc: Document) -> list[Chunk]:
    """Split ``doc`` into chunks following the rules in the module docstring.

    Args:
        doc: a loaded document (``text`` as cleaned by the loader).

    Returns:
        Chunks in document order; each ``quote`` is ``doc.text[start:end]``.
    """
    lines = _lines(doc.text)
    if sum(1 for _, _, line in lines if ARTICLE.match(line)) >= 3:
        pieces = _regulation_pieces(doc.text, lines)
    else:
        pieces = _heading_pieces(doc.text, lines)
    short = _short_title(doc.title)
    chunks = []
    spans = [(piece, sub) for piece in pieces
             for sub in _hard_spans(doc.text, piece.start, piece.end, HARD_MAX_CHARS)]
    for piece, (start, end) in spans:
        start, end = _trim(doc.text, start, end)
        if end <= start:
            continue
        quote = doc.text[start:end]
        prefix = piece.prefix if piece.prefix is not None else " ".join(
            part for part in (short, piece.chapter, piece.locator) if part and part not in quote[:40])
        text = f"{prefix}｜{quote}" if prefix else quote
        chunks.append(Chunk(
            chunk_id=content_hash(f"{doc.doc_id}:{start}:{end}"),
            doc_id=doc.doc_id, doc_title=doc.title, source=doc.source, region=doc.region,
            level=doc.level, effective=doc.effective, locator=piece.locator,
            chapter=piece.chapter, kind=piece.kind, text=text, quote=quote, start=start,
            end=end, content_hash=content_hash(text),
        ))
    return chunks


# --- helpers ----------------------------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Non-blank lines as (start, end, stripped text)."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append((pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _short_title(title: str) -> str:
    """Short form of a title for the context prefix: the quoted document of a 印发 notice."""
    if (m := re.search(r"《([^》]+)》", title)) is not None and re.search("印发|转发|批转", title):
        return m.group(1)
    return title[:30]


def _group(text: str, lines: list[tuple[int, int, str]], kind: str, locator: str | None,
           chapter: str | None, limit: int = MAX_CHARS) -> list[_Piece]:
    """Greedy groups of whole lines up to MAX_CHARS; an over-long line is cut at sentence ends."""
    pieces: list[_Piece] = []
    cur: list[tuple[int, int]] = []
    for start, end, _ in lines:
        spans = [(start, end)] if end - start <= limit else _sentence_spans(text, start, end, limit)
        for span in spans:
            if cur and span[1] - cur[0][0] > limit:
                pieces.append(_Piece(cur[0][0], cur[-1][1], kind, locator, chapter))
                cur = []
            cur.append(span)
    if cur:
        pieces.append(_Piece(cur[0][0], cur[-1][1], kind, locator, chapter))
    return pieces


def _sentence_spans(text: str, start: int, end: int, limit: int = MAX_CHARS) -> list[tuple[int, int]]:
    """Cut the span [start, end) after 。；！？ into pieces of at most about MAX_CHARS; a sentence
    longer than that is cut by length (see ``_hard_spans``)."""
    spans, cur = [], start
    cuts = [m.start() for m in _SENTENCE_END.finditer(text, start, end)] + [end]
    last = start
    for cut in cuts:
        if cut - cur > limit and last > cur:
            spans.append((cur, last))
            cur = last
        last = cut
    spans.append((cur, end))
    return [piece for s in spans if s[1] > s[0] for piece in _hard_spans(text, s[0], s[1], limit)]


def _hard_spans(text: str, start: int, end: int, limit: int = MAX_CHARS) -> list[tuple[int, int]]:
    """[start, end) in pieces of at most ``limit`` characters, cut after a comma or space in the
    last quarter of each piece when there is one, else at exactly ``limit``.

    Text without sentence punctuation (a PDF conversion, a table flattened into one line) would
    otherwise become one chunk of any length, and embedding one 200,000-character chunk takes
    gigabytes.
    """
    if end - start <= limit:
        return [(start, end)]
    spans = []
    cur = start
    while end - cur > limit:
        window = text[cur + limit * 3 // 4 : cur + limit]
        soft = max(window.rfind(mark) for mark in "，,、 \t")
        cut = cur + limit * 3 // 4 + soft + 1 if soft >= 0 else cur + limit
        spans.append((cur, cut))
        cur = cut
    spans.append((cur, end))
    return spans


# --- regulations ------------------------------------------------------------------------------


def _regulation_pieces(text: str, lines: list[tuple[int, int, str]]) -> list[_Piece]:
    pieces: list[_Piece] = []
    chapter: str | None = None
    section: str | None = None
    article: str | None = None
    body: list[tuple[int, int, str]] = []  # lines of the current article or loose section

    def flush() -> None:
        if not body:
            return
        where = " ".join(p for p in (chapter, section) if p) or None
        if article is None:
            pieces.extend(_group(text, body, "section", None, where))
        else:
            pieces.extend(_article_pieces(text, article, body, where))
        body.clear()

    for line in lines:
        label = line[2]
        if (m := ARTICLE.match(label)) is not None:
            flush()
            article = m.group(1)
        elif CHAPTER.match(label):
            flush()
            chapter, section, article = label, None, None
            continue  # a chapter heading is context, not content
        elif SECTION.match(label):
            flush()
            section, article = label, None
            continue
        elif article is not None and (_CLOSER.match(label) or _TITLE_LINE.match(label)):
            flush()
            article, chapter, section = None, None, None
        body.append(line)
    flush()
    return pieces


def _article_pieces(text: str, label: str, body: list[tuple[int, int, str]], where: str | None) -> list[_Piece]:
    """One piece per 条, or one per 款 (with its items) when the 条 is long."""
    start, end = body[0][0], body[-1][1]
    if end - start <= MAX_CHARS:
        return [_Piece(start, end, "article", label, where)]
    # 款 = a paragraph plus the numbered items that follow it. A caption line 第X条（…） alone
    # belongs to the first 款.
    # An item that is a bare heading ("(三)教育背景指标及分值", no sentence punctuation) heads the
    # paragraph after it: it starts a 款 and that paragraph joins it.
    clauses: list[list[tuple[int, int, str]]] = []
    heading_open = False
    for line in body:
        is_heading = bool(ITEM.match(line[2])) and len(line[2]) <= 30 and not re.search(r"[。；;：:]", line[2])
        starts_clause = not ITEM.match(line[2]) and not heading_open and not (
            len(clauses) == 1 and len(clauses[0]) == 1 and _CAPTION.fullmatch(clauses[0][0][2]))
        if is_heading or starts_clause or not clauses:
            clauses.append([line])
        else:
            clauses[-1].append(line)
        heading_open = is_heading
    if len(clauses) == 1:
        return _group(text, clauses[0], "article", label, where)
    # Neighbouring short 款 travel together (locator 第六条第二款至第四款) up to MAX_CHARS.
    groups: list[tuple[int, int, list[tuple[int, int, str]]]] = []  # (first 款, last 款, lines)
    for n, clause in enumerate(clauses, 1):
        size = clause[-1][1] - clause[0][0]
        if groups and clause[-1][1] - groups[-1][2][0][0] <= MAX_CHARS and (
                size < 120 or groups[-1][2][-1][1] - groups[-1][2][0][0] < 120):
            first, _, lines = groups[-1]
            groups[-1] = (first, n, lines + clause)
        else:
            groups.append((n, n, list(clause)))
    pieces = []
    for first, last, lines in groups:
        span = f"第{_cn(first)}款" + (f"至第{_cn(last)}款" if last > first else "")
        pieces.extend(_group(text, lines, "clause", f"{label}{span}", where))
    return pieces


def _cn(n: int) -> str:
    """Chinese numeral for small counts (款 numbers): 1→一, 12→十二."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + "十" + (digits[ones] if ones else "")


# --- notices and the article ------------------------------------------------------------------


def _heading_label(line: str) -> str:
    """Locator for a heading line: the heading itself, cut at its first sentence end (a question whole)."""
    if QUESTION.match(line):
        return line if len(line) <= 40 else line[:40]
    head = re.split(r"[。：:；]", line, maxsplit=1)[0]
    return head if len(head) <= 40 else head[:40]


def _heading_pieces(text: str, lines: list[tuple[int, int, str]]) -> list[_Piece]:
    pieces: list[_Piece] = []
    h1: str | None = None
    locator: str | None = None
    body: list[tuple[int, int, str]] = []
    table: tuple[str, str] | None = None  # (number, caption line)
    notes: list[tuple[int, int, str]] = []

    def flush() -> None:
        if body:
            kind = "section" if locator is None else "paragraph"
            for point_locator, run in _point_runs(body, locator):
                pieces.extend(_group(text, run, kind, point_locator, h1 if h1 != locator else None,
                                     PROSE_MAX_CHARS))
            body.clear()

    def flush_notes() -> None:
        if notes and table is not None:
            pieces.append(_Piece(notes[0][0], notes[-1][1], "table_note", f"表{table[0]} 注", h1))
            notes.clear()

    for line in lines:
        label = line[2]
        if (m := TABLE_CAPTION.match(label)) is not None and len(label) <= 80:
            flush()
            flush_notes()
            table = (m.group(1), label)
            continue
        if table is not None and (row := TABLE_ROW.match(label)) is not None:
            flush()
            name = row.group(1)
            pieces.append(_Piece(line[0], line[1], "table_row", f"表{table[0]} {name}", h1,
                                 prefix=f"{table[1]}｜{name}"))
            continue
        if table is not None and (TABLE_NOTE.match(label) or (notes and not _is_heading(label)
                                  and len(notes) < 6 and label.startswith(("注", "资料来源", "*")))):
            flush()
            notes.append(line)
            continue
        flush_notes()
        table = None
        if _is_heading(label):
            # A bare heading (一、总体要求) waits for the text under it instead of standing alone.
            if not (body and all(_is_heading(b[2]) and len(b[2]) <= 40 for b in body)):
                flush()
            if H1.match(label):
                h1 = _heading_label(label)
            locator = _heading_label(label)
            body.append(line)
            continue
        body.append(line)
    flush()
    flush_notes()
    return pieces


def _point_runs(body: list[tuple[int, int, str]], locator: str | None
                ) -> list[tuple[str | None, list[tuple[int, int, str]]]]:
    """Lines under a heading split at numbered points ("1. 部分地区申领条件偏高。…"), each run with
    the heading plus the point's title as locator, so every chunk of a long argument names its point."""
    runs: list[tuple[str | None, list[tuple[int, int, str]]]] = [(locator, [])]
    for line in body:
        if locator is not None and (m := POINT.match(line[2])) is not None:
            heads = runs[-1][1] if all(_is_heading(b[2]) for b in runs[-1][1]) else []
            if heads:  # the bare heading above the first point opens that point's run
                runs.pop()
            runs.append((f"{locator} {m.group(1)}", heads))
        runs[-1][1].append(line)
    return [(where, lines) for where, lines in runs if lines]


def _is_heading(line: str) -> bool:
    return bool(H1.match(line) or H2.match(line) or QUESTION.match(line)) and "｜" not in line
