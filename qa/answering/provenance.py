"""Provenance: which cited documents come from the official catalog and which a user added.

A document is *official* when the sha256 of its file is listed in ``corpus/catalog.json`` (built
from the pack's SHA256SUMS): a file that is merely named like a catalog file, or an edited copy,
is not. Every citation of an answer gets ``Citation.official``, and an answer quoting a user-added
document says so at the top, so injected text is never presented as official policy. Citations of
the rule checker quote the curated rule data (corpus/rules), which cites official documents only.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, TypeVar

from qa.errors import QAError
from qa.types import Answer, Citation

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
USER_ADDED_LABEL = "用户添加，未经核实"


def official_doc_ids(documents: Iterable[dict[str, Any]]) -> frozenset[str]:
    """The doc ids of ``documents`` (an index's documents.json) whose file hash is in the catalog."""
    from qa.corpus.catalog import load_catalog

    try:
        hashes = {entry.sha256.lower() for entry in load_catalog().entries}
    except QAError as exc:  # no readable catalog: nothing can be vouched for
        log.warning("catalog unreadable, every document counts as user-added: %s", exc)
        hashes = set()
    return frozenset(d["doc_id"] for d in documents if str(d.get("file_hash", "")).lower() in hashes)


def _flag(citation: Citation, official: frozenset[str]) -> Citation:
    # No doc id: a rule checker citation, quoted from the rule data rather than from the index.
    return replace(citation, official=not citation.doc_id or citation.doc_id in official)


def mark(answer: Answer, official: frozenset[str]) -> Answer:
    """``answer`` with every citation flagged, and a warning first when any is user-added."""
    if not answer.citations and not answer.trace:
        return answer
    flagged = {c: _flag(c, official) for c in answer.citations}
    trace = answer.trace
    if trace:
        trace = tuple(replace(s, citation=flagged.get(s.citation) or _flag(s.citation, official))
                      if s.citation is not None else s for s in trace)
    citations = tuple(flagged[c] for c in answer.citations)
    unverified = [n for n, c in enumerate(citations, 1) if not c.official]
    text = answer.text
    if unverified:
        marks = "".join(f"[{n}]" for n in unverified)
        text = f"注意：{marks} 引自用户自行添加的文件（不在官方文件目录中），未经核实，不代表官方政策。\n\n{text}"
    return replace(answer, citations=citations, trace=trace, text=text)


def marked(method: F) -> F:
    """Flag the citations of the Answer ``method`` returns with ``self.official`` (the doc ids)."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        return mark(method(self, *args, **kwargs), self.official)

    return wrapper  # type: ignore[return-value]
