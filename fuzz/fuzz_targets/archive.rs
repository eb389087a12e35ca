//! Any bytes as an archive, in every input format: the scan never panics, accounts for every
//! record exactly once, and writes output that reads back, in input order.
#![no_main]

use std::io::Cursor;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use netral::archive::{scan, Format, OutputRecord, ScanOptions, Source};

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
        assert_eq!(summary.records, summary.screened + summary.errors);
        let text = std::str::from_utf8(&out).expect("output is UTF-8");
        let mut last = 0;
        let mut n = 0;
        for line in text.lines() {
            let record: OutputRecord = serde_json::from_str(line).expect("output reads back");
            let at = match record {
                OutputRecord::Screened(r) => r.line,
                OutputRecord::Error(e) => e.line,
            };
            assert!(at > last, "line numbers increase");
            last = at;
            n += 1;
        }
        assert_eq!(n, summary.records);
    }
});
