"""Ingest under bad inputs and faults: no silent loss, bad files skipped with a reason, the corpus
boundary, index integrity and recovery, configuration values.

Hostile files are made here in ``tmp_path``; the pack's documents are copied into ``tmp_path`` only
for the test's lifetime. Every row of docs/reliability.md in these sections names a test below.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.answering.pipeline import PolicyQA
from qa.config import Settings
from qa.corpus.chunking import MAX_CHARS, chunk_document
from qa.corpus.loaders import load_document, scan
from qa.errors import ConfigError, CorpusError, IndexError_, PruneRequiredError, QAError
from qa.index import store
from qa.index.build import build_index
from qa.index.embedders import CountingEmbedder, HashEmbedder
from qa.types import Document, content_hash
from tests.conftest import copy_pack_files

REPO = Path(__file__).resolve().parent.parent
PACK_FILES = [
    "national/juzhuzheng_zanxing_tiaoli_2015.md",
    "regions/guangdong/shenzhen_juzhuzheng_tiaoli_2015.txt",
]
# A short regulation written for these tests (not from the pack): three 条 so it chunks as one.
REGULATION = (
    "测试市居住证办法\n\n"
    "第一条　为了规范测试市居住证管理，制定本办法。\n\n"
    "第二条　在测试市居住半年以上的人员，可以申领居住证。\n\n"
    "第三条　居住证有效期为一年，期满前三十日内申请签注。\n"
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QA_") or k.startswith("QA_REQUIRE")}
    return {**env, "QA_EMBEDDER": "hash", **extra}


def _ingest(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "ingest.py", "--quiet", *args], cwd=REPO, capture_output=True, text=True,
                          env=_env(**env), timeout=300)


def _settings(tmp_path: Path, **kw) -> Settings:
    """The repository's corpus/ (the article) as built-in corpus, hash embedder, a temp index."""
    return replace(Settings(), index_dir=tmp_path / "index", embedder="hash", **kw)


def _sources(index_dir: Path) -> set[str]:
    return {d["source"] for d in store.StoredIndex.open(index_dir, None, with_collection=False).documents}


@pytest.fixture()
def extra(tmp_path: Path) -> Path:
    """An extra corpus folder with two documents made here."""
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "ceshi.txt").write_text(REGULATION, encoding="utf-8")
    (folder / "ceshi2.txt").write_text(REGULATION.replace("测试市", "样例市"), encoding="utf-8")
    return folder


# --- no silent loss ---------------------------------------------------------------------------


def test_ingest_without_corpus_updates_from_the_recorded_folders(tmp_path: Path, extra: Path) -> None:
    index = tmp_path / "index"
    first = _ingest("--corpus", str(extra), "--index", str(index))
    assert first.returncode == 0, first.stderr
    assert {"ceshi.txt", "ceshi2.txt"} <= _sources(index)
    assert store.read_pointer(index).corpus == (str(extra.resolve()),)

    again = _ingest("--index", str(index))  # no --corpus: the recorded folder, not the article alone
    assert again.returncode == 0, again.stderr
    assert "内容无变化" in again.stdout and str(extra.resolve()) in again.stdout
    assert {"ceshi.txt", "ceshi2.txt"} <= _sources(index)

    (extra / "ceshi3.txt").write_text(REGULATION.replace("测试市", "示范市"), encoding="utf-8")
    update = _ingest("--index", str(index))
    assert update.returncode == 0 and "ceshi3.txt" in _sources(index)


def test_an_ingest_that_would_remove_documents_lists_them_and_needs_prune(tmp_path: Path, extra: Path) -> None:
    index = tmp_path / "index"
    assert _ingest("--corpus", str(extra), "--index", str(index)).returncode == 0
    before = store.read_pointer(index)
    other = tmp_path / "other"
    other.mkdir()
    (other / "yangli.txt").write_text(REGULATION.replace("测试市", "另一市"), encoding="utf-8")

    refused = _ingest("--corpus", str(other), "--index", str(index))
    assert refused.returncode == 2
    assert "ceshi.txt" in refused.stderr and "ceshi2.txt" in refused.stderr and "--prune" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert store.read_pointer(index) == before  # nothing written
    with pytest.raises(PruneRequiredError) as info:  # the same through the API
        build_index(replace(_settings(tmp_path), index_dir=index), [other], embedder=HashEmbedder())
    assert sorted(info.value.removed) == ["ceshi.txt", "ceshi2.txt"]
    assert store.read_pointer(index) == before

    (extra / "ceshi2.txt").unlink()  # a deleted file is a removal too
    refused = _ingest("--index", str(index))
    assert refused.returncode == 2 and "ceshi2.txt" in refused.stderr and "ceshi.txt" not in refused.stderr

    pruned = _ingest("--index", str(index), "--prune")
    assert pruned.returncode == 0, pruned.stderr
    assert "已从索引删除 ceshi2.txt" in pruned.stdout
    assert "ceshi.txt" in _sources(index) and "ceshi2.txt" not in _sources(index)


def test_a_moved_corpus_folder_is_an_update_not_a_removal(tmp_path: Path, extra: Path) -> None:
    settings = _settings(tmp_path)
    build_index(settings, [extra], embedder=HashEmbedder())
    moved = tmp_path / "moved"
    shutil.move(extra, moved)
    with pytest.raises(CorpusError, match="已不存在") as info:  # the recorded folder is gone
        build_index(settings, embedder=HashEmbedder())
    assert str(extra.resolve()) in str(info.value) and "--corpus" in str(info.value)
    counting = CountingEmbedder(HashEmbedder())
    report = build_index(settings, [moved], embedder=counting)  # same texts, new place: nothing lost
    assert report.removed == [] and counting.texts_embedded == 0
    assert store.read_pointer(settings.index_dir).corpus == (str(moved.resolve()),)


def test_a_vanished_recorded_folder_is_dropped_only_with_prune(tmp_path: Path, extra: Path) -> None:
    settings = _settings(tmp_path)
    build_index(settings, [extra], embedder=HashEmbedder())
    shutil.rmtree(extra)
    with pytest.raises(CorpusError, match="--prune"):
        build_index(settings, embedder=HashEmbedder())
    report = build_index(settings, prune=True, embedder=HashEmbedder())
    assert sorted(report.removed) == ["ceshi.txt", "ceshi2.txt"] and store.read_pointer(settings.index_dir).corpus == ()


@pytest.mark.parametrize("path, message", [
    ("", "为空"),
    ("/dev/null", "不是文件夹"),
    ("FILE", "不是文件夹"),
    ("MISSING", "不存在"),
], ids=["empty", "dev_null", "file", "missing"])
def test_empty_or_non_folder_corpus_path_is_an_error(tmp_path: Path, path: str, message: str) -> None:
    if path == "FILE":
        path = str(tmp_path / "one.txt")
        Path(path).write_text(REGULATION, encoding="utf-8")
    elif path == "MISSING":
        path = str(tmp_path / "nowhere")
    with pytest.raises(CorpusError, match=message):
        build_index(_settings(tmp_path), [path], embedder=HashEmbedder())
    assert not (tmp_path / "index" / store.POINTER).exists()
    proc = _ingest("--corpus", path, "--index", str(tmp_path / "index"))
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "index" / store.POINTER).exists()


@contextmanager
def _unwritable(folder: Path):
    """Make ``folder`` (and everything in it) unwritable for this process: immutable for root
    (chattr +i; root ignores permission bits), read-only modes otherwise."""
    files = [folder, *folder.rglob("*")]
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a folder unwritable")
        done = subprocess.run(["chattr", "-R", "+i", str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"chattr +i not supported here: {done.stderr.decode()[:200]}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-R", "-i", str(folder)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in files}
        for p in files:
            p.chmod(modes[p] & ~0o222)
        try:
            yield
        finally:
            for p in reversed(files):
                p.chmod(modes[p])


@pytest.mark.parametrize("kind", ["file", "under_file", "unwritable"])
def test_unusable_index_path_is_a_clear_error(tmp_path: Path, kind: str) -> None:
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    index = {"file": a_file, "under_file": a_file / "sub" / "index", "unwritable": tmp_path / "locked"}[kind]
    if kind == "unwritable":
        index.mkdir()
        with _unwritable(index):
            proc = _ingest("--index", str(index))
            with pytest.raises(IndexError_, match="不可写"):
                build_index(replace(_settings(tmp_path), index_dir=index), embedder=HashEmbedder())
    else:
        proc = _ingest("--index", str(index))
        with pytest.raises(IndexError_, match="文件"):
            build_index(replace(_settings(tmp_path), index_dir=index), embedder=HashEmbedder())
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert str(index) in proc.stderr and "--index" in proc.stderr


# --- bad files --------------------------------------------------------------------------------


def _docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _rezip(raw: bytes, replace_parts: dict[str, bytes], drop: tuple[str, ...] = ()) -> bytes:
    """The docx ``raw`` with some parts replaced or dropped."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename in drop:
                continue
            dst.writestr(item.filename, replace_parts.get(item.filename, src.read(item.filename)))
    return out.getvalue()


def _good_docx() -> bytes:
    return _docx_bytes(REGULATION.split("\n\n"))


def _document_xml(raw: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return archive.read("word/document.xml")


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    xml = _document_xml(_good_docx()).decode("utf-8")
    head, rest = xml.split("?>", 1)
    hostile = f"{head}?><!DOCTYPE w:document [{entities}]>{rest.replace('第一条', '&lol9;第一条', 1)}"
    return _rezip(_good_docx(), {"word/document.xml": hostile.encode("utf-8")})


def _zip_bomb() -> bytes:
    """A docx whose document.xml unzips to 60 MB: one text node of a repeated character."""
    xml = _document_xml(_good_docx()).decode("utf-8")
    bomb = xml.replace("第一条", "第一条" + "居" * 20_000_000, 1).encode("utf-8")
    return _rezip(_good_docx(), {"word/document.xml": bomb})


BAD_DOCX = {
    "content_types_garbage.docx": (lambda: _rezip(_good_docx(), {"[Content_Types].xml": b"\x00garbage<<<>>>"}), "docx"),
    "document_xml_cut.docx": (lambda: _rezip(_good_docx(), {
        "word/document.xml": _document_xml(_good_docx())[: len(_document_xml(_good_docx())) // 2]}), "XML"),
    "no_document_xml.docx": (lambda: _rezip(_good_docx(), {}, drop=("word/document.xml",)), "document.xml"),
    "billion_laughs.docx": (_billion_laughs, "DTD"),
    "zip_bomb.docx": (_zip_bomb, "解压后"),
    "truncated_zip.docx": (lambda: _good_docx()[:2000], "docx"),
}


@pytest.mark.parametrize("name", sorted(BAD_DOCX))
def test_malformed_or_hostile_docx_is_refused_with_a_reason(tmp_path: Path, name: str) -> None:
    make, reason = BAD_DOCX[name]
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CorpusError, match=reason) as info:
        load_document(path)
    assert name in str(info.value)


def test_bad_files_never_abort_the_ingest(tmp_path: Path) -> None:
    corpus = tmp_path / "mixed"
    corpus.mkdir()
    (corpus / "good.docx").write_bytes(_docx_bytes(REGULATION.replace("测试市", "甲市").split("\n\n")))
    for name, (make, _) in BAD_DOCX.items():
        (corpus / name).write_bytes(make())
    (corpus / "deep.html").write_text(
        "<html><body>" + "<b>" * 5_000 + REGULATION.replace("测试市", "乙市").replace("\n", "<br>"), encoding="utf-8")
    (corpus / "broken.html").write_text(
        "<html><body><div><p>" + REGULATION.replace("测试市", "丙市") + "<table><tr><td>未闭合<td>&bogus;&#0;",
        encoding="utf-8")
    (corpus / "random.txt").write_bytes(_high_bytes(4000, 7))
    report = build_index(_settings(tmp_path), [corpus], embedder=HashEmbedder())
    skipped = dict(report.skipped)
    assert set(BAD_DOCX) | {"random.txt"} == set(skipped), skipped
    assert all(reason for reason in skipped.values())
    sources = _sources(tmp_path / "index")
    assert {"good.docx", "deep.html", "broken.html"} <= sources  # malformed HTML is read leniently
    for name in BAD_DOCX:
        assert name in report.summary()


def test_deeply_nested_html_reads_without_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div><span>" * 5_000 + "<p>" + REGULATION + "</p>", encoding="utf-8")
    doc = load_document(path)
    assert "第二条" in doc.text


def _high_bytes(n: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(n))


def _gbk_noise(n: int, seed: int) -> bytes:
    """Random byte pairs that are all valid GBK: GB18030 decodes them without error."""
    rng = random.Random(seed)
    trails = [*range(0x40, 0x7F), *range(0x80, 0xFF)]
    return bytes(b for _ in range(n) for b in (rng.randrange(0x81, 0xFF), rng.choice(trails)))


@pytest.mark.parametrize("name, data", [
    ("gbk_noise.txt", _gbk_noise(3000, 1)),
    ("high_bytes.txt", _high_bytes(6000, 2)),
    ("controls.txt", bytes(range(1, 32)) * 50),
])
def test_undecodable_text_is_rejected_not_indexed_as_mojibake(tmp_path: Path, name: str, data: bytes) -> None:
    if name == "gbk_noise.txt":
        assert data.decode("gb18030")  # decodes without error: only the plausibility check rejects it
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CorpusError, match=r"编码|二进制") as info:
        load_document(path)
    assert name in str(info.value)


@pytest.mark.parametrize("codec, bom", [
    ("utf-16-le", b""), ("utf-16-be", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
    ("big5", b""), ("gb18030", b""),
])
def test_utf16_and_legacy_encodings_are_detected_and_read(tmp_path: Path, codec: str, bom: bytes) -> None:
    text = TRADITIONAL if codec == "big5" else REGULATION
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(bom + text.encode(codec))
    assert load_document(path).text == load_document(_utf8(tmp_path, text)).text


TRADITIONAL = (
    "測試市居住證辦法\n\n"
    "第一條　為了規範測試市居住證管理，制定本辦法。\n\n"
    "第二條　在測試市居住半年以上的人員，可以申領居住證。\n\n"
    "第三條　居住證有效期為一年，期滿前三十日內申請簽註。\n"
)


def _utf8(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reference.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_utf16_without_ascii_has_no_nul_bytes_and_still_reads(tmp_path: Path) -> None:
    # No character with a NUL byte in UTF-16 (not ASCII, not 一 U+4E00, not 　 U+3000).
    text = "".join(ch for ch in REGULATION if ord(ch) > 0xFF and ord(ch) & 0xFF)
    raw = text.encode("utf-16-le")
    assert b"\x00" not in raw
    path = tmp_path / "pure.txt"
    path.write_bytes(raw)
    assert load_document(path).text.startswith("测试市居住证办法")


def test_a_stray_nul_byte_after_8_kb_is_dropped(tmp_path: Path) -> None:
    body = (REGULATION * 60).encode("utf-8")
    assert len(body) > 8192
    path = tmp_path / "nul.txt"
    path.write_bytes(body[:9000] + b"\x00" + body[9000:])
    doc = load_document(path)
    assert "\x00" not in doc.text and doc.text.count("第三条") == 60
    many = tmp_path / "many_nuls.txt"
    many.write_bytes(body.replace(b"\xe3\x80\x80", b"\x00\x00\x00"))  # every 　 becomes NULs
    with pytest.raises(CorpusError, match="二进制"):
        load_document(many)


def test_file_and_paragraph_size_limits_skip_with_a_message(tmp_path: Path) -> None:
    corpus = tmp_path / "big"
    corpus.mkdir()
    sentence = "第一条　在本市居住半年以上、有合法稳定就业的人员，可以申领居住证。\n"
    with open(corpus / "fifty_mb.txt", "w", encoding="utf-8") as fh:
        for _ in range(50 * 1024 * 1024 // len(sentence.encode("utf-8")) + 1):
            fh.write(sentence)
    (corpus / "long_line.txt").write_text("第一条" + "居住证" * 10_000 + "\n", encoding="utf-8")
    (corpus / "one_line_15mb.txt").write_text("居住证" * (15 * 1024 * 1024 // 9), encoding="utf-8")
    (corpus / "ok.txt").write_text(REGULATION, encoding="utf-8")
    settings = _settings(tmp_path)  # the default limits
    report = build_index(settings, [corpus], embedder=HashEmbedder())
    skipped = dict(report.skipped)
    assert "QA_MAX_FILE_MB" in skipped["fifty_mb.txt"]
    assert f"超过上限 {settings.max_file_bytes / 1024 / 1024:.1f} MB" in skipped["fifty_mb.txt"]
    assert "QA_MAX_PARAGRAPH_CHARS" in skipped["long_line.txt"] and "30,003" in skipped["long_line.txt"]
    assert "QA_MAX_FILE_MB" in skipped["one_line_15mb.txt"]
    assert "ok.txt" in _sources(settings.index_dir)


def test_size_limits_come_from_the_environment() -> None:
    env = {"QA_MAX_FILE_MB": "2.5", "QA_MAX_PARAGRAPH_CHARS": "5000"}
    with _patched_env(env):
        settings = Settings.from_env()
    assert settings.max_file_bytes == int(2.5 * 1024 * 1024) and settings.max_paragraph_chars == 5000
    assert "QA_MAX_FILE_MB" in (REPO / "README.md").read_text(encoding="utf-8")
    assert "QA_MAX_PARAGRAPH_CHARS" in (REPO / "README.md").read_text(encoding="utf-8")


def test_a_line_without_punctuation_is_split_by_length() -> None:
    text = "测试市居住证办法\n\n" + "居住证申领条件说明" * 22_222 + "\n"  # ~200,000 characters, no 。；！？
    doc = Document(doc_id=content_hash(text), source="long.txt", text=text, title="测试市居住证办法")
    chunks = chunk_document(doc)
    assert max(len(c.quote) for c in chunks) <= MAX_CHARS
    assert len(chunks) >= 200_000 // MAX_CHARS
    assert all(c.quote == text[c.start:c.end] for c in chunks)
    covered = sum(len(c.quote) for c in chunks)
    assert covered >= len(text.replace("\n", "")) - 10  # nothing dropped


CHILD_INGEST = """
import json, sys
from dataclasses import replace
from pathlib import Path
from qa.bench.runner import peak_mb
from qa.config import Settings
from qa.index.build import build_index
settings = replace(Settings(), index_dir=Path(sys.argv[1]), corpus_dir=Path(sys.argv[2]), embedder="use",
                   max_paragraph_chars=300_000)
report = build_index(settings, [])
print(json.dumps({"chunks": report.chunks, "skipped": report.skipped,
                  "peak_mb": peak_mb()}))
"""


def test_a_200000_character_line_ingests_in_bounded_memory(tmp_path: Path) -> None:
    """End to end with the default embedder: the issue saw 3 GB after 10 s for this input."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "long.txt").write_text("测试市居住证办法\n\n" + "居住证申领条件说明" * 22_222 + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", CHILD_INGEST, str(tmp_path / "index"), str(corpus)], cwd=REPO,
                          capture_output=True, text=True, env=_env(), timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["skipped"] == [] and result["chunks"] >= 200_000 // MAX_CHARS
    assert result["peak_mb"] < 1500, result  # a whole-line chunk went past 3,000 MB


# --- corpus boundary --------------------------------------------------------------------------


def test_symlinks_out_of_the_corpus_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = REGULATION.replace("测试市", "机密市")
    (outside / "secret.txt").write_text(secret, encoding="utf-8")
    (outside / "dir").mkdir()
    (outside / "dir" / "more.txt").write_text(secret.replace("机密市", "隐藏市"), encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "real.txt").write_text(REGULATION, encoding="utf-8")
    (corpus / "link_out.txt").symlink_to(outside / "secret.txt")
    (corpus / "link_dir").symlink_to(outside / "dir", target_is_directory=True)
    (corpus / "link_in.txt").symlink_to(corpus / "real.txt")
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")

    files, skipped = scan(corpus)
    assert files == [(corpus / "real.txt").resolve()]
    reasons = dict(skipped)
    assert set(reasons) == {"link_out.txt", "link_dir", "dangling.txt"}
    assert "语料目录之外" in reasons["link_out.txt"] and "不跟随" in reasons["link_dir"]

    report = build_index(_settings(tmp_path), [corpus], embedder=HashEmbedder())
    assert {"link_out.txt", "link_dir", "dangling.txt"} <= dict(report.skipped).keys()
    chunks = store.StoredIndex.open(tmp_path / "index", None, with_collection=False).chunks
    assert not any("机密市" in c.quote or "隐藏市" in c.quote for c in chunks)
    assert "符号链接" in report.summary()


# --- index integrity and recovery -------------------------------------------------------------


@pytest.fixture(scope="module")
def built(pack_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(index, corpus): the article plus two pack files, built once; each test damages a copy."""
    root = tmp_path_factory.mktemp("integrity")
    corpus = copy_pack_files(pack_dir, root / "pack", PACK_FILES)
    index = root / "index"
    build_index(replace(Settings(), index_dir=index, embedder="hash"), [corpus], embedder=HashEmbedder())
    return index, corpus


def _copy(built: tuple[Path, Path], tmp_path: Path) -> Settings:
    shutil.copytree(built[0], tmp_path / "index", symlinks=True)
    return _settings(tmp_path)


def _live_folder(index: Path) -> Path:
    return index / store.read_pointer(index).name


def _segment_folders(index: Path) -> list[Path]:
    chroma = index / store.read_pointer(index).store
    return [p for p in chroma.iterdir() if p.is_dir()]


def _damage(kind: str, index: Path) -> None:
    live = _live_folder(index) if kind != "garbage_current" else None
    if kind == "garbage_current":
        (index / store.POINTER).write_bytes(b"\x00\xffnot json{{{")
    elif kind == "truncated_sqlite":
        database = index / store.read_pointer(index).store / "chroma.sqlite3"
        with open(database, "r+b") as fh:
            fh.truncate(database.stat().st_size // 2)
    elif kind == "deleted_generation":
        shutil.rmtree(live)
    elif kind == "deleted_hnsw_segment":
        folders = _segment_folders(index)
        assert folders, "no HNSW segment folder to delete"
        for folder in folders:
            shutil.rmtree(folder)
    elif kind == "chunk_missing_field":
        lines = (live / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
        row = json.loads(lines[3])
        del row["quote"]
        lines[3] = json.dumps(row, ensure_ascii=False)
        (live / "chunks.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "malformed_documents":
        (live / "documents.json").write_text('[{"path": "x"', encoding="utf-8")
    elif kind == "wrong_shape_vectors":
        vectors = np.load(live / "vectors.npy")
        np.save(live / "vectors.npy", vectors[:, :-1])
    elif kind == "missing_vectors_rows":
        vectors = np.load(live / "vectors.npy")
        np.save(live / "vectors.npy", vectors[:-5])
    else:
        raise AssertionError(kind)


DAMAGE = ["garbage_current", "truncated_sqlite", "deleted_generation", "deleted_hnsw_segment", "chunk_missing_field",
          "malformed_documents", "wrong_shape_vectors", "missing_vectors_rows"]
DAMAGE_MESSAGE = {"garbage_current": "CURRENT", "truncated_sqlite": "Chroma", "deleted_generation": "版本目录不存在",
                  "deleted_hnsw_segment": "Chroma 集合", "chunk_missing_field": "chunks.jsonl 第 4 行",
                  "malformed_documents": "documents.json", "wrong_shape_vectors": "vectors.npy",
                  "missing_vectors_rows": "vectors.npy"}


@pytest.fixture()
def damaged(kind: str, built: tuple[Path, Path], tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """A damaged copy of an index. The HNSW case needs the whole pack: a small collection is
    searched from Chroma's log alone, so deleting its segment folder changes nothing."""
    source = request.getfixturevalue("pack_index") if kind == "deleted_hnsw_segment" else built[0]
    shutil.copytree(source, tmp_path / "index", symlinks=True)
    settings = _settings(tmp_path)
    held = json.loads((_live_folder(settings.index_dir) / "documents.json").read_text("utf-8"))
    settings.index_dir.joinpath(".sources.json").write_text(json.dumps(sorted(d["source"] for d in held)))
    _damage(kind, settings.index_dir)
    return settings


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_index_is_a_clear_error_naming_rebuild(damaged: Settings, kind: str) -> None:
    with pytest.raises(IndexError_, match="--rebuild") as info:
        PolicyQA(settings=damaged)
    assert DAMAGE_MESSAGE[kind] in str(info.value)
    assert isinstance(info.value, QAError)


@pytest.mark.parametrize("kind", DAMAGE)
def test_rebuild_recovers_from_every_damaged_state(damaged: Settings, kind: str) -> None:
    before = json.loads(damaged.index_dir.joinpath(".sources.json").read_text())
    report = build_index(damaged, rebuild=True, embedder=HashEmbedder())  # no corpus given: the recorded folders
    assert report.changed and sorted(_sources(damaged.index_dir)) == before
    answer = PolicyQA(settings=damaged).ask("深圳居住证有效期多长")
    assert answer.citations and not answer.refused
    live = store.read_pointer(damaged.index_dir)
    leftovers = [p.name for p in damaged.index_dir.iterdir() if p.name.startswith(("g0", "chroma"))]
    assert sorted(leftovers) == sorted([live.name, live.store])  # damaged generations and stores swept


def test_rebuild_from_the_command_line_after_garbage_in_current(built: tuple[Path, Path], tmp_path: Path) -> None:
    settings = _copy(built, tmp_path)
    before = _sources(settings.index_dir)
    _damage("garbage_current", settings.index_dir)
    plain = _ingest("--index", str(settings.index_dir))
    assert plain.returncode == 0 and "原索引已损坏" in plain.stdout, plain.stderr[-2000:]
    _damage("garbage_current", settings.index_dir)
    proc = _ingest("--rebuild", "--index", str(settings.index_dir))
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert _sources(settings.index_dir) == before  # the corpus folders were read from the generation folder
    ask = subprocess.run([sys.executable, "-m", "qa", "ask", "深圳居住证有效期多长", "--index", str(settings.index_dir),
                          "--json"], cwd=REPO, capture_output=True, text=True, env=_env(), timeout=300)
    assert ask.returncode == 0 and json.loads(ask.stdout)["citations"], ask.stderr[-2000:]


def test_a_plain_ingest_after_a_deleted_generation_folder_recovers(built: tuple[Path, Path], tmp_path: Path) -> None:
    settings = _copy(built, tmp_path)
    old = store.read_pointer(settings.index_dir)
    shutil.rmtree(settings.index_dir / old.name)
    report = build_index(settings, embedder=HashEmbedder())  # used to fail: "Collection … already exists"
    assert report.changed and report.generation > old.name
    assert PolicyQA(settings=settings).retrieve("居住证有效期", k=3)


def test_leftovers_of_interrupted_ingests_are_cleaned(built: tuple[Path, Path], tmp_path: Path) -> None:
    settings = _copy(built, tmp_path)
    live = store.read_pointer(settings.index_dir)
    client = store.chroma_client(settings.index_dir, None, live.store)
    stored = store.StoredIndex.open(settings.index_dir, None)
    # A build killed after writing its generation but before the pointer swap …
    writer = store.GenerationWriter(settings.index_dir, client, settings.collection, live.embedder, live.store)
    writer.write(stored.chunks, stored.tokens, stored.vectors, stored.documents)
    # … and one killed while creating its folder, before any collection.
    (settings.index_dir / "g000099").mkdir()
    assert writer.collection_name in store.collection_names(client)

    report = build_index(settings, embedder=HashEmbedder())
    assert not report.changed  # nothing to re-index, but the leftovers go
    assert not writer.folder.exists() and not (settings.index_dir / "g000099").exists()
    assert writer.collection_name not in store.collection_names(client)
    assert store.collection_names(client) == [live.collection]
    assert any("中断" in note for note in report.notes)
    assert PolicyQA(settings=settings).retrieve("居住证有效期", k=3)


def test_a_read_only_index_can_answer(built: tuple[Path, Path], tmp_path: Path) -> None:
    settings = _copy(built, tmp_path)
    expected = [h.chunk.chunk_id for h in PolicyQA(settings=replace(settings, index_dir=built[0])).retrieve(
        "深圳居住证有效期", k=5)]
    with _unwritable(settings.index_dir):
        proc = subprocess.run([sys.executable, "-m", "qa", "ask", "深圳居住证有效期", "--index",
                               str(settings.index_dir), "--json", "--k", "5"], cwd=REPO, capture_output=True,
                              text=True, env=_env(), timeout=300)
        bot = PolicyQA(settings=settings)
        got = [h.chunk.chunk_id for h in bot.retrieve("深圳居住证有效期", k=5)]
        dense = [h.chunk.chunk_id for h in bot.with_mode("dense").retrieve("深圳居住证有效期", k=5)]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout)["citations"]
    assert got == expected and dense


def test_validation_compares_the_collection_with_the_files(built: tuple[Path, Path], tmp_path: Path) -> None:
    settings = _copy(built, tmp_path)
    live = store.read_pointer(settings.index_dir)
    client = store.chroma_client(settings.index_dir, None, live.store)
    collection = client.get_collection(live.collection)
    first = store.StoredIndex.open(settings.index_dir, None, with_collection=False).chunks[0]
    collection.delete(ids=[first.chunk_id])
    with pytest.raises(IndexError_, match=r"Chroma 集合 .* 个向量"):
        store.StoredIndex.open(settings.index_dir, None)


# --- configuration ----------------------------------------------------------------------------


@contextmanager
def _patched_env(values: dict[str, str]):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.mark.parametrize("name, value", [
    ("QA_LLM_TIMEOUT", "abc"), ("QA_LLM_TIMEOUT", "-3"), ("QA_LLM_TIMEOUT", "nan"),
    ("QA_MAX_FILE_MB", "ten"), ("QA_MAX_PARAGRAPH_CHARS", "0"),
])
def test_an_unparsable_setting_is_a_clear_error(tmp_path: Path, name: str, value: str) -> None:
    with _patched_env({name: value}), pytest.raises(ConfigError, match=name) as info:
        Settings.from_env()
    assert repr(value) in str(info.value)
    for command in (["ingest.py", "--quiet", "--index", str(tmp_path / "i")],
                    ["-m", "qa", "ask", "居住证有效期", "--index", str(tmp_path / "i")]):
        proc = subprocess.run([sys.executable, *command], cwd=REPO, capture_output=True, text=True,
                              env=_env(**{name: value}), timeout=300)
        assert proc.returncode == 2 and name in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
