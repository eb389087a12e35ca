//! `netral eval`: measure accuracy on labelled activities.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use netral::EvalCase;

use crate::io::{self, Failure};
use crate::PackArgs;

const EXAMPLES: &str = "\
Examples:
  netral eval labelled.jsonl
  netral eval --pack sleman.toml --json labelled.jsonl > report.json

Each line of the labelled file is an activity in the canonical schema plus the inspector's
verdict: {\"id\", \"kind\", \"text\", ..., \"expect\": {\"flag\": true, \"tier\": \"explicit\",
\"entities\": [\"paslon-02\"], \"rules\": [\"kampanye-medsos\"]}, \"note\": \"...\"}. Blank lines are
skipped; any other line that does not parse stops the run with its line number (exit 2).";

/// Measure precision and recall on labelled activities
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Labelled activities, one JSON object a line; `-` for standard input
    #[arg(value_name = "LABELLED.jsonl")]
    file: PathBuf,
    #[command(flatten)]
    packs: PackArgs,
    /// Print the report as JSON
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> io::Result<ExitCode> {
    let cases = read_cases(&args.file)?;
    let screener = args.packs.screener()?;
    let report = netral::evaluate(&screener, &cases);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        out.write_all(report.render().as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Reads labelled activities, one JSON object a line (`-`: standard input); blank lines are
/// skipped, and any other line that does not parse is an error with its line number.
pub fn read_cases(file: &std::path::Path) -> io::Result<Vec<EvalCase>> {
    let name = file.display().to_string();
    let reader: Box<dyn BufRead> = if file.as_os_str() == "-" {
        Box::new(BufReader::new(std::io::stdin()))
    } else {
        let f = std::fs::File::open(file)
            .map_err(|e| Failure::new(format!("cannot open {name}: {e}")))?;
        Box::new(BufReader::new(f))
    };
    let mut cases = Vec::new();
    for (i, line) in reader.split(b'\n').enumerate() {
        let line =
            line.map_err(|e| Failure::new(format!("{name}: cannot read line {}: {e}", i + 1)))?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let case: EvalCase = serde_json::from_slice(&line)
            .map_err(|e| Failure::new(format!("{name} line {}: {e}", i + 1)))?;
        cases.push(case);
    }
    Ok(cases)
}
