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
  tail -f posts.jsonl | netral scan              a verdict within about 100 ms of each post

Input formats (detected unless --format is given; .gz and gzip content are decompressed):
  jsonl          one JSON object a line, canonical fields id, kind, author, created_at,
                 text, target_text, target_author, url (.jsonl, .ndjson, .json, or
                 content starting with `{`); or one JSON array of such objects (content
                 `[{...}]`)
  csv            CSV with a header line, `,` or `;` delimited (.csv, or other content)
  tweet-harvest  the tweet-harvest scraper's CSV (recognised by its id_str, full_text and
                 username columns); `RT @account: ...` rows are shares
bzip2, xz, zstd, zip (and .xlsx), 7z and tar files, other binary files and UTF-16 text are
refused with a message saying what they are. Every input is opened before the scan starts.

Output: one JSON object a line (or a CSV row): with --all, exactly one per input record in
input order; otherwise only flagged records and error records. Blank lines are not records:
they are skipped, and line numbers still count them. A record that cannot be read (bad JSON,
a wrong type, an unknown kind, a missing id, a CSV row of the wrong width, a record over the
limit of 10 MiB) becomes an error record {\"line\", \"error\", \"raw\"} and never stops the
scan. A CSV record damaged by a quote left open (its quoted field runs on over a line that
reads as a row of its own, past the limit or to the end, or has the wrong width once closed)
is never read as one row: see --damaged-csv. A --map source that none of the first records
has stops the scan before it starts, naming the fields the records do have. With several
inputs every record carries the `file` it came from. Standard input that pauses is screened
as it comes: the output is written within about 100 ms of each record.

--output FILE is written under the name FILE.netral-incomplete-PID in FILE's directory and
renamed to FILE only when the scan is complete; a new FILE is readable by its owner only
(mode 0600, less if the umask says so), a replaced FILE keeps its mode. A symbolic link is
written through to its target; a pipe, a device or /dev/stdout is written as a stream. An
output that is the same file as an input, or --output and --summary-json in one file, is
refused before anything is read. If the scan fails (an input cannot be read to the end, the
disk is full), what was written is cut back to its last complete record and kept as
FILE.partial, with the count of its records in the message; FILE itself is left untouched.
Interrupted (SIGINT, SIGTERM, SIGHUP), the scan removes its unfinished files; a scan that was
killed leaves FILE.netral-incomplete-PID, and the next scan to FILE says it is there.

Exit codes: 0 success, whether or not anything was flagged (also when the reader of the
output goes away, as with `| head`); 2 usage error, bad --map, unreadable, truncated or
damaged input, an output that cannot be written; killed by the signal when interrupted (a
shell shows 130 for SIGINT, 143 for SIGTERM).";

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
    /// Screening threads (default: one per CPU core; at most four per core)
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// What to do with a CSV record damaged by a quote left open: `recover` writes an error
    /// record for each of its lines and reads on at the next row; `stop` ends the scan with an
    /// error naming the line (default: recover for tweet-harvest exports, stop for other CSV)
    #[arg(long, value_enum, value_name = "WHAT")]
    damaged_csv: Option<DamagedCsv>,
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
enum DamagedCsv {
    Recover,
    Stop,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutFormat {
    Jsonl,
    Csv,
}

/// The most screening threads per CPU core: more only add switching between them.
const THREADS_PER_CORE: usize = 4;

pub fn run(args: Args) -> io::Result<ExitCode> {
    let mut builder = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("netral-screen-{i}"));
    if let Some(n) = args.threads {
        builder = builder.num_threads(thread_count(usize::from(n)));
    }
    let pool = builder
        .build()
        .map_err(|e| Failure::new(format!("cannot start the screening threads: {e}")))?;
    pool.install(|| scan(args))
}

/// The threads asked for, capped at [`THREADS_PER_CORE`] per core, with a note when capped.
fn thread_count(asked: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores * THREADS_PER_CORE;
    if asked > cap {
        eprintln!(
            "netral: note: --threads {asked} is more than {THREADS_PER_CORE} for each of the \
             {cores} CPU cores; using {cap}"
        );
    }
    asked.min(cap)
}

/// An input, opened before the scan starts.
struct Input {
    source: Source,
    /// The file it is, when it is a regular file: an output must never be the same file.
    file: Option<FileId>,
    /// How to name it in messages.
    name: String,
}

/// A file's identity: its device and inode.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FileId(u64, u64);

impl FileId {
    fn of(meta: &std::fs::Metadata) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        meta.is_file().then(|| FileId(meta.dev(), meta.ino()))
    }

    /// The regular file that standard input or output is, if it is one.
    fn of_descriptor(stream: impl std::os::fd::AsFd) -> Option<FileId> {
        let fd = stream.as_fd().try_clone_to_owned().ok()?;
        FileId::of(&std::fs::File::from(fd).metadata().ok()?)
    }
}

/// Opens every input, so that a missing or unreadable one stops the scan before it starts.
fn open_inputs(files: &[PathBuf]) -> io::Result<Vec<Input>> {
    if files.is_empty() {
        return Ok(vec![stdin_input()]);
    }
    files
        .iter()
        .map(|path| {
            if path.as_os_str() == "-" {
                return Ok(stdin_input());
            }
            let source = Source::open(path)?;
            let file = std::fs::metadata(path).ok().and_then(|m| FileId::of(&m));
            Ok(Input {
                source,
                file,
                name: format!("{path:?}"),
            })
        })
        .collect()
}

fn stdin_input() -> Input {
    Input {
        source: Source::stdin(),
        file: FileId::of_descriptor(std::io::stdin()),
        name: "standard input".to_string(),
    }
}

/// Refuses an output that is one of the inputs, or both outputs in one file, before anything
/// is read or written: `--output a.jsonl a.jsonl` would replace the archive with its verdicts.
fn check_outputs(inputs: &[Input], outputs: &[(&str, &PathBuf)]) -> io::Result<()> {
    let mut seen: Vec<(&str, &PathBuf, PathBuf)> = Vec::new();
    for &(flag, path) in outputs {
        let target = match io::resolve(path)? {
            io::Target::File { path, .. } | io::Target::Stream(path) => path,
        };
        let id = std::fs::metadata(&target).ok().and_then(|m| FileId::of(&m));
        if let Some(input) = inputs.iter().find(|i| i.file.is_some() && i.file == id) {
            return Err(Failure::new(format!(
                "{flag} {path:?} is the same file as the input {}; netral never writes over its \
                 input",
                input.name
            )));
        }
        let place = canonical_place(&target);
        if let Some((other, other_path, _)) = seen.iter().find(|(_, _, p)| *p == place) {
            return Err(Failure::new(format!(
                "{flag} {path:?} and {other} {other_path:?} are the same file"
            )));
        }
        seen.push((flag, path, place));
    }
    Ok(())
}

/// Refuses standard output that is a file the scan reads (`netral scan a.jsonl >> a.jsonl`),
/// which would read its own verdicts back and grow without end.
fn check_stdout(inputs: &[Input]) -> io::Result<()> {
    let id = FileId::of_descriptor(std::io::stdout());
    match inputs.iter().find(|i| i.file.is_some() && i.file == id) {
        Some(input) => Err(Failure::new(format!(
            "standard output is the same file as the input {}; netral never writes over its input",
            input.name
        ))),
        None => Ok(()),
    }
}

/// Where a file is or would be: its directory resolved, and its name.
fn canonical_place(target: &std::path::Path) -> PathBuf {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    match (std::fs::canonicalize(dir), target.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => target.to_path_buf(),
    }
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
    if let Some(mode) = args.damaged_csv {
        options = options.lenient_csv(matches!(mode, DamagedCsv::Recover));
    }
    if !args.maps.is_empty() {
        // One mapping from every --map, so that a field mapped twice is an error wherever.
        options = options.field_map(FieldMap::parse(&args.maps.join(","))?);
    }
    let inputs = open_inputs(&args.files)?;
    options = options.file_names(inputs.len() > 1);
    let mut outputs = Vec::new();
    if let Some(path) = &args.output {
        outputs.push(("--output", path));
    }
    if let Some(path) = &args.summary_json {
        outputs.push(("--summary-json", path));
    }
    check_outputs(&inputs, &outputs)?;
    if args.output.is_none() {
        check_stdout(&inputs)?;
    }
    let screener = args.packs.screener()?;

    io::remove_unfinished_on_signals();
    let (file, sink): (Option<OutputFile>, Box<dyn Write + Send>) = match &args.output {
        Some(path) => {
            let (out, f) = OutputFile::create(path)?;
            (Some(out), Box::new(f))
        }
        None => (None, io::stdout()),
    };
    let summary_file = match &args.summary_json {
        Some(path) => match OutputFile::create(path) {
            Ok(created) => Some(created),
            Err(e) => {
                if let Some(f) = file {
                    f.discard();
                }
                return Err(e);
            }
        },
        None => None,
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
            result = scan.run(input.source);
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
        if let Some((f, _)) = summary_file {
            f.discard();
        }
        return Err(Failure::broken_pipe());
    }
    if args.summary {
        eprint!("{}", summary.render());
    }
    if let Err(e) = finished {
        if let Some((f, _)) = summary_file {
            f.discard();
        }
        let hint = if e.to_string().contains("is a quote left open?") {
            " (--damaged-csv recover reads such a file on)"
        } else {
            ""
        };
        let csv = matches!(args.output_format, OutFormat::Csv);
        let message = match file.map(|f| f.keep_partial(csv)) {
            Some(Some((partial, records))) => format!(
                "{e} (the {records} complete records written before the failure are kept in \
                 {partial:?})"
            ),
            _ => e.to_string(),
        };
        return Err(Failure::new(message + hint));
    }
    if let Some((f, handle)) = summary_file {
        write_summary(f, handle, &summary)?;
    }
    if let Some(f) = file {
        f.commit()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn write_summary(out: OutputFile, mut file: std::fs::File, summary: &Summary) -> io::Result<()> {
    let mut json = serde_json::to_vec_pretty(summary)
        .map_err(|e| Failure::new(format!("cannot write the summary: {e}")))?;
    json.push(b'\n');
    match file.write_all(&json).and_then(|()| file.flush()) {
        Ok(()) => out.commit(),
        Err(e) => {
            let message = format!("cannot write the summary to {:?}: {e}", out.target());
            out.discard();
            Err(Failure::new(message))
        }
    }
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
