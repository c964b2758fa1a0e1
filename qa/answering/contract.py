"""The contract of the public ``PolicyQA.ask()`` / ``retrieve()``: arguments checked before any work.

    ask(question, history, k) ──ask_arguments──▶ clean question, history as (str, str) pairs, k
                                              └─▶ InputError naming the bad argument and the fix

A bad *question* is not an error: it is cleaned (unpaired UTF-16 surrogates, e.g. from a broken
JSON client, are dropped; ``None`` is empty) and the pipeline answers empty, over-long, English or
traditional questions politely. Bad *arguments* (a history that is not a list of question–answer
pairs, ``k`` that is not a whole number from 1 to ``MAX_K``) are programming errors of the caller
and raise ``InputError``. ``public`` guarantees that nothing but a ``QAError`` leaves ``ask()``.
"""

from __future__ import annotations

import functools
import logging
import numbers
from collections.abc import Callable
from typing import Any, TypeVar

from qa.errors import InputError, InternalError, QAError

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
MAX_K = 50  # more chunks than any answer cites; a huge k would only slow the search down
# Characters of a question kept before cleaning: the pipeline cuts at 500 (qa.answering.query.MAX_CHARS)
# and says so; this bound only keeps a megabyte of input from being cleaned in full.
MAX_INPUT_CHARS = 4000
HISTORY_TURNS = 20  # follow-ups look back a few turns; older ones are dropped
HISTORY_TEXT_CHARS = 4000


def clean_text(text: str, limit: int = MAX_INPUT_CHARS) -> str:
    """``text`` cut to ``limit`` characters, surrogate pairs joined, unpaired surrogates dropped."""
    text = text[: limit + 1]
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    # utf-16 with surrogatepass joins a valid pair ("\ud83d\ude00" → 😀); what is left unpaired
    # cannot be encoded by anything downstream (jieba, json, Chroma) and carries no meaning.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")


def _history(history: Any) -> list[tuple[str, str]] | None:
    if history is None:
        return None
    if not isinstance(history, (list, tuple)):
        raise InputError(f"history 应为 [(问题, 回答), …] 形式的列表，收到 {type(history).__name__}：{history!r:.60}")
    pairs = []
    for i, turn in enumerate(history[-HISTORY_TURNS:]):
        if not isinstance(turn, (list, tuple)) or len(turn) != 2 or not all(
                isinstance(x, str) or x is None for x in turn):
            raise InputError(f"history 的第 {i + 1} 项应为 (问题, 回答) 两个字符串，收到 {turn!r:.60}")
        pairs.append((clean_text(turn[0] or "", HISTORY_TEXT_CHARS), clean_text(turn[1] or "", HISTORY_TEXT_CHARS)))
    return pairs


def _k(k: Any) -> int | None:
    if k is None:
        return None
    if isinstance(k, bool) or not isinstance(k, numbers.Integral):
        raise InputError(f"k 应为 1 到 {MAX_K} 之间的整数，收到 {k!r:.30}（{type(k).__name__}）")
    if not 1 <= k <= MAX_K:
        raise InputError(f"k 应为 1 到 {MAX_K} 之间的整数，收到 {k}")
    return int(k)


def ask_arguments(question: Any, history: Any = None,
                  k: Any = None) -> tuple[str, list[tuple[str, str]] | None, int | None]:
    """The arguments of ``ask()`` / ``retrieve()`` made safe.

    Returns:
        (question, history, k): the question cleaned (never None), history as pairs of strings
        (or None), k as an int (or None for the default).

    Raises:
        InputError: the question is not text, history is not a list of pairs, k is not an int in 1..MAX_K.
    """
    if question is None:
        question = ""
    if not isinstance(question, str):
        raise InputError(f"question 应为字符串，收到 {type(question).__name__}")
    return clean_text(question), _history(history), _k(k)


def public(method: F) -> F:
    """Let only ``QAError`` leave ``method``: anything else is logged and raised as ``InternalError``."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except QAError:
            raise
        except Exception as exc:  # the contract: callers handle QAError alone
            log.exception("unexpected failure in %s", method.__qualname__)
            raise InternalError(f"内部错误（{type(exc).__name__}），详情已记入日志；请换个问法或稍后再试") from exc

    return wrapper  # type: ignore[return-value]
