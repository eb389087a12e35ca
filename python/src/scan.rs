//! `netral.scan_file`: whole archives through the library's streaming pipeline, and
//! `netral.format_summary`, the command line's summary text.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use netral::archive::{AuthorCount, Format, OutputFormat, Scan, ScanOptions, Source, Summary};
use netral::{Error, ErrorKind, Screener};
use pyo3::exceptions::{PyKeyError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::errors::{guarded, to_py};
use crate::options::{field_map, on_threads, threads};
use crate::screener::PyScreener;
use crate::verdict::{gc_paused, loads};

/// Scans one archive file, or several, as ``netral scan`` does: JSON lines, CSV or
/// tweet-harvest CSV, gzip-compressed or not, with an optional field ``mapping``; a record
/// that cannot be read becomes an error record ``{"line", "error", "raw"}``.
///
/// Without ``output`` the output records come back as a list of dicts, exactly the command
/// line's JSON records: every record with ``all=True``, else the flagged and error records.
/// With ``output`` they are written to that file (``output_format`` ``"jsonl"`` or
/// ``"csv"``), which appears only once the scan is complete, and the summary comes back as a
/// dict (``netral.format_summary`` prints it). ``threads`` sets the screening threads (by
/// default one per core).
#[pyfunction]
#[pyo3(signature = (path, output = None, *, screener = None, mapping = None, format = None, all = false, output_format = "jsonl", threads = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn scan_file<'py>(
    py: Python<'py>,
    path: &Bound<'py, PyAny>,
    output: Option<PathBuf>,
    screener: Option<&Bound<'py, PyScreener>>,
    mapping: Option<&Bound<'py, PyAny>>,
    format: Option<&str>,
    all: bool,
    output_format: &str,
    threads: Option<i64>,
) -> PyResult<Bound<'py, PyAny>> {
    guarded(|| {
        let paths = paths(path)?;
        let threads = self::threads(threads)?;
        let screener = match screener {
            Some(s) => s.get().screener.clone(),
            None => PyScreener::bundled()?,
        };
        let output_format: OutputFormat = output_format.parse().map_err(to_py)?;
        let mut options = ScanOptions::new()
            .all(all)
            .output_format(output_format)
            .file_names(paths.len() > 1);
        if let Some(f) = format {
            options = options.format(f.parse::<Format>().map_err(to_py)?);
        }
        if let Some(map) = field_map(mapping)? {
            options = options.field_map(map);
        }
        match output {
            None => {
                if output_format != OutputFormat::Jsonl {
                    return Err(PyValueError::new_err(
                        "records come back as dicts from JSON lines; give output=PATH to write CSV",
                    ));
                }
                let (_, out) = py.detach(|| {
                    on_threads(threads, || run(&screener, options, &paths, Vec::new()))
                })?;
                let out = out.map_err(to_py)?;
                records(py, &out)
            }
            Some(target) => {
                let summary = py.detach(|| {
                    on_threads(threads, || to_file(&screener, options, &paths, &target))
                })??;
                let json = serde_json::to_string(&summary)
                    .map_err(|e| PyValueError::new_err(e.to_string()))?;
                loads(py, &json)
            }
        }
    })
}

/// The archives to scan: one path, or a list of them.
fn paths(path: &Bound<'_, PyAny>) -> PyResult<Vec<PathBuf>> {
    if path.is_instance_of::<PyString>() || path.hasattr("__fspath__")? {
        return Ok(vec![path.extract()?]);
    }
    let paths: Vec<PathBuf> = path
        .extract()
        .map_err(|_| PyTypeError::new_err("path is an archive's path, or a list of paths"))?;
    if paths.is_empty() {
        return Err(PyValueError::new_err("no archive to scan"));
    }
    Ok(paths)
}

/// Scans `paths` into `out`: the summary of what was read, whether or not the scan failed,
/// and the output or the failure.
fn run<W: Write>(
    screener: &Screener,
    options: ScanOptions,
    paths: &[PathBuf],
    out: W,
) -> (Summary, Result<W, Error>) {
    let mut scan = Scan::new(screener, options, out);
    for p in paths {
        if let Err(e) = Source::open(p).and_then(|s| scan.run(s)) {
            return (scan.summary(), Err(e));
        }
    }
    (scan.summary(), scan.finish())
}

/// Scans into `target` through a temporary file beside it, renamed to `target` only when the
/// scan is complete. As on the command line, records read before a failure are kept in
/// `target.partial`.
fn to_file(
    screener: &Screener,
    options: ScanOptions,
    paths: &[PathBuf],
    target: &Path,
) -> PyResult<Summary> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let tmp = target.with_file_name(format!(".{name}.netral-{}.tmp", std::process::id()));
    let file = File::create(&tmp)
        .map_err(|e| PyOSError::new_err(format!("cannot create {}: {e}", tmp.display())))?;
    match run(
        screener,
        options,
        paths,
        BufWriter::with_capacity(32 << 10, file),
    ) {
        (summary, Ok(_)) => {
            std::fs::rename(&tmp, target).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                PyOSError::new_err(format!("cannot write {}: {e}", target.display()))
            })?;
            Ok(summary)
        }
        (summary, Err(e)) => {
            let partial = PathBuf::from(format!("{}.partial", target.display()));
            if summary.records > 0 && std::fs::rename(&tmp, &partial).is_ok() {
                let message = format!(
                    "{e} (the {} records read before the failure are kept in {})",
                    summary.records,
                    partial.display()
                );
                return Err(match e.kind() {
                    ErrorKind::Io => PyOSError::new_err(message),
                    _ => PyValueError::new_err(message),
                });
            }
            let _ = std::fs::remove_file(&tmp);
            Err(to_py(e))
        }
    }
}

/// The JSON lines a scan wrote, as a list of dicts, parsed in one call.
fn records<'py>(py: Python<'py>, out: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let text = std::str::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))?;
    // Each record is one line of JSON, which holds no raw line break.
    let mut json = String::with_capacity(text.len() + 2);
    json.push('[');
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(line);
    }
    json.push(']');
    gc_paused(py, || loads(py, &json))
}

/// The day a record with this ``created_at`` counts under in the summary's ``first_date`` and
/// ``last_date`` (``YYYY-MM-DD``, in the archive's own time zone), or ``None`` when the time is
/// in no form netral reads: for counting an archive's records elsewhere (Spark) as
/// ``scan_file`` counts them; ``None`` gives ``None``.
#[pyfunction]
pub(crate) fn day_of(created_at: Option<&str>) -> Option<String> {
    created_at.and_then(Summary::day_of)
}

/// The key an error record's message counts under in the summary's ``errors_by_reason``: the
/// message with its numbers masked as ``N``.
#[pyfunction]
pub(crate) fn error_reason(message: &str) -> String {
    Summary::error_reason(message)
}

/// The summary as the command line prints it with ``--summary``: totals, the days covered,
/// flags per rule, entity and kind, the most flagged authors, and error records by reason. ``summary`` is a dict with the keys of the
/// summary that ``scan_file`` returns; missing keys count as zero.
#[pyfunction]
// Field by field rather than a struct literal: the library's summary may gain fields.
#[allow(clippy::field_reassign_with_default)]
pub(crate) fn format_summary(summary: &Bound<'_, PyAny>) -> PyResult<String> {
    guarded(|| {
        let get = |key: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
            match summary.get_item(key) {
                Ok(v) if v.is_none() => Ok(None),
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is_instance_of::<PyKeyError>(summary.py()) => Ok(None),
                Err(e) => Err(e),
            }
        };
        let count = |key: &str| -> PyResult<u64> {
            get(key)?
                .map(|v| v.extract())
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let float = |key: &str| -> PyResult<f64> {
            get(key)?
                .map(|v| v.extract())
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let counts = |key: &str| -> PyResult<BTreeMap<String, u64>> {
            get(key)?
                .map(|v| v.extract())
                .transpose()
                .map(Option::unwrap_or_default)
        };
        let text =
            |key: &str| -> PyResult<Option<String>> { get(key)?.map(|v| v.extract()).transpose() };
        let mut s = Summary::default();
        s.records = count("records")?;
        s.screened = count("screened")?;
        s.flagged = count("flagged")?;
        s.errors = count("errors")?;
        s.rules = counts("rules")?;
        s.entities = counts("entities")?;
        s.kinds = counts("kinds")?;
        s.errors_by_reason = counts("errors_by_reason")?;
        s.first_date = text("first_date")?;
        s.last_date = text("last_date")?;
        s.undated = count("undated")?;
        s.ids_from_lines = count("ids_from_lines")?;
        s.posts_without_kind = count("posts_without_kind")?;
        s.bytes = count("bytes")?;
        s.elapsed_secs = float("elapsed_secs")?;
        s.records_per_sec = float("records_per_sec")?;
        s.mb_per_sec = float("mb_per_sec")?;
        if let Some(top) = get("top_authors")? {
            for item in top.try_iter()? {
                let item = item?;
                s.top_authors.push(AuthorCount {
                    author: item.get_item("author")?.extract()?,
                    flagged: item.get_item("flagged")?.extract()?,
                });
            }
        }
        Ok(s.render())
    })
}
