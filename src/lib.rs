/*!
Screens Indonesian social-media activity of civil servants (ASN) for breaches of the election
neutrality rules of the 2022 joint decree (SKB) on ASN neutrality.

`netral` normalises Indonesian social-media text (styled and look-alike letters, invisible
characters, leetspeak, repeated and split letters, camelCase hashtags, keycap emoji) and scans it
against lexicon packs of candidate names, party symbols, campaign slogans and hashtags and support,
attack and invitation phrasing. Rules turn the matches into a [`Verdict`] per [`Activity`]: which
prohibitions it may breach, which camps it is about, and every matched word with its byte span in
the ORIGINAL text and the reason it counted.

A flag is a lead for a human reviewer, never a verdict on a person.

# One post

```
let screener = netral::Screener::new()?;
let v = screener.screen_text("Yuk pilih Gan\u{200b}jar-Mah\u{200b}fud, sat set beres semua 🖤❤️");
assert!(v.flagged);
assert_eq!(v.entities, ["paslon-03"]);
println!("{}", serde_json::to_string_pretty(&v)?);
# Ok::<(), Box<dyn std::error::Error>>(())
```

# Interactions

A like, share or follow is judged by its target: the content and its author.

```
use netral::{Activity, Kind, Screener};

let screener = Screener::new()?;
let follow = Activity::interaction("f1", Kind::Follow, None, Some("@ganjarpranowo".into()));
let v = screener.screen(&follow);
assert_eq!(v.rules[0].id(), "interaksi-kampanye");
# Ok::<(), Box<dyn std::error::Error>>(())
```

# Batches

[`Screener`] is immutable, `Send + Sync` and cheap to clone: build it once and share it.
[`Screener::screen_batch`] screens a slice in parallel with rayon, keeping input order; the
[`archive`] module streams whole exported archives (JSON lines, CSV, tweet-harvest exports,
gzip-compressed or not) in bounded memory, writing one verdict or error record per input
record in input order.

```
use netral::archive::{scan, ScanOptions, Source};

let screener = netral::Screener::new()?;
let input = concat!(
    r#"{"id": "a1", "kind": "post", "text": "Jangan lupa coblos nomor 1, AMIN!"}"#, "\n",
    r#"{"id": "a2", "kind": "follow", "target_author": "@prabowo"}"#, "\n",
    "{broken\n",
);
let mut flagged = Vec::new();
let summary = scan(&screener, Source::from_reader("a.jsonl", std::io::Cursor::new(input)), ScanOptions::new(), &mut flagged)?;
assert_eq!((summary.records, summary.flagged, summary.errors), (3, 2, 1));
# Ok::<(), Box<dyn std::error::Error>>(())
```

# Lexicon packs

The bundled `pemilu-2024` pack is the default. Regional packs are TOML files (format in
`lexicons/README.md`) added with [`ScreenerBuilder::pack`]; they are validated on load with
errors that name the file and line, and their `examples` / `counterexamples` run with
[`Screener::self_test`].

# Crate features

- `cli` (default): the `netral` command-line tool (pulls in `clap`, and `mimalloc` as the
  tool's allocator; the library itself never chooses an allocator).
- `gzip` (default): reading gzip-compressed archives (pulls in `flate2`).
- `report` (with `cli`): the inspector's HTML report made from a scan's output ([`report`];
  pulls in `askama` and `chrono`).
- `xlsx` (with `cli`, implies `report`): the inspector's Excel workbook
  ([`report::Workbook`]; pulls in `rust_xlsxwriter`).

Embedders that only screen single posts can use `default-features = false`.

# Errors and panics

Building a screener and reading packs or archives return [`Error`], whose message says what
to fix and where. Screening never fails and never panics, whatever the text.
*/
#![deny(missing_docs)]

mod activity;
pub mod archive;

pub mod display;
mod error;
mod eval;
mod fit;
mod judge;
mod language;
mod lexicon;
mod normalize;
#[cfg(feature = "report")]
pub mod report;
mod rule;
mod scan;
mod screener;
mod span;
mod util;
mod verdict;

pub use crate::activity::{Activity, ActivityId, Kind};
pub use crate::error::{Error, ErrorKind};
pub use crate::eval::{evaluate, Counts, EvalCase, EvalReport, Expect};
pub use crate::fit::{fit, FitOptions, FitReport, SetFigures};
pub use crate::lexicon::{
    Category, Class, Entity, EntityKind, Level, Pack, PackExample, PackMeta, Race, Stance, Term,
};
pub use crate::normalize::{normalize, Normalized};
pub use crate::rule::Rule;
pub use crate::screener::{Screener, ScreenerBuilder, SelfTest, SelfTestFailure, SharedTerm};
pub use crate::span::Span;
pub use crate::verdict::{
    Evidence, Field, Trace, TraceDrop, TraceFinding, TraceNote, TraceStep, Verdict,
};

/// The score at which an activity flags: [`Verdict::flagged`] is `score >= FLAG_THRESHOLD`.
pub const FLAG_THRESHOLD: f32 = crate::judge::THRESHOLD;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
