//! Counting what a scan saw: the running tally, progress reports and the final summary.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

use crate::activity::{Activity, Kind};
use crate::rule::Rule;
use crate::util::display::shown;
use crate::verdict::Verdict;

/// How many flagged authors the summary lists.
const TOP_AUTHORS: usize = 10;

/// The most characters of a name that [`Summary::render`] shows.
const SHOWN: usize = 60;

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
}

impl Tally {
    pub(crate) fn screened(&mut self, a: &Activity, v: &Verdict) {
        self.screened += 1;
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

    pub(crate) fn merge(&mut self, other: Tally) {
        self.screened += other.screened;
        self.flagged += other.flagged;
        self.errors += other.errors;
        self.bytes += other.bytes;
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

    pub(crate) fn progress(&self, elapsed: Duration) -> Progress {
        Progress {
            records: self.screened + self.errors,
            flagged: self.flagged,
            errors: self.errors,
            bytes: self.bytes,
            elapsed,
        }
    }

    pub(crate) fn summary(&self, elapsed: Duration) -> Summary {
        let secs = elapsed.as_secs_f64();
        let per_sec = |n: f64| if secs > 0.0 { n / secs } else { 0.0 };
        let records = self.screened + self.errors;
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
        top.truncate(TOP_AUTHORS);
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
            bytes: self.bytes,
            elapsed_secs: secs,
            records_per_sec: per_sec(records as f64),
            mb_per_sec: per_sec(self.bytes as f64 / 1e6),
        }
    }
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
    /// The ten authors with the most flagged records, most first.
    pub top_authors: Vec<AuthorCount>,
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
    /// A plain-text summary for people: totals, then flags per rule, entity and kind (most
    /// first), then the top authors. Names from the archive (authors) and packs (entities)
    /// are shown with control characters escaped and clipped to 60 characters with a `…`, so
    /// that nothing in an archive can drive the terminal it is printed on.
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
        let _ = writeln!(
            s,
            "read {:.1} MB in {:.2} s: {:.0} records/s, {:.1} MB/s",
            self.bytes as f64 / 1e6,
            self.elapsed_secs,
            self.records_per_sec,
            self.mb_per_sec
        );
        for (title, map) in [
            ("rule", &self.rules),
            ("entity", &self.entities),
            ("kind", &self.kinds),
        ] {
            if map.is_empty() {
                continue;
            }
            let _ = writeln!(s, "flags per {title}:");
            let mut rows: Vec<(&String, &u64)> = map.iter().collect();
            rows.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            for (k, n) in rows {
                let _ = writeln!(s, "  {:<24} {n:>9}", shown(k, SHOWN));
            }
        }
        if !self.top_authors.is_empty() {
            let _ = writeln!(s, "most flagged authors:");
            for a in &self.top_authors {
                let _ = writeln!(s, "  {:<24} {:>9}", shown(&a.author, SHOWN), a.flagged);
            }
        }
        s
    }
}
