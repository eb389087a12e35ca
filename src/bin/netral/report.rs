//! `netral report`: the inspector's report (HTML) or workbook (Excel) from a scan's output.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::SystemTime;

use clap::ValueEnum;
use netral::report::{Lang, Report, ReportOptions, Workbook, Zone};
use netral::Pack;

use crate::io::{self, Failure, OutputFile, PipeGuard};
use crate::PackArgs;

const EXAMPLES: &str = "\
Examples:
  netral scan --all --with-text -o scan.jsonl archive.jsonl
  netral report scan.jsonl -o laporan.html
  netral report --lang en --top-authors 200 --per-author 20 scan.jsonl -o report.html
  netral report --format xlsx scan.jsonl -o laporan.xlsx
  netral report --pack pilkada.toml --time-zone WIB a.jsonl b.jsonl -o laporan.html

Input: the JSON lines that `netral scan` writes (not its CSV). Scan with --all so that the
counts cover every record, and with --with-text so that the report shows each match in its
original text; without it the report lists the matched words only.

The HTML report is one self-contained file (styles, script and charts inline, nothing
fetched from the network) that opens in any current browser, in Bahasa Indonesia unless
--lang en. It shows the counts and the packs, the table of accounts (sortable, filterable by
rule, camp, kind, dates and text), charts per day, rule, camp and kind, each flagged
activity with its matches highlighted in the original text, and the error records. Memory
stays bounded: files are read twice, once to count and once to keep the activities of the
accounts the page shows (standard input is read once, keeping activities as it goes), and
the page says what it leaves out.

The workbook (--format xlsx) has a sheet of flagged activities, one per account, one of
error records and one about the scan; header rows frozen, autofilters on, text always
written as text (never run as a formula), times as Excel dates. Indonesian Excel uses `;`
as its list separator and opens a comma CSV as one column: the workbook opens the same
everywhere, so it is the file to hand an inspector.

A scan's output does not record the lexicon packs it used: the report names the packs given
here (--pack, by default the bundled pemilu-2024) and says so. Give the same --pack files
as to the scan.

The output is written under a temporary name and renamed to FILE when complete; with
-o - it goes to standard output as it is made.
Exit codes: 0 written; 2 usage error, unreadable input, a line that is not a scan output
record.";

/// Make the inspector's report (HTML) or workbook (Excel) from a scan's output
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The JSON lines written by `netral scan`; `-` for standard input
    #[arg(value_name = "SCAN_OUTPUT.jsonl", required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the report (`-` is standard output)
    #[arg(long, short, value_name = "FILE")]
    output: PathBuf,
    /// What to write: one HTML page, or an Excel workbook (default: from the output's
    /// extension, .xlsx for a workbook, else HTML)
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    packs: PackArgs,
}

/// What a report shows; shared by `netral report` and `netral scan --report`.
#[derive(clap::Args, Clone, Debug)]
pub struct ReportArgs {
    /// The language of the report: id (Bahasa Indonesia) or en (English)
    #[arg(long, default_value = "id", value_parser = parse_lang)]
    lang: Lang,
    /// HTML: how many accounts to show, the most flagged first
    #[arg(long, value_name = "N", default_value_t = 1000)]
    top_authors: usize,
    /// HTML: how many flagged activities to show per account, the highest scores first
    #[arg(long, value_name = "N", default_value_t = 20)]
    per_author: usize,
    /// HTML: how many error records to list (all are counted)
    #[arg(long, value_name = "N", default_value_t = 1000)]
    max_errors: usize,
    /// HTML: the longest text to show, in characters (a longer one is cut, and the page says
    /// by how much)
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    max_text: usize,
    /// Show every time in this zone (WIB, WITA, WIT, UTC or an offset like +07:00) instead
    /// of the zone the archive wrote it in
    #[arg(long, value_name = "ZONE", value_parser = parse_zone)]
    time_zone: Option<Zone>,
}

impl ReportArgs {
    pub fn options(&self) -> ReportOptions {
        let mut options = ReportOptions::new()
            .lang(self.lang)
            .top_authors(self.top_authors)
            .per_author(self.per_author)
            .max_errors(self.max_errors)
            .max_text_chars(self.max_text);
        if let Some(zone) = self.time_zone {
            options = options.zone(zone);
        }
        options
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Xlsx,
}

impl ReportFormat {
    /// The format a file name asks for: a workbook for `.xlsx`, else a page.
    pub fn of(path: &Path) -> ReportFormat {
        let xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        if xlsx {
            ReportFormat::Xlsx
        } else {
            ReportFormat::Html
        }
    }
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse().map_err(|e: netral::Error| e.to_string())
}

fn parse_zone(s: &str) -> Result<Zone, String> {
    s.parse().map_err(|e: netral::Error| e.to_string())
}

pub fn run(mut args: Args) -> io::Result<ExitCode> {
    if args.output == Path::new("-") {
        args.output = PathBuf::from("/dev/stdout");
    }
    let format = args
        .format
        .unwrap_or_else(|| ReportFormat::of(&args.output));
    let options = args.report.options();
    let packs = pack_list(&args.packs)?;
    // Check that every input opens before reading any, so a typo fails at once.
    let inputs: Vec<Input> = args
        .inputs
        .iter()
        .map(|p| Input::open(p))
        .collect::<io::Result<_>>()?;

    let (out, file) = OutputFile::create(&args.output)?;
    let written = match format {
        ReportFormat::Html => html(options, &packs, inputs, file, &args.output),
        ReportFormat::Xlsx => xlsx(options, &packs, inputs, file, out.is_stream()),
    };
    // Whatever failed, no half-written report is left behind.
    match written {
        Ok(()) => out.commit()?,
        Err(e) => {
            out.discard();
            return Err(e);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn html(
    options: ReportOptions,
    packs: &[Pack],
    inputs: Vec<Input>,
    file: File,
    path: &Path,
) -> io::Result<()> {
    let mut report = Report::new(options);
    report.packs(packs);
    // Files can be read twice, which gives the exact page in the least memory: the first
    // reading counts, the second keeps the activities of the accounts the page shows.
    let twice = inputs.iter().all(|i| i.path.is_some());
    if twice {
        report.two_passes();
    }
    let again: Vec<PathBuf> = inputs.iter().filter_map(|i| i.path.clone()).collect();
    for input in inputs {
        report.source(&input.name, input.written);
        report.read_jsonl(&input.name, input.reader)?;
    }
    if twice {
        report.second_pass();
        for path in &again {
            let input = Input::open(path)?;
            report.read_jsonl(&input.name, input.reader)?;
        }
    }
    write_html(&report, file, path)
}

/// Writes the page into `file`, the output at `path`.
pub fn write_html(report: &Report, file: File, path: &Path) -> io::Result<()> {
    let (guarded, broken) = PipeGuard::new(file);
    let mut w = BufWriter::new(guarded);
    let written = report
        .write_html(&mut w)
        .map_err(Failure::from)
        .and_then(|()| {
            w.flush()
                .map_err(|e| Failure::new(format!("cannot write {}: {e}", path.display())))
        });
    // The reader of standard output went away (`-o - | head`): stop quietly, as scan does.
    if written.is_err() && broken.load(Ordering::Relaxed) {
        return Err(Failure::broken_pipe());
    }
    written
}

fn xlsx(
    options: ReportOptions,
    packs: &[Pack],
    inputs: Vec<Input>,
    file: File,
    stream: bool,
) -> io::Result<()> {
    let mut book = Workbook::new(&options)?;
    book.packs(packs);
    for input in inputs {
        book.source(&input.name, input.written);
        book.read_jsonl(&input.name, input.reader)?;
    }
    write_workbook(book, file, stream)
}

/// Writes the workbook into `file`. A workbook is a zip archive, written with seeks back to
/// what it wrote: into a stream (a pipe, `-o /dev/stdout`, which may also be a file opened to
/// append to) it is made in memory first and then copied.
pub fn write_workbook(book: Workbook, mut file: File, stream: bool) -> io::Result<()> {
    if !stream {
        return Ok(book.finish(BufWriter::new(file))?);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    book.finish(&mut bytes)?;
    file.write_all(bytes.get_ref())
        .and_then(|()| file.flush())
        .map_err(Failure::from)
}

/// The packs the report names: those given, and the bundled one unless left out (or given).
fn pack_list(args: &PackArgs) -> io::Result<Vec<Pack>> {
    let mut packs = args
        .packs
        .iter()
        .map(Pack::from_path)
        .collect::<Result<Vec<_>, _>>()?;
    let bundled = Pack::bundled();
    if !args.no_default_pack && !packs.iter().any(|p| p.meta().id == bundled.meta().id) {
        packs.insert(0, bundled);
    }
    Ok(packs)
}

/// One scan output to read.
struct Input {
    /// The file, which can be read again; `None` for standard input.
    path: Option<PathBuf>,
    name: String,
    written: Option<SystemTime>,
    reader: Box<dyn std::io::BufRead>,
}

impl Input {
    fn open(path: &Path) -> io::Result<Input> {
        if path.as_os_str() == "-" {
            return Ok(Input {
                path: None,
                name: "<stdin>".to_string(),
                written: None,
                reader: Box::new(BufReader::new(std::io::stdin())),
            });
        }
        let name = path.display().to_string();
        let file =
            File::open(path).map_err(|e| Failure::new(format!("cannot open {name}: {e}")))?;
        let written = file.metadata().and_then(|m| m.modified()).ok();
        Ok(Input {
            path: Some(path.to_path_buf()),
            name,
            written,
            reader: Box::new(BufReader::with_capacity(1 << 16, file)),
        })
    }
}
