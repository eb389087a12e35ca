"""Shared fixtures: the repository, the command line to compare with, sample archives."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "examples" / "data" / "archive-sample.jsonl"
HARVEST = REPO / "examples" / "data" / "tweet-harvest-sample.csv"


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `netral` command line: $NETRAL_BIN, or the debug build, built here if missing."""
    given = os.environ.get("NETRAL_BIN")
    if given:
        return Path(given)
    subprocess.run(
        ["cargo", "build", "--quiet", "--bin", "netral"], cwd=REPO, check=True
    )
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    if not target.is_absolute():
        target = REPO / target
    return target / "debug" / "netral"


def run_cli(cli: Path, *args: str) -> subprocess.CompletedProcess:
    """Runs the command line, failing the test on an exit status other than 0."""
    done = subprocess.run([str(cli), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done


def cli_records(cli: Path, *args: str) -> list:
    """The output records of `netral scan --all ARGS`, parsed."""
    out = run_cli(cli, "scan", "--all", *args).stdout
    return [json.loads(line) for line in out.splitlines()]


def without_chars(verdict: dict) -> dict:
    """A verdict without the code-point spans, which the command line does not write."""
    v = dict(verdict)
    v["evidence"] = [
        {k: x for k, x in e.items() if k not in ("start_char", "end_char")}
        for e in verdict["evidence"]
    ]
    return v


def verdict_of(record: dict) -> dict:
    """The verdict in one of the command line's output records."""
    return {k: v for k, v in record.items() if k not in ("line", "file", "kind", "author")}


def corpus(n: int, directory: Path) -> Path:
    """An archive of `n` records: from real tweets with the shared `make_corpus.py` when it sits
    beside the repository (as `scripts/bench_pipeline.sh --real` finds it), else synthetic
    ones from the repository's own `scripts/gen_archive.py`."""
    shared = REPO.parent / "shared" / "bench" / "make_corpus.py"
    script = shared if shared.is_file() else REPO / "scripts" / "gen_archive.py"
    path = directory / f"corpus-{n}.jsonl"
    with open(path, "wb") as out:
        subprocess.run([sys.executable, str(script), str(n)], stdout=out, check=True)
    return path
