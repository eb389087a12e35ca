//! Splitting one JSON array of records (`[{...}, {...}]`) into records, in bounded memory.
//!
//! Some exports write their records as one JSON document rather than one object a line, often
//! on a single line hundreds of megabytes long, or pretty-printed over many lines. Read as
//! JSON lines, such a file is one error record per line. So when a JSON input opens with `[`
//! and `{`, this reader cuts each element of the array out as a record, wherever the line
//! breaks fall, and hands them on exactly as [`LineReader`](super::reader::LineReader) hands on
//! lines: each is then read by the same [`JsonReader`](super::jsonl::JsonReader). The line of a
//! record is the line its element starts on.

use std::io;

use super::input::Idle;
use super::reader::{BlockReader, Flow, Line, LineBlock, RAW_KEEP};

/// Where the reader stands in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Before the opening `[`.
    Start,
    /// Inside the array, between elements.
    Inside,
    /// After the closing `]`: anything but whitespace here is an error record.
    After,
}

/// Reads the elements of a JSON array in blocks.
pub(crate) struct ArrayReader<R> {
    inner: R,
    max_record: usize,
    /// Line breaks consumed so far: the current line is `newlines + 1`.
    newlines: u64,
    place: Place,
    flow: Flow,
}

/// The scanning state inside one element.
#[derive(Default)]
struct Element {
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// Whether the element is an object or array (ends with its bracket) rather than a bare
    /// value (ends at a `,`, `]` or whitespace).
    nested: bool,
    len: u64,
}

impl<R: Idle> BlockReader for ArrayReader<R> {
    fn read_record(&mut self, block: &mut LineBlock) -> io::Result<()> {
        self.next_element(block)
    }

    fn flow(&mut self) -> &mut Flow {
        &mut self.flow
    }

    fn idle(&mut self) -> bool {
        self.inner.idle()
    }
}

impl<R: Idle> ArrayReader<R> {
    pub(crate) fn new(inner: R, max_record: usize) -> ArrayReader<R> {
        ArrayReader {
            inner,
            max_record,
            newlines: 0,
            place: Place::Start,
            flow: Flow::default(),
        }
    }

    /// The line the reader has reached, for messages.
    pub(crate) fn line(&self) -> u64 {
        self.newlines + 1
    }

    /// Skips what stands between elements and appends the next element to `block`, if any.
    fn next_element(&mut self, block: &mut LineBlock) -> io::Result<()> {
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                self.flow.done = true;
                return Ok(());
            }
            let b = buf[0];
            let skip = match (self.place, b) {
                (_, b'\n') => {
                    self.newlines += 1;
                    true
                }
                (_, b' ' | b'\t' | b'\r') => true,
                (Place::Start, 0xEF | 0xBB | 0xBF) => true,
                (Place::Start, b'[') => {
                    self.place = Place::Inside;
                    true
                }
                (Place::Inside, b',') => true,
                (Place::Inside, b']') => {
                    self.place = Place::After;
                    true
                }
                _ => false,
            };
            if skip {
                self.inner.consume(1);
                block.bytes += 1;
                continue;
            }
            return if self.place == Place::Inside {
                self.element(block)
            } else {
                // Text before the array or after it: one error record per line of it.
                self.rest_of_line(block)
            };
        }
    }

    /// Appends the element that starts here.
    fn element(&mut self, block: &mut LineBlock) -> io::Result<()> {
        let start = block.data.len();
        let number = self.line();
        let mut el = Element::default();
        'read: loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                // The input ends inside the element: the reader of the record says so.
                self.flow.done = true;
                break;
            }
            let mut used = 0;
            let mut ended = false;
            for &b in buf {
                if el.len == 0 {
                    el.nested = matches!(b, b'{' | b'[');
                } else if !el.nested
                    && !el.in_string
                    && matches!(b, b',' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                {
                    ended = true;
                    break;
                }
                used += 1;
                el.len += 1;
                self.newlines += u64::from(b == b'\n');
                if el.step(b) {
                    ended = true;
                }
                if ended {
                    break;
                }
            }
            let piece = &buf[..used];
            if el.len <= self.max_record as u64 {
                block.data.extend_from_slice(piece);
            } else {
                // Over the limit: only the start is kept, for the error record.
                let kept = block.data.len() - start;
                if kept < RAW_KEEP {
                    block
                        .data
                        .extend_from_slice(&piece[..piece.len().min(RAW_KEEP - kept)]);
                }
                block
                    .data
                    .truncate(start + RAW_KEEP.min(block.data.len() - start));
            }
            self.inner.consume(used);
            block.bytes += used as u64;
            if ended {
                break 'read;
            }
        }
        block.lines.push(Line {
            start,
            end: block.data.len(),
            number,
            too_long: (el.len > self.max_record as u64).then_some(el.len),
        });
        Ok(())
    }

    /// Appends the rest of the current line as a record of its own (text outside the array).
    fn rest_of_line(&mut self, block: &mut LineBlock) -> io::Result<()> {
        let start = block.data.len();
        let number = self.line();
        let mut len: u64 = 0;
        loop {
            let buf = self.inner.fill_buf()?;
            if buf.is_empty() {
                self.flow.done = true;
                break;
            }
            let (piece, newline) = match memchr::memchr(b'\n', buf) {
                Some(i) => (&buf[..i], true),
                None => (buf, false),
            };
            let kept = block.data.len() - start;
            if kept < RAW_KEEP {
                block
                    .data
                    .extend_from_slice(&piece[..piece.len().min(RAW_KEEP - kept)]);
            }
            len += piece.len() as u64;
            let used = piece.len() + usize::from(newline);
            self.inner.consume(used);
            block.bytes += used as u64;
            if newline {
                self.newlines += 1;
                break;
            }
        }
        let end = block.data.len();
        block.lines.push(Line {
            start,
            end,
            number,
            too_long: (len > self.max_record as u64).then_some(len),
        });
        Ok(())
    }
}

impl Element {
    /// Takes one byte of the element; returns whether it closed a nested element.
    fn step(&mut self, b: u8) -> bool {
        if self.in_string {
            match b {
                _ if self.escaped => self.escaped = false,
                b'\\' => self.escaped = true,
                b'"' => self.in_string = false,
                _ => {}
            }
            return false;
        }
        match b {
            b'"' => self.in_string = true,
            b'{' | b'[' if self.nested => self.depth += 1,
            b'}' | b']' if self.nested => {
                self.depth = self.depth.saturating_sub(1);
                return self.depth == 0;
            }
            _ => {}
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &[u8], max: usize, per_block: usize) -> Vec<(u64, String, Option<u64>)> {
        let mut r = ArrayReader::new(io::BufReader::with_capacity(5, input), max);
        let mut out = Vec::new();
        while let Some(b) = r.next_block(per_block, 1 << 20, None).unwrap() {
            for l in &b.lines {
                let text = String::from_utf8_lossy(&b.data[l.start..l.end]).into_owned();
                out.push((l.number, text, l.too_long));
            }
        }
        out
    }

    #[test]
    fn elements_wherever_the_lines_break() {
        let got = records(
            b"\xEF\xBB\xBF[{\"id\": 1, \"t\": \"a,]}\\\"\"},\n  {\"id\": [2,\n3]}, 7, \"x\" \"a,b\"]\n",
            100,
            2,
        );
        assert_eq!(
            got,
            [
                (1, "{\"id\": 1, \"t\": \"a,]}\\\"\"}".to_string(), None),
                (2, "{\"id\": [2,\n3]}".to_string(), None),
                (3, "7".to_string(), None),
                (3, "\"x\"".to_string(), None),
                (3, "\"a,b\"".to_string(), None),
            ]
        );
    }

    #[test]
    fn text_after_the_array_and_a_cut_array() {
        let got = records(b"[{\"id\":1}]\noops\n\n", 100, 10);
        assert_eq!(got[1], (2, "oops".to_string(), None));
        let got = records(b"[{\"id\":1},{\"id\":", 100, 10);
        assert_eq!(got[1], (1, "{\"id\":".to_string(), None));
        assert!(records(b"[]", 100, 10).is_empty());
        assert!(records(b"", 100, 10).is_empty());
    }

    #[test]
    fn over_long_elements_are_cut() {
        let long = format!(
            "[{{\"t\": \"{}\"}}, {{\"id\": 2}}]",
            "x".repeat(RAW_KEEP * 2)
        );
        let got = records(long.as_bytes(), RAW_KEEP, 10);
        assert_eq!(got[0].1.len(), RAW_KEEP);
        assert_eq!(got[0].2, Some(RAW_KEEP as u64 * 2 + 9));
        assert_eq!(got[1], (1, "{\"id\": 2}".to_string(), None));
    }
}
