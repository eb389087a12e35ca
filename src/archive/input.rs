//! Buffered input that can tell when its writer has gone quiet.
//!
//! A scan reads records in blocks of thousands, which is what makes it fast on files. A monitor
//! that pipes posts in as they come (`tail -f posts.jsonl | netral scan`) would see nothing until
//! a block filled. So input that can pause (standard input that is not a file, a pipe, any
//! reader) is read on a thread of its own, and the block readers ask [`Input::idle`] at every
//! record boundary: when no byte has come for [`IDLE`], the records read so far go out as a block
//! of their own. A regular file never pauses and is read directly.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// How long input may be silent before the records read so far are screened.
pub(crate) const IDLE: Duration = Duration::from_millis(100);

/// The size of the pieces the reading thread hands over.
const PIECE: usize = 64 << 10;

/// A buffered archive input.
pub(crate) enum Input {
    /// A regular file, read directly.
    File(BufReader<Box<dyn Read + Send>>),
    /// Input that can pause, read on a thread of its own.
    Live(Live),
}

impl Input {
    /// Wraps `reader`; `live` says whether it can pause.
    pub(crate) fn new(reader: Box<dyn Read + Send>, live: bool) -> Input {
        if live {
            Input::Live(Live::spawn(reader))
        } else {
            Input::File(BufReader::with_capacity(1 << 20, reader))
        }
    }

    /// Whether nothing is buffered and nothing arrives within [`IDLE`]: the writer has gone
    /// quiet. Always `false` for a file, and at the end of the input.
    pub(crate) fn idle(&mut self) -> bool {
        match self {
            Input::File(_) => false,
            Input::Live(live) => live.idle(),
        }
    }
}

/// Buffered input that can say whether its writer has gone quiet.
pub(crate) trait Idle: BufRead {
    /// Whether nothing is buffered and nothing arrives within [`IDLE`].
    fn idle(&mut self) -> bool;
}

impl Idle for Input {
    fn idle(&mut self) -> bool {
        Input::idle(self)
    }
}

/// Any other buffered reader is never idle.
impl<R: Read> Idle for BufReader<R> {
    fn idle(&mut self) -> bool {
        false
    }
}

/// Bytes in memory are never idle.
impl Idle for &[u8] {
    fn idle(&mut self) -> bool {
        false
    }
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Input {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match self {
            Input::File(r) => r.fill_buf(),
            Input::Live(live) => live.fill_buf(),
        }
    }

    fn consume(&mut self, n: usize) {
        match self {
            Input::File(r) => r.consume(n),
            Input::Live(live) => live.pos = (live.pos + n).min(live.piece.len()),
        }
    }
}

/// What the reading thread sends: a piece of input, or the error that ended it. The end of the
/// input is the channel closing.
type Message = io::Result<Vec<u8>>;

/// The consuming side of input read on a thread of its own.
pub(crate) struct Live {
    rx: Receiver<Message>,
    /// The piece being consumed, and how far.
    piece: Vec<u8>,
    pos: usize,
    /// A message received while waiting in [`Live::idle`], not yet taken.
    early: Option<Message>,
    /// The channel has closed: the input is at its end.
    done: bool,
}

impl Live {
    fn spawn(mut reader: Box<dyn Read + Send>) -> Live {
        // A few pieces in flight keep the thread reading ahead without holding much memory.
        let (tx, rx) = mpsc::sync_channel::<Message>(4);
        thread::spawn(move || loop {
            let mut piece = vec![0; PIECE];
            let message = match reader.read(&mut piece) {
                Ok(0) => return,
                Ok(n) => {
                    piece.truncate(n);
                    Ok(piece)
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => Err(e),
            };
            let stop = message.is_err();
            // A closed channel means the scan has stopped: stop reading too.
            if tx.send(message).is_err() || stop {
                return;
            }
        });
        Live {
            rx,
            piece: Vec::new(),
            pos: 0,
            early: None,
            done: false,
        }
    }

    fn idle(&mut self) -> bool {
        if self.pos < self.piece.len() || self.early.is_some() || self.done {
            return false;
        }
        match self.rx.recv_timeout(IDLE) {
            Ok(message) => {
                self.early = Some(message);
                false
            }
            Err(RecvTimeoutError::Timeout) => true,
            Err(RecvTimeoutError::Disconnected) => {
                self.done = true;
                false
            }
        }
    }

    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos >= self.piece.len() && !self.done {
            let message = match self.early.take() {
                Some(m) => Some(m),
                None => self.rx.recv().ok(),
            };
            match message {
                Some(Ok(piece)) => {
                    self.piece = piece;
                    self.pos = 0;
                }
                Some(Err(e)) => {
                    self.done = true;
                    return Err(e);
                }
                None => self.done = true,
            }
        }
        Ok(&self.piece[self.pos.min(self.piece.len())..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that gives its pieces one read at a time, then fails or ends.
    struct Pieces(Vec<io::Result<Vec<u8>>>);

    impl Read for Pieces {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            let piece = self.0.remove(0)?;
            buf[..piece.len()].copy_from_slice(&piece);
            Ok(piece.len())
        }
    }

    #[test]
    fn live_input_reads_everything_then_the_error() {
        let reader = Pieces(vec![
            Ok(b"ab".to_vec()),
            Ok(b"c\nd".to_vec()),
            Err(io::Error::other("gone")),
        ]);
        let mut input = Input::new(Box::new(reader), true);
        let mut got = Vec::new();
        let e = input.read_to_end(&mut got).unwrap_err();
        assert_eq!(got, b"abc\nd");
        assert_eq!(e.to_string(), "gone");
    }

    #[test]
    fn a_file_is_never_idle_and_the_end_is_not_idle() {
        let mut file = Input::new(Box::new(&b"x"[..]), false);
        assert!(!file.idle());
        let mut live = Input::new(Box::new(&b""[..]), true);
        assert!(!live.idle());
        assert!(live.fill_buf().unwrap().is_empty());
    }

    #[test]
    fn silent_input_is_idle() {
        let (tx, rx) = mpsc::channel::<Vec<u8>>();
        struct FromChannel(Receiver<Vec<u8>>);
        impl Read for FromChannel {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let piece = self.0.recv().unwrap_or_default();
                buf[..piece.len()].copy_from_slice(&piece);
                Ok(piece.len())
            }
        }
        let mut input = Input::new(Box::new(FromChannel(rx)), true);
        tx.send(b"one\n".to_vec()).unwrap();
        assert_eq!(input.fill_buf().unwrap(), b"one\n");
        input.consume(4);
        // Nothing more comes: the writer is quiet.
        assert!(input.idle());
        tx.send(b"two\n".to_vec()).unwrap();
        // What comes while waiting is kept, not lost.
        while input.idle() {}
        assert_eq!(input.fill_buf().unwrap(), b"two\n");
        drop(tx);
        input.consume(4);
        assert!(input.fill_buf().unwrap().is_empty());
    }
}
