"""The gazetteer: China's provinces, their cities, and the other names people use for them.

One table serves both readers of place names: the question parser (qa.answering.query) and the
eligibility parser (qa.rules). Names are short forms (深圳, 江苏); canonical forms add 市 / 省 or
the full name of an autonomous region (内蒙古 → 内蒙古自治区).
"""

from __future__ import annotations

NATIONAL = "全国"

# Province-level divisions (short name → canonical) other than the four municipalities.
AUTONOMOUS_REGIONS: dict[str, str] = {
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
}
SPECIAL_REGIONS: dict[str, str] = {"香港": "香港特别行政区", "澳门": "澳门特别行政区", "台湾": "台湾省"}

# Each province's cities, as written without 市. Any city listed here is recognised in a question
# and falls back to its province's rules (兰州 → 甘肃省 → 全国).
_CITIES_BY_PROVINCE = {
    "广东省": "深圳 广州 东莞 佛山 珠海 惠州 汕头 江门 湛江 肇庆 中山 韶关 梅州 汕尾 河源 阳江 清远 潮州 揭阳 云浮"
             " 茂名",
    "四川省": "成都 乐山 绵阳 宜宾 南充 德阳 泸州 自贡 攀枝花 达州 遂宁 内江 眉山 广安 雅安 广元 巴中 资阳 西昌"
             " 康定 马尔康",
    "江苏省": "南京 苏州 无锡 常州 南通 徐州 扬州 镇江 泰州 盐城 淮安 连云港 宿迁",
    "浙江省": "杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌",
    "河南省": "郑州 洛阳 开封 新乡 南阳 许昌 平顶山 安阳 焦作 商丘 信阳 周口 驻马店 濮阳 漯河 三门峡 鹤壁",
    "湖北省": "武汉 宜昌 襄阳 十堰 黄石 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施",
    "陕西省": "西安 咸阳 宝鸡 延安 铜川 渭南 汉中 榆林 安康 商洛",
    "福建省": "福州 厦门 泉州 莆田 漳州 龙岩 三明 南平 宁德",
    "甘肃省": "兰州 天水 白银 嘉峪关 酒泉 张掖 武威 定西 平凉 庆阳 陇南 金昌",
    "河北省": "石家庄 廊坊 唐山 保定 邯郸 邢台 沧州 衡水 承德 张家口 秦皇岛 雄安",
    "江西省": "南昌 九江 赣州 景德镇 萍乡 上饶 宜春 吉安 抚州 鹰潭 新余",
    "吉林省": "长春 吉林 四平 辽源 通化 白山 松原 白城 延吉",
    "海南省": "海口 三亚 儋州 琼海 文昌 万宁 五指山 东方",
    "内蒙古自治区": "呼和浩特 包头 鄂尔多斯 赤峰 通辽 呼伦贝尔 乌海 巴彦淖尔 乌兰察布",
    "辽宁省": "沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛",
    "山东省": "济南 青岛 烟台 潍坊 临沂 淄博 枣庄 东营 济宁 泰安 威海 日照 德州 聊城 滨州 菏泽",
    "湖南省": "长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 吉首",
    "安徽省": "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城",
    "山西省": "太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁",
    "黑龙江省": "哈尔滨 大庆 齐齐哈尔 鸡西 鹤岗 双鸭山 伊春 佳木斯 七台河 牡丹江 黑河 绥化",
    "云南省": "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 大理 景洪 楚雄 蒙自 个旧 文山",
    "贵州省": "贵阳 六盘水 遵义 安顺 毕节 铜仁 凯里 都匀 兴义",
    "青海省": "西宁 海东 格尔木",
    "广西壮族自治区": "南宁 桂林 柳州 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左",
    "宁夏回族自治区": "银川 石嘴山 吴忠 固原 中卫",
    "新疆维吾尔自治区": "乌鲁木齐 克拉玛依 吐鲁番 哈密 喀什 伊宁 阿克苏 库尔勒 昌吉 石河子",
    "西藏自治区": "拉萨 日喀则 昌都 林芝 山南 那曲",
}
MUNICIPALITIES: tuple[str, ...] = ("北京", "上海", "天津", "重庆")
# City names that are also everyday words or another place's name (社保定期, 开封后, 朝阳区, 白银首饰,
# 三明治, 广安门, 吉林 = the province, and those below): they name the city only when written with 市.
AMBIGUOUS_CITIES = frozenset({"保定", "开封", "吉林", "朝阳", "白银", "三明", "广安", "白山",
                              "文昌", "万宁", "南平", "宁德", "吉安", "宜春", "金昌",
                              # 大同小异, 安康, 日照, 长治久安, 国泰安, 北海公园, 来宾, 东方, 中山路, 黄山,
                              # 普洱茶, 哈密瓜, 山南海北, 德州扑克, 文山会海, 大理石, 玉林路
                              "大同", "安康", "日照", "长治", "泰安", "北海", "来宾", "东方", "中山", "黄山",
                              "普洱", "哈密", "山南", "德州", "文山", "大理", "玉林"})

# Other names people use for places: nicknames and the national level's many names.
NICKNAMES: dict[str, str] = {
    "国家": NATIONAL, "国务院": NATIONAL, "公安部": NATIONAL, "全国性": NATIONAL, "帝都": "北京市", "首都": "北京市",
    "京城": "北京市", "申城": "上海市", "魔都": "上海市", "沪上": "上海市", "鹏城": "深圳市", "羊城": "广州市",
    "花城": "广州市", "蓉城": "成都市", "金陵": "南京市", "绿城": "郑州市", "杭城": "杭州市", "内蒙": "内蒙古自治区",
}

PROVINCE_OF: dict[str, str] = {f"{city}市": province for province, cities in _CITIES_BY_PROVINCE.items()
                               for city in cities.split()}
PROVINCES: tuple[str, ...] = tuple(dict.fromkeys(
    p[:-1] for p in PROVINCE_OF.values() if p.endswith("省")))
# Cities a question parser may look for by their bare name.
CITIES: tuple[str, ...] = (*MUNICIPALITIES, *(c[:-1] for c in PROVINCE_OF if c[:-1] not in AMBIGUOUS_CITIES))


def canonical_of_short(name: str) -> str | None:
    """深圳 → 深圳市, 江苏 → 江苏省, 吉林 → 吉林省 (the province), 内蒙古 → 内蒙古自治区; None when unknown."""
    if name in PROVINCES:
        return f"{name}省"
    if name in MUNICIPALITIES or f"{name}市" in PROVINCE_OF:
        return f"{name}市"
    return AUTONOMOUS_REGIONS.get(name)


def province_of(region: str) -> str | None:
    """The province of a city (深圳市 → 广东省); None for 全国, provinces, municipalities, unknown names."""
    return PROVINCE_OF.get(region)


def short_name(region: str) -> str:
    """How a region is written in running text: 深圳市 → 深圳, 内蒙古自治区 → 内蒙古, 全国 → 全国."""
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市"):
        if region.endswith(suffix) and len(region) > len(suffix) + 1:
            return region[: -len(suffix)]
    return region
