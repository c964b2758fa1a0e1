"""qa.rules.places.to_simplified skips OpenCC for texts it cannot change, with the same result."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from qa.rules.places import to_simplified

DICTIONARY = Path(opencc.__file__).parent / "dictionary"


def _entries() -> list[str]:
    return [line.partition("\t")[0] for name in ("TSCharacters.txt", "TSPhrases.txt")
            for line in (DICTIONARY / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_dictionary_entry_converts_as_opencc_converts_it() -> None:
    converter = opencc.OpenCC("t2s")
    entries = _entries()
    assert len(entries) > 4000
    # Each entry alone and inside simplified text: whatever OpenCC changes, to_simplified changes too.
    for key in entries:
        for text in (key, f"居住证{key}办理"):
            assert to_simplified(text) == converter.convert(text), text


@pytest.mark.parametrize("text", ["居住证的有效期是多久？", "居住證可以享受哪些公共服務", "反覆申請", "臺灣同胞",
                                  "我在深圳住了一年，社保交了半年，能办居住证吗", "ABC１２３", ""])
def test_questions_convert_as_opencc_converts_them(text: str) -> None:
    assert to_simplified(text) == opencc.OpenCC("t2s").convert(text)
