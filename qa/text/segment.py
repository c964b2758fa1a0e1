"""Chinese tokenisation for BM25 (jieba with a policy-term dictionary).

``tokenize`` = NFKC (full-width digits and letters to ASCII) → Chinese quantities to Arabic
numbers (``qa.text.numbers.normalize_numbers``: 十二个月 and 12个月 give the same tokens) → lower-case →
jieba's search mode (``cut_for_search``: each word, preceded by its 2- and 3-character dictionary
sub-words, so a query for 居住 still meets 居住证), dropping punctuation, whitespace and stop words.
The project dictionary ``qa/data/policy_terms.txt`` keeps terms such as 合法稳定住所 and 积分落户 whole.

jieba is initialised once, lazily and thread-safely, on a private ``jieba.Tokenizer`` (the global
one and its stderr logging are left alone).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qa.config import CACHE_DIR, PACKAGE_DATA_DIR
from qa.text import cachefile
from qa.text.numbers import normalize_numbers

TERMS_PATH = PACKAGE_DATA_DIR / "policy_terms.txt"
# jieba's HMM guesses words for character runs its dictionary lacks, and in a question those guesses
# swallow the word that matters (15天内发 → 天内发, 只住 → one token): no chunk contains them. Without it
# an unknown run falls apart into single characters, which chunks do contain (发, 住).
USE_HMM = False
# Function words that carry no meaning for retrieval.
STOP_WORDS = frozenset(
    "的 了 和 与 及 或 是 在 为 对 由 把 被 将 以 于 其 之 也 而 并 等 中 上 下 个 这 那 该 此 有 "
    "就 都 又 从 向 按 应 可 我 你 他 她 它 们 吗 呢 吧 啊 么 什么 怎么 如何 哪些 哪 多少 能否 是否 "
    "可以 应当 以及 或者 并且 的话 请问".split()
)

# Where a chunk splits into retrieval units: sentences and list items (（一）…；), one per line or 。/；.
_UNIT_BREAK = re.compile(r"[\n。；;！？!?]+")

_lock = threading.Lock()
_tokenizer: Any = None


def _get_tokenizer() -> Any:
    """The shared jieba tokenizer with the project dictionary, created on first use."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                logging.getLogger("jieba").setLevel(logging.WARNING)
                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                if not _load_dictionary(tok):
                    tok.initialize()
                    _load_terms(tok)
                _tokenizer = tok
    return _tokenizer


def _load_terms(tok: Any) -> None:
    """The project's terms added to an initialised tokenizer, and its dictionary kept for the next process."""
    import jieba.finalseg

    forced = set(jieba.finalseg.Force_Split_Words)
    tok.load_userdict(str(TERMS_PATH))
    cachefile.keep(_cache_path("jieba", TERMS_PATH.read_bytes()),
          (tok.FREQ, tok.total, tok.user_word_tag_tab, sorted(jieba.finalseg.Force_Split_Words - forced)))


def _load_dictionary(tok: Any) -> bool:
    """Fill ``tok`` with the dictionary ``_load_terms`` kept, if there is one; False when there is none.

    jieba's own cache (a marshal file of the default dictionary) takes ~0.9 s to read and the terms
    are then added again; one pickle of the finished dictionary takes ~0.25 s, most of a cold start's
    wait for the tokenizer.
    """
    import jieba.finalseg

    kept = cachefile.read(_cache_path("jieba", TERMS_PATH.read_bytes()))
    try:
        freq, total, tags, forced = kept  # as _load_terms kept them
    except (TypeError, ValueError):
        return False
    tok.FREQ, tok.total, tok.user_word_tag_tab = freq, total, tags
    tok.initialized = True
    for word in forced:  # what load_userdict does besides filling the dictionary (a term of frequency 0)
        jieba.finalseg.add_force_split(word)
    return True


def _cache_path(kind: str, content: bytes = b"") -> Path:
    """Where a table derived from jieba's dictionary is kept: named by jieba's version, its dictionary
    file and ``content`` (the terms file), so a change to any of them makes a new one."""
    import jieba

    with jieba.get_dict_file() as fh:
        dictionary = Path(fh.name)
    stat = dictionary.stat()
    key = hashlib.sha256(f"{jieba.__version__}:{dictionary}:{stat.st_size}:{stat.st_mtime_ns}:".encode()
                         + content).hexdigest()[:16]
    return CACHE_DIR / f"{kind}-{key}.pkl"


_pos_tagger: Any = None


def nouns(text: str) -> list[str]:
    """The common nouns of ``text`` (jieba POS n / nz / ng), two characters or more.

    Person names (nr) are left out: in a policy question they are nearly always jieba mis-tagging a
    verb (卡住, 拉平), and place names (ns) are the query module's business.
    """
    global _pos_tagger
    if _pos_tagger is None:
        tokenizer = _get_tokenizer()  # outside the lock: it takes the same lock itself
        with _lock:
            if _pos_tagger is None:
                _pos_tagger = _tagger(tokenizer)
    return [pair.word for pair in _pos_tagger.lcut(text) if pair.flag in ("n", "nz", "ng") and len(pair.word) >= 2]


def _tagger(tokenizer: Any) -> Any:
    """A part-of-speech tagger over ``tokenizer`` whose word tags (parsed from jieba's dictionary file,
    ~1 s) are read from the cache folder after the first process: importing jieba.posseg has parsed
    the same file once already for its own default tagger."""
    import jieba.posseg

    class Tagger(jieba.posseg.POSTokenizer):
        def load_word_tag(self, f: Any) -> None:
            path = _cache_path("jieba-tags")
            kept = cachefile.read(path)
            if isinstance(kept, dict):
                self.word_tag_tab = kept
                f.close()
                return
            super().load_word_tag(f)
            cachefile.keep(path, self.word_tag_tab)

    return Tagger(tokenizer)


def is_dictionary_word(word: str, min_frequency: int = 1) -> bool:
    """Whether jieba's dictionary (with the project's terms) holds ``word`` at least this frequent."""
    return _get_tokenizer().FREQ.get(word, 0) >= min_frequency


def word_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of jieba's precise-mode words of ``text`` (punctuation included), as
    written: no normalisation, so the offsets index ``text`` itself."""
    spans, start = [], 0
    for word in _get_tokenizer().cut(text, HMM=USE_HMM):
        spans.append((start, start + len(word)))
        start += len(word)
    return spans


def _is_word(token: str) -> bool:
    """Keep tokens with at least one letter, digit or CJK character."""
    return any(ch.isalnum() for ch in token)


def tokenize(text: str, sub_words: bool = True) -> list[str]:
    """BM25 tokens of ``text`` (see the module docstring).

    Args:
        text: any text (query or chunk).
        sub_words: add the dictionary sub-words of long words (False: jieba's precise-mode words only).

    Returns:
        Tokens in text order; a long word is preceded by its dictionary sub-words.
    """
    if not text:
        return []
    tok = _get_tokenizer()
    if len(text) <= CACHED_TEXT_CHARS:
        # The tokeniser and the number normaliser are part of the key: ``qa.bench tokens`` swaps them.
        return list(_cached_tokens(text, sub_words, tok, normalize_numbers))
    return _tokens(text, sub_words, tok, normalize_numbers)


# A question is read by several stages (its search tokens, its focus words, the sentence weights,
# the place scopes), each tokenising the same short texts: the last few thousand are kept. Chunks
# are tokenised once, at ingest, and are longer than this.
CACHED_TEXT_CHARS = 200
TOKEN_CACHE_SIZE = 4096


def forget_tokens() -> None:
    """Empty the token caches (``qa.bench ask`` starts each timed pass with them empty)."""
    _cached_tokens.cache_clear()
    _piece_tokens.cache_clear()


def _tokens(text: str, sub_words: bool, tok: Any, numbers: Callable[[str], str]) -> list[str]:
    text = numbers(unicodedata.normalize("NFKC", text)).lower()
    words = tok.cut_for_search(text, HMM=USE_HMM) if sub_words else tok.cut(text, HMM=USE_HMM)
    return [word for word in (w.strip() for w in words) if word and word not in STOP_WORDS and _is_word(word)]


@functools.lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _cached_tokens(text: str, sub_words: bool, tok: Any, numbers: Callable[[str], str]) -> tuple[str, ...]:
    # jieba cuts between whitespace-separated pieces on its own (no word spans whitespace), so a
    # short text is cut piece by piece: the question's search text (the question, then its synonyms)
    # reuses the question's and the synonyms' own cuts instead of cutting them again.
    text = numbers(unicodedata.normalize("NFKC", text)).lower()
    return tuple(token for piece in text.split() for token in _piece_tokens(piece, sub_words, tok))


@functools.lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _piece_tokens(piece: str, sub_words: bool, tok: Any) -> tuple[str, ...]:
    """Tokens of one normalised piece of text without whitespace."""
    words = tok.cut_for_search(piece, HMM=USE_HMM) if sub_words else tok.cut(piece, HMM=USE_HMM)
    return tuple(word for word in (w.strip() for w in words) if word and word not in STOP_WORDS and _is_word(word))


def tokenize_units(text: str) -> list[list[str]]:
    """BM25 tokens of ``text`` by unit (sentence or list item), empty units dropped.

    Joined, the units are the chunk's tokens; apart, they let a question about one item of a long
    list (（八）乘坐市内公共交通工具的优惠服务) find the article by that item alone.
    """
    return [tokens for part in _UNIT_BREAK.split(text) if (tokens := tokenize(part))]
