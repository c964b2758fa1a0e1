"""The Gradio interface: 问答, 资格自测 and 文件 tabs over one ``PolicyQA``.

    build_app(bot) ─▶ gr.Blocks (queued)      launch_app(app, host, port) ─▶ local server
        问答      chat ─▶ bot.ask_stream (LLM tokens as they arrive) | bot.ask ─▶ render_answer
                  (numbered, expandable sources); a notice when the index holds only the article
        资格自测  form ─▶ rules.check ─▶ render_rule_result (verdict card + trace + sources)
        文件      bot.documents / bot.chunks_of ─▶ table + chunks with their locators

The render helpers are pure functions of the ``qa.types`` objects; every piece of document text
goes through ``html.escape`` before it reaches the page. Stable API endpoints for clients:
``/ask`` (question, history → answer dict) and ``/check`` (place, target, facts → rule result
dict); the UI's own events are ``/chat`` (streaming) and ``/check_form``.
"""

from __future__ import annotations

import html
import logging
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import gradio as gr
from starlette.middleware import Middleware

from qa.answering import coverage
from qa.app.limits import RequestLimits
from qa.errors import InputError, QAError, RuleError
from qa.text.numbers import chinese_to_int
from qa.types import Answer, Chunk, Citation, RuleResult, TraceStep

log = logging.getLogger(__name__)

TITLE = "居住证与户籍政策问答"
VERDICT_LABELS = {"eligible": "可以申领", "ineligible": "暂不符合", "insufficient_info": "信息不足"}
OUTCOME_LABELS = {"pass": "✔ 满足", "fail": "✘ 不满足", "unknown": "？ 待确认"}
# Shown on every citation of, and every listing of, a document that is not in the official catalog.
USER_ADDED = "用户添加，未经核实"
LEVEL_LABELS = {"national": "国家", "provincial": "省级", "municipal": "市级", "article": "研究文章"}
TARGET_CHOICES = [("居住证", "residence_permit"), ("子女义务教育", "compulsory_education"), ("落户", "hukou")]
BOOL_CHOICES = ["是", "否", "不清楚"]
EXAMPLE_QUESTIONS = [
    "申领居住证需要满足什么条件？",
    "居住证持有人可以享受哪些基本公共服务？",
    "居住证的有效期是多久？",
    "深圳和上海的居住证申领条件有什么不同？",
    "我在上海居住了8个月，有劳动合同，社保交了7个月，有租房合同登记备案，能办居住证吗？",
]
DEFAULT_CONCURRENCY = 8
LLM_FALLBACK_NOTE = "模型生成的回答未通过引用核对（或生成出错），已改为文件原文摘录的回答。"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~#|$])")

CSS = """
.qa-note { font-size: 0.9em; border-left: 4px solid #d97706; padding: 6px 10px; background: #fffbeb; }
.qa-note details summary { cursor: pointer; }
.qa-coverage { border: 2px solid #dc2626; background: #fef2f2; border-radius: 6px; padding: 8px 12px; margin: 6px 0; }
.qa-coverage code { background: #fff; padding: 0 4px; border-radius: 3px; }
.qa-llm-fallback { border-left: 4px solid #d97706; background: #fffbeb; padding: 4px 10px; font-size: 0.9em; }
.qa-sources-title { font-weight: 600; margin-top: 8px; }
details.qa-source { margin: 4px 0; border: 1px solid #e5e7eb; border-radius: 6px; padding: 4px 8px; }
details.qa-source summary { cursor: pointer; }
.qa-quote { border-left: 3px solid #9ca3af; padding: 4px 8px; margin: 6px 0; }
.qa-meta { color: #6b7280; font-size: 0.85em; }
.qa-refusal { border: 1px solid #f59e0b; background: #fffbeb; border-radius: 6px; padding: 6px 10px; }
.qa-verdict { border-radius: 8px; padding: 8px 12px; margin: 6px 0; border: 2px solid #9ca3af; }
.qa-verdict--eligible { border-color: #16a34a; background: #f0fdf4; }
.qa-verdict--ineligible { border-color: #dc2626; background: #fef2f2; }
.qa-verdict--insufficient_info { border-color: #d97706; background: #fffbeb; }
.qa-verdict__label { font-size: 1.3em; font-weight: 700; }
.qa-trace-wrap { overflow-x: auto; max-width: 100%; }
.qa-trace { border-collapse: collapse; margin: 6px 0; font-size: 0.9em; }
.qa-trace th, .qa-trace td { border: 1px solid #d1d5db; padding: 3px 6px; text-align: left; }
.qa-chunk { border-bottom: 1px solid #e5e7eb; padding: 6px 0; }
.qa-chunk__loc { font-weight: 600; }
@media (max-width: 640px) { .qa-trace { font-size: 0.8em; } }
"""


class Bot(Protocol):
    """What the UI needs from ``qa.PolicyQA``.

    Optionally also ``chat_model`` and ``ask_stream`` (PolicyQA has both): when ``chat_model`` is
    set, the chat shows ``ask_stream``'s pieces as they arrive.
    """

    def ask(self, question: str, history: list[tuple[str, str]] | None = None) -> Answer: ...

    def documents(self) -> list[dict[str, Any]]: ...

    def chunks_of(self, doc_id: str) -> list[Chunk]: ...


# -- render helpers -------------------------------------------------------------------------
def esc(text: Any) -> str:
    """HTML-escape any value (None → empty)."""
    return html.escape("" if text is None else str(text), quote=True)


def _md_text(text: str) -> str:
    """Escape document-derived text for the chatbot's markdown + HTML renderer."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", esc(text)).replace("\n", "  \n")


def _quote_html(text: str) -> str:
    """Escaped quote with one line break per paragraph (blank lines between paragraphs collapsed)."""
    return esc(re.sub(r"\n\s*\n+", "\n", text.strip())).replace("\n", "<br>")


def doc_date(doc: dict[str, Any]) -> str:
    """A document's date for display: its effective date, else its issue date, else 不详."""
    if doc.get("effective"):
        return str(doc["effective"])
    if doc.get("adopted"):
        return f"{doc['adopted']}（发布）"
    return "不详"


def _book_title(title: str) -> str:
    return title if title.startswith("《") else f"《{title}》"


def citation_summary(citation: Citation) -> str:
    """One line naming a source: 《title》 locator · region · 施行日期 (plain text)."""
    parts = [_book_title(citation.doc_title)]
    if citation.locator:
        parts.append(citation.locator)
    effective = f"{citation.effective} 施行" if citation.effective else "未注明施行日期"
    origin = f" · {USER_ADDED}" if citation.official is False else ""
    return f"{' '.join(parts)} · {citation.region} · {effective}{origin}"


def render_citation(number: int, citation: Citation) -> str:
    """An expandable source: summary line, then the exact quote and the source file (one line of HTML)."""
    quote = _quote_html(citation.quote)
    return (f'<details class="qa-source"><summary>[{number}] {esc(citation_summary(citation))}</summary>'
            f'<div class="qa-quote">{quote}</div>'
            f'<div class="qa-meta">来源文件：{esc(citation.source)}</div></details>')


def render_sources(citations: Sequence[Citation]) -> str:
    """The numbered source list under an answer (HTML lines without blank lines between them)."""
    if not citations:
        return ""
    lines = ['<div class="qa-sources-title">来源（点击展开原文）</div>']
    lines += [render_citation(i, c) for i, c in enumerate(citations, 1)]
    return "\n".join(lines)


def _fact_spec(name: str | None) -> Any:
    if not name:
        return None
    try:
        from qa.rules import FACTS
    except ImportError:  # pragma: no cover - rules are part of the package
        return None
    return FACTS.get(name)


def format_given(step: TraceStep) -> str:
    """The person's value for a trace step in words: 8个月 / 是 / 未提供."""
    if step.given is None:
        return "未提及（按不符合处理）" if getattr(step, "assumed", False) else "未提供"
    if isinstance(step.given, bool):
        return "是" if step.given else "否"
    spec = _fact_spec(step.fact)
    unit = getattr(spec, "unit", None) or ""
    return f"{step.given}{unit}"


def format_required(step: TraceStep) -> str:
    """The requirement of a trace step in words: ≥ 6个月 / 是."""
    required = str(step.required or "").strip()
    spec = _fact_spec(step.fact)
    unit = getattr(spec, "unit", None) or ""
    match = re.fullmatch(r">=\s*(\d+)\s*(\S*)", required)
    if match:
        return f"≥ {match.group(1)}{match.group(2) or unit}"
    if re.fullmatch(r"(?:is\s*)?(?:true|True)", required):
        return "是"
    if re.fullmatch(r"(?:is\s*)?(?:false|False)", required):
        return "否"
    return required


def _citation_number(citation: Citation | None, numbered: list[Citation]) -> int | None:
    if citation is None:
        return None
    for i, known in enumerate(numbered, 1):
        if known == citation:
            return i
    numbered.append(citation)
    return len(numbered)


def render_trace_table(trace: Sequence[TraceStep], numbered: list[Citation]) -> str:
    """Condition-by-condition table; citations are numbered into ``numbered`` (appended when new)."""
    if not trace:
        return ""
    rows = []
    for step in trace:
        number = _citation_number(step.citation, numbered)
        source = f"[{number}] {esc(step.citation.locator or '')}" if number and step.citation else ""
        outcome = OUTCOME_LABELS.get(step.outcome, step.outcome)
        gap = f"<br><span class=\"qa-meta\">{esc(step.gap)}</span>" if step.gap else ""
        branch = getattr(step, "branch", None)
        group = f"<br><span class=\"qa-meta\">{esc(branch)}</span>" if branch else ""
        rows.append(f'<tr class="qa-trace__{esc(step.outcome)}"><td>{esc(step.condition)}{group}</td>'
                    f"<td>{esc(format_required(step))}</td><td>{esc(format_given(step))}</td>"
                    f"<td>{esc(outcome)}{gap}</td><td>{source}</td></tr>")
    head = "<tr><th>条件</th><th>要求</th><th>您的情况</th><th>结果</th><th>依据</th></tr>"
    return ('<div class="qa-trace-wrap"><table class="qa-trace">'
            f'<thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>')


def _missing_labels(trace: Sequence[TraceStep], missing: Sequence[str]) -> list[str]:
    labels = []
    for name in missing:
        spec = _fact_spec(name)
        labels.append(getattr(spec, "label", None) or name)
    if not labels:  # an Answer carries no ``missing``: read it off the trace
        labels = [s.condition for s in trace if s.outcome == "unknown"]
    return list(dict.fromkeys(labels))


def render_verdict_card(verdict: str, trace: Sequence[TraceStep], numbered: list[Citation], *,
                        rule_title: str | None = None, missing: Sequence[str] = (),
                        follow_up: str | None = None, notes: Sequence[str] = (), gaps: Sequence[str] = ()) -> str:
    """The verdict card: 可以申领 / 暂不符合 / 信息不足, the trace, and what is missing (one line of HTML)."""
    label = VERDICT_LABELS.get(verdict, verdict)
    parts = [f'<div class="qa-verdict qa-verdict--{esc(verdict)}">',
             f'<div class="qa-verdict__label">{esc(label)}</div>']
    if rule_title:
        parts.append(f'<div class="qa-meta">适用规定：{esc(rule_title)}</div>')
    parts.append(render_trace_table(trace, numbered))
    labels = _missing_labels(trace, missing)
    if labels and verdict != "eligible":
        parts.append(f'<div class="qa-missing"><b>还需要确认：</b>{esc("；".join(labels))}</div>')
    failed = list(gaps) or [f"{s.condition}（{s.gap}）" if s.gap else s.condition
                            for s in trace if s.outcome == "fail" and not getattr(s, "assumed", False)]
    if failed and verdict != "eligible":
        parts.append(f'<div class="qa-failed"><b>不满足：</b>{esc("；".join(failed))}</div>')
    if follow_up:
        parts.append(f'<div class="qa-followup"><b>请补充：</b>{esc(follow_up)}</div>')
    for note in notes:
        parts.append(f'<div class="qa-meta">说明：{esc(note)}</div>')
    parts.append("</div>")
    return "".join(parts)


def render_answer(answer: Answer) -> str:
    """The final chat message: refusal notice or verdict card, the text, then the numbered sources."""
    numbered = list(answer.citations)
    blocks = []
    if answer.refused:
        blocks.append('<div class="qa-refusal"><b>无法根据现有文件回答</b></div>')
    if "llm_rejected" in answer.meta or "llm_error" in answer.meta:
        blocks.append(f'<div class="qa-llm-fallback">{esc(LLM_FALLBACK_NOTE)}</div>')
    card = ""
    if answer.verdict:
        card = render_verdict_card(answer.verdict, answer.trace or (), numbered)
    blocks.append(_md_text(answer.text))
    if card:
        blocks.append(card)
    sources = render_sources(numbered)
    if sources:
        blocks.append(sources)
    return "\n\n".join(blocks)


def render_rule_result(result: RuleResult) -> str:
    """The 资格自测 output: verdict card with trace, then the numbered rule citations."""
    numbered = list(result.citations)
    title = result.rule_title
    if getattr(result, "effective_from", None):
        title += f"（{result.effective_from} 起施行）"
    card = render_verdict_card(result.verdict, result.trace, numbered, rule_title=title, missing=result.missing,
                               follow_up=result.follow_up, notes=result.notes, gaps=getattr(result, "gaps", ()))
    return card + render_sources(numbered).replace("\n", "")


def documents_table(docs: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """Rows of the 文件 table: 标题, 地区, 层级, 施行日期, 分块数, 来源 (官方目录 or 用户添加)."""
    return [[d.get("title") or "", d.get("region") or "", LEVEL_LABELS.get(d.get("level") or "", d.get("level") or ""),
             doc_date(d), d.get("chunks") or 0, USER_ADDED if d.get("official") is False else "官方文件目录"]
            for d in docs]


def render_chunks(doc: dict[str, Any] | None, chunks: Sequence[Chunk]) -> str:
    """One document's chunks in order, each with its locator and chapter."""
    if doc is None:
        return '<div class="qa-meta">请选择一个文件。</div>'
    head = (f'<h3>{esc(_book_title(doc.get("title") or ""))}</h3>'
            f'<div class="qa-meta">{esc(doc.get("region"))}'
            f' · {esc(LEVEL_LABELS.get(doc.get("level") or "", doc.get("level")))}'
            f' · {esc(doc.get("effective") + " 施行" if doc.get("effective") else "日期：" + doc_date(doc))}'
            f' · 共 {len(chunks)} 段 · 来源文件：{esc(doc.get("source"))}</div>')
    items = []
    for chunk in chunks:
        where = " · ".join(x for x in (chunk.locator, chunk.chapter) if x) or "（无条文编号）"
        quote = _quote_html(chunk.quote)
        items.append(f'<div class="qa-chunk"><div class="qa-chunk__loc">{esc(where)}</div><div>{quote}</div></div>')
    return head + "".join(items)


def render_note(docs: Sequence[dict[str, Any]]) -> str:
    """The standing notice: answers come only from the listed documents as of their dates; not legal advice."""
    dated = sorted((d for d in docs if d.get("effective")), key=lambda d: d["effective"])
    span = f"（施行日期 {dated[0]['effective']} 至 {dated[-1]['effective']}）" if dated else ""
    items = "".join(f"<li>{esc(_book_title(d.get('title') or ''))}：{esc(d.get('region'))}，"
                    f"{esc(d['effective'] + ' 施行' if d.get('effective') else '日期：' + doc_date(d))}"
                    f"{'（' + USER_ADDED + '）' if d.get('official') is False else ''}</li>"
                    for d in sorted(docs, key=lambda d: (d.get("effective") or "", d.get("title") or "")))
    return (f'<div class="qa-note"><b>提示：</b>本系统的回答只依据下列 {len(docs)} 份文件{span}，'
            "反映的是这些文件在其施行日期时的规定，之后的修订可能未收录；回答仅供参考，不构成法律意见，"
            f"办理前请以当地公安机关和政府部门的最新规定为准。"
            f"<details><summary>查看收录的文件及日期</summary><ul>{items}</ul></details></div>")


def render_coverage(docs: Sequence[dict[str, Any]]) -> str:
    """The notice shown while the index holds only the article (empty once official documents are in)."""
    if not coverage.article_only(docs):
        return ""
    titles = "、".join(esc(_book_title(d.get("title") or "")) for d in docs)
    return ('<div class="qa-coverage" role="status"><b>当前只收录了研究文章，尚未收录官方文件。</b>'
            f"回答只能依据{titles}，不含居住证条例和各地办法，可能不完整或过时。<br>"
            "添加官方文件：离线运行 <code>python ingest.py --corpus 文件包目录</code>，"
            "或联网运行 <code>python ingest.py --fetch</code>，完成后刷新本页。</div>")


# -- the app --------------------------------------------------------------------------------
# What a visitor sees when something fails inside: short, in Chinese; the details go to the log only.
UNAVAILABLE = "暂时无法回答：服务内部出现问题，请稍后再试。"


def user_message(exc: BaseException, action: str) -> str:
    """The message a client may see for ``exc``; anything but the caller's own mistake is logged.

    Errors about the caller's input (``InputError``, ``RuleError``: an unknown place or target)
    are shown as they are; index, Chroma and unexpected errors would reveal paths and library
    text, so the visitor gets ``UNAVAILABLE`` and the log gets the exception.
    """
    if isinstance(exc, (InputError, RuleError)):
        return f"{action}：{exc}"
    log.error("%s failed: %s", action, exc, exc_info=not isinstance(exc, QAError))
    return UNAVAILABLE


def json_safe(value: Any) -> Any:
    """``value`` with what JSON (Gradio's orjson) cannot carry turned into text: integers beyond
    64 bits (10**30 months typed into /check), NaN and infinities. Otherwise the response fails
    after the handler returned, and the client sees a bare CancelledError."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _history_pairs(history: Any) -> list[tuple[str, str]]:
    pairs = []
    for item in history or []:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            pairs.append((str(item[0]), str(item[1])))
    return pairs


def _to_fact(spec: Any, value: Any) -> Any:
    """Form value → checker fact: empty and 不清楚 mean unknown; numbers may be full-width or 十二.

    Raises:
        ValueError: a number field holds something that is not a whole number ≥ 0 (message in Chinese).
    """
    if value is None or (isinstance(value, str) and value.strip() in ("", "不清楚")):
        return None
    if spec.type == "bool":
        return value == "是" if isinstance(value, str) else bool(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().removesuffix(spec.unit or "").strip()
    number = int(text) if text.isdigit() else chinese_to_int(text)
    if number is None:
        raise ValueError(f"“{spec.label}”应填写整数（单位：{spec.unit}），例如 12；不清楚可以留空。现在填的是：{value}")
    return number


def _documents_heading(docs: Sequence[dict[str, Any]]) -> str:
    return f"共收录 {len(docs)} 份文件。点击表格中的一行，或在下拉框中选择文件，查看其分段与条文位置。"


def _picker_choices(docs: Sequence[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f"{d['title']}（{d.get('region') or ''}）", d["doc_id"]) for d in docs]


def build_app(bot: Bot, *, concurrency: int = DEFAULT_CONCURRENCY) -> gr.Blocks:
    """The whole interface over ``bot``, queued so that ``concurrency`` requests run at once.

    Args:
        bot: a loaded ``PolicyQA`` (or anything with ask / documents / chunks_of).
        concurrency: events of each kind that may run at the same time.

    Returns:
        The Blocks app; start it with ``launch_app``.
    """
    from qa import rules

    docs = bot.documents()
    # Numbers first, then yes/no questions: the order the form fields are created in.
    fact_specs = sorted(rules.FACTS.values(), key=lambda spec: spec.type != "int")
    places = list(rules.jurisdictions())

    def ask(question: str, history: list[list[str]] | None = None) -> dict[str, Any]:
        """回答一个问题。history 为此前的 [问题, 回答文本] 列表；返回回答、引用、是否拒答与资格结论。"""
        try:
            answer = bot.ask(question, history=_history_pairs(history))
        except Exception as exc:  # every failure becomes a short message (user_message)
            raise gr.Error(user_message(exc, "无法回答")) from exc
        data = answer.to_dict()
        data["verdict_label"] = VERDICT_LABELS.get(answer.verdict or "")
        data["markdown"] = render_answer(answer)
        return json_safe(data)

    def check(jurisdiction: str, target: str, facts: dict[str, Any] | None = None) -> dict[str, Any]:
        """资格自测：地区、目标（residence_permit / compulsory_education / hukou）与事实，返回规则检查结果。"""
        target = dict(TARGET_CHOICES).get(target, target)
        try:
            result = rules.check(jurisdiction, target, dict(facts or {}))
        except QAError as exc:  # the rule checker's messages name the caller's bad value
            raise gr.Error(f"无法检查：{exc}") from exc
        except Exception as exc:  # a short message, details in the log
            raise gr.Error(user_message(exc, "无法检查")) from exc
        data = result.to_dict()
        data["verdict_label"] = VERDICT_LABELS.get(result.verdict, result.verdict)
        data["html"] = render_rule_result(result)
        return json_safe(data)

    def chat(message: str, messages: list[dict[str, Any]], history: list[list[str]]
             ) -> Iterator[tuple[list[dict[str, Any]], str, list[list[str]]]]:
        message = (message or "").strip()
        messages = list(messages or [])
        history = list(history or [])
        if not message:
            yield messages, "", history
            return
        messages += [{"role": "user", "content": message}, {"role": "assistant", "content": "正在检索文件……"}]
        yield messages, "", history
        try:
            if getattr(bot, "chat_model", None) is None:
                answer = bot.ask(message, history=_history_pairs(history))  # shown as soon as it is composed
            else:
                # LLM tokens as they arrive; the final Answer (citations checked) replaces them.
                text, answer = "", None
                for item in bot.ask_stream(message, history=_history_pairs(history)):
                    if isinstance(item, Answer):
                        answer = item
                        break
                    text += item
                    messages[-1] = {"role": "assistant", "content": _md_text(text) + " ▌"}
                    yield messages, "", history
                if answer is None:
                    raise QAError("回答生成中断，请重试")
        except Exception as exc:  # noqa: BLE001 - every failure becomes a short message (user_message)
            messages[-1] = {"role": "assistant", "content": esc(user_message(exc, "出错了"))}
            yield messages, "", history
            return
        messages[-1] = {"role": "assistant", "content": render_answer(answer)}
        yield messages, "", [*history, [message, answer.text]]

    def check_form(place: str, target: str, *values: Any) -> str:
        try:
            facts = {spec.name: _to_fact(spec, v) for spec, v in zip(fact_specs, values, strict=False)}
            facts = {k: v for k, v in facts.items() if v is not None}
            result = rules.check(place, target, facts)
        except QAError as exc:
            return f'<div class="qa-refusal">{esc(exc)}</div>'
        except ValueError as exc:
            return f'<div class="qa-refusal">输入有误：{esc(exc)}</div>'
        except Exception as exc:  # noqa: BLE001 - a short message, details in the log
            return f'<div class="qa-refusal">{esc(user_message(exc, "无法检查"))}</div>'
        return render_rule_result(result)

    # The document list is read again on each page load and click: after a re-ingest the running
    # app serves the new index (qa.index.live), and the 文件 tab must show the same documents.
    def open_document(doc_id: str | None) -> str:
        current = {d["doc_id"]: d for d in bot.documents()}
        if not doc_id or doc_id not in current:
            return render_chunks(None, [])
        return render_chunks(current[doc_id], bot.chunks_of(doc_id))

    def select_row(event: gr.SelectData) -> tuple[str | None, str]:
        row = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        current = bot.documents()
        doc_id = current[row]["doc_id"] if 0 <= row < len(current) else None
        return doc_id, open_document(doc_id)

    def reload_documents() -> tuple[str, str, list[list[Any]], Any]:
        current = bot.documents()
        return (render_note(current), _documents_heading(current), documents_table(current),
                gr.update(choices=_picker_choices(current)))

    with gr.Blocks(title=TITLE, analytics_enabled=False) as app:
        gr.Markdown(f"# {TITLE}")
        note = gr.HTML(render_note(docs), elem_id="qa-note")
        # Refreshed on every page load, so a reload shows what the index holds now.
        coverage_html = gr.HTML(render_coverage(docs), elem_id="qa-coverage")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                chatbot = gr.Chatbot(label="对话", height=520, elem_id="qa-chatbot", latex_delimiters=[],
                                     buttons=["copy"], feedback_options=None,
                                     placeholder="请输入关于居住证或户籍政策的问题，回答会附上文件出处。")
                history = gr.State([])
                with gr.Row(equal_height=True):
                    question = gr.Textbox(placeholder="例如：申领居住证需要满足什么条件？（按回车发送）",
                                          show_label=False, lines=1, max_lines=4, scale=5, elem_id="qa-question",
                                          submit_btn=False)
                    send = gr.Button("发送", variant="primary", scale=1, min_width=70, elem_id="qa-send")
                clear = gr.Button("清空对话", variant="secondary", size="sm", elem_id="qa-clear")
                gr.Markdown("**示例问题**（点击即可提问）")
                with gr.Row():
                    example_buttons = [gr.Button(q, size="sm", elem_classes=["qa-example"]) for q in EXAMPLE_QUESTIONS]
                chat_io = dict(inputs=[question, chatbot, history], outputs=[chatbot, question, history])
                question.submit(chat, api_name="chat", **chat_io)
                send.click(chat, api_visibility="private", **chat_io)
                for button, text in zip(example_buttons, EXAMPLE_QUESTIONS, strict=True):
                    button.click(lambda t=text: t, None, question, queue=False, api_visibility="private").then(
                        chat, api_visibility="private", **chat_io)
                clear.click(lambda: ([], "", []), None, [chatbot, question, history], queue=False,
                            api_visibility="private")

            with gr.Tab("资格自测", id="check"):
                gr.Markdown("选择地区和办理事项，填写您的情况（不确定的可以留空），按当地规定逐条检查。")
                with gr.Row():
                    place = gr.Dropdown(places, value=places[0] if places else None, label="地区",
                                        elem_id="qa-place", allow_custom_value=False)
                    target = gr.Radio(TARGET_CHOICES, value="residence_permit", label="办理事项", elem_id="qa-target")
                inputs = []
                with gr.Row():
                    for spec in (s for s in fact_specs if s.type == "int"):
                        # A Textbox, not gr.Number: an empty Number field is sent as 0, but empty must mean unknown.
                        inputs.append(gr.Textbox(label=f"{spec.label}（{spec.unit}）", placeholder="不清楚可留空",
                                                 elem_id=f"fact-{spec.name}", min_width=180, max_lines=1))
                with gr.Row():
                    for spec in (s for s in fact_specs if s.type != "int"):
                        inputs.append(gr.Radio(BOOL_CHOICES, value="不清楚", label=spec.label,
                                               elem_id=f"fact-{spec.name}", min_width=180))
                check_btn = gr.Button("开始检查", variant="primary", elem_id="qa-check")
                verdict = gr.HTML(elem_id="qa-verdict")
                check_btn.click(check_form, [place, target, *inputs], verdict, api_name="check_form")

            with gr.Tab("文件", id="docs"):
                heading = gr.Markdown(_documents_heading(docs))
                table = gr.Dataframe(documents_table(docs),
                                     headers=["标题", "地区", "层级", "施行日期", "分块数", "来源"],
                                     interactive=False, wrap=True, elem_id="qa-docs")
                picker = gr.Dropdown(_picker_choices(docs),
                                     value=None, label="打开文件", elem_id="qa-doc-picker")
                viewer = gr.HTML(render_chunks(None, []), elem_id="qa-doc-view")
                # The row click opens the document itself: when the picker already shows that document,
                # setting it again fires no change event.
                table.select(select_row, None, [picker, viewer], api_visibility="private")
                picker.change(open_document, picker, viewer, api_visibility="private")

        app.load(lambda: render_coverage(bot.documents()), None, coverage_html, api_visibility="private")
        gr.api(ask, api_name="ask")
        gr.api(check, api_name="check")
        app.load(reload_documents, None, [note, heading, table, picker], api_visibility="private")
    app.queue(default_concurrency_limit=concurrency)
    return app


def launch_app(app: gr.Blocks, host: str = "127.0.0.1", port: int = 7860, **kwargs: Any) -> Any:
    """Serve ``app`` locally (never a public share link); blocks unless ``prevent_thread_lock``."""
    theme = gr.themes.Soft(font=["Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "sans-serif"],
                           font_mono=["Noto Sans Mono CJK SC", "monospace"])
    # show_error off: only gr.Error messages (written for visitors) reach the page, never exception text.
    # Uploads closed and bodies capped by RequestLimits; max_file_size is a second lock on uploads.
    return app.launch(server_name=host, server_port=port, share=False, css=CSS, theme=theme,
                      footer_links=[], show_error=False, max_file_size="1kb",
                      app_kwargs={"middleware": [Middleware(RequestLimits)]}, **kwargs)
