"""What the index knows: tell a user whose index holds only the journal article.

``corpus/`` ships the cleaned 2015 article alone; the official documents (条例, 办法, 细则) come from
the document pack (``python ingest.py --corpus PATH``) or their public sources (``--fetch``).
Until one of those is ingested, every answer says so (a line at its end and ``meta["notice"]`` /
``meta["article_only"]`` in its JSON), and the web UI shows the same notice above the chat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from qa.types import Answer

ADD_DOCUMENTS = ("添加官方文件：离线运行 python ingest.py --corpus 文件包目录，"
                 "或联网运行 python ingest.py --fetch（从各文件的公开来源下载并校验）。")


def article_only(documents: Sequence[dict[str, Any]]) -> bool:
    """Whether the index holds documents and all of them are the article (no official document)."""
    return bool(documents) and all(d.get("level") == "article" for d in documents)


def notice(documents: Sequence[dict[str, Any]]) -> str | None:
    """The notice for an article-only index (None when official documents are indexed)."""
    if not article_only(documents):
        return None
    titles = "、".join(f"《{d.get('title')}》" for d in documents)
    return (f"提示：当前索引只收录了研究文章{titles}，还没有收录居住证条例、各地办法等官方文件，"
            f"回答可能不完整或过时。{ADD_DOCUMENTS}")


def annotate(answer: Answer, documents: Sequence[dict[str, Any]]) -> Answer:
    """``answer`` with the article-only notice as its last line and in its meta (unchanged otherwise)."""
    text = notice(documents)
    if text is None:
        return answer
    return replace(answer, text=f"{answer.text}\n\n{text}", meta={**answer.meta, "article_only": True, "notice": text})
