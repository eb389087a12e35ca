//! Verdicts as Python dicts: what the command line writes for them as JSON, as Python's `json`
//! module would read it, plus the place of every piece of evidence in Python's string indexing.
//!
//! The dicts are built from the verdict's own serialisation ([`crate::pyobj`]), so they keep
//! whatever fields the library's `Verdict` serialises, in its order.

use netral::{Activity, Verdict};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

use crate::pyobj::to_object;

/// A verdict with its evidence located in Python's string indexing; made off the interpreter
/// lock, ready to become a dict.
pub(crate) struct Rendered {
    verdict: Verdict,
    /// `start_char` and `end_char` of each piece of evidence, in evidence order.
    chars: Vec<Option<(usize, usize)>>,
}

/// Locates the evidence of `verdict` in `activity`'s fields.
pub(crate) fn render(activity: &Activity, verdict: Verdict) -> Rendered {
    let chars = verdict
        .evidence
        .iter()
        .map(|e| {
            let text = field_text(activity, e.field.as_str())?;
            Some((char_offset(text, e.start)?, char_offset(text, e.end)?))
        })
        .collect();
    Rendered { verdict, chars }
}

/// The text of the field an evidence names.
pub(crate) fn field_text<'a>(activity: &'a Activity, field: &str) -> Option<&'a str> {
    match field {
        "text" => activity.text.as_deref(),
        "target_text" => activity.target_text.as_deref(),
        "target_author" => activity.target_author.as_deref(),
        _ => None,
    }
}

/// The code-point index of byte `byte` of `text`: where Python's `str` indexing puts it.
pub(crate) fn char_offset(text: &str, byte: usize) -> Option<usize> {
    let before = text.get(..byte)?;
    Some(if before.is_ascii() {
        byte
    } else {
        before.chars().count()
    })
}

/// One verdict as a dict.
pub(crate) fn to_dict<'py>(py: Python<'py>, r: &Rendered) -> PyResult<Bound<'py, PyAny>> {
    let dict = to_object(py, &r.verdict)?;
    let evidence = dict.get_item("evidence")?;
    let evidence = evidence.cast::<PyList>()?;
    if evidence.len() != r.chars.len() {
        return Err(PyRuntimeError::new_err(
            "a verdict's evidence changed on its way to Python",
        ));
    }
    for (item, span) in evidence.iter().zip(&r.chars) {
        let item = item.cast::<PyDict>()?;
        item.set_item("start_char", span.map(|s| s.0))?;
        item.set_item("end_char", span.map(|s| s.1))?;
    }
    Ok(dict)
}

/// Many verdicts as a list of dicts.
pub(crate) fn to_list<'py>(py: Python<'py>, rs: &[Rendered]) -> PyResult<Bound<'py, PyAny>> {
    gc_paused(py, || {
        let list = PyList::empty(py);
        for r in rs {
            list.append(to_dict(py, r)?)?;
        }
        Ok(list.into_any())
    })
}

/// Parses JSON text with Python's `json.loads`.
pub(crate) fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let loads = LOADS.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.bind(py).call1((json,))
}

/// Runs `f` with Python's cyclic garbage collector paused, as when building the dicts of a
/// large batch. They hold no reference cycles, so the collector has nothing to find in them,
/// but each of its runs walks every container built so far: with it running, building the
/// verdicts of 100,000 records took 2.5 times as long.
pub(crate) fn gc_paused<'py, T>(py: Python<'py>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    struct Resume<'py>(Option<Bound<'py, PyModule>>);
    impl Drop for Resume<'_> {
        fn drop(&mut self) {
            if let Some(gc) = &self.0 {
                // Nothing more can be done if this fails; the collector stays paused.
                let _ = gc.call_method0("enable");
            }
        }
    }
    let gc = py.import("gc")?;
    let _resume = if gc.call_method0("isenabled")?.is_truthy()? {
        gc.call_method0("disable")?;
        Resume(Some(gc))
    } else {
        Resume(None)
    };
    f()
}
