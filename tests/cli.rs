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
    let assert = scan_all_to(&dest, &cut).code(2);
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
fn a_dash_is_no_name_for_the_files_beside_the_records() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--report", "--summary-json"] {
        netral()
            .current_dir(dir.path())
            .args(["scan", flag, "-"])
            .arg(common::repo("examples/data/archive-sample.jsonl"))
            .assert()
            .code(2)
            .stderr(predicates::str::contains(format!(
                "{flag} writes a file: give it a file name"
            )));
        assert!(!dir.path().join("-").exists());
    }
}

/// When the reader of standard output goes away (`| head`), the scan ends quietly, and says
/// that the files asked for beside the records were not written.
#[test]
fn a_closed_standard_output_says_what_was_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let archive = write(dir.path(), "a.jsonl", common::generated_archive(20_000));
    let report = dir.path().join("r.html");
    let (_, out) = common::first_line_then_close(
        std::process::Command::new(BIN)
            .args(["scan", "--all", "--report"])
            .arg(&report)
            .arg(&archive),
    );
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("standard output was closed before the scan ended; --report not written"),
        "{stderr}"
    );
    assert!(!report.exists());
    assert_no_temp_files(dir.path());
}

#[test]
fn a_dash_for_the_output_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let sample = common::repo("examples/data/archive-sample.jsonl");
    let to_stdout = netral()
        .current_dir(dir.path())
        .args(["scan", "-o", "-"])
        .arg(&sample)
        .assert()
        .success();
    let plain = netral().arg("scan").arg(&sample).assert().success();
    assert_eq!(to_stdout.get_output().stdout, plain.get_output().stdout);
    assert!(!records(&plain.get_output().stdout).is_empty());
    assert!(!dir.path().join("-").exists());
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
    let (first, out) = common::first_line_then_close(
        std::process::Command::new(BIN)
            .args(["scan", "--all"])
            .arg(&big),
    );
    assert!(first.starts_with("{\"line\":1,"));
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
        .stdout("ok: 1 entities, 1 terms; race: national\n");
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
    // What a user needs to trust a scan is in its help.
    let help = netral()
        .args(["scan", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).unwrap();
    for needle in [
        "limit of 10 MiB",
        "Blank lines are not records",
        "becomes an error record",
        "--damaged-csv",
        "Exit codes: 0 success",
        "FILE.partial",
        "mode 0600",
    ] {
        assert!(help.contains(needle), "scan --help lacks {needle:?}");
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

/// The sample archive, copied into `dir`.
fn sample_in(dir: &Path) -> PathBuf {
    let bytes = std::fs::read(common::repo("examples/data/archive-sample.jsonl")).unwrap();
    write(dir, "in.jsonl", bytes)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `netral scan --all --output OUT INPUT`, run.
fn scan_all_to(out: &Path, input: &Path) -> assert_cmd::assert::Assert {
    netral()
        .args(["scan", "--all", "--output"])
        .arg(out)
        .arg(input)
        .assert()
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_symlink()
}

#[test]
fn an_output_that_is_an_input_is_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample_in(dir.path());
    let before = std::fs::read(&input).unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let hard = dir.path().join("hard.jsonl");
    std::fs::hard_link(&input, &hard).unwrap();
    for (flag, out) in [
        ("--output", &input),
        ("--summary-json", &input),
        ("--output", &link),
        ("--output", &hard),
    ] {
        let assert = netral()
            .args(["scan", "--all", flag])
            .arg(out)
            .arg(&input)
            .assert()
            .code(2);
        let stderr = stderr_of(assert.get_output());
        assert!(stderr.contains("is the same file as the input"), "{stderr}");
        assert_eq!(std::fs::read(&input).unwrap(), before);
    }
    // Standard input redirected from the output file.
    let output = std::process::Command::new(BIN)
        .args(["scan", "--all", "--output"])
        .arg(&input)
        .stdin(std::fs::File::open(&input).unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("the same file as the input standard input"));
    // Standard output appended to an input.
    let output = std::process::Command::new(BIN)
        .args(["scan", "--all"])
        .arg(&input)
        .stdout(
            std::fs::OpenOptions::new()
                .append(true)
                .open(&input)
                .unwrap(),
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("standard output is the same file as the input"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert!(is_symlink(&link));
    // The two outputs in one file.
    let out = dir.path().join("out.json");
    let assert = netral()
        .args(["scan", "--output"])
        .arg(&out)
        .arg("--summary-json")
        .arg(dir.path().join(".").join("out.json"))
        .arg(&input)
        .assert()
        .code(2);
    assert!(stderr_of(assert.get_output()).contains("are the same file"));
    assert!(!out.exists());
}

#[test]
fn an_output_link_is_written_through_and_a_descriptor_is_a_stream() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample_in(dir.path());
    let want = netral()
        .args(["scan", "--all"])
        .arg(&input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    // A link to standard output: what the shell redirects it to gets the records.
    let o = dir.path().join("o");
    std::os::unix::fs::symlink("/proc/self/fd/1", &o).unwrap();
    let c = dir.path().join("c");
    let status = std::process::Command::new(BIN)
        .args(["scan", "--all", "--output"])
        .arg(&o)
        .arg(&input)
        .stdout(std::fs::File::create(&c).unwrap())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(&c).unwrap(), want);
    assert!(is_symlink(&o));
    // A link to a file elsewhere: the file is replaced, the link stays.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let real = write(&sub, "real.jsonl", "old");
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink("sub/real.jsonl", &link).unwrap();
    scan_all_to(&link, &input).success();
    assert_eq!(std::fs::read(&real).unwrap(), want);
    assert!(is_symlink(&link));
    // A link to nothing yet: its target is created.
    let dangling = dir.path().join("dangling.jsonl");
    std::os::unix::fs::symlink("sub/new.jsonl", &dangling).unwrap();
    scan_all_to(&dangling, &input).success();
    assert_eq!(std::fs::read(sub.join("new.jsonl")).unwrap(), want);
    assert_no_temp_files(dir.path());
    assert_no_temp_files(&sub);
}

#[test]
fn a_failing_summary_path_is_found_before_the_scan() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample_in(dir.path());
    let out = dir.path().join("flags.jsonl");
    let assert = netral()
        .args(["scan", "--output"])
        .arg(&out)
        .arg("--summary-json")
        .arg(dir.path().join("missing-dir/summary.json"))
        .arg(&input)
        .assert()
        .code(2);
    let stderr = stderr_of(assert.get_output());
    assert!(stderr.contains("cannot create"), "{stderr}");
    assert!(stderr.contains("missing-dir/summary.json"), "{stderr}");
    assert!(!out.exists());
    assert_no_temp_files(dir.path());
}

/// Starts a scan of standard input into `out`, feeds it a record and waits until its
/// unfinished output file is there; the scan then waits for more input.
fn scan_waiting_on_stdin(out: &Path) -> (std::process::Child, PathBuf) {
    let mut child = std::process::Command::new(BIN)
        .args(["scan", "--all", "--output"])
        .arg(out)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"id\":\"1\",\"kind\":\"post\",\"text\":\"Ayo coblos 02!\"}\n")
        .unwrap();
    // Kept open: the scan goes on waiting for more.
    std::mem::forget(stdin);
    let dir = out.parent().unwrap();
    let tmp = wait_for(|| {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains(".netral-incomplete-"))
    });
    (child, tmp)
}

/// Polls `f` until it gives a value; gives up after a generous while.
fn wait_for<T>(mut f: impl FnMut() -> Option<T>) -> T {
    for _ in 0..300 {
        if let Some(v) = f() {
            return v;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("timed out");
}

fn kill(child: &std::process::Child, signal: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn an_interrupted_scan_removes_its_unfinished_output() {
    use std::os::unix::process::ExitStatusExt;
    for (signal, number) in [("INT", 2), ("TERM", 15)] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("flags.jsonl");
        let (mut child, tmp) = scan_waiting_on_stdin(&out);
        assert!(tmp
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("flags.jsonl.netral-incomplete-"));
        kill(&child, signal);
        let status = child.wait().unwrap();
        assert_eq!(status.signal(), Some(number), "{status:?}");
        assert!(!tmp.exists(), "{} left behind", tmp.display());
        assert!(!out.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

#[test]
fn a_killed_scan_leaves_a_telling_name_and_the_next_run_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("flags.jsonl");
    let (mut child, tmp) = scan_waiting_on_stdin(&out);
    kill(&child, "KILL");
    child.wait().unwrap();
    assert!(tmp.exists());
    let input = sample_in(dir.path());
    let assert = netral()
        .args(["scan", "--output"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let stderr = stderr_of(assert.get_output());
    assert!(
        stderr.contains(&*tmp.file_name().unwrap().to_string_lossy())
            && stderr.contains("stopped before it finished"),
        "{stderr}"
    );
    assert!(out.exists());
}

/// A directory on a file system with little room: a small tmpfs where this runs as root and
/// may mount one, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
    mounted: bool,
}

impl SmallDisk {
    fn new() -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(SmallDisk { dir, mounted })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        if self.mounted {
            let _ = std::process::Command::new("umount")
                .arg(self.dir.path())
                .status();
        }
    }
}

/// Runs `netral ARGS` where output files cannot grow past about 256 KiB: on a small tmpfs if
/// one can be mounted, else under a file size limit (`ulimit -f`, with SIGXFSZ ignored so that
/// the write fails instead of killing the process), which fails a write just as a full disk
/// does.
fn run_on_a_full_disk(args: &[&std::ffi::OsStr], disk: Option<&SmallDisk>) -> std::process::Output {
    let limit = if disk.is_some() {
        ""
    } else {
        "ulimit -f 512; "
    };
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; {limit}exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn on_a_full_disk_the_partial_output_ends_on_a_complete_record_and_says_how_many() {
    let work = tempfile::tempdir().unwrap();
    let archive = write(work.path(), "big.jsonl", common::generated_archive(3000));
    let disk = SmallDisk::new();
    let out_dir = disk
        .as_ref()
        .map_or(work.path().to_path_buf(), |d| d.dir.path().to_path_buf());
    for (format, name) in [("jsonl", "out.jsonl"), ("csv", "out.csv")] {
        let out = out_dir.join(name);
        let output = run_on_a_full_disk(
            &[
                "scan".as_ref(),
                "--all".as_ref(),
                "--output-format".as_ref(),
                format.as_ref(),
                "--output".as_ref(),
                out.as_os_str(),
                archive.as_os_str(),
            ],
            disk.as_ref(),
        );
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(!out.exists());
        let partial = out_dir.join(format!("{name}.partial"));
        let kept = std::fs::read(&partial).unwrap();
        assert_eq!(kept.last(), Some(&b'\n'), "ends on a complete record");
        let count: u64 = if format == "jsonl" {
            let recs = records(&kept);
            assert_eq!(
                recs.iter().map(line).collect::<Vec<_>>(),
                (1..=recs.len() as u64).collect::<Vec<_>>()
            );
            recs.len() as u64
        } else {
            let mut r = csv::Reader::from_reader(&kept[..]);
            r.records().map(Result::unwrap).count() as u64
        };
        assert!(count > 0 && count < 3000, "{count}");
        assert!(
            stderr.contains(&format!(
                "the {count} complete records written before the failure are kept in"
            )),
            "{stderr}"
        );
        std::fs::remove_file(&partial).unwrap();
        assert_no_temp_files(&out_dir);
    }
    // A device that is full is written as a stream, and stays a device.
    let assert = netral()
        .args(["scan", "--all", "--output", "/dev/full"])
        .arg(&archive)
        .assert()
        .code(2);
    assert!(stderr_of(assert.get_output()).contains("No space left on device"));
    assert!(!std::fs::metadata("/dev/full").unwrap().is_file());
}

#[test]
fn outputs_are_private_and_a_replaced_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let input = sample_in(dir.path());
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let new = dir.path().join("new.jsonl");
    let summary = dir.path().join("summary.json");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$0\" \"$@\"")
        .arg(BIN)
        .args(["scan", "--output"])
        .arg(&new)
        .arg("--summary-json")
        .arg(&summary)
        .arg(&input)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&new), 0o600);
    assert_eq!(mode(&summary), 0o600);
    let old = write(dir.path(), "old.jsonl", "old");
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o640)).unwrap();
    netral()
        .args(["scan", "--output"])
        .arg(&old)
        .arg(&input)
        .assert()
        .success();
    assert_eq!(mode(&old), 0o640);
    assert_ne!(std::fs::read(&old).unwrap(), b"old");
}

#[test]
fn too_many_threads_are_capped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample_in(dir.path());
    let assert = netral()
        .args(["scan", "--threads", "65535"])
        .arg(&input)
        .assert()
        .success();
    let stderr = stderr_of(assert.get_output());
    assert!(
        stderr.contains("--threads 65535 is more than 4 for each of the")
            && stderr.contains("; using "),
        "{stderr}"
    );
}

#[test]
fn nothing_from_an_archive_drives_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "\u{1b}]0;pwned\u{7}\u{1b}[2J";
    let record = serde_json::json!({
        "id": "1", "kind": "post", "author": format!("asn{evil}"), "text": "Ayo coblos 02 Prabowo!"
    });
    let input = write(dir.path(), "a.jsonl", format!("{record}\n"));
    let assert = netral()
        .args(["scan", "--summary"])
        .arg(&input)
        .assert()
        .success();
    let stderr = stderr_of(assert.get_output());
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("asn\\u{1b}]0;pwned"), "{stderr}");
    // A CSV header name, in an error message, is escaped and clipped.
    let long = "x".repeat(500);
    let csv = write(
        dir.path(),
        "a.csv",
        format!("id,te{evil}xt,{long}\n1,a,b\n"),
    );
    let assert = netral()
        .args(["scan", "--map", "text=body"])
        .arg(&csv)
        .assert()
        .code(2);
    let stderr = stderr_of(assert.get_output());
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
    assert!(stderr.contains("te\\u{1b}]0;pwned"), "{stderr}");
    assert!(stderr.contains("xxx…") && stderr.len() < 400, "{stderr}");
}

#[test]
fn a_missing_second_input_stops_the_scan_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample_in(dir.path());
    let out = dir.path().join("out.jsonl");
    let assert = netral()
        .args(["scan", "--all"])
        .arg(&input)
        .arg(dir.path().join("missing.jsonl"))
        .assert()
        .code(2)
        .stdout("");
    assert!(stderr_of(assert.get_output()).contains("cannot open"));
    netral()
        .args(["scan", "--all", "--output"])
        .arg(&out)
        .arg(&input)
        .arg(dir.path().join("missing.jsonl"))
        .assert()
        .code(2);
    assert!(!out.exists());
    assert!(!dir.path().join("out.jsonl.partial").exists());
    assert_no_temp_files(dir.path());
}

#[test]
fn a_mistyped_map_source_and_malformed_maps_are_refused() {
    let sample = common::repo("examples/data/archive-sample.jsonl");
    let assert = netral()
        .args(["scan", "--map", "text=ful_text"])
        .arg(&sample)
        .assert()
        .code(2)
        .stdout("");
    let stderr = stderr_of(assert.get_output());
    assert!(
        stderr.contains("has `ful_text` (mapped to `text`); their fields are: ")
            && stderr.contains("text"),
        "{stderr}"
    );
    for (maps, needle) in [
        (&[",,,"][..], "has an empty entry"),
        (&["text=b=c"], "has more than one `=`"),
        (&["text=a", "text=b"], "field `text` is mapped twice"),
    ] {
        let mut cmd = netral();
        cmd.arg("scan");
        for m in maps {
            cmd.args(["--map", m]);
        }
        let assert = cmd.arg(&sample).assert().code(2);
        let stderr = stderr_of(assert.get_output());
        assert!(stderr.contains(needle), "{maps:?}: {stderr}");
    }
}

#[test]
fn a_csv_quote_left_open_stops_or_recovers_as_asked() {
    let input = "id,kind,author,text\n1,post,user_a,\"halo semua\n2,post,user_b,Ayo coblos 02 ya\n3,post,user_c,rapat jam 10\"\n4,post,user_d,selamat pagi\n";
    let assert = netral()
        .args(["scan", "--all"])
        .write_stdin(input)
        .assert()
        .code(2);
    let stderr = stderr_of(assert.get_output());
    assert!(
        stderr.contains("the CSV record starting on line 2 runs on over line 3")
            && stderr.contains("--damaged-csv recover"),
        "{stderr}"
    );
    assert!(records(&assert.get_output().stdout).is_empty());
    let out = netral()
        .args(["scan", "--all", "--damaged-csv", "recover"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = records(&out);
    assert_eq!(recs.iter().map(line).collect::<Vec<_>>(), [2, 3, 4, 5]);
    assert!(error_of(&recs[0]).is_some());
    let OutputRecord::Screened(b) = &recs[1] else {
        panic!("{recs:?}")
    };
    assert_eq!((b.author.as_deref(), b.flagged), (Some("user_b"), true));
}

#[test]
fn a_csv_row_over_the_limit_does_not_stop_the_scan() {
    let input = format!(
        "id,text\n1,halo\n2,{}\n3,Coblos 02 ya\n",
        "a".repeat(500_000)
    );
    let out = netral()
        .args(["scan", "--all", "--max-record-len", "4096"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let recs = records(&out);
    assert_eq!(recs.iter().map(line).collect::<Vec<_>>(), [2, 3, 4]);
    assert!(error_of(&recs[1])
        .unwrap()
        .contains("over the limit of 4096"));
}

#[test]
fn a_slow_writer_gets_each_verdict_without_waiting_for_a_block() {
    let mut child = std::process::Command::new(BIN)
        .args(["scan", "--all"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(stdout).lines() {
            if tx.send(l.unwrap()).is_err() {
                break;
            }
        }
    });
    let generous = std::time::Duration::from_secs(20);
    for (id, text) in [("1", "Ayo coblos 02 Prabowo!"), ("2", "Selamat pagi")] {
        writeln!(
            stdin,
            "{{\"id\":\"{id}\",\"kind\":\"post\",\"text\":\"{text}\"}}"
        )
        .unwrap();
        stdin.flush().unwrap();
        // The input stays open: the verdict comes anyway.
        let got = rx
            .recv_timeout(generous)
            .expect("a verdict while the input is open");
        assert!(got.contains(&format!("\"id\":\"{id}\"")), "{got}");
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn archives_without_ids_are_named_by_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    // Collected text, as research collections are: no id, no kind.
    let tweets = write(
        dir.path(),
        "tweets.jsonl",
        concat!(
            r#"{"source": "x", "text": "Ayo coblos 02 Prabowo-Gibran!"}"#,
            "\n\n",
            r#"{"source": "x", "text": "Selamat pagi semua"}"#,
            "\n",
            r#"{"source": "x", "text": "Jangan lupa pilih Ganjar-Mahfud, coblos 03"}"#,
            "\n",
        ),
    );
    let out = netral()
        .args(["scan", "--all"])
        .arg(&tweets)
        .output()
        .unwrap();
    assert!(out.status.success());
    let got: Vec<(u64, String)> = records(&out.stdout)
        .iter()
        .map(|r| match r {
            OutputRecord::Screened(s) => (s.line, s.id.to_string()),
            OutputRecord::Error(e) => panic!("an error record: {e:?}"),
        })
        .collect();
    let want = [(1, "line-1"), (3, "line-3"), (4, "line-4")];
    assert_eq!(got, want.map(|(l, id)| (l, id.to_string())));
    // Without --summary the notes say so on standard error.
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("note: 3 records had no id; each is named by its line"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: 3 records of archives without a `kind` field were read as posts"),
        "{stderr}"
    );
    // The summary says it, and counts it.
    let json = dir.path().join("summary.json");
    let out = netral()
        .args([
            "scan",
            "--summary",
            "--output",
            "/dev/null",
            "--summary-json",
        ])
        .arg(&json)
        .arg(&tweets)
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert!(
        stderr.contains("ids: 3 records without an id, each named by its line"),
        "{stderr}"
    );
    assert!(!stderr.contains("note:"), "{stderr}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        (
            &summary["ids_from_lines"],
            &summary["posts_without_kind"],
            &summary["flagged"]
        ),
        (&3.into(), &3.into(), &2.into())
    );

    // Required, a record without an id is an error record.
    let out = netral()
        .args(["scan", "--all", "--require-ids"])
        .arg(&tweets)
        .output()
        .unwrap();
    let recs = records(&out.stdout);
    assert_eq!(recs.len(), 3);
    assert!(
        recs.iter().all(|r| error_of(r) == Some("missing `id`")),
        "{recs:?}"
    );
    assert_eq!(stderr_of(&out), "");

    // In an archive that has ids, a record without one is damaged: an error record, unless
    // --id-from-line names it.
    let mixed = write(
        dir.path(),
        "mixed.jsonl",
        concat!(
            r#"{"id": 7, "kind": "post", "text": "Ayo coblos 02!"}"#,
            "\n",
            r#"{"kind": "post", "text": "Ayo coblos 03!"}"#,
            "\n",
        ),
    );
    let out = netral()
        .args(["scan", "--all"])
        .arg(&mixed)
        .output()
        .unwrap();
    assert_eq!(error_of(&records(&out.stdout)[1]), Some("missing `id`"));
    let out = netral()
        .args(["scan", "--all", "--id-from-line"])
        .arg(&mixed)
        .output()
        .unwrap();
    match &records(&out.stdout)[..] {
        [OutputRecord::Screened(a), OutputRecord::Screened(b)] => {
            assert_eq!(
                (a.id.to_string(), b.id.to_string()),
                ("7".into(), "line-2".into())
            )
        }
        other => panic!("{other:?}"),
    }
    netral()
        .args(["scan", "--id-from-line", "--require-ids"])
        .arg(&mixed)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));

    // A CSV without an id column: every row is named by its line (the header is line 1).
    let csv = write(
        dir.path(),
        "posts.csv",
        "author,text\nrina,Ayo coblos 02 Prabowo!\nbudi,Selamat pagi\n",
    );
    let out = netral().args(["scan", "--all"]).arg(&csv).output().unwrap();
    let ids: Vec<String> = records(&out.stdout)
        .iter()
        .map(|r| match r {
            OutputRecord::Screened(s) => s.id.to_string(),
            OutputRecord::Error(e) => panic!("{e:?}"),
        })
        .collect();
    assert_eq!(ids, ["line-2", "line-3"]);
    netral()
        .args(["scan", "--require-ids"])
        .arg(&csv)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the CSV header has no `id` column",
        ));
}

/// A governor's pack beside the national one: `check` reads "nomor 2" by the race named beside
/// it and shows each camp's race; `lexicon check` warns of words two races claim.
#[test]
fn races_are_shown_and_shared_words_warned_of() {
    let jatim = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/races/jatim-2024.toml"
    );
    let city = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/races/kota-contoh-2024.toml"
    );
    netral()
        .args(["check", "--pack", jatim])
        .arg("Ayo coblos nomor 2, Khofifah-Emil lanjutkan!")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "entities: jatim-02 (province Jawa Timur)\n",
        ));
    netral()
        .args(["lexicon", "check", city, "--with", jatim])
        .assert()
        .success()
        .stdout(predicate::str::contains("race: city Kota Contoh"))
        .stdout(predicate::str::contains(
            "warning: `dardak` is claimed by contoh-02",
        ));
}
