//! The inspector's workbook: the flagged activities, a summary per account and the error
//! records as Excel sheets, written while the records stream in.
//!
//! Indonesian spreadsheet settings use `;` as the list separator, so a comma CSV opens there
//! as one column: a workbook opens the same everywhere. Every text cell is written as a
//! string, never as a formula, whatever it starts with (`=`, `+`, `-`, `@`); times are real
//! Excel dates; each sheet has its header row frozen, an autofilter and set column widths.
//! Characters that would hide or reorder text are written as markers (`[NUL]`, `[U+202E]`),
//! as on the page.
//! The flagged activities and error records are streamed to temporary files (the
//! constant-memory mode of `rust_xlsxwriter`), so memory does not grow with the archive.

use std::io::{BufRead, Seek, Write};
use std::time::SystemTime;

use rust_xlsxwriter::{ExcelDateTime, Format, Worksheet, XlsxError};

use super::collect::{Collected, Limits};
use super::time::Stamp;
use super::{read_jsonl, Context, Lang, ReportOptions};
use crate::archive::{ErrorRecord, OutputRecord, ScreenedRecord, Summary};
use crate::error::Error;
use crate::lexicon::Pack;
use crate::rule::Rule;

/// The sheets, in workbook order.
const FLAGGED: usize = 0;
const AUTHORS: usize = 1;
const ERRORS: usize = 2;
const ABOUT: usize = 3;

/// The last row index Excel has (1,048,576 rows).
const MAX_ROW: u32 = 1_048_575;
/// The longest text a cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// An Excel workbook made from scan output records, sheet by sheet as they stream in.
///
/// ```
/// use netral::archive::{scan, ScanOptions, Source};
/// use netral::report::{ReportOptions, Workbook};
///
/// let screener = netral::Screener::new()?;
/// let archive = r#"{"id": 1, "kind": "post", "author": "asn-1", "text": "=Ayo coblos 02!"}"#;
/// let mut records = Vec::new();
/// let source = Source::from_reader("a.jsonl", std::io::Cursor::new(archive));
/// scan(&screener, source, ScanOptions::new().with_text(true), &mut records)?;
///
/// let mut book = Workbook::new(&ReportOptions::new())?;
/// book.read_jsonl("scan.jsonl", &records[..])?;
/// let mut xlsx = std::io::Cursor::new(Vec::new());
/// book.finish(&mut xlsx)?;
/// assert!(xlsx.get_ref().starts_with(b"PK"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Workbook {
    lang: Lang,
    book: rust_xlsxwriter::Workbook,
    collected: Collected,
    context: Context,
    /// The next row of the flagged and the error sheets.
    flagged_row: u32,
    error_row: u32,
    /// Records that did not fit in their sheet.
    flagged_cut: u64,
    errors_cut: u64,
    bold: Format,
    date: Format,
    wrap: Format,
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("lang", &self.lang)
            .field("flagged_row", &self.flagged_row)
            .finish_non_exhaustive()
    }
}

/// Column headings and widths of the flagged sheet.
fn flagged_columns(lang: Lang) -> [(&'static str, f64); 16] {
    let t = lang.texts();
    [
        (t.author, 20.0),
        (t.date, 17.0),
        (t.zone, 7.0),
        (t.kind, 11.0),
        (t.text, 60.0),
        (t.target_author, 18.0),
        (t.target_text, 50.0),
        (t.matched, 28.0),
        (t.rules, 24.0),
        (t.camps, 16.0),
        (t.score, 7.0),
        (t.reasons, 60.0),
        (t.id, 22.0),
        (t.line, 8.0),
        (t.file, 18.0),
        (t.address, 30.0),
    ]
}

fn author_columns(lang: Lang) -> [(&'static str, f64); 8] {
    let t = lang.texts();
    [
        (t.author, 24.0),
        (t.count, 10.0),
        (t.rules, 40.0),
        (t.camps, 30.0),
        (t.kinds, 24.0),
        (t.first, 17.0),
        (t.last, 17.0),
        (t.top_score, 12.0),
    ]
}

fn error_columns(lang: Lang) -> [(&'static str, f64); 4] {
    let t = lang.texts();
    [
        (t.line, 8.0),
        (t.file, 20.0),
        (t.reason, 60.0),
        (t.raw, 80.0),
    ]
}

impl Workbook {
    /// An empty workbook in the language of `options`. Only the language and the time zone
    /// of `options` apply: the workbook lists every flagged activity and error record, up to
    /// Excel's limit of rows per sheet.
    pub fn new(options: &ReportOptions) -> Result<Workbook, Error> {
        let lang = options.lang;
        let t = lang.texts();
        let limits = Limits {
            per_author: 0,
            max_errors: 0,
            ..options.limits
        };
        let mut book = rust_xlsxwriter::Workbook::new();
        let bold = Format::new().set_bold();
        let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
        let wrap = Format::new().set_text_wrap();
        let sheets: [(&str, bool); 4] = [
            (t.sheet_flagged, true),
            (t.sheet_authors, false),
            (t.sheet_errors, true),
            (t.sheet_about, false),
        ];
        for (name, streamed) in sheets {
            let sheet = if streamed {
                book.add_worksheet_with_constant_memory()
            } else {
                book.add_worksheet()
            };
            sheet.set_name(name).map_err(xlsx_error)?;
        }
        let mut w = Workbook {
            lang,
            book,
            collected: Collected::new(limits),
            context: Context::default(),
            flagged_row: 1,
            error_row: 1,
            flagged_cut: 0,
            errors_cut: 0,
            bold,
            date,
            wrap,
        };
        let headings: [(usize, Vec<(&str, f64)>); 3] = [
            (FLAGGED, flagged_columns(lang).to_vec()),
            (AUTHORS, author_columns(lang).to_vec()),
            (ERRORS, error_columns(lang).to_vec()),
        ];
        for (index, columns) in headings {
            let bold = w.bold.clone();
            let sheet = w.sheet(index)?;
            for (col, (name, width)) in columns.iter().enumerate() {
                let col = col as u16;
                sheet.set_column_width(col, *width).map_err(xlsx_error)?;
                sheet
                    .write_string_with_format(0, col, *name, &bold)
                    .map_err(xlsx_error)?;
            }
            sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        }
        Ok(w)
    }

    /// Names a scan output the records come from, and when it was written.
    pub fn source(&mut self, name: &str, written: Option<SystemTime>) {
        self.context.source(name, written);
    }

    /// The packs the scan used (see [`Report::packs`](super::Report::packs)).
    pub fn packs(&mut self, packs: &[Pack]) {
        self.context.packs(packs);
    }

    /// Tells the workbook about the scan that gives it its records, for a workbook made while
    /// scanning: its sheet about the scan then shows the scan's own counts, archives, start
    /// and packs (see [`Report::scanned`](super::Report::scanned)).
    pub fn scanned(&mut self, summary: &Summary, archives: &[&str], started: SystemTime) {
        self.context.scanned(summary, archives, started);
    }

    /// Adds one record: a flagged activity becomes a row of the first sheet, an error record a
    /// row of the error sheet.
    pub fn add(&mut self, record: OutputRecord) -> Result<(), Error> {
        match &record {
            OutputRecord::Screened(r) if r.flagged => {
                if self.flagged_row <= MAX_ROW {
                    self.flagged_row(r)?;
                    self.flagged_row += 1;
                } else {
                    self.flagged_cut += 1;
                }
            }
            OutputRecord::Error(e) => {
                if self.error_row <= MAX_ROW {
                    self.error_row(e)?;
                    self.error_row += 1;
                } else {
                    self.errors_cut += 1;
                }
            }
            OutputRecord::Screened(_) => {}
        }
        self.collected.add(record);
        Ok(())
    }

    /// Reads a scan's JSON lines output to the end (see
    /// [`Report::read_jsonl`](super::Report::read_jsonl)).
    pub fn read_jsonl(&mut self, name: &str, reader: impl BufRead) -> Result<(), Error> {
        let mut failed = None;
        read_jsonl(name, reader, |r| {
            if failed.is_none() {
                failed = self.add(r).err();
            }
        })?;
        failed.map_or(Ok(()), Err)
    }

    /// Writes the per-account and about sheets and the whole workbook to `out`.
    pub fn finish(mut self, out: impl Write + Seek + Send) -> Result<(), Error> {
        let (flagged_end, error_end) = (self.flagged_row - 1, self.error_row - 1);
        self.sheet(FLAGGED)?
            .autofilter(0, 0, flagged_end, 15)
            .map_err(xlsx_error)?;
        self.sheet(ERRORS)?
            .autofilter(0, 0, error_end, 3)
            .map_err(xlsx_error)?;
        self.write_authors()?;
        self.write_about()?;
        self.book.save_to_writer(out).map_err(xlsx_error)
    }

    fn sheet(&mut self, index: usize) -> Result<&mut Worksheet, Error> {
        self.book.worksheet_from_index(index).map_err(xlsx_error)
    }

    fn flagged_row(&mut self, r: &ScreenedRecord) -> Result<(), Error> {
        let lang = self.lang;
        let zone = self.collected.limits.zone;
        let row = self.flagged_row;
        let (date, wrap) = (self.date.clone(), self.wrap.clone());
        let stamp = r
            .created_at
            .as_deref()
            .and_then(Stamp::parse)
            .map(|s| s.in_zone(zone));
        let matched: Vec<&str> = r.evidence.iter().map(|e| e.matched.as_str()).collect();
        let rules: Vec<&str> = r.rules.iter().map(|x| x.id()).collect();
        let sheet = self.sheet(FLAGGED)?;
        text(sheet, row, 0, r.author.as_deref().unwrap_or(""))?;
        when(sheet, row, 1, stamp, r.created_at.as_deref(), &date)?;
        let zone_name = stamp.and_then(|s| s.offset).map(zone_label);
        text(sheet, row, 2, zone_name.as_deref().unwrap_or(""))?;
        text(sheet, row, 3, lang.kind(r.kind))?;
        wrapped(sheet, row, 4, r.text.as_deref().unwrap_or(""), &wrap)?;
        text(sheet, row, 5, r.target_author.as_deref().unwrap_or(""))?;
        wrapped(sheet, row, 6, r.target_text.as_deref().unwrap_or(""), &wrap)?;
        text(sheet, row, 7, &matched.join(" | "))?;
        text(sheet, row, 8, &rules.join(", "))?;
        text(sheet, row, 9, &r.entities.join(", "))?;
        number(sheet, row, 10, f64::from(r.score))?;
        wrapped(sheet, row, 11, &r.reasons.join("\n"), &wrap)?;
        text(sheet, row, 12, r.id.as_str())?;
        number(sheet, row, 13, r.line as f64)?;
        text(sheet, row, 14, r.file.as_deref().unwrap_or(""))?;
        text(sheet, row, 15, r.url.as_deref().unwrap_or(""))
    }

    fn error_row(&mut self, e: &ErrorRecord) -> Result<(), Error> {
        let row = self.error_row;
        let sheet = self.sheet(ERRORS)?;
        number(sheet, row, 0, e.line as f64)?;
        text(sheet, row, 1, e.file.as_deref().unwrap_or(""))?;
        text(sheet, row, 2, &e.error)?;
        text(sheet, row, 3, &e.raw)
    }

    fn write_authors(&mut self) -> Result<(), Error> {
        let lang = self.lang;
        let date = self.date.clone();
        let no_author = lang.texts().no_author;
        // The ranking borrows the collection while the sheet borrows the workbook: gather
        // the rows first.
        let rows: Vec<AuthorRow> = self
            .collected
            .ranked()
            .into_iter()
            .take(MAX_ROW as usize)
            .map(|(name, a)| AuthorRow {
                name: if name.is_empty() {
                    no_author.to_string()
                } else {
                    name.to_string()
                },
                flagged: a.flagged,
                rules: a.rules().map(Rule::id).collect::<Vec<_>>().join(", "),
                camps: a.camps.iter().cloned().collect::<Vec<_>>().join(", "),
                kinds: a
                    .kinds()
                    .map(|k| lang.kind(k))
                    .collect::<Vec<_>>()
                    .join(", "),
                first: a.first,
                last: a.last,
                score: a.max_score,
            })
            .collect();
        let sheet = self.sheet(AUTHORS)?;
        for (i, a) in rows.iter().enumerate() {
            let row = i as u32 + 1;
            text(sheet, row, 0, &a.name)?;
            number(sheet, row, 1, a.flagged as f64)?;
            text(sheet, row, 2, &a.rules)?;
            text(sheet, row, 3, &a.camps)?;
            text(sheet, row, 4, &a.kinds)?;
            when(sheet, row, 5, a.first, None, &date)?;
            when(sheet, row, 6, a.last, None, &date)?;
            number(sheet, row, 7, f64::from(a.score))?;
        }
        sheet
            .autofilter(0, 0, rows.len() as u32, 7)
            .map_err(xlsx_error)?;
        Ok(())
    }

    fn write_about(&mut self) -> Result<(), Error> {
        let lang = self.lang;
        let t = lang.texts();
        let (facts, mut notes) = self.context.facts(&self.collected, lang);
        for (cut, sheet) in [
            (self.flagged_cut, t.sheet_flagged),
            (self.errors_cut, t.sheet_errors),
        ] {
            if cut > 0 {
                notes.push(format!("{sheet}: {} {}", lang.number(cut), t.rows_cut));
            }
        }
        let (bold, wrap) = (self.bold.clone(), self.wrap.clone());
        let sheet = self.sheet(ABOUT)?;
        sheet.set_column_width(0, 28).map_err(xlsx_error)?;
        sheet.set_column_width(1, 100).map_err(xlsx_error)?;
        sheet
            .write_string_with_format(0, 0, t.title, &bold)
            .map_err(xlsx_error)?;
        wrapped(sheet, 1, 0, t.caveat, &wrap)?;
        let mut row = 3;
        for (label, value) in facts {
            sheet
                .write_string_with_format(row, 0, label, &bold)
                .map_err(xlsx_error)?;
            wrapped(sheet, row, 1, &value, &wrap)?;
            row += 1;
        }
        for note in notes {
            wrapped(sheet, row, 1, &note, &wrap)?;
            row += 1;
        }
        row += 1;
        sheet
            .write_string_with_format(row, 0, t.rule_legend, &bold)
            .map_err(xlsx_error)?;
        for r in Rule::ALL {
            row += 1;
            text(sheet, row, 0, r.id())?;
            let line = format!(
                "{} ({} {}): {}",
                lang.rule_title(r),
                t.forms,
                r.skb_forms(),
                lang.rule_description(r)
            );
            wrapped(sheet, row, 1, &line, &wrap)?;
        }
        Ok(())
    }
}

struct AuthorRow {
    name: String,
    flagged: u64,
    rules: String,
    camps: String,
    kinds: String,
    first: Option<Stamp>,
    last: Option<Stamp>,
    score: f32,
}

/// A zone's name for the zone column.
fn zone_label(offset: i32) -> String {
    super::time::Zone::from_seconds(offset).name()
}

/// A text cell: always a string, whatever it starts with, cut at Excel's limit.
fn text(sheet: &mut Worksheet, row: u32, col: u16, s: &str) -> Result<(), Error> {
    sheet
        .write_string(row, col, cell_text(s))
        .map(drop)
        .map_err(xlsx_error)
}

fn wrapped(sheet: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> Result<(), Error> {
    sheet
        .write_string_with_format(row, col, cell_text(s), f)
        .map(drop)
        .map_err(xlsx_error)
}

/// The text of a cell: invisible and reordering characters shown as markers, as on the page,
/// and cut at Excel's limit.
fn cell_text(s: &str) -> String {
    let s = super::text::visible(s);
    let (kept, cut) = super::text::clip(&s, MAX_CELL_CHARS - 1);
    if cut > 0 {
        format!("{kept}…")
    } else {
        kept.to_string()
    }
}

fn number(sheet: &mut Worksheet, row: u32, col: u16, n: f64) -> Result<(), Error> {
    sheet
        .write_number(row, col, n)
        .map(drop)
        .map_err(xlsx_error)
}

/// A time as an Excel date; one Excel cannot hold (before 1900) as the text the archive
/// wrote; nothing for no time.
fn when(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    stamp: Option<Stamp>,
    written: Option<&str>,
    format: &Format,
) -> Result<(), Error> {
    let Some(stamp) = stamp else {
        return text(sheet, row, col, written.unwrap_or(""));
    };
    match excel_date(stamp) {
        Some(d) => sheet
            .write_datetime_with_format(row, col, &d, format)
            .map(drop)
            .map_err(xlsx_error),
        None => text(sheet, row, col, written.unwrap_or(&stamp.iso_date())),
    }
}

fn excel_date(stamp: Stamp) -> Option<ExcelDateTime> {
    use chrono::{Datelike, Timelike};
    let l = stamp.local;
    let year = u16::try_from(l.year()).ok()?;
    ExcelDateTime::from_ymd(year, l.month() as u8, l.day() as u8)
        .and_then(|d| d.and_hms(l.hour() as u16, l.minute() as u8, l.second()))
        .ok()
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::new(
        crate::error::ErrorKind::Io,
        format!("cannot write the workbook: {e}"),
    )
}
