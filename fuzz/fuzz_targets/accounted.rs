//! The check shared by the targets that scan whole archives.

use netral::archive::{OutputRecord, Summary};

/// Every record of a `--all` scan is accounted for exactly once, in increasing line order, in
/// output that reads back.
pub fn every_record_once_in_order(out: &[u8], summary: &Summary) {
    assert_eq!(summary.records, summary.screened + summary.errors);
    let text = std::str::from_utf8(out).expect("output is UTF-8");
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
