"""Whitespace and layout normalisation shared by every loader.

The cleaned text is what quotes are taken from, so characters are kept as written; only layout is
changed:

- CRLF / CR → LF; NBSP, full-width (U+3000) and other exotic spaces → ASCII space; zero-width
  characters, stray BOMs and Private Use Area characters (GBK user-defined bytes, icon fonts)
  are dropped; runs of spaces collapse to one; lines are stripped at both ends.
- Site boilerplate lines (浏览次数, 打印本页, 关闭窗口, 分享到, 责任编辑, copyright/ICP footers,
  page markers such as ``－ 2 －``) are dropped (:func:`drop_boilerplate`); a sentence a page
  marker cut in two is joined again.
- Hard wraps are undone (:func:`join_wrapped_lines`): a line that does not end a sentence is joined
  to the next one unless either is a heading (第X条/章, 一、, （一）, 1.). In a PDF-wrapped file
  (most lines share one width, e.g. the Tianjin 2014 txt) this also bridges blank lines.
- A bare article label on its own line (``第一条`` then the text) is joined to its text.
- Runs of blank lines collapse to one blank line (paragraphs stay separated by one blank line).
"""

from __future__ import annotations

import re
from collections import Counter

_NUM = "一二三四五六七八九十百零〇两"
# Headings that start a new unit; a wrapped line never continues into one of these.
HEADING = re.compile(
    rf"^(第[{_NUM}\d]+[编章节条]|[{_NUM}]+[、.．]|[（(][{_NUM}]+[）)]|\d{{1,2}}[.．、](?!\d)"
    r"|附件|附则|附：|【[^】]{1,30}】|表\s*\d+\s|注[:：]|资料来源[:：])"
)
_BARE_ARTICLE = re.compile(rf"^第[{_NUM}\d]+条$")
_SENTENCE_END = "。！？!?；;：:…"
_CLOSERS = "”’」』）)】》"
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\ue000-\uf8ff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")

# A line that is only site chrome. Anchored patterns match short lines only, so a sentence of the
# document that happens to mention 版权 or 打印 is never dropped.
_BOILERPLATE = re.compile(
    r"责任编辑|浏览次数|点击数|阅读次数|打印本页|关闭窗口|分享到|【\s*字号|字号[:：]|【\s*打印|【\s*关闭|【\s*收藏"
    r"|版权所有|ICP备|ICP\d|公网安备|Copyright|All Rights Reserved|主办单位|承办[:：]|主办[:：]"
    r"|网站导航|设为首页|加入收藏|收藏本站|当前位置|内容纠错|信息提供日期|信息来源[:：]|建议使用.*浏览器"
    r"|分辨率|联系电话|欢迎访问|繁体版|繁體版|增加订阅|背景色[:：]|^字体[:：]|邮编[:：]|^地址[:：]|^电话[:：]|邮箱[:：]"
    r"|投稿|^生成日期|^公开类型|\S >\s?\S+ >|联系我们|站点地图|法律声明|javascript:"
    r"|^\(?\s*编辑[:：]|^来源[:：]|^作者[:：]"
    r"|^声明[:：]|^打印$|^关闭$|^收藏$|^更多$|^[|｜>]+$|^[【】\[\]()（）]+$|^[大中小T]$"
    r"|^[-－—–]\s*\d+\s*[-－—–]$|^推荐$|\S \| \S.* \| \S"
)
_MAX_BOILERPLATE_LINE = 80


def normalize_spaces(text: str) -> str:
    """Line endings to LF, odd spaces to one ASCII space, invisible characters removed, lines stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines)


def drop_cjk_spaces(text: str) -> str:
    """Remove single spaces between two CJK characters (an artefact of HTML source layout)."""
    return _CJK_SPACE.sub("", text)


# A page number printed between two pages (－ 3 －). It often falls mid-sentence: the line before it
# is joined to the line after it (``join_wrapped_lines``) instead of leaving half a sentence each side.
# A last page's marker may share its table row with the end note (－ 7 － ｜ （全文结束）).
_PAGE_MARKER = re.compile(r"^[-－—–]\s*\d+\s*[-－—–](?:\s*[|｜]\s*[（(]?全文(?:结束|完)[）)]?)?$")
PAGE_BREAK = "\f"


def mark_page_breaks(text: str) -> str:
    """Page-number lines become a ``PAGE_BREAK`` line, which ``join_wrapped_lines`` removes."""
    return "\n".join(PAGE_BREAK if _PAGE_MARKER.match(line) else line for line in text.split("\n"))


def is_boilerplate(line: str) -> bool:
    """True for a short line that is site chrome rather than document text."""
    return len(line) <= _MAX_BOILERPLATE_LINE and bool(_BOILERPLATE.search(line))


def drop_boilerplate(text: str) -> str:
    """Drop boilerplate lines (see :func:`is_boilerplate`)."""
    return "\n".join(line for line in text.split("\n") if not is_boilerplate(line))


_NAV_ITEM_MAX = 12
_NAV_RUN_MIN = 6


def drop_navigation_runs(text: str) -> str:
    """Drop runs of ``_NAV_RUN_MIN``+ consecutive very short lines without punctuation (menus).

    Blank lines inside a run do not break it. Used for HTML, where menus are often plain spans.
    """
    lines = text.split("\n")
    is_item = [bool(line) and line != PAGE_BREAK and len(line) <= _NAV_ITEM_MAX
               and not re.search(r"[，。；：、,;:]", line) and not HEADING.match(line) for line in lines]
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        if not is_item[i]:
            i += 1
            continue
        j, items = i, 0
        while j < len(lines) and (is_item[j] or not lines[j]):
            items += is_item[j]
            j += 1
        if items >= _NAV_RUN_MIN:
            keep[i:j] = [False] * (j - i)
        i = j
    return "\n".join(line for line, k in zip(lines, keep, strict=True) if k)


def ends_sentence(line: str, strict: bool = False) -> bool:
    """Whether ``line`` ends with sentence punctuation (``strict``: closing brackets do not count)."""
    if not line:
        return True
    ends = _SENTENCE_END if strict else _SENTENCE_END + _CLOSERS
    return line[-1] in ends


def _wrap_width(lines: list[str]) -> int | None:
    """The common line width of a hard-wrapped (PDF-copied) text, or None if it is not wrapped."""
    lengths = [len(line) for line in lines if len(line) >= 15]
    if len(lengths) < 20:
        return None
    width, _ = Counter(lengths).most_common(1)[0]
    near = sum(1 for n in lengths if abs(n - width) <= 1)
    return width if near >= 0.35 * len(lengths) else None


def join_wrapped_lines(text: str) -> str:
    """Undo hard wraps inside sentences (see the module docstring for the rule)."""
    lines = text.split("\n")
    width = _wrap_width([line for line in lines if line])
    out: list[str] = []
    pending_blank = page_break = False
    for line in lines:
        if line == PAGE_BREAK:
            page_break = True
            continue
        if not line:
            pending_blank = True
            continue
        prev = out[-1] if out else ""
        if (page_break and prev and not HEADING.match(line) and not _is_heading_line(prev)
                and not ends_sentence(prev, strict=True)):
            out[-1] = prev + line  # a sentence cut by a page break
        elif prev and not HEADING.match(line) and _continues(prev, width, pending_blank):
            out[-1] = prev + line
        elif prev and _BARE_ARTICLE.match(prev) and not pending_blank:
            out[-1] = prev + " " + line
        else:
            if pending_blank and out:
                out.append("")
            out.append(line)
        pending_blank = page_break = False
    return "\n".join(out)


_NOTE_LINE = re.compile(r"^(注[:：]|资料来源[:：])")


def _is_heading_line(line: str) -> bool:
    """A heading standing alone (一、总体要求, 第一章 总则), not an article's text (第十二条 本办法自…，…)."""
    return bool(HEADING.match(line)) and len(line) < 40 and not re.search("[，,。；]", line)


def _continues(prev: str, width: int | None, across_blank: bool) -> bool:
    if _is_heading_line(prev):
        return False  # a heading line stands alone
    if width is not None:  # PDF-wrapped: a full-width line without a full stop goes on
        return len(prev) >= width - 2 and not ends_sentence(prev, strict=True)
    if across_blank:  # only a long paragraph cut off mid-word (a dropped page marker between)
        # A table's source list (资料来源：…179号) or note ends without a full stop but is complete.
        return len(prev) >= 60 and "\u4e00" <= prev[-1] <= "\u9fff" and not _NOTE_LINE.match(prev)
    return len(prev) >= 40 and not ends_sentence(prev)


def collapse_blank_lines(text: str) -> str:
    """At most one blank line in a row; no blank lines at the edges."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def clean_text(text: str, *, html: bool = False) -> str:
    """The full normalisation pipeline applied to every loaded document."""
    text = mark_page_breaks(normalize_spaces(text))
    if html:
        text = drop_cjk_spaces(text)
    text = drop_boilerplate(text)
    if html:
        text = drop_navigation_runs(text)
    text = join_wrapped_lines(text)
    return collapse_blank_lines(text)
