"""Benchmarks that print numbers: ``python -m qa.bench ingest|ask [options]``.

ingest: documents, chunks, seconds and peak memory for the article alone and for the article plus
        the pack, cold (empty index) and no-change re-run, each in a fresh process.
ask:    warm p50/p95 latency of ``ask()`` over the gold questions per retrieval mode, cold start
        (new process to first answer) and peak resident memory; in the same process and on the same
        questions, a stock RAG baseline (``qa.bench.baseline``) and the ratio of the p50s.
tokens: BM25-only Recall@1/@5 on a gold file for tokeniser variants (project dictionary and
        number normalisation on/off), re-tokenising the chunks of one built index in process.
load:   the web UI under N requests from C concurrent clients (qa.bench.load).
scale:  ingest time, index size, query p50 and peak memory at multiples of the pack (qa.bench.scale).
Each measurement runs in its own subprocess so peak memory (VmHWM) is that run's alone.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qa.config import REPO_ROOT

DEFAULT_PACK = REPO_ROOT.parent / "shared" / "corpus"


def peak_mb() -> float:
    """This process's peak resident memory in MB.

    Linux keeps ru_maxrss across exec, so a process started by a large one (a test session, a bench
    driver) would report its parent's peak; VmHWM starts afresh with the new program.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _child(args: list[str], env: dict[str, str] | None = None) -> dict:
    proc = subprocess.run([sys.executable, "-m", "qa.bench", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, cwd=REPO_ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed: {' '.join(args)}\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- child processes -------------------------------------------------------------------------
def _run_ingest(index_dir: str, corpus: list[str], embedder: str) -> None:
    from qa.config import Settings
    from qa.index.build import build_index

    settings = Settings.from_env(index_dir=index_dir, embedder=embedder)
    started = time.perf_counter()
    report = build_index(settings, corpus)
    print(json.dumps({"documents": report.documents, "chunks": report.chunks, "embedded": report.texts_embedded,
                      "seconds": round(time.perf_counter() - started, 2), "peak_mb": round(peak_mb())}))


def _run_cold(index_dir: str, question: str) -> None:
    from qa.answering.pipeline import PolicyQA

    PolicyQA(index_dir=index_dir).ask(question)
    print(json.dumps({"peak_mb": round(peak_mb())}))


def _forget_questions(bot) -> None:
    """Empty the caches that remember earlier questions (tokens, question embeddings), so that a timed
    pass over questions an earlier pass has asked times them as new ones."""
    from qa.text import segment

    segment.forget_tokens()
    bot.retriever.forget_queries()


def _percentiles(times: list[float]) -> dict:
    times = sorted(times)
    return {"n": len(times), "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1)}


def _time_baseline(index_dir: str, runner, questions: list[str]) -> dict:
    """The stock baseline against ``runner.ask`` on ``questions``, alternating question by question so
    that both see the same machine load; building the baseline is not timed."""
    from qa.bench.baseline import BaselineRAG

    baseline = BaselineRAG.from_index(index_dir, runner.retriever.embedder)
    baseline.ask(questions[0])  # warm-up
    _forget_questions(runner)
    # Wall time is what a user waits; CPU time (all threads of this process) also shows the ratio
    # when other processes compete for the cores and stretch the wall times unevenly.
    times: dict[str, list[float]] = {"product": [], "baseline": [], "product_cpu": [], "baseline_cpu": []}
    for question in questions:
        for name, ask in (("product", runner.ask), ("baseline", baseline.ask)):
            wall, cpu = time.perf_counter(), time.process_time()
            ask(question)
            times[name].append((time.perf_counter() - wall) * 1000)
            times[f"{name}_cpu"].append((time.process_time() - cpu) * 1000)
    return {**{name: _percentiles(t) for name, t in times.items()}, "chunks": len(baseline.chunks),
            "build_s": round(baseline.build_seconds, 1)}


def _run_warm(index_dir: str, gold: str, modes: list[str], limit: int) -> None:
    from qa.answering.pipeline import PolicyQA
    from qa.eval.gold import load_gold

    questions = [item.question for item in load_gold(Path(gold)).questions][:limit]
    bot = PolicyQA(index_dir=index_dir)
    out = {}
    for mode in modes:
        runner = bot.with_mode(mode)
        runner.ask(questions[0])  # warm-up
        _forget_questions(runner)
        times = []
        for question in questions:
            started = time.perf_counter()
            runner.ask(question)
            times.append((time.perf_counter() - started) * 1000)
        out[mode] = _percentiles(times)
    out["peak_mb"] = round(peak_mb())  # before the baseline is built, so it is the product's alone
    out["baseline"] = _time_baseline(index_dir, bot, questions)
    print(json.dumps(out))


def bench_tokens(index_dir: str | None, gold: Path) -> None:
    """BM25 retrieval with each tokeniser variant over the same chunks and questions."""
    import jieba

    from qa.answering.pipeline import PolicyQA
    from qa.answering.understand import understand
    from qa.eval import metrics
    from qa.eval.gold import load_gold
    from qa.text import segment

    bot = PolicyQA(index_dir=index_dir, mode="bm25")
    questions = [q for q in load_gold(gold).questions if q.sources and not q.unanswerable]
    plain = jieba.Tokenizer()
    plain.initialize()
    variants = {
        "dictionary + numbers (default)": (segment._get_tokenizer(), segment.normalize_numbers),
        "no project dictionary": (plain, segment.normalize_numbers),
        "no number normalisation": (segment._get_tokenizer(), lambda text: text),
        "neither": (plain, lambda text: text),
    }
    original = (segment._tokenizer, segment.normalize_numbers)
    print(f"{len(questions)} answerable questions of {gold.name}; BM25-only over {len(bot.retriever.chunks)} chunks")
    print(f"{'tokeniser':<32} {'recall@1':>9} {'recall@5':>9}")
    try:
        for name, (tokenizer, numbers) in variants.items():
            segment._tokenizer, segment.normalize_numbers = tokenizer, numbers
            bot.retriever.use_tokens([segment.tokenize_units(c.text) for c in bot.retriever.chunks])
            r1 = r5 = 0.0
            for q in questions:
                hits = bot._search(understand(q.question, titles=bot.retriever.titles), 5)
                ranked = [metrics.relevant_targets(h.chunk, q.sources, q.answer_facts) for h in hits]
                r1 += metrics.recall_at_k(ranked, 1, len(q.sources))
                r5 += metrics.recall_at_k(ranked, 5, len(q.sources))
            print(f"{name:<32} {r1 / len(questions):>9.3f} {r5 / len(questions):>9.3f}")
    finally:
        segment._tokenizer, segment.normalize_numbers = original


# -- parent commands -------------------------------------------------------------------------
def bench_ingest(pack: Path, embedders: list[str]) -> None:
    variants = [("article", [])]
    if pack.is_dir():
        variants.append(("article+pack", [str(pack)]))
    else:
        print(f"(pack not found at {pack}: only the article is measured)")
    print(f"{'embedder':<10} {'corpus':<14} {'run':<10} {'docs':>5} {'chunks':>7} {'embedded':>9} {'seconds':>8}"
          f" {'peak MB':>8}")
    for embedder in embedders:
        for name, corpus in variants:
            with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
                for run in ("cold", "no-change"):
                    r = _child(["_ingest", tmp, embedder, *corpus])
                    print(f"{embedder:<10} {name:<14} {run:<10} {r['documents']:>5} {r['chunks']:>7} "
                          f"{r['embedded']:>9} {r['seconds']:>8.2f} {r['peak_mb']:>8}")


def bench_ask(pack: Path, gold: Path, modes: list[str], limit: int, index_dir: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        index = index_dir or tmp
        if index_dir is None:
            r = _child(["_ingest", index, "use", *([str(pack)] if pack.is_dir() else [])])
            print(f"index: {r['documents']} documents, {r['chunks']} chunks (built in {r['seconds']} s)")
        started = time.perf_counter()
        cold = _child(["_cold", index, "深圳申领居住证需要什么条件？"])
        cold_s = time.perf_counter() - started
        print(f"cold start (new process → first answer): {cold_s:.2f} s, peak {cold['peak_mb']} MB")
        warm = _child(["_warm", index, str(gold), ",".join(modes), str(limit)])
        print(f"{'mode':<8} {'questions':>9} {'p50 ms':>8} {'p95 ms':>8}")
        for mode in modes:
            w = warm[mode]
            print(f"{mode:<8} {w['n']:>9} {w['p50_ms']:>8} {w['p95_ms']:>8}")
        base = warm["baseline"]
        stock = base["baseline"]
        print(f"{'baseline':<8} {stock['n']:>9} {stock['p50_ms']:>8} {stock['p95_ms']:>8}   "
              f"(stock RAG: {base['chunks']} chunks of 500/50 characters, jieba BM25 + dense, RRF; "
              f"built in {base['build_s']} s)")
        print(f"paired run, {stock['n']} questions, ask() (hybrid, the default) and the baseline in turn:")
        for label, key in (("wall", ""), ("CPU", "_cpu")):
            p, b = base[f"product{key}"], base[f"baseline{key}"]
            print(f"  {label:<4} p50 {p['p50_ms']} / {b['p50_ms']} ms, p95 {p['p95_ms']} / {b['p95_ms']} ms; "
                  f"p50 ratio ask() / baseline {p['p50_ms'] / max(b['p50_ms'], 0.1):.2f}×")
        print(f"peak resident memory (warm run, all modes): {warm['peak_mb']} MB")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "_ingest":
        _run_ingest(argv[1], argv[3:], argv[2])
        return 0
    if argv and argv[0] == "_cold":
        _run_cold(argv[1], argv[2])
        return 0
    if argv and argv[0] == "_warm":
        _run_warm(argv[1], argv[2], argv[3].split(","), int(argv[4]))
        return 0
    if argv and argv[0] == "_scale_queries":
        from qa.bench.scale import run_queries

        run_queries(argv[1], int(argv[2]))
        return 0
    from qa.bench import load, scale
    parser = argparse.ArgumentParser(prog="python -m qa.bench", description="Speed and memory benchmarks")
    sub = parser.add_subparsers(dest="command", required=True)
    ing = sub.add_parser("ingest", help="ingest time and memory, cold and no-change")
    ing.add_argument("--pack", type=Path, default=DEFAULT_PACK)
    ing.add_argument("--embedders", default="use", help="comma-separated embedder specs to compare (use,hash,st:PATH)")
    ask = sub.add_parser("ask", help="ask() latency, cold start and memory")
    ask.add_argument("--pack", type=Path, default=DEFAULT_PACK)
    ask.add_argument("--gold", type=Path, default=REPO_ROOT / "tests" / "gold" / "dev.jsonl")
    ask.add_argument("--modes", default="hybrid,bm25,dense")
    ask.add_argument("--limit", type=int, default=200)
    ask.add_argument("--index", default=None, help="use an existing index instead of building one")
    tok = sub.add_parser("tokens", help="BM25 recall for tokeniser variants (dictionary, numbers)")
    tok.add_argument("--index", default=None, help="a built index (default: QA_INDEX_DIR or ./index)")
    tok.add_argument("--gold", type=Path, default=REPO_ROOT / "tests" / "gold" / "dev.jsonl")
    load.add_arguments(sub.add_parser("load", help="the web UI under concurrent requests (gradio_client)"))
    scale.add_arguments(sub.add_parser("scale", help="growth with corpus size, with a PNG plot"))
    args = parser.parse_args(argv)
    if args.command in ("load", "scale"):
        return (load if args.command == "load" else scale).run(args)
    if args.command == "tokens":
        bench_tokens(args.index, args.gold)
        return 0
    if args.command == "ingest":
        bench_ingest(args.pack, args.embedders.split(","))
    else:
        bench_ask(args.pack, args.gold, args.modes.split(","), args.limit, args.index)
    return 0


if __name__ == "__main__":
    sys.exit(main())
