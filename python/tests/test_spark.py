"""netral.spark and examples/spark_scan.py in Spark's local[2] mode, against `netral scan`."""

import importlib.util
import json
import os
import shutil
import sys

import pytest

import netral
import netral.spark
from conftest import REPO, SAMPLE, corpus, run_cli, verdict_of

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip(
        "Java is missing: Spark needs a Java runtime (17 or later) on PATH or in JAVA_HOME",
        allow_module_level=True,
    )

N = 20_000


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    # The Python workers must import this very `netral`.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("netral-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A 20,000-record archive, then the sample's five malformed lines."""
    path = corpus(N, tmp_path_factory.mktemp("spark"))
    bad = SAMPLE.read_text(encoding="utf-8").splitlines()[-5:]
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n".join(bad) + "\n")
    return path


@pytest.fixture(scope="module")
def expected(cli, archive, tmp_path_factory):
    """`netral scan --all` over the archive: the records and the summary."""
    summary = tmp_path_factory.mktemp("cli") / "summary.json"
    out = run_cli(cli, "scan", "--all", "--summary-json", str(summary), str(archive)).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == N + 5
    return records, json.loads(summary.read_text(encoding="utf-8"))


def example():
    spec = importlib.util.spec_from_file_location(
        "spark_scan", REPO / "examples" / "spark_scan.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_record(row):
    """An output row in the shape of the command line's record (less its line number)."""
    if row["error"] is not None:
        return {"error": row["error"], "raw": row["raw"]}
    record = {"kind": row["kind"]}
    if row["author"] is not None:
        record["author"] = row["author"]
    evidence = []
    for e in row["evidence"]:
        e = {k: v for k, v in e.items() if k not in ("start_char", "end_char")}
        if e["entity"] is None:
            del e["entity"]
        evidence.append(e)
    if row["created_at"] is not None:
        record["created_at"] = row["created_at"]
    record.update(
        flagged=row["flagged"], score=row["score"], rules=row["rules"],
        entities=row["entities"], evidence=evidence, reasons=row["reasons"],
    )
    return record


def comparable(record):
    """A command-line record without its line number, its id as text."""
    r = {k: v for k, v in record.items() if k not in ("line", "id")}
    if "error" not in record:
        r["evidence"] = [dict(e) for e in r["evidence"]]
    return r


def check_record_for_record(rows, records):
    assert len(rows) == len(records)
    by_id = {}
    errors = []
    for row in rows:
        if row["error"] is None:
            assert row["id"] not in by_id, row["id"]
            by_id[row["id"]] = row
        else:
            errors.append(as_record(row))
    want_errors = []
    for record in records:
        if "error" in record:
            want_errors.append(comparable(record))
            continue
        row = by_id.pop(str(record["id"]))
        assert as_record(row) == comparable(record), record["id"]
    assert by_id == {}
    key = lambda r: (r["error"], r["raw"])  # noqa: E731
    assert sorted(errors, key=key) == sorted(want_errors, key=key)


def test_the_example_gives_the_command_lines_verdicts_and_summary(spark, archive, expected, tmp_path):
    import pyarrow.parquet as pq

    records, cli_summary = expected
    module = example()
    out = tmp_path / "verdicts.parquet"
    summary = module.scan(spark, [str(archive)], str(out))
    rows = pq.read_table(out).to_pylist()
    check_record_for_record(rows, records)
    for key in ("records", "screened", "flagged", "errors", "rules", "entities", "kinds", "top_authors"):
        assert summary[key] == cli_summary[key], key
    assert summary["errors"] == 5 and summary["flagged"] > N // 10
    assert "most flagged authors:" in netral.format_summary(summary)


def test_columns_read_by_spark_give_the_same_verdicts(spark, archive, expected):
    from pyspark.sql.types import StringType, StructField, StructType

    records, _ = expected
    fields = ["id", "kind", "author", "created_at", "text", "target_text", "target_author"]
    schema = StructType([StructField(f, StringType()) for f in fields])
    df = spark.read.schema(schema).json(str(archive))
    rows = [r.asDict(recursive=True) for r in netral.spark.screen(df).collect()]
    assert len(rows) == len(records)
    want = {str(r["id"]): comparable(r) for r in records if "error" not in r}
    assert len(want) == N
    # Spark's JSON reader turns the number in `"text": 2024` into the text "2024", where
    # `netral scan` rejects the record; reading the lines as text keeps them apart.
    coerced = "1751681500123456791"
    for row in rows:
        if row["error"] is None and row["id"] != coerced:
            assert as_record(row) == want.pop(row["id"]), row["id"]
    assert want == {}
    # A line Spark cannot parse comes as a row of nulls: an error row, never a lost record.
    errors = [r for r in rows if r["error"] is not None]
    assert sorted(r["error"] for r in errors) == ["missing `id`"] * 3 + [
        "unknown kind `retweet` (expected post, comment, share, quote, like or follow)"
    ]


def test_a_csv_archive_and_a_mapping(spark, tmp_path):
    csv = tmp_path / "posts.csv"
    csv.write_text(
        'post_id,body,user\n1,"Ayo coblos 02, Prabowo-Gibran!",asn-1\n2,Selamat pagi,asn-2\n',
        encoding="utf-8",
    )
    module = example()
    out = tmp_path / "csv.parquet"
    summary = module.scan(spark, [str(csv)], str(out), mapping="id=post_id,text=body,author=user")
    assert (summary["records"], summary["flagged"], summary["errors"]) == (2, 1, 0)
    assert summary["top_authors"] == [{"author": "asn-1", "flagged": 1}]


def test_a_mapping_that_does_not_fit_fails_on_the_driver(spark):
    df = spark.createDataFrame([("1", "halo")], "id string, text string")
    with pytest.raises(ValueError, match="no column `body` \\(mapped to `text`\\)"):
        netral.spark.screen(df, "text=body")
    with pytest.raises(ValueError, match="no column `value` to read JSON records from"):
        netral.spark.screen(df, json_column="value")


def test_packs_travel_to_the_workers(spark, tmp_path):
    pack = tmp_path / "lokal.toml"
    pack.write_text(
        '[pack]\nid = "lokal"\ntitle = "Lokal"\n\n[[entity]]\nid = "lokal-01"\nkind = "pair"\n'
        'name = "Budi - Sari"\nnumber = 1\n\n[[terms]]\nentity = "lokal-01"\ncategory = "name"\n'
        'text = ["budi sari"]\n',
        encoding="utf-8",
    )
    screener = netral.Screener([pack])
    pack.unlink()
    df = spark.createDataFrame([("1", "Ayo dukung Budi Sari!")], "id string, text string")
    row = netral.spark.screen(df, screener=screener).collect()[0]
    assert row["flagged"] and row["entities"] == ["lokal-01"]


def test_a_worker_builds_each_screener_once():
    key = ((), True)
    first = netral.spark._worker_screener(key)
    assert netral.spark._worker_screener(key) is first


def test_the_example_prints_the_command_lines_summary(cli, tmp_path):
    import re
    import subprocess

    done = subprocess.run(
        [sys.executable, str(REPO / "examples" / "spark_scan.py"), str(SAMPLE),
         "--output", str(tmp_path / "out.parquet"), "--master", "local[1]"],
        capture_output=True, text=True, env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    theirs = run_cli(cli, "scan", "--summary", "--output", str(tmp_path / "o"), str(SAMPLE)).stderr
    start = done.stderr.index("records: ")
    ours = done.stderr[start:]
    # The second line reports the time taken, which differs from run to run.
    timing = re.compile(r"^read .* MB/s\n", re.M)
    assert timing.sub("", ours) == timing.sub("", theirs)
