//! Counting what a scan saw: the running tally, progress reports and the final summary.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::time::Duration;

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};
use serde::Serialize;

use crate::activity::{Activity, Kind};
use crate::display::shown;
use crate::rule::Rule;
use crate::util::date;
use crate::verdict::Verdict;

/// How many flagged authors the summary lists unless told otherwise.
pub(crate) const TOP_AUTHORS: usize = 10;

/// The most characters of a name that [`Summary::render`] shows.
const SHOWN: usize = 60;

/// The most characters of an error record's reason that [`Summary::render`] shows.
const REASON_SHOWN: usize = 100;

/// The most distinct reasons counted for error records; the reasons of any more are counted
/// together, so that an archive whose every bad record is bad in its own words cannot make the
/// tally grow without end.
const MAX_REASONS: usize = 100;

/// The reason under which the error records beyond [`MAX_REASONS`] distinct reasons count.
const OTHER_REASONS: &str = "(other reasons)";

/// Counts gathered while screening; one per parallel chunk, merged in input order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tally {
    pub(crate) screened: u64,
    pub(crate) flagged: u64,
    pub(crate) errors: u64,
    pub(crate) bytes: u64,
    /// Flags per rule, indexed like `Rule::ALL`.
    rules: [u64; Rule::ALL.len()],
    /// Flags per kind, indexed like `Kind::ALL`.
    kinds: [u64; Kind::ALL.len()],
    /// Flags per entity. Only flagged records touch the maps, so they stay small.
    entities: HashMap<String, u64>,
    /// Flags per author; bounded by the number of distinct flagged accounts.
    authors: HashMap<String, u64>,
    /// Error records per reason, numbers masked ([`reason_kind`]).
    reasons: Reasons,
    /// The first and the last day (`YYYYMMDD`) a screened record was written on.
    first_day: Option<u32>,
    last_day: Option<u32>,
    /// Screened records whose `created_at` is missing or in no form the scan reads.
    undated: u64,
    /// Screened records whose id was made from their line number.
    pub(crate) ids_from_lines: u64,
    /// Screened records read as posts because their archive has no kind field.
    pub(crate) posts_without_kind: u64,
}

impl Tally {
    pub(crate) fn screened(&mut self, a: &Activity, v: &Verdict) {
        self.screened += 1;
        match a.created_at.as_deref().and_then(date::day_number) {
            Some(day) => self.dated(day, day),
            None => self.undated += 1,
        }
        if !v.flagged {
            return;
        }
        self.flagged += 1;
        for rule in &v.rules {
            if let Some(i) = Rule::ALL.iter().position(|r| r == rule) {
                self.rules[i] += 1;
            }
        }
        if let Some(i) = Kind::ALL.iter().position(|k| *k == a.kind) {
            self.kinds[i] += 1;
        }
        for e in &v.entities {
            bump(&mut self.entities, e, 1);
        }
        if let Some(author) = &a.author {
            bump(&mut self.authors, author, 1);
        }
    }

    /// Counts an error record and its reason.
    pub(crate) fn error(&mut self, reason: &str) {
        self.errors += 1;
        self.reason(reason_kind(reason), 1);
    }

    fn reason(&mut self, kind: String, n: u64) {
        self.reasons.add(kind, n);
    }

    /// Widens the range of days seen to take in `first..=last`.
    fn dated(&mut self, first: u32, last: u32) {
        self.first_day = Some(self.first_day.map_or(first, |d| d.min(first)));
        self.last_day = Some(self.last_day.map_or(last, |d| d.max(last)));
    }

    pub(crate) fn merge(&mut self, other: Tally) {
        self.screened += other.screened;
        self.flagged += other.flagged;
        self.errors += other.errors;
        self.bytes += other.bytes;
        self.undated += other.undated;
        self.ids_from_lines += other.ids_from_lines;
        self.posts_without_kind += other.posts_without_kind;
        if let (Some(first), Some(last)) = (other.first_day, other.last_day) {
            self.dated(first, last);
        }
        for (k, n) in other.reasons.counts {
            self.reason(k, n);
        }
        for (mine, theirs) in self.rules.iter_mut().zip(other.rules) {
            *mine += theirs;
        }
        for (mine, theirs) in self.kinds.iter_mut().zip(other.kinds) {
            *mine += theirs;
        }
        // The keys are moved, not copied: a chunk's tally is not used again.
        for (k, n) in other.entities {
            *self.entities.entry(k).or_insert(0) += n;
        }
        for (k, n) in other.authors {
            *self.authors.entry(k).or_insert(0) += n;
        }
    }

    pub(crate) fn progress(&self, elapsed: Duration, input_bytes: u64) -> Progress {
        Progress {
            records: self.screened + self.errors,
            flagged: self.flagged,
            errors: self.errors,
            bytes: self.bytes,
            input_bytes,
            elapsed,
        }
    }

    /// The summary, with the `top` most flagged authors.
    pub(crate) fn summary(&self, elapsed: Duration, top: usize) -> Summary {
        let secs = elapsed.as_secs_f64();
        let per_sec = |n: f64| if secs > 0.0 { n / secs } else { 0.0 };
        let records = self.screened + self.errors;
        let top_n = top;
        let mut top: Vec<AuthorCount> = self
            .authors
            .iter()
            .map(|(a, &n)| AuthorCount {
                author: a.clone(),
                flagged: n,
            })
            .collect();
        top.sort_by(|a, b| {
            b.flagged
                .cmp(&a.flagged)
                .then_with(|| a.author.cmp(&b.author))
        });
        top.truncate(top_n);
        let nonzero = |pairs: Vec<(&str, u64)>| -> BTreeMap<String, u64> {
            pairs
                .into_iter()
                .filter(|&(_, n)| n > 0)
                .map(|(k, n)| (k.to_string(), n))
                .collect()
        };
        Summary {
            records,
            screened: self.screened,
            flagged: self.flagged,
            errors: self.errors,
            rules: nonzero(Rule::ALL.iter().map(|r| r.id()).zip(self.rules).collect()),
            entities: self.entities.iter().map(|(k, &n)| (k.clone(), n)).collect(),
            kinds: nonzero(
                Kind::ALL
                    .iter()
                    .map(|k| k.as_str())
                    .zip(self.kinds)
                    .collect(),
            ),
            top_authors: top,
            errors_by_reason: self.reasons.counts.iter().cloned().collect(),
            first_date: self.first_day.map(date::format_day),
            last_date: self.last_day.map(date::format_day),
            undated: self.undated,
            ids_from_lines: self.ids_from_lines,
            posts_without_kind: self.posts_without_kind,
            bytes: self.bytes,
            elapsed_secs: secs,
            records_per_sec: per_sec(records as f64),
            mb_per_sec: per_sec(self.bytes as f64 / 1e6),
        }
    }
}

/// Counts per reason, in the order the reasons first came. The first [`MAX_REASONS`] distinct
/// reasons are counted each on its own, and any later ones together as [`OTHER_REASONS`]:
/// since chunks are merged in input order, which reasons those are depends on the input only,
/// not on how it was cut into chunks or how many threads screened it.
#[derive(Clone, Debug, Default)]
struct Reasons {
    counts: Vec<(String, u64)>,
    /// Where each reason is in `counts`.
    index: HashMap<String, usize>,
}

impl Reasons {
    fn add(&mut self, reason: String, n: u64) {
        let key = if self.counts.len() < MAX_REASONS || self.index.contains_key(&reason) {
            reason
        } else {
            OTHER_REASONS.to_string()
        };
        match self.index.get(&key) {
            Some(&i) => self.counts[i].1 += n,
            None => {
                self.index.insert(key.clone(), self.counts.len());
                self.counts.push((key, n));
            }
        }
    }
}

/// A reason with its numbers masked as `N`, so that the reasons that differ only in where the
/// record went wrong ("invalid JSON: expected `:` at column 17" and "... at column 40") are
/// counted together.
fn reason_kind(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len());
    let mut in_number = false;
    for c in reason.chars() {
        if c.is_ascii_digit() {
            if !in_number {
                out.push('N');
            }
            in_number = true;
        } else {
            out.push(c);
            in_number = false;
        }
    }
    out
}

fn bump(map: &mut HashMap<String, u64>, key: &str, n: u64) {
    match map.get_mut(key) {
        Some(count) => *count += n,
        None => {
            map.insert(key.to_string(), n);
        }
    }
}

/// Where a running scan stands; passed to the progress callback after every block.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Progress {
    /// Records read so far, screened or not.
    pub records: u64,
    /// Records flagged so far.
    pub flagged: u64,
    /// Records that could not be read.
    pub errors: u64,
    /// Bytes of input read (after decompression).
    pub bytes: u64,
    /// Bytes read from the inputs as they are stored: for a compressed input, its compressed
    /// bytes. This is what to compare with the size of the input files, for a progress bar's
    /// position and time left. The reader works up to a block ahead of the screening, so it
    /// runs a little ahead of `records`.
    pub input_bytes: u64,
    /// Time since the scan started.
    pub elapsed: Duration,
}

impl Progress {
    /// Input throughput so far, in megabytes (10^6 bytes) a second.
    pub fn mb_per_sec(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.bytes as f64 / 1e6 / secs
        } else {
            0.0
        }
    }
}

/// One flagged author and how often they flagged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuthorCount {
    /// The account.
    pub author: String,
    /// How many of their records flagged.
    pub flagged: u64,
}

/// What a scan saw, for people ([`Summary::render`]) and machines (`Serialize`).
///
/// Every input record is counted exactly once, as screened or as an error:
/// `records == screened + errors`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Records read.
    pub records: u64,
    /// Records screened.
    pub screened: u64,
    /// Records flagged.
    pub flagged: u64,
    /// Records that could not be read, each written as an error record.
    pub errors: u64,
    /// Flagged records per rule id (a record with two rules counts for both).
    pub rules: BTreeMap<String, u64>,
    /// Flagged records per entity.
    pub entities: BTreeMap<String, u64>,
    /// Flagged records per kind.
    pub kinds: BTreeMap<String, u64>,
    /// The authors with the most flagged records, most first: ten unless
    /// [`ScanOptions::top_authors`](super::ScanOptions::top_authors) asks for another number.
    pub top_authors: Vec<AuthorCount>,
    /// Error records per reason, most often first when rendered. Reasons that differ only in
    /// their numbers (a column, a byte, a line) are counted together, with `N` in place of the
    /// numbers; past 100 distinct reasons, the rest count as `(other reasons)`.
    pub errors_by_reason: BTreeMap<String, u64>,
    /// The first day a screened record was written on, as `YYYY-MM-DD` in the archive's own
    /// time zone (from `created_at`), if any has a readable time.
    pub first_date: Option<String>,
    /// The last day a screened record was written on (see `first_date`).
    pub last_date: Option<String>,
    /// Screened records whose `created_at` is missing or unreadable.
    pub undated: u64,
    /// Screened records without an id, which were named by their line (`line-42`): see
    /// [`MissingId`](super::MissingId).
    pub ids_from_lines: u64,
    /// Screened records of JSON archives without any `kind` field, read as posts.
    pub posts_without_kind: u64,
    /// Bytes of input read (after decompression).
    pub bytes: u64,
    /// Seconds from the start of the scan.
    pub elapsed_secs: f64,
    /// Records a second.
    pub records_per_sec: f64,
    /// Megabytes (10^6 bytes) of input a second.
    pub mb_per_sec: f64,
}

impl Summary {
    /// The day a record with this `created_at` counts under in `first_date` / `last_date`
    /// (`YYYY-MM-DD`, in the archive's own time zone), or `None` when the time is not in a
    /// form netral reads: for tools that count an archive's records as the scan does.
    ///
    /// ```
    /// use netral::archive::Summary;
    ///
    /// assert_eq!(Summary::day_of("Tue Nov 28 09:12:44 +0000 2023").as_deref(), Some("2023-11-28"));
    /// assert_eq!(Summary::day_of("2023-11-28T07:45:12+07:00").as_deref(), Some("2023-11-28"));
    /// assert_eq!(Summary::day_of("kemarin"), None);
    /// ```
    pub fn day_of(created_at: &str) -> Option<String> {
        date::day(created_at)
    }

    /// The key an error record's reason counts under in `errors_by_reason`: its numbers
    /// masked as `N`.
    ///
    /// ```
    /// use netral::archive::Summary;
    ///
    /// assert_eq!(Summary::error_reason("truncated JSON (ends at column 17)"), "truncated JSON (ends at column N)");
    /// ```
    pub fn error_reason(reason: &str) -> String {
        reason_kind(reason)
    }

    /// A plain-text summary for people: the totals, the days the records cover, how records
    /// without ids or kinds were read; then the findings: flags per rule, entity and kind and
    /// the most flagged authors, each table most first; then the error records by reason; and
    /// last, apart from the findings, the time taken and the throughput.
    ///
    /// Tables are aligned by display width (emoji and wide characters take two columns).
    /// Names from the archive (authors, reasons) and packs (entities) are shown with control,
    /// bidirectional and invisible characters escaped and clipped to 60 characters with a `…`,
    /// so that nothing in an archive can drive the terminal it is printed on.
    ///
    /// ```
    /// use netral::archive::{scan, ScanOptions, Source};
    ///
    /// let screener = netral::Screener::new()?;
    /// let archive = concat!(
    ///     r#"{"id": 1, "kind": "post", "author": "asn-1", "created_at": "2023-12-01", "text": "Coblos 02!"}"#, "\n",
    ///     r#"{"id": 2, "kind": "post", "author": "asn-2", "created_at": "2024-01-05", "text": "Rapat jam 9"}"#, "\n",
    ///     "not json\n",
    /// );
    /// let source = Source::from_reader("a.jsonl", std::io::Cursor::new(archive));
    /// let summary = scan(&screener, source, ScanOptions::new(), std::io::sink())?;
    /// let text = summary.render();
    /// assert!(text.starts_with("records: 3  screened: 2  flagged: 1 (50.0%)  errors: 1\n"));
    /// assert!(text.contains("dates: 2023-12-01 to 2024-01-05\n"));
    /// let errors = text.lines().skip_while(|l| *l != "errors by reason:").nth(1).unwrap();
    /// assert_eq!(errors.split_whitespace().collect::<Vec<_>>(), ["not", "a", "JSON", "object", "1"]);
    /// assert!(text.lines().last().unwrap().ends_with("MB/s"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(&self) -> String {
        let mut s = String::new();
        let pct = if self.screened > 0 {
            100.0 * self.flagged as f64 / self.screened as f64
        } else {
            0.0
        };
        let _ = writeln!(
            s,
            "records: {}  screened: {}  flagged: {} ({pct:.1}%)  errors: {}",
            self.records, self.screened, self.flagged, self.errors
        );
        if self.screened > 0 {
            let undated = match self.undated {
                0 => String::new(),
                n => format!(" ({n} {} without a readable date)", records(n)),
            };
            match (&self.first_date, &self.last_date) {
                (Some(first), Some(last)) => {
                    let _ = writeln!(s, "dates: {first} to {last}{undated}");
                }
                _ => {
                    let _ = writeln!(s, "dates: no record has a readable date (created_at)");
                }
            }
        }
        if self.ids_from_lines > 0 {
            let n = self.ids_from_lines;
            let _ = writeln!(
                s,
                "ids: {n} {} without an id, each named by its line (`line-7` for line 7)",
                records(n)
            );
        }
        if self.posts_without_kind > 0 {
            let n = self.posts_without_kind;
            let _ = writeln!(
                s,
                "kinds: {n} {} of archives without a `kind` field, read as posts",
                records(n)
            );
        }
        for (title, map) in [
            ("rule", &self.rules),
            ("entity", &self.entities),
            ("kind", &self.kinds),
        ] {
            if map.is_empty() {
                continue;
            }
            let _ = writeln!(s, "flags per {title}:");
            s += &counts(map.iter().map(|(k, &n)| (k.as_str(), n)), SHOWN);
        }
        if !self.top_authors.is_empty() {
            let _ = writeln!(s, "most flagged authors:");
            s += &table(
                self.top_authors
                    .iter()
                    .map(|a| (shown(&a.author, SHOWN), a.flagged)),
            );
        }
        if !self.errors_by_reason.is_empty() {
            let _ = writeln!(s, "errors by reason:");
            s += &counts(
                self.errors_by_reason.iter().map(|(k, &n)| (k.as_str(), n)),
                REASON_SHOWN,
            );
        }
        let _ = writeln!(
            s,
            "\nread {:.1} MB in {:.2} s: {:.0} records/s, {:.1} MB/s",
            self.bytes as f64 / 1e6,
            self.elapsed_secs,
            self.records_per_sec,
            self.mb_per_sec
        );
        s
    }
}

fn records(n: u64) -> &'static str {
    if n == 1 {
        "record"
    } else {
        "records"
    }
}

/// Names and counts as a table, the most first (then by name), names escaped and clipped to
/// `width` characters.
fn counts<'a>(rows: impl Iterator<Item = (&'a str, u64)>, width: usize) -> String {
    let mut rows: Vec<(&str, u64)> = rows.collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    table(rows.into_iter().map(|(k, n)| (shown(k, width), n)))
}

/// Rows of a name and a count as a table indented by two spaces: names left-aligned, counts
/// right-aligned, the columns set by the display width of what they hold.
fn table(rows: impl Iterator<Item = (String, u64)>) -> String {
    let mut t = Table::new();
    t.load_preset(comfy_table::presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    for (name, n) in rows {
        t.add_row(vec![name, n.to_string()]);
    }
    if let Some(c) = t.column_mut(0) {
        // Two spaces between the columns, none before the first: the indent is added below.
        c.set_padding((0, 2));
        // Short names still get a column wide enough for the rules' ids, so that the
        // tables of one summary mostly line up.
        c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(22)));
    }
    if let Some(c) = t.column_mut(1) {
        c.set_padding((0, 0));
        c.set_cell_alignment(CellAlignment::Right);
    }
    let mut out = String::new();
    for line in t.lines() {
        out += "  ";
        out += line.trim_end();
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_counted_by_kind_and_bounded() {
        let mut t = Tally::default();
        t.error("invalid JSON: expected `:` at column 17");
        t.error("invalid JSON: expected `:` at column 4");
        t.error("record is 20971521 bytes long, over the limit of 10485760");
        for i in 0..MAX_REASONS + 5 {
            t.error(&format!(
                "unknown kind `k{}` (expected post)",
                "x".repeat(i)
            ));
        }
        let s = t.summary(Duration::from_secs(1), TOP_AUTHORS);
        assert_eq!(s.errors, 3 + MAX_REASONS as u64 + 5);
        assert_eq!(
            s.errors_by_reason["invalid JSON: expected `:` at column N"],
            2
        );
        assert_eq!(
            s.errors_by_reason["record is N bytes long, over the limit of N"],
            1
        );
        assert_eq!(s.errors_by_reason.len(), MAX_REASONS + 1);
        assert_eq!(s.errors_by_reason[OTHER_REASONS], 7);
        // Merged from chunks, the same reasons are counted on their own as when counted in
        // one: the first to come.
        let mut merged = Tally::default();
        let mut chunk = Tally::default();
        chunk.error("invalid JSON: expected `:` at column 17");
        chunk.error("invalid JSON: expected `:` at column 4");
        merged.merge(chunk);
        let mut chunk = Tally::default();
        chunk.error("record is 20971521 bytes long, over the limit of 10485760");
        merged.merge(chunk);
        for i in 0..MAX_REASONS + 5 {
            let mut chunk = Tally::default();
            chunk.error(&format!(
                "unknown kind `k{}` (expected post)",
                "x".repeat(i)
            ));
            merged.merge(chunk);
        }
        let m = merged.summary(Duration::from_secs(1), TOP_AUTHORS);
        assert_eq!(m.errors_by_reason, s.errors_by_reason);
        assert_eq!(m.errors_by_reason.values().sum::<u64>(), m.errors);
    }

    #[test]
    fn render_puts_findings_first_and_the_speed_last() {
        let mut s = Summary {
            records: 1200,
            screened: 1190,
            flagged: 40,
            errors: 10,
            first_date: Some("2023-11-28".into()),
            last_date: Some("2024-02-10".into()),
            undated: 1,
            ids_from_lines: 1190,
            posts_without_kind: 1190,
            bytes: 2_500_000,
            elapsed_secs: 0.5,
            records_per_sec: 2400.0,
            mb_per_sec: 5.0,
            ..Summary::default()
        };
        s.rules.insert("kampanye-medsos".into(), 40);
        s.errors_by_reason.insert("missing `kind`".into(), 3);
        s.errors_by_reason.insert("not a JSON object".into(), 7);
        for (author, n) in [("asn-1", 30), ("👨‍👩‍👧 keluarga", 9), ("政府", 1)] {
            s.top_authors.push(AuthorCount {
                author: author.into(),
                flagged: n,
            });
        }
        let text = s.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "records: 1200  screened: 1190  flagged: 40 (3.4%)  errors: 10",
                "dates: 2023-11-28 to 2024-02-10 (1 record without a readable date)",
                "ids: 1190 records without an id, each named by its line (`line-7` for line 7)",
                "kinds: 1190 records of archives without a `kind` field, read as posts",
                "flags per rule:",
                "  kampanye-medsos       40",
                "most flagged authors:",
                "  asn-1                 30",
                "  👨‍👩‍👧 keluarga            9",
                "  政府                   1",
                "errors by reason:",
                "  not a JSON object     7",
                "  missing `kind`        3",
                "",
                "read 2.5 MB in 0.50 s: 2400 records/s, 5.0 MB/s",
            ]
        );
        // Nothing screened: no dates line.
        let empty = Summary::default().render();
        assert_eq!(
            empty,
            "records: 0  screened: 0  flagged: 0 (0.0%)  errors: 0\n\n\
             read 0.0 MB in 0.00 s: 0 records/s, 0.0 MB/s\n"
        );
    }
}
