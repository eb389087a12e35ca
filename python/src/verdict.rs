//! Verdicts as Python dicts: the JSON the command line writes, read by Python's own `json`
//! module, plus the place of every piece of evidence in Python's string indexing.
//!
//! Going through the JSON text keeps the dicts equal to the command line's verdicts by
//! construction, whatever fields the library's `Verdict` serialises, with the same key order,
//! ids as large as the export wrote them and scores with the digits the command line prints.

use netral::{Activity, Verdict};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

/// A verdict serialised off the interpreter lock, ready to become a dict.
pub(crate) struct Rendered {
    json: String,
    /// `start_char` and `end_char` of each piece of evidence, in evidence order.
    chars: Vec<Option<(usize, usize)>>,
}

/// Serialises `verdict` and locates its evidence in `activity`'s fields.
pub(crate) fn render(activity: &Activity, verdict: &Verdict) -> Result<Rendered, String> {
    let json = serde_json::to_string(verdict).map_err(|e| e.to_string())?;
    let chars = verdict
        .evidence
        .iter()
        .map(|e| {
            let text = match e.field.as_str() {
                "text" => activity.text.as_deref(),
                "target_text" => activity.target_text.as_deref(),
                "target_author" => activity.target_author.as_deref(),
                _ => None,
            }?;
            Some((char_offset(text, e.start)?, char_offset(text, e.end)?))
        })
        .collect();
    Ok(Rendered { json, chars })
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
    let dict = loads(py, &r.json)?;
    add_chars(&dict, &r.chars)?;
    Ok(dict)
}

/// Many verdicts as a list of dicts, parsed in one call.
pub(crate) fn to_list<'py>(py: Python<'py>, rs: &[Rendered]) -> PyResult<Bound<'py, PyAny>> {
    let mut json = String::with_capacity(rs.iter().map(|r| r.json.len() + 1).sum::<usize>() + 2);
    json.push('[');
    for (i, r) in rs.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&r.json);
    }
    json.push(']');
    let list = loads(py, &json)?;
    for (item, r) in list.cast::<PyList>()?.iter().zip(rs) {
        add_chars(&item, &r.chars)?;
    }
    Ok(list)
}

/// Parses JSON text with Python's `json.loads`.
pub(crate) fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let loads = LOADS.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind())
    })?;
    loads.bind(py).call1((json,))
}

fn add_chars(verdict: &Bound<'_, PyAny>, chars: &[Option<(usize, usize)>]) -> PyResult<()> {
    let evidence = verdict.get_item("evidence")?;
    let evidence = evidence.cast::<PyList>()?;
    if evidence.len() != chars.len() {
        return Err(PyRuntimeError::new_err(
            "a verdict's evidence changed on its way to Python",
        ));
    }
    for (item, span) in evidence.iter().zip(chars) {
        let item = item.cast::<PyDict>()?;
        item.set_item("start_char", span.map(|s| s.0))?;
        item.set_item("end_char", span.map(|s| s.1))?;
    }
    Ok(())
}
