//! Opening an archive: files, standard input or any reader, gzip detected by its magic bytes.

use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::Path;

use super::format::{self, Format};
use crate::error::Error;

/// The most bytes read ahead to decide the format; enough for any header line in practice.
const SNIFF_LIMIT: usize = 64 * 1024;

/// An archive to scan: a file, standard input, or any reader.
///
/// Gzip-compressed input is recognised by its first two bytes (`1f 8b`), whatever its name,
/// and decompressed on the fly (with the `gzip` feature; without it such input is an error).
/// Concatenated gzip members, as `cat a.gz b.gz` writes them, are read as one stream.
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
    /// `.json`, `.csv`); otherwise the content decides.
    pub fn open(path: impl AsRef<Path>) -> Result<Source, Error> {
        let path = path.as_ref();
        let file = File::open(path)
            .map_err(|e| Error::io(format!("cannot open {}", path.display()), e))?;
        Ok(Source {
            name: path.display().to_string(),
            reader: Box::new(file),
        })
    }

    /// Standard input, named `<stdin>`; the content decides the format.
    pub fn stdin() -> Source {
        Source {
            name: "<stdin>".to_string(),
            reader: Box::new(io::stdin()),
        }
    }

    /// Any reader. `name` is used in messages and, like a file name, may suggest the format.
    pub fn from_reader(name: impl Into<String>, reader: impl Read + Send + 'static) -> Source {
        Source {
            name: name.into(),
            reader: Box::new(reader),
        }
    }

    /// The name used in messages and in the `file` field of tagged records.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// A source made ready to read: decompressed, its format known.
pub(crate) struct Prepared {
    pub(crate) name: String,
    pub(crate) reader: Box<dyn Read + Send>,
    pub(crate) format: Format,
    /// The CSV delimiter seen in the header line (meaningless for JSON lines).
    pub(crate) delimiter: u8,
    pub(crate) compressed: bool,
}

/// Detects compression and format. The bytes read ahead to decide are put back in front of
/// the stream, so nothing is lost.
pub(crate) fn prepare(source: Source, forced: Option<Format>) -> Result<Prepared, Error> {
    let Source { name, mut reader } = source;
    let read_err = |e: io::Error| Error::io(format!("{name}: cannot read"), e);
    let mut magic = Vec::with_capacity(2);
    read_up_to(&mut reader, &mut magic, 2).map_err(read_err)?;
    let compressed = magic == [0x1f, 0x8b];
    let plain: Box<dyn Read + Send> = Box::new(Cursor::new(magic).chain(reader));
    let mut reader = if compressed {
        decompress(&name, plain)?
    } else {
        plain
    };

    let mut head = Vec::new();
    sniff(&mut reader, &mut head).map_err(|e| {
        if compressed {
            gzip_error(&name, 0, e)
        } else {
            Error::io(format!("{name}: cannot read"), e)
        }
    })?;
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
    let reader: Box<dyn Read + Send> = Box::new(Cursor::new(head).chain(reader));
    Ok(Prepared {
        name,
        reader,
        format,
        delimiter,
        compressed,
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

/// Reads until `buf` holds `n` bytes or the input ends.
fn read_up_to(reader: &mut dyn Read, buf: &mut Vec<u8>, n: usize) -> io::Result<()> {
    while buf.len() < n {
        let want = (n - buf.len()) as u64;
        match (&mut *reader).take(want).read_to_end(buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Reads ahead until the first non-blank line is complete, the input ends, or
/// [`SNIFF_LIMIT`] bytes are in.
fn sniff(reader: &mut dyn Read, head: &mut Vec<u8>) -> io::Result<()> {
    loop {
        let before = head.len();
        read_up_to(reader, head, (before + 8192).min(SNIFF_LIMIT))?;
        let first = head.iter().position(|b| !b.is_ascii_whitespace());
        let complete = first.is_some_and(|i| memchr::memchr(b'\n', &head[i..]).is_some());
        if complete || head.len() == before || head.len() >= SNIFF_LIMIT {
            return Ok(());
        }
    }
}
