//! Values from user data made safe to show in messages and on a terminal.
//!
//! Names, ids, handles and texts come from archives, packs and labelled files that anyone can
//! write. Printed raw, a control character in one (an escape sequence, a carriage return) can
//! rewrite or hide what the terminal shows, a bidirectional override can reorder the rest of
//! the line, and a megabyte-long header name buries the message it is in. So every such value
//! is shown with those characters escaped (`\u{1b}`, `\u{202e}`), and names are clipped to a
//! length, with a visible `…` where they were cut.

/// The first `n` characters of `s`, with `…` if there were more.
pub(crate) fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// `s` with control characters escaped (`\n`, `\t`, `\u{1b}`), clipped to `n` characters.
pub(crate) fn shown(s: &str, n: usize) -> String {
    escaped(&clip(s, n))
}

/// `s` with every character escaped that would act on a terminal or hide or reorder text:
/// control characters, bidirectional controls, and invisible characters that make two
/// different names look alike (zero-width space, soft hyphen, byte order mark). The zero-width
/// joiner is left alone: emoji sequences are made with it.
pub(crate) fn escaped(s: &str) -> String {
    if !s.chars().any(unsafe_char) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `c` is escaped by [`escaped`].
pub(crate) fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{200b}'
                | '\u{200c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_clips() {
        assert_eq!(shown("asn-1", 10), "asn-1");
        assert_eq!(shown("a\u{1b}[2Jb\n", 10), "a\\u{1b}[2Jb\\n");
        assert_eq!(shown("\u{9b}x", 10), "\\u{9b}x");
        assert_eq!(shown(&"é".repeat(5), 3), "ééé…");
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(
            escaped("a\u{202e}b\u{200b}c\rd"),
            "a\\u{202e}b\\u{200b}c\\rd"
        );
        // Emoji, keycaps and joined emoji sequences are shown as themselves.
        let emoji = "0\u{fe0f}\u{20e3} ✌️ 👨\u{200d}👩\u{200d}👧";
        assert_eq!(escaped(emoji), emoji);
    }
}
