/*!
The inspector's report: a scan's output records turned into one self-contained HTML page, or
(with the `xlsx` feature) an Excel workbook.

The people who act on flags read neither JSON nor CSV. A [`Report`] reads the records a scan
wrote (JSON lines, read back as [`OutputRecord`]s; scan with
[`ScanOptions::with_text`](crate::archive::ScanOptions::with_text) so that the page can show
each match in its original text) and writes a page that opens from a USB stick in any current
browser: every style, script and chart is inline, nothing is fetched from the network. In
Bahasa Indonesia by default, in English with [`Lang::En`].

The page holds, in this order: a header (the scan outputs and archives, the counts of records
read, screened, flagged and in error, the lexicon packs with their id, validity and a content
fingerprint, the netral version, when the scan was written and the report made, and the
standing caveat that a flag is a lead for review, not a finding); the account table first,
since it is what an inspector asks for first, sortable and filterable by rule, camp, kind,
date range and text; inline SVG charts of flagged activity per day and of flags per rule,
camp and kind; per account, each flagged activity with
its time, kind, score, rules (as the SKB words them), camps, reasons, record id, line and the
post's address, and its original text with every evidence span highlighted at its exact
bytes; the SKB's wording of every rule; and the error records by line and reason.

# Scale

Memory stays bounded while the records stream in: counts are exact, and only the activities
that can appear on the page are kept: the highest-scoring [`ReportOptions::per_author`] of
each account, and in all at most about twice what the leading [`ReportOptions::top_authors`]
accounts hold (the others' are dropped as the pool outgrows that). What grows with the
archive is one small entry per distinct flagged account. The page says how many accounts,
activities and error records it leaves out.

# Safety

Every string from an archive is escaped by the template engine (askama) before it reaches the
page, links are made only of `http` and `https` addresses, and characters that would hide or
reorder text (NUL and other control characters, bidirectional overrides, zero-width spaces)
are shown as visible markers such as `U+202E`.

```
use netral::archive::{scan, OutputRecord, ScanOptions, Source};
use netral::report::{Report, ReportOptions};

let screener = netral::Screener::new()?;
let archive = r#"{"id": 1, "kind": "post", "author": "asn-1", "created_at": "2023-12-01T08:00:00+07:00", "text": "Ayo coblos 02 Prabowo-Gibran!"}"#;
let mut records = Vec::new();
let options = ScanOptions::new().all(true).with_text(true);
scan(&screener, Source::from_reader("a.jsonl", std::io::Cursor::new(archive)), options, &mut records)?;

let mut report = Report::new(ReportOptions::new());
report.read_jsonl("scan.jsonl", &records[..])?;
report.packs(screener.packs());
let mut html = Vec::new();
report.write_html(&mut html)?;
let html = String::from_utf8(html)?;
assert!(html.contains("<mark"));
assert!(html.contains("Laporan penyaringan netralitas ASN"));
# Ok::<(), Box<dyn std::error::Error>>(())
```
*/

mod chart;
mod collect;
mod html;
mod i18n;
mod text;
mod time;
#[cfg(feature = "xlsx")]
mod xlsx;

use std::io::BufRead;
use std::time::SystemTime;

pub use self::i18n::Lang;
pub use self::time::Zone;
#[cfg(feature = "xlsx")]
pub use self::xlsx::Workbook;

use self::collect::{Collected, Limits};
use crate::archive::{OutputRecord, Summary};
use crate::error::Error;
use crate::lexicon::{Pack, Race};

/// What a report shows and in which language.
///
/// ```
/// use netral::report::{Lang, ReportOptions};
///
/// let options = ReportOptions::new().lang(Lang::En).top_authors(50).per_author(10);
/// assert_eq!(options.get_top_authors(), 50);
/// ```
#[derive(Clone, Debug)]
pub struct ReportOptions {
    lang: Lang,
    limits: Limits,
}

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions::new()
    }
}

impl ReportOptions {
    /// Bahasa Indonesia; the 1,000 accounts with the most flags, 20 activities each; the
    /// first 1,000 error records; texts up to 10,000 characters; times in the archive's own
    /// zones.
    pub fn new() -> ReportOptions {
        ReportOptions {
            lang: Lang::Id,
            limits: Limits {
                top_authors: 1000,
                per_author: 20,
                max_errors: 1000,
                max_text_chars: 10_000,
                zone: None,
            },
        }
    }

    /// The language of the page.
    pub fn lang(mut self, lang: Lang) -> ReportOptions {
        self.lang = lang;
        self
    }

    /// How many accounts the page shows, the most flagged first.
    pub fn top_authors(mut self, n: usize) -> ReportOptions {
        self.limits.top_authors = n;
        self
    }

    /// How many flagged activities the page shows per account, the highest scores first.
    pub fn per_author(mut self, n: usize) -> ReportOptions {
        self.limits.per_author = n;
        self
    }

    /// How many error records the page lists (all are counted).
    pub fn max_errors(mut self, n: usize) -> ReportOptions {
        self.limits.max_errors = n;
        self
    }

    /// The longest text shown, in characters; a longer one is cut and the page says by how
    /// much.
    pub fn max_text_chars(mut self, n: usize) -> ReportOptions {
        self.limits.max_text_chars = n.max(1);
        self
    }

    /// Shows every time in `zone` rather than in the zone the archive wrote it in.
    pub fn zone(mut self, zone: Zone) -> ReportOptions {
        self.limits.zone = Some(zone);
        self
    }

    /// The language set.
    pub fn get_lang(&self) -> Lang {
        self.lang
    }

    /// The number of accounts set.
    pub fn get_top_authors(&self) -> usize {
        self.limits.top_authors
    }
}

/// A report being gathered from scan output records; see the [module docs](self).
#[derive(Debug)]
pub struct Report {
    lang: Lang,
    collected: Collected,
    context: Context,
}

/// What a report or workbook says beyond the records: where they come from and which packs
/// the scan used.
#[derive(Debug, Default)]
pub(crate) struct Context {
    /// The scan output files read, with the time each was last written.
    sources: Vec<(String, Option<SystemTime>)>,
    packs: Vec<PackInfo>,
    /// Entity ids, their names and their races, from the packs, to name the camps.
    camp_names: Vec<(String, String, Race)>,
    /// The scan's own account, when the report is made while scanning.
    scan: Option<Scanned>,
}

/// What a scan says of itself to a report made while it scans.
#[derive(Clone, Debug)]
pub(crate) struct Scanned {
    summary: Summary,
    archives: Vec<String>,
    started: SystemTime,
}

/// What the page says of one lexicon pack.
#[derive(Clone, Debug)]
pub(crate) struct PackInfo {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) valid: Option<String>,
    pub(crate) fingerprint: String,
}

impl Report {
    /// An empty report.
    pub fn new(options: ReportOptions) -> Report {
        Report {
            lang: options.lang,
            collected: Collected::new(options.limits),
            context: Context::default(),
        }
    }

    /// Names a scan output the records come from, and when it was written, for the header.
    pub fn source(&mut self, name: &str, written: Option<SystemTime>) {
        self.context.source(name, written);
    }

    /// The packs the scan used. A scan's output does not record them, so the caller says
    /// which they were; the page names them, and names each camp by its pack entity's name.
    pub fn packs(&mut self, packs: &[Pack]) {
        self.context.packs(packs);
    }

    /// Tells the report about the scan that gives it its records, for a report made while
    /// scanning (with [`Scan::on_record`](crate::archive::Scan::on_record), as
    /// `netral scan --report` does): the page then shows the scan's own counts of records
    /// read, screened, flagged and in error (exact even though only the flagged and error
    /// records come to the report), names the `archives` scanned and when the scan
    /// `started`, says how many records were named by their line or read as posts for want
    /// of a kind, and names the packs given to [`Report::packs`] as those the scan used.
    ///
    /// ```
    /// use netral::archive::{Scan, ScanOptions, Source};
    /// use netral::report::{Report, ReportOptions};
    ///
    /// let screener = netral::Screener::new()?;
    /// let archive = "{\"text\": \"Ayo coblos 02!\"}\n{\"text\": \"Selamat pagi\"}\n";
    /// let mut report = Report::new(ReportOptions::new());
    /// report.packs(screener.packs());
    /// let started = std::time::SystemTime::now();
    /// let mut scan = Scan::new(&screener, ScanOptions::new(), std::io::sink());
    /// scan.on_record(|r| report.add(r));
    /// scan.run(Source::from_reader("tweets.jsonl", std::io::Cursor::new(archive)))?;
    /// let summary = scan.summary();
    /// drop(scan);
    /// report.scanned(&summary, &["tweets.jsonl"], started);
    /// let mut html = Vec::new();
    /// report.write_html(&mut html)?;
    /// let html = String::from_utf8(html)?;
    /// assert!(html.contains("<th scope=\"row\">Disaring</th><td>2</td>"));
    /// assert!(html.contains("2 rekaman tidak punya id"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn scanned(&mut self, summary: &Summary, archives: &[&str], started: SystemTime) {
        self.context.scanned(summary, archives, started);
    }

    /// Adds one record.
    pub fn add(&mut self, record: OutputRecord) {
        self.collected.add(record);
    }

    /// Plans to read the records twice, for an exact page in less memory: call this before
    /// the first reading, which then only counts, and [`Report::second_pass`] before reading
    /// the same records again, which then keeps the activities of exactly the accounts the
    /// page shows. Read once (without this), the report keeps activities as it goes and drops
    /// those of accounts outside the lead when their number grows, so an account that comes
    /// into the lead late may show fewer of its activities than it could.
    ///
    /// ```
    /// use netral::report::{Report, ReportOptions};
    ///
    /// let records = "{\"line\":1,\"error\":\"bad\",\"raw\":\"{\"}\n";
    /// let mut report = Report::new(ReportOptions::new());
    /// report.two_passes();
    /// report.read_jsonl("scan.jsonl", records.as_bytes())?;
    /// report.second_pass();
    /// report.read_jsonl("scan.jsonl", records.as_bytes())?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn two_passes(&mut self) {
        self.collected.count_only();
    }

    /// Starts the second reading of the same records (see [`Report::two_passes`]): from now
    /// on records are not counted again, and only the activities of the accounts the page
    /// shows are kept.
    pub fn second_pass(&mut self) {
        self.collected.second_pass();
    }

    /// Reads a scan's JSON lines output to the end, adding every record. Blank lines are
    /// skipped; a line that is not a scan output record fails with its line number, since it
    /// means the file is not what the report expects.
    pub fn read_jsonl(&mut self, name: &str, reader: impl BufRead) -> Result<(), Error> {
        read_jsonl(name, reader, |r| self.add(r))
    }

    /// Writes the page.
    pub fn write_html(&self, out: impl std::io::Write) -> Result<(), Error> {
        html::write(self, out)
    }
}

impl Context {
    fn source(&mut self, name: &str, written: Option<SystemTime>) {
        self.sources.push((name.to_string(), written));
    }

    fn scanned(&mut self, summary: &Summary, archives: &[&str], started: SystemTime) {
        self.scan = Some(Scanned {
            summary: summary.clone(),
            archives: archives.iter().map(|a| a.to_string()).collect(),
            started,
        });
    }

    fn packs(&mut self, packs: &[Pack]) {
        for pack in packs {
            let meta = pack.meta();
            let valid = match (&meta.valid_from, &meta.valid_until) {
                (None, None) => None,
                (from, until) => Some(format!(
                    "{} – {}",
                    from.as_deref().unwrap_or("…"),
                    until.as_deref().unwrap_or("…")
                )),
            };
            self.packs.push(PackInfo {
                id: meta.id.clone(),
                title: meta.title.clone(),
                valid,
                fingerprint: fingerprint(pack),
            });
            for e in pack.entities() {
                if !self.camp_names.iter().any(|(id, ..)| *id == e.id) {
                    self.camp_names
                        .push((e.id.clone(), e.name.clone(), e.race.clone()));
                }
            }
        }
    }

    /// The name of a camp in the packs, or its id; with the packs of several races, its race
    /// too ("Pramono Anung – Rano Karno, provinsi DKI Jakarta"), since each race has its own
    /// "nomor 2".
    pub(crate) fn camp_name(&self, id: &str, lang: Lang) -> String {
        let Some((_, name, race)) = self.camp_names.iter().find(|(e, ..)| e == id) else {
            return id.to_string();
        };
        let first = &self.camp_names[0].2;
        if self.camp_names.iter().all(|(.., r)| r == first) {
            name.clone()
        } else {
            format!("{name}, {}", lang.race(race))
        }
    }

    /// The header's facts, as label and value, and the notes that go with them.
    pub(crate) fn facts(
        &self,
        c: &Collected,
        lang: Lang,
    ) -> (Vec<(&'static str, String)>, Vec<String>) {
        let t = lang.texts();
        let zone = c.limits.zone;
        let mut facts = Vec::new();
        // A scan that makes its own report knows its counts; a report read from a scan's
        // output counts the records it reads.
        let counts = match &self.scan {
            Some(scan) => {
                facts.push((t.archives, scan.archives.join(", ")));
                let s = &scan.summary;
                [s.records, s.screened, s.flagged, s.errors]
            }
            None => {
                let names: Vec<&str> = self.sources.iter().map(|(n, _)| n.as_str()).collect();
                facts.push((t.scan_outputs, names.join(", ")));
                if !c.archives.is_empty() {
                    let archives: Vec<&str> = c.archives.iter().map(String::as_str).collect();
                    facts.push((t.archives, archives.join(", ")));
                }
                [c.records(), c.screened, c.flagged, c.errors]
            }
        };
        for (label, n) in [t.records, t.screened, t.flagged, t.error_records]
            .into_iter()
            .zip(counts)
        {
            facts.push((label, lang.number(n)));
        }
        let packs: Vec<String> = self
            .packs
            .iter()
            .map(|p| {
                let mut s = format!("{} ({})", p.id, p.title);
                if let Some(v) = &p.valid {
                    s += &format!(", {} {v}", t.valid);
                }
                s + &format!(", {} {}", t.fingerprint, p.fingerprint)
            })
            .collect();
        facts.push((t.packs, packs.join("; ")));
        facts.push((t.netral_version, env!("CARGO_PKG_VERSION").to_string()));
        match &self.scan {
            Some(scan) => facts.push((
                t.scan_started,
                time::moment(scan.started, zone).display(lang),
            )),
            None => {
                let written: Vec<String> = self
                    .sources
                    .iter()
                    .filter_map(|(_, w)| w.map(|w| time::moment(w, zone).display(lang)))
                    .collect();
                if !written.is_empty() {
                    facts.push((t.scan_written, written.join(", ")));
                }
            }
        }
        facts.push((
            t.report_made,
            time::moment(SystemTime::now(), zone).display(lang),
        ));
        let mut notes = vec![match &self.scan {
            Some(_) => t.packs_used.to_string(),
            None => t.packs_note.to_string(),
        }];
        notes.push(match zone {
            Some(z) => format!("{} {}.", t.times_in, z.name()),
            None => t.times_as_written.to_string(),
        });
        match &self.scan {
            Some(scan) => {
                let s = &scan.summary;
                for (n, text) in [
                    (s.ids_from_lines, t.ids_from_lines),
                    (s.posts_without_kind, t.posts_without_kind),
                ] {
                    if n > 0 {
                        notes.push(format!("{} {text}", lang.number(n)));
                    }
                }
            }
            None if !c.saw_unflagged && c.flagged > 0 => notes.push(t.only_flagged.to_string()),
            None => {}
        }
        (facts, notes)
    }
}

/// Calls `each` with every record of a scan's JSON lines output.
pub(crate) fn read_jsonl(
    name: &str,
    mut reader: impl BufRead,
    mut each: impl FnMut(OutputRecord),
) -> Result<(), Error> {
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::io(format!("{name}: cannot read after line {number}"), e))?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record: OutputRecord = serde_json::from_slice(&line).map_err(|e| {
            Error::input(format!(
                "{name} line {number}: not a scan output record ({e}); give the JSON lines \
                 that `netral scan` writes"
            ))
        })?;
        each(record);
    }
}

/// A short fingerprint of a pack's content (its entities and terms), so that two reports can
/// tell whether they were made with the same pack: FNV-1a over the fields, 32 bits in hex.
fn fingerprint(pack: &Pack) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &str| {
        for b in s.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(&pack.meta().id);
    for e in pack.entities() {
        eat(&e.id);
        eat(&e.name);
    }
    for t in pack.terms() {
        eat(t.category.as_str());
        eat(t.entity.as_deref().unwrap_or(""));
        eat(&t.text);
    }
    format!("{:08x}", (h >> 32) ^ (h & 0xffff_ffff))
}
