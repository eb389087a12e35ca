//! `netral report` on the command line: its help, both formats, and bad input.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;

fn netral() -> Command {
    Command::cargo_bin("netral").unwrap()
}

/// The bundled sample archive scanned with every verdict and its text, into `scan.jsonl` in a
/// directory of its own.
fn sample_scan() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan.jsonl");
    netral()
        .args(["scan", "--all", "--with-text", "-o"])
        .arg(&scan)
        .arg("examples/data/archive-sample.jsonl")
        .assert()
        .success();
    (dir, scan)
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
    let (dir, scan) = sample_scan();
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
fn a_dash_for_the_report_is_standard_output() {
    let (dir, scan) = sample_scan();
    let out = netral()
        .current_dir(dir.path())
        .arg("report")
        .arg(&scan)
        .args(["-o", "-"])
        .assert()
        .success();
    let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<mark"));
    assert!(!dir.path().join("-").exists());

    // A reader that goes away early (`| head`) ends the report quietly, as it ends a scan.
    let (first, done) = common::first_line_then_close(
        std::process::Command::new(env!("CARGO_BIN_EXE_netral"))
            .arg("report")
            .arg(&scan)
            .args(["-o", "-"]),
    );
    assert!(first.starts_with("<!DOCTYPE html>"));
    assert!(done.status.success(), "{done:?}");
    assert!(done.stderr.is_empty(), "{done:?}");
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

/// The page up to the end of its header (what the report says of the scan and its packs), and
/// the rest (the accounts, charts, activities and error records).
fn header_and_body(page: &str) -> (&str, &str) {
    let at = page.find("</header>").expect("a header");
    page.split_at(at)
}

/// The facts of a page's header, as label and value.
fn facts(page: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(page);
    let row = scraper::Selector::parse("table.facts tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    doc.select(&row)
        .map(|tr| {
            let cells: Vec<String> = tr
                .select(&cell)
                .map(|c| c.text().collect::<String>())
                .collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect()
}

fn fact<'a>(facts: &'a [(String, String)], label: &str) -> Option<&'a str> {
    facts
        .iter()
        .find(|(l, _)| l == label)
        .map(|(_, v)| v.as_str())
}

#[test]
fn scan_report_equals_the_report_of_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let (scan, made, read) = (
        dir.path().join("scan.jsonl"),
        dir.path().join("made.html"),
        dir.path().join("read.html"),
    );
    netral()
        .args(["scan", "--all", "--with-text", "-o"])
        .arg(&scan)
        .arg("--report")
        .arg(&made)
        .arg("examples/data/archive-sample.jsonl")
        .assert()
        .success()
        .stderr("");
    netral()
        .arg("report")
        .arg(&scan)
        .arg("-o")
        .arg(&read)
        .assert()
        .success();
    let made = std::fs::read_to_string(&made).unwrap();
    let read = std::fs::read_to_string(&read).unwrap();
    let (made_header, made_body) = header_and_body(&made);
    let (read_header, read_body) = header_and_body(&read);
    // Everything below the header is the same page: accounts, charts, activities, errors.
    assert_eq!(made_body, read_body);
    assert!(made_body.matches("<mark").count() >= 39);
    // The header has the same counts, but says what only the scan knows: the archive it
    // read, when it started, and the packs it used (the language pack among them).
    let (made_facts, read_facts) = (facts(made_header), facts(read_header));
    for label in ["Rekaman dibaca", "Disaring", "Ditandai", "Rekaman galat"] {
        assert_eq!(
            fact(&made_facts, label),
            fact(&read_facts, label),
            "{label}"
        );
    }
    assert_eq!(fact(&made_facts, "Rekaman dibaca"), Some("72"));
    assert_eq!(
        fact(&made_facts, "Arsip"),
        Some("examples/data/archive-sample.jsonl")
    );
    assert!(fact(&made_facts, "Pindaian dimulai").is_some());
    assert!(fact(&made_facts, "Keluaran pindaian").is_none());
    let packs = fact(&made_facts, "Paket leksikon").unwrap();
    assert!(
        packs.contains("pemilu-2024") && packs.contains("bahasa-id"),
        "{packs}"
    );
    assert!(made_header.contains("dibuat oleh pindaiannya sendiri"));
    assert!(!made_header.contains("tidak mencatat paket"));
}

#[test]
fn scan_report_counts_what_the_output_leaves_out() {
    // Without --all the output holds only flagged and error records: a report read from it
    // cannot know how many records were screened, the scan's own report does.
    let dir = tempfile::tempdir().unwrap();
    let (made, read) = (dir.path().join("made.html"), dir.path().join("read.html"));
    let out = netral()
        .arg("scan")
        .arg("--report")
        .arg(&made)
        .arg("examples/data/archive-sample.jsonl")
        .output()
        .unwrap();
    assert!(out.status.success());
    let output = dir.path().join("flags.jsonl");
    std::fs::write(&output, &out.stdout).unwrap();
    netral()
        .arg("report")
        .arg(&output)
        .arg("-o")
        .arg(&read)
        .assert()
        .success();
    let made = facts(&std::fs::read_to_string(&made).unwrap());
    let read = facts(&std::fs::read_to_string(&read).unwrap());
    assert_eq!(
        (fact(&made, "Rekaman dibaca"), fact(&made, "Disaring")),
        (Some("72"), Some("67"))
    );
    assert_eq!(
        (fact(&read, "Rekaman dibaca"), fact(&read, "Disaring")),
        (Some("44"), Some("39"))
    );
}

/// An archive in which pruning matters: 5,000 accounts with one flag each, then one account
/// with four, the first of them before the others.
fn crowded_archive() -> String {
    let post = |id: usize, author: &str| {
        serde_json::json!({
            "id": id, "kind": "post", "author": author, "text": "Ayo coblos 02 Prabowo-Gibran!"
        })
        .to_string()
            + "\n"
    };
    let mut archive = post(0, "zz");
    for i in 0..5000 {
        archive += &post(i + 1, &format!("a{i:04}"));
    }
    for i in 0..3 {
        archive += &post(6000 + i, "zz");
    }
    archive
}

#[test]
fn scan_report_equals_a_report_read_once_when_records_are_dropped() {
    // A report made while scanning reads the records once, as `netral report` does from
    // standard input: when the activities kept outgrow their bound, both drop the same ones.
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("crowded.jsonl");
    std::fs::write(&archive, crowded_archive()).unwrap();
    let (scan, made, read) = (
        dir.path().join("scan.jsonl"),
        dir.path().join("made.html"),
        dir.path().join("read.html"),
    );
    let limits = ["--top-authors", "1", "--per-author", "10", "--lang", "en"];
    netral()
        .args(["scan", "--all", "--with-text", "-o"])
        .arg(&scan)
        .arg("--report")
        .arg(&made)
        .args(limits)
        .arg(&archive)
        .assert()
        .success();
    netral()
        .args(["report", "-", "-o"])
        .arg(&read)
        .args(limits)
        .pipe_stdin(&scan)
        .unwrap()
        .assert()
        .success();
    let made = std::fs::read_to_string(&made).unwrap();
    let read = std::fs::read_to_string(&read).unwrap();
    assert_eq!(header_and_body(&made).1, header_and_body(&read).1);
    // zz leads with four flags; the first was dropped before zz was in the lead.
    let zz = made.find("<h3><bdi>zz</bdi></h3>").expect("zz leads");
    let note = &made[zz..zz + 200];
    assert!(note.contains("4 flagged activities; shown 3."), "{note}");
}

#[test]
fn scan_writes_the_workbook_as_its_output_or_beside_it() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let (book, beside, scan, read) = (
        dir.path().join("laporan.xlsx"),
        dir.path().join("beside.xlsx"),
        dir.path().join("scan.jsonl"),
        dir.path().join("read.xlsx"),
    );
    netral()
        .args(["scan", "--output-format", "xlsx", "-o"])
        .arg(&book)
        .arg("examples/data/archive-sample.jsonl")
        .assert()
        .success()
        .stdout("");
    netral()
        .args(["scan", "--all", "--with-text", "-o"])
        .arg(&scan)
        .arg("--report")
        .arg(&beside)
        .arg("examples/data/archive-sample.jsonl")
        .assert()
        .success();
    netral()
        .arg("report")
        .arg(&scan)
        .arg("-o")
        .arg(&read)
        .assert()
        .success();
    let sheets = |path: &std::path::Path| -> Vec<(String, Vec<Vec<Data>>)> {
        let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
        book.sheet_names()
            .into_iter()
            .map(|name| {
                let range = book.worksheet_range(&name).unwrap();
                let rows = range.rows().map(<[Data]>::to_vec).collect();
                (name, rows)
            })
            .collect()
    };
    let (book, beside, read) = (sheets(&book), sheets(&beside), sheets(&read));
    assert_eq!(book.len(), 4);
    // The sheets of flagged activities, accounts and error records are the same, however the
    // workbook was made; the sheet about the scan differs in what only the scan knows.
    for i in 0..3 {
        assert_eq!(book[i], read[i], "sheet {}", book[i].0);
        assert_eq!(book[i], beside[i], "sheet {}", book[i].0);
    }
    assert_eq!(
        book[0].1.len(),
        1 + 39,
        "a header row and 39 flagged activities"
    );
    assert_eq!(book[2].1.len(), 1 + 5, "a header row and 5 error records");
    let about: Vec<String> = book[3]
        .1
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    assert!(
        about.iter().any(|r| r == "Rekaman dibaca | 72"),
        "{about:?}"
    );
    assert!(
        about.iter().any(|r| r.starts_with("Pindaian dimulai | ")),
        "{about:?}"
    );

    // A workbook is a file: without --output there is nowhere to write it.
    netral()
        .args([
            "scan",
            "--output-format",
            "xlsx",
            "examples/data/archive-sample.jsonl",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give it with --output FILE.xlsx"));
}

#[test]
fn a_scan_that_fails_leaves_no_report_and_a_report_cannot_be_an_input() {
    let dir = tempfile::tempdir().unwrap();
    // A gzip stream cut short: the scan fails after reading part of it.
    let mut gz = gzip(&common_sample());
    gz.truncate(gz.len() / 2);
    let archive = dir.path().join("cut.jsonl.gz");
    std::fs::write(&archive, gz).unwrap();
    let report = dir.path().join("r.html");
    netral()
        .arg("scan")
        .arg("--report")
        .arg(&report)
        .arg(&archive)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no report is made of an unfinished scan",
        ));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["cut.jsonl.gz"]);

    // The report is an output like any other: it is never written over an input.
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, common_sample()).unwrap();
    netral()
        .arg("scan")
        .arg("--report")
        .arg(&input)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--report"))
        .stderr(predicate::str::contains("is the same file as the input"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), common_sample());
}

fn common_sample() -> String {
    std::fs::read_to_string("examples/data/archive-sample.jsonl").unwrap()
}

/// `text` compressed with gzip.
fn gzip(text: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap()
}
