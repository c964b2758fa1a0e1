"""``python -m qa.bench scale``: how ingest time, index size, query latency and memory grow with the corpus.

Synthetic regulations with the structure of the real ones (a title, 第X章 chapters, 第X条 articles
of one to three sentences built from the policy vocabulary, places and figures) are generated
here, at multiples of the pack's size (45 documents ≈ 1,600 chunks); nothing is downloaded. Each
size is ingested and then queried in fresh processes, so peak memory (VmHWM) is that step's
alone. Results are printed as a table and drawn as a PNG under the output folder (untracked).

The default embedder is ``hash`` so that 100× (≈ 160,000 chunks) finishes in minutes; the
dense model's own cost is linear in the number of chunks and is measured by ``qa.bench ingest``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from qa.bench.runner import _child, peak_mb
from qa.config import REPO_ROOT

PACK_DOCUMENTS = 45
ARTICLES_PER_CHAPTER = (5, 9)
CHAPTERS = (4, 6)
_NUMERALS = "零一二三四五六七八九"
_PLACES = ["北京市", "上海市", "天津市", "重庆市", "深圳市", "广州市", "杭州市", "南京市", "成都市", "武汉市", "西安市",
           "郑州市", "长沙市", "合肥市", "济南市", "青岛市", "厦门市", "福州市", "昆明市", "南宁市", "兰州市", "沈阳市"]
_SUBJECTS = ["流动人口", "申请人", "居住证持有人", "用人单位", "房屋出租人", "公安派出所", "街道办事处",
             "社区居民委员会", "人力资源社会保障部门", "教育行政部门", "卫生健康部门", "住房城乡建设部门"]
_ACTIONS = ["应当", "可以", "不得", "应当及时", "可以依法"]
_OBJECTS = ["申领居住证", "办理居住登记", "缴纳社会保险", "提交合法稳定住所证明", "提交劳动合同", "申请积分落户",
            "办理签注手续", "申请子女入学", "享受基本公共服务", "变更登记信息", "补领居住证", "申请公共租赁住房",
            "参加职业技能培训", "办理机动车登记", "申请办理出入境证件"]
_CONDITIONS = ["连续居住满{n}个月", "连续缴纳社会保险满{n}个月", "有合法稳定就业满{n}年", "年满{n}周岁",
               "积分达到{n}分", "在本市就读满{n}年"]
_TAILS = ["具体办法由市人民政府另行制定。", "有关部门应当在{n}个工作日内办结。", "逾期未办理的，按照有关规定处理。",
          "所需材料由受理机关一次性告知。", "相关费用按照国家规定执行。"]
_TOPICS = ["总则", "居住登记", "居住证申领", "权利与服务", "积分管理", "监督管理", "法律责任", "附则"]


def _cn(n: int) -> str:
    """1..99 in Chinese numerals (第二十三条)."""
    if n < 10:
        return _NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _NUMERALS[tens]) + "十" + (_NUMERALS[ones] if ones else "")


def _sentence(rng: random.Random) -> str:
    condition = rng.choice(_CONDITIONS).format(n=rng.randint(1, 36))
    first = f"{rng.choice(_SUBJECTS)}{condition}的，{rng.choice(_ACTIONS)}{rng.choice(_OBJECTS)}。"
    if rng.random() < 0.5:
        first += rng.choice(_TAILS).format(n=rng.randint(3, 30))
    return first


def synthetic_regulation(number: int, seed: int = 0) -> str:
    """One regulation: title, chapters (第X章) of articles (第X条) — deterministic for (number, seed)."""
    rng = random.Random(seed * 1_000_003 + number)
    place = rng.choice(_PLACES)
    lines = [f"{place}居住证管理办法（合成第{number}号）", ""]
    article = 0
    for chapter in range(1, rng.randint(*CHAPTERS) + 1):
        lines.append(f"第{_cn(chapter)}章　{rng.choice(_TOPICS)}")
        for _ in range(rng.randint(*ARTICLES_PER_CHAPTER)):
            article += 1
            body = "".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
            lines.append(f"第{_cn(article)}条　{body}")
        lines.append("")
    return "\n".join(lines)


def write_corpus(folder: Path, documents: int, seed: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(documents):
        (folder / f"synthetic_{i:05d}.txt").write_text(synthetic_regulation(i, seed), encoding="utf-8")


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


# -- child: queries on a built index ----------------------------------------------------------
def run_queries(index_dir: str, count: int) -> None:
    """Load the index, then time ``count`` questions (printed as one JSON line)."""
    from qa.answering.pipeline import PolicyQA
    from qa.eval.gold import load_gold

    started = time.perf_counter()
    bot = PolicyQA(index_dir=index_dir)
    load_s = time.perf_counter() - started
    questions = [q.question for q in load_gold(REPO_ROOT / "tests" / "gold" / "dev.jsonl").questions]
    bot.ask(questions[0])  # warm-up: model and dictionary loaded
    times = []
    for question in (questions * (count // len(questions) + 1))[:count]:
        t = time.perf_counter()
        bot.ask(question)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(json.dumps({"load_s": round(load_s, 2), "p50_ms": round(statistics.median(times), 1),
                      "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
                      "peak_mb": round(peak_mb())}))


# -- parent --------------------------------------------------------------------------------
def measure(factor: int, embedder: str, queries: int, seed: int) -> dict[str, Any]:
    documents = PACK_DOCUMENTS * factor
    with tempfile.TemporaryDirectory(prefix="qa-scale-") as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        write_corpus(corpus, documents, seed)
        ingest = _child(["_ingest", str(index), embedder, str(corpus)])
        size_mb = _folder_mb(index)
        query = _child(["_scale_queries", str(index), str(queries)])
        shutil.rmtree(corpus, ignore_errors=True)
    return {"factor": factor, "documents": ingest["documents"], "chunks": ingest["chunks"],
            "ingest_s": ingest["seconds"], "ingest_peak_mb": ingest["peak_mb"], "index_mb": round(size_mb, 1),
            "load_s": query["load_s"], "query_p50_ms": query["p50_ms"], "query_p95_ms": query["p95_ms"],
            "query_peak_mb": query["peak_mb"]}


def plot(rows: list[dict[str, Any]], path: Path, embedder: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    chunks = [r["chunks"] for r in rows]
    panels = [("ingest time (s)", "ingest_s"), ("index size on disk (MB)", "index_mb"),
              ("ask() p50 (ms)", "query_p50_ms"), ("peak memory (MB)", None)]
    fig, axes = plt.subplots(2, 2, figsize=(10, 7))
    for ax, (title, key) in zip(axes.flat, panels, strict=True):
        if key is None:
            ax.plot(chunks, [r["ingest_peak_mb"] for r in rows], "o-", label="ingest")
            ax.plot(chunks, [r["query_peak_mb"] for r in rows], "s-", label="answering")
            ax.legend()
        else:
            ax.plot(chunks, [r[key] for r in rows], "o-")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("chunks")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        for r in rows:
            ax.annotate(f"{r['factor']}×", (r["chunks"], r["ingest_peak_mb"] if key is None else r[key]),
                        textcoords="offset points", xytext=(4, 4), fontsize=8)
    fig.suptitle(f"Growth with corpus size (synthetic regulations, embedder {embedder}, embedded Chroma)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--factors", default="1,10,100", help="multiples of the pack's 45 documents (default 1,10,100)")
    parser.add_argument("--embedder", default="hash", help="embedder spec for the synthetic index (default hash)")
    parser.add_argument("--queries", type=int, default=60, help="questions timed at each size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench-out",
                        help="folder for scale.png/json (untracked)")


def run(args: argparse.Namespace) -> int:
    factors = [int(f) for f in str(args.factors).split(",") if f.strip()]
    if not factors or any(f < 1 or f > 1000 for f in factors):
        raise SystemExit("--factors: whole numbers from 1 to 1000, e.g. 1,10,100")
    print(f"synthetic regulations, {PACK_DOCUMENTS} documents per 1×; embedder {args.embedder}; "
          f"{args.queries} questions per size")
    header = (f"{'size':>5} {'docs':>6} {'chunks':>8} {'ingest s':>9} {'ingest MB':>10} {'index MB':>9} "
              f"{'load s':>7} {'p50 ms':>7} {'p95 ms':>7} {'answer MB':>10}")
    print(header)
    rows = []
    for factor in factors:
        r = measure(factor, args.embedder, args.queries, args.seed)
        rows.append(r)
        print(f"{str(factor) + '×':>5} {r['documents']:>6} {r['chunks']:>8} {r['ingest_s']:>9.1f} "
              f"{r['ingest_peak_mb']:>10} {r['index_mb']:>9.1f} {r['load_s']:>7.2f} {r['query_p50_ms']:>7.1f} "
              f"{r['query_p95_ms']:>7.1f} {r['query_peak_mb']:>10}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    png = args.out / "scale.png"
    plot(rows, png, args.embedder)
    print(f"plot: {png}")
    return 0
