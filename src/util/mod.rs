//! Small helpers shared by the modules of the crate, one idea per file.

pub(crate) mod date;
pub(crate) mod decimal;
pub(crate) mod json;
