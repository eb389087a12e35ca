"""netral.Screener: single activities, texts, batches, packs, pickling and threads."""

import json
import pickle
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import netral
from conftest import REPO, SAMPLE, cli_records, verdict_of, without_chars

PACK = """\
[pack]
id = "pilkada-sleman"
title = "Pilkada Sleman 2024"

[[entity]]
id = "sleman-01"
kind = "pair"
name = "Harda - Danang"
number = 1

[[terms]]
entity = "sleman-01"
category = "name"
text = ["harda kiswaya", "harda danang"]
"""


@pytest.fixture(scope="module")
def screener():
    return netral.Screener()


def test_screen_text_gives_the_verdict_shape_of_the_command_line(screener):
    v = screener.screen_text("Jgn lupa coblos 0️⃣2️⃣ ya, biar satu putaran!")
    assert list(v)[:7] == ["id", "flagged", "score", "rules", "entities", "evidence", "reasons"]
    assert v["id"] == ""
    assert v["flagged"] is True
    assert v["entities"] == ["paslon-02"]
    assert "ajakan-keberpihakan" in v["rules"]
    assert 0.5 <= v["score"] <= 1
    assert all(isinstance(r, str) and r for r in v["reasons"])
    for e in v["evidence"]:
        assert set(e) >= {"field", "start", "end", "matched", "term", "category"}


@pytest.mark.parametrize(
    "text",
    [
        "Ayo coblos 𝐏𝐫𝐚𝐛𝐨𝐰𝐨 biar satu putaran!",
        "Yuk pilih Gan\u200bjar-Mah\u200bfud 🤟 sat set",
        "Dukung ＧＡＮＪＡＲ 🖤❤️ #GanjarMahfud2024",
        "Pilih Аnіеs (cyrillic) — Indonesia adil makmur untuk semua! #AMINajaDulu",
        "p r a b o w o gibran 2024 lanjutkan 🇮🇩",
    ],
)
def test_character_spans_slice_python_strings(screener, text):
    v = screener.screen_text(text)
    assert v["evidence"], text
    raw = text.encode("utf-8")
    for e in v["evidence"]:
        assert text[e["start_char"] : e["end_char"]] == e["matched"]
        assert raw[e["start"] : e["end"]].decode("utf-8") == e["matched"]


def test_spans_point_into_the_field_they_were_found_in(screener):
    activity = {
        "id": "q1",
        "kind": "quote",
        "text": "Setuju 👍🏽 pokoknya 𝓐𝓷𝓲𝓮𝓼!",
        "target_text": "Mari menangkan ＡＭＩＮ, coblos nomor 1!",
        "target_author": "@aniesbaswedan",
    }
    v = screener.screen(activity)
    fields = {e["field"] for e in v["evidence"]}
    assert {"text", "target_text"} <= fields
    for e in v["evidence"]:
        source = activity[e["field"]]
        assert source[e["start_char"] : e["end_char"]] == e["matched"]


def test_explain_adds_the_trace_of_the_verdict(screener):
    text = "Ayo coblos 02, Prabowo-Gibran menang satu putaran!"
    v = screener.explain({"id": "e", "kind": "post", "text": text})
    assert {k: x for k, x in v.items() if k != "trace"} == screener.screen(
        {"id": "e", "kind": "post", "text": text}
    )
    trace = v["trace"]
    assert trace["findings"] and trace["score"]
    assert trace["score"][-1]["score"] == v["score"]
    for finding in trace["findings"]:
        assert all(0 <= i < len(v["evidence"]) for i in finding["evidence"])
    assert "trace" not in screener.screen_text(text)


def test_interactions_are_judged_by_their_target(screener):
    v = screener.screen({"id": 7, "kind": "follow", "target_author": "@ganjarpranowo"})
    assert v["id"] == 7
    assert v["rules"] == ["interaksi-kampanye"]


def test_ids_keep_their_type_and_every_digit(screener):
    big = 1733012345678901234567
    assert screener.screen({"id": big, "kind": "post", "text": "halo"})["id"] == big
    assert screener.screen({"id": "a-1", "kind": "post"})["id"] == "a-1"


@pytest.mark.parametrize(
    "activity, message, error",
    [
        ({}, "missing `id`", ValueError),
        ({"id": 1}, "missing `kind`", ValueError),
        ({"id": 1, "kind": None}, "missing `kind`", ValueError),
        ({"id": 1, "kind": "retweet"}, "unknown kind `retweet`", ValueError),
        ({"id": None, "kind": "post"}, "`id` must be a string or a number, not null", ValueError),
        ({"id": True, "kind": "post"}, "not boolean `true`", ValueError),
        ({"id": [1], "kind": "post"}, "not sequence", ValueError),
        ({"id": 1, "kind": "post", "text": 2024}, "`text`: integer `2024`, expected a string", ValueError),
        ({"id": 1, "kind": "post", "author": {"a": 1}}, "`author`: map, expected a string", ValueError),
        ({"id": 1, "kind": 5}, "`kind`: integer `5`, expected a string", ValueError),
        (["id", 1], "an activity is a dict", TypeError),
        ("Coblos 02", "an activity is a dict", TypeError),
    ],
)
def test_malformed_activities_raise_with_the_reason(screener, activity, message, error):
    with pytest.raises(error) as info:
        screener.screen(activity)
    assert message in str(info.value)


def test_unknown_keys_and_missing_fields_are_fine(screener):
    v = screener.screen({"id": "x", "kind": "post", "likes": 12, "text": None})
    assert v["flagged"] is False and v["evidence"] == []


def test_a_mapping_that_is_not_a_dict_works(screener):
    from types import MappingProxyType

    a = MappingProxyType({"id": "m", "kind": "post", "text": "Coblos 02 Prabowo!"})
    assert screener.screen(a)["flagged"] is True


def test_verdicts_equal_the_command_lines_on_the_sample(cli, screener):
    records = cli_records(cli, str(SAMPLE))
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert len(records) == len(lines)
    compared = 0
    for line, record in zip(lines, records):
        try:
            activity = json.loads(line)
        except json.JSONDecodeError:
            assert "error" in record
            continue
        if "error" in record:
            # The same reason, less the column the command line adds for a line of JSON.
            with pytest.raises((ValueError, TypeError)) as info:
                screener.screen(activity)
            assert record["error"].startswith(str(info.value)) or (
                isinstance(activity, list) and "array" in record["error"]
            ), (record, str(info.value))
            continue
        assert without_chars(screener.screen(activity)) == verdict_of(record)
        compared += 1
    assert compared >= 60


def test_screen_batch_equals_screen_in_order_with_any_threads(screener):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    activities = []
    for line in lines:
        try:
            a = json.loads(line)
        except json.JSONDecodeError:
            continue
        try:
            screener.screen(a)
        except (ValueError, TypeError):
            continue
        activities.append(a)
    activities = activities * 40
    one_by_one = [screener.screen(a) for a in activities]
    for threads in (None, 1, 2, 3):
        assert screener.screen_batch(activities, threads=threads) == one_by_one
    assert screener.screen_batch(iter(activities[:5])) == one_by_one[:5]
    assert screener.screen_batch([]) == []


def test_screen_batch_names_the_bad_record_and_rejects_bad_thread_counts(screener):
    batch = [{"id": 1, "kind": "post"}, {"id": 2, "kind": "tweet"}]
    with pytest.raises(ValueError, match=r"^activity 1: unknown kind `tweet`"):
        screener.screen_batch(batch)
    with pytest.raises(TypeError, match=r"^activity 0: an activity is a dict"):
        screener.screen_batch([3])
    for bad in (0, -2):
        with pytest.raises(ValueError, match="threads must be at least 1"):
            screener.screen_batch(batch[:1], threads=bad)


def test_one_screener_serves_many_python_threads(screener):
    texts = [
        f"{i}: " + t
        for i in range(400)
        for t in ("Coblos 02 Prabowo!", "Selamat pagi", "Mari menangkan AMIN, nomor 1!")
    ]
    expected = [screener.screen_text(t) for t in texts]
    barrier = threading.Barrier(4)

    def work(part):
        barrier.wait()
        return [screener.screen_text(t) for t in texts[part::4]]

    with ThreadPoolExecutor(4) as pool:
        parts = list(pool.map(work, range(4)))
    for part, got in enumerate(parts):
        assert got == expected[part::4]
    with ThreadPoolExecutor(3) as pool:
        batches = list(pool.map(lambda _: screener.screen_batch(
            [{"id": i, "kind": "post", "text": t} for i, t in enumerate(texts)], threads=2
        ), range(3)))
    for b in batches:
        assert [v["flagged"] for v in b] == [v["flagged"] for v in expected]


def test_packs_from_files_and_text(tmp_path):
    path = tmp_path / "sleman.toml"
    path.write_text(PACK, encoding="utf-8")
    for packs in ([path], [str(path)], [("sleman.toml", PACK)]):
        s = netral.Screener(packs)
        assert s.pack_ids == netral.Screener().pack_ids + ["pilkada-sleman"]
        v = s.screen_text("Ayo dukung Harda Danang!")
        assert v["flagged"] and v["entities"] == ["sleman-01"]
    only = netral.Screener(packs=[path], default_pack=False)
    assert "pemilu-2024" not in only.pack_ids and only.pack_ids[-1] == "pilkada-sleman"
    assert not only.screen_text("Coblos 02 Prabowo-Gibran!")["flagged"]


def test_the_bundled_pack_given_as_a_file_replaces_the_default():
    bundled = REPO / "lexicons" / "pemilu-2024.toml"
    s = netral.Screener([bundled])
    assert sorted(s.pack_ids) == sorted(netral.Screener().pack_ids)
    text = "Ayo coblos Prabowo biar satu putaran!"
    assert s.screen_text(text) == netral.Screener().screen_text(text)


def test_pack_errors_name_the_file_and_line_as_the_command_line_does(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(PACK.replace('category = "name"', 'category = "slogn"'), encoding="utf-8")
    with pytest.raises(netral.PackError) as info:
        netral.Screener([bad])
    message = str(info.value)
    assert f"{bad} line 13" in message and "slogn" in message
    done = subprocess.run(
        [str(cli), "check", "--pack", str(bad), "halo"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"netral: {message}"
    assert isinstance(info.value, ValueError)

    missing = tmp_path / "missing.toml"
    with pytest.raises(netral.PackError, match="cannot read lexicon .*missing.toml"):
        netral.Screener([missing])
    with pytest.raises(netral.PackError, match=r"^x\.toml line 2"):
        netral.Screener([("x.toml", "[pack]\nid = 1\n")])
    with pytest.raises(ValueError, match="no lexicon pack"):
        netral.Screener(default_pack=False)
    with pytest.raises(TypeError, match="packs=\\[path\\]"):
        netral.Screener(str(bad))
    with pytest.raises(TypeError, match="a pack is a file path"):
        netral.Screener([42])


def test_a_screener_pickles_as_its_packs_and_needs_no_files_to_come_back(tmp_path):
    path = tmp_path / "sleman.toml"
    path.write_text(PACK, encoding="utf-8")
    s = netral.Screener([path])
    data = pickle.dumps(s)
    path.unlink()
    back = pickle.loads(data)
    assert isinstance(back, netral.Screener)
    assert back.pack_ids == s.pack_ids
    text = "Ayo dukung Harda Danang dan coblos 02!"
    assert back.screen_text(text) == s.screen_text(text)
    plain = pickle.loads(pickle.dumps(netral.Screener()))
    assert plain.pack_ids == netral.Screener().pack_ids and "pemilu-2024" in plain.pack_ids
    assert "pemilu-2024" in repr(plain)


def test_the_module_says_its_version_and_exports():
    assert netral.__version__ == "0.1.0"
    for name in ("Screener", "PackError", "scan_file", "format_summary", "screen_frame"):
        assert name in netral.__all__ and hasattr(netral, name)


def test_the_readme_example_runs(tmp_path, monkeypatch):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python and Spark"):]
    code = section[section.index("```python\n") + len("```python\n"):]
    code = code[: code.index("```")]
    (tmp_path / "pilkada-sleman.toml").write_text(PACK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert scope["local"].pack_ids == netral.Screener().pack_ids + ["pilkada-sleman"]
    assert len(scope["verdicts"]) == 1000
