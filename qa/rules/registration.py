"""Household-registration matters (户口登记、迁移、变更) as targets and facts of the rule checker.

They are asked by people who already hold a hukou or are registering one: a birth reported in
time, a move-in reported within the days the 户口登记条例 allows, who may apply to change a
name, moving into a relative's home, splitting a household, a student's collective hukou, and
what counts as a 合法固定住所. The 户口登记条例 also says who reports a birth (a foundling: the
adopter), a death and a change of registered items, which papers a move-in needs without a
migration certificate, whose move out needs approval first, and what someone away from home for
more than three months must do. 上海 and 南京 set the grounds for a new name, surname, birth date,
sex, ethnicity or householder, moving into a bought home, an employer's collective hukou, the
公共户 and merging households; the 居住证暂行条例 and the State Council documents leave settling
to one's own choice and keep a settler's rural land rights. ``qa.rules.model`` adds these to its TARGETS and FACTS;
``qa.rules.facts_registration`` reads them from a question.
"""

from __future__ import annotations

REGISTRATION_TARGETS: dict[str, str] = {
    "birth_registration": "申报出生登记（按期申报或逾期补报）",
    "move_in_registration": "按期申报迁入登记（城市三日、农村十日以内）",
    "name_change": "申请变更姓名登记",
    "relative_move_in": "户口迁入亲属住房（本市居民之间的迁移）",
    "household_split": "申请分户（同号分户）",
    "student_collective_hukou": "考入本市院校后户口迁入学校集体户",
    "fixed_residence": "住房算作合法固定住所（户口准入条件）",
    "birth_reporter": "由谁申报出生登记（户主、亲属、抚养人、邻居；弃婴由收养人或育婴机关）",
    "move_in_papers": "申报迁入登记所凭的证件（迁移证，或退伍、回国、释放等证件）",
    "move_out": "办理户口迁出登记（缓刑、假释等人员须经批准，农村迁往城市须有录用、录取或准迁证明）",
    "stay_away": "因私事离开常住地外出暂住（超过三个月须申请延长或办理迁移）",
    "home_move_in": "取得住房后户口迁入房屋所在地（农业户口为本人及配偶、未成年子女）",
    "surname_choice": "新生儿申报户口登记时随父姓或随母姓",
    "death_reporter": "由谁申报死亡登记（户主、亲属、抚养人或邻居）",
    "record_change": "申报户口登记内容的变更、更正（由户主或本人申报）",
    "birth_date_change": "更正、变更出生日期",
    "work_collective_hukou": "户口迁入工作单位的职工集体户",
    "public_household": "在派出所设立的公共户落户",
    "household_merge": "申请并户",
    "householder_change": "申请变更户主",
    "sex_change": "申请变更性别登记",
    "ethnicity_change": "申请变更民族登记",
    "hukou_kept": "出国出境、被逮捕判刑后户口不被注销",
    "settle_by_choice": "符合落户条件后按本人意愿决定是否迁入户口（可以不迁）",
    "keep_land_rights": "进城落户后保留农村土地承包经营权、宅基地使用权（不以退出为落户条件）",
}

# (name, label, type, unit, follow-up question), as qa.rules.model.FactSpec takes them.
REGISTRATION_FACTS: list[tuple[str, str, str, str | None, str]] = [
    ("months_since_birth", "婴儿出生以来的时间", "int", "个月", "孩子出生多久了？"),
    ("days_since_arrival", "到达迁入地以来的天数", "int", "天", "你到达迁入地几天了？"),
    ("moved_to_countryside", "迁入地是农村（乡、村）", "bool", None, "你迁入的地方是农村（乡、村）吗？"),
    ("applies_in_person", "由本人申请", "bool", None, "是你本人去申请吗？"),
    ("applies_as_parent", "由父母（或收养人）代为申请", "bool", None, "是父母（或收养人）替孩子去申请吗？"),
    ("parent_local_hukou", "婴儿的父亲或母亲有当地常住户口", "bool", None,
     "孩子的父亲或母亲有当地常住户口吗？"),
    ("local_urban_hukou", "本人是本市非农业（城镇）户口", "bool", None, "你是本市的非农业（城镇）户口吗？"),
    ("relative_is_lineal", "迁入的是直系亲属处（父母子女、夫妻、祖孙、公婆与儿媳、岳父母与女婿）", "bool", None,
     "你要迁入的是哪位亲属那里（父母、子女、配偶、祖父母、公婆或岳父母，还是其他亲戚）？"),
    ("relative_holds_home", "被迁入的亲属是房屋产权人或公房承租人", "bool", None,
     "你要迁入的那套房子，是那位亲属名下的产权房（或由他承租的公房）吗？"),
    ("holder_consents", "房屋产权人或承租人同意迁入", "bool", None, "房屋的产权人（或承租人）同意你迁入吗？"),
    ("special_move_reason", "因离婚、原住房动迁或出售等特殊原因需要迁移", "bool", None,
     "你是因为离婚、原住房动迁或出售等特殊原因才要迁户口吗？"),
    ("home_not_self_contained", "住房不是独立成套住宅", "bool", None, "你们住的是独立成套的住宅吗？"),
    ("lives_independently", "生活独立并有居住条件", "bool", None, "你是否生活独立、另有居住条件？"),
    ("collective_hukou_member", "原户口是本市集体户口（不是家庭户）", "bool", None,
     "你现在的户口是本市的集体户口，还是家庭户口？"),
    ("admitted_local_college", "被本市全日制大中专院校录取", "bool", None, "你是被本市的全日制大中专院校录取的吗？"),
    ("title_deed_home", "有房屋产权证的购买、受赠、继承或自建住房", "bool", None,
     "这套房子是你买的、受赠或继承的（或自建的），并有房屋产权证吗？"),
    ("enterprise_talent", "企业引进的专业技术人员", "bool", None, "你是被当地企业作为专业技术人员引进的吗？"),
    ("public_housing_lease", "有公有房屋租赁使用证明（如单位租给本单位员工的公房）", "bool", None,
     "你住的是有租赁使用证明的公有住房（如单位租给员工的公房）吗？"),
    ("agricultural_hukou", "本人是本市农业户口", "bool", None, "你是本市的农业户口吗？"),
    ("relative_is_close", "迁入的是配偶、父母或子女处", "bool", None, "你要迁入的是配偶、父母或子女那里吗？"),
    ("born_in_family", "婴儿不是弃婴", "bool", None, "孩子是弃婴（捡到或被遗弃的）吗？"),
    ("reporter_kin", "申报人是户主、亲属、抚养人或邻居", "bool", None,
     "去申报的人是孩子的户主、亲属、抚养人或邻居吗？"),
    ("reporter_adopter", "申报人是收养人或育婴机关", "bool", None, "去申报的人是孩子的收养人（或育婴机关）吗？"),
    ("reporter_householder", "申报人是户主", "bool", None, "去申报的人是户主吗？"),
    ("has_migration_certificate", "持有户口迁移证件", "bool", None, "你手里有户口迁移证吗？"),
    ("veteran_certificate", "复员、转业、退伍军人持兵役机关或团以上军事机关发给的证件", "bool", None,
     "你是复员、转业或退伍军人，并有县、市兵役机关（武装部）或团以上军事机关开的证件吗？"),
    ("returnee_passport", "从国外回来的华侨、留学生持护照或入境证件", "bool", None,
     "你是从国外回来的华侨或留学生，并持有中国护照或入境证件吗？"),
    ("release_certificate", "被法院、检察院或公安机关释放的人持释放证件", "bool", None,
     "你是被释放的人，并有释放机关发给的证件吗？"),
    ("not_under_sentence", "不是被假释、缓刑、管制或被剥夺政治权利的人", "bool", None,
     "你现在是否在假释、缓刑、管制期间或被剥夺政治权利？"),
    ("move_out_approved", "迁出经法院或公安机关批准", "bool", None, "你的迁移经过人民法院或公安机关批准了吗？"),
    ("not_rural_to_urban", "不是由农村迁往城市", "bool", None, "你是从农村把户口迁往城市吗？"),
    ("urban_admission_proof", "有城市劳动部门录用证明、学校录取证明或准予迁入证明", "bool", None,
     "你有城市劳动部门的录用证明、学校的录取证明，或迁入地的准予迁入证明吗？"),
    ("months_away", "因私事离开常住地外出暂住的时间", "int", "个月", "你离开常住地在外暂住多久了？"),
    ("stay_extended", "已向户口登记机关申请延长暂住时间或办理迁移", "bool", None,
     "你向户口登记机关申请延长暂住时间（或办理迁移手续）了吗？"),
    ("mover_owner_family", "迁移的是取得住房的本人、其配偶或未成年子女", "bool", None,
     "要迁户口的是房子的主人本人、配偶，还是未成年子女？"),
    ("name_change_reason", "有规定列举的改名情形（父母离婚再婚、收养、同校同单位重名、谐音受歧视、冷僻字等）",
     "bool", None, "你为什么要改名（例如父母离婚再婚、被收养、同校或同单位重名、谐音不雅、冷僻字）？"),
    ("not_under_penalty", "不是被剥夺政治权利或正在服刑、被采取刑事强制措施的人", "bool", None,
     "你现在是否被剥夺政治权利，或正在服刑、被采取刑事强制措施？"),
    ("years_since_name_change", "上次变更姓名（或更正出生日期）以来的时间", "int", "年",
     "你上次改名（或更正出生日期）是几年前？"),
    # 深圳 2005 迁入规定 第十一条: the age limit counted at entry after three years' work there.
    ("age_at_entry_years", "进入当地工作并参加社会养老保险时的年龄", "int", "岁",
     "你刚来当地工作、开始交养老保险时多大？"),
    # 福建 户籍意见: 就业单位设立集体户的，视为有合法稳定住所.
    ("employer_collective_hukou", "就业单位设有集体户", "bool", None, "你工作的单位设有集体户口吗？"),
    ("rural_land_holder", "在农村有土地承包经营权、宅基地使用权或集体收益分配权", "bool", None,
     "你在农村老家有承包地、宅基地吗？"),
    ("birth_date_mismatch", "实际出生日期与登记的出生日期确实不一致", "bool", None,
     "你户口上登记的出生日期和实际出生日期不一致吗（有原始记录能证明）？"),
    ("not_cadre", "不是组织、人事部门管理的干部", "bool", None, "你是组织、人事部门管理的干部（如公务员）吗？"),
    ("not_corrected_before", "以前没有更正过出生日期", "bool", None, "你以前更正过出生日期吗？"),
    ("no_other_home", "在本市他处没有固定合法住所（确无他处落户）", "bool", None,
     "你在本市别处还有自己的住房或可以落户的地方吗？"),
    ("employer_consents", "所在单位同意迁入集体户", "bool", None, "你的单位同意你把户口迁进单位集体户吗？"),
    ("lost_home_reason", "因房屋出售、拆迁、婚姻关系变化、租赁房退租等原因失去落户地", "bool", None,
     "你是因为房子卖了、拆迁、离婚或退租才没地方落户的吗？"),
    ("settling_blocked", "因家庭矛盾、集体户所在单位不同意等原因不能正常落户", "bool", None,
     "你是因为家庭矛盾或单位不同意等原因办不了正常落户吗？"),
    ("household_members_consent", "户内所有具有民事行为能力的家庭成员同意", "bool", None,
     "户里所有成年的家庭成员都同意吗？"),
    ("not_to_border_area", "不是迁往边防地区", "bool", None, "你是要把户口迁往边防地区吗？"),
    ("border_move_approved", "迁往边防地区经常住地公安机关批准", "bool", None,
     "迁往边防地区经过常住地县、市公安机关批准了吗？"),
    ("householder_change_reason", "有变更户主的情形（原户主去世、失踪、迁出、出国定居，或原户主、产权人同意）",
     "bool", None, "为什么要变更户主（原户主去世、迁出，还是原户主同意）？"),
    ("gender_reassigned", "已经实施变性手术", "bool", None, "你已经做了变性手术吗？"),
    ("ethnicity_of_other_parent", "要改成的是父亲或母亲的民族", "bool", None, "你要改成的民族是父亲或母亲的民族吗？"),
    ("not_settled_abroad", "没有在国外、境外定居", "bool", None, "你是已经在国外（境外）定居了，还是只是出国出境？"),
    ("surname_of_parent", "新生儿的姓氏随父姓或随母姓", "bool", None, "孩子要随父亲的姓还是母亲的姓，还是别的姓？"),
]

# Known values that settle others (qa.rules.model IMPLIED): a 上海 hukou is 非农业 or 农业, and a spouse,
# parent or child is a lineal relative.
REGISTRATION_IMPLIED: tuple[tuple[str, object, str, object], ...] = (
    ("local_urban_hukou", True, "agricultural_hukou", False),
    ("agricultural_hukou", True, "local_urban_hukou", False),
    ("relative_is_lineal", False, "relative_is_close", False),
    ("relative_is_close", True, "relative_is_lineal", True),
)
