//! The `netral` command line, run as a user runs it.

#![cfg(feature = "cli")]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;
use netral::archive::OutputRecord;
use predicates::prelude::*;

const BIN: &str = env!("CARGO_BIN_EXE_netral");

fn netral() -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_remove("NO_COLOR");
    cmd
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn records(out: &[u8]) -> Vec<OutputRecord> {
    std::str::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn line(r: &OutputRecord) -> u64 {
    match r {
        OutputRecord::Screened(s) => s.line,
        OutputRecord::Error(e) => e.line,
    }
}

fn error_of(r: &OutputRecord) -> Option<&str> {
    match r {
        OutputRecord::Error(e) => Some(&e.error),
        OutputRecord::Screened(_) => None,
    }
}

#[test]
fn order_is_the_same_with_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let archive = write(dir.path(), "g.jsonl", common::generated_archive(5000));
    let run = |threads: &str| {
        netral()
            .args(["scan", "--all", "--threads", threads])
            .arg(&archive)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1");
    let two = run("2");
    assert_eq!(one, two);
    let recs = records(&one);
    assert_eq!(
        recs.iter().map(line).collect::<Vec<_>>(),
        (1..=5000).collect::<Vec<_>>()
    );
    // The generated ids come back in input order.
    let ids: Vec<String> = recs
        .iter()
        .filter_map(|r| match r {
            OutputRecord::Screened(s) => Some(s.id.to_string()),
            OutputRecord::Error(_) => None,
        })
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_by_key(|id| id.trim_start_matches("g-").parse::<u32>().unwrap());
    assert_eq!(ids, sorted);
}

#[test]
fn every_kind_of_bad_line_becomes_an_error_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = Vec::new();
    input.extend_from_slice(
        "\u{feff}{\"id\":\"1\",\"kind\":\"post\",\"text\":\"Ayo coblos 02!\"}\r\n".as_bytes(),
    );
    input.extend_from_slice(b"{\"id\":\"2\",\"kind\":\"post\",\"text\":\"oops\"\r\n");
    input.extend_from_slice(b"{\"id\":\"3\",\"kind\":\"post\",\"text\":\"\xc3\x28\"}\r\n");
    input.extend_from_slice(b"{\"id\":\"4\",\"kind\":\"post\",\"author\":[1]}\r\n");
    input.extend_from_slice(b"{\"id\":\"5\",\"kind\":\"repost\"}\r\n");
    input.extend_from_slice(b"{\"kind\":\"post\",\"text\":\"no id\"}\r\n");
    input.extend_from_slice(
        format!(
            "{{\"id\":\"7\",\"kind\":\"post\",\"text\":\"{}\"}}\r\n",
            "x".repeat(5000)
        )
        .as_bytes(),
    );
    input.extend_from_slice(b"[\"8\",\"post\"]\r\n");
    input.extend_from_slice(b"{\"id\":\"9\",\"kind\":\"post\",\"text\":null}\r\n");
    let path = write(dir.path(), "bad.jsonl", input);
    let out = netral()
        .args(["scan", "--all", "--max-record-len", "4096"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = records(&out);
    assert_eq!(
        recs.iter().map(line).collect::<Vec<_>>(),
        (1..=9).collect::<Vec<_>>()
    );
    let expected = [
        None,
        Some("truncated JSON"),
        Some("invalid UTF-8 at byte 32"),
        Some("`author`: sequence, expected a string"),
        Some("unknown kind `repost`"),
        Some("missing `id`"),
        Some("over the limit of 4096"),
        Some("not a JSON object"),
        None,
    ];
    for (r, want) in recs.iter().zip(expected) {
        match (error_of(r), want) {
            (None, None) => {}
            (Some(got), Some(want)) => assert!(
                got.contains(want),
                "line {}: {got:?} lacks {want:?}",
                line(r)
            ),
            (got, want) => panic!("line {}: got {got:?}, want {want:?}", line(r)),
        }
    }
    // The BOM and CRLF did not get into the first record: it screens like the plain text.
    let OutputRecord::Screened(first) = &recs[0] else {
        panic!()
    };
    assert!(first.flagged);
    assert_eq!(first.id.as_str(), "1");
}

#[test]
fn gzip_input_gives_the_same_verdicts() {
    use flate2::write::GzEncoder;
    let dir = tempfile::tempdir().unwrap();
    let archive = common::generated_archive(1500);
    let plain = write(dir.path(), "a.jsonl", &archive);
    let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(archive.as_bytes()).unwrap();
    let packed = enc.finish().unwrap();
    // Named without .gz: detected by its magic bytes.
    let gz = write(dir.path(), "a.jsonl.data", &packed);
    let a = netral()
        .args(["scan", "--all"])
        .arg(&plain)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let b = netral()
        .args(["scan", "--all", "--format", "jsonl"])
        .arg(&gz)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(a, b);
    let c = netral()
        .args(["scan", "--all", "-"])
        .write_stdin(packed.clone())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(a, c);

    // Truncated: everything before the cut is written, then exit 2.
    let cut = write(dir.path(), "cut.jsonl.gz", &packed[..packed.len() * 2 / 3]);
    let assert = netral().args(["scan", "--all"]).arg(&cut).assert().code(2);
    let out = assert.get_output();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("netral: ") && stderr.contains("gzip stream ends early"),
        "{stderr}"
    );
    let partial = records(&out.stdout);
    assert!(!partial.is_empty() && partial.len() < 1500);
    assert_eq!(
        partial.iter().map(line).collect::<Vec<_>>(),
        (1..=partial.len() as u64).collect::<Vec<_>>()
    );

    // With --output the final name is never written; the partial output is kept aside.
    let dest = dir.path().join("out.jsonl");
    let assert = netral()
        .args(["scan", "--all", "--output"])
        .arg(&dest)
        .arg(&cut)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(!dest.exists());
    let kept = dir.path().join("out.jsonl.partial");
    assert!(stderr.contains("out.jsonl.partial"), "{stderr}");
    assert_eq!(records(&std::fs::read(&kept).unwrap()).len(), partial.len());
    assert_no_temp_files(dir.path());
}

fn assert_no_temp_files(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(!name.ends_with(".tmp"), "left behind: {name}");
    }
}

#[test]
fn output_file_and_summaries() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("flags.jsonl");
    let summary = dir.path().join("summary.json");
    let assert = netral()
        .args(["scan", "--summary", "--output"])
        .arg(&dest)
        .arg("--summary-json")
        .arg(&summary)
        .arg(common::repo("examples/data/archive-sample.jsonl"))
        .assert()
        .success()
        .stdout("");
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(
        stderr.contains("records: 72") && stderr.contains("flags per rule:"),
        "{stderr}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&summary).unwrap()).unwrap();
    assert_eq!(json["records"], 72);
    assert_eq!(json["errors"], 5);
    let flagged = json["flagged"].as_u64().unwrap();
    assert_eq!(
        records(&std::fs::read(&dest).unwrap()).len() as u64,
        flagged + 5
    );
    assert_no_temp_files(dir.path());
}

#[test]
fn field_mapping_on_a_custom_export() {
    let dir = tempfile::tempdir().unwrap();
    let export = write(
        dir.path(),
        "export.ndjson",
        concat!(
            r#"{"tweet": {"id_str": "11", "full_text": "Ayo coblos 02 Prabowo-Gibran!"}, "user": {"screen_name": "asn-9"}}"#,
            "\n",
            r#"{"tweet": {"id_str": "12", "full_text": "Selamat pagi semua"}, "user": {"screen_name": "asn-9"}}"#,
            "\n",
        ),
    );
    let out = netral()
        .args([
            "scan",
            "--all",
            "--map",
            "id=tweet.id_str,text=tweet.full_text",
            "--map",
            "author=user.screen_name",
        ])
        .arg(&export)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = records(&out);
    let OutputRecord::Screened(a) = &recs[0] else {
        panic!("{recs:?}")
    };
    assert_eq!(
        (a.id.as_str(), a.author.as_deref(), a.flagged),
        ("11", Some("asn-9"), true)
    );
    let OutputRecord::Screened(b) = &recs[1] else {
        panic!()
    };
    assert!(!b.flagged);

    netral()
        .args(["scan", "--map", "txt=full_text"])
        .arg(&export)
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("netral: unknown field `txt`"));
}

#[test]
fn tweet_harvest_rows_and_retweets() {
    let out = netral()
        .args(["scan", "--all"])
        .arg(common::repo("examples/data/tweet-harvest-sample.csv"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = records(&out);
    assert_eq!(recs.len(), 16);
    let shares: Vec<_> = recs
        .iter()
        .filter_map(|r| match r {
            OutputRecord::Screened(s) if s.kind == netral::Kind::Share => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(shares.len(), 4);
    assert!(shares
        .iter()
        .all(|s| s.evidence.iter().all(|e| e.field != netral::Field::Text)));
    let mahfud = shares
        .iter()
        .find(|s| s.id.as_str() == "1745278870288927711")
        .unwrap();
    assert!(mahfud.flagged);
    assert!(mahfud.evidence.iter().any(|e| e.matched == "@mohmahfudmd"));
}

#[test]
fn csv_output_is_safe_for_spreadsheets() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "in.csv",
        "id,author,text\n+62811,=HYPERLINK(\"x\"),\"-- Ayo coblos 02, Prabowo!\"\n2,@asn,halo\n",
    );
    let out = netral()
        .args(["scan", "--all", "--output-format", "csv"])
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut r = csv::Reader::from_reader(&out[..]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][1], "'+62811");
    assert_eq!(&rows[0][3], "'=HYPERLINK(\"x\")");
    assert_eq!(&rows[1][3], "'@asn");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
}

#[test]
fn a_closed_pipe_ends_the_scan_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.jsonl", common::generated_archive(20_000));
    let mut child = std::process::Command::new(BIN)
        .args(["scan", "--all"])
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"line\":1,"));
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?} {stderr}", out.status);
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn check_explains_with_highlights() {
    netral()
        .args(["check", "Yuk coblos 02, Prabowo-Gibran satu putaran!"])
        .assert()
        .success()
        .stdout(predicate::str::contains("flagged:  yes"))
        .stdout(predicate::str::contains(
            "[[Yuk]] [[coblos]] [[02]], [[Prabowo-Gibran]] [[satu putaran]]!",
        ))
        .stdout(predicate::str::contains("paslon-02"))
        .stdout(predicate::str::contains("field  span"))
        .stdout(predicate::str::contains("reasons:"));
    netral()
        .args([
            "check",
            "--kind",
            "like",
            "--target-text",
            "Oke gas! #PrabowoGibran2024",
            "--target-author",
            "@prabowo",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("interaksi-kampanye"))
        .stdout(predicate::str::contains("[[@prabowo]]"));
    netral()
        .args(["check", "-"])
        .write_stdin("Selamat pagi, rapat jam 9\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("flagged:  no"));
    let out = netral()
        .args(["check", "--json", "Ayo dukung AMIN"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: netral::Verdict = serde_json::from_slice(&out).unwrap();
    assert!(v.flagged);
    netral()
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("netral: nothing to check"));
}

const PACK_HEAD: &str = r#"
[pack]
id = "pilkada-contoh"
title = "Pilkada Contoh"

[[entity]]
id = "cabup-harun"
kind = "candidate"
name = "Harun"
"#;

#[test]
fn lexicon_commands() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(dir.path(), "broken.toml", format!("{PACK_HEAD}\n[[terms]]\nentity = \"cabup-harun\"\ncategory = \"slogn\"\ntext = [\"harun hebat\"]\n"));
    netral()
        .args(["lexicon", "check"])
        .arg(&broken)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "broken.toml line 13: unknown category `slogn`",
        ));

    let good = write(
        dir.path(),
        "good.toml",
        format!(
            "{PACK_HEAD}\n[[terms]]\nentity = \"cabup-harun\"\ncategory = \"name\"\ntext = [\"harun al rasyid\"]\n\
             examples = [\"ayo coblos harun al rasyid\"]\ncounterexamples = [\"selamat pagi\"]\n"
        ),
    );
    netral()
        .args(["lexicon", "check"])
        .arg(&good)
        .assert()
        .success()
        .stdout("ok: 1 entities, 1 terms\n");
    netral()
        .args(["lexicon", "test"])
        .arg(&good)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 examples run, 0 failed"));

    let failing = write(
        dir.path(),
        "failing.toml",
        format!("{PACK_HEAD}\n[[terms]]\nentity = \"cabup-harun\"\ncategory = \"name\"\ntext = [\"harun al rasyid\"]\ncounterexamples = [\"ayo coblos harun al rasyid\"]\n"),
    );
    netral()
        .args(["lexicon", "test"])
        .arg(&failing)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "failing.toml line 15: counterexample flagged: \"ayo coblos harun al rasyid\"",
        ));

    let terms = netral()
        .args(["lexicon", "terms", "--pack"])
        .arg(&good)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let terms = String::from_utf8(terms).unwrap();
    assert!(terms.lines().any(|t| t == "harun al rasyid"));
    assert!(terms.lines().any(|t| t == "prabowo"));
    let only = netral()
        .args(["lexicon", "terms", "--no-default-pack", "--pack"])
        .arg(&good)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert!(!String::from_utf8(only)
        .unwrap()
        .lines()
        .any(|t| t == "prabowo"));
}

#[test]
fn eval_prints_precision() {
    let dir = tempfile::tempdir().unwrap();
    let labelled = write(
        dir.path(),
        "labelled.jsonl",
        concat!(
            r#"{"id":"1","kind":"post","text":"Ayo coblos Prabowo!","expect":{"flag":true,"tier":"explicit","entities":["paslon-02"]}}"#,
            "\n",
            "\n",
            r#"{"id":"2","kind":"post","text":"Semoga lekas sembuh, aamiin","expect":{"flag":false}}"#,
            "\n",
        ),
    );
    netral()
        .arg("eval")
        .arg(&labelled)
        .assert()
        .success()
        .stdout(predicate::str::contains("precision 1.000"));
    let out = netral()
        .args(["eval", "--json"])
        .arg(&labelled)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["cases"], 2);

    let bad = write(
        dir.path(),
        "bad.jsonl",
        "{\"id\":\"1\",\"kind\":\"post\",\"expect\":{\"flag\":true}}\n{\"id\":\"2\"}\n",
    );
    netral()
        .arg("eval")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.jsonl line 2:"));
}

#[test]
fn help_and_usage_errors() {
    netral()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes:"));
    for sub in [
        &["scan"][..],
        &["check"],
        &["eval"],
        &["lexicon", "check"],
        &["lexicon", "test"],
        &["lexicon", "terms"],
    ] {
        netral()
            .args(sub)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
    netral().args(["scan", "--frobnicate"]).assert().code(2);
    netral()
        .args(["scan", "--threads", "0", "x.jsonl"])
        .assert()
        .code(2);
    netral()
        .args(["scan", "/nonexistent/archive.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "netral: cannot open /nonexistent/archive.jsonl",
        ));
}

#[test]
fn several_files_are_tagged() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a.jsonl",
        "{\"id\":\"1\",\"kind\":\"post\",\"text\":\"Ayo coblos 02!\"}\n",
    );
    let b = write(dir.path(), "b.csv", "id,text\n2,Coblos 03 Ganjar!\n");
    let out = netral()
        .args(["scan"])
        .arg(&a)
        .arg(&b)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = records(&out);
    let files: Vec<String> = recs
        .iter()
        .map(|r| match r {
            OutputRecord::Screened(s) => s.file.clone().unwrap(),
            OutputRecord::Error(e) => e.file.clone().unwrap(),
        })
        .collect();
    assert_eq!(files, [a.display().to_string(), b.display().to_string()]);
}
