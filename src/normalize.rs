//! Normalising Indonesian social-media text for matching, with a map back to the original.
//!
//! The canonical form is lower-case ASCII letters and digits in tokens separated by single
//! spaces, with `#` kept before hashtags, `@handle` kept whole, and emoji and other symbols kept
//! as themselves. Every byte of the canonical form remembers the original bytes it came from, so
//! a match in the canonical form becomes a [`Span`] into the text the user gave.
//!
//! What it undoes, in order:
//! 0. HTML markup that exports carry: a character reference (`&quot;`, `&#8230;`) is its
//!    character, a tag that breaks a line or a block (`<br>`, `<p>`) is a break, and an inline
//!    formatting tag (`<b>`, `</i>`, `<a href=...>`) is nothing;
//! 1. per character: invisible and bidi characters are dropped; compatibility forms (styled
//!    mathematical letters, fullwidth, circled) and diacritics are decomposed away; Cyrillic and
//!    Greek look-alikes become Latin letters; keycap and skin-tone modifiers are dropped, so
//!    `0️⃣2️⃣` is `02` (and a keycap digit on its own, `2️⃣`, is `02` too);
//! 2. per token: leetspeak is decoded for a lone digit that touches letters (`pr4b0w0`) and in
//!    words spelled in digits through and through (`4n135`), so numbers (`02`, `2024`, `02.00`)
//!    and number-plus-unit tokens (`3jt`, `1putaran`) stay digits; camelCase
//!    and letter-digit boundaries split tokens (`#PrabowoGibran2024` is `#prabowo gibran 2024`);
//!    runs of a repeated letter are squeezed to one (`prabowooo`, and `saat` alike: terms are
//!    squeezed the same way), except in a word of one letter repeated (`PPP`); URLs are dropped;
//! 3. across tokens: three or more single characters split by separators are joined
//!    (`p r a b o w o`, `g.i.b.r.a.n`, `p-d-1-p`).
//!
//! Normalising an already normalised text changes nothing.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use self::html::Markup;
use crate::span::Span;

mod html;

/// Text in canonical form, with the map back to the original bytes.
///
/// Reuse one value per thread with [`Normalized::normalize_into`] to avoid allocating for every
/// text.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    /// The canonical text.
    text: String,
    /// For every byte of `text`, the original bytes it came from. Squeezed letters and dropped
    /// modifiers widen the previous byte's range, so a match covers them.
    map: Vec<Orig>,
    /// Scratch: the per-character units of the last input.
    units: Vec<Unit>,
    /// Scratch: the pending chain of single-character tokens.
    chain: Vec<ChainTok>,
    /// Scratch: a joined chain being re-emitted.
    joined: Vec<Unit>,
}

impl Normalized {
    /// An empty value, ready for [`Normalized::normalize_into`].
    pub fn new() -> Normalized {
        Normalized::default()
    }

    /// Normalises `text`, replacing what this value held.
    ///
    /// Only the first 4 GiB of a text are read; real posts are far shorter.
    pub fn normalize_into(&mut self, text: &str) {
        self.normalize_with(text, true);
    }

    /// Normalises `text`, with the shortcuts for plain ASCII words or without them (the
    /// tests check that both give the same result).
    fn normalize_with(&mut self, text: &str, shortcuts: bool) {
        let text = clamp(text);
        self.text.clear();
        self.map.clear();
        let mut units = std::mem::take(&mut self.units);
        units.clear();
        // Plain ASCII text is read a byte at a time without a table of units; text with HTML
        // markup in it takes the general way, which reads the markup.
        let ascii = shortcuts && text.is_ascii() && !html::may_hold_markup(text.as_bytes());
        if !ascii {
            collect_units(text, &mut units);
        }
        // Room for every unit and a space before each, so that pushes seldom reallocate.
        self.text.reserve(text.len() * 2);
        self.map.reserve(text.len() * 2);
        let mut chain = std::mem::take(&mut self.chain);
        let mut joined = std::mem::take(&mut self.joined);
        chain.clear();
        let mut out = Emitter {
            src: text,
            text: &mut self.text,
            map: &mut self.map,
            state: State::Start,
            token_start: 0,
            token_upper: false,
            gap: 0,
            token_gap: 0,
            sep: '\0',
            token_sep: '\0',
            join: Some((&mut chain, &mut joined)),
            piece: 0,
            shortcuts,
        };
        if ascii {
            out.run(&Ascii(text.as_bytes()));
        } else {
            out.run(&units[..]);
        }
        self.units = units;
        self.chain = chain;
        self.joined = joined;
    }

    /// The canonical text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The original span of the canonical byte range `range`.
    ///
    /// `range` must be non-empty and lie within [`Normalized::as_str`]; an empty or
    /// out-of-range request gives an empty span at the nearest valid place.
    pub fn span(&self, range: Range<usize>) -> Span {
        if range.start >= range.end || range.end > self.text.len() {
            let at = self.map.get(range.start).map_or(0, |o| o.start) as usize;
            return Span { start: at, end: at };
        }
        Span {
            start: self.map[range.start].start as usize,
            end: self.map[range.end - 1].end as usize,
        }
    }
}

/// Normalises `text` into a new [`Normalized`].
///
/// ```
/// let n = netral::normalize("Coblos 𝐏𝐫𝐚𝐛𝐨𝐰𝐨oo #GanjarMahfud2024");
/// assert_eq!(n.as_str(), "coblos prabowo #ganjar mahfud 2024");
/// ```
pub fn normalize(text: &str) -> Normalized {
    let mut n = Normalized::new();
    n.normalize_into(text);
    n
}

fn clamp(text: &str) -> &str {
    let max = u32::MAX as usize;
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The original bytes `start..end` that one byte of the canonical text came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Orig {
    start: u32,
    end: u32,
}

/// The character classes that the token pass distinguishes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    /// Whitespace and punctuation; `ch` keeps the ASCII character (`' '` for whitespace, `'~'`
    /// for non-ASCII punctuation) because a few of them matter between digits or as leetspeak.
    Sep,
    Hash,
    At,
    /// Emoji and other symbols: kept as themselves, never part of a word.
    Sym,
}

/// One character after the per-character pass.
#[derive(Clone, Copy, Debug)]
struct Unit {
    ch: char,
    class: Class,
    upper: bool,
    start: u32,
    end: u32,
}

impl Unit {
    fn is_alnum(&self) -> bool {
        matches!(self.class, Class::Letter | Class::Digit)
    }

    fn is_sep(&self, c: char) -> bool {
        self.class == Class::Sep && self.ch == c
    }
}

/// The ASCII table: class and lower-case character for every byte below 0x80.
const ASCII: [(Class, u8); 128] = {
    let mut t = [(Class::Sep, b' '); 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            (Class::Letter, c)
        } else if c.is_ascii_uppercase() {
            (Class::Letter, c + 32)
        } else if c.is_ascii_digit() {
            (Class::Digit, c)
        } else if c == b'#' {
            (Class::Hash, c)
        } else if c == b'@' {
            (Class::At, c)
        } else if c.is_ascii_whitespace() || c < 0x20 || c == 0x7f {
            (Class::Sep, b' ')
        } else {
            (Class::Sep, c)
        };
        b += 1;
    }
    t
};

fn ascii_unit(b: u8, start: u32, end: u32) -> Unit {
    let (class, ch) = ASCII[b as usize];
    Unit {
        ch: ch as char,
        class,
        upper: b.is_ascii_uppercase(),
        start,
        end,
    }
}

/// The per-character units of a text, by index. ASCII text needs no table of units: a unit is
/// a function of its byte and its offset, so the token pass reads the bytes directly.
trait Units {
    fn len(&self) -> usize;
    fn at(&self, i: usize) -> Unit;

    /// The text's bytes, when the text is all ASCII and unit `i` is byte `i`.
    fn ascii(&self) -> Option<&[u8]> {
        None
    }
}

impl Units for [Unit] {
    #[inline(always)]
    fn len(&self) -> usize {
        <[Unit]>::len(self)
    }

    #[inline(always)]
    fn at(&self, i: usize) -> Unit {
        self[i]
    }
}

/// An all-ASCII text: one unit a byte.
struct Ascii<'a>(&'a [u8]);

impl Units for Ascii<'_> {
    #[inline(always)]
    fn len(&self) -> usize {
        self.0.len()
    }

    #[inline(always)]
    fn at(&self, i: usize) -> Unit {
        ascii_unit(self.0[i], i as u32, i as u32 + 1)
    }

    #[inline(always)]
    fn ascii(&self) -> Option<&[u8]> {
        Some(self.0)
    }
}

fn collect_units(text: &str, units: &mut Vec<Unit>) {
    let bytes = text.as_bytes();
    units.reserve(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'&' | b'<') {
            i = push_markup(bytes, i, units);
            continue;
        }
        if bytes[i] < 0x80 {
            // A run of ASCII: one unit a byte, added without a capacity check per byte.
            let run = bytes[i..]
                .iter()
                .position(|&b| b >= 0x80 || b == b'&' || b == b'<')
                .unwrap_or(bytes.len() - i);
            let base = i as u32;
            units.extend(
                bytes[i..i + run]
                    .iter()
                    .zip(base..)
                    .map(|(&b, at)| ascii_unit(b, at, at + 1)),
            );
            i += run;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let end = i + c.len_utf8();
        push_non_ascii(c, i as u32, end as u32, units);
        i = end;
    }
}

/// The unit of the `&` or `<` at `bytes[i]`: the markup it starts, read as what it stands for,
/// or the character itself. Returns the index after it.
fn push_markup(bytes: &[u8], i: usize, units: &mut Vec<Unit>) -> usize {
    let Some((markup, end)) = html::markup_at(bytes, i) else {
        units.push(ascii_unit(bytes[i], i as u32, i as u32 + 1));
        return i + 1;
    };
    let (start, end32) = (i as u32, end as u32);
    match markup {
        // The character spans the whole reference, so a match on it covers all of it.
        Markup::Char(c) if c.is_ascii() => units.push(ascii_unit(c as u8, start, end32)),
        Markup::Char(c) => push_non_ascii(c, start, end32, units),
        Markup::Break => units.push(Unit {
            ch: ' ',
            class: Class::Sep,
            upper: false,
            start,
            end: end32,
        }),
        // Formatting is invisible, but unlike an invisible character it does not widen the
        // match before it: `<b>Prabowo</b>` matches as `Prabowo`.
        Markup::Drop => {}
    }
    end
}

fn push_non_ascii(c: char, start: u32, end: u32, units: &mut Vec<Unit>) {
    if is_invisible(c) || is_combining_mark(c) {
        // Dropped, but a match that ends just before it should cover it: a keycap sequence
        // or a skin-tone emoji is one thing to a reader.
        if let Some(prev) = units.last_mut() {
            if prev.end == start {
                prev.end = end;
            }
        }
        return;
    }
    if let Some((ch, upper)) = confusable(c) {
        units.push(Unit {
            ch,
            class: Class::Letter,
            upper,
            start,
            end,
        });
        return;
    }
    let before = units.len();
    decompose_compatible(c, |d| {
        if is_combining_mark(d) || is_invisible(d) {
            return;
        }
        let upper = d.is_uppercase();
        for l in d.to_lowercase() {
            decompose_compatible(l, |e| push_char(e, upper, start, end, units));
        }
    });
    if units.len() == before {
        // Nothing visible came out (a lone modifier): treat like a dropped character.
        if let Some(prev) = units.last_mut() {
            if prev.end == start {
                prev.end = end;
            }
        }
    }
}

fn push_char(e: char, upper: bool, start: u32, end: u32, units: &mut Vec<Unit>) {
    if is_combining_mark(e) || is_invisible(e) {
        return;
    }
    if e.is_ascii() {
        let mut u = ascii_unit(e as u8, start, end);
        u.upper = upper || u.upper;
        units.push(u);
        return;
    }
    if let Some((ch, up)) = confusable(e) {
        units.push(Unit {
            ch,
            class: Class::Letter,
            upper: upper || up,
            start,
            end,
        });
        return;
    }
    let (class, ch) = if e.is_alphanumeric() {
        (Class::Letter, e)
    } else if e.is_whitespace() {
        (Class::Sep, ' ')
    } else if is_punctuation(e) {
        (Class::Sep, '~')
    } else {
        (Class::Sym, e)
    };
    units.push(Unit {
        ch,
        class,
        upper,
        start,
        end,
    });
}

/// Characters that render as nothing: zero-width, joiners, bidi controls, variation selectors,
/// tags, the keycap mark and skin-tone modifiers.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{20E3}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{E0000}'..='\u{E0FFF}')
}

fn is_punctuation(c: char) -> bool {
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{2E00}'..='\u{2E7F}'
        | '\u{3000}'..='\u{303F}' | '\u{FE10}'..='\u{FE19}' | '\u{FE30}'..='\u{FE6F}')
}

/// Cyrillic and Greek letters that look like Latin ones, as (Latin letter, was upper case).
fn confusable(c: char) -> Option<(char, bool)> {
    let m = match c {
        'А' | 'Α' => ('a', true),
        'а' | 'α' | 'ɑ' => ('a', false),
        'В' | 'Β' => ('b', true),
        'в' | 'β' | 'Ь' | 'ь' => ('b', false),
        'С' | 'Ϲ' => ('c', true),
        'с' | 'ϲ' => ('c', false),
        'Ԁ' => ('d', true),
        'ԁ' => ('d', false),
        'Е' | 'Ε' => ('e', true),
        'е' | 'ε' => ('e', false),
        'Н' | 'Η' => ('h', true),
        'н' | 'һ' => ('h', false),
        'І' | 'Ι' | 'Ӏ' => ('i', true),
        'і' | 'ι' | 'ı' | 'ӏ' => ('i', false),
        'Ј' => ('j', true),
        'ј' => ('j', false),
        'К' | 'Κ' => ('k', true),
        'к' | 'κ' => ('k', false),
        'М' | 'Μ' => ('m', true),
        'м' => ('m', false),
        'Ν' => ('n', true),
        'η' | 'п' => ('n', false),
        'О' | 'Ο' => ('o', true),
        'о' | 'ο' | 'σ' => ('o', false),
        'Р' | 'Ρ' => ('p', true),
        'р' | 'ρ' => ('p', false),
        'Ѕ' => ('s', true),
        'ѕ' => ('s', false),
        'Т' | 'Τ' => ('t', true),
        'т' | 'τ' => ('t', false),
        'υ' => ('u', false),
        'ν' => ('v', false),
        'ω' => ('w', false),
        'Х' | 'Χ' => ('x', true),
        'х' | 'χ' => ('x', false),
        'У' | 'Υ' | 'Ү' => ('y', true),
        'у' | 'ү' => ('y', false),
        'Ζ' => ('z', true),
        _ => return None,
    };
    Some(m)
}

/// The letter a leetspeak character stands for.
fn leet(c: char) -> Option<char> {
    Some(match c {
        '4' | '@' => 'a',
        '3' => 'e',
        '1' | '!' => 'i',
        '0' => 'o',
        '5' | '$' => 's',
        '7' => 't',
        '6' | '9' => 'g',
        '8' => 'b',
        _ => return None,
    })
}

/// Words that follow a number as its unit: `3jt`, `5km`, `2x` stay numbers.
fn is_unit(word: &str) -> bool {
    matches!(
        word,
        "x" | "k"
            | "m"
            | "g"
            | "h"
            | "d"
            | "s"
            | "l"
            | "an"
            | "rb"
            | "ribu"
            | "jt"
            | "juta"
            | "km"
            | "kg"
            | "gr"
            | "cm"
            | "mm"
            | "ml"
            | "gb"
            | "mb"
            | "th"
            | "thn"
            | "tahun"
            | "bln"
            | "bulan"
            | "hr"
            | "hari"
            | "jam"
            | "mnt"
            | "menit"
            | "dtk"
            | "detik"
            | "org"
            | "orang"
            | "kali"
            | "st"
            | "nd"
            | "rd"
            | "pm"
            | "am"
            | "ons"
            | "lt"
            | "persen"
            | "pcs"
            | "buah"
            | "putaran"
            | "jari"
            | "periode"
            | "priode"
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Nothing emitted yet, or only a `#`: the next token needs no space.
    Start,
    /// A word (letters or digits) was emitted last.
    Word,
    /// A symbol was emitted last.
    Sym,
    /// A separator was seen since the last output.
    Space,
    /// A `#` was emitted last.
    Hash,
}

/// A single-character token waiting to be joined with its neighbours.
#[derive(Clone, Copy, Debug)]
struct ChainTok {
    start: usize,
    end: usize,
    letter: bool,
    /// Whether it was written in upper case.
    upper: bool,
    /// The separator that stood before it (`'\0'` for none).
    sep: char,
    /// Whether the chain is split before it: more than one separator stood there
    /// (`a.n.i.e.s - m.u.h`), another separator than the one inside the chain
    /// (`p.r.a.b.o.w.o g.i.b.r.a.n`), or an upper-case letter follows a lower-case one
    /// (`P r a b o w o G i b r a n`).
    cut: bool,
}

/// Writes canonical text and its map. `join` holds the scratch for joining chains of single
/// characters; a nested emitter that re-emits a chain has none, so it never joins again.
struct Emitter<'a> {
    /// The original text that the units' spans point into.
    src: &'a str,
    text: &'a mut String,
    map: &'a mut Vec<Orig>,
    state: State,
    /// Output offset where the current token began.
    token_start: usize,
    /// Whether the current token began with an upper-case letter.
    token_upper: bool,
    /// Separators seen since the last output.
    gap: u32,
    /// The gap that stood before the current token.
    token_gap: u32,
    /// The last separator seen since the last output (`'\0'` for none).
    sep: char,
    /// The separator that stood before the current token.
    token_sep: char,
    join: Option<(&'a mut Vec<ChainTok>, &'a mut Vec<Unit>)>,
    /// The index in the chain of its last token marked `cut` (0 for none): where the current
    /// piece starts.
    piece: usize,
    /// Whether plain words may take the shortcuts that copy them without a look at each unit.
    shortcuts: bool,
}

impl Emitter<'_> {
    fn run<U: Units + ?Sized>(&mut self, units: &U) {
        let mut i = 0;
        while i < units.len() {
            let u = units.at(i);
            match u.class {
                Class::Letter | Class::Digit => i = self.word(units, i),
                Class::Sep => {
                    if self.state != State::Start {
                        self.state = State::Space;
                    }
                    self.gap += 1;
                    self.sep = u.ch;
                    i += 1;
                }
                Class::Hash => {
                    let word_follows = i + 1 < units.len() && units.at(i + 1).is_alnum() && {
                        let end = token_end(units, i + 1);
                        !is_url_start(units, i + 1, end)
                    };
                    if word_follows {
                        self.flush_chain();
                        self.space_before_word();
                        self.push(u.ch, u.start, u.end);
                        self.state = State::Hash;
                    } else if self.state != State::Start {
                        self.state = State::Space;
                    }
                    i += 1;
                }
                Class::At => i = self.at(units, i),
                Class::Sym => {
                    self.flush_chain();
                    if matches!(self.state, State::Word | State::Space | State::Hash) {
                        self.push(' ', u.start, u.start);
                    }
                    self.push(u.ch, u.start, u.end);
                    self.state = State::Sym;
                    i += 1;
                }
            }
        }
        self.flush_chain();
    }

    /// An `@` at the start of a token: a handle (`@prabowo`, kept whole) or leetspeak
    /// (`@n1es`, where the body has a digit between letters).
    fn at<U: Units + ?Sized>(&mut self, units: &U, i: usize) -> usize {
        let body_end = (i + 1..units.len())
            .find(|&k| {
                let u = units.at(k);
                !(u.is_alnum() || u.is_sep('_'))
            })
            .unwrap_or(units.len());
        if body_end == i + 1 {
            if self.state != State::Start {
                self.state = State::Space;
            }
            return i + 1;
        }
        let body = i + 1..body_end;
        // Every window of three units of the body.
        let leet_word = !body.clone().any(|k| units.at(k).is_sep('_'))
            && (body.start..body.end.saturating_sub(2)).any(|k| {
                let w = [units.at(k), units.at(k + 1), units.at(k + 2)];
                w[0].class == Class::Letter
                    && w[1].class == Class::Digit
                    && leet(w[1].ch).is_some()
                    && w[2].class == Class::Letter
            });
        if leet_word {
            return self.word(units, i);
        }
        self.flush_chain();
        self.space_before_word();
        let u = units.at(i);
        self.push('@', u.start, u.end);
        for k in body {
            let b = units.at(k);
            self.push(b.ch, b.start, b.end);
        }
        self.state = State::Word;
        // A handle is not a single-character token: it ends any chain.
        body_end
    }

    /// A word token starting at `i`; returns the index after it.
    fn word<U: Units + ?Sized>(&mut self, units: &U, i: usize) -> usize {
        let plain = units
            .ascii()
            .filter(|_| self.shortcuts)
            .and_then(|bytes| Some((bytes[i], plain_ascii_word(bytes, i)?)));
        if let Some((first, end)) = plain {
            // What `emit_letters` does for such a word, without looking at it again.
            self.start_word(first.is_ascii_uppercase());
            self.push(first.to_ascii_lowercase() as char, i as u32, i as u32 + 1);
            self.push_verbatim(i + 1..end);
            return end;
        }
        let end = token_end(units, i);
        if is_url_start(units, i, end) {
            let mut j = end;
            while j < units.len() && !units.at(j).is_sep(' ') {
                j += 1;
            }
            // The URL leaves nothing in the output, so it must not split a chain either: a
            // second pass would not see it.
            if self.state != State::Start {
                self.state = State::Space;
            }
            self.gap += 2;
            return j;
        }
        if end == i + 1 && self.keycap_number(units.at(i)) {
            return end;
        }
        if (i..end).all(|k| units.at(k).class == Class::Letter) {
            // The common case: nothing to decode.
            self.emit_letters(units, i, end);
        } else {
            let n = end - i;
            let mut tok = [units.at(i); 32];
            if n <= tok.len() {
                for (slot, k) in tok.iter_mut().zip(i..end) {
                    *slot = units.at(k);
                }
                decode_leet(&mut tok[..n]);
                self.emit_token(&tok[..n]);
            } else {
                let mut v: Vec<Unit> = (i..end).map(|k| units.at(k)).collect();
                decode_leet(&mut v);
                self.emit_token(&v);
            }
        }
        end
    }

    /// A keycap digit on its own (`2️⃣`) is a number written as an emoji, as a ballot number
    /// is: it takes the two-digit form (`02`), which a bare digit does not. Returns whether `u`
    /// was one and is emitted.
    #[inline(never)]
    fn keycap_number(&mut self, u: Unit) -> bool {
        let keycap = u.class == Class::Digit
            && u.end > u.start + 1
            && self.src[u.start as usize..u.end as usize].contains('\u{20E3}');
        if keycap {
            self.start_word(false);
            self.push('0', u.start, u.end);
            self.push(u.ch, u.start, u.end);
            self.end_token();
            self.state = State::Word;
        }
        keycap
    }

    /// `calon2`, `anak2`: a trailing lone `2` after two or more letters of the same token
    /// means reduplication and stays attached instead of becoming a number token.
    fn is_reduplication(&self, u: Unit) -> bool {
        let so_far = &self.text[self.token_start..];
        u.ch == '2'
            && u.class == Class::Digit
            && so_far.chars().count() >= 2
            && so_far.chars().all(char::is_alphabetic)
    }

    /// Starts a word token after whatever separated it from the last output.
    fn start_word(&mut self, upper: bool) {
        self.space_before_word();
        self.token_start = self.text.len();
        self.token_upper = upper;
    }

    /// Ends the current token and starts another inside the same raw word, at a camelCase or
    /// letter-digit boundary at original offset `at`: no separator stood between them.
    fn split_word(&mut self, at: u32, upper: bool) {
        self.end_token();
        self.push(' ', at, at);
        self.token_start = self.text.len();
        self.token_upper = upper;
        self.token_gap = 1;
        self.token_sep = '\0';
    }

    fn space_before_word(&mut self) {
        if matches!(self.state, State::Word | State::Sym | State::Space) {
            let at = self.map.last().map_or(0, |o| o.end);
            self.push(' ', at, at);
        }
        self.token_gap = self.gap;
        self.gap = 0;
        self.token_sep = std::mem::replace(&mut self.sep, '\0');
    }

    /// [`Emitter::emit_token`] for the token `start..end` of letters only, the common case: no
    /// letter-digit boundaries or reduplication to look for, only camelCase splits and repeated
    /// letters.
    fn emit_letters<U: Units + ?Sized>(&mut self, units: &U, start: usize, end: usize) {
        if start >= end {
            return;
        }
        let first = units.at(start);
        self.start_word(first.upper);
        self.push(first.ch, first.start, first.end);
        let plain = plain_run(units, first, start + 1..end);
        if let Some(run) = plain.filter(|_| self.shortcuts) {
            // Lower-case ASCII letters, one byte each, side by side and none repeated: the
            // canonical text is the original text, byte for byte.
            self.push_verbatim(run);
            return;
        }
        // A word of one letter repeated (`PPP`) is an acronym or a sound, not a stretched word:
        // it keeps its letters.
        if (start + 1..end).all(|k| units.at(k).ch == first.ch) {
            for k in start + 1..end {
                let u = units.at(k);
                self.push(u.ch, u.start, u.end);
            }
            self.end_token();
            self.state = State::Word;
            return;
        }
        let mut prev = first;
        for k in start + 1..end {
            let u = units.at(k);
            if u.upper && !prev.upper {
                self.split_word(u.start, true);
            } else if u.ch == prev.ch {
                // The last character of the text is `prev.ch`, pushed or squeezed into.
                self.widen_last_by(prev.ch.len_utf8(), u.end);
                prev = u;
                continue;
            }
            self.push(u.ch, u.start, u.end);
            prev = u;
        }
        self.end_token();
        self.state = State::Word;
    }

    /// Emits one decoded raw token, splitting it at camelCase and letter-digit boundaries and
    /// squeezing repeated letters. Every resulting token goes through `end_token`.
    fn emit_token(&mut self, tok: &[Unit]) {
        if tok.is_empty() {
            return;
        }
        self.start_word(tok[0].upper);
        let mut prev: Option<Unit> = None;
        for (k, &u) in tok.iter().enumerate() {
            if let Some(p) = prev {
                let camel =
                    u.class == Class::Letter && p.class == Class::Letter && u.upper && !p.upper;
                let redup = k == tok.len() - 1 && self.is_reduplication(u);
                let kind_change = (u.class == Class::Digit) != (p.class == Class::Digit)
                    && !redup
                    && !is_digit_sep(&p)
                    && !is_digit_sep(&u);
                if camel || kind_change {
                    self.split_word(u.start, u.upper);
                } else if u.class == Class::Letter && p.class == Class::Letter && u.ch == p.ch {
                    self.widen_last(u.end);
                    prev = Some(u);
                    continue;
                }
            }
            self.push(u.ch, u.start, u.end);
            prev = Some(u);
        }
        self.end_token();
        self.state = State::Word;
    }

    fn end_token(&mut self) {
        let tok = &self.text[self.token_start..];
        // A single character is at most four bytes long. A digit that is no leetspeak letter
        // ("2") can never join letters (it splits off again), so it ends a chain like a longer
        // token.
        let single = if tok.len() > 4 {
            None
        } else {
            let mut chars = tok.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_alphabetic() => Some(true),
                (Some(c), None) if c.is_alphanumeric() && leet(c).is_some() => Some(false),
                _ => None,
            }
        };
        match (single, &mut self.join) {
            (Some(letter), Some((chain, _))) => {
                // The separator inside the current piece: the one after its first token.
                let sep = self.token_sep;
                let inside = chain.get(self.piece + 1).map(|t| t.sep);
                let upper = self.token_upper;
                let camel = upper && chain.last().is_some_and(|t| t.letter && !t.upper);
                let cut = self.token_gap > 1 || camel || inside.is_some_and(|s| s != sep);
                if cut {
                    self.piece = chain.len();
                }
                chain.push(ChainTok {
                    start: self.token_start,
                    end: self.text.len(),
                    letter,
                    upper,
                    sep,
                    cut,
                });
            }
            (_, Some((chain, _))) if chain.is_empty() => {}
            _ => {
                // A longer token ends the chain; joining only touches text before it.
                self.flush_chain();
            }
        }
    }

    /// Joins the pending chain of single-character tokens where it spells a split word.
    ///
    /// The chain is first cut where [`ChainTok::cut`] says, and every piece of three or more is
    /// joined (`a.n.i.e.s - m.u.h.a.i.m.i.n` gives two words). Shorter pieces next to each other
    /// are then joined together if they make three or more: the output must hold no run of
    /// single characters that a second pass would join, or normalising would not be idempotent.
    fn flush_chain(&mut self) {
        if self
            .join
            .as_ref()
            .is_some_and(|(chain, _)| chain.is_empty())
        {
            return;
        }
        let Some((chain, scratch)) = self.join.take() else {
            return;
        };
        self.piece = 0;
        if chain.len() < 3 {
            chain.clear();
            self.join = Some((chain, scratch));
            return;
        }
        // A piece that squeezes to one letter ("e 3 e" is "eee", then "e") would leave a
        // single character for a second pass to join: it does not qualify on its own.
        let text = &*self.text;
        let qualifies = |r: &std::ops::Range<usize>, chain: &[ChainTok]| {
            let toks = &chain[r.clone()];
            let letter_of = |t: &ChainTok| {
                let c = text[t.start..t.end].chars().next().unwrap_or(' ');
                leet(c).unwrap_or(c)
            };
            r.len() >= 3
                && toks.iter().filter(|t| t.letter).count() >= 2
                && toks.iter().any(|t| letter_of(t) != letter_of(&toks[0]))
                && decodes_to_letters(text, toks)
        };
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        let mut pending: Option<std::ops::Range<usize>> = None;
        let mut seg_start = 0;
        for k in 1..=chain.len() {
            if k < chain.len() && !chain[k].cut {
                continue;
            }
            let seg = seg_start..k;
            seg_start = k;
            if qualifies(&seg, chain) {
                if let Some(p) = pending.take() {
                    if qualifies(&p, chain) {
                        groups.push(p);
                    }
                }
                groups.push(seg);
            } else {
                pending = Some(match pending {
                    Some(p) => p.start..seg.end,
                    None => seg,
                });
            }
        }
        if let Some(p) = pending {
            if qualifies(&p, chain) {
                groups.push(p);
            }
        }
        if !groups.is_empty() {
            self.rejoin(chain, &groups, scratch);
        }
        chain.clear();
        self.join = Some((chain, scratch));
    }

    /// Rewrites the text of `chain` with each of `groups` joined into one token, in one pass
    /// over the chain's text: however long a chain is (a text of nothing but single letters),
    /// joining it costs no more than its length. A chain is always joined whole, never cut into
    /// parts of some length, so that a second pass sees it the same and changes nothing.
    fn rejoin(&mut self, chain: &[ChainTok], groups: &[Range<usize>], scratch: &mut Vec<Unit>) {
        let (Some(first), Some(last)) = (chain.first(), chain.last()) else {
            return;
        };
        let region = first.start..last.end;
        let mut text = String::with_capacity(region.len());
        let mut map = Vec::with_capacity(region.len());
        let mut at = region.start;
        for g in groups {
            let (start, end) = (chain[g.start].start, chain[g.end - 1].end);
            text.push_str(&self.text[at..start]);
            map.extend_from_slice(&self.map[at..start]);
            self.joined(start, end, scratch, &mut text, &mut map);
            at = end;
        }
        text.push_str(&self.text[at..region.end]);
        map.extend_from_slice(&self.map[at..region.end]);
        self.text.replace_range(region.clone(), &text);
        self.map.splice(region, map);
    }

    /// Emits `self.text[start..end]` (single characters and spaces) as one token into `text`
    /// and `map`.
    fn joined(
        &self,
        start: usize,
        end: usize,
        scratch: &mut Vec<Unit>,
        text: &mut String,
        map: &mut Vec<Orig>,
    ) {
        scratch.clear();
        for (off, c) in self.text[start..end].char_indices() {
            if c == ' ' {
                continue;
            }
            let at = start + off;
            let class = if c.is_ascii_digit() {
                Class::Digit
            } else {
                Class::Letter
            };
            scratch.push(Unit {
                ch: c,
                class,
                upper: false,
                start: self.map[at].start,
                end: self.map[at].end,
            });
        }
        decode_leet(scratch);
        let mut nested = Emitter {
            src: self.src,
            text,
            map,
            state: State::Start,
            token_start: 0,
            token_upper: false,
            gap: 0,
            token_gap: 0,
            sep: '\0',
            token_sep: '\0',
            join: None,
            piece: 0,
            shortcuts: self.shortcuts,
        };
        nested.emit_token(scratch);
    }

    /// Ends the current word with the original bytes `run`, which need no change: each maps to
    /// itself.
    fn push_verbatim(&mut self, run: Range<usize>) {
        self.text.push_str(&self.src[run.clone()]);
        self.map.extend(run.map(|at| Orig {
            start: at as u32,
            end: at as u32 + 1,
        }));
        self.end_token();
        self.state = State::Word;
    }

    // Inlined, so that the common ASCII case is a byte and a map entry appended.
    #[inline(always)]
    fn push(&mut self, c: char, start: u32, end: u32) {
        let o = Orig { start, end };
        if c.is_ascii() {
            self.text.push(c);
            self.map.push(o);
        } else {
            self.push_wide(c, o);
        }
    }

    #[inline(never)]
    fn push_wide(&mut self, c: char, o: Orig) {
        self.text.push(c);
        self.map.extend_from_slice(&[o; 4][..c.len_utf8()]);
    }

    fn widen_last(&mut self, end: u32) {
        // The last character may be several bytes long: widen all of them.
        let Some(last) = self.text.chars().next_back() else {
            return;
        };
        self.widen_last_by(last.len_utf8(), end);
    }

    /// Widens the last `n` bytes, the last character, to end at least at `end`.
    fn widen_last_by(&mut self, n: usize, end: u32) {
        let len = self.map.len();
        for o in &mut self.map[len - n..] {
            o.end = o.end.max(end);
        }
    }
}

/// Whether the single characters `toks`, joined, are letters only once leetspeak is decoded.
///
/// A digit that stays a digit (`0 1` in `j 0 1 t`, a number and no leetspeak) would split the
/// joined word again at the letter-digit boundary, and the single letters it split off would sit
/// next to other single characters for a second pass to join; such a chain is not a word spelled
/// out, so it is not joined at all.
fn decodes_to_letters(text: &str, toks: &[ChainTok]) -> bool {
    if toks.iter().all(|t| t.letter) {
        return true;
    }
    let mut units: Vec<Unit> = toks
        .iter()
        .filter_map(|t| {
            let ch = text[t.start..t.end].chars().next()?;
            let class = if ch.is_ascii_digit() {
                Class::Digit
            } else {
                Class::Letter
            };
            Some(Unit {
                ch,
                class,
                upper: false,
                start: 0,
                end: 0,
            })
        })
        .collect();
    decode_leet(&mut units);
    units.iter().all(|u| u.class == Class::Letter)
}

/// The original byte range of the units `rest` if they are lower-case ASCII letters taken
/// unchanged from the original text, one byte each and side by side, with no letter repeating
/// the one before it (`first` for the first of them): then there is nothing to split or
/// squeeze. A unit one byte long came from an ASCII byte, and a letter unit not marked upper
/// case has that byte as its character.
fn plain_run<U: Units + ?Sized>(
    units: &U,
    first: Unit,
    rest: Range<usize>,
) -> Option<Range<usize>> {
    if rest.is_empty() {
        return None;
    }
    let (a, b) = (units.at(rest.start).start, units.at(rest.end - 1).end);
    let mut prev = first;
    for k in rest.clone() {
        let u = units.at(k);
        if u.upper || u.ch == prev.ch || u.end != u.start + 1 {
            return None;
        }
        prev = u;
    }
    let run = a as usize..b as usize;
    (run.len() == rest.len()).then_some(run)
}

/// The end of the word starting at byte `i` of an ASCII text if it is a plain word: a letter
/// of either case followed by lower-case letters, none repeating the one before it, and ending
/// where nothing can continue it (no letter, digit, `@`, `$` or `!` next) and not opening a
/// URL. Such a word needs no splitting, squeezing or decoding: [`Emitter::word`] would emit it
/// as it is, lower-cased.
fn plain_ascii_word(bytes: &[u8], i: usize) -> Option<usize> {
    let first = bytes[i];
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let mut prev = first.to_ascii_lowercase();
    let mut j = i + 1;
    while let Some(&b) = bytes.get(j) {
        if !b.is_ascii_lowercase() {
            break;
        }
        if b == prev {
            return None;
        }
        prev = b;
        j += 1;
    }
    match bytes.get(j) {
        Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'@' | b'$' | b'!') => None,
        Some(b':') if matches!(&bytes[i..j], b"http" | b"https" | b"Http" | b"Https") => None,
        _ => Some(j),
    }
}

/// The end of the raw word token starting at `i` (a letter or digit).
fn token_end<U: Units + ?Sized>(units: &U, i: usize) -> usize {
    let mut j = i + 1;
    while j < units.len() && units.at(j).is_alnum() {
        j += 1;
    }
    while j < units.len() {
        let u = units.at(j);
        let prev = units.at(j - 1);
        let next = (j + 1 < units.len()).then(|| units.at(j + 1));
        let next_letter = next.is_some_and(|n| n.class == Class::Letter);
        let keep = match u.class {
            Class::Letter | Class::Digit => true,
            Class::At => prev.class == Class::Letter && next.is_some_and(|n| n.is_alnum()),
            Class::Sep => match u.ch {
                '.' | ',' | ':' => {
                    prev.class == Class::Digit && next.is_some_and(|n| n.class == Class::Digit)
                }
                '$' => prev.class == Class::Letter || next_letter,
                '!' => prev.class == Class::Letter && next_letter,
                _ => false,
            },
            _ => false,
        };
        if !keep {
            break;
        }
        j += 1;
    }
    j
}

/// Whether the token `start..end` opens a URL: `http` or `https` followed by `://`.
fn is_url_start<U: Units + ?Sized>(units: &U, start: usize, end: usize) -> bool {
    if !(4..=5).contains(&(end - start)) || units.at(start).ch != 'h' {
        return false;
    }
    let word = (start..end).map(|k| units.at(k).ch);
    let scheme = word.clone().eq("http".chars()) || word.eq("https".chars());
    scheme
        && units.len() >= end + 3
        && units.at(end).is_sep(':')
        && units.at(end + 1).is_sep('/')
        && units.at(end + 2).is_sep('/')
}

fn is_digit_sep(u: &Unit) -> bool {
    u.class == Class::Sep && matches!(u.ch, '.' | ',' | ':')
}

/// Decodes leetspeak in one raw token: a lone leet digit next to a letter, and `@`, `$`, `!`
/// inside words. Digit runs (`08`, `2024`) and a leading digit before a unit (`3jt`,
/// `1putaran`) stay, unless the token is a word spelled in leet digits through and through.
fn decode_leet(tok: &mut [Unit]) {
    let n = tok.len();
    if !tok.iter().any(|u| u.class == Class::Letter) {
        return;
    }
    let spelled = spelled_in_leet(tok);
    for k in 0..n {
        let u = tok[k];
        let decoded = match u.class {
            Class::At => Some('a'),
            Class::Sep if u.ch == '$' => Some('s'),
            Class::Sep if u.ch == '!' => Some('i'),
            Class::Digit => {
                let prev = k.checked_sub(1).map(|p| tok[p]);
                let next = tok.get(k + 1).copied();
                let lone = !prev.is_some_and(|p| p.class == Class::Digit || is_digit_sep(&p))
                    && !next.is_some_and(|p| p.class == Class::Digit || is_digit_sep(&p));
                let touches_letter = prev.is_some_and(|p| p.class == Class::Letter)
                    || next.is_some_and(|p| p.class == Class::Letter);
                let unit_suffix = k == 0 && {
                    let rest: String = tok[1..].iter().map(|u| u.ch).collect();
                    tok[1..].iter().all(|u| u.class == Class::Letter) && is_unit(&rest)
                };
                if spelled || (lone && touches_letter && !unit_suffix) {
                    leet(u.ch)
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(c) = decoded {
            // A decoded letter takes the case of the letters around it, so that `B45W3D4N`
            // stays one word instead of splitting at every camelCase boundary it seems to have.
            let upper = match k.checked_sub(1).map(|p| tok[p]) {
                Some(p) if p.class == Class::Letter => p.upper,
                _ => tok[k + 1..]
                    .iter()
                    .find(|u| u.class == Class::Letter)
                    .is_some_and(|u| u.upper),
            };
            tok[k].ch = c;
            tok[k].class = Class::Letter;
            tok[k].upper = upper;
        }
    }
}

/// Whether a token is a word whose letters are written as digits in several places, runs
/// included (`4n135`, `b45w3d4n`, `z10n15`): letters and digits alternate at least three times
/// and every digit stands for a letter. A number glued to a word (`2024prabowo`, `01dan03`,
/// `12h30`) is not: it has a digit with no letter to stand for, or a run that opens with `0` as
/// numbers do.
fn spelled_in_leet(tok: &[Unit]) -> bool {
    let mut groups = 0;
    let mut prev: Option<Class> = None;
    for (k, u) in tok.iter().enumerate() {
        match u.class {
            Class::Digit => {
                let opens_run = prev != Some(Class::Digit);
                let run = tok.get(k + 1).is_some_and(|v| v.class == Class::Digit);
                if leet(u.ch).is_none() || (opens_run && run && u.ch == '0') {
                    return false;
                }
            }
            Class::Letter => {}
            _ => return false,
        }
        if prev != Some(u.class) {
            groups += 1;
        }
        prev = Some(u.class);
    }
    groups >= 3
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn n(s: &str) -> String {
        normalize(s).as_str().to_string()
    }

    #[test]
    fn basics() {
        assert_eq!(n("Halo, Dunia!!"), "halo dunia");
        assert_eq!(n("PRABOWO"), "prabowo");
        assert_eq!(n("pr4b0w0"), "prabowo");
        assert_eq!(n("jam 02.00"), "jam 02.00");
        assert_eq!(n("p r a b o w o"), "prabowo");
        assert_eq!(n("g.i.b.r.a.n"), "gibran");
        assert_eq!(n("p-d-1-p"), "pdip");
        assert_eq!(n("#PrabowoGibran2024"), "#prabowo gibran 2024");
        assert_eq!(n("0️⃣2️⃣"), "02");
        assert_eq!(n("@cakimiNOW hebat"), "@cakiminow hebat");
        assert_eq!(n("@n1es"), "anies");
        assert_eq!(n("calon2 3jt"), "calon2 3 jt");
        assert_eq!(n("lihat https://t.co/AbC1x ya"), "lihat ya");
        assert_eq!(n("Аnіеs ✌️✌🏻"), "anies ✌✌");
    }

    /// Random text from pieces that exercise every rule, ASCII-only or not.
    fn pieces() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("a"),
            Just("p"),
            Just("o"),
            Just("A"),
            Just("P"),
            Just("aa"),
            Just("ooo"),
            Just("prabowo"),
            Just("Gibran"),
            Just("ganJAR"),
            Just("http"),
            Just("https"),
            Just("://t.co/x1"),
            Just("0"),
            Just("1"),
            Just("2"),
            Just("4"),
            Just("02"),
            Just("2024"),
            Just("jt"),
            Just("km"),
            Just(" "),
            Just(" "),
            Just("  "),
            Just("."),
            Just(","),
            Just(":"),
            Just("$"),
            Just("!"),
            Just("@"),
            Just("#"),
            Just("_"),
            Just("-"),
            Just("'"),
            Just("\n"),
            Just("\u{200b}"),
            Just("\u{fe0f}\u{20e3}"),
            Just("\u{301}"),
            Just("𝐏𝐫"),
            Just("Ａ"),
            Just("а"),
            Just("é"),
            Just("ﬁ"),
            Just("✌"),
            Just("🐂"),
            Just("…"),
            Just("&amp;"),
            Just("&#48;"),
            Just("&#x61;"),
            Just("<br>"),
            Just("<i>"),
            Just("&"),
            Just("<"),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    fn without_shortcuts(text: &str) -> Normalized {
        let mut n = Normalized::new();
        n.normalize_with(text, false);
        n
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 3000, ..Default::default() })]

        /// The shortcuts for ASCII text and plain words change nothing: same text, same map.
        #[test]
        fn shortcuts_change_nothing(text in prop_oneof![pieces(), "[ -~]{0,60}"]) {
            let fast = normalize(&text);
            let slow = without_shortcuts(&text);
            proptest::prop_assert_eq!(fast.as_str(), slow.as_str());
            proptest::prop_assert_eq!(&fast.map, &slow.map);
        }
    }

    #[test]
    fn spans_cover_original() {
        let text = "Ayo Prabowoooo!";
        let norm = normalize(text);
        let at = norm.as_str().find("prabowo").unwrap();
        let span = norm.span(at..at + 7);
        assert_eq!(&text[span.range()], "Prabowoooo");
    }
}
