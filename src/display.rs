//! Text from user data made safe to show in messages and on a terminal.
//!
//! Names, ids, handles and texts come from archives, packs and labelled files that anyone can
//! write. Printed raw, a control character in one (an escape sequence, a carriage return) can
//! rewrite or hide what the terminal shows, a bidirectional override can reorder the rest of
//! the line, and a megabyte-long header name buries the message it is in. So netral shows every
//! such value with those characters escaped (`\u{1b}`, `\u{202e}`), names clipped to a length
//! with a visible `…`; emoji, keycaps and every other visible character are shown as
//! themselves. Tools that print what netral reads can do the same with [`escaped`].
//!
//! ```
//! use netral::display::{escaped, escaped_lines};
//!
//! assert_eq!(escaped("a\u{1b}[31mb\r"), "a\\u{1b}[31mb\\r");
//! assert_eq!(escaped_lines("x\ny\u{202e}"), "x\ny\\u{202e}");
//! ```

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
pub fn escaped(s: &str) -> String {
    escape_but(s, |_| false)
}

/// `s` with every [`unsafe_char`] escaped but its line breaks, which are kept: for a text
/// shown over several lines.
pub fn escaped_lines(s: &str) -> String {
    escape_but(s, |c| c == '\n')
}

fn escape_but(s: &str, keep: impl Fn(char) -> bool) -> String {
    if !s.chars().any(|c| unsafe_char(c) && !keep(c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) && !keep(c) {
            // `\n`, `\t` and `\r` as such, any other as `\u{…}`.
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `c` is escaped by [`escaped`]: whether it would act on the terminal, or hide or
/// reorder text, when printed.
pub fn unsafe_char(c: char) -> bool {
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

    #[test]
    fn lines_keep_their_breaks_and_nothing_else() {
        assert_eq!(
            escaped("a\u{1b}[31mb\u{7}\r\u{202e}c\u{200b}"),
            "a\\u{1b}[31mb\\u{7}\\r\\u{202e}c\\u{200b}"
        );
        assert_eq!(escaped("x\ny"), "x\\ny");
        assert_eq!(escaped_lines("x\ny\u{1b}"), "x\ny\\u{1b}");
        assert_eq!(escaped_lines("x\r\ny"), "x\\r\ny");
    }
}
