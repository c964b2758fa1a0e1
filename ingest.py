"""Build or update the index: python ingest.py [--corpus DIR ...] [--index DIR] [--rebuild] [--prune].

Without --corpus the index is updated from the corpus folders it was built from. An update that
would remove documents from the index lists them and stops unless --prune is given.
"""

from __future__ import annotations

import argparse
import logging
import sys

from qa.errors import QAError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="把 corpus/ 与 --corpus 指定的文件夹建成检索索引（增量、可中断）")
    parser.add_argument("--corpus", action="append", default=None, metavar="DIR",
                        help="额外的语料文件夹，可重复；不写时沿用索引记录的文件夹")
    parser.add_argument("--index", default=None, metavar="DIR", help="索引目录（默认 QA_INDEX_DIR 或 ./index）")
    parser.add_argument("--rebuild", action="store_true", help="忽略已有索引，全部重新向量化（索引损坏时用它恢复）")
    parser.add_argument("--prune", action="store_true", help="允许从索引删除已不在语料中的文档")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from tqdm import tqdm

    from qa.config import Settings
    from qa.index.build import build_index

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
        settings = Settings.from_env(index_dir=args.index)
        report = build_index(settings, args.corpus, rebuild=args.rebuild, prune=args.prune, progress=progress)
    except QAError as exc:
        if bar is not None:
            bar.close()
            bar = None
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
