"""Misspelt words mended by their sound, against the words of the indexed documents.

People type Chinese by pinyin, so a wrong character is nearly always a homophone of the right one:
登计 for 登记, 注消 for 注销, 居住征 for 居住证. A question's word is mended when

- it contains a character pair that no indexed chunk contains (登计), so it is not a word of the
  documents as written;
- it sits on word boundaries of the question (jieba's precise cut, so 老公是 never becomes 老公示:
  公是 starts inside the word 老公);
- it is no common word of the language (jieba's dictionary: 今年 is no misspelt 近年);
- changing exactly one of its characters, neither a number nor a function character (个, 了, 过),
  into a character of the same common reading (tones ignored) gives a word at least ``MIN_CHUNKS``
  chunks use (登记).

The fixed list in ``qa/data/typos.tsv`` still handles misspellings that are not homophones.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Container, Iterable

from qa.text import cachefile
from qa.text.segment import is_dictionary_word, word_spans

# A mended word must be this common in the documents: a rare word is as likely a coincidence.
MIN_CHUNKS = 3
# A word of the language (jieba's dictionary, at least this frequent) is no misspelling even when the
# documents never use it: 今年 is not 近年, 借读 not 解读.
WORD_FREQUENCY = 10
# Characters never changed: numbers and amounts (一来 is not 以来, 几分 not 积分, 结婚整5年 not 结婚证)
# and function characters, which stand next to anything (换了个区 is no 各区, 搬过家 no 国家).
_KEPT = frozenset("一二三四五六七八九十百千万两几零半整多余"
                  "的地得了过着个们吗呢吧啊么把被给让在到从和跟与也都就还又才很太更最是有没不")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LONGEST, _SHORTEST = 4, 2


def _reading(char: str) -> str:
    """The character's common reading without tone; its rare readings (市 as fú) would make 不 sound like 市."""
    global _readings
    if _readings is None:
        with _readings_lock:  # one thread computes and writes the table
            if _readings is None:
                _readings = _load_readings()
    found = _readings.get(char)
    return found if found is not None else _pinyin(char)


def _pinyin(char: str) -> str:
    from pypinyin import Style, pinyin  # imported on first use: its tables take a moment to load

    return pinyin(char, style=Style.NORMAL)[0][0]


# The reading of every character of the CJK block, kept on disk: importing pypinyin and reading the
# documents' characters took ~0.5 s of the first question; the kept table loads in ~10 ms.
_readings: dict[str, str] | None = None
_readings_lock = threading.Lock()
_BLOCK = range(0x4E00, 0xA000)  # what _CJK_RUN matches


def _load_readings() -> dict[str, str]:
    from importlib.metadata import version

    from qa.config import CACHE_DIR

    path = CACHE_DIR / f"pypinyin-{version('pypinyin')}-readings.pkl"
    kept = cachefile.read(path)
    if isinstance(kept, dict):
        return kept
    readings = {chr(code): _pinyin(chr(code)) for code in _BLOCK}
    cachefile.keep(path, readings)  # a failed write is computed again by the next process
    return readings


class Speller:
    """Mends a question's misspelt words into the documents' words that sound the same."""

    def __init__(self, words: Iterable[str], pairs: Container[str]) -> None:
        """``words``: the documents' common words (used by at least MIN_CHUNKS chunks), most common
        first (of two words sounding alike, the first is read); ``pairs``: every character pair (bigram)
        the documents contain."""
        self._words = [w for w in dict.fromkeys(words) if _SHORTEST <= len(w) <= _LONGEST and _CJK_RUN.fullmatch(w)]
        self._pairs = pairs
        self._readings: dict[str, str] = {}
        # Made on first use: (the word with one character blanked, that character's reading) → the word;
        # and (a kept character, the reading beside it, on which side) for a quick look.
        self._tables: tuple[dict[tuple[str, str], str], set[tuple[str, str, int]]] | None = None

    def _reading(self, char: str) -> str:
        found = self._readings.get(char)
        if found is None:
            found = self._readings[char] = _reading(char)
        return found

    def _sounds(self) -> tuple[dict[tuple[str, str], str], set[tuple[str, str, int]]]:
        if self._tables is None:
            by_sound: dict[tuple[str, str], str] = {}
            beside: set[tuple[str, str, int]] = set()
            for w in self._words:
                for i, char in enumerate(w):
                    reading = self._reading(char)
                    by_sound.setdefault((f"{w[:i]}?{w[i + 1:]}", reading), w)
                    if i > 0:
                        beside.add((w[i - 1], reading, 1))  # 登 followed by a character read ji
                    if i + 1 < len(w):
                        beside.add((w[i + 1], reading, -1))  # a character read zhu followed by 销
            self._tables = by_sound, beside
        return self._tables

    def _mended(self, word: str) -> str | None:
        """The common word one homophone away from ``word``, or None (the first of several in text order)."""
        by_sound = self._sounds()[0]
        for i, char in enumerate(word):
            if char in _KEPT:
                continue
            found = by_sound.get((f"{word[:i]}?{word[i + 1:]}", self._reading(char)))
            if found is not None and found != word:
                return found
        return None

    def _may_mend(self, text: str) -> bool:
        """Whether some character next to a pair no document contains can be changed into a homophone
        that makes a common word: a quick look before the word boundaries are worked out."""
        (by_sound, beside), pairs = self._sounds(), self._pairs
        for run in _CJK_RUN.findall(text):
            for i in range(len(run) - 1):
                if run[i:i + 2] in pairs:
                    continue
                for p, kept, side in ((i, i + 1, -1), (i + 1, i, 1)):  # the misspelt character is one of the pair
                    if run[p] in _KEPT:
                        continue
                    reading = self._reading(run[p])
                    if (run[kept], reading, side) not in beside:
                        continue  # no common word has this character next to one read so
                    for size in range(_SHORTEST, _LONGEST + 1):
                        for start in range(max(0, p - size + 1), min(p, len(run) - size) + 1):
                            if (f"{run[start:p]}?{run[p + 1:start + size]}", reading) in by_sound:
                                return True
        return False

    def mend(self, text: str) -> str:
        """``text`` with each misspelt word replaced by the document word it sounds like."""
        # Most questions have nothing to mend: the word boundaries (a jieba cut) are only needed when
        # some run around an unknown pair is one homophone away from a document word.
        if not self._may_mend(text):
            return text
        bounds = {0} | {end for _, end in word_spans(text)}
        out, start = [], 0
        i = 0
        while i < len(text):
            replaced = False
            if i in bounds:
                for size in range(_LONGEST, _SHORTEST - 1, -1):
                    window = text[i:i + size]
                    if (len(window) < size or i + size not in bounds or not _CJK_RUN.fullmatch(window)
                            or all(window[j:j + 2] in self._pairs for j in range(size - 1))
                            or is_dictionary_word(window, WORD_FREQUENCY)):
                        continue
                    mended = self._mended(window)
                    if mended is not None:
                        out.append(text[start:i] + mended)
                        i = start = i + size
                        replaced = True
                        break
            if not replaced:
                i += 1
        out.append(text[start:])
        return "".join(out)
