//! Normalisation never panics, keeps spans on char boundaries and is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let n = netral::normalize(text);
    let s = n.as_str();
    for (a, c) in s.char_indices() {
        let span = n.span(a..a + c.len_utf8());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start <= span.end && span.end <= text.len());
    }
    assert_eq!(netral::normalize(s).as_str(), s);
});
