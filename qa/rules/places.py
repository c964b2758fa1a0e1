"""Place names: canonical forms (深圳 → 深圳市) and the province a city belongs to.

The rule files name the jurisdictions that have rules; this module knows enough other places
to recognise them in a question and to fall back sensibly (苏州 → 江苏省 → 全国).
"""

from __future__ import annotations

from functools import lru_cache

from opencc import OpenCC

# Municipalities and cities people commonly ask about (canonical name with 市).
CITIES: tuple[str, ...] = (
    "北京", "上海", "天津", "重庆", "深圳", "广州", "东莞", "佛山", "珠海", "成都", "乐山", "绵阳",
    "郑州", "洛阳", "南京", "苏州", "无锡", "常州", "南通", "徐州", "扬州", "镇江", "泰州", "盐城",
    "淮安", "连云港", "宿迁", "杭州", "宁波", "温州", "武汉", "西安", "长沙", "合肥", "济南", "青岛",
    "大连", "沈阳", "哈尔滨", "长春", "昆明", "贵阳", "南宁", "海口", "三亚", "石家庄", "太原",
    "呼和浩特", "兰州", "西宁", "银川", "乌鲁木齐", "拉萨", "南昌", "福州", "厦门", "泉州", "廊坊",
    "莆田", "漳州", "龙岩", "天水", "嘉峪关", "酒泉", "唐山", "邯郸", "秦皇岛", "张家口", "承德",
    "开封", "新乡", "南阳", "许昌", "安阳", "焦作", "商丘", "信阳", "周口", "驻马店",
    "九江", "赣州", "景德镇", "四平", "延吉", "儋州", "琼海", "包头", "鄂尔多斯", "赤峰", "呼伦贝尔",
    "宜宾", "南充", "德阳", "泸州", "自贡", "攀枝花", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山",
    "台州", "丽水", "义乌",
)
PROVINCES: tuple[str, ...] = (
    "江苏", "浙江", "广东", "四川", "河南", "河北", "湖北", "湖南", "山东", "山西", "陕西", "福建",
    "江西", "安徽", "辽宁", "吉林", "黑龙江", "甘肃", "青海", "云南", "贵州", "海南",
)
AUTONOMOUS_REGIONS: dict[str, str] = {
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
}
# Only provinces with a rule file need their cities listed: a city without rules of its own
# falls back to its province (兰州 → 甘肃省), then to 全国.
_CITIES_OF: dict[str, tuple[str, ...]] = {
    # 杭州 has its own file (its 2012 条例, until the provincial 条例 of 2016 took over).
    "浙江省": ("杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水",
              "义乌"),
    "江苏省": ("南京", "苏州", "无锡", "常州", "南通", "徐州", "扬州", "镇江", "泰州", "盐城", "淮安",
              "连云港", "宿迁"),
    "福建省": ("福州", "厦门", "泉州", "莆田", "漳州", "龙岩", "三明", "南平", "宁德"),
    "甘肃省": ("兰州", "天水", "白银", "嘉峪关", "酒泉", "张掖", "武威", "定西", "平凉", "庆阳", "陇南",
              "金昌"),
    "河北省": ("石家庄", "廊坊", "唐山", "保定", "邯郸", "邢台", "沧州", "衡水", "承德", "张家口",
              "秦皇岛"),
    "江西省": ("南昌", "九江", "赣州", "景德镇", "萍乡", "上饶", "宜春", "吉安", "抚州", "鹰潭", "新余"),
    "吉林省": ("长春", "四平", "辽源", "通化", "白山", "松原", "白城", "延吉"),
    "海南省": ("海口", "三亚", "儋州", "琼海", "文昌", "万宁"),
    "内蒙古自治区": ("呼和浩特", "包头", "鄂尔多斯", "赤峰", "通辽", "呼伦贝尔", "乌海", "巴彦淖尔",
                 "乌兰察布"),
    "河南省": ("郑州", "洛阳", "开封", "新乡", "南阳", "许昌", "平顶山", "安阳", "焦作", "商丘", "信阳", "周口",
              "驻马店", "濮阳", "漯河", "三门峡", "鹤壁"),
    "辽宁省": ("沈阳", "大连", "鞍山", "抚顺", "本溪", "丹东", "锦州", "营口", "阜新", "辽阳", "盘锦", "铁岭",
              "朝阳", "葫芦岛"),
    "四川省": ("成都", "乐山", "绵阳", "宜宾", "南充", "德阳", "泸州", "自贡", "攀枝花", "达州", "遂宁",
              "内江", "眉山", "广安", "雅安"),
}
# Cities whose names are also common words (保定 in 社保定期, 广安门, 三明治) are listed here for
# check("保定市") but kept out of CITIES, which the question parser searches for. 吉林市 is left
# out: its name reads as the province, whose rules it would get anyway.
PROVINCE_OF: dict[str, str] = {
    f"{city}市": province
    for province, cities in _CITIES_OF.items() for city in cities
}
NATIONAL = "全国"
_NATIONAL_WORDS = ("全国", "国家", "全国统一", "中国", "国务院")


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (no-op on simplified text)."""
    return _t2s().convert(text)


def canonical_place(name: str | None) -> str | None:
    """深圳 / 深圳市 / 深圳經濟特區 → 深圳市; 江苏 → 江苏省; 全国 → 全国; unknown stays as given.

    Returns None for an empty name.
    """
    if name is None:
        return None
    text = to_simplified(name).strip()
    if not text:
        return None
    if text in _NATIONAL_WORDS:
        return NATIONAL
    for suffix in ("经济特区", "特别行政区"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
    for short, full in AUTONOMOUS_REGIONS.items():
        if text in (short, full):
            return full
    bare = text[:-1] if text[-1] in "市省" and len(text) > 2 else text
    if bare in CITIES:
        return f"{bare}市"
    if bare in PROVINCES:
        return f"{bare}省"
    return text
