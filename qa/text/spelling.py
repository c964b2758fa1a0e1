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
from collections import defaultdict
from collections.abc import Container, Iterable

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
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LONGEST, _SHORTEST = 4, 2


def _reading(char: str) -> str:
    """The character's common reading without tone; its rare readings (市 as fú) would make 不 sound like 市."""
    from pypinyin import Style, pinyin  # imported on first use: its tables take a moment to load

    return pinyin(char, style=Style.NORMAL)[0][0]


class Speller:
    """Mends a question's misspelt words into the documents' words that sound the same."""

    def __init__(self, words: Iterable[str], pairs: Container[str]) -> None:
        """``words``: the documents' common words (used by at least MIN_CHUNKS chunks);
        ``pairs``: every character pair (bigram) the documents contain."""
        self._words = frozenset(w for w in words if _SHORTEST <= len(w) <= _LONGEST and all(map(_CJK.match, w)))
        self._pairs = pairs
        self._homophones: dict[str, frozenset[str]] | None = None  # char → chars of the same sound

    def _same_sound(self, char: str) -> frozenset[str]:
        if self._homophones is None:
            by_sound: dict[str, set[str]] = defaultdict(set)
            for c in {c for w in self._words for c in w}:
                by_sound[_reading(c)].add(c)
            self._homophones = {}
            self._by_sound = by_sound
        found = self._homophones.get(char)
        if found is None:
            found = self._homophones[char] = frozenset(self._by_sound.get(_reading(char), set()) - {char})
        return found

    def _mended(self, word: str) -> str | None:
        """The common word one homophone away from ``word``, or None (the first of several in text order)."""
        for i, char in enumerate(word):
            if char in _KEPT:
                continue
            for other in sorted(self._same_sound(char)):
                candidate = word[:i] + other + word[i + 1:]
                if candidate in self._words:
                    return candidate
        return None

    def mend(self, text: str) -> str:
        """``text`` with each misspelt word replaced by the document word it sounds like."""
        if not any(text[i:i + 2] not in self._pairs for i in range(len(text) - 1)
                   if _CJK.match(text[i]) and _CJK.match(text[i + 1])):
            return text
        bounds = {0} | {end for _, end in word_spans(text)}
        out, start = [], 0
        i = 0
        while i < len(text):
            replaced = False
            if i in bounds:
                for size in range(_LONGEST, _SHORTEST - 1, -1):
                    window = text[i:i + size]
                    if (len(window) < size or i + size not in bounds or not all(map(_CJK.match, window))
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
