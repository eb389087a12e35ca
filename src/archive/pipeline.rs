//! The streaming scan: a reader thread cuts the input into blocks, each block is screened and
//! serialised in parallel, and the results are written in input order.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::Instant;

use rayon::prelude::*;

use super::csv_input::{self, Columns, RowBlock, RowKind, RowReader};
use super::format::{Format, OutputFormat};
use super::input::Input;
use super::json_array::ArrayReader;
use super::jsonl::{self, ActivityBuf, Filled, JsonReader, Missing};
use super::mapping::FieldMap;
use super::output::{Emitter, ErrorRecord, OutputRecord, ScreenedRecord};
use super::reader::{BlockReader, LineBlock, LineReader};
use super::source::{self, Prepared, Source};
use super::summary::{Progress, Summary, Tally, TOP_AUTHORS};
use crate::activity::Activity;
use crate::display::shown;
use crate::error::Error;
use crate::screener::Screener;
use crate::verdict::Verdict;

/// The default limit on the length of one record: 10 MiB.
pub const DEFAULT_MAX_RECORD: usize = 10 << 20;

/// Records screened together: the unit of parallel work is a slice of this many.
const CHUNK: usize = 64;

/// How an archive is read and what is written.
///
/// ```
/// use netral::archive::{Format, OutputFormat, ScanOptions};
///
/// let options = ScanOptions::new()
///     .format(Format::Csv)
///     .field_map("text=body,id=post_id".parse()?)
///     .all(true)
///     .output_format(OutputFormat::Csv);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ScanOptions {
    format: Option<Format>,
    map: Option<FieldMap>,
    all: bool,
    output: OutputFormat,
    file_names: bool,
    with_text: bool,
    max_record: usize,
    block_records: usize,
    block_bytes: usize,
    lenient_csv: Option<bool>,
    missing_id: MissingId,
    top_authors: usize,
}

/// What becomes of a record without an id.
///
/// An id names the post for the people who act on a flag; the output also carries the record's
/// line (and its file, when a scan reads several), which find it in the archive as surely.
/// Some archives have no ids at all (text collected for research, as the real-tweet
/// collections are): read strictly, every record of such an archive is an error record and
/// nothing is screened.
///
/// A made id is the record's line, written as `line-42`, so that no one takes it for the
/// platform's id of a post and looks that up. Made ids are counted in
/// [`Summary::ids_from_lines`].
///
/// ```
/// use netral::archive::{scan, MissingId, ScanOptions, Source};
///
/// let screener = netral::Screener::new()?;
/// let archive = "{\"text\": \"Ayo coblos 02!\"}\n{\"text\": \"Selamat pagi\"}\n";
/// let read = |missing| {
///     let mut out = Vec::new();
///     let options = ScanOptions::new().all(true).missing_id(missing);
///     let source = Source::from_reader("a.jsonl", std::io::Cursor::new(archive));
///     scan(&screener, source, options, &mut out).map(|s| (s, String::from_utf8(out).unwrap()))
/// };
/// // No record has an id (nor a kind): each is named by its line, and read as a post.
/// let (summary, out) = read(MissingId::Auto)?;
/// assert_eq!((summary.ids_from_lines, summary.posts_without_kind, summary.flagged), (2, 2, 1));
/// assert!(out.starts_with(r#"{"line":1,"id":"line-1","kind":"post","flagged":true"#));
/// // Strictly, each is an error record.
/// let (summary, _) = read(MissingId::Error)?;
/// assert_eq!(summary.errors, 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum MissingId {
    /// The default: when an archive has no ids at all, its records are named by their line;
    /// otherwise a record without an id is an error record. A JSON archive has no ids when
    /// none of its first 1000 records has one (mapped or canonical), a CSV archive when its
    /// header has no id column (and none is mapped).
    #[default]
    Auto,
    /// Every record without an id is named by its line, in any archive.
    FromLine,
    /// Every record without an id is an error record (and a CSV header without an id column
    /// stops the scan).
    Error,
}

impl Default for ScanOptions {
    fn default() -> ScanOptions {
        ScanOptions::new()
    }
}

impl ScanOptions {
    /// Detect the format, write flagged and error records as JSON lines.
    pub fn new() -> ScanOptions {
        ScanOptions {
            format: None,
            map: None,
            all: false,
            output: OutputFormat::Jsonl,
            file_names: false,
            with_text: false,
            max_record: DEFAULT_MAX_RECORD,
            block_records: 4096,
            block_bytes: 4 << 20,
            lenient_csv: None,
            missing_id: MissingId::Auto,
            top_authors: TOP_AUTHORS,
        }
    }

    /// Reads every input in this format instead of detecting it.
    pub fn format(mut self, format: Format) -> ScanOptions {
        self.format = Some(format);
        self
    }

    /// Reads fields from these source names (see [`FieldMap`]). With the tweet-harvest preset
    /// the mapping is applied on top of the preset's.
    pub fn field_map(mut self, map: FieldMap) -> ScanOptions {
        self.map = Some(map);
        self
    }

    /// Writes a record for every input record (`true`), or only flagged and error records
    /// (`false`, the default).
    pub fn all(mut self, all: bool) -> ScanOptions {
        self.all = all;
        self
    }

    /// The output layout (JSON lines by default).
    pub fn output_format(mut self, format: OutputFormat) -> ScanOptions {
        self.output = format;
        self
    }

    /// Tags every output record with the name of its input (the `file` field), for scans of
    /// several inputs.
    pub fn file_names(mut self, yes: bool) -> ScanOptions {
        self.file_names = yes;
        self
    }

    /// Writes each screened activity's own `text`, `target_text` and `target_author` into its
    /// output record (`false` by default), so that a reader of the output can show every
    /// evidence span in its original text without going back to the archive.
    pub fn with_text(mut self, yes: bool) -> ScanOptions {
        self.with_text = yes;
        self
    }

    /// The longest record accepted, in bytes ([`DEFAULT_MAX_RECORD`] by default). A longer
    /// record (a JSON line, an element of a JSON array, a CSV line) becomes an error record
    /// without being held in memory. A CSV record that runs on past the limit over several
    /// lines (a quote left open) is a damaged record: see [`ScanOptions::lenient_csv`].
    pub fn max_record_len(mut self, bytes: usize) -> ScanOptions {
        self.max_record = bytes.max(1);
        self
    }

    /// How a damaged CSV record is met: one whose quoted field runs on over a line that reads
    /// as a row of its own, over the record length limit or to the end of the input, or that
    /// has the wrong number of fields once closed (a quote left open, as real exports have).
    ///
    /// Leniently (`true`, the default for the tweet-harvest preset), each line of the damaged
    /// record becomes an error record and reading goes on at the row it ran into, so every line
    /// is accounted for. Strictly (`false`, the default for other CSV), the scan stops with an
    /// error that names the line, after the rows before it are written. Either way no text is
    /// ever read as part of another row.
    ///
    /// ```
    /// use netral::archive::{scan, ScanOptions, Source};
    ///
    /// let screener = netral::Screener::new()?;
    /// let csv = "id,author,text\n1,rina,\"halo semua\n2,budi,Ayo coblos 02 Prabowo!\n";
    /// let mut out = Vec::new();
    /// let options = ScanOptions::new().lenient_csv(true).all(true);
    /// let summary = scan(&screener, Source::from_reader("a.csv", std::io::Cursor::new(csv)), options, &mut out)?;
    /// assert_eq!((summary.errors, summary.flagged), (1, 1));
    /// assert!(String::from_utf8(out)?.contains(r#""line":3,"id":"2","kind":"post","author":"budi","flagged":true"#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lenient_csv(mut self, yes: bool) -> ScanOptions {
        self.lenient_csv = Some(yes);
        self
    }

    /// What becomes of a record without an id ([`MissingId::Auto`] by default).
    ///
    /// A JSON archive none of whose first 1000 records has a `kind` is read the same way in
    /// every mode: each of its records is a post, as each row of a CSV without a kind column
    /// is, and the records so read are counted in [`Summary::posts_without_kind`].
    pub fn missing_id(mut self, missing: MissingId) -> ScanOptions {
        self.missing_id = missing;
        self
    }

    /// How many of the most flagged authors [`Summary::top_authors`] lists (10 by default).
    pub fn top_authors(mut self, n: usize) -> ScanOptions {
        self.top_authors = n;
        self
    }

    /// How many records are read and screened together (4096 by default). Peak memory is a
    /// few blocks, whatever the size of the archive.
    pub fn block_records(mut self, records: usize) -> ScanOptions {
        self.block_records = records.max(1);
        self
    }
}

/// A scan of one or more archives into one output.
///
/// Each [`Scan::run`] streams one [`Source`] in bounded memory: a reader thread reads blocks of
/// records, each block is screened and serialised in parallel on the current rayon thread
/// pool (run the scan inside [`rayon::ThreadPool::install`] to choose the threads), and the
/// output is written in input order. Bad records never stop the scan: each becomes an error
/// record. A failure to read the input itself (a truncated gzip stream, an unreadable file)
/// ends the run with an [`Error`] after everything read before it is written.
///
/// ```
/// use netral::archive::{OutputRecord, Scan, ScanOptions, Source};
/// use netral::Screener;
///
/// let screener = Screener::new()?;
/// let archive = concat!(
///     r#"{"id": 1, "kind": "post", "author": "asn-1", "text": "Ayo coblos 02 Prabowo-Gibran!"}"#, "\n",
///     r#"{"id": 2, "kind": "post", "text": "Rapat koordinasi jam 09.00"}"#, "\n",
///     "not json\n",
/// );
/// let mut scan = Scan::new(&screener, ScanOptions::new().all(true), Vec::new());
/// scan.run(Source::from_reader("a.jsonl", std::io::Cursor::new(archive)))?;
/// let summary = scan.summary();
/// assert_eq!((summary.records, summary.flagged, summary.errors), (3, 1, 1));
///
/// let out = String::from_utf8(scan.finish()?)?;
/// let records: Vec<OutputRecord> = out.lines().map(serde_json::from_str).collect::<Result<_, _>>()?;
/// assert!(matches!(&records[0], OutputRecord::Screened(r) if r.flagged && r.line == 1));
/// assert!(matches!(&records[2], OutputRecord::Error(e) if e.line == 3));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Scan<'a, W: Write> {
    screener: &'a Screener,
    options: ScanOptions,
    out: W,
    tally: Tally,
    started: Instant,
    progress: Option<ProgressFn<'a>>,
    /// Where the flagged and error records go as they are written, if anywhere.
    records: Option<RecordFn<'a>>,
    /// Bytes read from the inputs as they are stored, over every run.
    input_bytes: Arc<AtomicU64>,
    /// Whether the CSV header is written (only ever written once, before any row).
    header_written: bool,
    /// Output buffers of chunks already written, for the next chunks to fill: a scan reuses
    /// a block's worth of buffers instead of allocating them for every block.
    spare_bufs: Arc<Mutex<Vec<Vec<u8>>>>,
}

impl<W: Write> std::fmt::Debug for Scan<'_, W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scan")
            .field("options", &self.options)
            .field("tally", &self.tally)
            .finish_non_exhaustive()
    }
}

/// The progress callback of a [`Scan`].
type ProgressFn<'a> = Box<dyn FnMut(&Progress) + 'a>;

/// The record callback of a [`Scan`].
type RecordFn<'a> = Box<dyn FnMut(OutputRecord) + 'a>;

/// What one slice of a block produced: the serialised records and their counts.
struct Chunk {
    buf: Vec<u8>,
    tally: Tally,
    /// The verdict of the record being written, its buffers reused from record to record.
    verdict: Verdict,
    /// The flagged and error records, for the record callback (only when there is one).
    records: Vec<OutputRecord>,
}

impl Chunk {
    /// A chunk for `records` records, with a spare buffer if there is one, or else with room
    /// for the typical output of each record when every record is written (about a
    /// kilobyte), so that the buffer seldom grows.
    fn new(records: usize, all: bool, spare: &Mutex<Vec<Vec<u8>>>) -> Chunk {
        let buf = spare.lock().ok().and_then(|mut v| v.pop());
        let mut buf =
            buf.unwrap_or_else(|| Vec::with_capacity(if all { records * 1536 } else { 0 }));
        buf.clear();
        Chunk {
            buf,
            tally: Tally::default(),
            verdict: Verdict::default(),
            records: Vec::new(),
        }
    }
}

/// What a record became: an activity (and which of its missing fields were filled in), or
/// the reason it could not be read and its raw bytes.
type Parsed<'a, 'r> = Result<(&'a Activity, Filled), (String, &'r [u8])>;

/// How the records of a block are screened and written.
struct Emit<'s> {
    screener: &'s Screener,
    emitter: Emitter,
    /// Whether every record is written, not only flagged and error records.
    all: bool,
    /// Whether flagged and error records are also kept as [`OutputRecord`]s.
    keep: bool,
}

impl<'a, W: Write> Scan<'a, W> {
    /// A scan writing to `out`. Give a buffered writer (`BufWriter`) for files and pipes.
    pub fn new(screener: &'a Screener, options: ScanOptions, out: W) -> Scan<'a, W> {
        Scan {
            screener,
            options,
            out,
            tally: Tally::default(),
            started: Instant::now(),
            progress: None,
            records: None,
            input_bytes: Arc::new(AtomicU64::new(0)),
            header_written: false,
            spare_bufs: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Calls `f` after every block, for a progress display.
    pub fn on_progress(&mut self, f: impl FnMut(&Progress) + 'a) -> &mut Self {
        self.progress = Some(Box::new(f));
        self
    }

    /// Calls `f` with every flagged record and every error record, in input order, as soon as
    /// it is written: for a report made while scanning, without reading the output again.
    /// Records that are not flagged are not passed on (the [`Summary`] counts them). Each
    /// screened record carries the activity's `text`, `target_text` and `target_author`
    /// whether or not the output does ([`ScanOptions::with_text`]), and its `file` when the
    /// output's records do; otherwise it is the record the JSON lines output holds.
    ///
    /// ```
    /// use netral::archive::{OutputRecord, Scan, ScanOptions, Source};
    ///
    /// let screener = netral::Screener::new()?;
    /// let archive = "{\"id\": 1, \"kind\": \"post\", \"text\": \"Ayo coblos 02!\"}\n{\"id\": 2}\n";
    /// let mut records = Vec::new();
    /// let mut scan = Scan::new(&screener, ScanOptions::new(), std::io::sink());
    /// scan.on_record(|r| records.push(r));
    /// scan.run(Source::from_reader("a.jsonl", std::io::Cursor::new(archive)))?;
    /// drop(scan);
    /// assert!(matches!(&records[0], OutputRecord::Screened(r) if r.text.as_deref() == Some("Ayo coblos 02!")));
    /// assert!(matches!(&records[1], OutputRecord::Error(e) if e.error == "missing `kind`"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn on_record(&mut self, f: impl FnMut(OutputRecord) + 'a) -> &mut Self {
        self.records = Some(Box::new(f));
        self
    }

    /// Where the scan stands.
    pub fn progress(&self) -> Progress {
        self.tally
            .progress(self.started.elapsed(), self.input_bytes())
    }

    /// The counts so far, over every run; also valid after a run failed.
    pub fn summary(&self) -> Summary {
        self.tally
            .summary(self.started.elapsed(), self.options.top_authors)
    }

    fn input_bytes(&self) -> u64 {
        self.input_bytes.load(Ordering::Relaxed)
    }

    /// Flushes the output (writing the CSV header if no input had any records) and returns it.
    pub fn finish(mut self) -> Result<W, Error> {
        self.write_header()?;
        self.out.flush().map_err(write_error)?;
        Ok(self.out)
    }

    /// Scans one archive to the end.
    ///
    /// Fails on a configuration error (a field mapping that does not fit a CSV header), or when
    /// the input cannot be read on: then every record before the failure is written and
    /// counted, and the output is flushed, before the error is returned.
    pub fn run(&mut self, source: Source) -> Result<(), Error> {
        let source = source.counted(Arc::clone(&self.input_bytes));
        let prepared = source::prepare(source, self.options.format)?;
        self.write_header()?;
        let result = match prepared.format {
            Format::Jsonl => self.run_jsonl(prepared),
            Format::Csv | Format::TweetHarvest => self.run_csv(prepared),
        };
        // Whatever happened, what was screened is in the output.
        let flushed = self.out.flush().map_err(write_error);
        result.and(flushed)
    }

    fn write_header(&mut self) -> Result<(), Error> {
        if !std::mem::replace(&mut self.header_written, true) {
            let mut buf = Vec::new();
            self.emitter(None).header(&mut buf, self.options.file_names);
            self.out.write_all(&buf).map_err(write_error)?;
        }
        Ok(())
    }

    fn emitter(&self, name: Option<&str>) -> Emitter {
        Emitter {
            format: self.options.output,
            file: if self.options.file_names {
                name.map(str::to_string)
            } else {
                None
            },
            with_text: self.options.with_text,
        }
    }

    fn emit(&self, name: &str) -> Emit<'a> {
        Emit {
            screener: self.screener,
            emitter: self.emitter(Some(name)),
            all: self.options.all,
            keep: self.records.is_some(),
        }
    }

    fn run_jsonl(&mut self, p: Prepared) -> Result<(), Error> {
        let json = JsonReader::new(self.options.map.as_ref())?;
        let emit = self.emit(&p.name);
        let spare = Arc::clone(&self.spare_bufs);
        let spare_bufs = &*spare;
        let (max_record, lines, bytes) = (
            self.options.max_record,
            self.options.block_records,
            self.options.block_bytes,
        );
        let (name, compressed, live) = (p.name.clone(), p.compressed, p.live);
        let input = Input::new(p.reader, live);
        let blocks = if p.array {
            let mut reader = ArrayReader::new(input, max_record);
            spawn_reader(!live, move |spare| {
                reader
                    .next_block(lines, bytes, spare)
                    .map_err(|e| read_error(&name, compressed, reader.line(), e))
            })
        } else {
            let mut reader = LineReader::new(input, max_record);
            spawn_reader(!live, move |spare| {
                reader
                    .next_block(lines, bytes, spare)
                    .map_err(|e| read_error(&name, compressed, reader.line(), e))
            })
        };
        let map = self.options.map.clone();
        // Whether records without an id are named by their line, and records without a kind
        // read as posts: decided on the first block, from whether the archive has these
        // fields at all (see `MissingId`).
        let ids_from_lines = AtomicBool::new(self.options.missing_id == MissingId::FromLine);
        let posts_without_kind = AtomicBool::new(false);
        let missing_id = self.options.missing_id;
        self.drain(
            blocks,
            |block: &LineBlock| {
                let lines = block.lines.iter().filter(|l| l.too_long.is_none());
                let raw = lines.map(|l| &block.data[l.start..l.end]);
                jsonl::check_map(map.as_ref(), raw.clone())?;
                let (mut read, mut ids, mut kinds) = (0, 0, 0);
                for (id, kind) in raw
                    .filter_map(|line| json.has_id_and_kind(line))
                    .take(jsonl::MAP_SAMPLE)
                {
                    read += 1;
                    ids += usize::from(id);
                    kinds += usize::from(kind);
                }
                if read > 0 && ids == 0 && missing_id == MissingId::Auto {
                    ids_from_lines.store(true, Ordering::Relaxed);
                }
                if read > 0 && kinds == 0 && json.kind_required() {
                    posts_without_kind.store(true, Ordering::Relaxed);
                }
                Ok(())
            },
            |block: &LineBlock| {
                let missing = |line: u64| Missing {
                    id_line: ids_from_lines.load(Ordering::Relaxed).then_some(line),
                    post_without_kind: posts_without_kind.load(Ordering::Relaxed),
                };
                block
                    .lines
                    .par_chunks(CHUNK)
                    .map(|part| {
                        let mut chunk = Chunk::new(part.len(), emit.all, spare_bufs);
                        let mut buf = ActivityBuf::new();
                        for line in part {
                            let raw = &block.data[line.start..line.end];
                            let parsed: Parsed<'_, '_> = match line.too_long {
                                Some(len) => Err((
                                    format!(
                                        "record is {len} bytes long, over the limit of {max_record}"
                                    ),
                                    raw,
                                )),
                                None => match json.read_into(raw, &mut buf, missing(line.number)) {
                                    Ok(filled) => Ok((&buf.activity, filled)),
                                    Err(reason) => Err((reason, raw)),
                                },
                            };
                            emit.record(&mut chunk, line.number, parsed);
                        }
                        chunk
                    })
                    .collect::<Vec<Chunk>>()
            },
            |block| block.bytes,
        )
    }

    fn run_csv(&mut self, p: Prepared) -> Result<(), Error> {
        let (name, compressed, delimiter) = (p.name.clone(), p.compressed, p.delimiter);
        let max_record = self.options.max_record;
        let live = p.live;
        let input = Input::new(p.reader, live);
        let (mut rows, header) = RowReader::new(input, delimiter, max_record)
            .map_err(|e| csv_error(&name, compressed, 0, e))?;
        if header.is_empty() {
            return Ok(()); // An empty input has no header and no records.
        }
        let harvest = p.format == Format::TweetHarvest;
        let columns = Columns::resolve(
            &header,
            self.options.map.as_ref(),
            harvest,
            self.options.missing_id,
        )
        .map_err(|e| Error::config(format!("{}: {e}", shown(&name, 200))))?;
        rows.check_with(columns.clone(), self.options.lenient_csv.unwrap_or(harvest));
        let emit = self.emit(&p.name);
        let spare = Arc::clone(&self.spare_bufs);
        let spare_bufs = &*spare;
        let (count, bytes) = (self.options.block_records, self.options.block_bytes);
        self.tally.bytes += rows.header_bytes();
        let blocks = spawn_reader(!live, move |_spare| {
            rows.next_block(count, bytes)
                .map_err(|e| csv_error(&name, compressed, rows.line(), e))
        });
        self.drain(
            blocks,
            |_: &RowBlock| Ok(()),
            |block: &RowBlock| {
                block
                    .rows
                    .par_chunks(CHUNK)
                    .map(|part| {
                        let mut chunk = Chunk::new(part.len(), emit.all, spare_bufs);
                        let mut raw;
                        let mut activity;
                        for row in part {
                            let parsed: Parsed<'_, '_> = match &row.kind {
                                RowKind::Record(record) => match columns.activity(record, row.line)
                                {
                                    Ok((a, filled)) => {
                                        activity = a;
                                        Ok((&activity, filled))
                                    }
                                    Err(reason) => {
                                        raw = csv_input::raw_row(record, delimiter);
                                        Err((reason, &raw[..]))
                                    }
                                },
                                RowKind::Error { reason, raw } => Err((reason.clone(), &raw[..])),
                            };
                            emit.record(&mut chunk, row.line, parsed);
                        }
                        chunk
                    })
                    .collect::<Vec<Chunk>>()
            },
            |block| block.bytes,
        )
    }

    /// Screens and writes every block the reader sends, in order, after `check` has passed
    /// the first. The output is flushed after every block, so that records that came slowly
    /// (a monitor's pipe) are out as soon as they are screened.
    fn drain<B: Send + 'static>(
        &mut self,
        blocks: Blocks<B>,
        mut check: impl FnMut(&B) -> Result<(), Error>,
        screen: impl Fn(&B) -> Vec<Chunk>,
        size: impl Fn(&B) -> u64,
    ) -> Result<(), Error> {
        let mut blocks = blocks;
        let mut first = true;
        while let Some(message) = blocks.next() {
            let block = message?;
            if std::mem::replace(&mut first, false) {
                check(&block)?;
            }
            let chunks = screen(&block);
            self.tally.bytes += size(&block);
            // Back to the reader to be filled again; if it has finished, the block is dropped.
            blocks.give_back(block);
            for chunk in chunks {
                self.out.write_all(&chunk.buf).map_err(write_error)?;
                self.tally.merge(chunk.tally);
                if let Ok(mut spare) = self.spare_bufs.lock() {
                    spare.push(chunk.buf);
                }
                if let Some(f) = self.records.as_mut() {
                    chunk.records.into_iter().for_each(&mut *f);
                }
            }
            self.out.flush().map_err(write_error)?;
            if let Some(f) = self.progress.as_mut() {
                let stored = self.input_bytes.load(Ordering::Relaxed);
                f(&self.tally.progress(self.started.elapsed(), stored));
            }
        }
        // The channel closed: the reader finished, or died without saying why.
        if blocks.join() {
            Ok(())
        } else {
            Err(Error::input("the archive reader stopped unexpectedly"))
        }
    }
}

impl Emit<'_> {
    /// Screens or rejects one record, writes its output record if it is wanted, and keeps it
    /// for the record callback if there is one.
    fn record(&self, chunk: &mut Chunk, line: u64, parsed: Parsed<'_, '_>) {
        match parsed {
            Ok((activity, filled)) => {
                self.screener.screen_into(activity, &mut chunk.verdict);
                let verdict = &chunk.verdict;
                if self.all || verdict.flagged {
                    self.emitter
                        .screened(&mut chunk.buf, line, activity, verdict);
                }
                if self.keep && verdict.flagged {
                    let file = self.emitter.file.as_deref();
                    let record = ScreenedRecord::new(line, file, activity, verdict);
                    chunk.records.push(OutputRecord::Screened(record));
                }
                chunk.tally.screened(activity, verdict);
                chunk.tally.ids_from_lines += u64::from(filled.id);
                chunk.tally.posts_without_kind += u64::from(filled.kind);
            }
            Err((reason, raw)) => {
                self.emitter.error(&mut chunk.buf, line, &reason, raw);
                if self.keep {
                    let file = self.emitter.file.as_deref();
                    let record = ErrorRecord::new(line, file, &reason, raw);
                    chunk.records.push(OutputRecord::Error(record));
                }
                chunk.tally.error(&reason);
            }
        }
    }
}

/// The receiving end of a reader thread.
///
/// When a scan stops early (an error in the input or the output), the channel is closed, which
/// stops the reader at its next block, and the thread is waited for, so that no reader outlives
/// its scan. A reader of input that can pause is not waited for: it may be waiting on a pipe
/// that sends nothing more, and it stops by itself when its next read returns.
struct Blocks<B> {
    rx: Option<mpsc::Receiver<Result<B, Error>>>,
    /// Screened blocks go back to the reader, which reuses their buffers.
    spare: mpsc::Sender<B>,
    handle: Option<thread::JoinHandle<()>>,
    /// Whether the reader can be waited for: it reads no input that can pause.
    joinable: bool,
}

impl<B> Blocks<B> {
    fn next(&mut self) -> Option<Result<B, Error>> {
        self.rx.as_ref()?.recv().ok()
    }

    fn give_back(&self, block: B) {
        let _ = self.spare.send(block);
    }

    /// Closes the channel and waits for the reader; `false` if it panicked.
    fn join(&mut self) -> bool {
        drop(self.rx.take());
        match self.handle.take() {
            Some(handle) => handle.join().is_ok(),
            None => true,
        }
    }
}

impl<B> Drop for Blocks<B> {
    fn drop(&mut self) {
        if self.joinable {
            self.join();
        }
    }
}

/// Starts a thread that calls `next` until it returns `Ok(None)` or an error, sending each
/// block. The channel holds one block, so the reader works at most one block ahead of the
/// screening: memory stays bounded while reading and decompression overlap with screening.
/// `next` is given a screened block to refill when one has come back, so that a long scan
/// reuses a few blocks' buffers instead of allocating (and faulting in) new ones. `joinable`
/// says whether the reader reads no input that can pause (see [`Blocks`]).
fn spawn_reader<B: Send + 'static>(
    joinable: bool,
    mut next: impl FnMut(Option<B>) -> Result<Option<B>, Error> + Send + 'static,
) -> Blocks<B> {
    let (tx, rx) = mpsc::sync_channel(1);
    let (spare, spares) = mpsc::channel();
    let handle = thread::spawn(move || loop {
        let message = match next(spares.try_recv().ok()) {
            Ok(Some(block)) => Ok(block),
            Ok(None) => return,
            Err(e) => Err(e),
        };
        let stop = message.is_err();
        // A closed channel means the scan stopped (its output failed); stop reading too.
        if tx.send(message).is_err() || stop {
            return;
        }
    });
    Blocks {
        rx: Some(rx),
        spare,
        handle: Some(handle),
        joinable,
    }
}

/// The error for a failed read of the input; `line` is the last line read completely.
fn read_error(name: &str, compressed: bool, line: u64, e: io::Error) -> Error {
    if compressed {
        return source::gzip_error(name, line, e);
    }
    Error::io(
        format!("{}: cannot read after line {line}", shown(name, 200)),
        e,
    )
}

/// The error for a failed read of a CSV input: a damaged record met in strict mode, or a
/// failed read.
fn csv_error(name: &str, compressed: bool, line: u64, e: io::Error) -> Error {
    match csv_input::damaged(&e) {
        Some(damaged) => Error::input(format!("{}: {damaged}", shown(name, 200))),
        None => read_error(name, compressed, line, e),
    }
}

fn write_error(e: io::Error) -> Error {
    Error::io("cannot write the output", e)
}

/// Scans one archive into `out` with `options` and returns the summary.
///
/// ```
/// use netral::archive::{scan, ScanOptions, Source};
///
/// let screener = netral::Screener::new()?;
/// let input = "id,text\n1,Coblos 03 Ganjar-Mahfud!\n2,Selamat pagi\n";
/// let mut out = Vec::new();
/// let summary = scan(&screener, Source::from_reader("posts.csv", std::io::Cursor::new(input)), ScanOptions::new(), &mut out)?;
/// assert_eq!((summary.screened, summary.flagged), (2, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn scan<W: Write>(
    screener: &Screener,
    source: Source,
    options: ScanOptions,
    out: W,
) -> Result<Summary, Error> {
    let mut scan = Scan::new(screener, options, out);
    scan.run(source)?;
    let summary = scan.summary();
    scan.finish()?;
    Ok(summary)
}
