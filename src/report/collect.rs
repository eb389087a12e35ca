//! Gathering what a report shows from a stream of scan output records, in bounded memory.
//!
//! Counts (per rule, camp, kind and day) are exact. Authors are counted exactly too, one small
//! entry per distinct flagged author. Flagged activities are what could grow with the archive,
//! so only a bounded number of them is kept: per author, the `per_author` highest-scoring ones;
//! and in all, at most about twice what the leading `top_authors` authors hold (so never more
//! than twice `top_authors * per_author`, and often far fewer). When the pool outgrows that,
//! the activities of the authors who are not in the lead at that moment are dropped; an author
//! who climbs into the lead later shows the activities kept since. The page says how many
//! activities it leaves out, for every author it shows.
//!
//! Records that can be read twice (a file) give an exact page in less memory: the first
//! reading only counts, which decides the lead, and the second keeps the lead's activities.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet};

use chrono::NaiveDate;

use super::text::clip;
use super::time::{Stamp, Zone};
use crate::activity::Kind;
use crate::archive::{ErrorRecord, OutputRecord, ScreenedRecord};
use crate::rule::Rule;

/// How many times `top_authors` keep their activities at a pruning: the ranking part-way
/// through an archive is not the final one, and an author just outside the lead then may be
/// in it at the end.
const LEAD_MARGIN: usize = 4;

/// The fewest activities kept before the first pruning.
const MIN_POOL: usize = 4096;

/// The limits of a collection.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    pub(crate) top_authors: usize,
    pub(crate) per_author: usize,
    pub(crate) max_errors: usize,
    pub(crate) max_text_chars: usize,
    pub(crate) zone: Option<Zone>,
}

/// Everything a report or workbook shows, gathered record by record.
#[derive(Debug)]
pub(crate) struct Collected {
    pub(crate) limits: Limits,
    /// Screened records read (flagged or not).
    pub(crate) screened: u64,
    pub(crate) flagged: u64,
    pub(crate) errors: u64,
    /// Whether the records include unflagged ones, that is whether the scan wrote every
    /// record (`--all`) and the counts cover the whole archive.
    pub(crate) saw_unflagged: bool,
    /// Flags per rule, indexed like `Rule::ALL`.
    pub(crate) per_rule: [u64; Rule::ALL.len()],
    /// Flags per kind, indexed like `Kind::ALL`.
    pub(crate) per_kind: [u64; Kind::ALL.len()],
    pub(crate) per_camp: BTreeMap<String, u64>,
    /// Flags per local day.
    pub(crate) per_day: BTreeMap<NaiveDate, u64>,
    /// Flags whose time is missing or unreadable.
    pub(crate) undated: u64,
    /// The `file` values of the records: the archives a multi-input scan read.
    pub(crate) archives: BTreeSet<String>,
    pub(crate) authors: HashMap<String, Author>,
    /// The first `max_errors` error records.
    pub(crate) error_records: Vec<ErrorRecord>,
    /// Activities held in all the authors' heaps.
    pool: usize,
    /// The pool size that sets off the next pruning: twice what the lead held after the last
    /// one, so that pruning, which ranks every author, happens seldom.
    prune_at: usize,
    /// Input order of flagged records, to break ties and keep the order stable.
    seq: u64,
    pass: Pass,
}

/// How the records are being read.
#[derive(Debug, PartialEq, Eq)]
enum Pass {
    /// Once: counting, and keeping activities with pruning.
    One,
    /// The first of two readings: counting only.
    Counting,
    /// The second reading: keeping the activities of these accounts only.
    Keeping(HashSet<String>),
}

/// One flagged author: exact counts, and the activities kept to show.
#[derive(Debug, Default)]
pub(crate) struct Author {
    pub(crate) flagged: u64,
    /// Bits indexed like `Rule::ALL`.
    pub(crate) rules: u16,
    /// Bits indexed like `Kind::ALL`.
    pub(crate) kinds: u8,
    pub(crate) camps: BTreeSet<String>,
    pub(crate) first: Option<Stamp>,
    pub(crate) last: Option<Stamp>,
    pub(crate) max_score: f32,
    kept: BinaryHeap<Kept>,
}

/// A flagged activity kept to show, with its place in the input. Ordered so that the heap's
/// top is the one to drop first: the lowest score, and of equal scores the latest.
#[derive(Debug)]
pub(crate) struct Kept {
    pub(crate) seq: u64,
    pub(crate) record: ScreenedRecord,
    pub(crate) stamp: Option<Stamp>,
    /// Characters cut off the end of each text field (text, target text).
    pub(crate) clipped: [usize; 2],
}

impl Ord for Kept {
    fn cmp(&self, other: &Kept) -> Ordering {
        other
            .record
            .score
            .total_cmp(&self.record.score)
            .then(self.seq.cmp(&other.seq))
    }
}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Kept) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Kept) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Kept {}

impl Author {
    /// The activities kept, earliest first (undated ones last, in input order).
    pub(crate) fn activities(&self) -> Vec<&Kept> {
        let mut v: Vec<&Kept> = self.kept.iter().collect();
        v.sort_by(|a, b| match (a.stamp, b.stamp) {
            (Some(x), Some(y)) => x.utc().cmp(&y.utc()).then(a.seq.cmp(&b.seq)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => a.seq.cmp(&b.seq),
        });
        v
    }

    pub(crate) fn rules(&self) -> impl Iterator<Item = Rule> {
        members(&Rule::ALL, u32::from(self.rules))
    }

    pub(crate) fn kinds(&self) -> impl Iterator<Item = Kind> {
        members(&Kind::ALL, u32::from(self.kinds))
    }

    pub(crate) fn shown(&self) -> usize {
        self.kept.len()
    }
}

/// The items of `all` whose bits are set in `bits` (bit `i` for `all[i]`), in `all`'s order.
fn members<T: Copy>(all: &'static [T], bits: u32) -> impl Iterator<Item = T> {
    all.iter()
        .enumerate()
        .filter(move |(i, _)| bits & (1 << i) != 0)
        .map(|(_, x)| *x)
}

impl Collected {
    pub(crate) fn new(limits: Limits) -> Collected {
        Collected {
            limits,
            screened: 0,
            flagged: 0,
            errors: 0,
            saw_unflagged: false,
            per_rule: [0; Rule::ALL.len()],
            per_kind: [0; Kind::ALL.len()],
            per_camp: BTreeMap::new(),
            per_day: BTreeMap::new(),
            undated: 0,
            archives: BTreeSet::new(),
            authors: HashMap::new(),
            error_records: Vec::new(),
            pool: 0,
            prune_at: MIN_POOL,
            seq: 0,
            pass: Pass::One,
        }
    }

    /// Records read, screened or not.
    pub(crate) fn records(&self) -> u64 {
        self.screened + self.errors
    }

    pub(crate) fn add(&mut self, record: OutputRecord) {
        if matches!(self.pass, Pass::Keeping(_)) {
            return self.keep_again(record);
        }
        match record {
            OutputRecord::Error(e) => {
                self.errors += 1;
                if let Some(f) = &e.file {
                    self.note_archive(f);
                }
                if self.error_records.len() < self.limits.max_errors {
                    self.error_records.push(e);
                }
            }
            OutputRecord::Screened(r) => {
                self.screened += 1;
                if let Some(f) = &r.file {
                    self.note_archive(f);
                }
                if r.flagged {
                    self.flag(r);
                } else {
                    self.saw_unflagged = true;
                }
            }
        }
    }

    fn note_archive(&mut self, file: &str) {
        if !self.archives.contains(file) {
            self.archives.insert(file.to_string());
        }
    }

    fn flag(&mut self, r: ScreenedRecord) {
        self.flagged += 1;
        self.seq += 1;
        for rule in &r.rules {
            if let Some(i) = Rule::ALL.iter().position(|x| x == rule) {
                self.per_rule[i] += 1;
            }
        }
        let kind = Kind::ALL.iter().position(|k| *k == r.kind).unwrap_or(0);
        self.per_kind[kind] += 1;
        for e in &r.entities {
            match self.per_camp.get_mut(e) {
                Some(n) => *n += 1,
                None => {
                    self.per_camp.insert(e.clone(), 1);
                }
            }
        }
        let stamp = self.stamp(&r);
        match stamp {
            Some(s) => *self.per_day.entry(s.date()).or_insert(0) += 1,
            None => self.undated += 1,
        }

        let key = r.author.clone().unwrap_or_default();
        let author = self.authors.entry(key).or_default();
        author.flagged += 1;
        for rule in &r.rules {
            if let Some(i) = Rule::ALL.iter().position(|x| x == rule) {
                author.rules |= 1 << i;
            }
        }
        author.kinds |= 1 << kind;
        for e in &r.entities {
            if !author.camps.contains(e) {
                author.camps.insert(e.clone());
            }
        }
        if let Some(s) = stamp {
            if author.first.is_none_or(|f| s.utc() < f.utc()) {
                author.first = Some(s);
            }
            if author.last.is_none_or(|l| s.utc() > l.utc()) {
                author.last = Some(s);
            }
        }
        author.max_score = author.max_score.max(r.score);
        if self.pass == Pass::One {
            self.keep(r, stamp);
        }
    }

    fn stamp(&self, r: &ScreenedRecord) -> Option<Stamp> {
        r.created_at
            .as_deref()
            .and_then(Stamp::parse)
            .map(|s| s.in_zone(self.limits.zone))
    }

    /// Keeps a flagged activity among its author's highest-scoring ones, if it is one.
    fn keep(&mut self, mut r: ScreenedRecord, stamp: Option<Stamp>) {
        if self.limits.per_author == 0 {
            return;
        }
        let key = r.author.as_deref().unwrap_or_default();
        let Some(author) = self.authors.get_mut(key) else {
            return;
        };
        let full = author.kept.len() >= self.limits.per_author;
        if full
            && author
                .kept
                .peek()
                .is_some_and(|worst| r.score.total_cmp(&worst.record.score) != Ordering::Greater)
        {
            return; // no better than anything kept: later records lose ties
        }
        let max = self.limits.max_text_chars;
        let mut clipped = [0; 2];
        for (field, cut) in [&mut r.text, &mut r.target_text]
            .into_iter()
            .zip(&mut clipped)
        {
            if let Some(t) = field {
                let (kept, rest) = clip(t, max);
                if rest > 0 {
                    *cut = rest;
                    let len = kept.len();
                    t.truncate(len);
                }
            }
        }
        author.kept.push(Kept {
            seq: self.seq,
            record: r,
            stamp,
            clipped,
        });
        if full {
            author.kept.pop();
        } else {
            self.pool += 1;
            if self.pass == Pass::One && self.pool > self.prune_at {
                self.prune();
                self.prune_at = self.pool.saturating_mul(2).max(MIN_POOL);
            }
        }
    }

    /// Counts only, keeping no activity: the first of two readings of the same records.
    pub(crate) fn count_only(&mut self) {
        self.pass = Pass::Counting;
    }

    /// Starts the second reading of the same records: the accounts the page shows are now
    /// known exactly, and only their activities are kept; nothing is counted again.
    pub(crate) fn second_pass(&mut self) {
        let lead: HashSet<String> = self
            .ranked()
            .into_iter()
            .take(self.limits.top_authors)
            .map(|(name, _)| name.to_string())
            .collect();
        for author in self.authors.values_mut() {
            author.kept.clear();
        }
        self.pool = 0;
        self.seq = 0;
        self.pass = Pass::Keeping(lead);
    }

    /// A record read again in the second pass.
    fn keep_again(&mut self, record: OutputRecord) {
        let OutputRecord::Screened(r) = record else {
            return;
        };
        if !r.flagged {
            return;
        }
        self.seq += 1;
        let lead = match &self.pass {
            Pass::Keeping(lead) => lead,
            _ => return,
        };
        if lead.contains(r.author.as_deref().unwrap_or_default()) {
            let stamp = self.stamp(&r);
            self.keep(r, stamp);
        }
    }

    /// Drops the kept activities of every author outside the current lead.
    fn prune(&mut self) {
        let lead: BTreeSet<String> = self
            .ranked()
            .into_iter()
            .take(self.limits.top_authors.saturating_mul(LEAD_MARGIN))
            .map(|(name, _)| name.to_string())
            .collect();
        for (name, author) in self.authors.iter_mut() {
            if !lead.contains(name) {
                self.pool -= author.kept.len();
                author.kept.clear();
            }
        }
    }

    /// Every flagged author, the most flagged first (then the highest score, then by name).
    pub(crate) fn ranked(&self) -> Vec<(&str, &Author)> {
        let mut v: Vec<(&str, &Author)> =
            self.authors.iter().map(|(k, a)| (k.as_str(), a)).collect();
        v.sort_by(|(an, a), (bn, b)| {
            b.flagged
                .cmp(&a.flagged)
                .then(b.max_score.total_cmp(&a.max_score))
                .then(an.cmp(bn))
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::ActivityId;

    fn flagged(author: &str, score: f32, day: u32) -> OutputRecord {
        OutputRecord::Screened(ScreenedRecord {
            line: 1,
            file: None,
            id: ActivityId::new(format!("{author}-{score}")),
            kind: Kind::Post,
            author: Some(author.to_string()),
            created_at: Some(format!("2024-01-{day:02}T10:00:00+07:00")),
            url: None,
            flagged: true,
            score,
            rules: vec![Rule::KampanyeMedsos],
            entities: vec!["paslon-02".into()],
            evidence: Vec::new(),
            reasons: Vec::new(),
            text: Some("é".repeat(50)),
            target_text: None,
            target_author: None,
        })
    }

    fn limits(top: usize, per: usize) -> Limits {
        Limits {
            top_authors: top,
            per_author: per,
            max_errors: 2,
            max_text_chars: 10,
            zone: None,
        }
    }

    #[test]
    fn keeps_the_highest_scores_and_exact_counts() {
        let mut c = Collected::new(limits(10, 2));
        for (i, score) in [0.6, 0.9, 0.7, 0.9, 0.5].into_iter().enumerate() {
            c.add(flagged("a", score, i as u32 + 1));
        }
        let a = &c.authors["a"];
        assert_eq!((a.flagged, a.shown()), (5, 2));
        let kept: Vec<(f32, u64)> = a
            .activities()
            .iter()
            .map(|k| (k.record.score, k.seq))
            .collect();
        // The two 0.9s, the first of them on day 2, the second on day 4.
        assert_eq!(kept, [(0.9, 2), (0.9, 4)]);
        assert_eq!(a.activities()[0].clipped, [40, 0]);
        assert_eq!(
            a.activities()[0].record.text.as_deref(),
            Some(&"é".repeat(10)[..])
        );
        assert_eq!(c.per_day.len(), 5);
        assert_eq!(a.first.unwrap().date().to_string(), "2024-01-01");
        assert_eq!(a.last.unwrap().date().to_string(), "2024-01-05");
    }

    #[test]
    fn the_pool_stays_bounded() {
        // One author per record: more authors than the page shows, each with one activity.
        let mut c = Collected::new(limits(3, 1));
        for i in 0..5000u32 {
            c.add(flagged(&format!("u{i}"), 0.5, 1 + i % 28));
        }
        // The lead holds 3 activities; the pool never grew past the floor.
        assert!(c.pool <= MIN_POOL, "{}", c.pool);
        assert_eq!(c.flagged, 5000);
        assert_eq!(c.authors.len(), 5000);
        // The authors still holding activities are at most the pool.
        let holding = c.authors.values().filter(|a| a.shown() > 0).count();
        assert_eq!(holding, c.pool);
    }

    #[test]
    fn two_passes_show_exactly_the_lead() {
        // 5000 accounts with one flag each, then "zz" with four: one pass drops the first of
        // zz's activities when it prunes, before zz is in the lead; two passes keep all four.
        let mut records: Vec<OutputRecord> = vec![flagged("zz", 0.6, 1)];
        records.extend((0..5000).map(|i| flagged(&format!("a{i:04}"), 0.6, 2)));
        records.extend((0..3).map(|_| flagged("zz", 0.6, 3)));
        let clone = |r: &OutputRecord| r.clone();
        let mut one = Collected::new(limits(1, 10));
        records.iter().map(clone).for_each(|r| one.add(r));
        assert_eq!(one.authors["zz"].shown(), 3);
        let mut two = Collected::new(limits(1, 10));
        two.count_only();
        records.iter().map(clone).for_each(|r| two.add(r));
        assert_eq!(two.pool, 0);
        two.second_pass();
        records.iter().map(clone).for_each(|r| two.add(r));
        assert_eq!(
            (two.authors["zz"].flagged, two.authors["zz"].shown()),
            (4, 4)
        );
        assert_eq!(two.pool, 4);
        assert_eq!(two.flagged, 5004, "the second reading counts nothing");
    }

    #[test]
    fn errors_are_counted_and_the_first_kept() {
        let mut c = Collected::new(limits(3, 1));
        for line in 1..=5 {
            c.add(OutputRecord::Error(ErrorRecord {
                line,
                file: Some("a.jsonl".into()),
                error: "bad".into(),
                raw: String::new(),
            }));
        }
        assert_eq!((c.errors, c.error_records.len()), (5, 2));
        assert_eq!(c.archives.len(), 1);
    }
}
