//! Opening an archive: files, standard input or any reader, gzip detected by its magic bytes.

use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::format::{self, Format};
use super::magic;
use crate::display::shown;
use crate::error::Error;

/// The most bytes read ahead to decide the format; enough for any header line in practice.
const SNIFF_LIMIT: usize = 64 * 1024;

/// An archive to scan: a file, standard input, or any reader.
///
/// Gzip-compressed input is recognised by its first two bytes (`1f 8b`), whatever its name,
/// and decompressed on the fly (with the `gzip` feature; without it such input is an error).
/// Concatenated gzip members, as `cat a.gz b.gz` writes them, are read as one stream. Other
/// compressed formats (bzip2, xz, zstd, zip, 7z), other binary files and UTF-16 text are
/// recognised by their first bytes and refused with a message that names them, rather than read
/// as a CSV of garbage.
///
/// Input that can pause (standard input that is not a file, a named pipe,
/// [`Source::from_stream`]) is screened as it comes: records are held back no more than about
/// 100 ms when the writer goes quiet, so a monitor can pipe posts through a scan and read each
/// verdict as its post arrives.
///
/// ```
/// use netral::archive::Source;
///
/// let src = Source::from_reader("inline.jsonl", std::io::Cursor::new(b"{\"id\":1,\"kind\":\"post\"}\n".to_vec()));
/// assert_eq!(src.name(), "inline.jsonl");
/// ```
pub struct Source {
    name: String,
    reader: Box<dyn Read + Send>,
    /// Whether the input can pause (anything but a regular file).
    live: bool,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Source {
    /// Opens a file. Its name, less a `.gz` suffix, suggests the format (`.jsonl`, `.ndjson`,
    /// `.json`, `.csv`); otherwise the content decides. A named pipe or a device is read as
    /// it comes, like standard input.
    pub fn open(path: impl AsRef<Path>) -> Result<Source, Error> {
        let path = path.as_ref();
        let cannot = |e| {
            Error::io(
                format!("cannot open {}", shown(&path.display().to_string(), 200)),
                e,
            )
        };
        let file = File::open(path).map_err(cannot)?;
        let meta = file.metadata().map_err(cannot)?;
        if meta.is_dir() {
            return Err(Error::input(format!(
                "{} is a directory, not an archive",
                shown(&path.display().to_string(), 200)
            )));
        }
        Ok(Source {
            name: path.display().to_string(),
            reader: Box::new(file),
            live: !meta.is_file(),
        })
    }

    /// Standard input, named `<stdin>`; the content decides the format.
    pub fn stdin() -> Source {
        Source {
            name: "<stdin>".to_string(),
            reader: Box::new(io::stdin()),
            live: !stdin_is_file(),
        }
    }

    /// Any reader that delivers its bytes as fast as they are asked for (a buffer, a file).
    /// `name` is used in messages and, like a file name, may suggest the format.
    pub fn from_reader(name: impl Into<String>, reader: impl Read + Send + 'static) -> Source {
        Source {
            name: name.into(),
            reader: Box::new(reader),
            live: false,
        }
    }

    /// A reader that can pause (a socket, a pipe, a queue of posts as they are made): it is
    /// read on a thread of its own, and when it is quiet for about 100 ms the records read so
    /// far are screened and written, so that each verdict follows its record closely. A scan
    /// that stops early does not wait for this reader's thread: it ends at the reader's next
    /// read.
    pub fn from_stream(name: impl Into<String>, reader: impl Read + Send + 'static) -> Source {
        Source {
            name: name.into(),
            reader: Box::new(reader),
            live: true,
        }
    }

    /// The name used in messages and in the `file` field of tagged records.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The same source, adding the bytes read from it to `count`: how far a scan has come
    /// through its inputs as they are stored (compressed, for a compressed input).
    pub(crate) fn counted(self, count: Arc<AtomicU64>) -> Source {
        Source {
            reader: Box::new(Counted {
                inner: self.reader,
                count,
            }),
            ..self
        }
    }
}

/// A reader that counts the bytes read through it.
struct Counted {
    inner: Box<dyn Read + Send>,
    count: Arc<AtomicU64>,
}

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Whether standard input is a regular file (`netral scan < archive.jsonl`).
fn stdin_is_file() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdin().as_fd().try_clone_to_owned() {
            return File::from(fd).metadata().is_ok_and(|m| m.is_file());
        }
    }
    false
}

/// A source made ready to read: decompressed, its format known.
pub(crate) struct Prepared {
    pub(crate) name: String,
    pub(crate) reader: Box<dyn Read + Send>,
    pub(crate) format: Format,
    /// The CSV delimiter seen in the header line (meaningless for JSON).
    pub(crate) delimiter: u8,
    pub(crate) compressed: bool,
    /// For JSON: the input is one array of records (`[{...},{...}]`), not one record a line.
    pub(crate) array: bool,
    /// Whether the input can pause.
    pub(crate) live: bool,
}

/// Detects compression and format. The bytes read ahead to decide are put back in front of
/// the stream, so nothing is lost.
pub(crate) fn prepare(source: Source, forced: Option<Format>) -> Result<Prepared, Error> {
    let Source {
        name,
        mut reader,
        live,
    } = source;
    let shown_name = shown(&name, 200);
    let read_err = |e: io::Error| Error::io(format!("{shown_name}: cannot read"), e);
    let mut raw = Vec::new();
    sniff(&mut reader, &mut raw).map_err(read_err)?;
    let compressed = raw.starts_with(&[0x1f, 0x8b]);
    if !compressed {
        if let Some(what) = magic::foreign(&raw) {
            return Err(Error::input(format!("{shown_name}: {what}")));
        }
    }
    let (reader, head) = if compressed {
        let mut reader = decompress(&name, Box::new(Cursor::new(raw).chain(reader)))?;
        let mut head = Vec::new();
        sniff(&mut reader, &mut head).map_err(|e| gzip_error(&name, 0, e))?;
        if let Some(what) = magic::foreign(&head) {
            return Err(Error::input(format!(
                "{shown_name}: gzip-compressed, and inside {what}"
            )));
        }
        (reader, head)
    } else {
        (reader, raw)
    };
    // An explicit format wins, then the file name, then the content.
    let by_name = format::from_extension(&name);
    let format = match (forced, by_name) {
        (Some(format), _) => format,
        (None, Some(Format::Jsonl)) => Format::Jsonl,
        (None, None) if format::from_content(&head) == Format::Jsonl => Format::Jsonl,
        (None, _) if super::harvest::is_harvest_header(&head) => Format::TweetHarvest,
        (None, _) => Format::Csv,
    };
    let delimiter = format::detect_delimiter(&head);
    let array = format == Format::Jsonl && format::is_json_array(&head);
    let reader: Box<dyn Read + Send> = Box::new(Cursor::new(head).chain(reader));
    Ok(Prepared {
        name,
        reader,
        format,
        delimiter,
        compressed,
        array,
        live,
    })
}

#[cfg(feature = "gzip")]
fn decompress(_name: &str, reader: Box<dyn Read + Send>) -> Result<Box<dyn Read + Send>, Error> {
    Ok(Box::new(flate2::read::MultiGzDecoder::new(reader)))
}

#[cfg(not(feature = "gzip"))]
fn decompress(name: &str, _reader: Box<dyn Read + Send>) -> Result<Box<dyn Read + Send>, Error> {
    Err(Error::config(format!(
        "{name} is gzip-compressed, but netral was built without the `gzip` feature"
    )))
}

/// The error for a failed read of decompressed input. A gzip stream that ends early, the
/// usual result of an interrupted download or copy, gets a message that says so.
pub(crate) fn gzip_error(name: &str, line: u64, e: io::Error) -> Error {
    let name = shown(name, 200);
    let after = if line > 0 {
        format!(" after line {line}")
    } else {
        String::new()
    };
    match e.kind() {
        io::ErrorKind::UnexpectedEof => Error::input(format!(
            "{name}: the gzip stream ends early{after}; is the file truncated?"
        )),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
            Error::input(format!("{name}: corrupt gzip data{after}: {e}"))
        }
        _ => Error::io(format!("{name}: cannot read{after}"), e),
    }
}

/// Reads ahead until the first non-blank line is complete, the input ends, or
/// [`SNIFF_LIMIT`] bytes are in. Each read takes what the input has, so a pipe that delivers one
/// record and then pauses is not waited on for more.
fn sniff(reader: &mut dyn Read, head: &mut Vec<u8>) -> io::Result<()> {
    let mut piece = [0u8; 8192];
    loop {
        let first = head.iter().position(|b| !b.is_ascii_whitespace());
        let complete = first.is_some_and(|i| memchr::memchr(b'\n', &head[i..]).is_some());
        if complete || head.len() >= SNIFF_LIMIT {
            return Ok(());
        }
        let want = piece.len().min(SNIFF_LIMIT - head.len());
        match reader.read(&mut piece[..want]) {
            Ok(0) => return Ok(()),
            Ok(n) => head.extend_from_slice(&piece[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}
