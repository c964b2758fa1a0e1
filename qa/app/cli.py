"""The ``juzhuzheng-qa`` command: ask, ingest, ui, eval, bench.

    juzhuzheng-qa ask "问题" [--json] [--k N] [--index DIR] [--mode hybrid|bm25|dense]
    juzhuzheng-qa ingest [--corpus DIR ...] [--fetch [--mirror URL]] [--index DIR] [--rebuild] [--prune] [--quiet]
    juzhuzheng-qa ui [--host 127.0.0.1] [--port 7860] [--concurrency 8]
    juzhuzheng-qa eval …     (the options of ``python -m qa.eval``)
    juzhuzheng-qa bench …    (the options of ``python -m qa.bench``)

``python -m qa``, ``python ingest.py`` and ``python ui.py`` call the same ``main``. The library
raises ``QAError``; this module only turns it into a message and exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa.errors import IndexNotBuiltError, QAError

__all__ = ["main"]

PROG = "juzhuzheng-qa"
log = logging.getLogger(__name__)


# ---------------------------------------------------------------- ask


def _print_answer(ans: Any, as_json: bool) -> None:
    if as_json:
        print(ans.to_json())
        return
    print(ans.text)
    if ans.citations:
        print("\n来源：")
        for n, cite in enumerate(ans.citations, start=1):
            where = f" {cite.locator}" if cite.locator else ""
            date = f"（施行 {cite.effective}）" if cite.effective else ""
            origin = "【用户添加，未经核实】" if cite.official is False else ""
            quote = cite.quote if len(cite.quote) <= 160 else cite.quote[:160] + "…"
            print(f"[{n}] {origin}《{cite.doc_title}》{where}{date} {cite.source}\n    “{quote}”")


def _decodable(text: str) -> bool:
    """False when the OS handed over bytes that are not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _ask(args: argparse.Namespace) -> int:
    from qa.answering.pipeline import PolicyQA

    if not _decodable(args.question):
        print("错误：问题中含有无法按 UTF-8 解码的字节（终端编码不是 UTF-8？）；请用 UTF-8 输入问题", file=sys.stderr)
        return 2

    bot = PolicyQA(index_dir=args.index, mode=args.mode)
    _print_answer(bot.ask(args.question, k=args.k), args.json)
    return 0


# ---------------------------------------------------------------- ingest


class _Bar:
    """A tqdm bar on stderr for ``fetch_documents``' progress callback (created on the first call)."""

    def __init__(self, desc: str, quiet: bool = False) -> None:
        self.desc, self.quiet, self.bar = desc, quiet, None

    def __call__(self, done: int, total: int, name: str) -> None:
        if self.quiet:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="文件", desc=self.desc, file=sys.stderr)
        self.bar.update(done - self.bar.n)
        self.bar.set_postfix_str(name[-30:])

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _fetch(args: argparse.Namespace) -> Any:
    """``--fetch``: download and verify the catalog's documents; the FetchResult."""
    from qa.config import DOCUMENTS_DIR
    from qa.corpus.fetch import fetch_documents

    bar = _Bar("下载", args.quiet)
    try:
        result = fetch_documents(DOCUMENTS_DIR, mirror=args.mirror, progress=bar)
    finally:
        bar.close()
    print(result.summary())
    return result


def _recorded_corpus(settings: Any) -> list[str]:
    """The extra corpus folders the live index was built from (none for a new index)."""
    from qa.index import store

    generation = store.read_pointer(settings.index_dir)
    return list(generation.corpus) if generation is not None else []


def _ingest(args: argparse.Namespace) -> int:
    """Exit status 0, or 1 when ``--fetch`` rejected a file (the verified ones are still ingested)."""
    from qa.config import Settings
    from qa.index.build import build_index
    from qa.index.progress import ProgressBars

    if args.mirror and not args.fetch:
        raise QAError("--mirror 只能与 --fetch 同用：例如 --fetch --mirror http://127.0.0.1:8000/corpus")
    settings = Settings.from_env(index_dir=args.index)
    corpus = args.corpus  # None: the folders the index was built from
    fetched = _fetch(args) if args.fetch else None
    if fetched is not None and any(fetched.folder.rglob("*")):
        # The downloaded documents join the folders already indexed, so nothing else is dropped.
        corpus = list(corpus if corpus is not None else _recorded_corpus(settings))
        if fetched.folder.resolve() not in {Path(p).resolve() for p in corpus}:
            corpus.append(fetched.folder.resolve())
    with ProgressBars() as bars:  # 载入文件 → 向量化 → 写入索引, one bar each
        report = build_index(settings, corpus, rebuild=args.rebuild, prune=args.prune,
                             progress=None if args.quiet else bars)
    print(report.summary())
    print(f"索引目录：{settings.index_dir}")
    if fetched is not None and fetched.rejected:
        names = "、".join(path for path, _ in fetched.rejected)
        print(f"错误：{len(fetched.rejected)} 个官方文件未通过校验，未收录：{names}", file=sys.stderr)
        return 1
    return 0


# ---------------------------------------------------------------- ui


def _ui(args: argparse.Namespace) -> int:
    from qa.answering.pipeline import PolicyQA
    from qa.app.webui import build_app, launch_app
    from qa.config import DEFAULT_INDEX_DIR, Settings
    from qa.index.build import build_index
    from qa.index.progress import ProgressBars

    settings = Settings.from_env(index_dir=args.index)
    try:
        bot = PolicyQA(settings=settings)
    except IndexNotBuiltError:
        # The default folder is where a fresh install builds its first index; any other folder was
        # named by someone, and a typo there must not quietly become a new index of the article alone.
        first_run = settings.index_dir.resolve() == DEFAULT_INDEX_DIR.resolve()
        if not (args.build or first_run):
            print(f"错误：{settings.index_dir} 中没有索引。请检查 QA_INDEX_DIR 或 --index 是否写错；"
                  f"如确要在此新建索引，请加 --build，或先运行 python ingest.py --index {settings.index_dir}",
                  file=sys.stderr)
            return 2
        why = "首次运行" if first_run else "按 --build 的要求"
        print(f"{why}：未找到索引（{settings.index_dir}），正在从 {settings.corpus_dir} 构建……", file=sys.stderr)
        with ProgressBars(prefix="建立索引") as bars:
            report = build_index(settings, progress=bars)
        print(report.summary(), file=sys.stderr)
        bot = PolicyQA(settings=settings)
    app = build_app(bot, concurrency=args.concurrency)
    log.info("serving on http://%s:%d (index %s)", args.host, args.port, settings.index_dir)
    try:
        launch_app(app, args.host, args.port)
    except OSError as exc:  # e.g. the port is taken
        print(f"错误：无法在 {args.host}:{args.port} 启动服务：{exc}", file=sys.stderr)
        return 2
    return 0


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=PROG, description="居住证与户籍政策问答：有出处的回答与资格自测")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{ask,ingest,ui,eval,bench}")

    ask = sub.add_parser("ask", help="回答一个问题并列出来源")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="以 JSON 输出完整答案")
    ask.add_argument("--k", type=int, default=None, help="检索的分块数")
    ask.add_argument("--index", default=None, metavar="DIR", help="索引目录（默认 QA_INDEX_DIR 或默认位置）")
    ask.add_argument("--mode", default="hybrid", choices=["hybrid", "bm25", "dense"])
    ask.set_defaults(run=_ask)

    ingest = sub.add_parser("ingest", help="把内置语料与 --corpus 指定的文件建成检索索引（增量、可中断）")
    ingest.add_argument("--corpus", action="append", default=None, metavar="DIR",
                        help="额外的语料文件夹，可重复；不写时沿用索引记录的文件夹")
    ingest.add_argument("--fetch", action="store_true",
                        help="按目录（catalog）从公开来源下载官方文件，逐个校验 sha256 后建入索引")
    ingest.add_argument("--mirror", default=None, metavar="URL",
                        help="与 --fetch 同用：从另一份同样布局的副本下载（URL + 文件包内相对路径）")
    ingest.add_argument("--index", default=None, metavar="DIR", help="索引目录（默认 QA_INDEX_DIR 或默认位置）")
    ingest.add_argument("--rebuild", action="store_true", help="忽略已有索引，全部重新向量化（索引损坏时用它恢复）")
    ingest.add_argument("--prune", action="store_true", help="允许从索引删除已不在语料中的文档")
    ingest.add_argument("--quiet", action="store_true", help="不显示进度条")
    ingest.set_defaults(run=_ingest)

    ui = sub.add_parser("ui", help="启动网页界面（仅本机访问；首次运行时自动建立索引）")
    ui.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    ui.add_argument("--port", type=int, default=7860, help="端口（默认 7860）")
    ui.add_argument("--concurrency", type=int, default=8, help="同时处理的请求数（默认 8）")
    ui.add_argument("--index", default=None, metavar="DIR", help="索引目录（默认 QA_INDEX_DIR 或默认位置）")
    ui.add_argument("--build", action="store_true",
                    help="索引不存在时从内置语料新建（默认只在首次运行、使用默认位置时自动新建）")
    ui.set_defaults(run=_ui)

    # Their own parsers read the rest of the command line (see _DELEGATED).
    sub.add_parser("eval", help="在金标准问题集上评测（参数同 python -m qa.eval --help）", add_help=False)
    sub.add_parser("bench", help="速度与内存基准（参数同 python -m qa.bench --help）", add_help=False)
    return parser


def _eval_main(argv: list[str]) -> int:
    from qa.eval.harness import main as eval_main

    return eval_main(argv)


def _bench_main(argv: list[str]) -> int:
    from qa.bench.runner import main as bench_main

    return bench_main(argv)


_DELEGATED = {"eval": _eval_main, "bench": _bench_main}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; returns the exit status (0 ok, 1 eval threshold missed, 2 error)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    if argv and argv[0] in _DELEGATED:
        return _DELEGATED[argv[0]](argv[1:])
    args = build_parser().parse_args(argv)
    level = logging.INFO if args.command == "ui" else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except QAError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
