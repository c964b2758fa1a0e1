"""Household-registration matters (户口登记、迁移、变更) as targets and facts of the rule checker.

They are asked by people who already hold a hukou or are registering one: a birth reported in
time, a move-in reported within the days the 户口登记条例 allows, who may apply to change a
name, moving into a relative's home, splitting a household, a student's collective hukou, and
what counts as a 合法固定住所. ``qa.rules.model`` adds these to its TARGETS and FACTS;
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
]
