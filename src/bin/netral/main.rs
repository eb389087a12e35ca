//! The `netral` command line: scan archives, check one text, evaluate against labels, check
//! lexicon packs, and make the inspector's report.

mod candidates;
mod check;
mod eval;
mod fit;
mod io;
mod lexicon;
mod progress;
mod report;
mod scan;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use netral::{Pack, Screener, ScreenerBuilder};

/// Screening a record makes a few dozen small allocations (the verdict's evidence and reasons,
/// the judge's working lists); mimalloc serves them in a fraction of the system allocator's
/// time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "\
Exit codes:
  0    success, whether or not anything was flagged
  1    `lexicon test` only: some examples or counterexamples came out wrong
  2    usage error, unreadable or truncated input, invalid lexicon pack, failed output
  130  `scan` interrupted (SIGINT; 143 for SIGTERM): unfinished output files are removed

A flag is a lead for a human reviewer, never a verdict on a person.";

/// Screens Indonesian social-media activity of civil servants (ASN) for breaches of the
/// election-neutrality rules (SKB 2022), and explains every flag.
#[derive(Parser)]
#[command(name = "netral", version, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Scan(scan::Args),
    Check(check::Args),
    Eval(eval::Args),
    Fit(fit::Args),
    Lexicon(lexicon::Args),
    Report(report::Args),
}

/// Where the lexicon comes from; shared by every subcommand that screens.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct PackArgs {
    /// Add a lexicon pack (TOML) to the bundled `pemilu-2024` pack; repeatable
    #[arg(long = "pack", value_name = "FILE")]
    pub packs: Vec<PathBuf>,
    /// Leave out the bundled `pemilu-2024` pack
    #[arg(long)]
    pub no_default_pack: bool,
}

impl PackArgs {
    /// Loads the packs and builds the screener.
    pub fn screener(&self) -> io::Result<Screener> {
        let packs = self
            .packs
            .iter()
            .map(Pack::from_path)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(build(packs, self.no_default_pack)?)
    }
}

/// Builds a screener from `packs`, with the bundled pack first unless `no_default` is set or
/// one of `packs` is the bundled pack itself (checking `lexicons/pemilu-2024.toml`).
pub fn build(packs: Vec<Pack>, no_default: bool) -> Result<Screener, netral::Error> {
    let mut builder = ScreenerBuilder::new();
    // Parsing the bundled pack just to learn its id costs as much as the build itself, so it
    // is only done when there are packs to compare it with.
    let has_bundled = || {
        let bundled_id = Pack::bundled().meta().id.clone();
        packs.iter().any(|p| p.meta().id == bundled_id)
    };
    if no_default || (!packs.is_empty() && has_bundled()) {
        builder = builder.no_default_pack();
    }
    for p in packs {
        builder = builder.pack(p);
    }
    builder.build()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan::run(args),
        Command::Check(args) => check::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Fit(args) => fit::run(args),
        Command::Lexicon(args) => lexicon::run(args),
        Command::Report(args) => report::run(args),
    };
    match result {
        Ok(code) => code,
        Err(failure) if failure.broken_pipe => ExitCode::SUCCESS,
        Err(failure) => {
            // Names from archives and packs come escaped in the library's errors, and paths
            // are quoted with their control characters escaped: nothing printed here can
            // drive the terminal.
            eprintln!("netral: {failure}");
            ExitCode::from(2)
        }
    }
}
