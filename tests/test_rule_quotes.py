"""Every quote a rule cites is found in the document it names (pack or article).

Comparison is after NFKC (full/half-width) and removing all whitespace on both sides, because
the documents carry hard line breaks and mixed-width punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from qa.rules import load_rules
from qa.rules.model import ARTICLE_FILE, MAX_QUOTE_CHARS, iter_indicators, iter_leaves

REPO_ROOT = Path(__file__).resolve().parent.parent
REPO_ARTICLE = REPO_ROOT / "corpus" / "article" / "juzhuzheng_reform_2015.txt"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _raw_text(path: Path) -> str:
    """A small independent reader (python-docx / BeautifulSoup / bytes)."""
    if path.suffix == ".docx":
        import docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    raw = path.read_bytes()
    for encoding in ("utf-8", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", errors="replace")
    if path.suffix in (".html", ".htm"):
        from bs4 import BeautifulSoup

        text = BeautifulSoup(text, "html.parser").get_text("\n")
    return text


@cache
def _texts(path: Path) -> tuple[str, ...]:
    texts = [_squash(_raw_text(path))]
    try:  # the project's loader, when present: quotes should also lie in Document.text
        from qa.corpus.loaders import load_document

        texts.append(_squash(load_document(path).text))
    except Exception:  # noqa: BLE001 - the loader is optional here
        pass
    return tuple(texts)


def _citations():
    book = load_rules()
    for rule_file in book.files.values():
        for rule in rule_file.rules:
            pairs = [(rule.doc, rule.locator, rule.quote)]
            pairs += [(leaf.doc or rule.doc, leaf.locator or rule.locator, leaf.quote or rule.quote)
                      for leaf in iter_leaves(rule.condition)]
            pairs += [(ind.doc or rule.doc, ind.locator, ind.quote) for ind in iter_indicators(rule.condition)
                      if ind.quote]
            for doc_id, locator, quote in dict.fromkeys(pairs):
                yield pytest.param(rule_file.documents[doc_id].file, locator, quote,
                                   id=f"{rule.id}-{locator}-{quote[:8]}")


CITATIONS = list(_citations())


def test_every_rule_cites_something():
    assert len(CITATIONS) >= 40


@pytest.mark.parametrize(("file", "locator", "quote"), CITATIONS)
def test_quote_is_short(file, locator, quote):
    assert 0 < len(quote) < MAX_QUOTE_CHARS


@pytest.mark.pack
@pytest.mark.parametrize(("file", "locator", "quote"), CITATIONS)
def test_quote_in_document(pack_dir, file, locator, quote):
    if file == ARTICLE_FILE:
        candidates = [p for p in (REPO_ARTICLE, pack_dir.parent / "seed" / "article.txt")
                      if p.is_file()]
        assert candidates, "neither corpus/article nor ../shared/seed/article.txt found"
        texts = [t for p in candidates for t in _texts(p)]
    else:
        path = pack_dir / file
        assert path.is_file(), f"cited document missing from the pack: {file}"
        texts = list(_texts(path))
    needle = _squash(quote)
    assert all(needle in text for text in texts), f"{quote!r} ({locator}) not in {file}"


ARTICLE_CITATIONS = [c for c in CITATIONS
                     if c.values[0] != ARTICLE_FILE and re.match(r"第[一二三四五六七八九十百]+条", c.values[1])]
TABLE_CITATIONS = [c for c in CITATIONS if c.values[0] == ARTICLE_FILE]


@pytest.mark.pack
@pytest.mark.parametrize(("file", "locator", "quote"), ARTICLE_CITATIONS)
def test_locator_article_exists(pack_dir, file, locator, quote):
    """A 第X条 locator names an article heading that exists in the document."""
    label = re.match(r"第[一二三四五六七八九十百]+条", locator).group(0)
    assert label in _texts(pack_dir / file)[0]


@pytest.mark.parametrize(("file", "locator", "quote"), TABLE_CITATIONS)
def test_table_locator_exists_in_the_article(file, locator, quote):
    """A 表N locator of the article names a table caption that exists in the cleaned article."""
    table = re.match(r"表\d+", locator)
    assert table is not None, f"article citation without a 表N locator: {locator}"
    text = REPO_ARTICLE.read_text(encoding="utf-8")
    assert f"\n{table.group(0)} " in text
