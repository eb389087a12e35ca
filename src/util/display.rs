//! Values from user data made safe to show in messages and on a terminal.
//!
//! Names, ids and handles come from archives and packs that anyone can write. Printed raw, a
//! control character in one (an escape sequence) can rewrite or hide what the terminal shows, and
//! a megabyte-long header name buries the message it is in. So every such value is shown with
//! its control characters escaped and clipped to a length, with a visible `…` where it was cut.

/// The first `n` characters of `s`, with `…` if there were more.
pub(crate) fn clip(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// `s` with control characters escaped (`\n`, `\t`, `\u{1b}`), clipped to `n` characters.
pub(crate) fn shown(s: &str, n: usize) -> String {
    let clipped = clip(s, n);
    if !clipped.chars().any(char::is_control) {
        return clipped;
    }
    clipped
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
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
    }
}
