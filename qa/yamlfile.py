"""Parse the repository's YAML data (rules, cues, concepts, the article's tables).

libyaml's C parser builds the same objects with the same safe constructors as PyYAML's pure-Python
one and is several times faster: the rule files alone took about a second to parse, most of a cold
start. PyYAML without libyaml falls back to the pure-Python parser.
"""

from __future__ import annotations

from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """The data of one YAML document; raises ``yaml.YAMLError`` when it is malformed."""
    return yaml.load(text, Loader=_SAFE_LOADER)
