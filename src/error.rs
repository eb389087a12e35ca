use std::fmt;

use crate::display::shown;

/// The error type of this crate.
///
/// Errors are opaque: their `Display` message says what went wrong and where (a pack file and
/// line, an archive line), which is what a user needs to fix the input. Use [`Error::kind`] to
/// branch on the broad class of failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

/// The broad class of an [`Error`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A lexicon pack is malformed or inconsistent.
    Lexicon,
    /// An input record or file could not be read or parsed.
    Input,
    /// An options value (a field mapping, a format name) is invalid.
    Config,
    /// Reading or writing failed at the operating-system level.
    Io,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub(crate) fn lexicon(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Lexicon, message)
    }

    pub(crate) fn input(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Input, message)
    }

    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config, message)
    }

    pub(crate) fn io(context: impl fmt::Display, err: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, format!("{context}: {err}"))
    }

    /// The broad class of this error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

/// The message, with any control character in it escaped: messages quote names from archives
/// and packs, and nothing printed from one may drive the terminal it is printed on.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&shown(&self.message, usize::MAX))
    }
}

impl std::error::Error for Error {}
