#!/usr/bin/env python3
"""Throughput of the Python package against the command line, on one archive and machine.

usage: python scripts/bench_python.py [N] [--real] [--runs R] [--no-spark]

Run it with the Python of an environment where the package is installed (CI's is
target/pyenv: `target/pyenv/bin/python scripts/bench_python.py 200000 --real`). It builds an
archive of N records (default 200000) with scripts/gen_archive.py, or with --real with
../shared/bench/make_corpus.py (real 2023 tweets) when that file sits beside the repository,
and times, R times each (default 3), reporting the median:

  cli           netral scan --all over the file, release build, one thread per core
  scan_file     netral.scan_file, the same pipeline called from Python
  screen_batch  Screener.screen_batch over the records as Python dicts (parsing not timed)
  screen_arrow  Screener.screen_arrow over the records as a pyarrow Table (not timed either)
  spark         examples/spark_scan.py's job in Spark local[2]: read the lines as text,
                screen, write Parquet

and splits the Spark job's time by running it three ways: `transfer` hands every batch from
the JVM to the Python workers and back as an empty batch (reading, Arrow conversion, the
Python round trip), `screen` also screens and discards the verdicts (a no-op writer),
`write` is the whole job. Screening is screen - transfer, writing write - screen.

Every timed run checks its answer (all records screened, the same count flagged as the
command line's) so that a fast wrong answer stops the benchmark. The load average is
printed before and after: the machine may be shared.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(runs, fn, check):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
        check(result)
    return statistics.median(times), times


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=200_000)
    ap.add_argument("--real", action="store_true")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-spark", action="store_true")
    args = ap.parse_args()

    import netral
    import pyarrow as pa

    subprocess.run(["cargo", "build", "--quiet", "--release", "--bin", "netral"], cwd=ROOT,
                   check=True)
    cli = ROOT / "target" / "release" / "netral"
    shared = ROOT.parent / "shared" / "bench" / "make_corpus.py"
    maker = shared if args.real and shared.is_file() else ROOT / "scripts" / "gen_archive.py"
    tmp = Path(tempfile.mkdtemp(prefix="netral-bench-py."))
    archive = tmp / "archive.jsonl"
    with open(archive, "wb") as out:
        subprocess.run([sys.executable, str(maker), str(args.n)], stdout=out, check=True)
    size = archive.stat().st_size
    print(f"archive  {args.n} records, {size / 1e6:.1f} MB ({maker.name})")
    print(f"load average before: {os.getloadavg()}")

    summary_path = tmp / "summary.json"
    subprocess.run([str(cli), "scan", "--all", "--output", os.devnull, "--summary-json",
                    str(summary_path), str(archive)], check=True)
    want = json.loads(summary_path.read_text())
    assert want["records"] == args.n and want["errors"] == 0, want
    flagged = want["flagged"]
    print(f"flagged  {flagged} records")

    def same_summary(s):
        assert (s["records"], s["errors"], s["flagged"]) == (args.n, 0, flagged), s

    results = {}

    def cli_run():
        subprocess.run([str(cli), "scan", "--all", "--output", os.devnull, "--summary-json",
                        str(summary_path), str(archive)], check=True)
        return json.loads(summary_path.read_text())

    results["cli"] = timed(args.runs, cli_run, same_summary)
    results["scan_file"] = timed(
        args.runs, lambda: netral.scan_file(archive, tmp / "out.jsonl", all=True), same_summary
    )

    records = [json.loads(line) for line in archive.read_text(encoding="utf-8").splitlines()]
    screener = netral.Screener()

    def count_batch(verdicts):
        assert len(verdicts) == args.n and sum(v["flagged"] for v in verdicts) == flagged

    results["screen_batch"] = timed(args.runs, lambda: screener.screen_batch(records), count_batch)
    table = pa.Table.from_pylist(records)
    del records

    def count_arrow(out):
        assert out.num_rows == args.n and out.column("error").null_count == args.n
        assert sum(out.column("flagged").to_pylist()) == flagged

    results["screen_arrow"] = timed(args.runs, lambda: screener.screen_arrow(table), count_arrow)
    del table

    if not args.no_spark:
        results.update(spark(args, archive, tmp, flagged))

    print(f"load average after: {os.getloadavg()}")
    print()
    print(f"  {'what':<24} {'median s':>9} {'records/s':>11}   runs")
    for name, (median, times) in results.items():
        runs = " ".join(f"{t:.2f}" for t in times)
        print(f"  {name:<24} {median:>9.2f} {args.n / median:>11.0f}   {runs}")
    if "spark write" in results:
        transfer = results["spark transfer"][0]
        screen = results["spark screen"][0]
        write = results["spark write"][0]
        print()
        print(f"  spark split: JVM to Arrow and back {transfer:.2f} s, screening "
              f"{screen - transfer:.2f} s, writing Parquet {write - screen:.2f} s")


def spark(args, archive, tmp, flagged):
    import importlib.util

    import netral.spark
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    spec = importlib.util.spec_from_file_location("spark_scan", ROOT / "examples" / "spark_scan.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    results = {}
    try:
        lines, json_column = example.read(session, [str(archive)], "jsonl")
        # One job before timing: the Python workers start and import the package once.
        netral.spark.screen(lines, json_column=json_column).write.format("noop").mode(
            "overwrite").save()

        def transfer():
            def empty(batches):
                import pyarrow as pa

                for batch in batches:
                    yield pa.RecordBatch.from_pylist([], schema=batch.schema)
            lines.mapInArrow(empty, lines.schema).write.format("noop").mode("overwrite").save()

        def screen():
            out = netral.spark.screen(lines, json_column=json_column)
            out.write.format("noop").mode("overwrite").save()

        def write():
            out = tmp / "verdicts.parquet"
            netral.spark.screen(lines, json_column=json_column).write.mode("overwrite").parquet(
                str(out))
            return session.read.parquet(str(out))

        def check_written(df):
            assert df.count() == args.n
            assert df.filter(F.col("flagged")).count() == flagged

        # The same job as `screen`, timing screen_arrow itself inside the workers.
        busy = session.sparkContext.accumulator(0.0)

        def worker_time():
            def batches(it):
                worker = netral.spark._worker_screener(((), True))
                for batch in it:
                    started = time.perf_counter()
                    out = worker.screen_arrow(batch, json_column=json_column, threads=1)
                    busy.add(time.perf_counter() - started)
                    yield out
            lines.mapInArrow(batches, netral.spark.OUTPUT_SCHEMA).write.format("noop").mode(
                "overwrite").save()

        for _ in range(args.runs):
            worker_time()
        print(f"screen_arrow inside the Spark workers: {busy.value / args.runs:.2f} s of CPU a "
              f"run over two tasks")
        results["spark transfer"] = timed(args.runs, transfer, lambda _: None)
        results["spark screen"] = timed(args.runs, screen, lambda _: None)
        results["spark write"] = timed(args.runs, write, check_written)
    finally:
        session.stop()
    return results


if __name__ == "__main__":
    main()
