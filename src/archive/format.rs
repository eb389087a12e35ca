//! Input and output layouts, and telling them apart.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// The layout of an input archive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// One JSON object a line, in the canonical [`Activity`](crate::Activity) schema or, with a
    /// [`FieldMap`](super::FieldMap), in any flat or nested shape; or one JSON array of such
    /// objects (`[{...}, {...}]`, recognised by its opening `[`), as some exports write.
    Jsonl,
    /// CSV with a header line, delimited by `,` or `;` (detected from the header).
    Csv,
    /// The CSV written by the tweet-harvest scraper: `id_str`, `full_text` and `username`
    /// columns, and `RT @account:` texts read as shares.
    TweetHarvest,
}

impl Format {
    /// The name used on the command line: `jsonl`, `csv` or `tweet-harvest`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::TweetHarvest => "tweet-harvest",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format, Error> {
        match s {
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "tweet-harvest" => Ok(Format::TweetHarvest),
            _ => Err(Error::config(format!(
                "unknown input format `{s}` (expected jsonl, csv or tweet-harvest)"
            ))),
        }
    }
}

/// The layout of the scan output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// One JSON object a line: a screened record or an error record.
    #[default]
    Jsonl,
    /// CSV with the columns
    /// `line,id,kind,author,flagged,score,rules,entities,matched,reasons,error,created_at,url`
    /// (and `file` first when records are tagged with their file, and
    /// `text,target_text,target_author` last when the scan writes texts).
    Csv,
}

impl OutputFormat {
    /// The name used on the command line: `jsonl` or `csv`.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Csv => "csv",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OutputFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<OutputFormat, Error> {
        match s {
            "jsonl" | "ndjson" => Ok(OutputFormat::Jsonl),
            "csv" => Ok(OutputFormat::Csv),
            _ => Err(Error::config(format!(
                "unknown output format `{s}` (expected jsonl or csv)"
            ))),
        }
    }
}

/// The format a file name implies, after a `.gz` suffix is stripped. A `.csv` name says only
/// "some CSV": whether it is a tweet-harvest export is decided by its header.
pub(crate) fn from_extension(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = stem.rsplit_once('.').map(|(_, ext)| ext)?;
    match ext {
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        _ => None,
    }
}

/// The format the first bytes of an archive suggest: JSON lines start with `{`, and a JSON
/// array of records with `[` and then `{`; everything else is taken for CSV.
pub(crate) fn from_content(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::Jsonl,
        Some(b'[') if is_json_array(head) => Format::Jsonl,
        _ => Format::Csv,
    }
}

/// Whether the first bytes of a JSON input open an array of records: `[` followed by `{` or
/// `]` (or by nothing yet), as an export that writes one JSON document does. A JSON lines file
/// whose first line is an array of other values (`["1", "post"]`) is not one.
pub(crate) fn is_json_array(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut rest = head.iter().filter(|b| !b.is_ascii_whitespace());
    rest.next() == Some(&b'[') && matches!(rest.next(), None | Some(b'{' | b']'))
}

/// The delimiter of a CSV header line: `;` when it has more semicolons than commas outside
/// quotes, else `,`.
pub(crate) fn detect_delimiter(head: &[u8]) -> u8 {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for &b in head {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions() {
        assert_eq!(from_extension("a.jsonl"), Some(Format::Jsonl));
        assert_eq!(from_extension("dir.v2/a.NDJSON.gz"), Some(Format::Jsonl));
        assert_eq!(from_extension("a.csv.gz"), Some(Format::Csv));
        assert_eq!(from_extension("a.gz"), None);
        assert_eq!(from_extension("archive"), None);
    }

    #[test]
    fn content() {
        assert_eq!(from_content(b"\xEF\xBB\xBF  \n{\"id\":1}"), Format::Jsonl);
        assert_eq!(from_content(b"id,text\n"), Format::Csv);
        assert_eq!(from_content(b"\n [\n  {\"id\": 1"), Format::Jsonl);
        assert_eq!(from_content(b"[ ]"), Format::Jsonl);
        assert_eq!(from_content(b"[x],y\n"), Format::Csv);
        assert!(!is_json_array(b"[\"1\", \"post\"]\n"));
        assert!(is_json_array(b"[\n"));
        assert_eq!(detect_delimiter(b"a;b;\"c,d,e\"\n1,2,3,4"), b';');
        assert_eq!(detect_delimiter(b"a,b;c,d"), b',');
    }
}
