//! Splitting a byte stream into blocks of lines, in bounded memory.

use std::io;

use super::input::Idle;

/// How many bytes of an over-long line are kept, to show its start in the error record.
pub(crate) const RAW_KEEP: usize = 800;

/// One line of a [`LineBlock`]: `data[start..end]`, without its line terminator.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Line {
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// The 1-based line number in the (decompressed) input.
    pub(crate) number: u64,
    /// For a line longer than the limit: its full length. Only the first [`RAW_KEEP`] bytes
    /// are in `data`.
    pub(crate) too_long: Option<u64>,
}

/// A run of consecutive lines, sharing one buffer.
#[derive(Debug, Default)]
pub(crate) struct LineBlock {
    pub(crate) data: Vec<u8>,
    pub(crate) lines: Vec<Line>,
    /// Bytes of input consumed for these lines, terminators and blank lines included.
    pub(crate) bytes: u64,
}

impl LineBlock {
    /// An empty block for `max_lines` lines of about `max_bytes` bytes: `spare`, a block done
    /// with, with its buffers kept, or a new one.
    pub(crate) fn reuse(spare: Option<LineBlock>, max_lines: usize, max_bytes: usize) -> LineBlock {
        match spare {
            Some(mut b) => {
                b.data.clear();
                b.lines.clear();
                b.bytes = 0;
                b
            }
            None => LineBlock {
                data: Vec::with_capacity(max_bytes + max_bytes / 8),
                lines: Vec::with_capacity(max_lines.min(1 << 16)),
                bytes: 0,
            },
        }
    }
}

/// Where a block reader stands: a read error met while filling a block is held back and
/// returned on the next call, so that the records read before it are delivered first.
#[derive(Debug, Default)]
pub(crate) struct Flow {
    pending: Option<io::Error>,
    /// The input is at its end.
    pub(crate) done: bool,
}

/// A reader that cuts its input into records and hands them on in [`LineBlock`]s: JSON lines
/// a line at a time, a JSON array an element at a time.
pub(crate) trait BlockReader {
    /// Appends the next record to `block`, or sets [`Flow::done`] at the end of the input.
    fn read_record(&mut self, block: &mut LineBlock) -> io::Result<()>;

    fn flow(&mut self) -> &mut Flow;

    /// Whether the writer of the input has gone quiet (see [`Idle`]).
    fn idle(&mut self) -> bool;

    /// The next block of at most `max_records` records and about `max_bytes` bytes, or `None`
    /// at the end of the input. The buffers of `spare`, a block done with, are reused.
    fn next_block(
        &mut self,
        max_records: usize,
        max_bytes: usize,
        spare: Option<LineBlock>,
    ) -> io::Result<Option<LineBlock>> {
        if let Some(e) = self.flow().pending.take() {
            self.flow().done = true;
            return Err(e);
        }
        let mut block = LineBlock::reuse(spare, max_records, max_bytes);
        while !self.flow().done && block.lines.len() < max_records && block.data.len() < max_bytes {
            // A writer that has gone quiet gets the records it sent screened now.
            if !block.lines.is_empty() && self.idle() {
                break;
            }
            if let Err(e) = self.read_record(&mut block) {
                self.flow().pending = Some(e);
                break;
            }
        }
        if block.lines.is_empty() {
            let flow = self.flow();
            if let Some(e) = flow.pending.take() {
                flow.done = true;
                return Err(e);
            }
            if flow.done {
                return Ok(None);
            }
        }
        Ok(Some(block))
    }
}

/// Reads lines in blocks. Blank lines are skipped (they are not records) but counted, so line
/// numbers match what an editor shows. A UTF-8 byte order mark at the start and the `\r` of
/// `\r\n` endings are dropped. A line longer than `max_line` bytes is not held in memory: its
/// first bytes are kept for the error record and the rest is skipped.
pub(crate) struct LineReader<R> {
    inner: R,
    max_line: usize,
    /// The number of the last line read.
    line: u64,
    at_start: bool,
    flow: Flow,
}

impl<R: Idle> BlockReader for LineReader<R> {
    fn read_record(&mut self, block: &mut LineBlock) -> io::Result<()> {
        self.read_line(block)
    }

    fn flow(&mut self) -> &mut Flow {
        &mut self.flow
    }

    fn idle(&mut self) -> bool {
        self.inner.idle()
    }
}

impl<R: Idle> LineReader<R> {
    pub(crate) fn new(inner: R, max_line: usize) -> LineReader<R> {
        LineReader {
            inner,
            max_line,
            line: 0,
            at_start: true,
            flow: Flow::default(),
        }
    }

    /// The number of the last complete line read.
    pub(crate) fn line(&self) -> u64 {
        self.line
    }

    /// Appends the next line to `block`. On a read error the partial line is removed.
    fn read_line(&mut self, block: &mut LineBlock) -> io::Result<()> {
        let start = block.data.len();
        let mut len: u64 = 0;
        let mut ended = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    block.data.truncate(start);
                    return Err(e);
                }
            };
            if buf.is_empty() {
                self.flow.done = true;
                break;
            }
            let (piece, newline) = match memchr::memchr(b'\n', buf) {
                Some(i) => (&buf[..i], true),
                None => (buf, false),
            };
            let kept = block.data.len() - start;
            let limit = if len + piece.len() as u64 > self.max_line as u64 {
                RAW_KEEP
            } else {
                usize::MAX
            };
            if kept < limit {
                let take = piece.len().min(limit - kept);
                block.data.extend_from_slice(&piece[..take]);
            }
            if limit == RAW_KEEP {
                block
                    .data
                    .truncate(start + RAW_KEEP.min(block.data.len() - start));
            }
            len += piece.len() as u64;
            let used = piece.len() + usize::from(newline);
            self.inner.consume(used);
            block.bytes += used as u64;
            if newline {
                ended = true;
                break;
            }
        }
        if len == 0 && !ended {
            return Ok(());
        }
        self.line += 1;
        let mut first = start;
        if std::mem::replace(&mut self.at_start, false)
            && block.data[start..].starts_with(b"\xEF\xBB\xBF")
        {
            first += 3;
            len -= 3;
        }
        let too_long = (len > self.max_line as u64).then_some(len);
        let mut end = block.data.len();
        if too_long.is_none() && block.data[first..end].ends_with(b"\r") {
            end -= 1;
        }
        if block.data[first..end].iter().all(u8::is_ascii_whitespace) && too_long.is_none() {
            block.data.truncate(start);
            return Ok(());
        }
        block.lines.push(Line {
            start: first,
            end,
            number: self.line,
            too_long,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max_line: usize, per_block: usize) -> Vec<(u64, Vec<u8>, Option<u64>)> {
        let mut r = LineReader::new(io::BufReader::with_capacity(7, input), max_line);
        let mut out = Vec::new();
        while let Some(b) = r.next_block(per_block, 1 << 20, None).unwrap() {
            for l in &b.lines {
                out.push((l.number, b.data[l.start..l.end].to_vec(), l.too_long));
            }
        }
        out
    }

    #[test]
    fn splitting() {
        let got = lines(b"\xEF\xBB\xBFa\r\n\n  \r\nbb\nccc", 100, 2);
        assert_eq!(
            got,
            [
                (1, b"a".to_vec(), None),
                (4, b"bb".to_vec(), None),
                (5, b"ccc".to_vec(), None)
            ]
        );
        assert!(lines(b"", 100, 2).is_empty());
        assert!(lines(b"\n\n", 100, 2).is_empty());
    }

    #[test]
    fn over_long_lines_are_cut() {
        let mut input = vec![b'x'; RAW_KEEP * 3];
        input.extend_from_slice(b"\nok\n");
        let got = lines(&input, RAW_KEEP * 2, 10);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].1.len(), RAW_KEEP);
        assert_eq!(got[0].2, Some(RAW_KEEP as u64 * 3));
        assert_eq!(got[1], (2, b"ok".to_vec(), None));
    }

    #[test]
    fn a_read_error_comes_after_the_lines_before_it() {
        struct Failing(&'static [u8]);
        impl io::Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0.is_empty() {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut"));
                }
                let n = buf.len().min(self.0.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut r = LineReader::new(
            io::BufReader::with_capacity(4, Failing(b"one\ntwo\nthr")),
            100,
        );
        let b = r.next_block(100, 1 << 20, None).unwrap().unwrap();
        assert_eq!(b.lines.len(), 2);
        assert_eq!(&b.data[b.lines[1].start..b.lines[1].end], b"two");
        assert!(r.next_block(100, 1 << 20, None).is_err());
        assert_eq!(r.line(), 2);
    }
}
