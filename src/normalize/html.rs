//! HTML character references and tags in exported text.
//!
//! Older tweet exports and YouTube comment exports carry text as HTML: `&quot;Prabowo&quot;`,
//! `Ganjar &amp; Mahfud`, `baris satu<br>baris dua`, `<b>Coblos</b> 02`. A reader sees the
//! characters and the line breaks, not the markup, so the normaliser reads them the same way:
//! a reference stands for its character, a tag that breaks a line or a block stands for a break,
//! and an inline formatting tag stands for nothing. The character a reference stands for keeps
//! the whole reference as its original bytes, so a match on it covers `&#97;` in the text.
//!
//! Only what is certainly markup is read: a reference must end with `;` and name a character
//! (`&#0;` and `&foo;` stay text), but for the four that tweet exports often leave without it
//! (`&amp`, `&quot`, `&lt`, `&gt`), read as such before anything but a letter or a digit
//! (`Anies &amp Imin`; `&ampuh` stays text); and a tag must be one of the HTML tags that
//! exports carry, closed with `>` within a short stretch. `a < b`, `<3` and `AT&T` stay text.

/// What a piece of markup stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Markup {
    /// A character reference: the character.
    Char(char),
    /// A tag that ends a line or a block (`<br>`, `<p>`, `</div>`): a break between words.
    Break,
    /// An inline formatting tag (`<b>`, `</i>`, `<a href=...>`): nothing.
    Drop,
}

/// The longest tag read, attributes included: a link's `href` fits, a stray `<` before
/// ordinary text does not run on.
const MAX_TAG: usize = 512;

/// The longest character reference: `&#x10FFFF;` and the named ones below fit.
const MAX_REFERENCE: usize = 12;

/// The markup that starts at `bytes[i]` (a `&` or `<`), and the index just after it.
pub(super) fn markup_at(bytes: &[u8], i: usize) -> Option<(Markup, usize)> {
    match bytes.get(i)? {
        b'&' => reference(bytes, i),
        b'<' => tag(bytes, i),
        _ => None,
    }
}

/// Whether `bytes` may hold markup at all: the fast path for plain text skips the rest.
pub(super) fn may_hold_markup(bytes: &[u8]) -> bool {
    memchr::memchr2(b'&', b'<', bytes).is_some()
}

fn reference(bytes: &[u8], i: usize) -> Option<(Markup, usize)> {
    let rest = bytes.get(i + 1..)?;
    let Some(len) = rest.iter().take(MAX_REFERENCE).position(|&b| b == b';') else {
        return unterminated(rest, i);
    };
    let body = &rest[..len];
    let end = i + 1 + len + 1;
    let c = match body {
        [b'#', b'x' | b'X', hex @ ..] => number(hex, 16)?,
        [b'#', dec @ ..] => number(dec, 10)?,
        name => named(name)?,
    };
    Some((Markup::Char(c), end))
}

/// The references exports leave without their `;`, and what they stand for.
const UNTERMINATED: [(&[u8], char); 4] =
    [(b"amp", '&'), (b"quot", '"'), (b"lt", '<'), (b"gt", '>')];

/// A reference without its `;` at `rest` (just after the `&` at `i`): one of [`UNTERMINATED`]
/// before anything but an ASCII letter or digit.
fn unterminated(rest: &[u8], i: usize) -> Option<(Markup, usize)> {
    UNTERMINATED.iter().find_map(|&(name, c)| {
        let after = rest.strip_prefix(name)?;
        (!after.first().is_some_and(u8::is_ascii_alphanumeric))
            .then_some((Markup::Char(c), i + 1 + name.len()))
    })
}

/// A numeric reference's character: a valid scalar value that is not NUL.
fn number(digits: &[u8], radix: u32) -> Option<char> {
    if digits.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for &d in digits {
        n = n
            .checked_mul(radix)?
            .checked_add(char::from(d).to_digit(radix)?)?;
    }
    char::from_u32(n).filter(|&c| c != '\0')
}

/// The named references that exports carry.
fn named(name: &[u8]) -> Option<char> {
    Some(match name {
        b"quot" => '"',
        b"amp" => '&',
        b"apos" => '\'',
        b"lt" => '<',
        b"gt" => '>',
        b"nbsp" => '\u{a0}',
        b"hellip" => '…',
        b"ndash" => '–',
        b"mdash" => '—',
        b"lsquo" => '‘',
        b"rsquo" => '’',
        b"ldquo" => '“',
        b"rdquo" => '”',
        b"laquo" => '«',
        b"raquo" => '»',
        b"middot" => '·',
        b"bull" => '•',
        _ => return None,
    })
}

/// Tags that break a line or stand for a block of their own.
const BREAKING: &[&[u8]] = &[
    b"br",
    b"p",
    b"div",
    b"li",
    b"ul",
    b"ol",
    b"hr",
    b"blockquote",
    b"pre",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"tr",
    b"td",
    b"th",
    b"table",
    b"img",
];

/// Inline tags: formatting, links and spans, which a reader does not see.
const INLINE: &[&[u8]] = &[
    b"a", b"b", b"i", b"u", b"s", b"em", b"strong", b"span", b"small", b"big", b"font", b"mark",
    b"sub", b"sup", b"code", b"abbr", b"q", b"del", b"ins", b"strike", b"wbr",
];

fn tag(bytes: &[u8], i: usize) -> Option<(Markup, usize)> {
    let mut j = i + 1;
    if bytes.get(j) == Some(&b'/') {
        j += 1;
    }
    let name_start = j;
    while bytes.get(j).is_some_and(u8::is_ascii_alphanumeric) {
        j += 1;
    }
    let name = bytes[name_start..j].to_ascii_lowercase();
    let markup = if BREAKING.contains(&&name[..]) {
        Markup::Break
    } else if INLINE.contains(&&name[..]) {
        Markup::Drop
    } else {
        return None;
    };
    // After the name: `>`, `/>`, or whitespace and attributes up to `>`, with no `<` inside.
    match bytes.get(j)? {
        b'>' => return Some((markup, j + 1)),
        b'/' if bytes.get(j + 1) == Some(&b'>') => return Some((markup, j + 2)),
        b if b.is_ascii_whitespace() => {}
        _ => return None,
    }
    let limit = bytes.len().min(i + MAX_TAG);
    let close = memchr::memchr2(b'>', b'<', &bytes[j..limit])?;
    (bytes[j + close] == b'>').then_some((markup, j + close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Option<(Markup, usize)> {
        markup_at(s.as_bytes(), 0)
    }

    #[test]
    fn references() {
        assert_eq!(at("&quot;x"), Some((Markup::Char('"'), 6)));
        assert_eq!(at("&#39;"), Some((Markup::Char('\''), 5)));
        assert_eq!(at("&#x27;"), Some((Markup::Char('\''), 6)));
        assert_eq!(at("&#8230;"), Some((Markup::Char('…'), 7)));
        assert_eq!(at("&amp"), Some((Markup::Char('&'), 4)));
        assert_eq!(at("&amp x"), Some((Markup::Char('&'), 4)));
        assert_eq!(at("&gt&gt"), Some((Markup::Char('>'), 3)));
        assert_eq!(at("&ampuh"), None);
        assert_eq!(at("&lt3"), None);
        assert_eq!(at("&copy"), None);
        assert_eq!(at("&#0;"), None);
        assert_eq!(at("&#xD800;"), None);
        assert_eq!(at("&#99999999999;"), None);
        assert_eq!(at("&foo;"), None);
        assert_eq!(at("& x;"), None);
    }

    #[test]
    fn tags() {
        assert_eq!(at("<br>"), Some((Markup::Break, 4)));
        assert_eq!(at("<br/>"), Some((Markup::Break, 5)));
        assert_eq!(at("<BR />"), Some((Markup::Break, 6)));
        assert_eq!(at("</p>"), Some((Markup::Break, 4)));
        assert_eq!(at("<b>"), Some((Markup::Drop, 3)));
        assert_eq!(at("<a href=\"https://t.co/x\">"), Some((Markup::Drop, 25)));
        assert_eq!(at("<3 kamu"), None);
        assert_eq!(at("< b>"), None);
        assert_eq!(at("<b"), None);
        assert_eq!(at("<bold>"), None);
        assert_eq!(at("<a href=x <b>"), None);
    }
}
