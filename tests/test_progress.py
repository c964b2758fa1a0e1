"""Ingest progress: every long step reports (loading files, embedding in batches, writing Chroma)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from qa.config import Settings
from qa.index import build
from qa.index.build import build_index
from qa.index.embedders import CountingEmbedder, HashEmbedder

REPO = Path(__file__).resolve().parent.parent


def test_build_reports_load_embed_and_write_in_order(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(build, "EMBED_BATCH", 10)
    calls: list[tuple[str, int, int]] = []
    embedder = CountingEmbedder(HashEmbedder())
    settings = replace(Settings(), index_dir=tmp_path / "index", embedder="hash")
    report = build_index(settings, embedder=embedder, progress=lambda stage, done, total, detail="":
                         calls.append((stage, done, total)))
    stages = [c[0] for c in calls]
    assert stages == sorted(stages, key=["load", "embed", "write"].index)  # one stage after the other
    load = [c for c in calls if c[0] == "load"]
    embed = [c for c in calls if c[0] == "embed"]
    write = [c for c in calls if c[0] == "write"]
    assert load[0] == ("load", 0, 1) and load[-1] == ("load", 1, 1)
    # One report per batch of 10 texts, counting up to every text embedded.
    assert [c[1] for c in embed] == [0, *range(10, report.chunks, 10), report.chunks]
    assert embedder.calls == len(embed) - 1 and embedder.texts_embedded == report.chunks == 64
    assert write[-1] == ("write", report.chunks, report.chunks)

    calls.clear()
    build_index(settings, embedder=CountingEmbedder(HashEmbedder()), progress=lambda *a: calls.append(a[:3]))
    assert {c[0] for c in calls} == {"load"}  # nothing changed: nothing embedded or written


def test_ingest_shows_a_bar_for_each_step(tmp_path: Path) -> None:
    env = dict(os.environ, QA_EMBEDDER="hash")
    out = subprocess.run([sys.executable, "ingest.py", "--index", str(tmp_path / "index")], cwd=REPO, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    for label in ("载入文件", "向量化", "写入索引"):
        assert label in out.stderr, out.stderr[-2000:]
    assert "64/64" in out.stderr  # the embedding bar reaches the end
    quiet = subprocess.run([sys.executable, "ingest.py", "--index", str(tmp_path / "other"), "--quiet"], cwd=REPO,
                           env=env, capture_output=True, text=True, timeout=300)
    assert quiet.returncode == 0 and "向量化" not in quiet.stderr
