"""The one exception family of the package.

    QAError
    ├── ConfigError          an environment variable or setting has an unusable value
    ├── CorpusError          a corpus path or file cannot be used
    │   └── PruneRequiredError   an ingest would drop indexed documents and --prune was not given
    ├── IndexNotBuiltError   no index at the configured folder
    ├── IndexError_          the index is unusable or the Chroma server cannot be reached
    ├── EmbedderError        the embedding model cannot be loaded or run
    ├── RuleError            rule data is malformed, or a jurisdiction/target is unknown
    ├── InputError           an argument of the public API has the wrong type or is out of range
    └── InternalError        an unexpected failure inside ask(); details are in the log

Entry points (``juzhuzheng-qa``, ingest.py, ui.py, ``python -m qa``) catch ``QAError`` and print its message.
"""


class QAError(Exception):
    """Base class of every error this package raises on purpose."""


class ConfigError(QAError):
    """An environment variable or setting has a value that cannot be used."""


class CorpusError(QAError):
    """A corpus path or a document cannot be used."""


class PruneRequiredError(CorpusError):
    """An ingest would remove documents the index holds, and removal was not confirmed (``--prune``)."""

    def __init__(self, message: str, removed: list[str]) -> None:
        super().__init__(message)
        self.removed = removed


class IndexNotBuiltError(QAError):
    """The configured index folder holds no index yet."""


class IndexError_(QAError):  # noqa: N801, N818 - avoid shadowing the builtin IndexError
    """The index exists but cannot be opened or used (or the Chroma server is unreachable)."""


class EmbedderError(QAError):
    """The embedding model cannot be loaded or run."""


class RuleError(QAError):
    """Rule data is malformed, or the asked jurisdiction/target has no rule."""


class NoRuleError(RuleError):
    """No rule version applies to the place and target asked (the documents may still speak to it)."""

    def __init__(self, message: str, place: str = "", entitlement: str = "") -> None:
        super().__init__(message)
        self.place = place  # 辽宁省
        self.entitlement = entitlement  # 申请公共租赁住房


class InputError(QAError):
    """An argument of ``ask()`` / ``retrieve()`` has the wrong type or is out of range."""


class InternalError(QAError):
    """An unexpected failure inside the package; the original exception is chained and logged."""
