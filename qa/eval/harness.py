"""Run gold questions through PolicyQA and report retrieval, answer, citation and refusal metrics.

    python -m qa.eval [--gold FILE ...] [--systems hybrid,bm25,dense] [--out DIR]
                      [--min-recall5 0.9] [--min-fact-acc 0.85] [--min-refusal-recall 0.8]
                      [--max-false-refusal 0.1] [--min METRIC=VALUE ...] [--max METRIC=VALUE ...]

All systems run side by side on one loaded index (``bot.with_mode(system)``). The run prints a
compact table (systems × headline metrics) and writes ``report.md`` (every metric, overall and by
category, + every failed question), ``chart.png`` and ``results.json`` (summary and per-question
rows) into ``--out``: by default ``./eval-out`` (untracked); the committed ``reports/`` change only
when named (``--out reports``).

Thresholds gate the systems named by ``--gate`` (default: the first of ``--systems``).
Exit status: 0 all thresholds met, 1 a threshold missed, 2 bad arguments, no valid gold question,
or the index cannot be opened. Malformed gold lines are reported (file, line, problem) and
skipped; the valid lines still run.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import QAError
from qa.eval import metrics as m
from qa.eval.gold import GoldFormatError, GoldQuestion, GoldSet, load_gold

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GOLD = REPO_ROOT / "tests" / "gold" / "dev.jsonl"
# Relative to the working folder; gitignored in a checkout so that a run never rewrites reports/.
DEFAULT_OUT = Path("eval-out")
SYSTEMS = ("hybrid", "bm25", "dense")
K = 10
QUOTE_CHARS = 200

# Summary metrics in report order. "rate" metrics are in [0, 1]; latencies in milliseconds.
METRICS = ("recall@1", "recall@5", "recall@10", "mrr", "ndcg@10", "fact_acc", "fact_recall", "lead_fact",
           "citation_acc", "citation_precision", "refusal_precision", "refusal_recall",
           "false_refusal_rate", "verdict_acc", "latency_p50_ms", "latency_p95_ms")
CHART_METRICS = ("recall@5", "mrr", "ndcg@10", "fact_acc", "citation_acc", "citation_precision",
                 "refusal_recall", "verdict_acc")
# Shorthand flags → (metric, direction).
SHORT_FLAGS = {
    "min_recall1": ("recall@1", "min"), "min_recall5": ("recall@5", "min"),
    "min_recall10": ("recall@10", "min"), "min_mrr": ("mrr", "min"), "min_ndcg10": ("ndcg@10", "min"),
    "min_fact_acc": ("fact_acc", "min"), "min_citation_acc": ("citation_acc", "min"),
    "min_citation_precision": ("citation_precision", "min"),
    "min_refusal_precision": ("refusal_precision", "min"),
    "min_refusal_recall": ("refusal_recall", "min"), "max_false_refusal": ("false_refusal_rate", "max"),
    "min_verdict_acc": ("verdict_acc", "min"), "max_latency_p95": ("latency_p95_ms", "max"),
}

BotFactory = Callable[[argparse.Namespace], Any]


@dataclass
class QuestionResult:
    """Everything measured for one question under one system."""

    system: str
    id: str
    category: str
    question: str
    expected_facts: list[list[str]]
    expected_sources: list[dict[str, Any]]
    expected_verdict: str | None
    should_refuse: bool
    answer: str = ""
    refused: bool = False
    verdict: str | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    retrieved: list[dict[str, Any]] = field(default_factory=list)
    first_relevant_rank: int | None = None
    scores: dict[str, float | None] = field(default_factory=dict)
    latency_ms: float | None = None
    error: str | None = None

    def failures(self) -> list[str]:
        """Why this question counts as failed (empty when it passed)."""
        s, why = self.scores, []
        if self.error:
            why.append(f"error: {self.error}")
        if self.should_refuse and not self.refused:
            why.append("answered an unanswerable question")
        if self.refused and not self.should_refuse:
            why.append("refused an answerable question")
        if s.get("fact_acc") == 0.0:
            why.append("answer misses facts")
        if s.get("verdict_acc") == 0.0:
            why.append(f"verdict {self.verdict!r} != {self.expected_verdict!r}")
        if s.get("citation_acc") == 0.0 and not self.refused:
            why.append("no gold source cited")
        return why


# ---------------------------------------------------------------- running


def evaluate_question(bot: Any, system: str, q: GoldQuestion, k: int = K) -> QuestionResult:
    """Ask one question and score it; an exception becomes ``error`` instead of stopping the run."""
    res = QuestionResult(system=system, id=q.id, category=q.category, question=q.question,
                         expected_facts=[list(g) for g in q.answer_facts],
                         expected_sources=[dict(s) for s in q.sources],
                         expected_verdict=q.verdict, should_refuse=q.unanswerable)
    start = time.perf_counter()
    try:
        ans = bot.ask(q.question)
    except Exception as exc:  # noqa: BLE001 - one broken question must not end the evaluation
        res.error = f"{type(exc).__name__}: {exc}"
        res.scores = {"fact_acc": m.fact_accuracy("", q.answer_facts)}
        return res
    res.latency_ms = (time.perf_counter() - start) * 1000
    res.answer, res.refused, res.verdict = ans.text or "", bool(ans.refused), ans.verdict
    # Quotes are cut so results.json stays small; the scores above use the full quotes.
    res.citations = [{"doc_title": c.doc_title, "locator": c.locator, "quote": c.quote[:QUOTE_CHARS]}
                     for c in ans.citations]
    hits = list(ans.retrieved)[:k]
    if not hits:
        try:
            hits = list(bot.retrieve(q.question, k=k))[:k]
        except Exception as exc:  # noqa: BLE001
            res.error = f"retrieve failed: {type(exc).__name__}: {exc}"
    res.retrieved = [{"doc_title": h.doc_title, "locator": h.locator, "score": h.score} for h in hits]
    res.scores = score(q, res, hits, ans.citations)
    ranks = [i for i, h in enumerate(hits, 1) if m.relevant_targets(h, q.sources, q.answer_facts)]
    res.first_relevant_rank = ranks[0] if ranks else None
    return res


def score(q: GoldQuestion, res: QuestionResult, hits: Sequence[Any],
          citations: Sequence[Any]) -> dict[str, float | None]:
    """Per-question metric values (None where undefined)."""
    scores: dict[str, float | None] = {}
    if q.sources or q.answer_facts:
        ranked = [m.relevant_targets(h, q.sources, q.answer_facts) for h in hits]
        n = max(len(q.sources), 1)
        scores["recall@1"] = m.recall_at_k(ranked, 1, n)
        scores["recall@5"] = m.recall_at_k(ranked, 5, n)
        scores["recall@10"] = m.recall_at_k(ranked, 10, n)
        scores["mrr"] = m.mrr(ranked)
        scores["ndcg@10"] = m.ndcg_at_k(ranked, 10, n_relevant=n)
    scores["fact_acc"] = m.fact_accuracy(res.answer, q.answer_facts)
    scores["fact_recall"] = m.fact_recall(res.answer, q.answer_facts)
    scores["lead_fact"] = m.lead_fact(res.answer, q.answer_facts)
    scores["citation_acc"] = m.citation_accuracy(citations, q.sources)
    scores["citation_precision"] = m.citation_precision(citations, q.answer_facts, q.sources)
    scores["verdict_acc"] = m.verdict_accuracy(res.verdict, q.verdict)
    return scores


def run(bot: Any, questions: Sequence[GoldQuestion], systems: Sequence[str],
        k: int = K) -> dict[str, list[QuestionResult]]:
    """Every system over every question, sharing one loaded index."""
    results: dict[str, list[QuestionResult]] = {}
    for system in systems:
        sys_bot = bot.with_mode(system)
        rows = []
        for i, q in enumerate(questions, 1):
            rows.append(evaluate_question(sys_bot, system, q, k))
            if i % 25 == 0:
                log.info("%s: %d/%d questions", system, i, len(questions))
        results[system] = rows
        log.info("%s: %d questions done", system, len(rows))
    return results


def summarize(rows: Sequence[QuestionResult]) -> dict[str, float | None]:
    """Means of the defined per-question values, refusal rates and latency percentiles."""
    out: dict[str, float | None] = {}
    for name in ("recall@1", "recall@5", "recall@10", "mrr", "ndcg@10", "fact_acc", "fact_recall", "lead_fact",
                 "citation_acc", "citation_precision", "verdict_acc"):
        out[name] = m.mean_defined(r.scores.get(name) for r in rows)
    refused = [r.refused for r in rows]
    should = [r.should_refuse for r in rows]
    out["refusal_precision"] = m.refusal_precision(refused, should)
    out["refusal_recall"] = m.refusal_recall(refused, should)
    out["false_refusal_rate"] = m.false_refusal_rate(refused, should)
    lat = [r.latency_ms for r in rows if r.latency_ms is not None]
    out["latency_p50_ms"] = m.percentile(lat, 50)
    out["latency_p95_ms"] = m.percentile(lat, 95)
    out["n"] = float(len(rows))
    out["failed"] = float(sum(1 for r in rows if r.failures()))
    return out


def summary_table(results: dict[str, list[QuestionResult]]) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for system, rows in results.items():
        cats = sorted({r.category for r in rows})
        table[system] = {
            "overall": summarize(rows),
            "by_category": {c: summarize([r for r in rows if r.category == c]) for c in cats},
        }
    return table


# ---------------------------------------------------------------- thresholds


def parse_thresholds(args: argparse.Namespace) -> list[tuple[str, str, float]]:
    """(metric, "min"|"max", value) from the shorthand and generic flags.

    Raises:
        ValueError: an unknown metric name or a value that is not a number.
    """
    out = []
    for attr, (metric, direction) in SHORT_FLAGS.items():
        value = getattr(args, attr, None)
        if value is not None:
            out.append((metric, direction, float(value)))
    for direction in ("min", "max"):
        for spec in getattr(args, direction) or []:
            name, sep, value = spec.partition("=")
            name = name.strip()
            if not sep or name not in METRICS:
                raise ValueError(f"--{direction} expects METRIC=VALUE with METRIC one of "
                                 f"{', '.join(METRICS)}; got {spec!r}")
            try:
                out.append((name, direction, float(value)))
            except ValueError:
                raise ValueError(f"--{direction} {spec!r}: {value!r} is not a number") from None
    return out


def check_thresholds(table: dict[str, Any], thresholds: Sequence[tuple[str, str, float]],
                     systems: Sequence[str]) -> list[str]:
    """Messages for every threshold a gated system misses; an undefined metric is not a miss."""
    misses = []
    for system in systems:
        overall = table[system]["overall"]
        for metric, direction, limit in thresholds:
            value = overall.get(metric)
            if value is None:
                continue
            if (direction == "min" and value < limit) or (direction == "max" and value > limit):
                word = "below" if direction == "min" else "above"
                misses.append(f"{system}: {metric} = {value:.3f} is {word} the {direction} {limit:g}")
    return misses


# ---------------------------------------------------------------- output


def fmt(value: float | None, metric: str = "") -> str:
    if value is None:
        return "–"
    if metric.startswith("latency") or metric in ("n", "failed"):
        return f"{value:.0f}"
    return f"{value:.3f}"


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


# The console's columns (metric, heading); the report has every metric, overall and by category.
CONSOLE_METRICS = (("n", "n"), ("failed", "failed"), ("recall@5", "R@5"), ("mrr", "MRR"),
                   ("fact_acc", "fact"), ("lead_fact", "lead"), ("citation_acc", "cite"), ("refusal_recall", "refuse"),
                   ("false_refusal_rate", "false-ref"), ("verdict_acc", "verdict"), ("latency_p50_ms", "p50 ms"))


def render_console(table: dict[str, Any]) -> str:
    """Systems × headline metrics, under 100 columns."""
    widths = [max(len(head), 5) + 2 for _, head in CONSOLE_METRICS]
    lines = ["system".ljust(8) + "".join(head.rjust(w) for (_, head), w in zip(CONSOLE_METRICS, widths, strict=True))]
    for system, data in table.items():
        cells = [fmt(data["overall"].get(metric), metric) for metric, _ in CONSOLE_METRICS]
        lines.append(f"{system:<8}" + "".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join(lines)


def render_report(table: dict[str, Any], results: dict[str, list[QuestionResult]], gold_files: Sequence[str],
                  gold_errors: Sequence[Any], misses: Sequence[str],
                  thresholds: Sequence[tuple[str, str, float]]) -> str:
    systems = list(table)
    n = int(next(iter(table.values()))["overall"]["n"]) if table else 0
    out = ["# Evaluation report", "",
           f"Gold: {', '.join(gold_files)} ({n} questions). Systems: {', '.join(systems)}. "
           f"Generated {time.strftime('%Y-%m-%d %H:%M:%S')}.", "",
           "Retrieval metrics use the top 10 chunks; a chunk is relevant when it comes from a gold source "
           "(document and locator) or contains every answer fact. Rates are means over the questions where "
           "they are defined (– = undefined).", "", "## Overall", ""]
    out += _md_table(["metric", *systems], [[mt] + [fmt(table[s]["overall"].get(mt), mt) for s in systems]
                                            for mt in ("n", "failed", *METRICS)])
    out += ["", "![metrics by system](chart.png)", ""]
    if thresholds:
        out += ["## Thresholds", ""]
        out += [f"- {mt} {'≥' if d == 'min' else '≤'} {v:g}" for mt, d, v in thresholds]
        out += ["", "**All met.**" if not misses else "**Missed:**"] + [f"- {x}" for x in misses] + [""]
    out += ["## By category", ""]
    cat_metrics = ("n", "recall@5", "mrr", "ndcg@10", "fact_acc", "citation_acc", "citation_precision",
                   "refusal_recall", "false_refusal_rate", "verdict_acc", "latency_p50_ms")
    for s in systems:
        out += [f"### {s}", ""]
        out += _md_table(["category", *cat_metrics],
                         [[c] + [fmt(v.get(mt), mt) for mt in cat_metrics] for c, v in table[s]["by_category"].items()])
        out.append("")
    if gold_errors:
        out += ["## Malformed gold lines (skipped)", ""] + [f"- `{e}`" for e in gold_errors] + [""]
    out += ["## Failed questions", ""]
    for s in systems:
        failed = [r for r in results[s] if r.failures()]
        out += [f"### {s} ({len(failed)} failed)", ""]
        for r in failed:
            out += _failure_lines(r)
    return "\n".join(out) + "\n"


def _failure_lines(r: QuestionResult) -> list[str]:
    facts = " + ".join("/".join(g) for g in r.expected_facts) or "—"
    srcs = "; ".join(f"{s['doc']} {s.get('locator') or ''}".strip() for s in r.expected_sources) or "—"
    cites = "; ".join(f"{c['doc_title']} {c['locator'] or ''}".strip() for c in r.citations) or "—"
    answer = " ".join(r.answer.split())
    answer = answer[:240] + ("…" if len(answer) > 240 else "")
    return [f"- **{r.id}** ({r.category}) {r.question}",
            f"  - why: {'; '.join(r.failures())}",
            f"  - expected: facts {facts}; sources {srcs}; verdict {r.expected_verdict or '—'}"
            f"{'; should refuse' if r.should_refuse else ''}",
            f"  - got: {'REFUSED ' if r.refused else ''}verdict {r.verdict or '—'}; first relevant rank "
            f"{r.first_relevant_rank or '—'}; answer: {answer or '—'}",
            f"  - cited: {cites}", ""]


def _grouped_bars(ax: Any, labels: Sequence[str], values: dict[str, list[float]], title: str) -> None:
    """One group of bars per label, one bar per system, on a 0..1 scale."""
    width = 0.8 / max(len(values), 1)
    for i, (system, vals) in enumerate(values.items()):
        ax.bar([x + i * width for x in range(len(labels))], vals, width, label=system)
    ax.set_xticks([x + width * (len(values) - 1) / 2 for x in range(len(labels))])
    ax.set_xticklabels(labels, rotation=30, ha="right")
    ax.set_ylim(0, 1.05)
    ax.set_title(title)


def write_chart(table: dict[str, Any], path: Path) -> None:
    """Grouped bars: key metrics per system, and fact accuracy per category per system."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = list(table)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(14, 5))
    overall = {s: [table[s]["overall"].get(mt) or 0.0 for mt in CHART_METRICS] for s in systems}
    _grouped_bars(ax1, CHART_METRICS, overall, "Overall")
    ax1.legend()
    cats = sorted({c for s in systems for c in table[s]["by_category"]})
    # Unanswerable questions have no facts: show their refusal recall instead.
    by_category = {}
    for s in systems:
        rows = [table[s]["by_category"].get(c, {}) for c in cats]
        by_category[s] = [(v.get("fact_acc") if v.get("fact_acc") is not None else v.get("refusal_recall")) or 0.0
                          for v in rows]
    _grouped_bars(ax2, cats, by_category, "Fact accuracy by category (unanswerable: refusal recall)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_outputs(out_dir: Path, table: dict[str, Any], results: dict[str, list[QuestionResult]],
                  gold_files: Sequence[str], gold_errors: Sequence[Any], misses: Sequence[str],
                  thresholds: Sequence[tuple[str, str, float]]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.md").write_text(
        render_report(table, results, gold_files, gold_errors, misses, thresholds), encoding="utf-8")
    write_chart(table, out_dir / "chart.png")
    payload = {
        "gold": list(gold_files),
        "summary": table,
        "thresholds": [{"metric": mt, "direction": d, "value": v} for mt, d, v in thresholds],
        "threshold_misses": list(misses),
        "gold_errors": [str(e) for e in gold_errors],
        "questions": {s: [asdict(r) for r in rows] for s, rows in results.items()},
    }
    # Compact: one run of three systems holds ~350 rows with their retrieval traces.
    (out_dir / "results.json").write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
                                          encoding="utf-8")


# ---------------------------------------------------------------- command line


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m qa.eval", description=__doc__.splitlines()[0])
    p.add_argument("--gold", action="append", type=Path,
                   help="gold JSONL file (repeatable; default tests/gold/dev.jsonl of a checkout)")
    p.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated retrieval modes")
    p.add_argument("--gate", default=None, help="systems the thresholds apply to (default: the first system)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help=f"report folder (default ./{DEFAULT_OUT}, untracked; --out reports refreshes the committed"
                        " one)")
    p.add_argument("--index-dir", type=Path, default=None, help="index folder (default: settings)")
    p.add_argument("--limit", type=int, default=None, help="only the first N questions")
    p.add_argument("--category", action="append", help="only these categories (repeatable)")
    p.add_argument("--min", action="append", metavar="METRIC=VALUE", help="generic lower bound")
    p.add_argument("--max", action="append", metavar="METRIC=VALUE", help="generic upper bound")
    for attr, (metric, direction) in SHORT_FLAGS.items():
        p.add_argument("--" + attr.replace("_", "-"), dest=attr, type=float, default=None,
                       metavar="X", help=f"fail when {metric} is {'below' if direction == 'min' else 'above'} X")
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def _default_bot(args: argparse.Namespace) -> Any:
    from qa import PolicyQA

    return PolicyQA(index_dir=args.index_dir)


def _display(path: Path) -> str:
    """A path relative to the repository when it lies inside it (stable across checkouts)."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def load_gold_files(paths: Sequence[Path]) -> GoldSet:
    gold = GoldSet()
    for path in paths:
        gold.extend(load_gold(path))
    return gold


def main(argv: Sequence[str] | None = None, bot_factory: BotFactory | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the problem
        return int(exc.code or 0)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    gate = [s.strip() for s in (args.gate or systems[0] if systems else "").split(",") if s.strip()]
    if not systems or len(set(systems)) != len(systems):
        print(f"error: --systems must list distinct modes, got {args.systems!r}", file=sys.stderr)
        return 2
    if any(g not in systems for g in gate):
        print(f"error: --gate {args.gate!r} names a system not in --systems {systems}", file=sys.stderr)
        return 2
    try:
        thresholds = parse_thresholds(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not args.gold and not DEFAULT_GOLD.is_file():
        print(f"error: no --gold given and the default {DEFAULT_GOLD} does not exist (the gold set comes with a "
              "repository checkout, not with the installed package): pass --gold FILE", file=sys.stderr)
        return 2
    gold_paths = args.gold or [DEFAULT_GOLD]
    try:
        gold = load_gold_files(gold_paths)
    except GoldFormatError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for err in gold.errors:
        print(f"gold: {err}", file=sys.stderr)
    questions = gold.questions
    if args.category:
        questions = [q for q in questions if q.category in set(args.category)]
    if args.limit is not None:
        questions = questions[: max(args.limit, 0)]
    if not questions:
        print(f"error: no valid gold question in {', '.join(map(str, gold_paths))}"
              f" ({len(gold.errors)} malformed line(s))", file=sys.stderr)
        return 2
    try:
        bot = (bot_factory or _default_bot)(args)
        results = run(bot, questions, systems)
    except (QAError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    table = summary_table(results)
    misses = check_thresholds(table, thresholds, gate)
    write_outputs(args.out, table, results, [_display(p) for p in gold_paths], gold.errors, misses, thresholds)
    print(render_console(table))
    print(f"\nreport: {args.out / 'report.md'}  chart: {args.out / 'chart.png'}")
    if gold.errors:
        print(f"{len(gold.errors)} malformed gold line(s) skipped (see above)")
    for miss in misses:
        print(f"THRESHOLD MISSED {miss}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
