//! What the command line shows a person on a terminal: the scan's summary and progress bar,
//! its help, and texts from users printed by `check`, `eval` and `lexicon test`, which must
//! never drive the terminal.

#![cfg(feature = "cli")]

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

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

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// What an escape sequence in a text would do on a terminal: set the window title, ring the
/// bell, clear the screen, go back to the start of the line, reverse what follows.
const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{202e}";

/// Fails if `out` holds any character that would act on a terminal.
fn assert_inert(out: &str) {
    for c in ['\u{1b}', '\u{7}', '\r', '\u{202e}', '\u{9b}'] {
        assert!(!out.contains(c), "{c:?} printed raw in:\n{out}");
    }
}

#[test]
fn the_summary_lists_authors_as_deep_as_asked_and_errors_by_reason() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("summary.json");
    let out = netral()
        .args(["scan", "--summary", "--top", "3", "-o", "/dev/null"])
        .arg("--summary-json")
        .arg(&json)
        .arg(common::repo("examples/data/archive-sample.jsonl"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stderr_of(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "records: 72  screened: 67  flagged: 39 (58.2%)  errors: 5",
            "dates: 2023-11-14 to 2024-05-01 (2 records without a readable date)",
        ]
    );
    // A section: its title and the indented rows under it.
    let section = |title: &str| -> Vec<Vec<String>> {
        lines
            .iter()
            .skip_while(|l| **l != title)
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect()
    };
    let authors = section("most flagged authors:");
    assert_eq!(
        authors,
        [["asn-0077", "5"], ["asn-0412", "5"], ["asn-1187", "5"]]
    );
    let reasons = section("errors by reason:");
    assert_eq!(reasons.len(), 5, "{text}");
    assert!(reasons.iter().all(|r| r.last().unwrap() == "1"));
    // Numbers in reasons are masked, so that reasons differing only in a column count as one.
    assert!(
        reasons
            .iter()
            .any(|r| r.join(" ") == "truncated JSON (ends at column N) 1"),
        "{reasons:?}"
    );
    // The speed stands alone at the end, apart from the findings.
    let n = lines.len();
    assert_eq!(lines[n - 2], "");
    assert!(
        lines[n - 1].starts_with("read ") && lines[n - 1].ends_with(" MB/s"),
        "{text}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(summary["top_authors"].as_array().unwrap().len(), 3);
    assert_eq!(summary["errors_by_reason"]["missing `id`"], 1);
    assert_eq!(
        (
            &summary["first_date"],
            &summary["last_date"],
            &summary["undated"]
        ),
        (&"2023-11-14".into(), &"2024-05-01".into(), &2.into())
    );

    // As deep as asked: more than there are lists them all.
    let out = netral()
        .args(["scan", "--summary", "--top", "100", "-o", "/dev/null"])
        .arg(common::repo("examples/data/archive-sample.jsonl"))
        .output()
        .unwrap();
    let text = stderr_of(&out);
    let authors = text
        .lines()
        .skip_while(|l| *l != "most flagged authors:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .count();
    // Every author with a flag: 38 of the 39 flags have one, from 14 accounts.
    assert_eq!(authors, 14, "{text}");
}

#[test]
fn the_summary_aligns_wide_names_and_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let post = |id: u32, author: &str| {
        serde_json::json!({"id": id, "kind": "post", "author": author, "text": "Ayo coblos 02!"})
            .to_string()
            + "\n"
    };
    let mut archive = String::new();
    for (i, author) in ["budi", "🇮🇩rina🇮🇩", "政府", &format!("x{EVIL}y")]
        .iter()
        .enumerate()
    {
        archive += &post(i as u32, author);
    }
    let input = write(dir.path(), "a.jsonl", archive);
    let out = netral()
        .args(["scan", "--summary", "-o", "/dev/null"])
        .arg(&input)
        .output()
        .unwrap();
    let text = stderr_of(&out);
    assert_inert(&text);
    assert!(
        text.contains("x\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\r\\u{202e}y"),
        "{text}"
    );
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "most flagged authors:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(rows.len(), 4);
    // Every count ends in the same display column, however wide the names before it.
    let ends: Vec<usize> = rows
        .iter()
        .map(|r| unicode_width::UnicodeWidthStr::width(*r))
        .collect();
    assert!(ends.iter().all(|&e| e == ends[0]), "{rows:#?}");
}

#[test]
fn the_progress_bar_is_drawn_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    // Three blocks of records, so that the bar is drawn while the scan runs.
    let archive = write(dir.path(), "g.jsonl", common::generated_archive(3 * 4096));
    // Standard error is a pipe here: nothing but the output is printed.
    netral()
        .args(["scan", "--all", "-o", "/dev/null"])
        .arg(&archive)
        .assert()
        .success()
        .stderr("");
    // On a terminal (a pseudo-terminal made by `script`), the bar shows how far the scan is
    // through the file, the time left, and the counts; for a pipe, the counts and the time.
    let on_terminal = |command: String| -> String {
        let typescript = dir.path().join("typescript");
        let status = std::process::Command::new("script")
            .args(["-q", "-e", "-c", &command])
            .arg(&typescript)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .status()
            .expect("`script` (util-linux) runs a command on a pseudo-terminal");
        assert!(status.success(), "{command}");
        let shown = std::fs::read(&typescript).unwrap();
        String::from_utf8_lossy(&shown).into_owned()
    };
    let archive = archive.display();
    let shown = on_terminal(format!(
        "stty cols 120; '{BIN}' scan --all -o /dev/null '{archive}'"
    ));
    assert!(shown.contains("% "), "{shown}");
    assert!(shown.contains("ETA "), "{shown}");
    assert!(shown.contains(" records ("), "{shown}");
    assert!(shown.contains(" flagged "), "{shown}");
    let shown = on_terminal(format!(
        "stty cols 120; cat '{archive}' | '{BIN}' scan --all -o /dev/null"
    ));
    assert!(shown.contains(" records ("), "{shown}");
    assert!(!shown.contains("ETA "), "{shown}");
}

#[test]
fn scan_help_documents_the_new_options() {
    let out = netral().args(["scan", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for option in [
        "--report <FILE>",
        "--top <N>",
        "--id-from-line",
        "--require-ids",
        "--lang <LANG>",
        "--top-authors <N>",
        "--time-zone <ZONE>",
    ] {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(option))
            .unwrap_or_else(|| panic!("{option} missing:\n{help}"));
        assert!(line.split_whitespace().count() >= 4, "{line}");
    }
    for words in [
        "Records without ids",
        "line-42",
        "Report options (with --report or --output-format xlsx)",
        "ETA",
    ] {
        assert!(help.contains(words), "{words:?} missing:\n{help}");
    }
}

#[test]
fn check_prints_the_text_without_driving_the_terminal() {
    let text = format!("Ayo coblos 02 {EVIL} Prabowo! 0\u{fe0f}\u{20e3}2\u{fe0f}\u{20e3}");
    let out = netral().args(["check", &text]).output().unwrap();
    assert!(out.status.success());
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_inert(&shown);
    assert!(
        shown.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\r\\u{202e} [[Prabowo]]"),
        "{shown}"
    );
    // Keycaps stay themselves.
    assert!(
        shown.contains("0\u{fe0f}\u{20e3}2\u{fe0f}\u{20e3}"),
        "{shown}"
    );
    let out = netral()
        .args(["check", "--explain", &text])
        .output()
        .unwrap();
    assert_inert(&String::from_utf8(out.stdout).unwrap());
}

#[test]
fn eval_prints_labelled_cases_without_driving_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    // A false positive, a false negative and a wrong camp, each carrying escape sequences in
    // what the report prints: id, text, target, target author, expected camps and tier.
    let cases = [
        serde_json::json!({"id": format!("a{EVIL}"), "kind": "post",
            "text": format!("Ayo coblos 02 Prabowo {EVIL}"), "expect": {"flag": false}}),
        serde_json::json!({"id": "b", "kind": "share", "target_author": format!("@x{EVIL}"),
            "target_text": format!("selamat pagi {EVIL}"),
            "expect": {"flag": true, "tier": format!("implicit{EVIL}"), "entities": ["paslon-01"]}}),
        serde_json::json!({"id": "c", "kind": "post", "text": "Ayo coblos 02 Prabowo!",
            "expect": {"flag": true, "entities": [format!("paslon-01{EVIL}")],
            "rules": [format!("kampanye{EVIL}")]}}),
    ];
    let lines: String = cases.iter().map(|c| format!("{c}\n")).collect();
    let file = write(dir.path(), "labelled.jsonl", lines);
    let out = netral().arg("eval").arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_inert(&shown);
    assert!(shown.contains("== false positives (1) =="), "{shown}");
    assert!(shown.contains("Prabowo \\u{1b}]0;pwned"), "{shown}");
    assert!(
        shown.contains("target_author: @x\\u{1b}]0;pwned"),
        "{shown}"
    );
}

#[test]
fn lexicon_test_prints_pack_examples_without_driving_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let pack = std::fs::read_to_string(common::repo("examples/packs/pilkada-jakarta-2024.toml"))
        .unwrap()
        .replace(
            "counterexamples = [\"debat perdana pilkada jakarta",
            "counterexamples = [\"ayo coblos ridwan kamil suswono \\u001b]0;pwned\\u0007 \\u202e!\", \"debat perdana pilkada jakarta",
        );
    let path = write(dir.path(), "pack.toml", pack);
    let out = netral()
        .args(["lexicon", "test"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_inert(&shown);
    assert!(shown.contains("counterexample flagged"), "{shown}");
    assert!(shown.contains("suswono \\u{1b}]0;pwned"), "{shown}");
}

/// The help of every command is plain text: no character in it acts on the terminal.
#[test]
fn every_help_prints_as_plain_text() {
    for command in [
        &["--help"][..],
        &["scan", "--help"],
        &["check", "--help"],
        &["eval", "--help"],
        &["fit", "--help"],
        &["report", "--help"],
        &["lexicon", "--help"],
        &["lexicon", "check", "--help"],
        &["lexicon", "test", "--help"],
        &["lexicon", "terms", "--help"],
        &["lexicon", "new", "--help"],
    ] {
        let out = netral().args(command).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success() && !help.is_empty(), "{command:?}");
        let bad: Vec<char> = help
            .chars()
            .filter(|&c| c != '\n' && netral::display::unsafe_char(c))
            .collect();
        assert!(bad.is_empty(), "{command:?} prints {bad:?}");
    }
}
