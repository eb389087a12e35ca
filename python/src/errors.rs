//! The library's errors as Python exceptions, and the guard that keeps a Rust panic from
//! reaching Python.

use std::panic::{catch_unwind, AssertUnwindSafe};

use netral::{Error, ErrorKind};
use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyRuntimeError, PyValueError};
use pyo3::PyErr;
use pyo3::PyResult;

create_exception!(
    netral,
    PackError,
    PyValueError,
    "A lexicon pack is malformed or inconsistent; the message names its file and line."
);

/// The exception for a library error: a pack error is a `PackError` (a `ValueError`), a failure
/// of the operating system an `OSError`, and every other error, bad input or a bad option, a
/// `ValueError`. The message is the one the command line prints.
pub(crate) fn to_py(e: Error) -> PyErr {
    match e.kind() {
        ErrorKind::Lexicon => PackError::new_err(e.to_string()),
        ErrorKind::Io => PyOSError::new_err(e.to_string()),
        _ => PyValueError::new_err(e.to_string()),
    }
}

/// Runs `f`, turning a panic into a `RuntimeError`.
///
/// The library promises not to panic on any input; this is the last line of defence should it
/// ever break that promise. Without it PyO3 would raise its `PanicException`, which derives from
/// `BaseException` and so escapes the `except Exception` of a monitoring loop or a Spark task.
pub(crate) fn guarded<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    // The closures given here hold no state that a panic could leave half-updated and that
    // outlives the call: their results are dropped with the panic.
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".to_string());
        Err(PyRuntimeError::new_err(format!(
            "netral failed internally ({what}); this is a bug, please report it with the input \
             that caused it"
        )))
    })
}

#[cfg(test)]
mod tests {
    use pyo3::exceptions::PyRuntimeError;
    use pyo3::Python;

    use super::guarded;

    #[test]
    fn a_panic_becomes_a_runtime_error_with_its_message() {
        Python::initialize();
        Python::attach(|py| {
            let err = guarded::<()>(|| panic!("boom at byte 7")).unwrap_err();
            assert!(err.is_instance_of::<PyRuntimeError>(py));
            let message = err.value(py).to_string();
            assert!(message.contains("boom at byte 7"), "{message}");
            let err = guarded::<()>(|| std::panic::panic_any(42)).unwrap_err();
            assert!(err
                .value(py)
                .to_string()
                .contains("a panic without a message"));
            assert_eq!(guarded(|| Ok(3)).unwrap(), 3);
        });
    }
}
