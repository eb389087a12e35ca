//! Text from users made safe to print on a terminal.
//!
//! `check`, `eval` and `lexicon test` print texts that someone else wrote: a post given on
//! the command line, the cases of a labelled file, the examples of a pack. Printed raw, an
//! escape sequence in one can recolour, move or rewrite what the terminal shows, a carriage
//! return can overwrite the line, and a bidirectional override can reorder it. So every such
//! text is printed with those characters escaped (`\u{1b}`, `\r`, `\u{202e}`), as the library
//! does for the names in its messages and summary, while emoji, keycaps and every other
//! visible character are printed as themselves.

/// Whether `c` would act on the terminal, or hide or reorder text, when printed: control
/// characters, bidirectional controls, and invisible characters that make two different words
/// look alike (zero-width space, soft hyphen, byte order mark). The zero-width joiner is not
/// among them: emoji sequences are made with it.
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

/// `s` with every [`unsafe_char`] escaped.
pub fn escaped(s: &str) -> String {
    escape_but(s, |_| false)
}

/// `s` with every [`unsafe_char`] escaped but its line breaks, which are kept: for a text
/// shown over several lines.
pub fn escaped_lines(s: &str) -> String {
    escape_but(s, |c| c == '\n')
}

fn escape_but(s: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_acts_on_a_terminal() {
        assert_eq!(
            escaped("a\u{1b}[31mb\u{7}\r\u{202e}c\u{200b}"),
            "a\\u{1b}[31mb\\u{7}\\r\\u{202e}c\\u{200b}"
        );
        assert_eq!(escaped("x\ny"), "x\\ny");
        assert_eq!(escaped_lines("x\ny\u{1b}"), "x\ny\\u{1b}");
        let emoji = "Jgn lupa coblos 0\u{fe0f}\u{20e3}2\u{fe0f}\u{20e3} ✌️ 👨\u{200d}👩\u{200d}👧";
        assert_eq!(escaped(emoji), emoji);
    }
}
