"""Command line: ``python -m qa ask "问题" [--json] [--k N]`` and ``python -m qa ingest …``."""

from __future__ import annotations

import argparse
import logging
import sys

from qa.errors import QAError


def _print_answer(ans, as_json: bool) -> None:  # noqa: ANN001 - an Answer
    if as_json:
        print(ans.to_json())
        return
    print(ans.text)
    if ans.citations:
        print("\n来源：")
        for n, cite in enumerate(ans.citations, start=1):
            where = f" {cite.locator}" if cite.locator else ""
            date = f"（施行 {cite.effective}）" if cite.effective else ""
            quote = cite.quote if len(cite.quote) <= 160 else cite.quote[:160] + "…"
            print(f"[{n}] 《{cite.doc_title}》{where}{date} {cite.source}\n    “{quote}”")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa", description="居住证政策问答")
    sub = parser.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="回答一个问题并列出来源")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="以 JSON 输出完整答案")
    ask.add_argument("--k", type=int, default=None, help="检索的分块数")
    ask.add_argument("--index", default=None, help="索引目录（默认 QA_INDEX_DIR 或 ./index）")
    ask.add_argument("--mode", default="hybrid", choices=["hybrid", "bm25", "dense"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        from qa.answering.pipeline import PolicyQA

        bot = PolicyQA(index_dir=args.index, mode=args.mode)
        _print_answer(bot.ask(args.question, k=args.k), args.json)
    except QAError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
