//! `netral lexicon`: validate and try lexicon packs, and start one from a candidate list.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use netral::Pack;

use crate::candidates;
use crate::io::{self, Failure};
use crate::PackArgs;
use netral::display::escaped;

/// Check, test, list and start lexicon packs
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Check(CheckArgs),
    Test(TestArgs),
    Terms(TermsArgs),
    New(NewArgs),
}

/// Start a pack from a candidate spreadsheet (CSV)
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  netral lexicon new --candidates calon-sleman.csv -o sleman.toml
  netral lexicon new --candidates kpu.csv --id pilkada-sleman-2024 --title \"Pilkada Sleman 2024\"

The spreadsheet has one row per pair, as KPU publishes them, saved as CSV with `;` or `,`
between cells (Excel set to Indonesian writes `;`). Headings are read leniently: a ballot
number (`No. Urut`, `Nomor`), the candidate (`Calon`, `Nama Calon Bupati`, `Cagub`), the
deputy (`Wakil`, `Calon Wakil Bupati`), or both in one `Pasangan Calon` column (`A - B`), the
backing parties (`Partai Pengusung`, `Parpol`), and optionally nicknames (`Nama Panggilan`).
The command says on standard error which columns it used.

The pack has one pair entity per row with its number in every written form, the names
without honorifics and degrees, the parties recognised among the bundled pack's, and a place
for each pair's nicknames, which only people who follow the race know. It passes `lexicon
check` as written; add nicknames, accounts, teams, slogans and hashtags, then `lexicon test`.")]
struct NewArgs {
    /// The candidate spreadsheet, as CSV
    #[arg(long, value_name = "FILE.csv")]
    candidates: PathBuf,
    /// Where to write the pack (default: standard output); an existing file is not replaced
    #[arg(long, short, value_name = "PACK.toml")]
    output: Option<PathBuf>,
    /// The pack id (default: from the spreadsheet's file name)
    #[arg(long)]
    id: Option<String>,
    /// The pack's title (default: from the spreadsheet's file name)
    #[arg(long)]
    title: Option<String>,
    /// The election the pack is for
    #[arg(long, default_value = "Pilkada serentak 2024")]
    election: String,
}

/// Validate a pack: syntax, categories, entity references, duplicates
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  netral lexicon check sleman.toml
  netral lexicon check --no-default-pack standalone.toml
  netral lexicon check surabaya.toml --with jatim.toml

Prints `ok: N entities, M terms; race: RACE` and exits 0 (then a warning for every word two
loaded packs claim for different camps), or prints the first problem with its file and
line and exits 2. The pack is also compiled together with the bundled pemilu-2024 pack
(unless --no-default-pack), which catches references to unknown entities and entity ids
defined differently by the two packs.")]
struct CheckArgs {
    #[command(flatten)]
    pack: PackFile,
    /// Another pack loaded beside it (a city's beside its province's); repeatable. Words that
    /// packs claim for different camps are listed as warnings
    #[arg(long = "with", value_name = "FILE")]
    with: Vec<std::path::PathBuf>,
}

/// Run a pack's examples and counterexamples
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  netral lexicon test sleman.toml
  netral lexicon test lexicons/pemilu-2024.toml

Every `examples` entry must flag and every `counterexamples` entry must not. Each one that
comes out wrong is printed with its line and the screener's verdict.

Exit codes: 0 all pass, 1 some came out wrong, 2 the pack is invalid.")]
struct TestArgs {
    #[command(flatten)]
    pack: PackFile,
}

/// The pack file that `check` and `test` work on.
#[derive(clap::Args)]
struct PackFile {
    /// The pack file
    #[arg(value_name = "PACK.toml")]
    pack: PathBuf,
    /// Compile the pack on its own, without the bundled pack
    #[arg(long)]
    no_default_pack: bool,
}

/// Print the normalised form of every term, one per line
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  netral lexicon terms > terms.txt
  rg -i -F -f terms.txt archive.jsonl       a plain keyword search for the same terms

Terms are printed as the screener looks for them after normalising: lower-case, without
diacritics or styled letters. Neutral and exempt phrases are left out.")]
struct TermsArgs {
    #[command(flatten)]
    packs: PackArgs,
}

pub fn run(args: Args) -> io::Result<ExitCode> {
    match args.command {
        Command::Check(a) => check(a),
        Command::Test(a) => test(a),
        Command::Terms(a) => terms(a),
        Command::New(a) => new(a),
    }
}

fn new(args: NewArgs) -> io::Result<ExitCode> {
    let name = args.candidates.display().to_string();
    let text = std::fs::read_to_string(&args.candidates)
        .map_err(|e| Failure::new(format!("cannot read {name}: {e}")))?;
    let (pairs, message) = candidates::read(&name, &text).map_err(Failure::new)?;
    let stem = args
        .candidates
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = args.id.unwrap_or_else(|| candidates::id_from_name(&stem));
    let title = args.title.unwrap_or_else(|| stem.clone());
    let toml = candidates::write_pack(&pairs, &id, &title, &args.election, &name);
    // What is written must load: a pack that fails its own check is not handed over.
    let pack = Pack::from_toml(&format!("{id}.toml"), &toml)?;
    crate::build(vec![pack], false)?;
    eprintln!("{message}");
    for p in &pairs {
        if !p.unknown_parties.is_empty() {
            eprintln!(
                "  pair {:02}: parties not recognised, left for you to define: {}",
                p.number,
                p.unknown_parties.join(", ")
            );
        }
    }
    match &args.output {
        Some(path) => {
            if path.exists() {
                return Err(Failure::new(format!(
                    "{} exists; give another name or remove it first",
                    path.display()
                )));
            }
            io::write_file(path, toml.as_bytes())?;
            eprintln!(
                "wrote {}: add nicknames, then `netral lexicon test {}`",
                path.display(),
                path.display()
            );
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(toml.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: CheckArgs) -> io::Result<ExitCode> {
    let pack = Pack::from_path(&args.pack.pack)?;
    let (entities, terms) = (pack.entities().len(), pack.terms().len());
    let level = pack.meta().race.clone();
    let mut packs = vec![pack];
    for p in &args.with {
        packs.push(Pack::from_path(p)?);
    }
    let screener = crate::build(packs, args.pack.no_default_pack)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "ok: {entities} entities, {terms} terms; race: {level}")?;
    // A name two races share is read by the race named beside it, and otherwise as either:
    // the pack's author should know.
    for shared in screener.shared_terms() {
        let claims: Vec<String> = shared
            .claims
            .iter()
            .map(|(camp, pack, line)| format!("{camp} ({pack} line {line})"))
            .collect();
        writeln!(
            out,
            "warning: `{}` is claimed by {}",
            shared.text,
            claims.join(" and ")
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn test(args: TestArgs) -> io::Result<ExitCode> {
    let pack = Pack::from_path(&args.pack.pack)?;
    let id = pack.meta().id.clone();
    let name = pack.name().to_string();
    let screener = crate::build(vec![pack], args.pack.no_default_pack)?;
    let report = screener.self_test(Some(&id));
    let mut out = std::io::stdout().lock();
    for f in &report.failures {
        let (what, got) = if f.example.must_flag {
            ("example", "did not flag")
        } else {
            ("counterexample", "flagged")
        };
        let v = &f.verdict;
        writeln!(
            out,
            "{} line {}: {what} {got}: {}",
            escaped(&name),
            f.example.line,
            escaped(&format!("{:?}", f.example.text))
        )?;
        writeln!(
            out,
            "    score {:.2}  rules [{}]  entities [{}]",
            v.score,
            v.rules
                .iter()
                .map(|r| r.id())
                .collect::<Vec<_>>()
                .join(", "),
            escaped(&v.entities.join(", "))
        )?;
        for e in &v.evidence {
            writeln!(
                out,
                "    {} {}..{} {} = {} ({})",
                e.field,
                e.start,
                e.end,
                escaped(&format!("{:?}", e.matched)),
                escaped(&e.term),
                e.category
            )?;
        }
        for r in &v.reasons {
            writeln!(out, "    why: {}", escaped(r))?;
        }
    }
    writeln!(
        out,
        "{}: {} examples run, {} failed",
        escaped(&name),
        report.run,
        report.failures.len()
    )?;
    out.flush()?;
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn terms(args: TermsArgs) -> io::Result<ExitCode> {
    let screener = args.packs.screener()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for t in screener.normalized_terms() {
        writeln!(out, "{t}")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
