//! `netral report` on the command line: its help, both formats, and bad input.

use assert_cmd::Command;
use predicates::prelude::*;

fn netral() -> Command {
    Command::cargo_bin("netral").unwrap()
}

#[test]
fn help_documents_every_option() {
    let out = netral().args(["report", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for option in [
        "-o, --output",
        "--format",
        "--lang",
        "--top-authors",
        "--per-author",
        "--max-errors",
        "--max-text",
        "--time-zone",
        "--pack",
        "--no-default-pack",
        "<SCAN_OUTPUT.jsonl>",
    ] {
        // The option's own line in the list, which goes on to say what it does.
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(option))
            .unwrap_or_else(|| panic!("{option} missing"));
        let words = line.split_whitespace().count();
        assert!(words >= 6, "{option} is not described: {line}");
    }
    assert!(help.contains("Exit codes"));
}

#[test]
fn html_and_workbook_from_a_scan() {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan.jsonl");
    netral()
        .args(["scan", "--all", "--with-text", "-o"])
        .arg(&scan)
        .arg("examples/data/archive-sample.jsonl")
        .assert()
        .success();
    let html = dir.path().join("laporan.html");
    netral()
        .arg("report")
        .arg(&scan)
        .arg("-o")
        .arg(&html)
        .assert()
        .success();
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<mark"));
    assert!(
        !page.contains("http://") || !page.contains("<link"),
        "nothing is fetched"
    );

    let xlsx = dir.path().join("laporan.xlsx");
    netral()
        .arg("report")
        .arg(&scan)
        .arg("-o")
        .arg(&xlsx)
        .assert()
        .success();
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let en = dir.path().join("report.bin");
    netral()
        .args([
            "report",
            "--format",
            "html",
            "--lang",
            "en",
            "--time-zone",
            "UTC",
        ])
        .arg(&scan)
        .arg("-o")
        .arg(&en)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&en)
        .unwrap()
        .contains("Times shown in zone UTC."));
}

#[test]
fn input_that_is_not_a_scan_output_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    netral()
        .arg("report")
        .arg("examples/data/archive-sample.jsonl")
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 1: not a scan output record"));
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a temporary file was left"
    );
    netral()
        .args(["report", "--lang", "fr", "x.jsonl", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language `fr`"));
    netral()
        .args(["report", "missing.jsonl", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot open missing.jsonl"));
}

#[test]
fn lexicon_new_from_a_candidate_sheet_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let pack = dir.path().join("jakarta.toml");
    netral()
        .args(["lexicon", "new", "--id", "pilkada-dki-2024", "--candidates"])
        .arg("examples/data/calon-pilkada-jakarta-2024.csv")
        .arg("-o")
        .arg(&pack)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "3 pairs read from the columns `No. Urut` (number), `Calon Gubernur` (candidate)",
        ));
    let text = std::fs::read_to_string(&pack).unwrap();
    assert!(text.contains("id = \"pilkada-dki-2024-02\""));
    assert!(text.contains("parties = [\"pdip\", \"hanura\"]"));
    netral()
        .args(["lexicon", "check"])
        .arg(&pack)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: "));
    // An existing pack is never replaced.
    netral()
        .args([
            "lexicon",
            "new",
            "--candidates",
            "examples/data/calon-pilkada-jakarta-2024.csv",
            "-o",
        ])
        .arg(&pack)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists"));
}
