"""Build or update the index: python ingest.py [--corpus PATH ...] [--index DIR] [--rebuild]."""

from __future__ import annotations

import argparse
import logging
import sys

from qa.errors import QAError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把 corpus/ 与 --corpus 指定的文件建成检索索引（增量、可中断）")
    parser.add_argument("--corpus", action="append", default=[], metavar="PATH", help="额外的语料文件或目录，可重复")
    parser.add_argument("--index", default=None, metavar="DIR", help="索引目录（默认 QA_INDEX_DIR 或 ./index）")
    parser.add_argument("--rebuild", action="store_true", help="忽略已有索引，全部重新向量化")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from tqdm import tqdm

    from qa.index.build import build_index
    from qa.config import Settings

    settings = Settings.from_env(index_dir=args.index)
    bar = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar
        if args.quiet:
            return
        if bar is None:
            bar = tqdm(total=total, unit="文件", desc="载入", file=sys.stderr)
        bar.update(done - bar.n)
        bar.set_postfix_str(name[-30:])

    try:
        report = build_index(settings, args.corpus, rebuild=args.rebuild, progress=progress)
    except QAError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    finally:
        if bar is not None:
            bar.close()
    print(report.summary())
    print(f"索引目录：{settings.index_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
