"""Screener.screen_arrow and netral.screen_frame: Arrow batches, tables and pandas frames."""

import json
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pytest

import netral
from conftest import SAMPLE, cli_records

COLUMNS = [
    "id", "kind", "author", "created_at", "flagged", "score", "rules", "entities", "evidence", "reasons",
    "error", "raw",
]


@pytest.fixture(scope="module")
def screener():
    return netral.Screener()


def canonical_rows():
    """The sample's records that the command line screens, as dicts of canonical fields."""
    rows = []
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        try:
            a = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(a, dict) and isinstance(a.get("id"), str) and a.get("kind") in (
            "post", "comment", "share", "quote", "like", "follow",
        ) and not isinstance(a.get("text"), int):
            rows.append({k: a.get(k) for k in (
                "id", "kind", "author", "created_at", "text", "target_text", "target_author"
            )})
    return rows


def as_verdict(row):
    """An output row as a verdict dict of `Screener.screen`."""
    evidence = []
    for e in row["evidence"]:
        e = dict(e)
        if e["entity"] is None:
            del e["entity"]
        evidence.append(e)
    v = {"id": row["id"]}
    if row["created_at"] is not None:
        v["created_at"] = row["created_at"]
    return v | {
        "flagged": row["flagged"], "score": row["score"], "rules": row["rules"],
        "entities": row["entities"], "evidence": evidence, "reasons": row["reasons"],
    }


def sorted_evidence(v):
    v = dict(v)
    v["evidence"] = [dict(sorted(e.items())) for e in v["evidence"]]
    return v


def test_a_batch_gives_the_verdicts_of_screen_row_for_row(screener):
    rows = canonical_rows()
    assert len(rows) > 50
    batch = pa.RecordBatch.from_pylist(rows)
    out = screener.screen_arrow(batch)
    assert isinstance(out, pa.RecordBatch)
    assert out.schema.names == COLUMNS
    assert out.num_rows == len(rows)
    for row, got in zip(rows, out.to_pylist()):
        assert got["kind"] == row["kind"] and got["author"] == row["author"]
        assert got["error"] is None and got["raw"] is None
        assert sorted_evidence(as_verdict(got)) == sorted_evidence(screener.screen(row))


def test_a_table_gives_a_table_and_threads_do_not_change_it(screener):
    rows = canonical_rows() * 30
    table = pa.Table.from_pylist(rows).combine_chunks()
    table = pa.Table.from_batches(table.to_batches(max_chunksize=500))
    assert table.num_rows > 1000 and len(table.to_batches()) > 1
    one = screener.screen_arrow(table, threads=1)
    assert isinstance(one, pa.Table)
    assert one.num_rows == table.num_rows
    assert screener.screen_arrow(table, threads=3).equals(one)
    assert screener.screen_arrow(table).equals(one)


def test_string_layouts_nulls_and_kinds(screener):
    text = ["Coblos 02 Prabowo!", None, "Selamat pagi", "Ayo pilih Ganjar!"]
    batch = pa.record_batch({
        "id": pa.array(["1", "2", "3", "4"], pa.large_string()),
        "kind": pa.array(["post", None, "post", "quote"]).dictionary_encode(),
        "text": pa.array(text, pa.string_view()),
        "author": pa.array([None, None, None, None], pa.null()),
    })
    out = screener.screen_arrow(batch).to_pylist()
    assert [r["flagged"] for r in out] == [True, False, False, True]
    # A null kind is a post, as an empty kind cell of a CSV export is.
    assert [r["kind"] for r in out] == ["post", "post", "post", "quote"]
    assert out[3]["evidence"][0]["start_char"] is not None


def test_integer_and_decimal_ids_keep_their_digits(screener):
    big = 1733012345678901234567
    batch = pa.record_batch({
        "id": pa.array([Decimal(big), Decimal(5)], pa.decimal128(38, 0)),
        "text": ["Coblos 02!", "halo"],
    })
    assert screener.screen_arrow(batch).column("id").to_pylist() == [str(big), "5"]
    ints = pa.record_batch({"id": pa.array([7, None], pa.uint32()), "text": ["a", "b"]})
    out = screener.screen_arrow(ints).to_pylist()
    assert out[0]["id"] == "7" and out[0]["error"] is None
    assert out[1]["error"] == "missing `id`" and out[1]["flagged"] is None


def test_bad_rows_become_error_rows(screener):
    batch = pa.record_batch({
        "id": ["a", "b", None],
        "kind": ["post", "retweet", "post"],
        "text": ["Coblos 02!", "Coblos 02!", "Coblos 02!"],
    })
    out = screener.screen_arrow(batch).to_pylist()
    assert out[0]["flagged"] is True
    assert out[1]["id"] == "b" and out[1]["error"].startswith("unknown kind `retweet`")
    assert out[1]["rules"] is None and out[1]["score"] is None
    assert out[2]["error"] == "missing `id`"


def test_mappings_as_text_or_dict_and_nested_columns(screener):
    batch = pa.Table.from_pylist([
        {"post_id": "p1", "body": "Mari menangkan AMIN!", "user": {"handle": "asn-7"}},
        {"post_id": "p2", "body": "Selamat pagi", "user": None},
    ])
    for mapping in ("id=post_id,text=body,author=user.handle",
                    {"id": "post_id", "text": "body", "author": "user.handle"}):
        out = screener.screen_arrow(batch, mapping).to_pylist()
        assert [(r["id"], r["author"], r["flagged"]) for r in out] == [
            ("p1", "asn-7", True), ("p2", None, False)
        ]


@pytest.mark.parametrize(
    "table, mapping, message",
    [
        ({"text": ["a"]}, None, "the batch has no `id` column; map the id column with `id=COLUMN`"),
        ({"id": ["1"], "kind": ["post"]}, None, "no column to screen"),
        ({"id": ["1"], "text": ["a"]}, "text=body", "no column `body` (mapped to `text`); its columns are: id, text"),
        ({"id": [1.5], "text": ["a"]}, None, "the id column `id` holds Float64"),
        ({"id": ["1"], "text": [3]}, None, "column `text` holds Int64"),
        ({"id": ["1"], "text": ["a"]}, "txt=body", "unknown field `txt` in field mapping"),
        ({"id": ["1"], "text": ["a"]}, "text", "has no `=`"),
    ],
)
def test_columns_that_do_not_fit_raise_value_error(screener, table, mapping, message):
    with pytest.raises(ValueError) as info:
        screener.screen_arrow(pa.table(table), mapping)
    assert message in str(info.value)


def test_other_objects_are_refused(screener):
    with pytest.raises(TypeError, match="screen_arrow takes a pyarrow.RecordBatch or Table"):
        screener.screen_arrow([{"id": 1}])
    with pytest.raises(TypeError, match="a mapping is a dict"):
        screener.screen_arrow(pa.table({"id": ["1"], "text": ["a"]}), 5)


def test_a_json_column_is_read_as_the_command_line_reads_lines(cli, screener):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    records = cli_records(cli, str(SAMPLE))
    out = screener.screen_arrow(pa.table({"value": lines}), json_column="value").to_pylist()
    assert len(out) == len(records)
    for got, want in zip(out, records):
        if "error" in want:
            assert (got["error"], got["raw"], got["flagged"]) == (want["error"], want["raw"], None)
            continue
        assert got["error"] is None
        assert got["kind"] == want["kind"] and got["author"] == want.get("author")
        assert str(want["id"]) == got["id"]
        v = as_verdict(got)
        v["id"] = want["id"]
        expected = {k: x for k, x in want.items() if k not in ("line", "kind", "author")}
        for e in v["evidence"]:
            e.pop("start_char"), e.pop("end_char")
        assert sorted_evidence(v) == sorted_evidence(expected)


def test_a_json_column_with_a_mapping_and_blank_rows(screener):
    table = pa.table({"line": [
        '{"post_id": 9, "body": "Coblos 02 Prabowo!"}', "   ", None, '{"body": "x"}',
    ]})
    out = screener.screen_arrow(table, "id=post_id,text=body", json_column="line").to_pylist()
    assert (out[0]["id"], out[0]["kind"], out[0]["flagged"]) == ("9", "post", True)
    assert out[1]["error"].startswith("a blank record") and out[2]["error"].startswith("a blank")
    assert out[3]["error"] == "missing `post_id`" and out[3]["raw"] == '{"body": "x"}'
    with pytest.raises(ValueError, match="no column `value` to read JSON records from"):
        screener.screen_arrow(table, json_column="value")


def test_screen_frame_keeps_the_index(screener):
    df = pd.DataFrame(
        {"id": ["a", "b", "c"], "text": ["Coblos 02 Prabowo!", "Selamat pagi", None]},
        index=[10, 20, 30],
    )
    out = netral.screen_frame(df)
    assert list(out.columns) == COLUMNS
    assert list(out.index) == [10, 20, 30]
    assert list(out["flagged"]) == [True, False, False]
    mapped = netral.screen_frame(df.rename(columns={"text": "body"}), {"text": "body"},
                                 screener=screener, threads=1)
    assert list(mapped["flagged"]) == [True, False, False]
    ev = out.loc[10, "evidence"]
    text = df.loc[10, "text"]
    assert all(text[e["start_char"]:e["end_char"]] == e["matched"] for e in ev)
