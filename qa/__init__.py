"""居住证 / 户籍 policy Q&A: cited answers from official documents, and a rule checker.

    from qa import PolicyQA, build_index, Settings
    bot = PolicyQA()
    ans = bot.ask("深圳申领居住证需要什么条件？")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Answer", "Chunk", "Citation", "PolicyQA", "QAError", "Settings", "build_index", "rules"]

if TYPE_CHECKING:  # pragma: no cover
    from qa import rules
    from qa.answering.pipeline import PolicyQA
    from qa.config import Settings
    from qa.errors import QAError
    from qa.index.build import build_index
    from qa.types import Answer, Chunk, Citation

_LAZY = {
    "PolicyQA": ("qa.answering.pipeline", "PolicyQA"),
    "build_index": ("qa.index.build", "build_index"),
    "Settings": ("qa.config", "Settings"),
    "Answer": ("qa.types", "Answer"),
    "Citation": ("qa.types", "Citation"),
    "Chunk": ("qa.types", "Chunk"),
    "QAError": ("qa.errors", "QAError"),
}


def __getattr__(name: str) -> Any:
    # Lazy so that `import qa` (and the CLI's --help) does not load Chroma or the embedder.
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    if name == "rules":
        import importlib

        return importlib.import_module("qa.rules")
    raise AttributeError(f"module 'qa' has no attribute {name!r}")
