"""Line joining: hard wraps and page-marker gaps are undone, complete notes are left alone."""

from __future__ import annotations

from qa.text.textclean import join_wrapped_lines

LONG = ("流动人口有相当比例就业于私营部门或从事个体经营，这些工作往往缺少规范的劳动合同和社会保险记录，"
        "因此很多人难以达到一些城市要求的申领条件并")


def test_a_paragraph_cut_by_a_dropped_page_marker_is_joined() -> None:
    assert join_wrapped_lines(f"{LONG}\n\n申领居住证。") == f"{LONG}申领居住证。"


def test_a_table_source_line_is_not_joined_to_the_next_paragraph() -> None:
    source = ("资料来源：根据以下材料整理而得。" + "《上海市居住证管理办法》（2013年起施行）；" * 3
              + "苏政办发〔2013〕179号")
    text = f"{source}\n\n其次，在凭居住证享受的福利方面，各地规定不同。"
    assert join_wrapped_lines(text) == text


def test_a_sentence_cut_by_a_page_marker_is_joined_but_a_heading_is_not() -> None:
    from qa.text.textclean import clean_text

    text = ("转移到本市其他行\n\n－ 3 －\n\n政区域的，每满1年加2分。"
            "\n\n(六)纳税指标及分值\n\n－ 4 －\n\n申请人近3年连续纳税。")
    assert clean_text(text) == "转移到本市其他行政区域的，每满1年加2分。\n\n(六)纳税指标及分值\n\n申请人近3年连续纳税。"


def test_an_article_cut_by_a_page_marker_is_joined_and_the_end_note_dropped() -> None:
    from qa.text.textclean import clean_text

    text = ("第十二条 本办法自2017年1月1日起施行，有效期至2019年\n\n－ 6 －\n\n12月31日。"
            "\n\n－ 7 － ｜ （全文结束）")
    assert clean_text(text) == "第十二条 本办法自2017年1月1日起施行，有效期至2019年12月31日。"


def test_a_bare_article_heading_before_a_page_marker_stays_a_heading() -> None:
    from qa.text.textclean import clean_text

    text = "第三章 申领\n\n－ 5 －\n\n第九条 申领居住证，应当提交材料。"
    assert clean_text(text) == "第三章 申领\n\n第九条 申领居住证，应当提交材料。"
