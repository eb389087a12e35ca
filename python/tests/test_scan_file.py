"""netral.scan_file and netral.format_summary: the archive pipeline from Python."""

import gzip
import json
import re

import pytest

import netral
from conftest import HARVEST, SAMPLE, cli_records, run_cli


def test_records_equal_the_command_lines(cli):
    assert netral.scan_file(SAMPLE, all=True) == cli_records(cli, str(SAMPLE))
    flagged = [json.loads(l) for l in run_cli(cli, "scan", str(SAMPLE)).stdout.splitlines()]
    assert netral.scan_file(str(SAMPLE)) == flagged
    assert any("error" in r for r in flagged) and all(r.get("flagged", True) for r in flagged)


def test_big_ids_come_back_as_exact_integers():
    records = netral.scan_file(SAMPLE, all=True)
    assert 1733012345678901234567 in [r.get("id") for r in records]


def test_formats_mappings_gzip_and_several_files(cli, tmp_path):
    harvest = netral.scan_file(HARVEST, all=True, threads=1)
    assert harvest == cli_records(cli, str(HARVEST))
    assert any(r["kind"] == "share" for r in harvest)

    packed = tmp_path / "sample.jsonl.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    assert netral.scan_file(packed, all=True) == netral.scan_file(SAMPLE, all=True)

    export = tmp_path / "export.jsonl"
    export.write_text('{"post_id": "e1", "body": "Coblos 02 Prabowo!"}\n', encoding="utf-8")
    got = netral.scan_file(export, mapping={"id": "post_id", "text": "body"}, all=True)
    assert got == cli_records(cli, "--map", "id=post_id,text=body", str(export))
    assert got[0]["flagged"] is True

    both = netral.scan_file([SAMPLE, export], all=True)
    assert both == cli_records(cli, str(SAMPLE), str(export))
    assert {r["file"] for r in both} == {str(SAMPLE), str(export)}

    # An explicit format wins over the file name.
    with pytest.raises(ValueError, match="export.jsonl: the CSV header has no column to screen"):
        netral.scan_file(export, format="csv")


def test_writing_files_as_the_command_line_does(cli, tmp_path):
    for fmt in ("jsonl", "csv"):
        ours, theirs = tmp_path / f"ours.{fmt}", tmp_path / f"theirs.{fmt}"
        summary = netral.scan_file(SAMPLE, ours, all=True, output_format=fmt)
        run_cli(cli, "scan", "--all", "--output-format", fmt, "--output", str(theirs), str(SAMPLE))
        assert ours.read_bytes() == theirs.read_bytes()
        assert (summary["records"], summary["errors"], summary["flagged"]) == (72, 5, 39)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ours.csv", "ours.jsonl", "theirs.csv", "theirs.jsonl"
    ]


def test_the_summary_text_is_the_command_lines(cli, tmp_path):
    summary = netral.scan_file(SAMPLE, tmp_path / "out.jsonl")
    ours = netral.format_summary(summary)
    theirs = run_cli(cli, "scan", "--summary", "--output", str(tmp_path / "o"), str(SAMPLE)).stderr
    # The second line reports the time taken, which differs from run to run.
    timing = re.compile(r"^read .* MB/s$", re.M)
    assert timing.search(ours) and timing.sub("", ours) == timing.sub("", theirs)
    assert "most flagged authors:" in ours
    assert netral.format_summary({}).startswith("records: 0  screened: 0  flagged: 0")


def test_days_and_error_reasons_are_keyed_as_the_summary_keys_them(cli, tmp_path):
    summary = netral.scan_file(SAMPLE, output=tmp_path / "o.jsonl")
    records = cli_records(cli, str(SAMPLE))
    reasons = {}
    for r in records:
        if "error" in r:
            key = netral.error_reason(r["error"])
            reasons[key] = reasons.get(key, 0) + 1
    assert reasons == summary["errors_by_reason"]
    assert netral.error_reason("truncated JSON (ends at column 17)") == (
        "truncated JSON (ends at column N)"
    )
    days = sorted(
        d for r in records if "error" not in r
        for d in [netral.day_of(r.get("created_at") or "")] if d
    )
    assert (days[0], days[-1]) == (summary["first_date"], summary["last_date"])
    assert netral.day_of("Tue Nov 28 09:12:44 +0000 2023") == "2023-11-28"
    assert netral.day_of("2023-11-28T23:45:12-05:00") == "2023-11-28"
    assert netral.day_of("kemarin") is None and netral.day_of(None) is None


def test_bad_arguments_and_unreadable_inputs(tmp_path):
    with pytest.raises(OSError, match="cannot open .*nothing.jsonl"):
        netral.scan_file(tmp_path / "nothing.jsonl")
    with pytest.raises(ValueError, match="unknown input format `xml`"):
        netral.scan_file(SAMPLE, format="xml")
    with pytest.raises(ValueError, match="unknown output format `xml`"):
        netral.scan_file(SAMPLE, tmp_path / "o", output_format="xml")
    with pytest.raises(ValueError, match="give output=PATH to write CSV"):
        netral.scan_file(SAMPLE, output_format="csv")
    with pytest.raises(ValueError, match="unknown field `txt`"):
        netral.scan_file(SAMPLE, mapping="txt=body")
    with pytest.raises(ValueError, match="no archive to scan"):
        netral.scan_file([])
    with pytest.raises(ValueError, match="threads must be at least 1"):
        netral.scan_file(SAMPLE, threads=0)
    csv = tmp_path / "posts.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="the CSV header has no column to screen"):
        netral.scan_file(csv)


def test_a_truncated_archive_keeps_what_was_read(tmp_path):
    data = gzip.compress(SAMPLE.read_bytes() * 50)
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="the gzip stream ends early"):
        netral.scan_file(broken)
    out = tmp_path / "out.jsonl"
    with pytest.raises(ValueError, match=r"records read before the failure are kept in .*out\.jsonl\.partial"):
        netral.scan_file(broken, out, all=True)
    assert not out.exists()
    partial = (tmp_path / "out.jsonl.partial").read_text(encoding="utf-8").splitlines()
    assert partial and all(json.loads(l)["line"] for l in partial)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_screener_with_packs_scans_too(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text(
        '[pack]\nid = "lokal"\ntitle = "Lokal"\n\n[[entity]]\nid = "lokal-01"\nkind = "pair"\n'
        'name = "Budi - Sari"\nnumber = 1\n\n[[terms]]\nentity = "lokal-01"\ncategory = "name"\n'
        'text = ["budi sari"]\n',
        encoding="utf-8",
    )
    archive = tmp_path / "a.jsonl"
    archive.write_text('{"id": "1", "kind": "post", "text": "Ayo dukung Budi Sari!"}\n', encoding="utf-8")
    assert netral.scan_file(archive) == []
    got = netral.scan_file(archive, screener=netral.Screener([pack]), all=True)
    assert got[0]["flagged"] is True and got[0]["entities"] == ["lokal-01"]
