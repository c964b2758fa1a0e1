"""The one exception family of the package.

    QAError
    ├── CorpusError          a corpus path or file cannot be used
    ├── IndexNotBuiltError   no index at the configured folder
    ├── IndexError_          the index is unusable or the Chroma server cannot be reached
    ├── EmbedderError        the embedding model cannot be loaded or run
    └── RuleError            rule data is malformed, or a jurisdiction/target is unknown

Entry points (ingest.py, ui.py, ``python -m qa``) catch ``QAError`` and print its message.
"""


class QAError(Exception):
    """Base class of every error this package raises on purpose."""


class CorpusError(QAError):
    """A corpus path or a document cannot be used."""


class IndexNotBuiltError(QAError):
    """The configured index folder holds no index yet."""


class IndexError_(QAError):  # noqa: N801 - avoid shadowing the builtin IndexError
    """The index exists but cannot be opened or used (or the Chroma server is unreachable)."""


class EmbedderError(QAError):
    """The embedding model cannot be loaded or run."""


class RuleError(QAError):
    """Rule data is malformed, or the asked jurisdiction/target has no rule."""
