//! Options shared by several entry points: field mappings and screening threads.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use netral::archive::FieldMap;
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyMapping, PyString};
use rayon::{ThreadPool, ThreadPoolBuilder};

use crate::errors::to_py;

/// A field mapping given as the command line's `FIELD=SOURCE,...` text or as a dict
/// `{FIELD: SOURCE}`; `None` for no mapping.
pub(crate) fn field_map(mapping: Option<&Bound<'_, PyAny>>) -> PyResult<Option<FieldMap>> {
    let Some(mapping) = mapping.filter(|m| !m.is_none()) else {
        return Ok(None);
    };
    if let Ok(spec) = mapping.cast::<PyString>() {
        return FieldMap::parse(&spec.to_cow()?).map(Some).map_err(to_py);
    }
    let Ok(pairs) = mapping.cast::<PyMapping>() else {
        return Err(PyTypeError::new_err(format!(
            "a mapping is a dict {{FIELD: SOURCE}} or the text \"FIELD=SOURCE,...\", not {}",
            mapping.get_type().name()?
        )));
    };
    let mut map = FieldMap::new();
    for item in pairs.items()?.iter() {
        let (field, source): (String, String) = item.extract()?;
        map = map.set(&field, &source).map_err(to_py)?;
    }
    Ok(Some(map))
}

/// Runs `f` on a rayon pool of `threads` threads, or on the global pool (one thread per core)
/// for `None`. Pools are kept per size, so that a caller passing `threads` on every batch does
/// not start threads for every batch.
pub(crate) fn on_threads<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    let Some(n) = threads else {
        return Ok(f());
    };
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<ThreadPool>>>> = OnceLock::new();
    let pool = {
        let mut pools = POOLS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match pools.get(&n) {
            Some(pool) => Arc::clone(pool),
            None => {
                let pool = ThreadPoolBuilder::new()
                    .num_threads(n)
                    .thread_name(|i| format!("netral-screen-{i}"))
                    .build()
                    .map_err(|e| {
                        PyRuntimeError::new_err(format!("cannot start the screening threads: {e}"))
                    })?;
                let pool = Arc::new(pool);
                pools.insert(n, Arc::clone(&pool));
                pool
            }
        }
    };
    Ok(pool.install(f))
}

/// Checks a `threads` argument: `None`, or at least 1.
pub(crate) fn threads(threads: Option<i64>) -> PyResult<Option<usize>> {
    match threads {
        None => Ok(None),
        Some(n) if n >= 1 => usize::try_from(n)
            .map(Some)
            .map_err(|_| PyValueError::new_err(format!("threads must be at most {}", usize::MAX))),
        Some(n) => Err(PyValueError::new_err(format!(
            "threads must be at least 1, not {n}"
        ))),
    }
}
