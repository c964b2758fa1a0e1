"""The evaluation runner end to end on a tiny fake bot (no index needed)."""

from __future__ import annotations

import json

import pytest

from qa.eval import harness as ev
from qa.types import Answer, Chunk, Citation, RetrievedChunk

NAT = "居住证暂行条例"
GOLD = [
    {"id": "n1", "question": "居住证多久签注一次", "category": "national", "answer_facts": [["每年签注1次"]],
     "sources": [{"doc": NAT, "locator": "第十条"}], "verdict": None, "notes": ""},
    {"id": "n2", "question": "首次申领要钱吗", "category": "national", "answer_facts": [["免收"]],
     "sources": [{"doc": NAT, "locator": "第二十一条"}], "verdict": None, "notes": ""},
    {"id": "e1", "question": "我住了八个月有工作能办吗", "category": "eligibility", "answer_facts": [],
     "sources": [{"doc": NAT, "locator": "第二条"}], "verdict": "eligible", "notes": ""},
    {"id": "u1", "question": "拉萨办居住证要什么条件", "category": "unanswerable", "answer_facts": [],
     "sources": [], "verdict": None, "notes": ""},
]
TEXT = {"第十条": "居住证由县级人民政府公安机关签发，每年签注1次。",
        "第二十一条": "首次申领居住证，免收证件工本费。",
        "第二条": "居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的。"}


def make_chunk(locator: str) -> Chunk:
    text = TEXT[locator]
    return Chunk(chunk_id=locator, doc_id="d", doc_title=NAT, source="x.md", region="全国",
                 level="national", effective="2016-01-01", locator=locator, chapter=None,
                 kind="article", text=text, quote=text, start=0, end=len(text), content_hash="h")


class FakeBot:
    """Answers n1 and e1 right, misses the fact of n2 in bm25 mode, refuses u1."""

    def __init__(self, mode: str = "hybrid"):
        self.mode = mode

    def with_mode(self, mode: str) -> FakeBot:
        if mode not in ("hybrid", "bm25", "dense"):
            raise ValueError(f"unknown mode {mode!r}")
        return FakeBot(mode)

    def retrieve(self, question: str, k: int = 10) -> list[RetrievedChunk]:
        return [RetrievedChunk(make_chunk("第二条"), 0.1)]

    def ask(self, question: str, history=None) -> Answer:
        if "拉萨" in question:
            return Answer(question=question, text="文件中没有拉萨的规定。", refused=True)
        loc = {"居住证多久签注一次": "第十条", "首次申领要钱吗": "第二十一条"}.get(question, "第二条")
        chunk = make_chunk(loc)
        text = chunk.text
        if loc == "第二十一条" and self.mode == "bm25":
            text = "需要缴纳一定费用。"
        verdict = "eligible" if loc == "第二条" else None
        retrieved = (RetrievedChunk(make_chunk("第二条"), 0.5), RetrievedChunk(chunk, 0.4))
        return Answer(question=question, text=text, citations=(Citation.from_chunk(chunk),),
                      verdict=verdict, retrieved=retrieved)


@pytest.fixture()
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in GOLD) + "\n", encoding="utf-8")
    return path


def run(args, tmp_path):
    return ev.main([*map(str, args), "--out", str(tmp_path / "out")], bot_factory=lambda a: FakeBot())


def test_runner_writes_report_chart_and_json(gold_file, tmp_path, capsys):
    code = run(["--gold", gold_file, "--systems", "hybrid,bm25"], tmp_path)
    assert code == 0
    out = tmp_path / "out"
    report = (out / "report.md").read_text(encoding="utf-8")
    assert (out / "chart.png").read_bytes()[:4] == b"\x89PNG"
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    hybrid, bm25 = data["summary"]["hybrid"]["overall"], data["summary"]["bm25"]["overall"]
    assert hybrid["fact_acc"] == 1.0 and bm25["fact_acc"] == 0.5
    assert hybrid["refusal_recall"] == 1.0 and hybrid["false_refusal_rate"] == 0.0
    assert hybrid["verdict_acc"] == 1.0
    # n1: relevant chunk at rank 2 (第二条 first) → recall@1 0, mrr 0.5; e1: rank 1
    rows = {r["id"]: r for r in data["questions"]["hybrid"]}
    assert rows["n1"]["scores"]["mrr"] == 0.5 and rows["n1"]["scores"]["recall@1"] == 0.0
    assert rows["e1"]["scores"]["recall@1"] == 1.0
    assert "u1" in rows and rows["u1"]["scores"].get("mrr") is None
    assert "### bm25 (1 failed)" in report and "**n2**" in report and "免收" in report
    assert "### hybrid (0 failed)" in report
    printed = capsys.readouterr().out
    table = printed.split("\nreport:")[0].splitlines()
    assert [line.split()[0] for line in table[1:]] == ["hybrid", "bm25"]  # one row per system
    assert max(len(line) for line in table) <= 100 and "fact" in table[0]
    assert "## By category" in report and "national" in report  # the full table is in the report


def test_default_output_folder_is_untracked(gold_file, tmp_path, monkeypatch):
    """Without --out the run writes ./eval-out (gitignored), never the committed reports/."""
    monkeypatch.chdir(tmp_path)
    assert ev.main(["--gold", str(gold_file), "--systems", "hybrid"], bot_factory=lambda a: FakeBot()) == 0
    assert (tmp_path / "eval-out" / "report.md").is_file()
    ignored = (ev.REPO_ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/eval-out/" in ignored


def test_threshold_miss_exits_1(gold_file, tmp_path, capsys):
    code = run(["--gold", gold_file, "--systems", "bm25,hybrid", "--min-fact-acc", "0.85"], tmp_path)
    assert code == 1
    assert "bm25: fact_acc = 0.500 is below the min 0.85" in capsys.readouterr().out
    # gating only hybrid passes the same run
    assert run(["--gold", gold_file, "--systems", "bm25,hybrid", "--gate", "hybrid",
                "--min-fact-acc", "0.85", "--max-false-refusal", "0.1"], tmp_path) == 0


def test_generic_min_and_max(gold_file, tmp_path):
    assert run(["--gold", gold_file, "--systems", "hybrid", "--min", "recall@1=0.9"], tmp_path) == 1
    assert run(["--gold", gold_file, "--systems", "hybrid", "--max", "latency_p95_ms=1e9"], tmp_path) == 0


@pytest.mark.parametrize("args, message", [
    (["--min", "recal@5=0.9"], "--min expects METRIC=VALUE"),
    (["--min", "mrr=high"], "'high' is not a number"),
    (["--systems", "hybrid", "--gate", "dense"], "names a system not in --systems"),
    (["--systems", "hybrid,hybrid"], "distinct modes"),
    (["--systems", "sparse"], "unknown mode 'sparse'"),
])
def test_bad_arguments_exit_2(gold_file, tmp_path, capsys, args, message):
    assert run(["--gold", gold_file, *args], tmp_path) == 2
    assert message in capsys.readouterr().err


def test_malformed_lines_reported_and_rest_runs(tmp_path, capsys):
    path = tmp_path / "new.jsonl"
    lines = [json.dumps(GOLD[0], ensure_ascii=False), "{broken", json.dumps({**GOLD[1], "category": "?"})]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert run(["--gold", path, "--systems", "hybrid"], tmp_path) == 0
    err = capsys.readouterr().err
    assert f"{path}:2: invalid JSON" in err and f"{path}:3: 'category' must be one of" in err
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "Malformed gold lines" in report and "(1 questions)" in report


def test_no_valid_question_exits_2(tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text("[]\n", encoding="utf-8")
    assert run(["--gold", path], tmp_path) == 2
    assert "no valid gold question" in capsys.readouterr().err
    assert run(["--gold", tmp_path / "missing.jsonl"], tmp_path) == 2


def test_exception_in_ask_becomes_a_failed_row(gold_file, tmp_path):
    class Boom(FakeBot):
        def with_mode(self, mode):
            return Boom(mode)

        def ask(self, question, history=None):
            if "签注" in question:
                raise RuntimeError("index gone")
            return super().ask(question)

    code = ev.main(["--gold", str(gold_file), "--systems", "hybrid", "--out", str(tmp_path / "o")],
                   bot_factory=lambda a: Boom())
    assert code == 0
    report = (tmp_path / "o" / "report.md").read_text(encoding="utf-8")
    assert "error: RuntimeError: index gone" in report


@pytest.mark.pack
@pytest.mark.slow
def test_real_pipeline_meets_dev_floor(bot, tmp_path):
    """Regression floor on the dev split with the real PolicyQA (hybrid only; test split untouched).

    Floors sit well below the numbers of the committed reports/ run so that only a real
    regression trips them.
    """
    code = ev.main(["--gold", str(ev.DEFAULT_GOLD), "--systems", "hybrid", "--out", str(tmp_path / "r"),
                    "--min-recall10", "0.65", "--min-fact-acc", "0.35", "--max-false-refusal", "0.15"],
                   bot_factory=lambda args: bot)
    assert code == 0, (tmp_path / "r" / "report.md").read_text(encoding="utf-8")[:3000]


def test_missing_default_gold_names_the_fix(tmp_path, monkeypatch, capsys):
    """An installed copy has no tests/gold: the run says to pass --gold instead of failing obscurely."""
    monkeypatch.setattr(ev, "DEFAULT_GOLD", tmp_path / "tests" / "gold" / "dev.jsonl")
    assert ev.main(["--out", str(tmp_path / "out")], bot_factory=lambda a: FakeBot()) == 2
    assert "--gold FILE" in capsys.readouterr().err
