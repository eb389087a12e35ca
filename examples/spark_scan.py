#!/usr/bin/env python3
"""Scan an archive with Spark: read it, screen every record on the executors, write the
verdicts as Parquet, and print the summary `netral scan --summary` prints.

usage: spark-submit examples/spark_scan.py INPUT [INPUT...] --output DIR
           [--format jsonl|csv] [--map FIELD=SOURCE,...] [--pack FILE]... [--no-default-pack]
           [--delimiter ,] [--master local[2]]

INPUT is a JSON lines or CSV archive, gzip-compressed or not, or a directory of such shards
(any path Spark reads: local, HDFS, S3, ...). JSON lines are read as text and every line is
judged exactly as `netral scan` judges it, bad lines becoming error rows; CSV files need a
header. The output has one row per record (see `netral.spark.OUTPUT_SCHEMA`).

A gzip file is not splittable: Spark reads each one in a single task. Shard a large archive
into many files (`split -l 1000000 archive.jsonl part-` and gzip each part) so that every core
of the cluster gets a share.

The `netral` wheel must be installed on the driver and on every executor (see the README's
"Python and Spark" section).
"""

import argparse
import sys
import time
from typing import Dict, List, Optional, Sequence, Tuple

import netral
import netral.spark
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F


def read(
    spark: SparkSession, paths: Sequence[str], fmt: str, delimiter: str = ","
) -> Tuple[DataFrame, Optional[str]]:
    """The archive as a DataFrame, and the column that holds raw JSON records, if any."""
    if fmt == "csv":
        df = (
            spark.read.option("header", True)
            .option("multiLine", True)
            .option("escape", '"')
            .option("sep", delimiter)
            .csv(list(paths))
        )
        return df, None
    lines = spark.read.text(list(paths))
    # Blank lines are not records, as in `netral scan`.
    return lines.filter(F.trim(F.col("value")) != ""), "value"


def scan(
    spark: SparkSession,
    paths: Sequence[str],
    output: str,
    *,
    fmt: Optional[str] = None,
    mapping: Optional[str] = None,
    screener: Optional[netral.Screener] = None,
    delimiter: str = ",",
) -> Dict:
    """Screens `paths` into Parquet at `output` and returns the summary (as `scan_file` gives
    it), computed from what was written."""
    fmt = fmt or guess_format(paths[0])
    started = time.perf_counter()
    df, json_column = read(spark, paths, fmt, delimiter)
    verdicts = netral.spark.screen(df, mapping, screener=screener, json_column=json_column)
    verdicts.write.mode("overwrite").parquet(output)
    elapsed = time.perf_counter() - started
    return summarize(spark.read.parquet(output), elapsed, input_bytes(spark, paths))


def guess_format(path: str) -> str:
    name = path.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return "csv" if name.endswith(".csv") else "jsonl"


def summarize(verdicts: DataFrame, elapsed: float, size: int) -> Dict:
    """Counts as `netral scan` counts them: records, the days they cover, errors by reason, and
    flags per rule, entity, kind and author."""
    records = verdicts.count()
    errors = verdicts.filter(F.col("error").isNotNull()).count()
    flagged = verdicts.filter(F.col("flagged")).cache()

    def counts(column) -> Dict[str, int]:
        rows = flagged.select(column.alias("key")).filter(F.col("key").isNotNull())
        return {r["key"]: r["count"] for r in rows.groupBy("key").count().collect()}

    screened = verdicts.filter(F.col("error").isNull())
    day = F.udf(netral.day_of, "string")
    days = (
        screened.select(day("created_at").alias("day"))
        .agg(F.min("day"), F.max("day"), F.count(F.when(F.col("day").isNull(), 1)))
        .first()
    )
    # Error messages are few and mostly alike: grouped on the executors, keyed here.
    reasons: Dict[str, int] = {}
    for r in verdicts.filter(F.col("error").isNotNull()).groupBy("error").count().collect():
        key = netral.error_reason(r["error"])
        reasons[key] = reasons.get(key, 0) + r["count"]
    top: List[Dict] = [
        {"author": r["author"], "flagged": r["count"]}
        for r in flagged.filter(F.col("author").isNotNull())
        .groupBy("author")
        .count()
        .orderBy(F.desc("count"), F.asc("author"))
        .limit(10)
        .collect()
    ]
    summary = {
        "records": records,
        "screened": records - errors,
        "flagged": flagged.count(),
        "errors": errors,
        "rules": counts(F.explode("rules")),
        "entities": counts(F.explode("entities")),
        "kinds": counts(F.col("kind")),
        "top_authors": top,
        "errors_by_reason": reasons,
        "first_date": days[0],
        "last_date": days[1],
        "undated": days[2],
        "bytes": size,
        "elapsed_secs": elapsed,
        "records_per_sec": records / elapsed if elapsed > 0 else 0.0,
        "mb_per_sec": size / 1e6 / elapsed if elapsed > 0 else 0.0,
    }
    flagged.unpersist()
    return summary


def input_bytes(spark: SparkSession, paths: Sequence[str]) -> int:
    """The size of the input files (compressed, for gzip), through Hadoop's file system;
    0 where that is out of reach (Spark Connect)."""
    try:
        jvm = spark.sparkContext._jvm
        conf = spark.sparkContext._jsc.hadoopConfiguration()
        total = 0
        for p in paths:
            path = jvm.org.apache.hadoop.fs.Path(p)
            total += path.getFileSystem(conf).getContentSummary(path).getLength()
        return int(total)
    except Exception:  # noqa: BLE001 - the size only feeds the MB/s figure
        return 0


def main(argv: Sequence[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", metavar="INPUT")
    ap.add_argument("--output", required=True, help="directory for the Parquet verdicts")
    ap.add_argument("--format", choices=["jsonl", "csv"], help="default: from the file name")
    ap.add_argument("--map", dest="mapping", help="FIELD=SOURCE,... as for netral scan --map")
    ap.add_argument("--pack", action="append", default=[], help="a lexicon pack (repeatable)")
    ap.add_argument("--no-default-pack", action="store_true")
    ap.add_argument("--delimiter", default=",", help="CSV delimiter (default ,)")
    ap.add_argument("--master", help="Spark master, when not run by spark-submit")
    args = ap.parse_args(argv)

    builder = SparkSession.builder.appName("netral-scan")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        screener = netral.Screener(args.pack, not args.no_default_pack)
        summary = scan(
            spark,
            args.inputs,
            args.output,
            fmt=args.format,
            mapping=args.mapping,
            screener=screener,
            delimiter=args.delimiter,
        )
    except ValueError as e:
        print(f"spark_scan: {e}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    print(netral.format_summary(summary), end="", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
