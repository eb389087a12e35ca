//! Any bytes as a CSV archive, read leniently and strictly: the scan never panics; leniently it
//! never fails on a damaged record, and either way every record is accounted for exactly once,
//! in input order, in output that reads back.
#![no_main]

mod accounted;

use std::io::Cursor;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use netral::archive::{scan, Format, ScanOptions, Source};

static SCREENER: OnceLock<netral::Screener> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let screener = SCREENER.get_or_init(|| netral::Screener::new().expect("bundled pack builds"));
    for (format, lenient) in [
        (Format::Csv, true),
        (Format::Csv, false),
        (Format::TweetHarvest, true),
    ] {
        let options = ScanOptions::new()
            .all(true)
            .format(format)
            .lenient_csv(lenient)
            .max_record_len(200)
            .block_records(2);
        let mut out = Vec::new();
        let source = Source::from_reader("fuzz.csv", Cursor::new(data.to_vec()));
        let summary = match scan(screener, source, options, &mut out) {
            Ok(summary) => summary,
            // A header that fits no mapping, binary input, or (strictly) a damaged record.
            Err(e) => {
                let damaged = e.to_string().contains("is a quote left open");
                assert!(!(lenient && damaged), "lenient reading stopped: {e}");
                continue;
            }
        };
        accounted::every_record_once_in_order(&out, &summary);
    }
});
