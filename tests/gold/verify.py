"""Check every gold question against the official document pack.

For each question and each gold source: the document must exist (same title matching as
``qa.eval.metrics.doc_matches``), its locator must occur in the document text, and every answer-fact
group must have one alternative that occurs near that locator (within 900 characters after a
``第N条``, 1800 after a ``表N``, 4000 after a section heading; anywhere when the locator is null).
Texts are compared after NFKC and with all whitespace removed, so PDF spacing and full-width
digits do not matter.

Usage: python tests/gold/verify.py [--pack ../shared/corpus] [--article FILE] [FILE.jsonl ...]
Exit status 1 when a check fails. The pack is read in place; nothing is copied.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ENUM = re.compile(r"^(\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)")


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def read_text(path: Path, fmt: str, encoding: str) -> str:
    """Plain text of one pack file (enough for substring checks, not a full cleaner)."""
    if fmt == "docx":
        import docx  # python-docx

        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join(parts)
    codec = "gb18030" if encoding in ("gb2312", "gb18030") else "utf-8"
    raw = path.read_bytes().decode(codec, errors="replace")
    if fmt == "html":
        from bs4 import BeautifulSoup

        return BeautifulSoup(raw, "html.parser").get_text("\n")
    return raw


def load_pack(pack: Path, article: Path) -> dict[str, str]:
    texts = {}
    for entry in json.loads((pack / "manifest.json").read_text(encoding="utf-8")):
        texts[entry["title"]] = norm(read_text(pack / entry["file"], entry["format"], entry["encoding"]))
    texts["article"] = norm(article.read_text(encoding="utf-8"))
    return texts


def find_docs(texts: dict[str, str], doc: str) -> list[str]:
    if doc == "article":
        return [texts["article"]]
    n = norm(doc)
    return [t for title, t in texts.items() if title != "article"
            and (norm(title) == n or (n in norm(title) and f"《{n}》" not in norm(title)))]


def check(row: dict, texts: dict[str, str]) -> list[str]:
    problems = []
    if len(row.get("notes") or "") >= 40:
        problems.append("notes has 40 characters or more")
    pool: list[str] = []
    for src in row["sources"]:
        docs = find_docs(texts, src["doc"])
        if len(docs) != 1:
            problems.append(f"doc {src['doc']!r} matches {len(docs)} documents, expected 1")
            continue
        text, loc = docs[0], src.get("locator")
        if not loc:
            pool.append(text)
            continue
        key = norm(loc)
        if not key.startswith(("第", "表")):
            key = ENUM.sub("", key)
        width = 900 if key.startswith("第") else 1800 if key.startswith("表") else 4000
        spans = [text[m.start(): m.start() + width] for m in re.finditer(re.escape(key), text)]
        if not spans:
            problems.append(f"locator {loc!r} not found in {src['doc']!r}")
        pool.extend(spans)
    for group in row["answer_facts"]:
        if not any(norm(alt) in span for alt in group for span in pool):
            problems.append(f"no alternative of {group} near the gold locators")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--pack", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--article", type=Path, default=REPO.parent / "shared" / "seed" / "article.txt")
    args = parser.parse_args(argv)
    files = args.files or sorted(HERE.glob("*.jsonl"))
    texts = load_pack(args.pack, args.article)
    failed = 0
    for path in files:
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            for problem in check(row, texts):
                failed += 1
                print(f"{path.name}:{lineno} {row['id']}: {problem}")
    print(f"{failed} problem(s) in {len(files)} file(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
