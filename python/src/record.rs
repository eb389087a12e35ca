//! Python dicts in the canonical activity schema, read into [`Activity`] values.
//!
//! The rules are those of a canonical JSON line in `netral scan`: `id` and `kind` are required,
//! the id is a string or a number (kept digit for digit), every other field is a string, `None`
//! or absent, and other keys are ignored. The reasons for a record that cannot be read follow
//! the command line's wording, without its column numbers, which a dict does not have.

use netral::{Activity, ActivityId, Kind};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// Reads one activity; the error is a `ValueError` with the reason, or a `TypeError` when
/// `obj` is not a mapping at all.
pub(crate) fn activity(obj: &Bound<'_, PyAny>) -> PyResult<Activity> {
    let fields = Fields(obj);
    let id = match fields.get("id")? {
        None => return Err(PyValueError::new_err("missing `id`")),
        Some(v) => id(&v)?,
    };
    let kind = match fields.get("kind")? {
        None => return Err(PyValueError::new_err("missing `kind`")),
        Some(v) if v.is_none() => return Err(PyValueError::new_err("missing `kind`")),
        Some(v) => {
            let name = string("kind", &v)?.unwrap_or_default();
            Kind::from_name(&name).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "unknown kind `{name}` (expected post, comment, share, quote, like or follow)"
                ))
            })?
        }
    };
    let mut a = Activity::post(id, "");
    a.kind = kind;
    a.text = None;
    for (key, slot) in [
        ("author", &mut a.author),
        ("created_at", &mut a.created_at),
        ("text", &mut a.text),
        ("target_text", &mut a.target_text),
        ("target_author", &mut a.target_author),
    ] {
        if let Some(v) = fields.get(key)? {
            *slot = string(key, &v)?;
        }
    }
    Ok(a)
}

/// The keys of a dict, or of any other mapping.
struct Fields<'a, 'py>(&'a Bound<'py, PyAny>);

impl<'py> Fields<'_, 'py> {
    fn get(&self, key: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        if let Ok(dict) = self.0.cast::<PyDict>() {
            return dict.get_item(key);
        }
        if !self.0.hasattr("keys")? {
            return Err(PyTypeError::new_err(format!(
                "an activity is a dict with the keys id, kind, text, ..., not {}",
                self.0.get_type().name()?
            )));
        }
        match self.0.get_item(key) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(self.0.py()) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

fn id(v: &Bound<'_, PyAny>) -> PyResult<ActivityId> {
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(ActivityId::new(s.to_cow()?));
    }
    // `bool` is a subclass of `int`, but JSON's `true` is no id.
    let number = if v.is_instance_of::<PyBool>() {
        None
    } else if v.is_instance_of::<PyInt>() || v.is_instance_of::<PyFloat>() {
        ActivityId::numeric(v.repr()?.to_cow()?.into_owned())
    } else {
        None
    };
    number.ok_or_else(|| {
        PyValueError::new_err(format!(
            "`id` must be a string or a number, not {}",
            unexpected(v)
        ))
    })
}

/// A text field: a string, or nothing for `None`.
fn string(key: &str, v: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if v.is_none() {
        return Ok(None);
    }
    match v.cast::<PyString>() {
        Ok(s) => Ok(Some(s.to_cow()?.into_owned())),
        Err(_) => Err(PyValueError::new_err(format!(
            "`{key}`: {}, expected a string",
            unexpected(v)
        ))),
    }
}

/// What a value is, in the words the command line uses for the same value in JSON.
fn unexpected(v: &Bound<'_, PyAny>) -> String {
    let repr = || v.repr().map(|r| r.to_string()).unwrap_or_default();
    if v.is_none() {
        "null".to_string()
    } else if v.is_instance_of::<PyBool>() {
        format!(
            "boolean `{}`",
            if v.is_truthy().unwrap_or(false) {
                "true"
            } else {
                "false"
            }
        )
    } else if v.is_instance_of::<PyInt>() {
        format!("integer `{}`", repr())
    } else if v.is_instance_of::<PyFloat>() {
        format!("floating point `{}`", repr())
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        "sequence".to_string()
    } else if v.is_instance_of::<PyDict>() {
        "map".to_string()
    } else {
        v.get_type()
            .name()
            .map(|n| format!("a value of type {n}"))
            .unwrap_or_else(|_| "a value of another type".to_string())
    }
}
