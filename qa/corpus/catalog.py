"""The document catalog: facts about each source file, looked up by content hash or file name.

``corpus/catalog.json`` is a JSON list with one entry per file of the official document pack
(taken from the pack's ``manifest.json`` and ``SHA256SUMS``: its path inside the pack, its public
``source_url`` and sha256, which ``qa.corpus.fetch`` downloads and verifies) and one for the cleaned
source article. The loader asks ``Catalog.metadata_for(path, data)`` for each file it reads: the sha256 of
the bytes is tried first, so a renamed copy is still recognised, then the file's base name.

    catalog.json ──load_catalog──▶ Catalog ──metadata_for(path, bytes)──▶ Document fields + extra
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from qa.config import DEFAULT_CORPUS_DIR
from qa.errors import CorpusError

__all__ = ["CATALOG_PATH", "DOCUMENT_FIELDS", "Catalog", "CatalogEntry", "load_catalog"]

CATALOG_PATH = DEFAULT_CORPUS_DIR / "catalog.json"

# Keys of ``metadata_for`` that are ``Document`` fields; every other catalog key goes to ``extra``.
DOCUMENT_FIELDS = ("title", "region", "level", "kind", "issuer", "doc_number", "adopted", "effective")
# How an entry is found and fetched, not facts about the document.
_LOOKUP_KEYS = ("file", "sha256", "path", "source_url")


class CatalogEntry(BaseModel):
    """One catalog entry. Dates are ISO ``YYYY-MM-DD`` as printed in the document, or null."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str  # base name of the file
    sha256: str
    path: str | None = None  # path inside the official document pack (national/…, regions/…)
    source_url: str | None = None  # public address serving exactly these bytes (a raw file at a full commit)
    title: str
    region: str  # 全国 / 上海市 / 江苏省 …
    level: str  # national / provincial / municipal / article
    kind: str | None = None  # regulation / rule / normative_document / interpretation / article
    issuer: str | None = None
    doc_number: str | None = None
    adopted: str | None = None
    effective: str | None = None
    province: str | None = None  # for cities outside the 直辖市: 深圳市 → 广东省
    supersedes: str | None = None  # base name of the version this one replaced
    superseded_by: str | None = None  # base name of the version that replaced this one
    # The journal article only:
    published: str | None = None
    journal: str | None = None
    issue: str | None = None
    section: str | None = None
    sections: list[str] | None = None

    def metadata(self) -> dict[str, Any]:
        """The ``Document`` fields of this entry, with every other known fact under ``extra``."""
        data = self.model_dump(exclude_none=True)
        meta: dict[str, Any] = {name: data.get(name) for name in DOCUMENT_FIELDS}
        meta["extra"] = {k: v for k, v in data.items() if k not in DOCUMENT_FIELDS and k not in _LOOKUP_KEYS}
        return meta


@dataclass(frozen=True)
class Catalog:
    """All catalog entries, indexed by sha256 and by file base name."""

    entries: tuple[CatalogEntry, ...]
    _by_hash: dict[str, CatalogEntry] = field(init=False, repr=False)
    _by_name: dict[str, CatalogEntry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_hash", {e.sha256.lower(): e for e in self.entries})
        object.__setattr__(self, "_by_name", {e.file: e for e in self.entries})

    def entry_for(self, path: Path, data: bytes) -> CatalogEntry | None:
        """The entry of a file: by sha256 of ``data`` first, then by the base name of ``path``."""
        found = self._by_hash.get(hashlib.sha256(data).hexdigest())
        return found if found is not None else self._by_name.get(Path(path).name)

    def metadata_for(self, path: Path, data: bytes) -> dict[str, Any] | None:
        """Document metadata of a file, or None when the catalog does not know it.

        Args:
            path: the file's path (only its base name is used, as a fallback).
            data: the file's bytes (their sha256 is tried first).

        Returns:
            ``{"title", "region", "level", "kind", "issuer", "doc_number", "adopted", "effective",
            "extra"}``, where ``extra`` holds the remaining facts (province, supersedes,
            superseded_by, journal, sections, …); None for an unknown file.
        """
        entry = self.entry_for(path, data)
        return entry.metadata() if entry is not None else None

    def downloadable(self) -> list[CatalogEntry]:
        """The entries that name a pack path and a public source (the official documents)."""
        return [e for e in self.entries if e.path and e.source_url]

    def regions(self) -> list[str]:
        """Every region and province name the catalog knows (全国 included), sorted."""
        names = {e.region for e in self.entries} | {e.province for e in self.entries if e.province}
        return sorted(names)

    def __len__(self) -> int:
        return len(self.entries)


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Read the catalog (default ``corpus/catalog.json``).

    Raises:
        CorpusError: the file is missing, is not JSON, or an entry does not match ``CatalogEntry``.
    """
    path = Path(path) if path is not None else CATALOG_PATH
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorpusError(f"catalog {path} cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise CorpusError(f"catalog {path} is not valid JSON: {exc}") from exc
    if not isinstance(items, list):
        raise CorpusError(f"catalog {path} must hold a JSON list of entries, got {type(items).__name__}")
    entries = []
    for i, item in enumerate(items):
        try:
            entries.append(CatalogEntry.model_validate(item))
        except ValidationError as exc:
            name = item.get("file") if isinstance(item, dict) else None
            raise CorpusError(f"catalog {path}: entry {i} ({name!r}) is malformed: {exc}") from exc
    return Catalog(tuple(entries))
