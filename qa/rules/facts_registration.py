"""Read household-registration questions: which matter is asked and the facts that decide it.

``find_target`` names the matter (出生登记, 迁入登记, 改名, 迁入亲属家, 分户, 学校集体户,
合法固定住所) only where a rule of the place asked about (or of its parents) models it, so a
question elsewhere keeps its old route. ``read_facts`` reads the ways people say the facts:
孩子生下来一个半月 (months since birth), 到今天第五天 / 人到村里是第八天 (days since arrival),
自己去申请 (in person), 迁到岳父家 / 舅舅家 (lineal relative or not), 独门独户的两室一厅 (a
self-contained flat), 继承来的房子…产权证已经过户 (a home with a title deed). It also names the
family of someone brought in (企业把我当专业技术人员引进…老婆能跟着迁吗: 南京 准入 第五条) as
family_settle, where a rule models that.

Matters narrower than another (who reports a birth, a surname at birth, a birth date) are read
only where a rule of the place models them; elsewhere the question keeps its broader matter.

The text is the normalized question of ``qa.rules.facts`` (Arabic digits, simplified script).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from qa.errors import QAError
from qa.rules.engine import targets as modelled_targets

_STOP = r"[^，,。；;？?！!]"

_CLOSE_KIN = "老婆|妻子|爱人|配偶|老公|丈夫|孩子|儿子|女儿|子女"
_RECORD_ITEMS = r"(出生日期|生日|民族|籍贯|文化程度|学历|婚姻状况|职业|服务处所|出生地|身高|兵役)"
_BIRTH_WORDS = r"(出生登记|报出生|上户口|报户口|落户口)"
_MOVE_IN_WORDS = r"(报迁入|申报迁入|迁入登记|报户口|报入户口|入户登记|上户口)"
_PARENTS = "父母|爸妈|爸爸|妈妈|父亲|母亲|岳父|岳母|公公|婆婆"
_TARGET_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 引进人员的配偶、子女随迁 (南京 准入 第四条、第五条): asked wherever the 引进 route is said.
    ("family_settle", re.compile(rf"引进.*(({_CLOSE_KIN}|{_PARENTS})[^。？?]{{0,12}}(跟着|随|一起|一块)"
                                 rf"{_STOP}{{0,10}}(迁|落户|入户)|随迁)")),
    ("fixed_residence", re.compile(rf"算{_STOP}{{0,6}}合法固定住所|合法固定住所{_STOP}{{0,4}}(吗|么)")),
    # 孩子跟我姓 / 随母姓 at a birth: the surname a child is registered with (南京 细则 第四十四条).
    ("surname_choice", re.compile(rf"(随|跟){_STOP}{{0,4}}姓(?!名)")),
    # 捡到的弃婴 / 邻居能替…报出生登记吗: who reports a birth (户口登记条例 第七条).
    ("birth_reporter", re.compile(rf"(弃婴|遗弃|捡(到|来|的)|收养|育婴|福利院|邻居|谁){_STOP}{{0,30}}"
                                  rf"{_BIRTH_WORDS}|{_BIRTH_WORDS}{_STOP}{{0,12}}(弃婴|收养人|育婴|邻居)")),
    # 出国留学 / 被判刑，上海户口会被注销吗 (上海 第十二条、第十三条).
    ("hukou_kept", re.compile(rf"(出国|出境|留学|判刑|判了|逮捕|坐牢|服刑|劳教|移民|定居)[^？?]*"
                              rf"(户口{_STOP}{{0,6}}(注销|销掉|取消|没了|保留|保得住|还在)|(注销|销){_STOP}{{0,2}}户口)")),
    # 邻居去世了，我能替他申报死亡登记吗 (第八条).
    ("death_reporter", re.compile(r"(申报|报|办)(理)?死亡登记|(注销|销)户口|销户")),
    # 出生日期登记错了能改吗 (上海 第二十九条, 南京 第一百零八条).
    ("birth_date_change", re.compile(rf"(更正|变更|改|修改){_STOP}{{0,8}}(出生日期|生日|出生年月)|年龄改(小|大)|"
                                     rf"(出生日期|生日|出生年月){_STOP}{{0,8}}(更正|变更|改|不一致|写错|登记错)")),
    # 上海 第三十七条、第三十九条、第四十一条.
    ("public_household", re.compile(r"公共户")),
    ("household_merge", re.compile(r"并户|合户|户口(合|并)(到|在)一起|并到一个户口本")),
    ("work_collective_hukou", re.compile(rf"(单位|公司|厂)的?{_STOP}{{0,6}}集体户")),
    # 上海 第二十五条、第二十七条、第二十八条; 南京 第一百零一条、第一百十条、第一百十一条.
    ("ethnicity_change", re.compile(rf"(改|变更|换|更改|更正){_STOP}{{0,8}}民族|民族{_STOP}{{0,6}}(改|变更|换|更改)|"
                                    rf"(改|换|变更)(成|为){_STOP}{{0,6}}[\u4e00-\u9fff]族")),
    ("householder_change", re.compile(rf"(变更|更换|改|换)(成)?{_STOP}{{0,4}}户主|"
                                      rf"户主{_STOP}{{0,8}}(变更|换成|改成|改为|换人)")),
    ("sex_change", re.compile(rf"(变更|更改|改){_STOP}{{0,6}}性别|变性")),
    # 户口本上的文化程度、婚姻状况要改 (第十七条、第十九条).
    ("record_change", re.compile(rf"(更正|变更|改|修改|登记错){_STOP}{{0,8}}{_RECORD_ITEMS}|"
                                 rf"{_RECORD_ITEMS}{_STOP}{{0,8}}(更正|变更|改|登记错|不一致|写错)|(结婚|离婚|收养){_STOP}{{0,12}}变更登记")),
    # 没有迁移证，凭武装部的证明能报迁入吗 (第十三条第二款).
    ("move_in_papers", re.compile(rf"((没有|没|无|丢了?|有|拿着|凭|持)(户口)?迁移证|迁移证{_STOP}{{0,2}}(没有|丢了))"
                                  rf"(?=.*?{_MOVE_IN_WORDS})|(退伍|复员|转业|刑满释放|释放证|华侨|留学)"
                                  rf".*?{_MOVE_IN_WORDS}")),
    # 判了缓刑…能办迁出吗 / 农村迁往城市 (第十条第二款、第十四条).
    ("move_out", re.compile(rf"(缓刑|假释|管制|剥夺政治权利)[^。？?]*迁|迁(往|到|去){_STOP}{{0,8}}(边防|边境)|"
                            rf"迁(出|走){_STOP}{{0,12}}(录用|录取|准迁|准予迁入)")),
    # 在外地住了四个多月没申请延长，合规吗 (第十六条).
    ("stay_away", re.compile(rf"(外出|在外地|离开(常住地|户口所在地|老家)|暂住){_STOP}*[^。？?]*"
                             rf"(申请延长|延长时间|合规|违规|违法|回(常住地|户口所在地))")),
    # 上海 农业户口买了房…迁到新房子 (第十八条): said by someone whose own hukou is local.
    ("home_move_in", re.compile(rf"(买|购|继承|分配|交换){_STOP}{{0,12}}(房|住宅)[^？?]*迁|"
                                rf"迁(到|进|入){_STOP}{{0,4}}(新房|买的房|新买的|自己的房)")),
    # 符合落户条件…可以不迁吗 / 必须把户口迁过来吗 (居住证暂行条例 第十五条).
    ("settle_by_choice", re.compile(rf"(可以|能|能不能|能否)不(迁|落户|转户口|把户口)|(必须|一定要|非得|强制|非要)"
                                    rf"{_STOP}{{0,4}}(迁|落户)")),
    # 落户城里后老家的地要交回吗 (国发〔2014〕25号 （十二）).
    ("keep_land_rights", re.compile(rf"(落户|迁户|户口迁|把户口).*(承包地|宅基地|土地|老家的地|家里的地|田地|耕地)"
                                    rf"{_STOP}{{0,10}}(保留|收回|交回|退出|放弃|还能|还是我|还归|要不要|会不会)")),
    ("student_collective_hukou", re.compile(rf"(学校|院校|大学){_STOP}{{0,4}}集体户")),
    ("household_split", re.compile(r"分户|单独立{1,2}户|单立{1,2}户|户口分开")),
    ("name_change", re.compile(r"改(过|个)?名|更名|变更姓名|改姓|换(个)?名字")),
    ("birth_registration", re.compile(rf"出生登记|报出生|(出生|生下来|生了){_STOP}{{0,20}}(报|上)户口")),
    ("move_in_registration", re.compile(r"迁入登记|报入户口|申报迁入|报户口" + rf"{_STOP}{{0,6}}(期限|来得及)")),
    ("relative_move_in", re.compile(rf"迁(到|进|入){_STOP}{{0,10}}(家|名下|那里|那儿|户口本上)")),
)
# A move into a relative's home asked by someone whose own hukou is local already.
_OWN_LOCAL_HUKOU = re.compile(rf"(我|本人)(是|的户口是|户口是|户口在){_STOP}{{0,6}}户口|(我|本人)(是|的户口是|户口是)"
                              rf"{_STOP}{{0,6}}(非农|城镇|家庭)")


def find_target(text: str, find_place: Callable[[str], str | None]) -> str | None:
    """The registration matter a question asks about, when a rule for the place it names models it.

    ``find_place`` reads the place from the text (called only when a matter is named).
    """
    for target, pattern in _TARGET_PATTERNS:
        if not pattern.search(text):
            continue
        if target in ("relative_move_in", "home_move_in") and not (_OWN_LOCAL_HUKOU.search(text) and "户口" in text):
            continue
        if target in _NARROWER and not _modelled(target, find_place(text)):
            continue  # a matter modelled elsewhere only: the broader matter the words also name
        if target == "stay_away" and re.search(r"居住证|暂住证|签注", text):
            continue
        if target == "work_collective_hukou" and not _OWN_LOCAL_HUKOU.search(text):
            continue  # 单位有集体户，能落户吗 from someone settling from elsewhere: the settling asked
        if target == "record_change" and not re.search(r"户口|登记", text):
            continue
        if target == "death_reporter" and (re.search(r"晚|期限|来得及|按时|超过|逾期|多久|几天", text)
                                           or not re.search(r"去世|死亡|过世|病逝|走了|死了|身故", text)):
            continue  # 去世两个月还没销户，晚了吗: the time limit, not who reports
        if target == "settle_by_choice" and not _ASKS_NOT_MOVING.search(_last_clause(text)):
            continue  # 不想迁户口，能办居住证吗: the permit is asked, not the choice
        return target if _modelled(target, find_place(text)) else None
    return None


_ASKS_NOT_MOVING = re.compile(r"不(迁|落户|转|把户口)|必须|一定要|非得|强制|非要")


def _last_clause(text: str) -> str:
    return re.search(r"[^，,。；;！!]*$", text.rstrip("？?。.！! ")).group(0)  # type: ignore[union-attr]


# Matters within a broader one (改名字 at a birth, who reports a birth): where no rule of the place
# models them, the question is read as the broader matter.
_NARROWER = frozenset({"surname_choice", "birth_reporter", "death_reporter", "record_change", "move_in_papers",
                       "move_out", "stay_away", "home_move_in", "settle_by_choice", "keep_land_rights",
                       "birth_date_change", "public_household", "household_merge", "work_collective_hukou",
                       "ethnicity_change", "householder_change", "sex_change", "hukou_kept"})


def modelled(target: str, place: str | None) -> bool:
    """Whether a rule of ``place`` (or of its parents; 全国 when None) models ``target``."""
    return _modelled(target, place)


def _modelled(target: str, place: str | None) -> bool:
    try:
        return target in modelled_targets(place or "全国")
    except QAError:
        return False


# ---------------------------------------------------------------- facts

_BIRTH_AGE = re.compile(rf"(出生|生下来|生了|生的|出世){_STOP}{{0,4}}?(已经|都|快|才|刚|刚刚)?"
                        r"(\d+(?:\.\d+)?)(个月|年|天|周|个星期|个礼拜)")
_DAY_COUNT = re.compile(r"第(\d+)天")
_DAYS_SINCE = re.compile(rf"(到|来|搬|住进|落|迁){_STOP}{{0,12}}?(\d+)天")
_COUNTRYSIDE = re.compile(r"农村|村里|村子|乡下|乡里|村委")
_TOWN = re.compile(r"市区|城市|城里|城区|县城|市里|小区")
_IN_PERSON = re.compile(rf"(自己|本人|我自己){_STOP}{{0,8}}(申请|去办|去派出所|办理)")
_BY_PARENT = re.compile(rf"(爸妈|父母|爸爸|妈妈|父亲|母亲){_STOP}{{0,4}}(替|帮|给|为)(我|孩子|他|她)"
                        rf"{_STOP}{{0,6}}(改|申请|办)|(给|替|帮)(孩子|儿子|女儿|娃|他|她){_STOP}{{0,6}}(改名|改姓|申请)")
_CHILD_AGE = re.compile(rf"(孩子|儿子|女儿|娃){_STOP}{{0,4}}?(\d{{1,2}})(岁|周岁)")
_PARENT_HUKOU = re.compile(rf"(爸|妈|父亲|母亲|我|我们|老公|老婆|丈夫|妻子){_STOP}{{0,4}}(是|有){_STOP}{{0,6}}户口")
_PARENT_NO_HUKOU = re.compile(rf"(都)?(不是|没有){_STOP}{{0,6}}户口")
_AGRICULTURAL = re.compile(r"(?<!非)农业户口|农村户口")
_LINEAL = ("父母|爸妈|爸爸|妈妈|我爸|我妈|父亲|母亲|儿子|女儿|子女|老公|老婆|丈夫|妻子|爱人|配偶|爷爷|奶奶|外公|外婆|"
           "姥姥|姥爷|祖父|祖母|外祖|孙子|孙女|外孙|公公|婆婆|岳父|岳母|丈人|丈母娘")
_COLLATERAL = ("舅舅|舅妈|姑姑|姑父|姨妈|阿姨|姨父|小姨|叔叔|婶婶|伯伯|伯父|哥哥|姐姐|弟弟|妹妹|表哥|表姐|表弟|表妹|"
               "堂哥|堂姐|亲戚|朋友")
_MOVE_TO = re.compile(rf"迁(到|进|入){_STOP}{{0,6}}?({_LINEAL}|{_COLLATERAL})")
# 外婆在上海有自己的房子…迁到她那里: the relative named as the home's holder.
_HOLDER = re.compile(rf"({_LINEAL}|{_COLLATERAL}){_STOP}{{0,10}}(房|产权|名下|同意|答应)")
_HOLDS_HOME = re.compile(r"产权人|产权房|产权是|产权归|名下|房主|承租人|户主|(自己|自家)的房子")
_CONSENT = re.compile(r"同意|答应|愿意")
_NO_CONSENT = re.compile(r"不同意|不答应|不愿意|没同意|没答应")
_SPECIAL_REASON = re.compile(r"离婚|动迁|拆迁|房子卖了|房屋出售|卖掉")
_SELF_CONTAINED = re.compile(r"独门独户|独立成套|成套(住宅|房|的)|[一二两三四1-4]室[一二两1-2]?厅")
_NOT_SELF_CONTAINED = re.compile(r"不成套|非成套|合用(厨|卫)|共用(厨|卫)|老式里弄|石库门")
_INDEPENDENT = re.compile(r"生活独立|分开(过|生活)|各过各的|另有(住处|居住条件)")
_OWN_HOUSEHOLD = re.compile(rf"(我|本人)(是|的户口是|户口是|户口在){_STOP}{{0,8}}?(家庭户|集体户)")
_ADMITTED = re.compile(rf"(考上|录取|考进|考入|被){_STOP}{{0,12}}(大学|学院|院校|大专|中专|高校)")
_NOT_FULL_TIME = re.compile(r"非全日制|函授|自考|夜大|网络教育|成人教育")
_DEED = re.compile(r"产权证|房产证|房本|不动产(权)?证|过户到我|在我名下|我名下")
_NO_DEED = re.compile(r"(没有|没|无|还没)(办)?(产权证|房产证|房本|不动产证)")
_ACQUIRED = re.compile(r"继承|遗产|留给(了)?我|买|购|赠|送给(了)?我|过户|自建|自己盖")
_PRIVATE_RENT = re.compile(r"租(的|了|住)?[^。？?]{0,12}(私人|房东|商品房|民房)|(私人|房东)[^。？?]{0,8}租")
_PUBLIC_LEASE = re.compile(r"公房|公有(住|房)|单位(分|租)给")


# Facts are read only from a question that speaks of someone: 独立成套住宅能分户吗 asks how the rule reads.
_SOMEONE = re.compile(r"我|本人|咱|俺|孩子|宝宝|儿子|女儿|自己")


def read_facts(text: str, target: str | None, facts: dict[str, Any]) -> None:
    """Add to ``facts`` what ``text`` says about the registration matter ``target`` (no-op for others)."""
    reader = _READERS.get(target or "")
    if reader is not None and _SOMEONE.search(text):
        reader(text, facts)


def _birth(text: str, facts: dict[str, Any]) -> None:
    if match := _BIRTH_AGE.search(text):
        number, unit, nearly = float(match.group(3)), match.group(4), match.group(2) == "快"
        weeks = number * 7 / 30
        months = {"个月": number, "年": number * 12, "天": number / 30}.get(unit, weeks)
        if nearly and unit in ("个月", "年"):
            months -= 1  # 快两年: a month short of two years
        facts["months_since_birth"] = round(months, 2)
    if _PARENT_NO_HUKOU.search(text):
        facts["parent_local_hukou"] = False
    elif _PARENT_HUKOU.search(text) and not re.search(r"外地|老家|农村", text):
        facts["parent_local_hukou"] = True


def _move_in(text: str, facts: dict[str, Any]) -> None:
    match = _DAY_COUNT.search(text) or _DAYS_SINCE.search(text)
    if match:
        facts["days_since_arrival"] = int(match.group(match.lastindex or 1))
    if _COUNTRYSIDE.search(text):
        facts["moved_to_countryside"] = True
    elif _TOWN.search(text):
        facts["moved_to_countryside"] = False


def _name(text: str, facts: dict[str, Any]) -> None:
    if _BY_PARENT.search(text):
        facts["applies_as_parent"] = True
        facts.setdefault("applies_in_person", False)
        if "age_years" not in facts and (age := _CHILD_AGE.search(text)):
            facts["age_years"] = int(age.group(2))  # 儿子19岁: the age of the one whose name changes
    elif _IN_PERSON.search(text):
        facts["applies_in_person"] = True


_CLOSE = ("父母|爸妈|爸爸|妈妈|我爸|我妈|父亲|母亲|儿子|女儿|子女|老公|老婆|丈夫|妻子|爱人|配偶")


def _relative_home(text: str, facts: dict[str, Any]) -> None:
    if _AGRICULTURAL.search(text):
        facts["local_urban_hukou"] = False
        facts["agricultural_hukou"] = True
    elif _OWN_LOCAL_HUKOU.search(text):
        facts["local_urban_hukou"] = True
        facts["agricultural_hukou"] = False
    if match := _MOVE_TO.search(text) or _HOLDER.search(text):
        relative = match.group(2) if match.re is _MOVE_TO else match.group(1)
        facts["relative_is_lineal"] = re.fullmatch(_LINEAL, relative) is not None
        facts["relative_is_close"] = re.fullmatch(_CLOSE, relative) is not None
    if _HOLDS_HOME.search(text):
        facts["relative_holds_home"] = True
    if _NO_CONSENT.search(text):
        facts["holder_consents"] = False
    elif _CONSENT.search(text):
        facts["holder_consents"] = True
    if _SPECIAL_REASON.search(text):
        facts["special_move_reason"] = True


def _split(text: str, facts: dict[str, Any]) -> None:
    if _NOT_SELF_CONTAINED.search(text):
        facts["home_not_self_contained"] = True
    elif _SELF_CONTAINED.search(text):
        facts["home_not_self_contained"] = False
    if _INDEPENDENT.search(text):
        facts["lives_independently"] = True


def _student(text: str, facts: dict[str, Any]) -> None:
    if match := _OWN_HOUSEHOLD.search(text):
        facts["collective_hukou_member"] = match.group(3) == "集体户"
    if _ADMITTED.search(text):
        facts["admitted_local_college"] = not _NOT_FULL_TIME.search(text)


_ENTERPRISE_TALENT = re.compile(rf"(当|作为)专业技术人员{_STOP}{{0,2}}引进|引进{_STOP}{{0,6}}专业技术人员")
_TALENT = re.compile(rf"引进的?{_STOP}{{0,6}}人才|人才引进")
_SPOUSE_OR_CHILD = re.compile(_CLOSE_KIN)
_PARENT_KIN = re.compile(_PARENTS)
_SPOUSE_KIN = re.compile(r"老婆|妻子|爱人|配偶|老公|丈夫")


def _follows_talent(text: str, facts: dict[str, Any]) -> None:
    if _ENTERPRISE_TALENT.search(text):
        facts["enterprise_talent"] = True
    elif _TALENT.search(text):
        facts.setdefault("talent_recognised", True)
    facts.setdefault("follower_spouse_or_child", bool(_SPOUSE_OR_CHILD.search(text)))
    facts.setdefault("follower_spouse", bool(_SPOUSE_KIN.search(text)))
    facts.setdefault("follower_parent", bool(_PARENT_KIN.search(text)))


def _fixed_residence(text: str, facts: dict[str, Any]) -> None:
    if _PRIVATE_RENT.search(text):
        facts["title_deed_home"] = False  # the deed is the landlord's, not the asker's
        facts["public_housing_lease"] = False
        return
    if _PUBLIC_LEASE.search(text) and "租" in text:
        facts["public_housing_lease"] = True
    if _NO_DEED.search(text):
        facts["title_deed_home"] = False
    elif _DEED.search(text) and _ACQUIRED.search(text):
        facts["title_deed_home"] = True


_FOUNDLING = re.compile(r"弃婴|遗弃|捡(到|来|的)")
_ADOPTER = re.compile(r"收养|养父|养母|育婴|福利院")
_KIN_REPORTER = re.compile(r"户主|亲属|亲戚|抚养|邻居|爷爷|奶奶|外公|外婆|姥姥|姥爷|爸|妈|父母|舅|姑|姨|叔|伯")
_NOT_KIN_REPORTER = re.compile(r"(我|我们)(是|只是)[^，,。；;？?！!]{0,4}(朋友|同事|保姆|房东|老师)")


def _birth_reporter(text: str, facts: dict[str, Any]) -> None:
    if _FOUNDLING.search(text):
        facts["born_in_family"] = False
    if _ADOPTER.search(text):
        facts["reporter_adopter"] = True
    if _NOT_KIN_REPORTER.search(text):
        facts["reporter_kin"] = False
    elif _KIN_REPORTER.search(text):
        facts["reporter_kin"] = True


_NO_CERTIFICATE = re.compile(rf"(没有|没|无|丢了?|找不到)(户口)?迁移证|迁移证{_STOP}{{0,2}}(没有|丢了|没办|找不到)")
_HAS_CERTIFICATE = re.compile(r"(有|拿着|凭|持|带着?)(户口)?迁移证")
_VETERAN = re.compile(r"退伍|复员|转业")
_MILITARY_PAPER = re.compile(r"武装部|兵役机关|军事机关|部队(给)?(开|发|出具)|团(级)?以上|团部|师部|军分区|"
                             r"退伍证|复员证|转业证|安置")
_RETURNEE = re.compile(r"华侨|留学|从国外回|回国")
_ENTRY_PAPER = re.compile(r"护照|入境证")
_RELEASED = re.compile(r"释放|刑满|出狱")
_RELEASE_PAPER = re.compile(r"释放证|释放证明|释放通知")
_NO_PAPER = re.compile(rf"(没有|没|无){_STOP}{{0,4}}(任何)?(证明|证件)")


def _move_in_papers(text: str, facts: dict[str, Any]) -> None:
    if _NO_CERTIFICATE.search(text):
        facts["has_migration_certificate"] = False
    elif _HAS_CERTIFICATE.search(text):
        facts["has_migration_certificate"] = True
    for kind, person, paper in (("veteran_certificate", _VETERAN, _MILITARY_PAPER),
                                ("returnee_passport", _RETURNEE, _ENTRY_PAPER),
                                ("release_certificate", _RELEASED, _RELEASE_PAPER)):
        if person.search(text) and paper.search(text):
            facts[kind] = True
        elif person.search(text) and _NO_PAPER.search(text):
            facts[kind] = False
        elif facts.get("has_migration_certificate") is False and not person.search(text):
            facts[kind] = False  # without a certificate and none of the people 第十三条第二款 lists


_UNDER_SENTENCE = re.compile(r"缓刑|假释|管制|剥夺政治权利")
_SENTENCE_OVER = re.compile(rf"(缓刑|假释|管制|考验期|剥夺政治权利){_STOP}{{0,6}}(期满|结束|到期|满了|已满|执行完)")
_APPROVED = re.compile(rf"(法院|公安|派出所|司法所){_STOP}{{0,8}}(批准|同意|批了)")
_NOT_APPROVED = re.compile(rf"直接|(没|没有|未|不)(经过?|去)?{_STOP}{{0,6}}(批准|审批|同意)")
_RURAL_TO_URBAN = re.compile(rf"(农村|村里|乡下|农业户口){_STOP}{{0,20}}(迁|转)(往|到|进|入)?{_STOP}{{0,8}}"
                             r"(城市|城里|市区|城区|县城|市里)")
_ADMISSION_PROOF = re.compile(r"录用证明|录取(证明|通知)|准迁证|准予迁入")


def _move_out(text: str, facts: dict[str, Any]) -> None:
    if re.search(r"边防|边境", text):
        facts["not_to_border_area"] = False
        if re.search(rf"(没|没有|未|不){_STOP}{{0,6}}(批准|同意|审批)|直接", text):
            facts["border_move_approved"] = False
        elif re.search(rf"(公安|派出所){_STOP}{{0,6}}(批准|同意|批了)", text):
            facts["border_move_approved"] = True
    if _SENTENCE_OVER.search(text):
        facts["not_under_sentence"] = True
    elif _UNDER_SENTENCE.search(text):
        facts["not_under_sentence"] = False
        if _NOT_APPROVED.search(text):
            facts["move_out_approved"] = False
        elif _APPROVED.search(text):
            facts["move_out_approved"] = True
    if _RURAL_TO_URBAN.search(text):
        facts["not_rural_to_urban"] = False
        if _ADMISSION_PROOF.search(text):
            facts["urban_admission_proof"] = not re.search(rf"(没有|没|无){_STOP}{{0,4}}(录用|录取|准迁|准予)", text)


_EXTENDED = re.compile(r"(申请|办)(了)?延长|延长(了|过)|办了迁移|迁移手续办了")
_NOT_EXTENDED = re.compile(rf"(没|没有|未|不)(去)?{_STOP}{{0,8}}(申请|办){_STOP}{{0,4}}延长|没(有)?延长")


def _stay_away(text: str, facts: dict[str, Any]) -> None:
    if "residence_months" in facts:
        facts["months_away"] = facts.pop("residence_months")  # 在亲戚家住了四个来月: the time away from home
    if _NOT_EXTENDED.search(text):
        facts["stay_extended"] = False
    elif _EXTENDED.search(text):
        facts["stay_extended"] = True


_ACQUIRED_HOME = re.compile(rf"(买|购|继承|分配|交换|分到){_STOP}{{0,8}}(房|住宅)")
_ADULT = re.compile(r"成年(?!子女以外)|已婚")
_AGE_BEFORE = re.compile(r"(\d{1,2})(岁|周岁)的?(孩子|儿子|女儿|娃)")
_OTHER_FOLLOWER = re.compile(r"父母|爸妈|我爸|我妈|岳父|岳母|公公|婆婆|兄弟|姐妹|哥哥|姐姐|弟弟|妹妹|孙")


def _home_move_in(text: str, facts: dict[str, Any]) -> None:
    if _AGRICULTURAL.search(text):
        facts["local_urban_hukou"] = False
    elif _OWN_LOCAL_HUKOU.search(text):
        facts["local_urban_hukou"] = True
    if _ACQUIRED_HOME.search(text) and not _NO_DEED.search(text):
        facts["title_deed_home"] = True
    age = _CHILD_AGE.search(text) or _AGE_BEFORE.search(text)
    if age:
        years = int(age.group(2) if age.re is _CHILD_AGE else age.group(1))
        facts["mover_owner_family"] = years < 18
    elif re.search(r"未成年", text):
        facts["mover_owner_family"] = True
    elif _ADULT.search(text) or _OTHER_FOLLOWER.search(text):
        facts["mover_owner_family"] = False
    elif not re.search(r"孩子|儿子|女儿|子女", text):
        facts["mover_owner_family"] = True  # the holder, or the spouse, moves


_NAME_REASON = re.compile(r"同名|重名|名字(一样|相同|完全相同)|一字不差|同名同姓|谐音|冷僻|生僻|歧视|"
                          r"父母离婚|离婚|再婚|收养|随(母|父)姓|跟(妈|爸|母亲|父亲)姓")
_UNDER_PENALTY = re.compile(r"服刑|缓刑|假释|剥夺政治权利|劳动教养|劳教|取保候审|监视居住|被羁押")
_RENAMED_YEARS = re.compile(rf"(\d+(?:\.\d+)?)年(前|之前){_STOP}{{0,6}}(改|换|变更)过?(了)?(名|姓)")
_RENAMED_RECENTLY = re.compile(rf"(去年|前年|今年|上个月|刚){_STOP}{{0,6}}(改|换|变更)过?(了)?(名|姓)")


def _name_grounds(text: str, facts: dict[str, Any]) -> None:
    if _NAME_REASON.search(text):
        facts["name_change_reason"] = True
    if _UNDER_PENALTY.search(text) and not _SENTENCE_OVER.search(text):
        facts["not_under_penalty"] = False
    if match := _RENAMED_YEARS.search(text):
        facts["years_since_name_change"] = float(match.group(1))
    elif match := _RENAMED_RECENTLY.search(text):
        facts["years_since_name_change"] = {"去年": 1, "前年": 2}.get(match.group(1), 0)


_PARENT_SURNAME = re.compile(r"(随|跟)(父亲|母亲|爸爸|妈妈|爸|妈|我|孩子他爸|孩子她妈|孩子爸|孩子妈|老公|老婆|"
                             r"丈夫|妻子|父|母|他爸|她妈|他妈|她爸)的?姓")
_OTHER_SURNAME = re.compile(r"(随|跟)(外公|外婆|姥爷|姥姥|爷爷|奶奶|舅舅|继父|继母|养父|养母|干爹|别人)的?姓")


def _surname(text: str, facts: dict[str, Any]) -> None:
    if _PARENT_SURNAME.search(text):
        facts["surname_of_parent"] = True
    elif _OTHER_SURNAME.search(text):
        facts["surname_of_parent"] = False


def _name_change(text: str, facts: dict[str, Any]) -> None:
    _name(text, facts)
    _name_grounds(text, facts)


_ENTRY_AGE = re.compile(r"(\d{1,2})(岁|周岁)(那年|时|的时候|那会儿?)?[^，,。；;]{0,3}(来|到|进)(?!\d)"
                        r"|(来|到|进)[^，,。；;]{0,6}(的时候|时)(才|只有|是)?(\d{1,2})(岁|周岁)")
_COLLECTIVE_AT_WORK = re.compile(rf"(单位|公司|厂|企业){_STOP}{{0,10}}(设有|设立|设了|有)(了)?{_STOP}{{0,4}}集体户")
_NO_COLLECTIVE = re.compile(rf"(没有|没设|不设|未设|没)(立)?{_STOP}{{0,4}}集体户")


def _hukou_extras(text: str, facts: dict[str, Any]) -> None:
    """Facts of settling that the registration documents' neighbours set (深圳 2005 第十一条, 福建 集体户)."""
    if match := _ENTRY_AGE.search(text):
        facts.setdefault("age_at_entry_years", int(match.group(1) or match.group(8)))
    if _NO_COLLECTIVE.search(text):
        facts.setdefault("employer_collective_hukou", False)
    elif _COLLECTIVE_AT_WORK.search(text):
        facts.setdefault("employer_collective_hukou", True)


def _settle_choice(text: str, facts: dict[str, Any]) -> None:
    if re.search(rf"(没有|没办|还没|未办|无){_STOP}{{0,4}}居住证", text):
        facts.setdefault("holds_permit", False)
    elif re.search(rf"(有|拿着|办了|持有)(了)?{_STOP}{{0,4}}居住证", text):
        facts.setdefault("holds_permit", True)


def _land(text: str, facts: dict[str, Any]) -> None:
    facts.setdefault("rural_land_holder", True)  # the land asked about is the asker's


_HOUSEHOLDER = re.compile(rf"(我|本人)(是|就是|作为){_STOP}{{0,4}}户主")
_NOT_HOUSEHOLDER = re.compile(rf"(我|本人)(不是|并不是){_STOP}{{0,4}}户主")
_OWN_RECORD = re.compile(rf"(我|本人)(自己)?的{_STOP}{{0,8}}({_RECORD_ITEMS}|户口)"
                         r"|(我|本人)(自己)?(去|来)?(申报|申请|办)")
_THIRD = "朋友|同事|邻居|亲戚|舅舅|姑姑|叔叔|表|堂|哥哥|姐姐|弟弟|妹妹|室友|老乡"
_FOR_ANOTHER = re.compile(rf"(替|帮|给)(我)?({_THIRD})|({_THIRD}).*(替|帮)(他|她)")


def _record_change(text: str, facts: dict[str, Any]) -> None:
    if _NOT_HOUSEHOLDER.search(text):
        facts["reporter_householder"] = False
    elif _HOUSEHOLDER.search(text):
        facts["reporter_householder"] = True
    if _FOR_ANOTHER.search(text):
        facts["applies_in_person"] = False
    elif _OWN_RECORD.search(text):
        facts["applies_in_person"] = True
    _name(text, facts)  # 给孩子改出生日期: a parent for a minor (上海 第二十四条)


_DATE_MISMATCH = re.compile(rf"(登记错|写错|弄错|搞错|错了|不一致|不一样|对不上|不对|差了){_STOP}{{0,6}}|"
                            r"(实际|真实)(的)?(出生日期|生日|年龄)")
_DATE_WISH = re.compile(r"改(小|大|年轻)|(想|为了)[^，,。；;？?！!]{0,8}(退休|考公|当兵|参军|入学|上学)")
_CADRE = re.compile(r"公务员|干部|参公|事业编")
_CORRECTED = re.compile(rf"(已经|以前|之前|曾经)(更正|改|变更)过{_STOP}{{0,4}}(出生日期|生日|年龄)")


def _birth_date(text: str, facts: dict[str, Any]) -> None:
    if _DATE_WISH.search(text) and not re.search(r"登记错|写错|弄错|搞错|不一致", text):
        facts["birth_date_mismatch"] = False  # 想把年龄改小: a wish, not a record that differs
    elif _DATE_MISMATCH.search(text):
        facts["birth_date_mismatch"] = True
    if _CADRE.search(text):
        facts["not_cadre"] = False
    if _CORRECTED.search(text):
        facts["not_corrected_before"] = False
    _name_grounds(text, facts)
    facts.pop("name_change_reason", None)


_NO_HOME = re.compile(r"(没有|没|无)(自己的|别的|其他)?(房|住房|住所|地方落|地方迁|处落户|处可落)|无处|没地方|确无他处")
_HAS_HOME = re.compile(rf"(自己|我|本人){_STOP}{{0,8}}(有|买了)(自己的|一套|套)?(房|住房)")
_EMPLOYER_NO = re.compile(r"(单位|公司|厂|领导)(不同意|不让|不答应|没同意)")
_EMPLOYER_YES = re.compile(r"(单位|公司|厂|领导)(也)?(同意|答应|愿意)")
_LOST_HOME = re.compile(rf"(房子?|住房){_STOP}{{0,4}}(卖|出售)|拆迁|动迁|离婚|婚姻(关系)?变化|退租|"
                        rf"租(的|房){_STOP}{{0,6}}到期")
_BLOCKED = re.compile(r"家庭矛盾|家里(闹|不和|矛盾)|(家里|家人|父母|集体户|单位)(不同意|不让)(我)?(迁|落|把户口)")


def _collective(text: str, facts: dict[str, Any]) -> None:
    if _HAS_HOME.search(text) and not _NO_HOME.search(text):
        facts["no_other_home"] = False
    elif _NO_HOME.search(text):
        facts["no_other_home"] = True
    if _EMPLOYER_NO.search(text):
        facts["employer_consents"] = False
    elif _EMPLOYER_YES.search(text):
        facts["employer_consents"] = True
    if _LOST_HOME.search(text):
        facts["lost_home_reason"] = True
    if _BLOCKED.search(text):
        facts["settling_blocked"] = True


def _merge(text: str, facts: dict[str, Any]) -> None:
    if re.search(rf"(不同意|不答应|反对|没同意){_STOP}{{0,4}}", text):
        facts["household_members_consent"] = False
    elif re.search(r"(都|全)(同意|答应|没意见)|一致同意", text):
        facts["household_members_consent"] = True


_OTHER_PARENT_ETHNICITY = re.compile(rf"(爸|妈|父亲|母亲){_STOP}{{0,6}}族|(随|跟|改成|改为|换成)(我)?(妈|爸|父亲|母亲)")
_OTHER_KIN_ETHNICITY = re.compile(r"(外婆|外公|奶奶|爷爷|姥姥|姥爷|老公|老婆|丈夫|妻子|配偶|养父|养母|继父|继母)"
                                  r"[^，,。；;？?！!]{0,6}族")


def _ethnicity(text: str, facts: dict[str, Any]) -> None:
    if _OTHER_PARENT_ETHNICITY.search(text):
        facts["ethnicity_of_other_parent"] = True
    elif _OTHER_KIN_ETHNICITY.search(text):
        facts["ethnicity_of_other_parent"] = False


_HOUSEHOLDER_GONE = re.compile(r"户主[^。？?]{0,14}(去世|过世|死|走了|失踪|迁走|迁出|移民|出国定居|加入外国|不在了)"
                               rf"|户主{_STOP}{{0,4}}(同意|要求|答应)|(都|一致)同意")


def _householder(text: str, facts: dict[str, Any]) -> None:
    if _HOUSEHOLDER_GONE.search(text):
        facts["householder_change_reason"] = True


def _sex(text: str, facts: dict[str, Any]) -> None:
    if re.search(r"(没|没有|还没|未)(做|动)?(变性)?手术", text):
        facts["gender_reassigned"] = False
    elif re.search(r"(做|动|实施)(了|过|完)?(变性|性别重置|性别确认)?手术|已经变性|医学变性", text):
        facts["gender_reassigned"] = True


def _kept(text: str, facts: dict[str, Any]) -> None:
    if re.search(rf"(国外|境外|海外|外国){_STOP}{{0,4}}定居|移民|入籍|加入外国国籍|拿了?(外国|国外|那边)的?(国籍|护照)",
                 text):
        facts["not_settled_abroad"] = False
    elif re.search(r"留学|出国|出境|判刑|判了|逮捕|坐牢|服刑|劳教|工作", text):
        facts["not_settled_abroad"] = True


_READERS = {
    "birth_registration": _birth,
    "move_in_registration": _move_in,
    "name_change": _name_change,
    "relative_move_in": _relative_home,
    "household_split": _split,
    "student_collective_hukou": _student,
    "fixed_residence": _fixed_residence,
    "family_settle": _follows_talent,
    "birth_reporter": _birth_reporter,
    "move_in_papers": _move_in_papers,
    "move_out": _move_out,
    "stay_away": _stay_away,
    "home_move_in": _home_move_in,
    "surname_choice": _surname,
    "hukou": _hukou_extras,
    "death_reporter": _birth_reporter,
    "record_change": _record_change,
    "birth_date_change": _birth_date,
    "work_collective_hukou": _collective,
    "public_household": _collective,
    "household_merge": _merge,
    "ethnicity_change": _ethnicity,
    "householder_change": _householder,
    "sex_change": _sex,
    "hukou_kept": _kept,
    "settle_by_choice": _settle_choice,
    "keep_land_rights": _land,
}
# The facts that decide each matter: told together with the matter, they make the question a case
# even when it is phrased as "还算…吗" (还算在期限里吗, 算合法固定住所吗).
DECIDING_FACTS: dict[str, set[str]] = {
    "birth_registration": {"months_since_birth", "parent_local_hukou"},
    "move_in_registration": {"days_since_arrival"},
    "name_change": {"applies_in_person", "applies_as_parent", "name_change_reason", "not_under_penalty",
                    "years_since_name_change"},
    "relative_move_in": {"relative_is_lineal", "relative_is_close"},
    "household_split": {"home_not_self_contained", "lives_independently"},
    "student_collective_hukou": {"collective_hukou_member"},
    "fixed_residence": {"title_deed_home", "public_housing_lease"},
    "birth_reporter": {"born_in_family", "reporter_kin", "reporter_adopter"},
    "move_in_papers": {"has_migration_certificate", "veteran_certificate", "returnee_passport",
                       "release_certificate"},
    "move_out": {"not_under_sentence", "not_rural_to_urban"},
    "stay_away": {"stay_extended", "months_away"},
    "home_move_in": {"mover_owner_family", "local_urban_hukou"},
    "surname_choice": {"surname_of_parent"},
    "death_reporter": {"reporter_kin"},
    "record_change": {"applies_in_person", "reporter_householder", "applies_as_parent"},
    "birth_date_change": {"birth_date_mismatch", "not_cadre", "not_corrected_before", "not_under_penalty"},
    "work_collective_hukou": {"no_other_home", "employer_consents"},
    "public_household": {"lost_home_reason", "no_other_home", "settling_blocked"},
    "household_merge": {"household_members_consent"},
    "ethnicity_change": {"ethnicity_of_other_parent"},
    "householder_change": {"householder_change_reason"},
    "sex_change": {"gender_reassigned"},
    "hukou_kept": {"not_settled_abroad"},
    "settle_by_choice": {"holds_permit"},
    "keep_land_rights": {"rural_land_holder"},
}
