//! The stages, one per file. The first seven to run (**window**, **enclitic**, **tag-words**,
//! **nested**, **exempt**, **ranges**, **counts**) set aside matches of the whole activity; the others read one field at a time; **interaction** and **combine** (in the
//! parent module) judge the activity as a whole.

pub(super) mod addressee;
pub(super) mod attribution;
pub(super) mod balance;
pub(super) mod concession;
pub(super) mod confirm;
pub(super) mod counts;
pub(super) mod enclitic;
pub(super) mod evaluation;
pub(super) mod exempt;
pub(super) mod gestures;
pub(super) mod markers;
pub(super) mod name_tags;
pub(super) mod nested;
pub(super) mod numbers;
pub(super) mod races;
pub(super) mod ranges;
pub(super) mod references;
pub(super) mod refusal;
pub(super) mod register;
pub(super) mod reversed;
pub(super) mod stance;
pub(super) mod tag_words;
pub(super) mod window;
