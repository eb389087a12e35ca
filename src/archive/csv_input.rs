//! Reading CSV archives with a header: columns to activity fields, rows in blocks.
//!
//! (Named `csv_input` rather than `csv` so that it does not shadow the `csv` crate.)

use std::io::{self, Read};

use csv::ByteRecord;

use super::harvest;
use super::mapping::{FieldMap, Slot};
use crate::activity::{Activity, ActivityId, Kind};
use crate::error::Error;

/// Which column feeds which activity field.
#[derive(Clone, Debug)]
pub(crate) struct Columns {
    /// Indexed by [`Slot::index`].
    index: [Option<usize>; Slot::ALL.len()],
    names: Vec<String>,
    /// Whether `RT @account:` texts are shares (the tweet-harvest preset).
    retweets: bool,
}

impl Columns {
    /// Matches the header against the mapping. `preset` is the tweet-harvest mapping when that
    /// preset is in use; its columns may be absent, while a column named in `map` must exist.
    pub(crate) fn resolve(
        header: &ByteRecord,
        map: Option<&FieldMap>,
        preset: bool,
    ) -> Result<Columns, Error> {
        let names: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let name = String::from_utf8_lossy(name);
                let name = if i == 0 {
                    name.trim_start_matches('\u{feff}')
                } else {
                    &name
                };
                name.trim().to_string()
            })
            .collect();
        let empty = FieldMap::new();
        let user = map.unwrap_or(&empty);
        let preset_map = if preset {
            harvest::mapping()
        } else {
            FieldMap::new()
        };
        let mut index = [None; Slot::ALL.len()];
        for target in Slot::ALL {
            let explicit = user.source(target);
            let source = explicit
                .or(preset_map.source(target))
                .unwrap_or(target.as_str());
            index[target.index()] = names.iter().position(|n| n == source);
            if explicit.is_some() && index[target.index()].is_none() {
                return Err(Error::config(format!(
                    "the CSV header has no column `{source}` (mapped to `{}`); its columns are: {}",
                    target.as_str(),
                    names.join(", ")
                )));
            }
        }
        let columns = Columns {
            index,
            names,
            retweets: preset,
        };
        if columns.col(Slot::Id).is_none() {
            return Err(Error::config(format!(
                "the CSV header has no `{}` column; map the id column with `id=COLUMN` (columns: {})",
                columns.source_name(user, &preset_map, Slot::Id),
                columns.names.join(", ")
            )));
        }
        if [Slot::Text, Slot::TargetText, Slot::TargetAuthor]
            .iter()
            .all(|&t| columns.col(t).is_none())
        {
            return Err(Error::config(format!(
                "the CSV header has no column to screen (text, target_text or target_author); map \
                 one with `text=COLUMN` (columns: {})",
                columns.names.join(", ")
            )));
        }
        Ok(columns)
    }

    fn col(&self, target: Slot) -> Option<usize> {
        self.index[target.index()]
    }

    fn source_name<'m>(&self, user: &'m FieldMap, preset: &'m FieldMap, target: Slot) -> &'m str {
        user.source(target)
            .or(preset.source(target))
            .unwrap_or(target.as_str())
    }

    /// Turns one row into an activity. The error is a one-line reason for the error record.
    pub(crate) fn activity(&self, row: &ByteRecord) -> Result<Activity, String> {
        if row.len() != self.names.len() {
            return Err(format!(
                "the row has {} fields, the header has {}",
                row.len(),
                self.names.len()
            ));
        }
        let cell = |target: Slot| -> Result<Option<&str>, String> {
            let Some(i) = self.col(target) else {
                return Ok(None);
            };
            let bytes = &row[i];
            let s = std::str::from_utf8(bytes).map_err(|e| {
                format!(
                    "invalid UTF-8 in column `{}` at byte {}",
                    self.names[i],
                    e.valid_up_to()
                )
            })?;
            Ok(Some(s).filter(|s| !s.is_empty()))
        };
        let id = match cell(Slot::Id)? {
            Some(id) => ActivityId::new(id.trim()),
            None => {
                return Err(format!(
                    "empty `{}`",
                    self.names[self.col(Slot::Id).unwrap_or(0)]
                ))
            }
        };
        let kind = match cell(Slot::Kind)? {
            Some(name) => Kind::from_name(name.trim()).ok_or_else(|| {
                format!(
                    "unknown kind `{name}` (expected post, comment, share, quote, like or follow)"
                )
            })?,
            None => Kind::Post,
        };
        let own = |s: Option<&str>| s.map(str::to_string);
        let mut a = Activity {
            id,
            kind,
            author: own(cell(Slot::Author)?),
            created_at: own(cell(Slot::CreatedAt)?),
            text: own(cell(Slot::Text)?),
            target_text: own(cell(Slot::TargetText)?),
            target_author: own(cell(Slot::TargetAuthor)?),
            url: own(cell(Slot::Url)?),
        };
        if self.retweets
            && a.kind == Kind::Post
            && a.target_text.is_none()
            && a.target_author.is_none()
        {
            if let Some((account, words)) = a.text.as_deref().and_then(harvest::split_retweet) {
                let (account, words) = (account.to_string(), words.to_string());
                a.kind = Kind::Share;
                a.target_author = Some(account);
                a.target_text = Some(words).filter(|w| !w.is_empty());
                a.text = None;
            }
        }
        Ok(a)
    }
}

/// The start of a row as it stood in the file, for the error record.
pub(crate) fn raw_row(row: &ByteRecord, delimiter: u8) -> Vec<u8> {
    let mut raw = Vec::new();
    for (i, field) in row.iter().enumerate() {
        if i > 0 {
            raw.push(delimiter);
        }
        raw.extend_from_slice(field);
        if raw.len() > 1024 {
            break;
        }
    }
    raw
}

/// One row and the line it starts on.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) line: u64,
    pub(crate) record: ByteRecord,
    /// Whether the row is longer than the record limit.
    pub(crate) too_long: bool,
}

/// A run of consecutive rows.
#[derive(Debug, Default)]
pub(crate) struct RowBlock {
    pub(crate) rows: Vec<Row>,
    /// Bytes of input consumed for these rows.
    pub(crate) bytes: u64,
}

/// The capacity of the CSV parser's buffer; rows are read ahead this far.
const CSV_BUFFER: usize = 64 * 1024;

/// Reads CSV rows in blocks. The CSV parser holds a whole record in memory, and a quote left
/// open makes the rest of the file one record; so the underlying reader refuses to read much
/// past `max_record` bytes beyond the start of the current record, which ends the scan with
/// an error (see [`is_too_long`]) rather than filling memory.
pub(crate) struct RowReader<R> {
    csv: csv::Reader<Limited<R>>,
    max_record: u64,
    /// The byte offset where the next record starts.
    pos: u64,
    /// A read error met while filling a block; returned on the next call, after the rows
    /// read before it.
    pending: Option<io::Error>,
    done: bool,
}

/// A reader that fails once it is asked to read past `limit` bytes, and notes where lines end
/// (see [`LineIndex`]).
pub(crate) struct Limited<R> {
    inner: R,
    read: u64,
    limit: u64,
    lines: LineIndex,
}

/// Line numbers for CSV records.
///
/// The CSV parser's own line count runs one behind after `\r\n` endings, and the start offset
/// it reports for a record points at the line break (or blank lines) before the record rather
/// than at its first byte. So the reader notes every run of `\r` and `\n` bytes with the
/// number of `\n` up to its end; a record that starts inside a run begins on the line after
/// that run, and one that starts elsewhere on the line after the last run before it. Runs
/// behind the current record are dropped, so this holds at most the read-ahead.
#[derive(Debug, Default)]
struct LineIndex {
    runs: std::collections::VecDeque<Run>,
    newlines: u64,
    /// The `\n` count at the end of the last dropped run.
    passed: u64,
}

#[derive(Clone, Copy, Debug)]
struct Run {
    start: u64,
    end: u64,
    /// `\n` bytes from the start of the input to the end of this run.
    newlines: u64,
}

impl LineIndex {
    fn feed(&mut self, base: u64, bytes: &[u8]) {
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let at = base + i as u64;
            self.newlines += u64::from(bytes[i] == b'\n');
            match self.runs.back_mut() {
                Some(run) if run.end == at => {
                    run.end = at + 1;
                    run.newlines = self.newlines;
                }
                _ => self.runs.push_back(Run {
                    start: at,
                    end: at + 1,
                    newlines: self.newlines,
                }),
            }
        }
    }

    /// The line of a record whose reported start is `offset`. Offsets must not decrease.
    fn line_of(&mut self, offset: u64) -> u64 {
        while let Some(run) = self.runs.front().filter(|r| r.end <= offset) {
            self.passed = run.newlines;
            self.runs.pop_front();
        }
        match self.runs.front() {
            Some(run) if run.start <= offset => 1 + run.newlines,
            _ => 1 + self.passed,
        }
    }
}

/// The marker error of [`Limited`].
#[derive(Debug)]
struct RecordTooLong;

impl std::fmt::Display for RecordTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CSV record too long")
    }
}

impl std::error::Error for RecordTooLong {}

/// Whether a read error of [`RowReader`] means a record went over the limit.
pub(crate) fn is_too_long(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<RecordTooLong>())
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.read >= self.limit {
            return Err(io::Error::other(RecordTooLong));
        }
        let room = (self.limit - self.read).min(buf.len() as u64) as usize;
        let n = self.inner.read(&mut buf[..room])?;
        self.lines.feed(self.read, &buf[..n]);
        self.read += n as u64;
        Ok(n)
    }
}

fn into_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidData, format!("{other:?}")),
    }
}

impl<R: Read> RowReader<R> {
    /// Reads the header line; an empty input has an empty header.
    pub(crate) fn new(
        inner: R,
        delimiter: u8,
        max_record: usize,
    ) -> io::Result<(RowReader<R>, ByteRecord)> {
        let max_record = max_record as u64;
        let limited = Limited {
            inner,
            read: 0,
            limit: u64::MAX,
            lines: LineIndex::default(),
        };
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .buffer_capacity(CSV_BUFFER)
            .from_reader(limited);
        csv.get_mut().limit = max_record + 2 * CSV_BUFFER as u64;
        let header = csv.byte_headers().map_err(into_io)?.clone();
        let pos = csv.position().byte();
        let mut reader = RowReader {
            csv,
            max_record,
            pos,
            pending: None,
            done: false,
        };
        reader.relimit();
        Ok((reader, header))
    }

    fn relimit(&mut self) {
        // The parser reads ahead at most one buffer beyond the record start.
        self.csv.get_mut().limit = self.pos + self.max_record + 2 * CSV_BUFFER as u64;
    }

    /// The bytes of the header line.
    pub(crate) fn header_bytes(&self) -> u64 {
        self.pos
    }

    /// The line the next record starts on, for messages.
    pub(crate) fn next_line(&mut self) -> u64 {
        let pos = self.pos;
        self.csv.get_mut().lines.line_of(pos)
    }

    /// The next block of at most `max_rows` rows and about `max_bytes` bytes, or `None` at the
    /// end of the input.
    pub(crate) fn next_block(
        &mut self,
        max_rows: usize,
        max_bytes: usize,
    ) -> io::Result<Option<RowBlock>> {
        if let Some(e) = self.pending.take() {
            self.done = true;
            return Err(e);
        }
        let start = self.pos;
        let mut block = RowBlock {
            rows: Vec::with_capacity(max_rows.min(1 << 16)),
            bytes: 0,
        };
        while !self.done && block.rows.len() < max_rows && self.pos - start < max_bytes as u64 {
            let mut record = ByteRecord::new();
            match self.csv.read_byte_record(&mut record) {
                Ok(true) => {
                    let start = record.position().map_or(self.pos, |p| p.byte());
                    let line = self.csv.get_mut().lines.line_of(start);
                    self.pos = self.csv.position().byte();
                    self.relimit();
                    let too_long = record.as_slice().len() as u64 > self.max_record;
                    block.rows.push(Row {
                        line,
                        record,
                        too_long,
                    });
                }
                Ok(false) => self.done = true,
                Err(e) => {
                    self.pending = Some(into_io(e));
                    break;
                }
            }
        }
        block.bytes = self.pos - start;
        if block.rows.is_empty() {
            if let Some(e) = self.pending.take() {
                self.done = true;
                return Err(e);
            }
            return Ok(None);
        }
        Ok(Some(block))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row_lines(input: &str) -> Vec<u64> {
        let (mut r, _) = RowReader::new(input.as_bytes(), b';', 1000).unwrap();
        let mut lines = Vec::new();
        while let Some(b) = r.next_block(2, 1 << 20).unwrap() {
            lines.extend(b.rows.iter().map(|row| row.line));
        }
        lines
    }

    #[test]
    fn line_numbers() {
        assert_eq!(row_lines("id;a\n1;x\n\n2;y\n"), [2, 4]);
        assert_eq!(row_lines("id;a\r\n1;x\r\n\r\n2;y\r\n"), [2, 4]);
        assert_eq!(row_lines("id;a\r\n1;\"x\r\ny\"\r\n2;y"), [2, 4]);
        assert_eq!(row_lines("id;a\r\r\n1;x\r\r\n2;\"\n\n\"\n3;z"), [2, 3, 6]);
        assert_eq!(row_lines("\n\nid;a\n1;x"), [4]);
    }

    fn header(s: &str) -> ByteRecord {
        ByteRecord::from(s.split(',').collect::<Vec<_>>())
    }

    #[test]
    fn columns() {
        let h = header("\u{feff}id, text ,author");
        let c = Columns::resolve(&h, None, false).unwrap();
        let a = c
            .activity(&ByteRecord::from(vec!["7", "Ayo coblos", ""]))
            .unwrap();
        assert_eq!(
            (a.id.as_str(), a.kind, a.text.as_deref(), a.author),
            ("7", Kind::Post, Some("Ayo coblos"), None)
        );
        let e = c.activity(&ByteRecord::from(vec!["7", "x"])).unwrap_err();
        assert_eq!(e, "the row has 2 fields, the header has 3");
        let e = c
            .activity(&ByteRecord::from(vec![&b"7"[..], b"\xff", b""]))
            .unwrap_err();
        assert_eq!(e, "invalid UTF-8 in column `text` at byte 0");
        let e = c
            .activity(&ByteRecord::from(vec!["", "x", ""]))
            .unwrap_err();
        assert_eq!(e, "empty `id`");

        let e = Columns::resolve(&header("a,b"), None, false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `id` column"), "{e}");
        let e = Columns::resolve(&header("id,b"), None, false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no column to screen"), "{e}");
        let map = FieldMap::parse("text=body").unwrap();
        let e = Columns::resolve(&header("id,text"), Some(&map), false)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no column `body` (mapped to `text`)"), "{e}");
    }

    #[test]
    fn harvest_retweets_are_shares() {
        let h = header("created_at,id_str,full_text,username");
        let c = Columns::resolve(&h, None, true).unwrap();
        let a = c
            .activity(&ByteRecord::from(vec![
                "t",
                "1",
                "RT @prabowo: Oke gas!",
                "rina",
            ]))
            .unwrap();
        assert_eq!(a.kind, Kind::Share);
        assert_eq!(
            (a.text, a.target_author.as_deref(), a.target_text.as_deref()),
            (None, Some("@prabowo"), Some("Oke gas!"))
        );
        assert_eq!(a.author.as_deref(), Some("rina"));
        let a = c
            .activity(&ByteRecord::from(vec!["t", "2", "Ayo RT @x: y", "rina"]))
            .unwrap();
        assert_eq!(a.kind, Kind::Post);
    }

    #[test]
    fn an_open_quote_stops_the_reader() {
        let mut input = b"id,text\n1,ok\n2,\"never closed".to_vec();
        input.extend(vec![b'x'; 400_000]);
        let (mut r, _) = RowReader::new(&input[..], b',', 1000).unwrap();
        let b = r.next_block(100, 1 << 20).unwrap().unwrap();
        assert_eq!(b.rows.len(), 1);
        assert_eq!(b.rows[0].line, 2);
        let e = r.next_block(100, 1 << 20).unwrap_err();
        assert!(is_too_long(&e));
    }
}
