//! Output plumbing: errors, files written under a temporary name, closed pipes.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A failure that ends the command: printed as `netral: MESSAGE`, exit code 2.
#[derive(Debug)]
pub struct Failure {
    message: String,
    /// The reader of our standard output went away (`| head`): not a failure, stop quietly.
    pub broken_pipe: bool,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            broken_pipe: false,
        }
    }

    pub fn broken_pipe() -> Failure {
        Failure {
            message: String::new(),
            broken_pipe: true,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<netral::Error> for Failure {
    fn from(e: netral::Error) -> Failure {
        Failure::new(e.to_string())
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::broken_pipe()
        } else {
            Failure::new(format!("cannot write the output: {e}"))
        }
    }
}

pub type Result<T> = std::result::Result<T, Failure>;

/// Standard output as an unbuffered, sendable writer. On Unix this is a duplicate of file
/// descriptor 1, which skips the line buffering of `std::io::Stdout`; the caller buffers.
pub fn stdout() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(File::from(fd));
        }
    }
    Box::new(io::stdout())
}

/// A writer that remembers whether a write failed because the reader closed the pipe.
pub struct PipeGuard<W> {
    inner: W,
    broken: Arc<AtomicBool>,
}

impl<W: Write> PipeGuard<W> {
    pub fn new(inner: W) -> (PipeGuard<W>, Arc<AtomicBool>) {
        let broken = Arc::new(AtomicBool::new(false));
        (
            PipeGuard {
                inner,
                broken: Arc::clone(&broken),
            },
            broken,
        )
    }

    fn check<T>(&self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            if e.kind() == io::ErrorKind::BrokenPipe {
                self.broken.store(true, Ordering::Relaxed);
            }
        }
        r
    }
}

impl<W: Write> Write for PipeGuard<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.check(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.check(r)
    }
}

/// A file written under a temporary name in its directory and renamed into place when
/// complete, so that the final name never holds a half-written file. Paths that are not
/// regular files (`/dev/null`, a named pipe) are written directly.
pub struct OutputFile {
    dest: PathBuf,
    /// The temporary name, or `None` when writing directly.
    tmp: Option<PathBuf>,
}

impl OutputFile {
    pub fn create(dest: &Path) -> Result<(OutputFile, File)> {
        let cannot = |e: io::Error| Failure::new(format!("cannot create {}: {e}", dest.display()));
        let special = fs::metadata(dest).is_ok_and(|m| !m.is_file());
        if special {
            let file = OpenOptions::new().write(true).open(dest).map_err(cannot)?;
            return Ok((
                OutputFile {
                    dest: dest.to_path_buf(),
                    tmp: None,
                },
                file,
            ));
        }
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dest.with_file_name(format!(".{name}.netral-{}.tmp", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(cannot)?;
        Ok((
            OutputFile {
                dest: dest.to_path_buf(),
                tmp: Some(tmp),
            },
            file,
        ))
    }

    /// Moves the complete file to its final name.
    pub fn commit(self) -> Result<()> {
        match &self.tmp {
            Some(tmp) => fs::rename(tmp, &self.dest).map_err(|e| {
                Failure::new(format!(
                    "cannot rename {} to {}: {e}",
                    tmp.display(),
                    self.dest.display()
                ))
            }),
            None => Ok(()),
        }
    }

    /// Moves an incomplete file to `DEST.partial` and returns that name.
    pub fn keep_partial(self) -> Option<PathBuf> {
        let tmp = self.tmp.as_ref()?;
        let mut partial = self.dest.clone().into_os_string();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        fs::rename(tmp, &partial).ok().map(|()| partial)
    }

    /// Removes an unwanted temporary file.
    pub fn discard(self) {
        if let Some(tmp) = &self.tmp {
            let _ = fs::remove_file(tmp);
        }
    }
}

/// Writes a small file through a temporary name.
pub fn write_file(dest: &Path, bytes: &[u8]) -> Result<()> {
    let (out, mut file) = OutputFile::create(dest)?;
    match file.write_all(bytes) {
        Ok(()) => out.commit(),
        Err(e) => {
            out.discard();
            Err(Failure::new(format!(
                "cannot write {}: {e}",
                dest.display()
            )))
        }
    }
}
