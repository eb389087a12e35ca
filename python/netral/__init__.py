"""Screens Indonesian social-media activity of civil servants (ASN) for breaches of the
election-neutrality rules of the 2022 joint decree (SKB), and explains every flag.

A flag is a lead for a human reviewer, never a verdict on a person: every verdict says which
words matched, where they are in the original text, which rule they may breach, which camp
they are about, and why.

>>> import netral
>>> screener = netral.Screener()
>>> v = screener.screen_text("Ayo coblos Prabowo biar satu putaran!")
>>> v["flagged"], v["entities"]
(True, ['paslon-02'])

- ``Screener``: single activities (``screen``, ``screen_text``), batches on all cores with the
  interpreter lock released (``screen_batch``), Arrow record batches and tables
  (``screen_arrow``);
- ``screen_frame``: a pandas DataFrame;
- ``scan_file``: whole archive files through the same pipeline as ``netral scan``;
- ``format_summary``: the summary text the command line prints; ``day_of`` and
  ``error_reason``: the keys it counts records' days and error records under;
- ``netral.spark.screen``: a Spark DataFrame, screened on the executors.

Bad input raises ``ValueError``; a bad lexicon pack raises ``PackError``, a ``ValueError`` whose
message names the pack file and line, as the command line does.
"""

from typing import TYPE_CHECKING, Any, Mapping, Optional, Union

from ._netral import (
    PackError,
    Screener,
    __version__,
    day_of,
    error_reason,
    format_summary,
    scan_file,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "PackError",
    "Screener",
    "__version__",
    "day_of",
    "error_reason",
    "format_summary",
    "scan_file",
    "screen_frame",
]


def screen_frame(
    df: "pandas.DataFrame",
    mapping: Optional[Union[str, Mapping[str, str]]] = None,
    *,
    screener: Optional[Screener] = None,
    json_column: Optional[str] = None,
    threads: Optional[int] = None,
) -> "pandas.DataFrame":
    """Screens every row of a pandas DataFrame and returns the verdicts as a DataFrame.

    The frame has the canonical columns (``id``, ``kind``, ``author``, ``text``,
    ``target_text``, ``target_author``; ``id`` and one text column required) or others named
    by ``mapping``, as in the command line's ``--map``: ``"text=full_text,id=id_str"`` or
    ``{"text": "full_text", "id": "id_str"}``. With ``json_column``, that column holds one raw
    JSON record a row, read exactly as ``netral scan`` reads a line.

    The result has one row for every input row, with the input's index, and the columns of
    ``Screener.screen_arrow``: ``id``, ``kind``, ``author``, ``created_at``, ``flagged``,
    ``score``, ``rules``, ``entities``, ``evidence``, ``reasons``, and ``error`` and ``raw`` for
    rows that could not be read.

    The frame goes to the screener as Arrow data (``pyarrow`` is needed); the strings are read
    from Arrow's buffers, not from Python objects.
    """
    import pyarrow as pa

    if screener is None:
        screener = Screener()
    table = pa.Table.from_pandas(df, preserve_index=False)
    out = screener.screen_arrow(table, mapping, json_column=json_column, threads=threads)
    frame: Any = out.to_pandas()
    frame.index = df.index
    return frame
