//! `netral scan`: screen whole archives.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::SystemTime;

use clap::ValueEnum;
use netral::archive::{
    FieldMap, Format, MissingId, OutputFormat, OutputRecord, Scan, ScanOptions, Source, Summary,
};
use netral::report::{Report, ReportOptions, Workbook};
use netral::Pack;

use crate::io::{self, Failure, OutputFile, PipeGuard};
use crate::progress;
use crate::report::{write_html, write_workbook, ReportArgs, ReportFormat};
use crate::PackArgs;

const EXAMPLES: &str = "\
Examples:
  netral scan archive.jsonl                      flagged and error records, as JSON lines
  netral scan --all --output verdicts.jsonl a.jsonl.gz b.jsonl
  netral scan --summary --output flags.csv --output-format csv tweets.csv
  netral scan --all --with-text -o scan.jsonl --report laporan.html archive.jsonl
  netral scan --output-format xlsx -o laporan.xlsx archive.jsonl
  netral scan --summary --top 50 --output /dev/null tweets.jsonl
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

Records without ids: an archive that has no ids at all (none of the first 1000 records of a
JSON archive has one; a CSV header without an id column) is read with each record named by
its line, as \"line-42\", and a note says so (the summary counts them). In an archive that
has ids, a record without one is an error record: --id-from-line names such records by
their line too, --require-ids makes every record without an id an error record. A JSON
archive none of whose first 1000 records has a `kind` is read as posts, as a CSV without a
kind column is, with a note.

--report FILE writes the inspector's report of the scan (an HTML page; an Excel workbook
for a name ending in .xlsx), and --output-format xlsx -o FILE.xlsx writes the workbook as
the scan's output. Either is made from the records as they are screened, in one reading of
the input and in bounded memory, as `netral report` makes it from standard input: with the
scan's own counts (exact with or without --all), the archives read, and the lexicon packs
the scan used; the page shows every text, whatever --with-text says. An account that only
climbs into the lead late in a very large archive may show fewer of its activities than
it has (the page says how many it shows). A scan that fails leaves no report.

On a terminal, standard error shows a progress bar: records read and their rate, flags and
errors, and, when every input is a file, how far the scan is and the time left (ETA).
When standard error is not a terminal, nothing is drawn. --summary prints, when the scan
ends: the counts, the days the records were written on (from created_at), how records
without ids or kinds were read, flags per rule, entity and kind, the --top most flagged
authors, the error records by reason (reasons that differ only in a number count as one),
and, apart on the last line, the time taken and the throughput.

--output FILE is written under the name FILE.netral-incomplete-PID in FILE's directory and
renamed to FILE only when the scan is complete; a new FILE is readable by its owner only
(mode 0600, less if the umask says so), a replaced FILE keeps its mode. A symbolic link is
written through to its target; a pipe, a device or /dev/stdout is written as a stream. An
output (--output, --summary-json, --report) that is the same file as an input, or two
outputs in one file, is refused before anything is read. If the scan fails (an input cannot be read to the end, the
disk is full), what was written is cut back to its last complete record and kept as
FILE.partial, with the count of its records in the message; FILE itself is left untouched.
Interrupted (SIGINT, SIGTERM, SIGHUP), the scan removes its unfinished files; a scan that was
killed leaves FILE.netral-incomplete-PID, and the next scan to FILE says it is there.

Exit codes: 0 success, whether or not anything was flagged (also when the reader of the
output goes away, as with `| head`: the scan stops, and --report and --summary-json, not
being whole, are not written); 2 usage error, bad --map, unreadable, truncated or
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
    /// Write to FILE instead of standard output (`-` is standard output)
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Output format: JSON lines, CSV, or the inspector's Excel workbook (xlsx: written to
    /// --output; --all and --with-text do not apply)
    #[arg(long, value_enum, default_value_t = OutFormat::Jsonl)]
    output_format: OutFormat,
    /// Also write the inspector's report of this scan to FILE, made from the records as they
    /// are screened: an HTML page, or an Excel workbook for a name ending in .xlsx
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Print a summary on standard error: counts, the days covered, flags per rule, entity and
    /// kind, the most flagged authors, error records by reason, and the speed
    #[arg(long)]
    summary: bool,
    /// How many of the most flagged authors the summary lists (--summary and --summary-json)
    #[arg(long, value_name = "N", default_value_t = 10)]
    top: usize,
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
    /// Name every record without an id by its line (`line-42`), in any archive; by default
    /// only an archive with no ids at all is read so
    #[arg(long, conflicts_with = "require_ids")]
    id_from_line: bool,
    /// Make every record without an id an error record, even in an archive with no ids at all
    #[arg(long)]
    require_ids: bool,
    #[command(
        flatten,
        next_help_heading = "Report options (with --report or --output-format xlsx)"
    )]
    report_args: ReportArgs,
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
    Xlsx,
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
    /// Its size, when it is a regular file, for the progress bar.
    size: Option<u64>,
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
        FileId::of(&descriptor_metadata(stream)?)
    }
}

/// What standard input or output is.
fn descriptor_metadata(stream: impl std::os::fd::AsFd) -> Option<std::fs::Metadata> {
    let fd = stream.as_fd().try_clone_to_owned().ok()?;
    std::fs::File::from(fd).metadata().ok()
}

/// The size of a regular file.
fn file_size(meta: &std::fs::Metadata) -> Option<u64> {
    meta.is_file().then_some(meta.len())
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
            let meta = std::fs::metadata(path).ok();
            Ok(Input {
                source,
                file: meta.as_ref().and_then(FileId::of),
                size: meta.as_ref().and_then(file_size),
                name: format!("{path:?}"),
            })
        })
        .collect()
}

fn stdin_input() -> Input {
    let meta = descriptor_metadata(std::io::stdin());
    Input {
        source: Source::stdin(),
        file: meta.as_ref().and_then(FileId::of),
        size: meta.as_ref().and_then(file_size),
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

fn scan(mut args: Args) -> io::Result<ExitCode> {
    if args.output.as_deref() == Some(Path::new("-")) {
        args.output = None;
    }
    for (flag, path) in [
        ("--report", &args.report),
        ("--summary-json", &args.summary_json),
    ] {
        if path.as_deref() == Some(Path::new("-")) {
            return Err(Failure::new(format!(
                "{flag} writes a file: give it a file name, not `-` (`netral report -o - \
                 SCAN.jsonl` prints the report of a scan to standard output)"
            )));
        }
    }
    if matches!(args.output_format, OutFormat::Xlsx) && args.output.is_none() {
        return Err(Failure::new(
            "--output-format xlsx writes a workbook, which is a file: give it with --output \
             FILE.xlsx",
        ));
    }
    let options = scan_options(&args)?;
    let inputs = open_inputs(&args.files)?;
    let options = options.file_names(inputs.len() > 1);
    check_outputs(&inputs, &outputs(&args))?;
    if args.output.is_none() {
        check_stdout(&inputs)?;
    }
    let screener = args.packs.screener()?;

    // Every output is made before anything is read, so that one that cannot be written stops
    // the scan before it starts. An output dropped before it is committed is removed: every
    // early return below leaves none behind.
    io::remove_unfinished_on_signals();
    let Outputs {
        file,
        sink,
        summary_file,
        mut reports,
    } = Outputs::create(&args, screener.packs())?;
    let (guarded, broken) = PipeGuard::new(sink);
    // The scan hands over its output in chunks of a few dozen records (tens of kilobytes
    // with --all); a buffer smaller than that lets them go straight to the file instead of
    // being copied once more, while small writes (a CSV header) are still gathered.
    let writer = std::io::BufWriter::with_capacity(32 << 10, guarded);

    // The bar shows how far through the inputs the scan is when every input is a file.
    let size = inputs.iter().map(|i| i.size).sum::<Option<u64>>();
    let bar = progress::Bar::new(size);
    let archives: Vec<String> = inputs.iter().map(|i| i.source.name().to_string()).collect();
    let started = SystemTime::now();
    let (summary, finished) = run_inputs(
        &screener,
        options,
        writer,
        inputs,
        &mut reports,
        bar.as_ref(),
    );
    if let Some(bar) = &bar {
        bar.clear();
    }
    if broken.load(Ordering::Relaxed) {
        // The reader of our output has gone (`| head`): that is how such a pipeline ends, but
        // the files asked for beside it are not whole, so they are not written.
        let unwritten: Vec<&str> = outputs(&args)
            .into_iter()
            .filter(|&(flag, _)| flag != "--output")
            .map(|(flag, _)| flag)
            .collect();
        if !unwritten.is_empty() {
            eprintln!(
                "netral: note: standard output was closed before the scan ended; {} not \
                 written",
                unwritten.join(" and ")
            );
        }
        return Err(Failure::broken_pipe());
    }
    if args.summary {
        eprint!("{}", summary.render());
    } else {
        notes(&summary);
    }
    if let Err(e) = finished {
        let csv = matches!(args.output_format, OutFormat::Csv);
        return Err(scan_failure(&e, file, csv, !reports.is_empty()));
    }
    // The records first: they are complete, and stay so whatever happens to what follows.
    if let Some(f) = file {
        f.commit()?;
    }
    if let Some((f, handle)) = summary_file {
        write_summary(f, handle, &summary)?;
    }
    let names: Vec<&str> = archives.iter().map(String::as_str).collect();
    for report in reports {
        report.finish(&summary, &names, started)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The scan's options from the command line, all but the input file names.
fn scan_options(args: &Args) -> io::Result<ScanOptions> {
    let missing_id = if args.id_from_line {
        MissingId::FromLine
    } else if args.require_ids {
        MissingId::Error
    } else {
        MissingId::Auto
    };
    let mut options = ScanOptions::new()
        .all(args.all)
        .with_text(args.with_text)
        .output_format(match args.output_format {
            OutFormat::Jsonl | OutFormat::Xlsx => OutputFormat::Jsonl,
            OutFormat::Csv => OutputFormat::Csv,
        })
        .max_record_len(args.max_record_len)
        .missing_id(missing_id)
        .top_authors(args.top);
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
    Ok(options)
}

/// The files the scan writes, each with the flag that names it.
fn outputs(args: &Args) -> Vec<(&'static str, &PathBuf)> {
    let mut outputs = Vec::new();
    if let Some(path) = &args.output {
        outputs.push(("--output", path));
    }
    if let Some(path) = &args.summary_json {
        outputs.push(("--summary-json", path));
    }
    if let Some(path) = &args.report {
        outputs.push(("--report", path));
    }
    outputs
}

/// Where the scan writes, made before anything is read.
struct Outputs {
    /// The --output file, unless the output is a workbook or standard output.
    file: Option<OutputFile>,
    /// Where the records go: the --output file, standard output, or nowhere when the output
    /// is a workbook.
    sink: Box<dyn Write + Send>,
    /// The --summary-json file.
    summary_file: Option<(OutputFile, File)>,
    /// The workbook that is the output, and the --report.
    reports: Vec<ReportOut>,
}

impl Outputs {
    /// Creates every output the arguments name.
    fn create(args: &Args, packs: &[Pack]) -> io::Result<Outputs> {
        let report_options = args.report_args.options();
        let mut reports = Vec::new();
        let (file, sink): (Option<OutputFile>, Box<dyn Write + Send>) = match &args.output {
            Some(path) if matches!(args.output_format, OutFormat::Xlsx) => {
                reports.push(ReportOut::create(
                    path,
                    ReportFormat::Xlsx,
                    &report_options,
                    packs,
                )?);
                (None, Box::new(std::io::sink()))
            }
            Some(path) => {
                let (out, f) = OutputFile::create(path)?;
                (Some(out), Box::new(f))
            }
            None => (None, io::stdout()),
        };
        let summary_file = args
            .summary_json
            .as_deref()
            .map(OutputFile::create)
            .transpose()?;
        if let Some(path) = &args.report {
            reports.push(ReportOut::create(
                path,
                ReportFormat::of(path),
                &report_options,
                packs,
            )?);
        }
        Ok(Outputs {
            file,
            sink,
            summary_file,
            reports,
        })
    }
}

/// Screens the inputs one after the other into `writer`, handing every record to the
/// reports, until one fails; returns the scan's summary and how it ended.
fn run_inputs<'a, W: Write>(
    screener: &'a netral::Screener,
    options: ScanOptions,
    writer: W,
    inputs: Vec<Input>,
    reports: &'a mut [ReportOut],
    bar: Option<&'a progress::Bar>,
) -> (Summary, Result<(), netral::Error>) {
    let mut scan = Scan::new(screener, options, writer);
    if let Some(bar) = bar {
        scan.on_progress(|p| bar.update(p));
    }
    if !reports.is_empty() {
        // The reports are made from the records as they are written, so the input is
        // read once; each report keeps what it needs in bounded memory.
        scan.on_record(|record| {
            if let Some((last, others)) = reports.split_last_mut() {
                for r in others {
                    r.add(record.clone());
                }
                last.add(record);
            }
        });
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
}

/// The failure of a scan that did not finish: the error, where the complete records written
/// before it are kept, and how to read on past a damaged CSV record.
fn scan_failure(e: &netral::Error, file: Option<OutputFile>, csv: bool, reports: bool) -> Failure {
    let hint = if e.to_string().contains("is a quote left open?") {
        " (--damaged-csv recover reads such a file on)"
    } else {
        ""
    };
    let mut message = match file.map(|f| f.keep_partial(csv)) {
        Some(Some((partial, records))) => format!(
            "{e} (the {records} complete records written before the failure are kept in \
             {partial:?})"
        ),
        _ => e.to_string(),
    };
    if reports {
        message += "; no report is made of an unfinished scan";
    }
    Failure::new(message + hint)
}

/// Says on standard error how records without an id or a kind were read, when the summary
/// that says so is not printed.
fn notes(summary: &Summary) {
    if summary.ids_from_lines > 0 {
        eprintln!(
            "netral: note: {} records had no id; each is named by its line (`line-7` for line \
             7); --require-ids makes them error records instead",
            summary.ids_from_lines
        );
    }
    if summary.posts_without_kind > 0 {
        eprintln!(
            "netral: note: {} records of archives without a `kind` field were read as posts",
            summary.posts_without_kind
        );
    }
}

fn write_summary(out: OutputFile, mut file: File, summary: &Summary) -> io::Result<()> {
    let mut json = serde_json::to_vec_pretty(summary)
        .map_err(|e| Failure::new(format!("cannot write the summary: {e}")))?;
    json.push(b'\n');
    match file.write_all(&json).and_then(|()| file.flush()) {
        Ok(()) => out.commit(),
        Err(e) => Err(Failure::new(format!(
            "cannot write the summary to {:?}: {e}",
            out.target()
        ))),
    }
}

/// A report (a page or a workbook) made while the scan runs, and the file it goes to.
struct ReportOut {
    out: OutputFile,
    file: File,
    path: PathBuf,
    made: Made,
    /// The first failure to add a record to a workbook; the rest are not added.
    failed: Option<netral::Error>,
}

// One or two of these live through a whole scan: their size does not matter.
#[allow(clippy::large_enum_variant)]
enum Made {
    Page(Report),
    Book(Workbook),
}

impl ReportOut {
    fn create(
        path: &Path,
        format: ReportFormat,
        options: &ReportOptions,
        packs: &[Pack],
    ) -> io::Result<ReportOut> {
        let made = match format {
            ReportFormat::Html => {
                let mut report = Report::new(options.clone());
                report.packs(packs);
                Made::Page(report)
            }
            ReportFormat::Xlsx => {
                let mut book = Workbook::new(options)?;
                book.packs(packs);
                Made::Book(book)
            }
        };
        let (out, file) = OutputFile::create(path)?;
        Ok(ReportOut {
            out,
            file,
            path: path.to_path_buf(),
            made,
            failed: None,
        })
    }

    fn add(&mut self, record: OutputRecord) {
        match &mut self.made {
            Made::Page(report) => report.add(record),
            Made::Book(book) if self.failed.is_none() => self.failed = book.add(record).err(),
            Made::Book(_) => {}
        }
    }

    /// Writes the report with the scan's own account of itself, and puts it in place.
    fn finish(self, summary: &Summary, archives: &[&str], started: SystemTime) -> io::Result<()> {
        if let Some(e) = self.failed {
            return Err(Failure::new(format!("{}: {e}", self.path.display())));
        }
        let stream = self.out.is_stream();
        match self.made {
            Made::Page(mut report) => {
                report.scanned(summary, archives, started);
                write_html(&report, self.file, &self.path)?;
            }
            Made::Book(mut book) => {
                book.scanned(summary, archives, started);
                write_workbook(book, self.file, stream)?;
            }
        }
        self.out.commit()
    }
}
