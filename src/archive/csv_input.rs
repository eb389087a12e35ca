//! Reading CSV archives with a header: columns to activity fields, rows in blocks.
//!
//! (Named `csv_input` rather than `csv` so that it does not shadow the `csv` crate.)

use std::io;

use csv::ByteRecord;

use super::harvest;
use super::input::Idle;
use super::jsonl::{line_id, Filled};
use super::mapping::{FieldMap, Slot};
use super::pipeline::MissingId;
use super::reader::RAW_KEEP;
use crate::activity::{Activity, ActivityId, Kind};
use crate::display::shown;
use crate::error::Error;

/// Which column feeds which activity field.
#[derive(Clone, Debug)]
pub(crate) struct Columns {
    /// Indexed by [`Slot::index`].
    index: [Option<usize>; Slot::ALL.len()],
    names: Vec<String>,
    /// Whether `RT @account:` texts are shares (the tweet-harvest preset).
    retweets: bool,
    /// Whether a row without an id is named by its line rather than rejected.
    ids_from_lines: bool,
}

impl Columns {
    /// Matches the header against the mapping. `preset` is the tweet-harvest mapping when that
    /// preset is in use; its columns may be absent, while a column named in `map` must exist.
    /// A header without an id column names every row by its line unless `missing` is
    /// [`MissingId::Error`].
    pub(crate) fn resolve(
        header: &ByteRecord,
        map: Option<&FieldMap>,
        preset: bool,
        missing: MissingId,
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
                    "the CSV header has no column `{}` (mapped to `{}`); its columns are: {}",
                    shown(source, 60),
                    target.as_str(),
                    column_list(&names)
                )));
            }
        }
        let no_id_column = index[Slot::Id.index()].is_none();
        let columns = Columns {
            index,
            names,
            retweets: preset,
            ids_from_lines: match missing {
                MissingId::Auto => no_id_column,
                MissingId::FromLine => true,
                MissingId::Error => false,
            },
        };
        if no_id_column && !columns.ids_from_lines {
            return Err(Error::config(format!(
                "the CSV header has no `{}` column; map the id column with `id=COLUMN`, or name \
                 records by their line (columns: {})",
                shown(columns.source_name(user, &preset_map, Slot::Id), 60),
                column_list(&columns.names)
            )));
        }
        if [Slot::Text, Slot::TargetText, Slot::TargetAuthor]
            .iter()
            .all(|&t| columns.col(t).is_none())
        {
            return Err(Error::config(format!(
                "the CSV header has no column to screen (text, target_text or target_author); map \
                 one with `text=COLUMN` (columns: {})",
                column_list(&columns.names)
            )));
        }
        Ok(columns)
    }

    /// The id of a record, if it has the id column.
    fn id_of<'r>(&self, row: &'r ByteRecord) -> Option<&'r [u8]> {
        self.col(Slot::Id).and_then(|i| row.get(i))
    }

    fn col(&self, target: Slot) -> Option<usize> {
        self.index[target.index()]
    }

    fn source_name<'m>(&self, user: &'m FieldMap, preset: &'m FieldMap, target: Slot) -> &'m str {
        user.source(target)
            .or(preset.source(target))
            .unwrap_or(target.as_str())
    }

    /// Turns the row on line `line` into an activity, and says which missing fields were
    /// filled in. The error is a one-line reason for the error record.
    pub(crate) fn activity(
        &self,
        row: &ByteRecord,
        line: u64,
    ) -> Result<(Activity, Filled), String> {
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
        let mut filled = Filled::default();
        let id = match cell(Slot::Id)? {
            Some(id) => ActivityId::new(id.trim()),
            None if self.ids_from_lines => {
                filled.id = true;
                ActivityId::new(line_id(line))
            }
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
                    "unknown kind `{}` (expected post, comment, share, quote, like or follow)",
                    shown(name, 40)
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
        Ok((a, filled))
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

/// The names of a header's columns for a message: each shown safely and clipped, and no more
/// than the first 30 of them.
fn column_list(names: &[String]) -> String {
    let mut list: Vec<String> = names.iter().take(30).map(|n| shown(n, 40)).collect();
    if names.len() > list.len() {
        list.push(format!("and {} more", names.len() - list.len()));
    }
    list.join(", ")
}

fn all_digits(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(u8::is_ascii_digit)
}

/// What a row of the input became.
#[derive(Debug)]
pub(crate) enum RowKind {
    /// A record, to be matched to the columns.
    Record(ByteRecord),
    /// A line that cannot be read as a record of its own: over the length limit, or part of a
    /// record damaged by a quote left open.
    Error { reason: String, raw: Vec<u8> },
}

/// One row and the line it starts on.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) line: u64,
    pub(crate) kind: RowKind,
}

/// A run of consecutive rows.
#[derive(Debug, Default)]
pub(crate) struct RowBlock {
    pub(crate) rows: Vec<Row>,
    /// Bytes of input consumed for these rows.
    pub(crate) bytes: u64,
}

/// A physical line of the input, without its line break.
#[derive(Debug, Default)]
struct PhysLine {
    number: u64,
    /// The line's bytes, or only its first [`RAW_KEEP`] for a line over the limit.
    bytes: Vec<u8>,
    /// The line's full length.
    len: u64,
}

impl PhysLine {
    fn too_long(&self, max: usize) -> bool {
        self.len > max as u64
    }

    fn is_blank(&self) -> bool {
        self.bytes.iter().all(u8::is_ascii_whitespace)
    }
}

/// Why a record that spans lines cannot be trusted.
#[derive(Clone, Copy, Debug)]
enum Damage {
    /// A line it runs over reads as a whole row of its own.
    RunsInto(u64),
    /// Its quote is never closed.
    NeverClosed,
    /// It runs past the record length limit.
    TooLong(usize),
    /// Once closed, it has the wrong number of fields.
    WrongWidth {
        fields: usize,
        width: usize,
        last: u64,
    },
}

impl Damage {
    /// What is wrong with the record that starts on line `first`, as the end of a sentence
    /// about it.
    fn describe(self, first: u64) -> String {
        match self {
            Damage::RunsInto(line) => {
                format!("runs on over line {line}, which reads as a row of its own")
            }
            Damage::NeverClosed => "runs on to the end of the input".to_string(),
            Damage::TooLong(max) => format!("runs on past the record length limit of {max} bytes"),
            Damage::WrongWidth {
                fields,
                width,
                last,
            } => format!(
                "spans lines {first} to {last} and has {fields} fields, the header has {width}"
            ),
        }
    }
}

/// The error that ends a strict scan at a damaged record; see [`RowReader`].
#[derive(Debug)]
pub(crate) struct Damaged(pub(crate) String);

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Damaged {}

/// Whether a read error of [`RowReader`] is a damaged record met in strict mode.
pub(crate) fn damaged(e: &io::Error) -> Option<&Damaged> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Damaged>())
}

/// Splits CSV records into fields, a physical line at a time, as the `csv` crate does: a field
/// that opens with `"` is quoted up to the next lone `"` (`""` is a quote inside it) and may
/// span lines; a `"` anywhere else, or text after a closing quote, is taken as it stands but
/// noted as stray.
#[derive(Debug, Default)]
struct Fields {
    record: ByteRecord,
    field: Vec<u8>,
    in_quote: bool,
    at_field_start: bool,
    after_quote: bool,
    stray: bool,
}

impl Fields {
    fn begin(&mut self) {
        self.record.clear();
        self.field.clear();
        self.in_quote = false;
        self.at_field_start = true;
        self.after_quote = false;
        self.stray = false;
    }

    /// Takes the next physical line of the record; returns whether the record is complete.
    /// A line that continues a quoted field brings its line break into the field.
    fn feed(&mut self, line: &[u8], delimiter: u8) -> bool {
        if self.in_quote {
            self.field.push(b'\n');
        }
        let mut i = 0;
        while i < line.len() {
            if self.in_quote {
                let Some(q) = memchr::memchr(b'"', &line[i..]) else {
                    self.field.extend_from_slice(&line[i..]);
                    return false;
                };
                self.field.extend_from_slice(&line[i..i + q]);
                i += q + 1;
                if line.get(i) == Some(&b'"') {
                    self.field.push(b'"');
                    i += 1;
                } else {
                    self.in_quote = false;
                    self.after_quote = true;
                }
                continue;
            }
            let b = line[i];
            if b == delimiter {
                self.end_field();
                i += 1;
            } else if b == b'"' && self.at_field_start {
                self.in_quote = true;
                self.at_field_start = false;
                i += 1;
            } else {
                let run = memchr::memchr2(delimiter, b'"', &line[i + 1..])
                    .map_or(line.len(), |k| i + 1 + k);
                self.stray |= self.after_quote || b == b'"';
                self.field.extend_from_slice(&line[i..run]);
                self.at_field_start = false;
                i = run;
            }
        }
        if self.in_quote {
            return false;
        }
        self.end_field();
        true
    }

    fn end_field(&mut self) {
        self.record.push_field(&self.field);
        self.field.clear();
        self.at_field_start = true;
        self.after_quote = false;
    }
}

/// Reads CSV rows in blocks, a physical line at a time, so that a quote left open cannot merge
/// rows or swallow the file.
///
/// Real exports (tweet-harvest's among them) have a stray `"` now and then, and a CSV parser
/// that trusts it reads on into the next rows as if they were one quoted field: the first
/// row's author is then charged with the next rows' words. So a quoted field that runs on over
/// more lines is watched: if one of those lines reads as a whole row of its own (as many fields
/// as the header, none of them quoted across lines, a valid record), or the record, once
/// closed, has the wrong number of fields, or it never closes, or it runs past the record
/// length limit, the record is damaged. Leniently, each of its lines becomes an error record
/// and reading goes on at the row that it ran into (or after it); strictly, the scan stops with
/// an error naming the line. Either way no text is ever read as another row's.
pub(crate) struct RowReader<R> {
    inner: R,
    delimiter: u8,
    max_record: usize,
    lenient: bool,
    /// The columns, once the header is matched: what a line must fit to read as a row.
    columns: Option<Columns>,
    width: usize,
    /// Line breaks consumed so far.
    newlines: u64,
    /// Bytes consumed so far.
    consumed: u64,
    at_start: bool,
    /// A line read ahead that starts the next record.
    pushback: Option<PhysLine>,
    fields: Fields,
    /// Scratch for checking whether a line reads as a row.
    probe: Fields,
    /// Whether the id of the last good record was all digits: a line reads as a row only with
    /// an id of the same shape, so that a line of a quoted text that happens to hold as many
    /// commas as the header (`baris, dua`) is not taken for one.
    digit_ids: Option<bool>,
    /// A read error met while filling a block; returned on the next call, after the rows
    /// read before it.
    pending: Option<io::Error>,
    done: bool,
    header_bytes: u64,
}

impl<R: Idle> RowReader<R> {
    /// Reads the header; an empty input has an empty header.
    pub(crate) fn new(
        inner: R,
        delimiter: u8,
        max_record: usize,
    ) -> io::Result<(RowReader<R>, ByteRecord)> {
        let mut reader = RowReader {
            inner,
            delimiter,
            max_record,
            lenient: false,
            columns: None,
            width: 0,
            newlines: 0,
            consumed: 0,
            at_start: true,
            pushback: None,
            fields: Fields::default(),
            probe: Fields::default(),
            digit_ids: None,
            pending: None,
            done: false,
            header_bytes: 0,
        };
        let header = reader.header()?;
        reader.width = header.len();
        reader.header_bytes = reader.consumed;
        Ok((reader, header))
    }

    /// Watches damaged records against `columns`: lines that read as rows of their own start
    /// new records. `lenient` turns damaged records into error records instead of an error.
    pub(crate) fn check_with(&mut self, columns: Columns, lenient: bool) {
        self.columns = Some(columns);
        self.lenient = lenient;
    }

    fn header(&mut self) -> io::Result<ByteRecord> {
        let first = loop {
            match self.physical_line()? {
                None => return Ok(ByteRecord::new()),
                Some(l) if l.is_blank() && !l.too_long(self.max_record) => continue,
                Some(l) => break l,
            }
        };
        let mut total = first.len;
        let mut line = first;
        self.fields.begin();
        while !line.too_long(self.max_record) && total <= self.max_record as u64 {
            if self.fields.feed(&line.bytes, self.delimiter) {
                return Ok(std::mem::take(&mut self.fields.record));
            }
            match self.physical_line()? {
                Some(next) => {
                    total += next.len + 1;
                    line = next;
                }
                None => break,
            }
        }
        Err(io::Error::other(Damaged(
            "the CSV header has a quote left open".to_string(),
        )))
    }

    /// The bytes of the header line.
    pub(crate) fn header_bytes(&self) -> u64 {
        self.header_bytes
    }

    /// The line the reader has reached, for messages.
    pub(crate) fn line(&self) -> u64 {
        self.newlines
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
        let start = self.consumed;
        let mut block = RowBlock {
            rows: Vec::with_capacity(max_rows.min(1 << 16)),
            bytes: 0,
        };
        while !self.done && block.rows.len() < max_rows && self.consumed - start < max_bytes as u64
        {
            if !block.rows.is_empty() && self.pushback.is_none() && self.inner.idle() {
                break;
            }
            if let Err(e) = self.record(&mut block.rows) {
                self.pending = Some(e);
                break;
            }
        }
        block.bytes = self.consumed - start;
        if block.rows.is_empty() {
            if let Some(e) = self.pending.take() {
                self.done = true;
                return Err(e);
            }
            return Ok(None);
        }
        Ok(Some(block))
    }

    /// Reads the next record, or the error rows of a damaged one, into `rows`.
    fn record(&mut self, rows: &mut Vec<Row>) -> io::Result<()> {
        let first = loop {
            match self.physical_line()? {
                None => {
                    self.done = true;
                    return Ok(());
                }
                Some(l) if l.is_blank() && !l.too_long(self.max_record) => continue,
                Some(l) => break l,
            }
        };
        if first.too_long(self.max_record) {
            rows.push(Row {
                line: first.number,
                kind: RowKind::Error {
                    reason: format!(
                        "record is {} bytes long, over the limit of {}",
                        first.len, self.max_record
                    ),
                    raw: first.bytes,
                },
            });
            return Ok(());
        }
        self.fields.begin();
        if self.fields.feed(&first.bytes, self.delimiter) {
            let row = self.good(first.number);
            rows.push(row);
            return Ok(());
        }
        // A quoted field runs on over the next lines. The ids of rows have the shape of the
        // last good record's, or else of this record's own, when its id came before the quote.
        let own_id = self
            .columns
            .as_ref()
            .and_then(|c| c.id_of(&self.fields.record));
        let digit_ids = self.digit_ids.or(own_id.map(all_digits));
        let mut total = first.len;
        let mut lines = vec![first];
        let mut swallowed = None;
        loop {
            let Some(next) = self.physical_line()? else {
                let damage = swallowed.map_or(Damage::NeverClosed, Damage::RunsInto);
                return self.damaged(lines, damage, rows);
            };
            total += next.len + 1;
            if next.too_long(self.max_record) || total > self.max_record as u64 {
                lines.push(next);
                let damage = swallowed.map_or(Damage::TooLong(self.max_record), Damage::RunsInto);
                return self.damaged(lines, damage, rows);
            }
            if swallowed.is_none() && self.reads_as_row(&next.bytes, digit_ids) {
                if self.lenient {
                    let damage = Damage::RunsInto(next.number);
                    self.pushback = Some(next);
                    return self.damaged(lines, damage, rows);
                }
                swallowed = Some(next.number);
            }
            let complete = self.fields.feed(&next.bytes, self.delimiter);
            lines.push(next);
            if !complete {
                continue;
            }
            let fields = self.fields.record.len();
            let last = lines.last().map_or(0, |l| l.number);
            let damage = match swallowed {
                Some(line) => Some(Damage::RunsInto(line)),
                None if fields != self.width => Some(Damage::WrongWidth {
                    fields,
                    width: self.width,
                    last,
                }),
                None => None,
            };
            return match damage {
                Some(damage) => self.damaged(lines, damage, rows),
                None => {
                    let row = self.good(lines[0].number);
                    rows.push(row);
                    Ok(())
                }
            };
        }
    }

    /// A damaged record of `lines`: an error for each of its lines, or the error that ends a
    /// strict scan.
    fn damaged(
        &mut self,
        lines: Vec<PhysLine>,
        damage: Damage,
        rows: &mut Vec<Row>,
    ) -> io::Result<()> {
        let first = lines[0].number;
        let what = damage.describe(first);
        if !self.lenient {
            return Err(io::Error::other(Damaged(format!(
                "the CSV record starting on line {first} {what}; is a quote left open? (read \
                 leniently, such a record becomes error records and the rows after it are read)"
            ))));
        }
        for (k, line) in lines.into_iter().enumerate() {
            if k > 0 && line.is_blank() {
                continue;
            }
            let reason = if k == 0 {
                format!("a quote opened on this line is left open: the record {what}")
            } else {
                format!("part of the damaged record that starts on line {first}")
            };
            rows.push(Row {
                line: line.number,
                kind: RowKind::Error {
                    reason,
                    raw: line.bytes,
                },
            });
        }
        Ok(())
    }

    /// Whether `line` on its own reads as a whole row: complete on its line, no stray quote,
    /// as many fields as the header, a valid record, and an id of the rows' shape.
    fn reads_as_row(&mut self, line: &[u8], digit_ids: Option<bool>) -> bool {
        let Some(columns) = &self.columns else {
            return false;
        };
        self.probe.begin();
        if !(self.probe.feed(line, self.delimiter)
            && !self.probe.stray
            && self.probe.record.len() == self.width
            && columns.activity(&self.probe.record, 0).is_ok())
        {
            return false;
        }
        let id = columns.id_of(&self.probe.record).unwrap_or_default();
        let trimmed = id.trim_ascii().len() == id.len();
        trimmed && digit_ids.is_none_or(|digits| digits == all_digits(id))
    }

    /// A good record, to be handed on: it also sets the shape of ids that rows have.
    fn good(&mut self, line: u64) -> Row {
        let record = std::mem::take(&mut self.fields.record);
        if let Some(id) = self.columns.as_ref().and_then(|c| c.id_of(&record)) {
            self.digit_ids = Some(all_digits(id));
        }
        Row {
            line,
            kind: RowKind::Record(record),
        }
    }

    /// The next physical line, or `None` at the end of the input. Its trailing `\r` and, on
    /// the first line, a UTF-8 byte order mark are dropped; past the record limit only its
    /// start is kept.
    fn physical_line(&mut self) -> io::Result<Option<PhysLine>> {
        if let Some(line) = self.pushback.take() {
            return Ok(Some(line));
        }
        let mut line = PhysLine {
            number: self.newlines + 1,
            ..PhysLine::default()
        };
        let mut ended = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                break;
            }
            let (piece, newline) = match memchr::memchr(b'\n', buf) {
                Some(i) => (&buf[..i], true),
                None => (buf, false),
            };
            line.len += piece.len() as u64;
            if line.len <= self.max_record as u64 {
                line.bytes.extend_from_slice(piece);
            } else {
                // Over the limit: only the start is kept, for the error record.
                let room = RAW_KEEP.saturating_sub(line.bytes.len());
                line.bytes
                    .extend_from_slice(&piece[..room.min(piece.len())]);
                line.bytes.truncate(RAW_KEEP);
            }
            let used = piece.len() + usize::from(newline);
            self.inner.consume(used);
            self.consumed += used as u64;
            if newline {
                ended = true;
                self.newlines += 1;
                break;
            }
        }
        if line.len == 0 && !ended {
            return Ok(None);
        }
        if std::mem::replace(&mut self.at_start, false) && line.bytes.starts_with(b"\xEF\xBB\xBF") {
            line.bytes.drain(..3);
            line.len -= 3;
        }
        while line.bytes.last() == Some(&b'\r') {
            line.bytes.pop();
            line.len -= 1;
        }
        Ok(Some(line))
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
        let c = Columns::resolve(&h, None, false, MissingId::Auto).unwrap();
        let (a, filled) = c
            .activity(&ByteRecord::from(vec!["7", "Ayo coblos", ""]), 2)
            .unwrap();
        assert_eq!(
            (a.id.as_str(), a.kind, a.text.as_deref(), a.author),
            ("7", Kind::Post, Some("Ayo coblos"), None)
        );
        assert_eq!(filled, Filled::default());
        let e = c
            .activity(&ByteRecord::from(vec!["7", "x"]), 2)
            .unwrap_err();
        assert_eq!(e, "the row has 2 fields, the header has 3");
        let e = c
            .activity(&ByteRecord::from(vec![&b"7"[..], b"\xff", b""]), 2)
            .unwrap_err();
        assert_eq!(e, "invalid UTF-8 in column `text` at byte 0");
        // The header has an id column: a row without an id is damaged.
        let e = c
            .activity(&ByteRecord::from(vec!["", "x", ""]), 2)
            .unwrap_err();
        assert_eq!(e, "empty `id`");

        let e = Columns::resolve(&header("a,b"), None, false, MissingId::Auto)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no column to screen"), "{e}");
        let e = Columns::resolve(&header("id,b"), None, false, MissingId::Auto)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no column to screen"), "{e}");
        let map = FieldMap::parse("text=body").unwrap();
        let e = Columns::resolve(&header("id,text"), Some(&map), false, MissingId::Auto)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no column `body` (mapped to `text`)"), "{e}");
    }

    #[test]
    fn rows_without_ids_are_named_by_their_line() {
        // No id column: every row is named by its line, unless ids are required.
        let h = header("author,text");
        let c = Columns::resolve(&h, None, false, MissingId::Auto).unwrap();
        let (a, filled) = c
            .activity(&ByteRecord::from(vec!["rina", "Ayo coblos 02"]), 5)
            .unwrap();
        assert_eq!((a.id.as_str(), filled.id), ("line-5", true));
        let e = Columns::resolve(&h, None, false, MissingId::Error)
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `id` column"), "{e}");
        // An id column with an empty cell: an error record, unless asked to name it.
        let h = header("id,text");
        let c = Columns::resolve(&h, None, false, MissingId::FromLine).unwrap();
        let row = ByteRecord::from(vec!["", "x"]);
        assert_eq!(c.activity(&row, 9).unwrap().0.id.as_str(), "line-9");
        let row = ByteRecord::from(vec!["12", "x"]);
        let (a, filled) = c.activity(&row, 9).unwrap();
        assert_eq!((a.id.as_str(), filled), ("12", Filled::default()));
    }

    #[test]
    fn harvest_retweets_are_shares() {
        let h = header("created_at,id_str,full_text,username");
        let c = Columns::resolve(&h, None, true, MissingId::Auto).unwrap();
        let a = c
            .activity(
                &ByteRecord::from(vec!["t", "1", "RT @prabowo: Oke gas!", "rina"]),
                2,
            )
            .unwrap()
            .0;
        assert_eq!(a.kind, Kind::Share);
        assert_eq!(
            (a.text, a.target_author.as_deref(), a.target_text.as_deref()),
            (None, Some("@prabowo"), Some("Oke gas!"))
        );
        assert_eq!(a.author.as_deref(), Some("rina"));
        let a = c
            .activity(&ByteRecord::from(vec!["t", "2", "Ayo RT @x: y", "rina"]), 3)
            .unwrap()
            .0;
        assert_eq!(a.kind, Kind::Post);
    }

    /// A row as the tests see it: its fields, or the reason it is an error row.
    type ReadRow = Result<Vec<String>, String>;

    /// The rows of `input` read with the header's columns, leniently or not: `(line, Ok(fields))`
    /// for a record, `(line, Err(reason))` for an error row; and the error that ended reading.
    fn rows(input: &str, lenient: bool, max: usize) -> (Vec<(u64, ReadRow)>, Option<String>) {
        let (mut r, header) = RowReader::new(input.as_bytes(), b',', max).unwrap();
        r.check_with(
            Columns::resolve(&header, None, false, MissingId::Auto).unwrap(),
            lenient,
        );
        let mut out = Vec::new();
        loop {
            match r.next_block(3, 1 << 20) {
                Ok(Some(b)) => out.extend(b.rows.into_iter().map(|row| {
                    let got = match row.kind {
                        RowKind::Record(rec) => Ok(rec
                            .iter()
                            .map(|f| String::from_utf8_lossy(f).into_owned())
                            .collect()),
                        RowKind::Error { reason, .. } => Err(reason),
                    };
                    (row.line, got)
                })),
                Ok(None) => return (out, None),
                Err(e) => return (out, Some(e.to_string())),
            }
        }
    }

    const MERGED: &str = "id,kind,author,text\n1,post,user_a,\"halo semua\n2,post,user_b,Ayo coblos 02 ya\n3,post,user_c,rapat jam 10\"\n4,post,user_d,selamat pagi\n";

    #[test]
    fn a_quote_left_open_does_not_merge_rows() {
        let (got, end) = rows(MERGED, true, 1000);
        assert_eq!(end, None);
        let lines: Vec<u64> = got.iter().map(|r| r.0).collect();
        assert_eq!(lines, [2, 3, 4, 5]);
        let e = got[0].1.as_ref().unwrap_err();
        assert!(
            e.contains("runs on over line 3, which reads as a row"),
            "{e}"
        );
        assert_eq!(got[1].1.as_ref().unwrap()[2], "user_b");
        assert_eq!(got[1].1.as_ref().unwrap()[3], "Ayo coblos 02 ya");
        // The stray closing quote is taken as it stands.
        assert_eq!(got[2].1.as_ref().unwrap()[3], "rapat jam 10\"");
        assert_eq!(got[3].1.as_ref().unwrap()[2], "user_d");
        // Strictly, the scan stops at the damaged record, after the rows before it.
        let (got, end) = rows(MERGED, false, 1000);
        assert!(got.is_empty());
        assert!(end
            .unwrap()
            .starts_with("the CSV record starting on line 2 runs on over line 3"));
    }

    #[test]
    fn quoted_fields_over_lines_still_read() {
        let input = "id,text\n1,\"baris satu\nbaris, dua\n\nbaris \"\"tiga\"\"\"\n2,ok\n";
        let (got, end) = rows(input, true, 1000);
        assert_eq!(end, None);
        assert_eq!(
            got[0],
            (
                2,
                Ok(vec![
                    "1".into(),
                    "baris satu\nbaris, dua\n\nbaris \"tiga\"".into()
                ])
            )
        );
        assert_eq!(got[1], (6, Ok(vec!["2".into(), "ok".into()])));
    }

    #[test]
    fn damaged_records_become_one_error_a_line() {
        // The quote closes, but the record has the wrong width.
        let input = "id,text,author\n1,\"halo\nsemua\",x,y\n2,ok,a\n";
        let (got, _) = rows(input, true, 1000);
        assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), [2, 3, 4]);
        assert!(got[0]
            .1
            .as_ref()
            .unwrap_err()
            .contains("spans lines 2 to 3 and has 4 fields, the header has 3"));
        assert!(got[1]
            .1
            .as_ref()
            .unwrap_err()
            .contains("part of the damaged record that starts on line 2"));
        assert!(got[2].1.is_ok());
        // The quote never closes.
        let (got, _) = rows("id,text\n1,\"halo\nsemua\n", true, 1000);
        assert_eq!(got.len(), 2);
        assert!(got[0]
            .1
            .as_ref()
            .unwrap_err()
            .contains("runs on to the end of the input"));
        // The quote runs past the limit; the rows after it are read.
        let mut input = String::from("id,text\n1,\"never closed\n");
        for _ in 0..100 {
            input += "more words without a row's shape\n";
        }
        input += "2,ok\n";
        let (got, end) = rows(&input, true, 1000);
        assert_eq!(end, None);
        assert!(got[0]
            .1
            .as_ref()
            .unwrap_err()
            .contains("past the record length limit of 1000"));
        assert_eq!(
            got.last().unwrap(),
            &(103, Ok(vec!["2".into(), "ok".into()]))
        );
        assert_eq!(
            got.iter().map(|r| r.0).collect::<Vec<_>>(),
            (2..=103).collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_over_long_line_is_one_error_row() {
        let input = format!("id,text\n1,{}\n2,ok\n", "x".repeat(2000));
        let (got, end) = rows(&input, false, 1000);
        assert_eq!(end, None);
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].1,
            Err("record is 2002 bytes long, over the limit of 1000".into())
        );
        assert!(got[1].1.is_ok());
    }
}
