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
  line. Ids may be strings or numbers (kept digit for digit, however large); fields may be
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
  `gzip`).

An explicit [`ScanOptions::format`] wins over the file name, which wins over the content.

# Output

With [`ScanOptions::all`], every input record yields exactly one output record, in input order;
otherwise only flagged records and error records are written. A JSON lines output record is a
[`ScreenedRecord`] — the [`Verdict`](crate::Verdict) plus `line`, `kind` and `author`, so an
inspector can find the activity — or an [`ErrorRecord`]. The CSV output has the columns
`line,id,kind,author,flagged,score,rules,entities,matched,reasons,error` (lists joined with `|`),
and cells that a spreadsheet would run as a formula get a leading `'`.

# Bad input

A malformed record never stops the scan and is never dropped: bad JSON, invalid UTF-8, wrong
types, an unknown kind, a missing id, a line longer than the limit (10 MiB by default) or a
CSV row of the wrong width each becomes an error record
`{"line": N, "error": "reason", "raw": "first 200 characters"}`, counted in the [`Summary`].
Blank lines are not records and are skipped. A post whose text is missing or `null` is screened
as an empty post, not rejected. The same id twice is two records. An input that
cannot be read on (a truncated gzip stream, a read error) ends [`Scan::run`] with an
[`Error`](crate::Error), after everything read before the failure has been written.

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
mod jsonl;
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
pub use self::pipeline::{scan, Scan, ScanOptions, DEFAULT_MAX_RECORD};
pub use self::source::Source;
pub use self::summary::{AuthorCount, Progress, Summary};
