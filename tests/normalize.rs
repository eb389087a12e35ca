//! Table-driven normalisation cases from `tests/data/normalize.toml`, span-mapping checks, and
//! property tests: spans on char boundaries, idempotence, no panic on any text.

use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    input: String,
    output: String,
    matched: Option<String>,
    original: Option<String>,
}

#[test]
fn table() {
    let cases: Cases = toml::from_str(include_str!("data/normalize.toml")).unwrap();
    let mut failures = Vec::new();
    for c in &cases.case {
        let n = netral::normalize(&c.input);
        if n.as_str() != c.output {
            failures.push(format!(
                "{}: {:?} -> {:?}, expected {:?}",
                c.name,
                c.input,
                n.as_str(),
                c.output
            ));
            continue;
        }
        let again = netral::normalize(n.as_str());
        if again.as_str() != n.as_str() {
            failures.push(format!(
                "{}: not idempotent: {:?} -> {:?}",
                c.name,
                n.as_str(),
                again.as_str()
            ));
        }
        if let (Some(m), Some(orig)) = (&c.matched, &c.original) {
            let Some(at) = n.as_str().find(m.as_str()) else {
                failures.push(format!("{}: {m:?} not in {:?}", c.name, n.as_str()));
                continue;
            };
            let span = n.span(at..at + m.len());
            let got = &c.input[span.range()];
            if got != orig {
                failures.push(format!(
                    "{}: span of {m:?} is {got:?}, expected {orig:?}",
                    c.name
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.case.len(),
        failures.join("\n")
    );
}

/// Text drawn from the characters that matter: ASCII, separators, digits, leet, styled and
/// look-alike letters, invisibles, emoji and their modifiers.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        "[a-zA-Z]{1,8}",
        "[0-9]{1,4}",
        Just(" ".to_string()),
        Just(".".to_string()),
        Just("-".to_string()),
        Just("_".to_string()),
        Just("#".to_string()),
        Just("@".to_string()),
        Just("$".to_string()),
        Just("!".to_string()),
        Just(":".to_string()),
        Just(",".to_string()),
        Just("https://t.co/x".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{00AD}".to_string()),
        Just("\u{FE0F}\u{20E3}".to_string()),
        Just("✌️".to_string()),
        Just("🏻".to_string()),
        Just("𝐏𝐫𝐚".to_string()),
        Just("Аnі".to_string()),
        Just("ΡΚΒ".to_string()),
        Just("ｇａｎ".to_string()),
        Just("é".to_string()),
        Just("e\u{0301}".to_string()),
        Just("ß".to_string()),
        Just("İ".to_string()),
        Just("ﬁ".to_string()),
        Just("日本".to_string()),
        Just("\n".to_string()),
        Just("&amp;".to_string()),
        Just("&amp".to_string()),
        Just("&lt".to_string()),
        Just("&#97;".to_string()),
        Just("&#x2026;".to_string()),
        Just("&quot;".to_string()),
        Just("&".to_string()),
        Just(";".to_string()),
        Just("<br>".to_string()),
        Just("<b>".to_string()),
        Just("</b>".to_string()),
        Just("<a href=\"x\">".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn idempotent(text in messy_text()) {
        let once = netral::normalize(&text);
        let twice = netral::normalize(once.as_str());
        prop_assert_eq!(once.as_str(), twice.as_str());
    }

    #[test]
    fn spans_fall_on_char_boundaries(text in messy_text()) {
        let n = netral::normalize(&text);
        let s = n.as_str();
        for (a, c) in s.char_indices() {
            let b = a + c.len_utf8();
            let span = n.span(a..b);
            prop_assert!(span.start <= span.end && span.end <= text.len());
            prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            // Every token maps to a non-decreasing place in the original.
            if a > 0 {
                prop_assert!(n.span(0..a).start <= span.start);
            }
        }
    }

    #[test]
    fn never_panics_on_any_string(text in any::<String>()) {
        let n = netral::normalize(&text);
        let _ = n.span(0..n.as_str().len());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Hundreds of single characters in a row: a chain far longer than any word spelled out
    /// letter by letter is joined the same way again in a second pass.
    #[test]
    fn idempotent_on_long_runs_of_single_characters(
        pieces in prop::collection::vec(
            prop_oneof![
                Just("t"), Just("j"), Just("1"), Just("3"), Just("3."), Just("\u{0}"),
                Just("\u{1}"), Just(".")
            ],
            300..700,
        )
    ) {
        let text = pieces.concat();
        let once = netral::normalize(&text);
        let twice = netral::normalize(once.as_str());
        prop_assert_eq!(once.as_str(), twice.as_str());
    }
}
