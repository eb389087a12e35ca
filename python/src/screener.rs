//! `netral.Screener`: the compiled screener, its packs, and screening from Python.

use std::path::PathBuf;
use std::sync::OnceLock;

use arrow_array::RecordBatch;
use arrow_pyarrow::{FromPyArrow, IntoPyArrow, Table, ToPyArrow};
use netral::archive::JsonRecordReader;
use netral::{Activity, Pack, Screener, ScreenerBuilder, Verdict};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple, PyType};

use crate::arrow::{self, Reading};
use crate::errors::{guarded, to_py, PackError};
use crate::options::{field_map, on_threads, threads};
use crate::record;
use crate::verdict::{render, to_dict, to_list, Rendered};

/// The compiled screener: build it once and use it from any thread.
///
/// ``packs`` are lexicon pack files (TOML) added to the bundled ``pemilu-2024`` pack, or
/// ``(name, toml_text)`` pairs; ``default_pack=False`` leaves the bundled pack out. A pack
/// that is the bundled pack itself replaces it, as on the command line. Anything wrong with a
/// pack raises ``PackError`` (a ``ValueError``) with the file and line, as the command line
/// reports it.
///
/// A screener pickles as the text of its packs, so it can be shipped to machines that do not
/// have the pack files (Spark executors) and is rebuilt there identically.
#[pyclass(module = "netral", name = "Screener", frozen)]
pub(crate) struct PyScreener {
    pub(crate) screener: Screener,
    default_pack: bool,
    /// Every pack given, as its name and TOML text: what a pickled screener is rebuilt from.
    packs: Vec<(String, String)>,
}

impl PyScreener {
    /// A screener with the bundled pack only, built once per process.
    pub(crate) fn bundled() -> PyResult<Screener> {
        static BUNDLED: OnceLock<Result<Screener, netral::Error>> = OnceLock::new();
        BUNDLED.get_or_init(Screener::new).clone().map_err(to_py)
    }

    /// Judges a dict with `how` (`Screener::screen` or `Screener::explain`).
    fn judge<'py>(
        &self,
        activity: &Bound<'py, PyAny>,
        how: fn(&Screener, &Activity) -> Verdict,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = activity.py();
        guarded(|| {
            let a = record::activity(activity)?;
            let r = py.detach(|| render(&a, how(&self.screener, &a)));
            to_dict(py, &r)
        })
    }
}

/// What a screener pickles as: its class, and the arguments that rebuild it.
type Reduced<'py> = (Bound<'py, PyType>, (Vec<(String, String)>, bool));

#[pymethods]
impl PyScreener {
    #[new]
    #[pyo3(signature = (packs = None, default_pack = true), text_signature = "(packs=(), default_pack=True)")]
    fn new(py: Python<'_>, packs: Option<&Bound<'_, PyAny>>, default_pack: bool) -> PyResult<Self> {
        guarded(|| {
            let sources = match packs {
                Some(p) if !p.is_none() => pack_sources(p)?,
                _ => Vec::new(),
            };
            let screener = py.detach(|| build(&sources, default_pack))?;
            Ok(PyScreener {
                screener,
                default_pack,
                packs: sources,
            })
        })
    }

    /// Rebuilds the screener from the text of its packs when unpickled.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let me = slf.get();
        Ok((slf.get_type(), (me.packs.clone(), me.default_pack)))
    }

    /// The ids of the packs the screener was built from, in order.
    #[getter]
    fn pack_ids(&self) -> Vec<String> {
        self.screener
            .packs()
            .iter()
            .map(|p| p.meta().id.clone())
            .collect()
    }

    fn __repr__(&self) -> String {
        format!("Screener(pack_ids={:?})", self.pack_ids())
    }

    /// Judges one activity, a dict in the canonical schema (``id`` and ``kind`` required;
    /// ``author``, ``created_at``, ``text``, ``target_text``, ``target_author`` optional).
    ///
    /// Returns the verdict as the command line writes it (``id``, ``flagged``, ``score``,
    /// ``rules``, ``entities``, ``evidence``, ``reasons``), each piece of evidence with its
    /// byte span (``start``, ``end``) and its Python string span (``start_char``,
    /// ``end_char``). Raises ``ValueError`` for an activity that cannot be read.
    fn screen<'py>(&self, activity: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.judge(activity, Screener::screen)
    }

    /// Judges one activity as ``screen`` does, and adds the verdict's ``trace``: every finding
    /// of the judge's stages with the evidence behind it, what they set aside and why, and the
    /// steps from the findings to the score.
    fn explain<'py>(&self, activity: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        self.judge(activity, Screener::explain)
    }

    /// Judges a plain text as a post (its verdict's id is empty).
    fn screen_text<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let a = Activity::post("", text);
            let r = py.detach(|| render(&a, self.screener.screen(&a)));
            to_dict(py, &r)
        })
    }

    /// Judges many activities in parallel, with the interpreter lock released, and returns
    /// their verdicts in input order. ``threads`` sets the number of screening threads (by
    /// default one per core). A record that cannot be read raises ``ValueError`` naming its
    /// position.
    #[pyo3(signature = (activities, threads = None))]
    fn screen_batch<'py>(
        &self,
        activities: &Bound<'py, PyAny>,
        threads: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = activities.py();
        guarded(|| {
            let threads = self::threads(threads)?;
            let mut batch = Vec::new();
            for (i, item) in activities.try_iter()?.enumerate() {
                batch.push(record::activity(&item?).map_err(|e| at_position(py, e, i))?);
            }
            let rendered = py.detach(|| {
                on_threads(threads, || {
                    use rayon::prelude::*;
                    batch
                        .par_iter()
                        .map(|a| render(a, self.screener.screen(a)))
                        .collect::<Vec<Rendered>>()
                })
            })?;
            to_list(py, &rendered)
        })
    }

    /// Judges every row of an Arrow record batch or table (``pyarrow.RecordBatch``,
    /// ``pyarrow.Table``, or any object with the Arrow PyCapsule interface) and returns the
    /// verdict columns, a row for every input row: a ``RecordBatch`` for a batch, a ``Table``
    /// for a table. See the package documentation for the columns and the output schema.
    #[pyo3(signature = (batch, mapping = None, *, json_column = None, threads = None))]
    fn screen_arrow<'py>(
        &self,
        batch: &Bound<'py, PyAny>,
        mapping: Option<&Bound<'py, PyAny>>,
        json_column: Option<String>,
        threads: Option<i64>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = batch.py();
        guarded(|| {
            let threads = self::threads(threads)?;
            let map = field_map(mapping)?;
            let reading = match json_column {
                Some(name) => {
                    Reading::Json(name, JsonRecordReader::new(map.as_ref()).map_err(to_py)?)
                }
                None => Reading::Columns(map.unwrap_or_default()),
            };
            let screen_all = |batches: Vec<RecordBatch>| {
                py.detach(|| {
                    on_threads(threads, || {
                        batches
                            .iter()
                            .map(|b| arrow::screen(&self.screener, &reading, b))
                            .collect::<Result<Vec<RecordBatch>, String>>()
                    })
                })?
                .map_err(PyValueError::new_err)
            };
            if batch.hasattr("__arrow_c_array__")? {
                let input = RecordBatch::from_pyarrow_bound(batch)?;
                let mut out = screen_all(vec![input])?;
                let out = out.pop().ok_or_else(|| {
                    PyRuntimeError::new_err("screening a batch gave no batch back")
                })?;
                out.to_pyarrow(py)
            } else if batch.hasattr("__arrow_c_stream__")? {
                let (batches, _) = Table::from_pyarrow_bound(batch)?.into_inner();
                let out = screen_all(batches)?;
                Table::try_new(out, arrow::output_schema())
                    .map_err(|e| PyRuntimeError::new_err(e.to_string()))?
                    .into_pyarrow(py)
            } else {
                Err(PyTypeError::new_err(format!(
                    "screen_arrow takes a pyarrow.RecordBatch or Table (or another object with \
                     the Arrow PyCapsule interface), not {}; for pandas use netral.screen_frame",
                    batch.get_type().name()?
                )))
            }
        })
    }
}

/// The error of the `i`-th activity of a batch, naming its position.
fn at_position(py: Python<'_>, e: PyErr, i: usize) -> PyErr {
    let message = format!("activity {i}: {}", e.value(py));
    if e.is_instance_of::<PyTypeError>(py) {
        PyTypeError::new_err(message)
    } else {
        PyValueError::new_err(message)
    }
}

/// Reads the `packs` argument: paths of pack files, or `(name, text)` pairs.
fn pack_sources(packs: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
    if packs.is_instance_of::<PyString>() || packs.hasattr("__fspath__")? {
        return Err(PyTypeError::new_err(
            "packs is a list of pack files; put a single file in a list: packs=[path]",
        ));
    }
    let mut sources = Vec::new();
    for item in packs.try_iter()? {
        let item = item?;
        if let Ok(pair) = item.cast::<PyTuple>() {
            let (name, text): (String, String) = pair.extract().map_err(|_| {
                PyTypeError::new_err("a pack given as a tuple is (name, toml_text), two strings")
            })?;
            sources.push((name, text));
            continue;
        }
        let path: PathBuf = item.extract().map_err(|_| {
            PyTypeError::new_err(format!(
                "a pack is a file path or a (name, toml_text) pair, not {}",
                item.get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        let name = path.display().to_string();
        match std::fs::read_to_string(&path) {
            Ok(text) => sources.push((name, text)),
            // The library's own message for a file it cannot read, as the command line has it.
            Err(io) => {
                return Err(match Pack::from_path(&path) {
                    Err(e) => PackError::new_err(e.to_string()),
                    Ok(_) => PackError::new_err(format!("cannot read lexicon {name}: {io}")),
                })
            }
        }
    }
    Ok(sources)
}

/// Builds a screener from pack texts as the command line builds one from pack files: the
/// bundled pack first unless `default_pack` is false or one of the packs is the bundled pack
/// itself.
fn build(sources: &[(String, String)], default_pack: bool) -> PyResult<Screener> {
    if sources.is_empty() && default_pack {
        return PyScreener::bundled();
    }
    let packs = sources
        .iter()
        .map(|(name, text)| Pack::from_toml(name, text))
        .collect::<Result<Vec<Pack>, netral::Error>>()
        .map_err(|e| PackError::new_err(e.to_string()))?;
    let bundled = Pack::bundled().meta().id.clone();
    let mut builder = ScreenerBuilder::new();
    if !default_pack || packs.iter().any(|p| p.meta().id == bundled) {
        builder = builder.no_default_pack();
    }
    for p in packs {
        builder = builder.pack(p);
    }
    builder.build().map_err(to_py)
}
