//! The records a scan writes, and writing them as JSON lines or CSV.

use serde::{Deserialize, Serialize};

use super::format::OutputFormat;
use crate::activity::{Activity, ActivityId, Kind};
use crate::rule::Rule;
use crate::util::json;
use crate::verdict::{Evidence, Verdict};

/// How many characters of a bad record an error record quotes.
pub(crate) const RAW_CHARS: usize = 200;

/// One record of the JSON lines output: a screened activity or an input record that could not
/// be read.
///
/// With [`ScanOptions::all`](super::ScanOptions::all) every input record yields exactly one of
/// these, in input order; otherwise only flagged and error records are written.
///
/// ```
/// use netral::archive::OutputRecord;
///
/// let line = r#"{"line":3,"error":"missing `id`","raw":"{}"}"#;
/// match serde_json::from_str::<OutputRecord>(line)? {
///     OutputRecord::Error(e) => assert_eq!(e.line, 3),
///     OutputRecord::Screened(_) => unreachable!(),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// A screened record is several times the size of an error record; records are read one at a
// time, so boxing it would only add an allocation per record.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OutputRecord {
    /// A verdict.
    Screened(ScreenedRecord),
    /// A record that could not be read.
    Error(ErrorRecord),
}

impl<'de> Deserialize<'de> for OutputRecord {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<OutputRecord, D::Error> {
        use serde::de::Error as _;
        // Not `#[serde(untagged)]`: an `ActivityId` keeps big numeric ids exact by reading them
        // as raw JSON, which serde's buffering for untagged enums (or a `serde_json::Value`)
        // cannot provide. So the record is kept raw and parsed once its variant is known.
        #[derive(Deserialize)]
        struct Probe {
            error: Option<serde::de::IgnoredAny>,
        }
        let raw = <Box<serde_json::value::RawValue>>::deserialize(d)?;
        let probe: Probe = serde_json::from_str(raw.get()).map_err(D::Error::custom)?;
        let record = if probe.error.is_some() {
            serde_json::from_str(raw.get()).map(OutputRecord::Error)
        } else {
            serde_json::from_str(raw.get()).map(OutputRecord::Screened)
        };
        record.map_err(D::Error::custom)
    }
}

/// A verdict with what an inspector needs to find the activity again and act on it.
///
/// Serialised with its fields in this order, which stays stable (new fields are only ever
/// added): `{"line","file","id","kind","author","created_at","url","flagged","score","rules",
/// "entities","evidence","reasons","text","target_text","target_author"}`. `file`, `author`,
/// `created_at` and `url` are left out when unknown. The activity's own `text`, `target_text`
/// and `target_author` come last, and only with
/// [`ScanOptions::with_text`](super::ScanOptions::with_text): they are what the evidence spans
/// point into, so a reader (the report, a reviewer) can show every match in place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScreenedRecord {
    /// The line the record starts on, counting from 1 (the header is line 1 of a CSV file).
    pub line: u64,
    /// The input it came from, when a scan reads several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The activity's id.
    pub id: ActivityId,
    /// What the account did.
    pub kind: Kind,
    /// The account that did it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// When, as the archive wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// The post's address on its platform, when the archive has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whether it needs a reviewer's look.
    pub flagged: bool,
    /// How strong the evidence is, from 0 to 1.
    pub score: f32,
    /// The prohibitions it may breach.
    pub rules: Vec<Rule>,
    /// The camps involved.
    pub entities: Vec<String>,
    /// Every matched term, with its byte span in the original field text.
    pub evidence: Vec<Evidence>,
    /// Why it flagged, or why not.
    pub reasons: Vec<String>,
    /// The actor's own words, exactly as in the archive (only when the scan writes texts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The content interacted with (only when the scan writes texts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_text: Option<String>,
    /// The handle of the target's author (only when the scan writes texts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_author: Option<String>,
}

/// An input record that could not be read: malformed JSON, invalid UTF-8, a wrong type, an
/// unknown kind, a missing id, a line over the length limit, a CSV row of the wrong width.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorRecord {
    /// The line the record starts on, counting from 1.
    pub line: u64,
    /// The input it came from, when a scan reads several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// What is wrong, in one line.
    pub error: String,
    /// The first 200 characters of the record, invalid UTF-8 replaced by `�`.
    pub raw: String,
}

impl ScreenedRecord {
    /// The record of `activity` and its verdict, with the activity's texts, as a scan that
    /// writes texts would write it.
    pub(crate) fn new(line: u64, file: Option<&str>, a: &Activity, v: &Verdict) -> ScreenedRecord {
        ScreenedRecord {
            line,
            file: file.map(str::to_string),
            id: v.id.clone(),
            kind: a.kind,
            author: a.author.clone(),
            created_at: a.created_at.clone(),
            url: a.url.clone(),
            flagged: v.flagged,
            score: v.score,
            rules: v.rules.clone(),
            entities: v.entities.clone(),
            evidence: v.evidence.clone(),
            reasons: v.reasons.clone(),
            text: a.text.clone(),
            target_text: a.target_text.clone(),
            target_author: a.target_author.clone(),
        }
    }
}

impl ErrorRecord {
    /// The error record of a record that could not be read, as a scan writes it.
    pub(crate) fn new(line: u64, file: Option<&str>, reason: &str, raw: &[u8]) -> ErrorRecord {
        ErrorRecord {
            line,
            file: file.map(str::to_string),
            error: reason.to_string(),
            raw: raw_excerpt(raw),
        }
    }
}

/// Writes records into a byte buffer in one output format.
#[derive(Clone, Debug)]
pub(crate) struct Emitter {
    pub(crate) format: OutputFormat,
    /// The `file` value of every record, when records are tagged with their input.
    pub(crate) file: Option<String>,
    /// Whether screened records carry the activity's texts.
    pub(crate) with_text: bool,
}

/// The CSV columns, in order. `created_at` and `url` came later than the others and stand at
/// the end, so that readers of the older layout find every column where it was.
const CSV_COLUMNS: &str =
    "line,id,kind,author,flagged,score,rules,entities,matched,reasons,error,created_at,url";

/// The CSV columns a scan that writes texts adds at the end.
const CSV_TEXT_COLUMNS: &str = ",text,target_text,target_author";

impl Emitter {
    pub(crate) fn screened(&self, buf: &mut Vec<u8>, line: u64, a: &Activity, v: &Verdict) {
        match self.format {
            OutputFormat::Jsonl => self.screened_json(buf, line, a, v),
            OutputFormat::Csv => {
                let mut row = CsvRow::start(buf, self.file.as_deref(), line);
                row.cell(v.id.as_str());
                row.cell(a.kind.as_str());
                row.cell(a.author.as_deref().unwrap_or(""));
                row.cell(if v.flagged { "true" } else { "false" });
                row.raw(&format_score(v.score));
                row.list(v.rules.iter().map(|r| r.id()));
                row.list(v.entities.iter().map(String::as_str));
                row.list(v.evidence.iter().map(|e| e.matched.as_str()));
                row.list(v.reasons.iter().map(String::as_str));
                row.cell("");
                row.cell(a.created_at.as_deref().unwrap_or(""));
                row.cell(a.url.as_deref().unwrap_or(""));
                if self.with_text {
                    for field in [&a.text, &a.target_text, &a.target_author] {
                        row.cell(field.as_deref().unwrap_or(""));
                    }
                }
                row.end();
            }
        }
    }

    pub(crate) fn error(&self, buf: &mut Vec<u8>, line: u64, reason: &str, raw: &[u8]) {
        let raw = raw_excerpt(raw);
        match self.format {
            OutputFormat::Jsonl => {
                // The fields and their order of `ErrorRecord`.
                self.record_start(buf, line);
                buf.extend_from_slice(b",\"error\":");
                json::string(buf, reason);
                buf.extend_from_slice(b",\"raw\":");
                json::string(buf, &raw);
                buf.extend_from_slice(b"}\n");
            }
            OutputFormat::Csv => {
                let mut row = CsvRow::start(buf, self.file.as_deref(), line);
                for _ in 0..9 {
                    row.cell("");
                }
                row.cell(reason);
                let trailing = if self.with_text { 5 } else { 2 };
                for _ in 0..trailing {
                    row.cell("");
                }
                row.end();
            }
        }
    }

    /// Writes a [`ScreenedRecord`] as one JSON line, exactly as serialising it with
    /// `serde_json` would, but straight from the activity and its verdict.
    fn screened_json(&self, buf: &mut Vec<u8>, line: u64, a: &Activity, v: &Verdict) {
        self.record_start(buf, line);
        buf.extend_from_slice(b",\"id\":");
        id(buf, &v.id);
        buf.extend_from_slice(b",\"kind\":");
        json::plain_string(buf, a.kind.as_str());
        optional_strings(
            buf,
            [
                (b",\"author\":", &a.author),
                (b",\"created_at\":", &a.created_at),
                (b",\"url\":", &a.url),
            ],
        );
        buf.extend_from_slice(b",\"flagged\":");
        json::boolean(buf, v.flagged);
        buf.extend_from_slice(b",\"score\":");
        json::float(buf, v.score);
        buf.extend_from_slice(b",\"rules\":");
        json::array(buf, &v.rules, |buf, r| json::plain_string(buf, r.id()));
        buf.extend_from_slice(b",\"entities\":");
        json::array(buf, &v.entities, |buf, e| json::string(buf, e));
        buf.extend_from_slice(b",\"evidence\":");
        json::array(buf, &v.evidence, evidence);
        buf.extend_from_slice(b",\"reasons\":");
        json::array(buf, &v.reasons, |buf, r| json::string(buf, r));
        if self.with_text {
            optional_strings(
                buf,
                [
                    (b",\"text\":", &a.text),
                    (b",\"target_text\":", &a.target_text),
                    (b",\"target_author\":", &a.target_author),
                ],
            );
        }
        buf.extend_from_slice(b"}\n");
    }

    /// `{"line":N` and the `file` field if records are tagged with their input.
    fn record_start(&self, buf: &mut Vec<u8>, line: u64) {
        buf.extend_from_slice(b"{\"line\":");
        json::uint(buf, line);
        if let Some(file) = &self.file {
            buf.extend_from_slice(b",\"file\":");
            json::string(buf, file);
        }
    }

    /// The CSV header line, with a `file` column if `file_names`; nothing for JSON lines.
    pub(crate) fn header(&self, buf: &mut Vec<u8>, file_names: bool) {
        if self.format == OutputFormat::Csv {
            if file_names {
                buf.extend_from_slice(b"file,");
            }
            buf.extend_from_slice(CSV_COLUMNS.as_bytes());
            if self.with_text {
                buf.extend_from_slice(CSV_TEXT_COLUMNS.as_bytes());
            }
            buf.push(b'\n');
        }
    }
}

/// Each `,"key":` and its string value, for the values that are present (the derived
/// `Serialize` of an `Option` field with `skip_serializing_if = "Option::is_none"`).
fn optional_strings(buf: &mut Vec<u8>, fields: [(&[u8], &Option<String>); 3]) {
    for (key, value) in fields {
        if let Some(value) = value {
            buf.extend_from_slice(key);
            json::string(buf, value);
        }
    }
}

/// An id as `ActivityId`'s `Serialize` writes it: a numeric id as its digits (a raw JSON
/// value, which drops surrounding whitespace), any other as a string.
fn id(buf: &mut Vec<u8>, id: &ActivityId) {
    if id.is_numeric() {
        let digits = id
            .as_str()
            .trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
        buf.extend_from_slice(digits.as_bytes());
    } else {
        json::string(buf, id.as_str());
    }
}

/// An [`Evidence`] as its derived `Serialize` writes it.
fn evidence(buf: &mut Vec<u8>, e: &Evidence) {
    buf.extend_from_slice(b"{\"field\":");
    json::plain_string(buf, e.field.as_str());
    buf.extend_from_slice(b",\"start\":");
    json::uint(buf, e.start as u64);
    buf.extend_from_slice(b",\"end\":");
    json::uint(buf, e.end as u64);
    buf.extend_from_slice(b",\"matched\":");
    json::string(buf, &e.matched);
    buf.extend_from_slice(b",\"term\":");
    json::string(buf, &e.term);
    buf.extend_from_slice(b",\"category\":");
    json::plain_string(buf, e.category.as_str());
    if let Some(entity) = &e.entity {
        buf.extend_from_slice(b",\"entity\":");
        json::string(buf, entity);
    }
    buf.push(b'}');
}

fn format_score(score: f32) -> String {
    let mut s = format!("{score:.3}");
    while s.ends_with('0') && !s.ends_with(".0") {
        s.pop();
    }
    s
}

/// The first [`RAW_CHARS`] characters of a record.
pub(crate) fn raw_excerpt(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    match text.char_indices().nth(RAW_CHARS) {
        Some((i, _)) => text[..i].to_string(),
        None => text.into_owned(),
    }
}

/// Writes one CSV row. Cells are quoted when they hold a comma, quote or line break, and a
/// cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or
/// carriage return) gets a leading `'`.
struct CsvRow<'b> {
    buf: &'b mut Vec<u8>,
    /// Whether no cell of this row is written yet.
    first: bool,
}

impl<'b> CsvRow<'b> {
    fn start(buf: &'b mut Vec<u8>, file: Option<&str>, line: u64) -> CsvRow<'b> {
        let mut row = CsvRow { buf, first: true };
        if let Some(f) = file {
            row.cell(f);
        }
        row.raw(&line.to_string());
        row
    }

    fn sep(&mut self) {
        if !std::mem::replace(&mut self.first, false) {
            self.buf.push(b',');
        }
    }

    /// A cell known to need no escaping (a number).
    fn raw(&mut self, s: &str) {
        self.sep();
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn cell(&mut self, s: &str) {
        self.sep();
        self.push_escaped(s.chars().next(), std::iter::once(s));
    }

    fn list<'s>(&mut self, items: impl Iterator<Item = &'s str> + Clone) {
        self.sep();
        let first = items.clone().find_map(|s| s.chars().next());
        let mut it = items.peekable();
        let mut parts = Vec::new();
        while let Some(s) = it.next() {
            parts.push(s);
            if it.peek().is_some() {
                parts.push("|");
            }
        }
        self.push_escaped(first, parts.into_iter());
    }

    fn push_escaped<'s>(
        &mut self,
        first: Option<char>,
        parts: impl Iterator<Item = &'s str> + Clone,
    ) {
        let formula = matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r'));
        let quote = formula
            || parts
                .clone()
                .any(|s| s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')));
        if quote {
            self.buf.push(b'"');
        }
        if formula {
            self.buf.push(b'\'');
        }
        for s in parts {
            if quote {
                for piece in s.split_inclusive('"') {
                    self.buf.extend_from_slice(piece.as_bytes());
                    if piece.ends_with('"') {
                        self.buf.push(b'"');
                    }
                }
            } else {
                self.buf.extend_from_slice(s.as_bytes());
            }
        }
        if quote {
            self.buf.push(b'"');
        }
    }

    fn end(self) {
        self.buf.push(b'\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells() {
        let e = Emitter {
            format: OutputFormat::Csv,
            file: None,
            with_text: false,
        };
        let mut buf = Vec::new();
        e.error(&mut buf, 7, "=cmd|' /C calc'!A0, \"x\"", b"raw");
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "7,,,,,,,,,,\"'=cmd|' /C calc'!A0, \"\"x\"\"\",,\n"
        );
        let e = Emitter {
            format: OutputFormat::Csv,
            file: Some("-a.csv".into()),
            with_text: true,
        };
        let mut buf = Vec::new();
        e.error(&mut buf, 1, "plain", b"");
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\"'-a.csv\",1,,,,,,,,,,plain,,,,,\n"
        );
        assert_eq!(format_score(0.5), "0.5");
        assert_eq!(format_score(0.0), "0.0");
        assert_eq!(format_score(0.8456), "0.846");
    }

    #[test]
    fn raw_is_cut_on_characters() {
        let s = "é".repeat(300);
        assert_eq!(raw_excerpt(s.as_bytes()).chars().count(), RAW_CHARS);
        assert_eq!(raw_excerpt(b"a\xffb"), "a\u{fffd}b");
    }
}

#[cfg(test)]
mod round_trip {
    use super::*;
    use crate::lexicon::Category;
    use crate::verdict::Field;

    #[test]
    fn output_records_read_back() {
        let screener = crate::Screener::new().unwrap();
        let a = Activity {
            author: Some("asn-1".into()),
            created_at: Some("2023-11-28T07:45:12+07:00".into()),
            url: Some("https://x.com/asn_1/status/1733012345678901234567".into()),
            ..Activity::post(
                crate::ActivityId::numeric("1733012345678901234567").unwrap(),
                "Ayo coblos 02 Prabowo!",
            )
        };
        let v = screener.screen(&a);
        for (file, with_text) in [(None, false), (Some("a.jsonl".to_string()), true)] {
            let e = Emitter {
                format: OutputFormat::Jsonl,
                file: file.clone(),
                with_text,
            };
            let mut buf = Vec::new();
            e.screened(&mut buf, 4, &a, &v);
            e.error(&mut buf, 5, "bad", b"{x");
            let mut lines = buf.split(|&b| b == b'\n');
            let got: OutputRecord = serde_json::from_slice(lines.next().unwrap()).unwrap();
            let want = public(4, file.clone(), &a, &v, with_text);
            assert_eq!(want.created_at, a.created_at);
            assert_eq!(want.url, a.url);
            assert_eq!(want.text.is_some(), with_text);
            assert_eq!(got, OutputRecord::Screened(want));
            let got: OutputRecord = serde_json::from_slice(lines.next().unwrap()).unwrap();
            assert_eq!(
                got,
                OutputRecord::Error(ErrorRecord {
                    line: 5,
                    file,
                    error: "bad".into(),
                    raw: "{x".into()
                })
            );
        }
    }

    fn public(
        line: u64,
        file: Option<String>,
        a: &Activity,
        v: &Verdict,
        with_text: bool,
    ) -> ScreenedRecord {
        let mut r = ScreenedRecord::new(line, file.as_deref(), a, v);
        if !with_text {
            (r.text, r.target_text, r.target_author) = (None, None, None);
        }
        r
    }

    /// The hand-written JSON lines are byte for byte what serialising the public record types
    /// with `serde_json` gives, for every kind of activity, id and awkward text.
    #[test]
    fn json_lines_are_serde_json() {
        let screener = crate::Screener::new().unwrap();
        let texts = [
            "Ayo coblos 02 Prabowo! #PrabowoGibran2024",
            "Yuk pilih Gan\u{200b}jar-Mah\u{200b}fud 𝐏𝐫𝐚𝐛𝐨𝐰𝐨 \"kutip\" \\ back\tslash\n✌️",
            "Rapat koordinasi jam 09.00",
            "\u{1}\u{1f}\u{7f} control",
            "",
        ];
        let ids = [
            crate::ActivityId::numeric("-17").unwrap(),
            crate::ActivityId::numeric(" 42 ").unwrap(),
            crate::ActivityId::new("a\"b\u{2}"),
        ];
        let mut n = 0;
        for (i, text) in texts.iter().enumerate() {
            for kind in Kind::ALL {
                let mut a = Activity::interaction(
                    ids[i % ids.len()].clone(),
                    kind,
                    Some(texts[(i + 1) % texts.len()].to_string()),
                    Some(["@prabowo", "@user\"x"][i % 2].to_string()),
                );
                if kind.has_own_words() {
                    a.text = Some(text.to_string());
                }
                a.author = (i % 3 != 0).then(|| format!("asn-{i}\u{0}"));
                a.created_at = (i % 2 == 0).then(|| format!("2024-02-1{i}T08:00:00+07:00"));
                a.url = (i % 3 == 1).then(|| format!("https://x.com/a/status/{i}?q=\"x\"&y"));
                let v = screener.screen(&a);
                for file in [None, Some("dir/\"a\".jsonl".to_string())] {
                    let with_text = file.is_some();
                    let e = Emitter {
                        format: OutputFormat::Jsonl,
                        file: file.clone(),
                        with_text,
                    };
                    let mut buf = Vec::new();
                    e.screened(&mut buf, 7, &a, &v);
                    let want = public(7, file.clone(), &a, &v, with_text);
                    let mut want = serde_json::to_vec(&want).unwrap();
                    want.push(b'\n');
                    assert_eq!(
                        String::from_utf8(buf).unwrap(),
                        String::from_utf8(want).unwrap()
                    );

                    let mut buf = Vec::new();
                    e.error(&mut buf, 9, text, text.as_bytes());
                    let rec = ErrorRecord {
                        line: 9,
                        file,
                        error: text.to_string(),
                        raw: raw_excerpt(text.as_bytes()),
                    };
                    let mut want = serde_json::to_vec(&rec).unwrap();
                    want.push(b'\n');
                    assert_eq!(buf, want);
                    n += 1;
                }
            }
        }
        assert_eq!(n, texts.len() * Kind::ALL.len() * 2);
    }

    /// The fixed names written without escaping are what the derived `Serialize` writes.
    #[test]
    fn names_are_serde_names() {
        let quoted = |s: &str| format!("\"{s}\"");
        for k in Kind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), quoted(k.as_str()));
        }
        for r in Rule::ALL {
            assert_eq!(serde_json::to_string(&r).unwrap(), quoted(r.id()));
        }
        for f in [Field::Text, Field::TargetText, Field::TargetAuthor] {
            assert_eq!(serde_json::to_string(&f).unwrap(), quoted(f.as_str()));
        }
        for c in Category::ALL {
            assert_eq!(serde_json::to_string(&c).unwrap(), quoted(c.as_str()));
        }
    }
}
