//! The `netral` Python package's native module, `netral._netral`.
//!
//! It wraps the library for Python: [`screener`] holds `netral.Screener` (single activities,
//! batches on the rayon pool, Arrow batches), [`scan`] the archive pipeline, [`record`] and
//! [`verdict`] (with [`pyobj`]) the conversions of activities and verdicts, [`arrow`] the Arrow columns, and
//! [`errors`] the exceptions. The pure-Python parts (pandas, Spark) live in `netral/`.
//!
//! No Rust panic crosses into Python: every entry point runs inside [`errors::guarded`].

mod arrow;
mod errors;
mod options;
mod pyobj;
mod record;
mod scan;
mod screener;
mod verdict;

use pyo3::prelude::*;

/// The command line's allocator. Only the module's own Rust allocations use it; Python's
/// objects stay with Python's allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The native part of the `netral` package; import from `netral` instead.
#[pymodule]
fn _netral(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<screener::PyScreener>()?;
    m.add("PackError", m.py().get_type::<errors::PackError>())?;
    m.add_function(wrap_pyfunction!(scan::scan_file, m)?)?;
    m.add_function(wrap_pyfunction!(scan::format_summary, m)?)?;
    m.add_function(wrap_pyfunction!(scan::day_of, m)?)?;
    m.add_function(wrap_pyfunction!(scan::error_reason, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
