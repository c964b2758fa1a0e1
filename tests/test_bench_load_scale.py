"""``python -m qa.bench load`` and ``scale`` run end to end (small sizes; the numbers themselves are
printed by the benchmarks, never asserted as timings here)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from qa.bench.scale import synthetic_regulation, write_corpus
from qa.config import Settings
from qa.corpus.chunking import chunk_document
from qa.corpus.loaders import load_document
from qa.index.build import build_index

REPO = Path(__file__).resolve().parent.parent


def test_synthetic_regulations_have_chapters_and_articles_and_differ(tmp_path: Path) -> None:
    write_corpus(tmp_path, 3)
    chunks = [c for c in chunk_document(load_document(tmp_path / "synthetic_00001.txt", root=tmp_path))
              if c.kind == "article"]  # the title line is a chunk of its own
    assert len(chunks) >= 20
    assert all(re.fullmatch(r"第[一二三四五六七八九十]+条", c.locator or "") for c in chunks)
    assert {c.chapter.split()[0] for c in chunks if c.chapter} >= {"第一章", "第二章", "第三章", "第四章"}
    assert synthetic_regulation(1) == synthetic_regulation(1) != synthetic_regulation(2)


def test_load_bench_serves_every_request_of_a_small_run(pack_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(pack_dir / "national" / "juzhuzheng_zanxing_tiaoli_2015.md", corpus / "tiaoli.md")
    index = tmp_path / "index"
    build_index(Settings(index_dir=index, embedder="hash"), [corpus])
    out = subprocess.run([sys.executable, "-m", "qa.bench", "load", "-n", "12", "-c", "3", "--index", str(index)],
                         cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    assert "12 requests, 3 concurrent" in out.stdout and "errors 0" in out.stdout
    assert re.search(r"server RSS before \d+ MB, peak \d+ MB, after \d+ MB", out.stdout)


def test_load_bench_refuses_unbounded_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "qa.bench", "load", "-n", "1000000"], cwd=REPO, capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode != 0 and "--requests 1..20000" in out.stderr


def test_scale_bench_prints_each_size_and_draws_the_plot(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "qa.bench", "scale", "--factors", "1", "--queries", "3", "--out",
                          str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=900, check=False)
    assert out.returncode == 0, out.stdout + out.stderr[-2000:]
    assert re.search(r"^\s+1×\s+46\s+\d{4}\s", out.stdout, re.MULTILINE)  # the article + 45 synthetic documents
    assert (tmp_path / "scale.png").stat().st_size > 10_000
    rows = json.loads((tmp_path / "scale.json").read_text(encoding="utf-8"))
    assert rows[0]["chunks"] > 1000 and rows[0]["index_mb"] > 0 and rows[0]["query_p50_ms"] > 0
