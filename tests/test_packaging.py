"""Packaging: the wheel carries the code, the rules, the article and the catalog, installs into a fresh
virtual environment outside the repository, and its ``juzhuzheng-qa`` command works from any folder."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_package_of_the_source_tree_is_listed() -> None:
    """The package list is explicit (corpus/ is mapped into it); a new subpackage must be added."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "qa").rglob("__init__.py")}
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert "qa._corpus" in listed and PYPROJECT["tool"]["setuptools"]["package-dir"]["qa._corpus"] == "corpus"


def test_console_script_and_metadata() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == "juzhuzheng-qa"
    assert project["scripts"] == {"juzhuzheng-qa": "qa.app.cli:main"}
    assert project["license"] == "MIT" and (REPO / "LICENSE").read_text().startswith("MIT License")
    deps = {d.split(">")[0].split("<")[0].split("=")[0].strip() for d in project["dependencies"]}
    assert {"lxml", "platformdirs", "tqdm", "jieba", "chromadb", "gradio"} <= deps


def test_cli_lists_its_subcommands() -> None:
    out = subprocess.run([sys.executable, "-m", "qa", "--help"], cwd=REPO, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0
    for name in ("ask", "ingest", "ui", "eval", "bench"):
        assert name in out.stdout
    out = subprocess.run([sys.executable, "-m", "qa", "eval", "--help"], cwd=REPO, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and "--gold" in out.stdout


# ---------------------------------------------------------------- the built wheel, installed


_UNSHIPPED = {".git", ".venv", "venv", "build", "index", ".ci-index", ".ci-report", "eval-out", "test-artifacts",
              "reports", "tests", "docs"}


def _top_level_ignored(folder: str, names: list[str]) -> set[str]:
    """What a wheel build does not need: the checkout's work folders (top level only) and caches."""
    top = Path(folder) == REPO
    return {n for n in names if (top and n in _UNSHIPPED) or n == "__pycache__" or n.endswith(".egg-info")}


def _venv(path: Path) -> Path:
    """A fresh virtual environment that sees this interpreter's installed dependencies (no network
    needed) but not the repository: the dependencies' folder is appended to its path by a .pth file,
    after its own site-packages, and that folder's own .pth files (an editable qa) are not run."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True, timeout=120)
    own = next((path / "lib").glob("python3*/site-packages"))
    (own / "_deps.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    return path / "bin"


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QA_INDEX_DIR", "VIRTUAL_ENV")}
    return {**env, "PYTHONNOUSERSITE": "1", **extra}


def _pip(*args: str, cwd: Path, python: Path | None = None) -> None:
    # This interpreter's pip; `--python` points it at the target environment (which has no pip of its own).
    target = ["--python", str(python)] if python else []
    proc = subprocess.run([sys.executable, "-m", "pip", *target, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env=_clean_env())
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.mark.slow
@pytest.mark.pack
def test_wheel_installs_outside_the_repository_and_answers_with_citations(pack_dir: Path, tmp_path: Path) -> None:
    # Build from a clean copy: an in-tree build/ folder could carry files the sources no longer have.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=_top_level_ignored)
    wheels = tmp_path / "wheels"
    _pip("wheel", "--no-deps", "-q", "-w", str(wheels), str(source), cwd=tmp_path)
    wheel = next(wheels.glob("juzhuzheng_qa-*.whl"))
    bin_dir = _venv(tmp_path / "venv")
    _pip("install", "--no-deps", "--no-index", "-q", str(wheel), cwd=tmp_path, python=bin_dir / "python")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env(QA_DATA_DIR=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    where = _run([str(bin_dir / "python"), "-c", "import qa, qa.config as c; "
                  "print(qa.__file__); print(c.IN_CHECKOUT); print(c.DEFAULT_RULES_DIR); print(c.DEFAULT_INDEX_DIR)"],
                 elsewhere, env).stdout.split("\n")
    assert Path(where[0]).is_relative_to(tmp_path / "venv"), where  # the installed copy, not the repository
    assert where[1] == "False" and Path(where[2]).is_relative_to(tmp_path / "venv") and Path(where[2]).is_dir()
    assert Path(where[3]) == tmp_path / "data" / "index"  # QA_DATA_DIR (the per-user data folder) / index

    cli = str(bin_dir / "juzhuzheng-qa")
    ingest = _run([cli, "ingest", "--corpus", str(pack_dir), "--quiet"], elsewhere, env)
    assert "文档 46 个" in ingest.stdout, ingest.stdout
    assert (tmp_path / "data" / "index" / "CURRENT").is_file()

    ask = _run([cli, "ask", "居住证有效期多久", "--json"], elsewhere, env, timeout=300)
    answer = json.loads(ask.stdout)
    assert not answer["refused"] and answer["citations"], answer
    assert any(c["locator"] for c in answer["citations"]), answer["citations"]
    # The rule checker reads the rules shipped in the wheel.
    check = _run([cli, "ask", "我在深圳住了十个月，有稳定工作，社保交了一年，能办居住证吗", "--json"], elsewhere, env,
                 timeout=300)
    assert json.loads(check.stdout)["verdict"] in {"eligible", "ineligible", "insufficient_info"}
    assert not list(elsewhere.iterdir())  # nothing written into the working folder


@pytest.mark.slow
def test_editable_install_reads_the_repository_corpus(tmp_path: Path) -> None:
    bin_dir = _venv(tmp_path / "venv")
    _pip("install", "--no-deps", "-q", "-e", str(REPO), cwd=tmp_path, python=bin_dir / "python")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env(QA_DATA_DIR=str(tmp_path / "data"))
    out = _run([str(bin_dir / "python"), "-c", "import qa, qa.config as c; "
                "print(qa.__file__); print(c.IN_CHECKOUT); print(c.DEFAULT_CORPUS_DIR)"], elsewhere, env).stdout
    assert out.split("\n")[:3] == [str(REPO / "qa" / "__init__.py"), "True", str(REPO / "corpus")]
    help_text = _run([str(bin_dir / "juzhuzheng-qa"), "ingest", "--help"], elsewhere, env).stdout
    assert "--fetch" in help_text and "--mirror" in help_text
