//! `netral scan`: screen whole archives.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use clap::ValueEnum;
use netral::archive::{
    FieldMap, Format, OutputFormat, Progress, Scan, ScanOptions, Source, Summary,
};

use crate::io::{self, Failure, OutputFile, PipeGuard};
use crate::PackArgs;

const EXAMPLES: &str = "\
Examples:
  netral scan archive.jsonl                      flagged and error records, as JSON lines
  netral scan --all --output verdicts.jsonl a.jsonl.gz b.jsonl
  netral scan --summary --output flags.csv --output-format csv tweets.csv
  netral scan --map text=full_text,id=id_str,author=user.screen_name export.jsonl
  zcat archive.jsonl.gz | netral scan --all | head

Input formats (detected unless --format is given; .gz and gzip content are decompressed):
  jsonl          one JSON object a line, canonical fields id, kind, author, created_at,
                 text, target_text, target_author, url (.jsonl, .ndjson, .json, or
                 content starting with `{`)
  csv            CSV with a header line, `,` or `;` delimited (.csv, or other content)
  tweet-harvest  the tweet-harvest scraper's CSV (recognised by its id_str, full_text and
                 username columns); `RT @account: ...` rows are shares

Output: one JSON object a line (or a CSV row): with --all, exactly one per input record in
input order; otherwise only flagged records and error records. A record that cannot be
read becomes an error record {\"line\", \"error\", \"raw\"} and never stops the scan. With
several inputs every record carries the `file` it came from.

--output FILE is written under a temporary name in FILE's directory and renamed to FILE
only when the scan is complete. If an input cannot be read to the end (a truncated gzip
file, a read error), everything screened before the failure is kept as FILE.partial, FILE
itself is left untouched, and netral exits with code 2. Written to standard output, the
output up to the failure is flushed before the error. A crash leaves at most a hidden
`.FILE.netral-PID.tmp` behind, never a FILE that looks complete.

Exit codes: 0 success, whether or not anything was flagged (also when the reader of the
output goes away, as with `| head`); 2 usage error, bad --map, unreadable or truncated
input.";

/// Screen archives of activities and write one verdict per record
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Archives to scan: JSON lines or CSV, optionally gzip-compressed; `-` or none for
    /// standard input
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Input format (default: detected from the file name, then the content)
    #[arg(long, value_enum)]
    format: Option<InputFormat>,
    /// Where each field comes from, as FIELD=SOURCE,... (fields: id, kind, author,
    /// created_at, text, target_text, target_author, url); a dotted JSON source walks into nested
    /// objects; repeatable
    #[arg(long = "map", value_name = "FIELD=SOURCE,...")]
    maps: Vec<String>,
    #[command(flatten)]
    packs: PackArgs,
    /// Write a record for every input record, not only flagged and error records
    #[arg(long)]
    all: bool,
    /// Also write each activity's text, target_text and target_author into its record (what
    /// `netral report` needs to show every match in place)
    #[arg(long)]
    with_text: bool,
    /// Write to FILE instead of standard output
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    output_format: OutFormat,
    /// Print a summary (counts, flags per rule, entity and kind, top authors, speed) on
    /// standard error
    #[arg(long)]
    summary: bool,
    /// Write the summary as JSON to FILE
    #[arg(long, value_name = "FILE")]
    summary_json: Option<PathBuf>,
    /// Screening threads (default: one per CPU core)
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// The longest record accepted, in bytes; longer ones become error records
    #[arg(long, hide = true, default_value_t = netral::archive::DEFAULT_MAX_RECORD)]
    max_record_len: usize,
}

#[derive(Clone, Copy, ValueEnum)]
enum InputFormat {
    Jsonl,
    Csv,
    TweetHarvest,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Jsonl,
    Csv,
}

pub fn run(args: Args) -> io::Result<ExitCode> {
    let mut builder = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("netral-screen-{i}"));
    if let Some(n) = args.threads {
        builder = builder.num_threads(usize::from(n));
    }
    let pool = builder
        .build()
        .map_err(|e| Failure::new(format!("cannot start the screening threads: {e}")))?;
    pool.install(|| scan(args))
}

fn scan(args: Args) -> io::Result<ExitCode> {
    let mut options = ScanOptions::new()
        .all(args.all)
        .with_text(args.with_text)
        .output_format(match args.output_format {
            OutFormat::Jsonl => OutputFormat::Jsonl,
            OutFormat::Csv => OutputFormat::Csv,
        })
        .max_record_len(args.max_record_len);
    if let Some(f) = args.format {
        options = options.format(match f {
            InputFormat::Jsonl => Format::Jsonl,
            InputFormat::Csv => Format::Csv,
            InputFormat::TweetHarvest => Format::TweetHarvest,
        });
    }
    if !args.maps.is_empty() {
        let mut map = FieldMap::new();
        for spec in &args.maps {
            map = map.merge(&FieldMap::parse(spec)?);
        }
        options = options.field_map(map);
    }
    let inputs: Vec<Option<PathBuf>> = if args.files.is_empty() {
        vec![None]
    } else {
        args.files
            .iter()
            .map(|f| (f.as_os_str() != "-").then(|| f.clone()))
            .collect()
    };
    options = options.file_names(inputs.len() > 1);
    let screener = args.packs.screener()?;

    let (file, sink): (Option<OutputFile>, Box<dyn Write + Send>) = match &args.output {
        Some(path) => {
            let (out, f) = OutputFile::create(path)?;
            (Some(out), Box::new(f))
        }
        None => (None, io::stdout()),
    };
    let (guarded, broken) = PipeGuard::new(sink);
    // The scan hands over its output in chunks of a few dozen records (tens of kilobytes
    // with --all); a buffer smaller than that lets them go straight to the file instead of
    // being copied once more, while small writes (a CSV header) are still gathered.
    let writer = std::io::BufWriter::with_capacity(32 << 10, guarded);

    let mut bar = std::io::stderr().is_terminal().then(ProgressBar::default);
    let (summary, finished) = {
        let mut scan = Scan::new(&screener, options, writer);
        if let Some(bar) = bar.as_mut() {
            scan.on_progress(|p| bar.draw(p));
        }
        let mut result = Ok(());
        for input in inputs {
            let source = match &input {
                Some(path) => Source::open(path),
                None => Ok(Source::stdin()),
            };
            result = source.and_then(|s| scan.run(s));
            if result.is_err() {
                break;
            }
        }
        let summary = scan.summary();
        let finished = match result {
            Ok(()) => scan.finish().map(drop),
            Err(e) => Err(e),
        };
        (summary, finished)
    };
    if let Some(bar) = bar {
        bar.clear();
    }
    if broken.load(Ordering::Relaxed) {
        // The reader of our output has gone (`| head`): that is how such a pipeline ends.
        if let Some(f) = file {
            f.discard();
        }
        return Err(Failure::broken_pipe());
    }
    if args.summary {
        eprint!("{}", summary.render());
    }
    if let Some(path) = &args.summary_json {
        write_summary(path, &summary)?;
    }
    match (finished, file) {
        (Ok(()), Some(f)) => f.commit()?,
        (Ok(()), None) => {}
        (Err(e), Some(f)) => {
            let message = if summary.records > 0 {
                match f.keep_partial() {
                    Some(partial) => format!(
                        "{e} (the {} records read before the failure are kept in {})",
                        summary.records,
                        partial.display()
                    ),
                    None => e.to_string(),
                }
            } else {
                f.discard();
                e.to_string()
            };
            return Err(Failure::new(message));
        }
        (Err(e), None) => return Err(e.into()),
    }
    Ok(ExitCode::SUCCESS)
}

fn write_summary(path: &std::path::Path, summary: &Summary) -> io::Result<()> {
    let mut json = serde_json::to_vec_pretty(summary)
        .map_err(|e| Failure::new(format!("cannot write the summary: {e}")))?;
    json.push(b'\n');
    io::write_file(path, &json)
}

/// A one-line progress display on standard error, redrawn at most ten times a second.
#[derive(Default)]
struct ProgressBar {
    last: Option<Instant>,
    width: usize,
}

impl ProgressBar {
    fn draw(&mut self, p: &Progress) {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        let line = format!(
            "{} records  {:.1} MB/s  {} flagged  {} errors",
            p.records,
            p.mb_per_sec(),
            p.flagged,
            p.errors
        );
        let pad = self.width.saturating_sub(line.len());
        self.width = line.len();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{line}{:pad$}", "");
        let _ = err.flush();
    }

    fn clear(self) {
        if self.last.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{:w$}\r", "", w = self.width);
            let _ = err.flush();
        }
    }
}
