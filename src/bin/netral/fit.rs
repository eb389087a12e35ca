//! `netral fit`: fit the judge's weights on labelled activities.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use netral::FitOptions;

use crate::eval::read_cases;
use crate::io::{self, Failure};
use crate::PackArgs;

const EXAMPLES: &str = "\
Examples:
  netral fit eval/train.jsonl eval/dev.jsonl --output lexicons/model.toml
  netral fit --folds 10 eval/train.jsonl

Every camp the screener finds in a case is one example, labelled by whether the case's stance is
about it. The weights are fitted by logistic regression with a penalty toward each feature's
prior; the figures printed are k-fold cross-validated, each fold judged by the full screener with
weights fitted on the other folds. The weights file (written with --output) starts with the
command that made it and those figures.";

/// Fit the judge's weights on labelled activities and cross-validate them
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Labelled activities, one JSON object a line, as `netral eval` reads them
    #[arg(value_name = "LABELLED.jsonl", required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    packs: PackArgs,
    /// Write the weights file here (otherwise only the figures are printed)
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write every example (case, camp, label, features, score) as JSON lines here
    #[arg(long, value_name = "FILE")]
    examples: Option<PathBuf>,
    /// Cross-validation folds
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(2..=100))]
    folds: u16,
    /// Strength of the penalty toward the features' priors
    #[arg(long, default_value_t = 1.0)]
    l2: f64,
    /// The threshold maximises F-beta on the fitted cases: below 1 precision counts more
    #[arg(long, default_value_t = 1.0)]
    beta: f64,
}

pub fn run(args: Args) -> io::Result<ExitCode> {
    let mut sets = Vec::new();
    for file in &args.files {
        let name = file.file_stem().map_or_else(
            || file.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        sets.push((name, read_cases(file)?));
    }
    for (name, v) in [("--l2", args.l2), ("--beta", args.beta)] {
        if !(v.is_finite() && v > 0.0) {
            return Err(Failure::new(format!(
                "{name} must be a positive number, not {v}"
            )));
        }
    }
    let screener = args.packs.screener()?;
    let options = FitOptions {
        folds: usize::from(args.folds),
        l2: args.l2,
        beta: args.beta,
    };
    let report = netral::fit(&screener, &sets, &options)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} examples; threshold {:.3}; {}-fold cross-validated:",
        report.examples, report.threshold, options.folds
    )?;
    for set in &report.cross_validated {
        writeln!(out, "  {}", set.render())?;
    }
    if let Some(path) = &args.examples {
        std::fs::write(path, report.examples_jsonl())
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))?;
    }
    if let Some(path) = &args.output {
        let files: Vec<String> = args.files.iter().map(|f| f.display().to_string()).collect();
        let mut command = format!("netral fit {}", files.join(" "));
        if options.folds != 5 {
            command.push_str(&format!(" --folds {}", options.folds));
        }
        if args.l2 != 1.0 {
            command.push_str(&format!(" --l2 {}", args.l2));
        }
        if args.beta != 1.0 {
            command.push_str(&format!(" --beta {}", args.beta));
        }
        command.push_str(&format!(" --output {}", path.display()));
        std::fs::write(path, report.model_toml(&command))
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))?;
        writeln!(out, "wrote {}", path.display())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
