"""The extractive composer's sentence choices on small hand-made chunks (real index: test_pipeline)."""

from __future__ import annotations

from qa.answering import compose as answer
from qa.answering.understand import cues
from qa.text.segment import tokenize
from qa.types import RetrievedChunk
from tests.handmade import flat_scorer, hit


def _pick(question: str, hits: list[RetrievedChunk], **options: object) -> list[answer.Evidence]:
    """pick_evidence (with ``options``) for ``question`` over ``hits``, every token of their quotes
    weighing the same."""
    scorer = flat_scorer(*(h.chunk.quote for h in hits))
    return answer.pick_evidence(hits, scorer.weights(tokenize(question)), scorer, **options)


def test_a_numbered_point_brings_its_body() -> None:
    quote = ("2. 各地居住证承载的福利与国家相关规定的衔接问题。当前各地居住证承载的福利存在一定差异。"
             "其中最主要的就是义务教育和使用住房公积金等公共服务。3. 积分落户门槛较高。")
    picked = [e.sentence for e in _pick("居住证福利和国家规定的衔接问题", [hit(quote)], max_sentences=1, per_chunk=1)]
    assert picked[0].startswith("2. 各地居住证承载的福利")
    assert any("住房公积金" in s for s in picked)
    assert not any(s.startswith("3.") for s in picked)


def test_a_rule_sentence_is_not_followed_by_its_neighbours() -> None:
    quote = "（一）居住证持有人可以申领机动车驾驶证。其他内容与问题无关。"
    picked = _pick("居住证 驾驶证", [hit(quote, kind="article")], max_sentences=1, per_chunk=1)
    assert [e.sentence for e in picked] == ["（一）居住证持有人可以申领机动车驾驶证。"]


def test_the_same_clause_in_two_documents_is_said_once() -> None:
    national = "公民离开常住户口所在地，到其他城市居住半年以上，符合条件之一的，可以依照本条例的规定申领居住证。"
    local = "公民离开常住户口所在地，到其他城市居住半年以上，符合条件之一的，可以依照《条例》规定申领居住证。"
    hits = [hit(national, kind="article", chunk_id="n"), hit(local, kind="article", region="四川省", chunk_id="l")]
    picked = _pick("申领居住证的条件", hits, max_sentences=3, place_names=())
    assert [e.hit.chunk.chunk_id for e in picked] == ["n"]


def test_a_why_answer_starts_at_the_numbered_point_and_gives_its_reasons() -> None:
    quote = ("其次，统筹兼顾不同群体。第三，应降低居住证绑定的福利水平。当前，居住证制度是户籍制度改革的过渡阶段。"
             "且若其承载福利过多，很可能使流动人口内部出现再分化。")
    picked = [e.sentence for e in _pick("为什么要降低居住证绑定的福利水平", [hit(quote)], max_sentences=3, follow=2)]
    assert picked[0] == "第三，应降低居住证绑定的福利水平。"
    assert any("过渡阶段" in s for s in picked) and any("再分化" in s for s in picked)
    assert not any(s.startswith("其次") for s in picked)


def test_a_duration_on_another_topic_does_not_outrank_the_sentence_about_the_question() -> None:
    # The kind's cue (a stated duration or date) only counts for sentences about the question: the
    # deadline sentence and a bare commencement date state durations but say nothing about what
    # happens after a late 签注.
    signing = ("居住证持有人应当在居住每满1年之日前1个月内办理签注。"
               "补办签注手续的，居住年限自补办之日起连续计算。")
    commencement = "本条例自2016年1月1日起施行。"
    hits = [hit(signing, kind="article", chunk_id="s"), hit(commencement, kind="article", chunk_id="c")]
    picked = _pick("签注过期了再补签，居住年限还能连着算吗", hits, max_sentences=1, per_chunk=2,
                   cue=cues().states("duration"))
    assert picked[0].sentence.startswith("补办签注手续的")
    assert all(e.hit.chunk.chunk_id == "s" for e in picked)


def test_a_figure_in_the_asked_unit_wins_over_a_sentence_with_more_question_words() -> None:
    quote = "积分达到标准分值的，可以申请办理。标准分值为120分。"
    picked = _pick("积分要达到标准分值多少分才可以申请办理", [hit(quote, kind="article")], max_sentences=1,
                   per_chunk=2, unit="分")
    assert picked[0].sentence == "标准分值为120分。"


def test_a_question_word_that_is_no_document_word_is_found_inside_one() -> None:
    scorer = answer.Scorer({"补办": 1.0, "签注": 1.0}, tokenize)
    weights = {"再补": 1.0, "签注": 1.0}
    assert scorer.coverage(weights, "逾期再补办签注的") == 1.0
    # One character is not looked for inside words (手 of 拿到手 is inside every 手续).
    assert scorer.coverage({"手": 1.0, "签注": 1.0}, "办理签注手续") == 0.5


def test_a_why_answer_prefers_the_sentence_that_gives_a_cause() -> None:
    quote = "暂住证制度在各地出现问题，饱受诟病。暂住证由于忽视权益而出现问题，饱受诟病。"
    picked = _pick("暂住证为什么出现问题", [hit(quote)], max_sentences=1, per_chunk=2, cue=cues().states("reason"))
    assert picked[0].sentence.startswith("暂住证由于忽视")


JUDGED = ("从申领条件来看，上海市和深圳市都要求缴纳社会保险。"
          "从落户政策来看，上海市的条件要求最为严苛，必须同时达到多项条件。相较而言，深圳市实行的积分入户制则较为宽松。")


def test_a_judgement_spread_over_two_sentences_is_one_passage() -> None:
    scorer = flat_scorer(JUDGED)
    weights = scorer.weights(tokenize("上海和深圳哪个落户更难"))
    found = answer.cross_place_evidence([hit(JUDGED)], weights, scorer, ("上海", "深圳"), judging=True)
    assert found is not None and "最为严苛" in found.sentence and "较为宽松" in found.sentence
    assert found.sentence in JUDGED  # a contiguous quote of the source


def test_without_a_judging_question_the_plain_comparison_may_win() -> None:
    scorer = flat_scorer(JUDGED)
    weights = scorer.weights(tokenize("上海和深圳申领条件都要求缴纳社会保险吗"))
    found = answer.cross_place_evidence([hit(JUDGED)], weights, scorer, ("上海", "深圳"))
    assert found is not None and "社会保险" in found.sentence


def test_a_short_article_is_quoted_with_its_other_sentences_on_the_topic() -> None:
    # The best sentence answers the IC-card half; the paper half of the same short article is the
    # rest of the answer. A long article brings nothing but its best sentences.
    quote = ("第十三条 采用纸质材质的，应当自受理之日起3个工作日内发放居住证。"
             "采用IC卡材质的，应当自受理之日起10个工作日内发放居住证。")
    picked = [e.sentence for e in _pick("IC卡材质的居住证多久发放", [hit(quote, kind="article")],
                                        max_sentences=1, per_chunk=1)]
    assert picked[0].startswith("采用IC卡材质的") and any("3个工作日" in s for s in picked)
    long_quote = quote + "其他事项按照有关规定办理。" * 30
    picked = [e.sentence for e in _pick("IC卡材质的居住证多久发放", [hit(long_quote, kind="article")],
                                        max_sentences=1, per_chunk=1)]
    assert len(picked) == 1


def test_a_short_articles_sentence_stating_what_the_kind_asks_comes_along() -> None:
    # 什么时候废止: the repeal sentence shares the question's words, the date sits in the one before it.
    quote = "第二十四条 本办法自2016年10月1日起施行。《外地来京人员户籍管理规定》同时废止。"
    picked = [e.sentence for e in _pick("外地来京人员户籍管理规定什么时候废止", [hit(quote, kind="article")],
                                        max_sentences=1, per_chunk=1, cue=cues().states("history"))]
    assert picked[0].startswith("《外地来京人员户籍管理规定》") and any("2016年10月1日" in s for s in picked)


def test_a_short_articles_caption_does_not_make_a_sentence_quoted_twice() -> None:
    # 第四条 （有效期） is joined to the sentence after it when sentences are scored; the article's other
    # sentences are taken in the same units, so the chosen one is not added again without its caption.
    quote = "第四条 （有效期）。《居住证》的有效期分为1年、3年和5年。期满前应当换领。"
    picked = [e.sentence for e in _pick("居住证有效期分几档", [hit(quote, kind="article")],
                                        max_sentences=1, per_chunk=1)]
    assert sum("有效期分为1年、3年和5年" in s for s in picked) == 1


def test_a_sentence_stating_the_asked_form_leads_only_when_it_is_about_a_question_word() -> None:
    # Both state a definition; 连续就读，是指… defines another term than 梯度赋权, so it does not jump
    # ahead of the sentence about the question's words, while 居住证是…凭证 (the question's own subject) does.
    defining_other = answer.Evidence("连续就读，是指在全日制学校取得学籍并就读。", hit("a", chunk_id="a"), 0.2)
    about_it = answer.Evidence("二是建立了梯度赋权的机制，逐步扩大服务范围。", hit("b", chunk_id="b"), 0.4)
    defining_it = answer.Evidence("居住证是持证人享受权益的法定凭证。", hit("c", chunk_id="c"), 0.2)
    cue = cues().states("definition")
    words = tokenize("条例里说的梯度赋权是个啥意思")
    assert answer.answer_first([about_it, defining_other], cue, words)[0] is about_it
    assert answer.answer_first([about_it, defining_it], cue, tokenize("居住证在法律上算个啥"))[0] is defining_it
    # without the question's words any sentence stating the form leads, as before
    assert answer.answer_first([about_it, defining_other], cue)[0] is defining_other


def test_a_figure_in_the_asked_unit_leads_when_the_leading_sentence_states_another_unit() -> None:
    # 几年内不能再申请: 3年内 answers it, not a 20个工作日内 that states a period too.
    review = answer.Evidence("积分申请材料审核属实的，在20个工作日内进行积分核定。", hit("a", chunk_id="a"), 1.2)
    penalty = answer.Evidence("伪造申请材料情节严重的，3年内不得申请积分。", hit("b", chunk_id="b"), 1.0)
    cue = cues().states("duration")
    words = tokenize("上海积分申请材料造假，几年内不能再申请")
    assert answer.answer_first([review, penalty], cue, words, unit="年")[0] is penalty
    assert answer.answer_first([review, penalty], cue, words)[0] is review  # no unit asked: either states a period


def test_a_period_written_in_words_states_a_duration() -> None:
    # 三十日内有效 is a period as much as 30日内: the sentence stating it leads 户籍证明能用多长时间.
    listing = answer.Evidence("本规定所称的户口证件包括《户籍证明》等。", hit("a", chunk_id="a"), 1.0)
    period = answer.Evidence("《户籍证明》自签发之日起三十日内有效，过期作废。", hit("b", chunk_id="b"), 0.8)
    words = tokenize("上海开的户籍证明能用多长时间")
    assert answer.answer_first([listing, period], cues().states("duration"), words)[0] is period
    assert not cues().states("duration").search("本条例自2016年1月1日起施行。")  # a date is no period


def test_a_places_own_rule_answers_before_the_national_text_it_would_otherwise_trail() -> None:
    from qa.answering.authority import Authorities, EvidencePolicy

    national = hit("居住证的材质由各地根据本地实际确定，可以采用纸质，也可以采用IC卡材质。", kind="article",
                   chunk_id="n")
    local = hit("我区居住证采用可擦写式IC卡。", kind="article", region="内蒙古自治区", chunk_id="l")
    authorities = Authorities([{"doc_id": "d-n", "level": "national", "kind": "notice"},
                               {"doc_id": "d-l", "level": "provincial", "kind": "policy"}])
    scorer = flat_scorer(national.chunk.quote, local.chunk.quote)
    weights = scorer.weights(tokenize("居住证采用什么材质的IC卡"))

    def leading(local_question: bool) -> str:
        policy = EvidencePolicy(authorities, frozenset(), general=False, version_named=False, asks_rule=True,
                                local=local_question)
        chosen = answer.pick_evidence([national, local], weights, scorer, max_sentences=2, policy=policy)
        return chosen[0].hit.chunk.chunk_id

    assert leading(local_question=True) == "l"
    assert leading(local_question=False) == "n"  # without the place's rule to prefer, the fuller text leads


def test_a_sentence_playing_the_asked_role_keeps_its_weight_in_an_article_that_also_dates_its_document() -> None:
    from qa.answering.authority import OFF_ROLE_PRIOR, Authorities, EvidencePolicy

    article = hit("第二十一条 本办法自2016年1月1日起施行。本办法实施前，已办理的临时居住证在有效期内继续有效。",
                  kind="article")
    policy = EvidencePolicy(Authorities([]), frozenset({"transition"}), general=False, version_named=False)
    assert policy.sentence_prior("本办法实施前，已办理的临时居住证在有效期内继续有效。", article.chunk) == 1.0
    assert policy.sentence_prior("第二十一条 本办法自2016年1月1日起施行。", article.chunk) == OFF_ROLE_PRIOR
    # a sentence of no role of its own takes its article's
    listing = hit("第二十条 有下列行为之一的，处200元以下罚款：（一）出租居住证的。", kind="article")
    asked_nothing = EvidencePolicy(Authorities([]), frozenset(), general=False, version_named=False)
    assert asked_nothing.sentence_prior("（一）出租居住证的。", listing.chunk) == OFF_ROLE_PRIOR


def test_a_why_question_weighs_a_rules_articles_below_the_text_that_argues() -> None:
    from qa.answering.authority import RULE_FOR_REASON_PRIOR, Authorities, EvidencePolicy

    rule = hit("第十六条 城区人口500万以上的特大城市应当严格控制人口规模。", kind="article")
    purpose = hit("第一条 为了促进新型城镇化的健康发展，制定本条例。", kind="article", chunk_id="c2")
    argument = hit("特大城市出于人口规模调控的考虑，设置了较高的申领门槛。")
    why = EvidencePolicy(Authorities([]), frozenset({"purpose"}), general=True, version_named=False, reasons=True)
    assert why.sentence_prior(rule.chunk.quote, rule.chunk) == RULE_FOR_REASON_PRIOR < 1.0
    assert why.sentence_prior(purpose.chunk.quote, purpose.chunk) == 1.0
    assert why.sentence_prior(argument.chunk.quote, argument.chunk) == 1.0
