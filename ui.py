"""Start the web interface: python ui.py [--host 127.0.0.1] [--port 7860] [--concurrency 8].

Uses the index named by QA_INDEX_DIR (default ./index); when none exists it is built from
corpus/ first, with a progress bar. Serves on the local address only (no public share link).
"""

from __future__ import annotations

import argparse
import logging
import sys

from qa.errors import IndexNotBuiltError, QAError

log = logging.getLogger("ui")


def _build_missing_index(settings) -> None:  # noqa: ANN001 - qa.config.Settings, imported lazily
    """Build the index from corpus/ with a progress bar on stderr."""
    from tqdm import tqdm

    from qa.index.build import build_index

    print(f"未找到索引（{settings.index_dir}），正在从 {settings.corpus_dir} 构建……", file=sys.stderr)
    bar = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, unit="文件", desc="建立索引", file=sys.stderr)
        bar.update(done - bar.n)
        bar.set_postfix_str(name[-30:])

    try:
        report = build_index(settings, progress=progress)
    finally:
        if bar is not None:
            bar.close()
    print(report.summary(), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="启动居住证与户籍政策问答的网页界面（仅本机访问）")
    parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    parser.add_argument("--port", type=int, default=7860, help="端口（默认 7860）")
    parser.add_argument("--concurrency", type=int, default=8, help="同时处理的请求数（默认 8）")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    from qa.config import Settings
    from qa.answering.pipeline import PolicyQA
    from qa.app.webui import build_app, launch_app

    try:
        settings = Settings.from_env()
        try:
            bot = PolicyQA(settings=settings)
        except IndexNotBuiltError:
            _build_missing_index(settings)
            bot = PolicyQA(settings=settings)
        app = build_app(bot, concurrency=args.concurrency)
    except QAError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    log.info("serving on http://%s:%d (index %s)", args.host, args.port, settings.index_dir)
    try:
        launch_app(app, args.host, args.port)
    except OSError as exc:  # e.g. the port is taken
        print(f"错误：无法在 {args.host}:{args.port} 启动服务：{exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
