"""Ingest progress: the stages ``build_index`` reports, and a tqdm display of them.

``build_index(..., progress=callback)`` calls ``callback(stage, done, total, detail)``:

| stage | counts | reported |
| --- | --- | --- |
| ``load`` | files | after each file is read, cleaned, chunked and tokenised (or reused) |
| ``embed`` | texts | after each batch of new chunk texts is embedded (the slow step) |
| ``write`` | chunks | after each batch of chunks is added to the Chroma collection |
"""

from __future__ import annotations

import sys
from typing import Any, Protocol, TextIO

STAGES = {"load": ("载入文件", "个"), "embed": ("向量化", "段"), "write": ("写入索引", "段")}


class Progress(Protocol):
    def __call__(self, stage: str, done: int, total: int, detail: str = "") -> None: ...


class ProgressBars:
    """One tqdm bar per stage (载入文件, 向量化, 写入索引) on ``file``; the last one closes on ``close()``.

    Args:
        prefix: put before each stage's name (e.g. 建立索引).
        file: where the bars are drawn (default stderr).
    """

    def __init__(self, prefix: str = "", file: TextIO | None = None) -> None:
        self.prefix = prefix
        self.file = file or sys.stderr
        self._stage: str | None = None
        self._bar: Any = None

    def __call__(self, stage: str, done: int, total: int, detail: str = "") -> None:
        from tqdm import tqdm

        if stage != self._stage or self._bar is None:
            self.close()
            label, unit = STAGES.get(stage, (stage, ""))
            self._stage = stage
            self._bar = tqdm(total=total, unit=unit, desc=f"{self.prefix} {label}".strip(), file=self.file)
        self._bar.update(done - self._bar.n)
        if detail:
            self._bar.set_postfix_str(detail[-30:])

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        self._bar, self._stage = None, None

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
