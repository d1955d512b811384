"""The zonesearch trees a benchmark compares: this working tree, and today's code exported
from a pinned commit at run time (never copied into the repository), each run in its own
process through bench/extract/zsrun.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).resolve().parent / "zsrun.py"
# The code as it was when the issue was filed (issue 17): the baseline every ratio is against.
BASELINE_COMMIT = "7764e0a"


@dataclass(frozen=True)
class Tree:
    """A `search` package to measure: its label and the folder that holds it."""

    label: str
    path: Path


def working_tree() -> Tree:
    return Tree("zonesearch", ROOT)


def exported(commit: str, into: Path) -> Tree:
    """`git archive COMMIT search` unpacked into a fresh folder under `into`."""
    target = into / f"search-{commit}"
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as archive:
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "search"],
            stdout=archive,
            check=True,
        )
        archive.seek(0)
        with tarfile.open(fileobj=archive) as tar:
            if hasattr(tarfile, "data_filter"):
                tar.extractall(target, filter="data")
            else:  # Python before 3.10.12 has no extraction filters; git's own archive
                tar.extractall(target)
    return Tree(f"zonesearch@{commit}", target)


def run(tree: Tree, mode: str, paths: list[str], rounds: int = 1, nice: int = 0) -> list[dict]:
    """The runner's rows for these pages, run in a fresh process on the tree's code."""
    env = dict(os.environ, PYTHONPATH=str(tree.path))
    command = [sys.executable, str(RUNNER), mode, str(rounds)]
    if nice:
        command = ["nice", "-n", str(nice), *command]
    done = subprocess.run(
        command,
        input=json.dumps(paths),
        capture_output=True,
        text=True,
        env=env,
        cwd=str(tree.path),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{tree.label}: runner failed\n{done.stderr[-2000:]}")
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    loaded_from = Path(rows[0]["search"]).resolve()
    if tree.path.resolve() not in loaded_from.parents:
        raise RuntimeError(f"{tree.label}: loaded search from {loaded_from}, not {tree.path}")
    return rows[1:]
