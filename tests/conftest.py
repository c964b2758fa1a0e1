"""Shared fixtures.

Tests that need the official document pack (``../shared/corpus``) or Chromium skip with a reason
when those are absent, and fail instead when ``QA_REQUIRE_PACK=1`` / ``QA_REQUIRE_BROWSER=1``
(``.ci/run`` sets both).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PACK_DIR = Path(os.environ.get("QA_PACK_DIR", REPO_ROOT.parent / "shared" / "corpus"))
CHROMIUM = Path(os.environ.get("QA_CHROMIUM", "/usr/bin/chromium"))


def need(available: bool, reason: str, required_var: str) -> None:
    """Skip when a resource is missing, or fail when ``required_var`` says it must be there."""
    if available:
        return
    if os.environ.get(required_var) == "1":
        pytest.fail(f"{reason} ({required_var}=1 makes this a failure)")
    pytest.skip(reason)


def copy_pack_files(pack_dir: Path, folder: Path, files: Iterable[str]) -> Path:
    """Copy ``files`` (paths relative to the pack) into ``folder`` under the same relative paths."""
    for rel in files:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pack_dir / rel, folder / rel)
    return folder


@pytest.fixture(scope="session")
def pack_dir() -> Path:
    """The official document pack; skip (or fail under QA_REQUIRE_PACK=1) when absent."""
    need((PACK_DIR / "manifest.json").is_file(),
         f"document pack not found at {PACK_DIR} (set QA_PACK_DIR)", "QA_REQUIRE_PACK")
    return PACK_DIR


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    need(CHROMIUM.is_file(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
         "QA_REQUIRE_BROWSER")
    return CHROMIUM


@pytest.fixture(scope="session")
def pack_index(pack_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of corpus/ (the article) plus the whole pack, built once per session with the default embedder."""
    from dataclasses import replace

    from qa.config import Settings
    from qa.index.build import build_index

    index_dir = tmp_path_factory.mktemp("pack-index")
    build_index(replace(Settings(), index_dir=index_dir), [pack_dir])
    return index_dir


@pytest.fixture(scope="session")
def bot(pack_index: Path):
    """PolicyQA over the session's pack index."""
    from qa.answering.pipeline import PolicyQA

    return PolicyQA(index_dir=pack_index)
