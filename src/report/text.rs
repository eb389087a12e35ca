//! A text cut into the pieces a page shows: plain runs, the runs evidence spans cover, and
//! the invisible characters that would otherwise hide or reorder what a reader sees.
//!
//! The evidence spans are byte ranges into the ORIGINAL text, so the text is cut at those
//! exact bytes first; only then is each piece scanned for characters to make visible.
//! Escaping for HTML is the template engine's job: nothing here produces markup.

/// One run of a text: plain or covered by evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    /// What the evidence over this run matched, for a tooltip; `None` for plain text.
    pub(crate) hit: Option<String>,
    pub(crate) parts: Vec<Part>,
}

/// A piece of a segment: text as written, or a marker standing for an invisible character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) text: String,
    /// Whether `text` is a marker (`U+202E`) rather than the text itself.
    pub(crate) marker: bool,
}

/// A byte span of a text with the description of the evidence over it.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) describe: String,
}

/// Cuts `text` at the spans of `hits`. Overlapping and touching spans are merged into one
/// run, whose description lists each. A span that does not fall on character boundaries of
/// `text` (a record edited after the scan) is left out and counted in the second value.
pub(crate) fn segments(text: &str, hits: &[Hit]) -> (Vec<Segment>, usize) {
    let mut spans: Vec<&Hit> = Vec::with_capacity(hits.len());
    let mut unplaced = 0;
    for h in hits {
        if h.start < h.end && text.get(h.start..h.end).is_some() {
            spans.push(h);
        } else {
            unplaced += 1;
        }
    }
    spans.sort_by_key(|h| (h.start, h.end));
    let mut merged: Vec<(usize, usize, Vec<&str>)> = Vec::new();
    for h in spans {
        match merged.last_mut() {
            Some(last) if h.start <= last.1 => {
                last.1 = last.1.max(h.end);
                if !last.2.contains(&h.describe.as_str()) {
                    last.2.push(&h.describe);
                }
            }
            _ => merged.push((h.start, h.end, vec![&h.describe])),
        }
    }
    let mut out = Vec::with_capacity(merged.len() * 2 + 1);
    let mut at = 0;
    for (start, end, describe) in merged {
        if at < start {
            out.push(Segment {
                hit: None,
                parts: parts(&text[at..start]),
            });
        }
        out.push(Segment {
            hit: Some(describe.join("; ")),
            parts: parts(&text[start..end]),
        });
        at = end;
    }
    if at < text.len() || out.is_empty() {
        out.push(Segment {
            hit: None,
            parts: parts(&text[at..]),
        });
    }
    (out, unplaced)
}

/// `text` with every invisible or reordering character split out as a marker.
pub(crate) fn parts(text: &str) -> Vec<Part> {
    let mut out = Vec::new();
    let mut run = 0;
    for (i, c) in text.char_indices() {
        if let Some(label) = marker(c) {
            if run < i {
                out.push(Part {
                    text: text[run..i].to_string(),
                    marker: false,
                });
            }
            out.push(Part {
                text: label,
                marker: true,
            });
            run = i + c.len_utf8();
        }
    }
    if run < text.len() {
        out.push(Part {
            text: text[run..].to_string(),
            marker: false,
        });
    }
    out
}

/// The marker for a character a reader must see but the page would not show as itself:
/// control characters (NUL among them), the bidirectional controls that reorder the text
/// around them, and the invisible characters used to split words past a keyword filter.
/// Tab and line breaks stay as they are; so does the zero-width joiner, which holds emoji
/// sequences together.
fn marker(c: char) -> Option<String> {
    let shown = match c {
        '\t' | '\n' | '\r' => return None,
        '\0' => "NUL".to_string(),
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => format!("U+{:04X}", c as u32),
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}' => {
            format!("U+{:04X}", c as u32)
        }
        '\u{200b}' | '\u{200c}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {
            format!("U+{:04X}", c as u32)
        }
        _ => return None,
    };
    Some(shown)
}

/// `text` with each invisible or reordering character written as its marker in brackets
/// (`[U+202E]`), for places that show plain text only, such as a spreadsheet cell.
#[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
pub(crate) fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| marker(c).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for p in parts(text) {
        if p.marker {
            out.push('[');
            out.push_str(&p.text);
            out.push(']');
        } else {
            out.push_str(&p.text);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// At most `max` characters of `text`, cut on a character boundary, and how many
/// characters were cut off.
pub(crate) fn clip(text: &str, max: usize) -> (&str, usize) {
    match text.char_indices().nth(max) {
        Some((i, _)) => (&text[..i], text[i..].chars().count()),
        None => (text, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(start: usize, end: usize, d: &str) -> Hit {
        Hit {
            start,
            end,
            describe: d.to_string(),
        }
    }

    fn flat(segs: &[Segment]) -> Vec<(Option<&str>, String)> {
        segs.iter()
            .map(|s| {
                let text: String = s
                    .parts
                    .iter()
                    .map(|p| {
                        if p.marker {
                            format!("[{}]", p.text)
                        } else {
                            p.text.clone()
                        }
                    })
                    .collect();
                (s.hit.as_deref(), text)
            })
            .collect()
    }

    #[test]
    fn spans_are_cut_at_their_bytes() {
        let text = "Ayo coblos 0\u{fe0f}\u{20e3}2 Gan\u{200b}jar";
        let (segs, unplaced) = segments(
            text,
            &[
                hit(4, 10, "coblos"),
                hit(8, 10, "os"),
                hit(20, 29, "ganjar"),
                hit(1, 2, "x"),
            ],
        );
        assert_eq!(unplaced, 0);
        assert_eq!(
            flat(&segs),
            [
                (None, "A".to_string()),
                (Some("x"), "y".to_string()),
                (None, "o ".to_string()),
                (Some("coblos; os"), "coblos".to_string()),
                (None, " 0\u{fe0f}\u{20e3}2 ".to_string()),
                (Some("ganjar"), "Gan[U+200B]jar".to_string()),
            ]
        );
        let (_, unplaced) = segments("é", &[hit(0, 1, "bad"), hit(0, 9, "past the end")]);
        assert_eq!(unplaced, 2);
    }

    #[test]
    fn invisible_characters_become_markers() {
        let p = parts("a\u{0}b\u{202e}c\u{1b}[31m\nd");
        let shown: Vec<(&str, bool)> = p.iter().map(|p| (p.text.as_str(), p.marker)).collect();
        assert_eq!(
            shown,
            [
                ("a", false),
                ("NUL", true),
                ("b", false),
                ("U+202E", true),
                ("c", false),
                ("U+001B", true),
                ("[31m\nd", false)
            ]
        );
        assert_eq!(segments("", &[]).0.len(), 1);
        assert_eq!(visible("a\u{0}b\u{202e}"), "a[NUL]b[U+202E]");
        assert!(matches!(
            visible("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
        assert_eq!(clip("ééé", 2), ("éé", 1));
        assert_eq!(clip("ab", 5), ("ab", 0));
    }
}
