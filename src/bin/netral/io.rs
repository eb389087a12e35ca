//! Output plumbing: errors, files written under a temporary name, closed pipes.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

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

/// Where an output path leads once its symbolic links are followed.
#[derive(Debug)]
pub enum Target {
    /// A regular file, or none yet: written under a temporary name beside it and renamed over
    /// it when complete.
    File {
        path: PathBuf,
        /// The file being replaced, if there is one.
        existing: Option<fs::Metadata>,
    },
    /// A pipe, a device, or a descriptor of this process (`/dev/stdout`, `/proc/self/fd/N`):
    /// written as it goes, never renamed over.
    Stream(PathBuf),
}

/// Follows the symbolic links of `dest` to what they lead to. A link is written through, not
/// replaced: renaming a file over `/dev/stdout` would replace the system's link.
pub fn resolve(dest: &Path) -> Result<Target> {
    let cannot = |e: io::Error| Failure::new(format!("cannot write {dest:?}: {e}"));
    let mut path = dest.to_path_buf();
    for _ in 0..40 {
        if is_descriptor(&path) {
            return Ok(Target::Stream(path));
        }
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = fs::read_link(&path).map_err(cannot)?;
                path = match path.parent() {
                    Some(dir) if link.is_relative() => dir.join(link),
                    _ => link,
                };
            }
            Ok(m) if m.is_file() => {
                return Ok(Target::File {
                    path,
                    existing: Some(m),
                })
            }
            Ok(m) if m.is_dir() => return Err(Failure::new(format!("{dest:?} is a directory"))),
            Ok(_) => return Ok(Target::Stream(path)),
            // A link to nothing yet is written through: the file it names is created.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Target::File {
                    path,
                    existing: None,
                })
            }
            Err(e) => return Err(cannot(e)),
        }
    }
    Err(Failure::new(format!(
        "cannot write {dest:?}: too many levels of symbolic links"
    )))
}

/// Whether `path` names one of this process's open descriptors rather than a file.
fn is_descriptor(path: &Path) -> bool {
    let s = path.to_string_lossy();
    ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"]
        .iter()
        .any(|p| s.starts_with(p))
        || s.strip_prefix("/proc/")
            .and_then(|rest| rest.split_once("/fd/"))
            .is_some_and(|(pid, _)| pid.bytes().all(|b| b.is_ascii_digit()))
        || matches!(&*s, "/dev/stdout" | "/dev/stderr")
}

/// The marker in the name of an unfinished output, so that a user who finds one left behind
/// (the scan was killed) knows what it is: `flags.jsonl.netral-incomplete-4321`.
const INCOMPLETE: &str = ".netral-incomplete-";

/// Unfinished outputs, removed if the scan is interrupted. Renaming one into place holds the
/// lock, so that an interruption never removes a file that is being committed.
static UNFINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes the unfinished outputs when the scan is interrupted (SIGINT, SIGTERM, SIGHUP), then
/// ends the process as the signal would have. A SIGKILL cannot be caught: its leftover keeps
/// its telling name, and the next scan to the same output says it is there.
pub fn remove_unfinished_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let files = unfinished();
            for f in files.iter() {
                let _ = fs::remove_file(f);
            }
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
}

/// A file written under a temporary name in its directory and renamed into place when
/// complete, so that the final name never holds a half-written file. An output that is not a
/// regular file (`/dev/null`, a named pipe, `/dev/stdout`) is written directly.
///
/// A new file is created readable by its owner only (less if the umask says so), since it
/// names people; a file replaced keeps its mode. Dropped before it is committed, the
/// temporary file is removed.
pub struct OutputFile {
    /// The path as given, for messages.
    dest: PathBuf,
    /// The file it leads to.
    target: PathBuf,
    /// The temporary name, or `None` when writing directly.
    tmp: Option<PathBuf>,
}

impl OutputFile {
    pub fn create(dest: &Path) -> Result<(OutputFile, File)> {
        let cannot = |e: io::Error| Failure::new(format!("cannot create {dest:?}: {e}"));
        let (target, existing) = match resolve(dest)? {
            Target::Stream(path) => {
                let file = OpenOptions::new()
                    .append(true)
                    .open(&path)
                    .map_err(cannot)?;
                let out = OutputFile {
                    dest: dest.to_path_buf(),
                    target: path,
                    tmp: None,
                };
                return Ok((out, file));
            }
            Target::File { path, existing } => (path, existing),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        warn_of_leftovers(&target, &name);
        let tmp = target.with_file_name(format!("{name}{INCOMPLETE}{}", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut files = unfinished();
        let file = options.open(&tmp).map_err(cannot)?;
        files.push(tmp.clone());
        drop(files);
        if let Some(m) = &existing {
            keep_owner_and_mode(&file, m);
        }
        Ok((
            OutputFile {
                dest: dest.to_path_buf(),
                target,
                tmp: Some(tmp),
            },
            file,
        ))
    }

    /// Moves the complete file to its final name.
    pub fn commit(mut self) -> Result<()> {
        let Some(tmp) = self.tmp.take() else {
            return Ok(());
        };
        let mut files = unfinished();
        let renamed = fs::rename(&tmp, &self.target);
        files.retain(|f| *f != tmp);
        renamed.map_err(|e| Failure::new(format!("cannot rename {tmp:?} to {:?}: {e}", self.dest)))
    }

    /// Moves an incomplete file to `DEST.partial`, cut back to its last complete record, and
    /// returns that name and how many records it holds (CSV output: not counting the header).
    pub fn keep_partial(mut self, csv: bool) -> Option<(PathBuf, u64)> {
        let tmp = self.tmp.take()?;
        let records = cut_to_complete_records(&tmp, csv).ok();
        let mut partial = self.target.clone().into_os_string();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let mut files = unfinished();
        let renamed = records.and_then(|n| fs::rename(&tmp, &partial).ok().map(|()| n));
        if renamed.is_none() {
            let _ = fs::remove_file(&tmp);
        }
        files.retain(|f| *f != tmp);
        renamed.map(|n| (partial, n))
    }

    /// Removes an unwanted temporary file. (Dropping an output that was neither committed nor
    /// kept does the same.)
    pub fn discard(self) {
        drop(self);
    }

    /// The file the output leads to, links followed.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Whether the output is written as a stream (a pipe, a device, `/dev/stdout`) rather than
    /// as a file renamed into place. (Only meaningful before the output is committed.)
    pub fn is_stream(&self) -> bool {
        self.tmp.is_none()
    }
}

/// An output that is dropped before it is committed is unfinished: its temporary file goes,
/// so that no way out of a command, an early error included, leaves one behind.
impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let mut files = unfinished();
            let _ = fs::remove_file(&tmp);
            files.retain(|f| *f != tmp);
        }
    }
}

/// Gives a new output the mode (and, where permitted, the owner) of the file it replaces.
fn keep_owner_and_mode(file: &File, existing: &fs::Metadata) {
    let _ = file.set_permissions(existing.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(file, Some(existing.uid()), Some(existing.gid()));
    }
}

/// Says so on standard error when an unfinished output of an earlier scan to `target` is
/// still there, left by a scan that was killed.
fn warn_of_leftovers(target: &Path, name: &str) {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{name}{INCOMPLETE}");
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file.strip_prefix(&prefix) else {
            continue;
        };
        // A scan still running writes its own; only the dead leave leftovers.
        if Path::new("/proc").join(pid).exists() {
            continue;
        }
        eprintln!(
            "netral: note: {:?} is left from a scan that was stopped before it finished; it is \
             incomplete, remove it",
            dir.join(&file)
        );
    }
}

/// Cuts the file at `path` back to its last complete record and returns how many records it
/// holds. A JSON lines record ends at a line break; a CSV record at a line break outside quotes,
/// and the first is the header.
fn cut_to_complete_records(path: &Path, csv: bool) -> io::Result<u64> {
    let mut file = OpenOptions::new().read(true).write(true).open(path)?;
    let mut buf = vec![0u8; 64 << 10];
    let (mut at, mut end, mut ends, mut quoted) = (0u64, 0u64, 0u64, false);
    loop {
        let n = match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        for i in memchr::memchr2_iter(b'\n', b'"', &buf[..n]) {
            match buf[i] {
                b'"' if csv => quoted = !quoted,
                b'\n' if !quoted => {
                    ends += 1;
                    end = at + i as u64 + 1;
                }
                _ => {}
            }
        }
        at += n as u64;
    }
    file.set_len(end)?;
    Ok(if csv { ends.saturating_sub(1) } else { ends })
}

/// Writes `bytes` to `dest` as a finished output: all of it, or, on failure, nothing.
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
