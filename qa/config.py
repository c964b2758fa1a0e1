"""Settings: defaults in one dataclass; the only module that reads environment variables.

Environment variables (all optional), each with its default:

| variable | meaning | default |
| --- | --- | --- |
| QA_INDEX_DIR | folder of the index (Chroma + BM25 + manifest) | ``<repo>/index`` (checkout), ``<data>/index`` |
| QA_DATA_DIR | per-user data ``<data>``: an installed copy's index, downloaded documents | platformdirs |
| QA_CHROMA_URL | a Chroma server, e.g. ``http://127.0.0.1:8000``; unset = embedded | unset |
| QA_EMBEDDER | ``use`` (Google USE multilingual, offline), ``st:<path-or-name>``, ``hash`` (tests) | ``use`` |
| QA_LLM_PROVIDER | ``openai`` or ``ollama``: turns on optional LLM generation | unset |
| QA_LLM_BASE_URL / _MODEL / _API_KEY / _TIMEOUT | LLM endpoint settings | unset / unset / unset / 20 |
| QA_MAX_FILE_MB | largest corpus file ingested, in MB (a .docx: unzipped); larger ones are skipped | 5 |
| QA_MAX_PARAGRAPH_CHARS | longest paragraph (line) of a corpus file; a file with a longer one is skipped | 20000 |
| XDG_CACHE_HOME | parent of the ``juzhuzheng-qa`` cache folder (rebuildable files only) | ``~/.cache`` |

A value that does not parse (``QA_LLM_TIMEOUT=abc``) raises :class:`~qa.errors.ConfigError` naming the
variable and what it expects.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

import platformdirs

from qa.errors import ConfigError

APP_NAME = "juzhuzheng-qa"
PACKAGE_DIR = Path(str(resources.files("qa")))
# Policy dictionary and synonym table (package data in every install).
PACKAGE_DATA_DIR = PACKAGE_DIR / "data"
REPO_ROOT = PACKAGE_DIR.parent
# Rules, the cleaned article and the catalog live in the repository's top-level corpus/; a built
# wheel carries the same files inside the package as qa/_corpus (see pyproject.toml). A checkout
# (plain or editable install) reads corpus/ itself, so an edited rule takes effect at once.
_PACKAGED_CORPUS = PACKAGE_DIR / "_corpus"
IN_CHECKOUT = not _PACKAGED_CORPUS.is_dir()
DEFAULT_CORPUS_DIR = REPO_ROOT / "corpus" if IN_CHECKOUT else _PACKAGED_CORPUS
DEFAULT_RULES_DIR = DEFAULT_CORPUS_DIR / "rules"
# Per-user data: the index of an installed copy and the documents `ingest --fetch` downloads.
DATA_DIR = Path(os.environ.get("QA_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, appauthor=False))
# A checkout keeps its index beside the code it was built with (gitignored); an installed copy
# has no writable folder of its own.
DEFAULT_INDEX_DIR = REPO_ROOT / "index" if IN_CHECKOUT else DATA_DIR / "index"
DOCUMENTS_DIR = DATA_DIR / "documents"
# Derived, rebuildable files (e.g. the parsed tokenizer of the default embedder); honours XDG_CACHE_HOME.
CACHE_DIR = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Settings:
    index_dir: Path = DEFAULT_INDEX_DIR
    corpus_dir: Path = DEFAULT_CORPUS_DIR
    rules_dir: Path = DEFAULT_RULES_DIR
    chroma_url: str | None = None
    embedder: str = "use"
    collection: str = "policy_chunks"
    top_k: int = 5
    # Candidates each retriever hands to fusion; RRF needs depth beyond k to reorder well.
    candidates: int = 40
    # RRF constant from Cormack et al. (2009); 60 damps the weight of the very top ranks.
    rrf_k: int = 60
    # Weight of the dense lists in RRF. USE-multilingual is much weaker than BM25 on Chinese legal
    # text (dev split: Recall@5 0.56 vs 0.80), so it votes with less force (dev: 1.0→0.80, 0.5→0.82, 0.3→0.83).
    dense_weight: float = 0.3
    # Chunks of one document among the fused top results before each further one counts half (diversity).
    per_doc_cap: int = 3
    llm_provider: str | None = None
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 20.0
    # Corpus files are read whole and their chunks kept in memory: the limits keep one file from
    # exhausting memory. The pack's largest file is 0.24 MB (unzipped .docx 0.66 MB) and its longest
    # paragraph 716 characters. Ingest time grows linearly, about 30-45 s per MB of plain text on a
    # 2-core machine (jieba), so 5 MB is a few minutes and a few hundred MB at most.
    max_file_bytes: int = 5 * 1024 * 1024
    max_paragraph_chars: int = 20_000

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then environment variables, then explicit ``overrides`` (None = keep)."""
        env = os.environ
        settings = cls(
            index_dir=Path(env["QA_INDEX_DIR"]) if env.get("QA_INDEX_DIR") else DEFAULT_INDEX_DIR,
            chroma_url=env.get("QA_CHROMA_URL") or None,
            embedder=env.get("QA_EMBEDDER") or "use",
            llm_provider=env.get("QA_LLM_PROVIDER") or None,
            llm_base_url=env.get("QA_LLM_BASE_URL") or None,
            llm_model=env.get("QA_LLM_MODEL") or None,
            llm_api_key=env.get("QA_LLM_API_KEY") or None,
            llm_timeout=_number(env, "QA_LLM_TIMEOUT", 20.0, "秒数"),
            max_file_bytes=int(_number(env, "QA_MAX_FILE_MB", 5, "兆字节数") * 1024 * 1024),
            max_paragraph_chars=int(_number(env, "QA_MAX_PARAGRAPH_CHARS", 20_000, "字数")),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        if "index_dir" in given:
            given["index_dir"] = Path(given["index_dir"])  # type: ignore[arg-type]
        return replace(settings, **given)  # type: ignore[arg-type]


def _number(env: os._Environ[str] | dict[str, str], name: str, default: float, unit: str) -> float:
    """A positive finite number from environment variable ``name`` (unset or empty = ``default``).

    Raises:
        ConfigError: the value is not a positive number.
    """
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not (value > 0 and value != float("inf")):
        raise ConfigError(f"环境变量 {name}={raw!r} 无效：应为正数（{unit}），例如 {name}={default:g}；"
                          f"或删除该变量以使用默认值 {default:g}")
    return value
