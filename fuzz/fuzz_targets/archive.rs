//! Any bytes as an archive, in every input format: the scan never panics, accounts for every
//! record exactly once, and writes output that reads back, in input order.
#![no_main]

mod accounted;

use std::io::Cursor;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use netral::archive::{scan, Format, ScanOptions, Source};

static SCREENER: OnceLock<netral::Screener> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let screener = SCREENER.get_or_init(|| netral::Screener::new().expect("bundled pack builds"));
    for format in [
        None,
        Some(Format::Jsonl),
        Some(Format::Csv),
        Some(Format::TweetHarvest),
    ] {
        let mut options = ScanOptions::new()
            .all(true)
            .max_record_len(256)
            .block_records(3);
        if let Some(f) = format {
            options = options.format(f);
        }
        let mut out = Vec::new();
        let source = Source::from_reader("fuzz", Cursor::new(data.to_vec()));
        // Errors (a CSV header that fits no mapping, a quote left open) are fine; panics are not.
        let Ok(summary) = scan(screener, source, options, &mut out) else {
            continue;
        };
        accounted::every_record_once_in_order(&out, &summary);
    }
});
