"""Screening Spark DataFrames on the executors.

``screen(df)`` runs the screener inside Spark's Python workers with ``mapInArrow``: Spark hands
each worker Arrow record batches, which ``Screener.screen_arrow`` reads without turning values
into Python objects, and gets back Arrow batches of verdicts. Every input row gives exactly one
output row; a row that cannot be read gives an error row (``error`` and ``raw`` set, the
verdict columns null), as a bad record gives an error record in ``netral scan``.

The screener travels to the executors as the text of its lexicon packs and is built once per
Python worker process, then kept at module level for every later batch and task of that worker.
The package (the ``netral`` wheel) must be installed where the executors run; see the README's
"Python and Spark" section.
"""

from typing import TYPE_CHECKING, Dict, Iterator, Mapping, Optional, Tuple, Union

from ._netral import Screener

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow
    import pyspark.sql

__all__ = ["OUTPUT_SCHEMA", "screen"]

#: The schema of ``screen``'s result, in Spark's DDL; the columns ``Screener.screen_arrow``
#: returns.
OUTPUT_SCHEMA = (
    "id string, kind string, author string, created_at string, flagged boolean, score double, "
    "rules array<string>, entities array<string>, "
    "evidence array<struct<field: string, start: bigint, end: bigint, start_char: bigint, "
    "end_char: bigint, matched: string, term: string, category: string, entity: string>>, "
    "reasons array<string>, error string, raw string"
)

#: What a screener is built from: the (name, TOML text) of each pack, and whether the bundled
#: pack is included.
_PackKey = Tuple[Tuple[Tuple[str, str], ...], bool]

#: The screeners of this Python worker process, by their packs. Spark reuses its Python workers
#: from task to task, so a screener is built once per worker, not once per batch or task.
_SCREENERS: Dict[_PackKey, Screener] = {}


def _worker_screener(key: _PackKey) -> Screener:
    screener = _SCREENERS.get(key)
    if screener is None:
        packs, default_pack = key
        screener = Screener(list(packs), default_pack)
        _SCREENERS[key] = screener
    return screener


def screen(
    df: "pyspark.sql.DataFrame",
    mapping: Optional[Union[str, Mapping[str, str]]] = None,
    *,
    screener: Optional[Screener] = None,
    json_column: Optional[str] = None,
    threads: Optional[int] = 1,
) -> "pyspark.sql.DataFrame":
    """Screens every row of a Spark DataFrame; returns a DataFrame with ``OUTPUT_SCHEMA``.

    The columns are read as in ``Screener.screen_arrow``: the canonical names or a ``mapping``
    (``"text=full_text,id=id_str"`` or a dict), or, with ``json_column``, one raw JSON record a
    row, read exactly as ``netral scan`` reads a line; ``spark.read.text`` gives such a column,
    ``value``, and keeps every record as the export wrote it. ``screener`` defaults to the
    bundled pack. ``threads`` is the number of screening threads in each task: 1 by default,
    since Spark already runs one task per core.

    A mapping or column that does not fit the DataFrame raises ``ValueError`` here, on the
    driver, before any task runs.
    """
    if screener is None:
        screener = Screener()
    _, (packs, default_pack) = screener.__reduce__()
    key: _PackKey = (tuple((name, text) for name, text in packs), default_pack)
    _check_columns(screener, df, mapping, json_column)

    def batches(it: Iterator["pyarrow.RecordBatch"]) -> Iterator["pyarrow.RecordBatch"]:
        worker = _worker_screener(key)
        for batch in it:
            yield worker.screen_arrow(batch, mapping, json_column=json_column, threads=threads)

    return df.mapInArrow(batches, OUTPUT_SCHEMA)


def _check_columns(
    screener: Screener,
    df: "pyspark.sql.DataFrame",
    mapping: Optional[Union[str, Mapping[str, str]]],
    json_column: Optional[str],
) -> None:
    """Screens an empty batch with the DataFrame's schema, so that a mapping or a column of the
    wrong type fails on the driver with the library's message rather than in every task."""
    import pyarrow as pa

    try:
        from pyspark.sql.pandas.types import to_arrow_schema

        schema = to_arrow_schema(df.schema)
    except Exception:  # noqa: BLE001 - a type Arrow cannot hold; the tasks will say so
        return
    empty = pa.RecordBatch.from_pylist([], schema=schema)
    screener.screen_arrow(empty, mapping, json_column=json_column)
