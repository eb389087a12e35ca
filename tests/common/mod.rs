//! Helpers shared by the archive and command-line tests.

#![allow(dead_code)]

use std::path::PathBuf;

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The lines of `examples/data/archive-sample.jsonl`.
pub fn sample_lines() -> Vec<String> {
    std::fs::read_to_string(repo("examples/data/archive-sample.jsonl"))
        .expect("read the sample archive")
        .lines()
        .map(str::to_string)
        .collect()
}

/// `n` records made by repeating the sample archive, each valid record with a distinct id
/// (`g-1`, `g-2`, ...); the sample's malformed lines are repeated as they are.
pub fn generated_archive(n: usize) -> String {
    let lines = sample_lines();
    let mut out = String::new();
    for i in 0..n {
        let line = &lines[i % lines.len()];
        match serde_json::from_str::<serde_json::Value>(line) {
            Ok(serde_json::Value::Object(mut obj)) if obj.contains_key("id") => {
                obj.insert("id".into(), format!("g-{}", i + 1).into());
                out += &serde_json::to_string(&obj).unwrap();
            }
            _ => out += line,
        }
        out.push('\n');
    }
    out
}

/// Runs `command` with its standard output and error piped, reads the first line of its
/// output, then closes the pipe as `| head -1` would, and waits for it to end: the line, and
/// how the command ended.
pub fn first_line_then_close(
    command: &mut std::process::Command,
) -> (String, std::process::Output) {
    use std::io::BufRead;
    use std::process::Stdio;
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the command");
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).expect("read the first line");
    drop(stdout);
    (
        first,
        child.wait_with_output().expect("wait for the command"),
    )
}
