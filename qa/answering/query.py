"""The language layer: clean a question, find its places and version, resolve follow-ups.

    question (+ history) ──▶ clean ──▶ places ──▶ follow-up rewrite ──▶ version_year
                                                                   └──▶ search_text (numbers, synonyms)

``understand()`` is pure and fast (tables and regexes compiled at import; OpenCC only runs when
the text holds a traditional character). It never raises on user input: an empty, emoji-only or
non-Chinese question comes back with ``problem`` set (and ``text == ""`` when nothing is left).

What a question asks (its kind) is not read here: qa.answering.understand reads it once from
qa/data/question_cues.yaml, whose question words also split a follow-up into topic and question.

Follow-ups: with ``history``, a question of at most 30 characters that starts with 那/如果/换成/还有…,
ends with 呢, or names no topic of its own (only a place, or only a question word) is rewritten
against the previous standalone question: the new place replaces the old one (那上海呢？), or the
new topic/question replaces the old one at the old place (那孩子上学呢？, 那需要多久呢). A question that
has a place, a topic and a question word is standalone even after 那.

Places: multi-character names and nicknames (深圳, 鹏城, 魔都, 沪上, 京津冀) anywhere; one-character
abbreviations (沪, 京, 苏 …) only in context (在沪, 来京, 京籍); other cities and provinces, and any
plain "XX市", go to ``unknown_places``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from qa.answering.cues import cues
from qa.config import PACKAGE_DATA_DIR
from qa.text.numbers import normalize_numbers
from qa.text.places import (
    AMBIGUOUS_CITIES,
    AUTONOMOUS_REGIONS,
    NATIONAL,
    NICKNAMES,
    PROVINCE_OF,
    SPECIAL_REGIONS,
    province_of,
    short_name,
)

__all__ = ["KNOWN_REGIONS", "MAX_CHARS", "PLACE_NAME_RE", "Query", "has_chinese", "province_of",
           "short_name", "understand"]

MAX_CHARS = 500  # longer questions are cut: no real question is longer, and it bounds the cost
_HISTORY_TURNS = 4  # follow-ups are resolved against at most this many previous questions
_FOLLOWUP_MAX_CHARS = 30  # a follow-up is short; longer questions are taken as standalone

History = list[tuple[str, str]] | None


@dataclass(frozen=True)
class Query:
    """A question as the retriever and answerer see it.

    ``text`` is the cleaned (or, for a follow-up, rewritten standalone) question; ``search_text``
    adds Arabic numbers and synonym expansions for BM25. ``places`` are canonical regions of the
    corpus in order of mention (a city without documents brings its province when the province has
    some: 兰州 → 甘肃省); ``unknown_places`` are places it has no documents of their own for.
    ``problem`` is a Chinese note for the user (empty, not Chinese, cut); the question is still
    answered whenever ``text`` is not empty.
    """

    original: str
    text: str
    search_text: str
    places: tuple[str, ...] = ()
    place_aliases: tuple[str, ...] = ()  # the words that named them, as written: 沪, 魔都, 深圳
    unknown_places: tuple[str, ...] = ()  # e.g. 拉萨市, 苏州市
    version_year: int | None = None  # 按照2011年的成都规定 → 2011
    is_followup: bool = False
    truncated: bool = False
    problem: str | None = None
    expansions: tuple[str, ...] = ()  # synonym terms appended to search_text
    across_places: bool = False  # 哪些地方/哪个城市…: asks which places do something, not the national rule
    earlier_version: bool = False  # 最早那版/旧版/原来的: asks about a superseded version

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- regions ------------------------------------------------------------------------------------

# Places the document pack has documents for, canonical names as in its manifest (广东省 has none of
# its own; its cities do). Other places in a question are ``unknown_places``.
KNOWN_REGIONS: tuple[str, ...] = (
    NATIONAL, *(f"{c}市" for c in "北京 上海 天津 重庆 深圳 广州 成都 南京 杭州 郑州 武汉 西安".split()),
    *(f"{p}省" for p in "广东 四川 江苏 浙江 河南 福建 河北 甘肃 江西 吉林 海南 辽宁".split()), "内蒙古自治区")

# One-character abbreviations; only read as places next to a context character (see _SINGLE_RE).
_SINGLE_ALIASES = {"京": "北京市", "沪": "上海市", "津": "天津市", "渝": "重庆市", "穗": "广州市",
                   "蓉": "成都市", "川": "四川省", "苏": "江苏省", "浙": "浙江省", "豫": "河南省",
                   "闽": "福建省", "粤": "广东省", "冀": "河北省", "陇": "甘肃省", "赣": "江西省",
                   "琼": "海南省", "辽": "辽宁省"}
# Fixed groups of abbreviations that name several places at once.
_GROUPS: dict[str, tuple[str, ...]] = {
    "北上广深": ("北京市", "上海市", "广州市", "深圳市"), "北上广": ("北京市", "上海市", "广州市"),
    "京津冀": ("北京市", "天津市", "河北省"), "江浙沪": ("江苏省", "浙江省", "上海市"),
    "苏浙沪": ("江苏省", "浙江省", "上海市"), "沪苏浙": ("上海市", "江苏省", "浙江省"),
    "京沪": ("北京市", "上海市"), "京津": ("北京市", "天津市"), "川渝": ("四川省", "重庆市"),
}

# Per-alias guards against common words: 变成都市 (become urban) is not 成都.
_GUARDS = {"成都": r"(?<![变换组构形达造])成都(?:市(?!化))?", "南京": r"南京市?(?![东西]?路)",
           "首都": r"首都(?!机场|师范|医科|经济)", "保定": r"(?<![确担])保定市?(?!期)", "包头": r"(?<!打)包头市?"}

# alias → (regions, known). Full names (深圳市, 江苏省) are aliases too.
_ALIAS: dict[str, tuple[tuple[str, ...], bool]] = {}
for _region in KNOWN_REGIONS:
    _ALIAS[_region] = _ALIAS[short_name(_region)] = ((_region,), True)
for _a, _region in NICKNAMES.items():
    _ALIAS[_a] = ((_region,), _region in KNOWN_REGIONS)
for _a, _regions in _GROUPS.items():
    _ALIAS[_a] = (_regions, True)
for _canon in {*PROVINCE_OF.values(), *AUTONOMOUS_REGIONS.values(), *SPECIAL_REGIONS.values()} - set(KNOWN_REGIONS):
    _ALIAS[short_name(_canon)] = _ALIAS[_canon] = ((_canon,), False)
for _city in [c for c in PROVINCE_OF if c not in KNOWN_REGIONS]:
    _ALIAS[_city] = ((_city,), False)
    if _city[:-1] not in AMBIGUOUS_CITIES or _city[:-1] in _GUARDS:
        _ALIAS[_city[:-1]] = ((_city,), False)


def _trie_pattern(words: list[str]) -> str:
    """One regex for many words, nested by prefix so each position costs one lookup, longest first."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")" if len(branches) > 1 else branches[0]
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_UNGUARDED = [a for a in _ALIAS if not a.startswith(tuple(_GUARDS))]
_MULTI_RE = re.compile("|".join([*_GUARDS.values(), _trie_pattern(_UNGUARDED)]))
_SINGLE_CHARS = "".join(_SINGLE_ALIASES)
# A one-character abbreviation counts only after 在/来/到/赴/回/离/进/留/驻/抵/返/入 (在沪, 来京) or
# before 籍/户/漂/牌 (京籍, 沪户口) (沪上 is a full alias); the look-ahead keeps out 京剧, 津贴, 苏醒, 粤语 ….
_SINGLE_RE = re.compile(
    rf"(?<=[在来到赴回离进留驻抵返入])[{_SINGLE_CHARS}](?![剧东腔味菜贴联醒格宁州口语阔流津瑶])"
    rf"|[{_SINGLE_CHARS}](?=[籍户漂牌])")
# Any other "XX市": two characters before 市 that are not function words (在本市, 逛超市, 直辖市).
_GENERIC_CITY_RE = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2})市"
                              r"|(?<=[在去到来从于和与跟、，,是])([\u4e00-\u9fff]{2})市")
_NOT_CITY_CHARS = set("在本该各全这那哪某个大小城都的了是去到来从和与跟比或省市县区其外他她我你们等级辖设超菜股"
                      "夜集开闹上门入黑楼花早晚互城乡镇村新老原每此同当住居")

_ENGLISH_PLACES = {
    "shenzhen": "深圳市", "shanghai": "上海市", "beijing": "北京市", "peking": "北京市", "guangzhou": "广州市",
    "chengdu": "成都市", "chongqing": "重庆市", "tianjin": "天津市", "nanjing": "南京市", "hangzhou": "杭州市",
    "zhengzhou": "郑州市", "wuhan": "武汉市", "xi'an": "西安市", "xian": "西安市", "jiangsu": "江苏省",
    "henan": "河南省", "zhejiang": "浙江省", "sichuan": "四川省", "fujian": "福建省", "hebei": "河北省",
    "gansu": "甘肃省", "jiangxi": "江西省", "jilin": "吉林省", "inner mongolia": "内蒙古自治区",
    "hainan": "海南省", "liaoning": "辽宁省", "guangdong": "广东省",
}
_ENGLISH_TERMS = {
    "residence permit": "居住证", "residence card": "居住证", "residency permit": "居住证",
    "hukou": "户口", "household registration": "户籍", "settle": "落户", "settlement": "落户",
    "points": "积分", "social insurance": "社会保险", "social security": "社会保险",
    "children": "随迁子女", "child": "随迁子女", "kids": "随迁子女", "school": "义务教育 入学",
    "education": "义务教育", "rent": "房屋租赁 住所证明", "rental": "房屋租赁", "lease": "房屋租赁",
    "house": "合法稳定住所", "property": "合法稳定住所", "apartment": "住所", "job": "合法稳定就业",
    "work": "就业", "employment": "就业", "housing fund": "住房公积金", "provident fund": "住房公积金",
    "temporary residence": "暂住", "requirement": "条件", "requirements": "条件", "conditions": "条件",
    "documents": "材料", "materials": "材料", "valid": "有效期", "validity": "有效期", "fee": "工本费",
    "cost": "费用", "apply": "申领", "application": "申领", "renew": "签注", "lost": "补领", "exam": "招生考试",
    "gaokao": "招生考试", "national": "全国",
    "driving licence": "机动车驾驶证", "driving license": "机动车驾驶证", "driver's license": "机动车驾驶证",
    "driver license": "机动车驾驶证", "qualification": "职业资格", "professional": "职业资格",
    "exit-entry": "出入境证件", "passport": "出入境证件", "issue": "发放 签发", "issued": "发放 签发",
    "police": "公安机关", "accepted": "受理", "days": "日", "extend": "延长", "extension": "延长",
    "endorse": "签注", "endorsement": "签注", "replace": "换领 补领", "replacement": "换领 补领",
    "register": "居住登记", "registration": "登记", "fine": "罚款", "penalty": "罚款", "fake": "伪造",
    "forged": "伪造", "public services": "基本公共服务", "medical": "医疗", "health": "卫生",
    "small towns": "建制镇 小城市", "small cities": "小城市", "megacities": "特大城市 超大城市",
    "megacity": "特大城市 超大城市", "big cities": "大城市", "large cities": "大城市", "spouse": "配偶",
    "parents": "父母", "minor": "未满十六周岁", "under 16": "未满十六周岁", "legal aid": "法律援助",
    "vote": "选举", "election": "选举", "unemployed": "失业", "student": "就读", "study": "就读",
    "farmers": "农业转移人口 农民", "rural": "农村", "land": "土地承包经营权 宅基地",
}
_ENGLISH_WORDS = sorted({**_ENGLISH_PLACES, **_ENGLISH_TERMS}, key=len, reverse=True)
_ENGLISH_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(map(re.escape, _ENGLISH_WORDS)) + r")(?![A-Za-z])",
                         re.IGNORECASE)


def has_chinese(text: str) -> bool:
    """True when ``text`` holds at least one Chinese character."""
    return _HAS_CJK.search(text) is not None


# Short names of the places the corpus has documents for (深圳, 上海 …), longest first: finds which
# places a sentence or chunk talks about.
PLACE_NAME_RE = re.compile("|".join(sorted({short_name(r) for r in KNOWN_REGIONS if r != "全国"},
                                           key=len, reverse=True)))


@dataclass(frozen=True)
class _PlaceHit:
    start: int
    end: int
    alias: str
    regions: tuple[str, ...]
    known: bool


def _find_places(text: str) -> list[_PlaceHit]:
    hits = [_PlaceHit(m.start(), m.end(), m.group(), *_ALIAS[m.group()]) for m in _MULTI_RE.finditer(text)]
    taken = [(h.start, h.end) for h in hits]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for m in _SINGLE_RE.finditer(text):
        if free(m.start(), m.end()):
            hits.append(_PlaceHit(m.start(), m.end(), m.group(), (_SINGLE_ALIASES[m.group()],), True))
    for m in _GENERIC_CITY_RE.finditer(text):
        name = m.group(1) or m.group(2)
        start = m.start(1) if m.group(1) else m.start(2)
        if free(start, m.end()) and not _NOT_CITY_CHARS.intersection(name):
            hits.append(_PlaceHit(start, m.end(), name + "市", (name + "市",), False))
    for m in _ENGLISH_RE.finditer(text) if _HAS_LATIN.search(text) else ():
        region = _ENGLISH_PLACES.get(m.group().lower())
        if region:
            hits.append(_PlaceHit(m.start(), m.end(), m.group(), (region,), True))
    hits.sort(key=lambda h: h.start)
    # A province inside a title (杭州那个《浙江省居住证》) or naming the card (杭州办浙江省居住证) names the
    # document the asked city uses, not a second place to compare.
    titles = [m.span() for m in _BOOK_TITLE_RE.finditer(text)]
    outside = {r for h in hits if not any(a <= h.start < b for a, b in titles) for r in h.regions}
    provinces = {province_of(r) for r in outside}

    def names_own_province(hit: _PlaceHit) -> bool:
        # 杭州办浙江省居住证: the province's card (or a title) that a city of it issues, not a second place.
        in_name = any(a <= hit.start < b for a, b in titles) or (
            text.startswith("居住证", hit.end) and text[hit.start - 1:hit.start] not in _JOINING)
        return in_name and all(r in provinces for r in hit.regions)

    return [h for h in hits if not names_own_province(h)]


_BOOK_TITLE_RE = re.compile(r"《[^《》]{1,40}》")
_JOINING = set("和与跟及、比同")  # 深圳和广东居住证: two places compared


# --- cleaning -----------------------------------------------------------------------------------

# Full-width letters, digits and ASCII symbols → half-width; Chinese punctuation (，？！：；（）) stays.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)
              if chr(cp - 0xFEE0).isalnum() or chr(cp - 0xFEE0) in "%+-./@#&=<>*_'\"$"}
_FULLWIDTH[0x3000] = 0x20
_EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0E\uFE0F\u200B-\u200D\u2060\uFEFF"
                       "\U000E0000-\U000E007F\ue000-\uf8ff]")
_SPACE_RE = re.compile(r"\s+")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}，。？！：；、）（]) (?=[{_CJK}，。？！：；、）（])")
_HAS_CJK = re.compile(f"[{_CJK}]")
_HAS_LATIN = re.compile("[A-Za-z]")


@lru_cache(maxsize=1)
def _t2s() -> tuple[Any, frozenset[str]]:
    """OpenCC t2s and the characters that make it change anything (so most inputs skip it)."""
    import opencc
    from opencc import OpenCC

    folder = Path(opencc.__file__).parent / "dictionary"
    triggers: set[str] = set()
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        if value.split(" ")[0] != key:
            triggers.add(key)
    phrase_triggers: set[str] = set()
    for line in (folder / "TSPhrases.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        value = value.split(" ")[0]
        # Phrases such as 反覆 → 反复 change characters that are left alone on their own.
        if len(key) == len(value) and triggers.isdisjoint(key):
            phrase_triggers.update(k for k, v in zip(key, value, strict=True) if k != v)
    triggers |= phrase_triggers
    return OpenCC("t2s"), frozenset(triggers)


def _clean(question: str) -> tuple[str, bool]:
    """Width-fold, drop emoji, collapse whitespace, cut to MAX_CHARS, traditional → simplified."""
    text = question[: MAX_CHARS * 2]  # room for whitespace and emoji that cleaning drops
    text = _EMOJI_RE.sub("", text.translate(_FULLWIDTH))
    text = _CJK_SPACE_RE.sub("", _SPACE_RE.sub(" ", text).strip())
    truncated = len(text) > MAX_CHARS or len(question) > MAX_CHARS * 2
    text = text[:MAX_CHARS].rstrip()
    converter, triggers = _t2s()
    if not triggers.isdisjoint(text):
        text = converter.convert(text)
    return _TYPO_RE.sub(lambda m: _TYPOS[m.group()], text) if _TYPOS else text, truncated


TYPOS_PATH = Path(__file__).resolve().parents[1] / "data" / "typos.tsv"


def _load_typos(path: Path = TYPOS_PATH) -> dict[str, str]:
    """The misspelling table: misspelling → word, one tab-separated pair per non-comment line."""
    pairs = (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#"))
    return {wrong.strip(): right.strip() for wrong, right in pairs}


_TYPOS = _load_typos()
_TYPO_RE = re.compile("|".join(map(re.escape, sorted(_TYPOS, key=len, reverse=True))))


# --- synonyms -----------------------------------------------------------------------------------

SYNONYMS_PATH = PACKAGE_DATA_DIR / "synonyms.tsv"


def _load_synonyms(path: Path = SYNONYMS_PATH) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """The synonym table: (trigger regex, expansion terms) per non-comment line of ``path``.

    Raises:
        ValueError: a line without a tab or with an invalid regex (names the line).
    """
    table = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        trigger, sep, terms = line.partition("\t")
        if not sep or not terms.split():
            raise ValueError(f"{path.name}:{number}: expected '<trigger regex>\\t<terms>', got {line!r}")
        try:
            table.append((re.compile(trigger), tuple(terms.split())))
        except re.error as exc:
            raise ValueError(f"{path.name}:{number}: bad trigger {trigger!r}: {exc}") from exc
    return tuple(table)


_SYNONYM_RES = _load_synonyms()


def synonym_covers(word: str, text: str) -> bool:
    """Whether a synonym trigger matches ``text`` where ``word`` stands (坐公交 covers 公交)."""
    at = text.find(word)
    return at >= 0 and any(m.start() < at + len(word) and m.end() > at
                           for pattern, _ in _SYNONYM_RES for m in pattern.finditer(text))


def _expansions(text: str, hits: list[_PlaceHit]) -> tuple[str, ...]:
    found: list[str] = []
    for pattern, terms in _SYNONYM_RES:
        if pattern.search(text):
            found.extend(terms)
    for m in _ENGLISH_RE.finditer(text) if _HAS_LATIN.search(text) else ():
        word = m.group().lower()
        found.extend(_ENGLISH_TERMS[word].split() if word in _ENGLISH_TERMS else ())
    for hit in hits:  # 魔都 / 沪 → 上海市 上海, so BM25 meets the documents' own words
        for region in hit.regions:
            found.extend((region, short_name(region)))
    seen: set[str] = set()
    return tuple(t for t in found if not (t in seen or seen.add(t)) and t not in text)


# --- version and scope --------------------------------------------------------------------------

def _version_year(normalized: str) -> int | None:
    """The year that names a version of a rule (the cue ``version_year``), within a plausible range."""
    for m in cues().cues["version_year"].finditer(normalized):
        year = int(m.group(1) or m.group(2))
        if 1950 <= year <= 2039:
            return year
    return None


# --- follow-ups ---------------------------------------------------------------------------------

_LEAD_RE = re.compile(r"^(?:那么|那(?![些个里儿样种边么])|如果是|如果|要是|假如|换成|换到|换做|改成|改为|还有|另外"
                      r"|再问一下|再问|换)+")
_FILLER_RE = re.compile(r"的话|怎么样|咋样|情况|政策|规定|这边|那边|那里|这里|地区|需要|要|的|呢|吗|啊|呀|吧|是|也|又"
                        r"|和|与|跟|及|还|呢")
_PUNCT_RE = re.compile(r"[\s，。？！、：；,.?!:;…~～]+")
_PERSONAL_RE = re.compile(r"我|本人|咱|俺|自己")


def _strip(text: str) -> str:
    """Residual words after dropping punctuation and filler words."""
    return _FILLER_RE.sub("", _PUNCT_RE.sub("", text))


def _without_places(text: str, hits: list[_PlaceHit]) -> str:
    """``text`` with its place names (and a 在/到/去 before or 的 after them) removed."""
    out, pos = [], 0
    for hit in hits:
        start = hit.start - 1 if hit.start > pos and text[hit.start - 1] in "在到去来" else hit.start
        out.append(text[pos:start])
        pos = hit.end + 1 if text[hit.end:hit.end + 1] == "的" else hit.end
    out.append(text[pos:])
    return "".join(out)


def _split(text: str) -> tuple[str, str]:
    """(topic, question part): 申领居住证需要什么条件？ → (申领居住证, 需要什么条件？)."""
    m = cues().question_part.search(text)
    return (text, "") if m is None else (text[: m.start()], text[m.start():])


def _place_words(hits: list[_PlaceHit]) -> str:
    regions = _dedupe(r for h in hits for r in h.regions)
    return "和".join(short_name(r) for r in regions)


def _dedupe(items: Any) -> tuple[str, ...]:
    seen: set[str] = set()
    return tuple(x for x in items if not (x in seen or seen.add(x)))


def _rewrite(text: str, hits: list[_PlaceHit], previous: str | None) -> str | None:
    """The standalone form of a follow-up ``text`` given the previous standalone question, or None."""
    if previous is None or len(text) > _FOLLOWUP_MAX_CHARS:
        return None
    lead = _LEAD_RE.match(text)
    cut = lead.end() if lead else 0
    body = text[cut:]
    body_hits = [_PlaceHit(h.start - cut, h.end - cut, h.alias, h.regions, h.known) for h in hits if h.start >= cut]
    rest = _without_places(body, body_hits)
    question_part = cues().question_part
    topic = _strip(question_part.sub("", rest))
    # 那上海呢: a closing 呢 only hands the previous question on; it asks nothing new.
    has_question = question_part.search(_PUNCT_RE.sub("", rest).removesuffix("呢")) is not None
    ends_ne = _PUNCT_RE.sub("", text).endswith("呢")
    if body_hits and topic and has_question:
        return None  # place, topic and question are all there: a standalone question
    if not (lead or ends_ne or not topic):
        return None
    prev_hits = _find_places(previous)
    prev_core, prev_tail = _split(_without_places(previous, prev_hits))
    prev_core = prev_core.strip("，, 的")
    place = _place_words(body_hits) or _place_words(prev_hits)
    if not topic:  # 那上海呢 / 北京的呢 / 那需要多久呢: keep the previous topic
        question = _question(rest) if has_question else prev_tail
        return f"{place}{prev_core}{question}"
    if _PERSONAL_RE.search(topic) and not has_question:
        # 那如果我在深圳工作了两年呢: keep the person's facts next to the previous question.
        fact = _PUNCT_RE.sub("", re.sub(r"^那么?", "", text)).removesuffix("呢")
        return f"{fact}，{place}{prev_core}{prev_tail}"
    if has_question:  # 那积分落户需要什么条件: the new question, at the previous place
        return f"{place}{_question(rest)}"
    return f"{place}{_PUNCT_RE.sub('', rest).removesuffix('呢')}{prev_tail}"  # 那孩子上学呢


def _question(rest: str) -> str:
    """需要多久呢 → 需要多久？ (trailing 呢/的 dropped, one question mark)."""
    core = _PUNCT_RE.sub("", rest).strip("的").removesuffix("呢")
    return core if core.endswith(("吗", "？")) else core + "？"


def _resolve_history(history: History) -> str | None:
    """The standalone form of the last question in ``history`` (earlier follow-ups resolved too)."""
    previous: str | None = None
    for turn in (history or [])[-_HISTORY_TURNS:]:
        question = turn[0] if isinstance(turn, (tuple, list)) and turn else str(turn)
        text, _ = _clean(question or "")
        if not _HAS_CJK.search(text):
            continue
        previous = _rewrite(text, _find_places(text), previous) or text
    return previous


# --- entry point --------------------------------------------------------------------------------

_PROBLEM_EMPTY = "问题是空的：请输入您想了解的居住证或户籍政策问题。"
_PROBLEM_NO_WORDS = "没有识别到文字：请用中文描述您想了解的居住证或户籍政策问题。"
_PROBLEM_FOREIGN = "本系统依据中文政策文件作答，建议用中文提问；已尽量按英文关键词检索。"
_PROBLEM_SCRIPT = "本系统依据中文政策文件作答，请用中文提问。"
_PROBLEM_TRUNCATED = f"问题过长，只按前{MAX_CHARS}个字处理。"


def _places_with_provinces(hits: list[_PlaceHit]) -> tuple[str, ...]:
    """Known places in order of mention; a city without documents brings its province if that has some
    (兰州 → 甘肃省, 苏州 → 江苏省), so the province's rules answer for it."""
    places = []
    for hit in hits:
        for region in hit.regions:
            province = province_of(region)
            places.append(region if hit.known else province if province in KNOWN_REGIONS else None)
    return _dedupe(p for p in places if p)


def understand(question: str, history: History = None, mend: Callable[[str], str] | None = None) -> Query:
    """Turn a raw question (and the conversation so far) into a :class:`Query`.

    Args:
        question: what the user typed, in any width or script; None is treated as "".
        history: earlier turns as ``(question, answer_text)``, oldest first.
        mend: mends misspelt words against the indexed documents (``qa.text.spelling.Speller.mend``).

    Returns:
        The Query. Never raises for odd input; ``problem`` explains empty or non-Chinese input.
    """
    original = question if isinstance(question, str) else ("" if question is None else str(question))
    text, truncated = _clean(original)
    if mend is not None:
        text = mend(text)
    problem = _PROBLEM_TRUNCATED if truncated else None
    if not text:
        return Query(original, "", "", problem=_PROBLEM_NO_WORDS if original.strip() else _PROBLEM_EMPTY)
    if not _HAS_CJK.search(text):
        if re.search(r"[A-Za-z]{2}", text):
            problem = _PROBLEM_FOREIGN  # still searched: English keywords map to Chinese terms
        elif re.search(r"[^\W\d_]", text):  # Korean, Arabic …: nothing in the corpus can match
            return Query(original, "", "", truncated=truncated, problem=_PROBLEM_SCRIPT)
        else:  # digits, punctuation, symbols only
            return Query(original, "", "", truncated=truncated, problem=_PROBLEM_NO_WORDS)

    hits = _find_places(text)
    is_followup = False
    if history and _HAS_CJK.search(text):
        rewritten = _rewrite(text, hits, _resolve_history(history))
        if rewritten is not None:
            text, is_followup = rewritten, True
            hits = _find_places(text)

    expansions = _expansions(text, hits)
    normalized = normalize_numbers(text)
    search_text = f"{normalized} {' '.join(expansions)}".strip()
    return Query(
        original=original,
        text=text,
        search_text=search_text,
        places=_places_with_provinces(hits),
        place_aliases=_dedupe(h.alias for h in hits if h.known),
        unknown_places=_dedupe(r for h in hits if not h.known for r in h.regions),
        version_year=_version_year(normalized),
        is_followup=is_followup,
        truncated=truncated,
        problem=problem,
        expansions=expansions,
        across_places=cues().cues["across_places"].search(text) is not None,
        earlier_version=cues().cues["earlier_version"].search(text) is not None,
    )
