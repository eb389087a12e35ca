/*!
Scanning whole exported archives: reading, screening in parallel, writing verdicts.

An archive is a file (or standard input) of activities exported from a platform: JSON lines
in the canonical [`Activity`](crate::Activity) schema, a CSV export with a header, or the CSV
of the tweet-harvest scraper, optionally gzip-compressed. [`Scan`] streams it in bounded
memory: a reader thread cuts it into blocks of a few thousand records, each block is screened
and serialised in parallel on the rayon pool, and the output records are written in input
order. Peak memory is a few blocks, whatever the size of the archive.

# Formats

- **JSON lines** (`.jsonl`, `.ndjson`, `.json`, or content starting with `{`): one object a
  line. A JSON array of such objects (content starting with `[` and `{`, on one line or many)
  is read element by element, each a record on the line it starts on. Ids may be strings or numbers (kept digit for digit, however large); fields may be
  missing or `null`; unknown fields are ignored. In the canonical schema `id` and `kind` are
  required. With a [`FieldMap`] (`text=full_text,author=user.screen_name`) any export works;
  a dotted source walks into nested objects, and a record without the kind field is a post.
- **CSV** (`.csv`, or content that is not JSON): a header line names the columns; the
  delimiter, `,` or `;`, is read from the header. Columns are matched to fields by their
  canonical names or a [`FieldMap`]; without a kind column every row is a post.
- **tweet-harvest**: a CSV whose header has the `id_str`, `full_text` and `username` columns of
  the tweet-harvest scraper. `id_str`, `full_text`, `username` and `created_at` feed the id,
  text, author and time; a text `RT @account: words` is a share of `words` by `@account`.
- **gzip**: any of these, compressed. Recognised by its magic bytes, not its name (feature
  `gzip`). Other compressed formats and archives (bzip2, xz, zstd, zip and the workbooks that
  are zip files, 7z, tar), other binary files and UTF-16 text are recognised by their first
  bytes too, and refused with an error that says what they are.

Input that can pause (standard input that is not a file, a named pipe, a reader given to
[`Source::from_stream`]) is screened as it comes: when no byte arrives for about 100 ms, the
records read so far are screened and written, and the output is flushed.

An explicit [`ScanOptions::format`] wins over the file name, which wins over the content.

# Output

With [`ScanOptions::all`], every input record yields exactly one output record, in input order;
otherwise only flagged records and error records are written. A JSON lines output record is a
[`ScreenedRecord`] — the [`Verdict`](crate::Verdict) plus `line`, `kind`, `author`, `created_at`
and the post's `url` (when the archive has them), so an inspector can find the activity and act
on it without joining files — or an [`ErrorRecord`]. With [`ScanOptions::with_text`] a screened
record also carries the activity's `text`, `target_text` and `target_author`, the texts its
evidence spans point into. The CSV output has the columns
`line,id,kind,author,flagged,score,rules,entities,matched,reasons,error,created_at,url` (lists
joined with `|`), plus `text,target_text,target_author` with texts, and cells that a spreadsheet
would run as a formula get a leading `'`. (Indonesian spreadsheet settings use `;` as the list
separator and open a comma CSV as one column: hand an inspector the report's workbook instead.)

# Bad input

A malformed record never stops the scan and is never dropped: bad JSON, invalid UTF-8, wrong
types, an unknown kind, a missing id, a record longer than the limit (10 MiB by default) or a
CSV row of the wrong width each becomes an error record
`{"line": N, "error": "reason", "raw": "first 200 characters"}`, counted in the [`Summary`].
An archive that has no ids at all is read with each record named by its line instead, and a
JSON archive without any kind as posts ([`MissingId`]).
Blank lines are not records and are skipped. A post whose text is missing or `null` is screened
as an empty post, not rejected. The same id twice is two records.

A CSV record damaged by a quote left open (its quoted field runs on over a line that reads as
a row of its own, past the length limit or to the end, or it has the wrong number of fields
once closed) is never read as one record: leniently each of its lines becomes an error record
and the rows after it are read, strictly the scan stops there with an error that names the
line ([`ScanOptions::lenient_csv`]; lenient is the default for the tweet-harvest preset). A
field mapping whose JSON source none of the first records has is an error before anything is
written. An input that cannot be read on (a truncated gzip stream, a read error) ends
[`Scan::run`] with an [`Error`](crate::Error), after everything read before the failure has
been written.

# Reports while scanning

[`Scan::on_record`] passes every flagged and error record on as it is written, for a report
made in the same reading of the input (`netral scan --report`, and the
[`report`](crate::report) module with its `scanned` methods), and [`Progress`] says how far
through its inputs as stored a scan is, for a progress bar.

# Example

```
use netral::archive::{Scan, ScanOptions, Source};
use netral::Screener;

let screener = Screener::new()?;
let csv = "id;text;author\n1;Ayo coblos 02, Prabowo-Gibran!;asn-1\n2;Selamat pagi;asn-2\n";
let mut scan = Scan::new(&screener, ScanOptions::new(), Vec::new());
scan.on_progress(|p| eprintln!("{} records, {:.1} MB/s", p.records, p.mb_per_sec()));
scan.run(Source::from_reader("posts.csv", std::io::Cursor::new(csv)))?;
let summary = scan.summary();
assert_eq!(summary.flagged, 1);
assert_eq!(summary.top_authors[0].author, "asn-1");
print!("{}", summary.render());
let flagged = String::from_utf8(scan.finish()?)?;
assert!(flagged.starts_with(r#"{"line":2,"id":"1","kind":"post","author":"asn-1","flagged":true"#));
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/

mod csv_input;
mod format;
mod harvest;
mod input;
mod json_array;
mod jsonl;
mod magic;
mod mapping;
mod output;
mod pipeline;
mod reader;
mod source;
mod summary;

pub use self::format::{Format, OutputFormat};
pub use self::jsonl::JsonRecordReader;
pub use self::mapping::FieldMap;
pub use self::output::{ErrorRecord, OutputRecord, ScreenedRecord};
pub use self::pipeline::{scan, MissingId, Scan, ScanOptions, DEFAULT_MAX_RECORD};
pub use self::source::Source;
pub use self::summary::{AuthorCount, Progress, Summary};
