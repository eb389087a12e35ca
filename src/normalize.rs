//! Normalising Indonesian social-media text for matching, with a map back to the original.
//!
//! The canonical form is lower-case ASCII letters and digits in tokens separated by single
//! spaces, with `#` kept before hashtags, `@handle` kept whole, and emoji and other symbols kept
//! as themselves. Every byte of the canonical form remembers the original bytes it came from, so
//! a match in the canonical form becomes a [`Span`] into the text the user gave.
//!
//! What it undoes, in order:
//! 1. per character: invisible and bidi characters are dropped; compatibility forms (styled
//!    mathematical letters, fullwidth, circled) and diacritics are decomposed away; Cyrillic and
//!    Greek look-alikes become Latin letters; keycap and skin-tone modifiers are dropped, so
//!    `0️⃣2️⃣` is `02`;
//! 2. per token: leetspeak is decoded only for a lone digit that touches letters (`pr4b0w0`), so
//!    numbers (`02`, `2024`, `02.00`) and number-plus-unit tokens (`3jt`) stay digits; camelCase
//!    and letter-digit boundaries split tokens (`#PrabowoGibran2024` is `#prabowo gibran 2024`);
//!    runs of a repeated letter are squeezed to one (`prabowooo`, and `saat` alike: terms are
//!    squeezed the same way); URLs are dropped;
//! 3. across tokens: three or more single characters split by separators are joined
//!    (`p r a b o w o`, `g.i.b.r.a.n`, `p-d-1-p`).
//!
//! Normalising an already normalised text changes nothing.

use std::ops::Range;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::span::Span;

/// Text in canonical form, with the map back to the original bytes.
///
/// Reuse one value per thread with [`Normalized::normalize_into`] to avoid allocating for every
/// text.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    /// The canonical text.
    text: String,
    /// For every byte of `text`, the first byte of the original text it came from.
    starts: Vec<u32>,
    /// For every byte of `text`, one past the last original byte it came from. Squeezed letters
    /// and dropped modifiers widen the previous byte's range, so a match covers them.
    ends: Vec<u32>,
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
        let text = clamp(text);
        self.text.clear();
        self.starts.clear();
        self.ends.clear();
        let mut units = std::mem::take(&mut self.units);
        units.clear();
        collect_units(text, &mut units);
        let mut chain = std::mem::take(&mut self.chain);
        let mut joined = std::mem::take(&mut self.joined);
        chain.clear();
        let mut out = Emitter {
            text: &mut self.text,
            starts: &mut self.starts,
            ends: &mut self.ends,
            state: State::Start,
            token_start: 0,
            gap: 0,
            token_gap: 0,
            join: Some((&mut chain, &mut joined)),
        };
        out.run(&units);
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
            let at = self.starts.get(range.start).copied().unwrap_or(0) as usize;
            return Span { start: at, end: at };
        }
        Span {
            start: self.starts[range.start] as usize,
            end: self.ends[range.end - 1] as usize,
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

fn collect_units(text: &str, units: &mut Vec<Unit>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            units.push(ascii_unit(b, i as u32, i as u32 + 1));
            i += 1;
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
    /// Whether more than one separator stood before it (`a.n.i.e.s - m.u.h`): chains are
    /// split there first.
    wide: bool,
}

/// Writes canonical text and its map. `join` holds the scratch for joining chains of single
/// characters; a nested emitter that re-emits a chain has none, so it never joins again.
struct Emitter<'a> {
    text: &'a mut String,
    starts: &'a mut Vec<u32>,
    ends: &'a mut Vec<u32>,
    state: State,
    /// Output offset where the current token began.
    token_start: usize,
    /// Separators seen since the last output.
    gap: u32,
    /// The gap that stood before the current token.
    token_gap: u32,
    join: Option<(&'a mut Vec<ChainTok>, &'a mut Vec<Unit>)>,
}

impl Emitter<'_> {
    fn run(&mut self, units: &[Unit]) {
        let mut i = 0;
        while i < units.len() {
            let u = units[i];
            match u.class {
                Class::Letter | Class::Digit => i = self.word(units, i),
                Class::Sep => {
                    if self.state != State::Start {
                        self.state = State::Space;
                    }
                    self.gap += 1;
                    i += 1;
                }
                Class::Hash => {
                    let word_follows = units.get(i + 1).is_some_and(|n| n.is_alnum()) && {
                        let end = token_end(units, i + 1);
                        !is_url_start(&units[i + 1..end], &units[end..])
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
    fn at(&mut self, units: &[Unit], i: usize) -> usize {
        let body_end = units[i + 1..]
            .iter()
            .position(|u| !(u.is_alnum() || u.is_sep('_')))
            .map_or(units.len(), |p| i + 1 + p);
        if body_end == i + 1 {
            if self.state != State::Start {
                self.state = State::Space;
            }
            return i + 1;
        }
        let body = &units[i + 1..body_end];
        let leet_word = !body.iter().any(|u| u.is_sep('_'))
            && body.windows(3).any(|w| {
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
        let u = units[i];
        self.push('@', u.start, u.end);
        for b in body {
            self.push(b.ch, b.start, b.end);
        }
        self.state = State::Word;
        // A handle is not a single-character token: it ends any chain.
        body_end
    }

    /// A word token starting at `i`; returns the index after it.
    fn word(&mut self, units: &[Unit], i: usize) -> usize {
        let end = token_end(units, i);
        if is_url_start(&units[i..end], units.get(end..).unwrap_or(&[])) {
            let mut j = end;
            while j < units.len() && !units[j].is_sep(' ') {
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
        let raw = &units[i..end];
        if raw.iter().all(|u| u.class == Class::Letter) {
            // The common case: nothing to decode.
            self.emit_token(raw);
        } else {
            let mut tok = [units[i]; 32];
            if raw.len() <= tok.len() {
                tok[..raw.len()].copy_from_slice(raw);
                decode_leet(&mut tok[..raw.len()]);
                self.emit_token(&tok[..raw.len()]);
            } else {
                let mut v = raw.to_vec();
                decode_leet(&mut v);
                self.emit_token(&v);
            }
        }
        end
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

    fn space_before_word(&mut self) {
        if matches!(self.state, State::Word | State::Sym | State::Space) {
            let at = self.ends.last().copied().unwrap_or(0);
            self.push(' ', at, at);
        }
        self.token_gap = self.gap;
        self.gap = 0;
    }

    /// Emits one decoded raw token, splitting it at camelCase and letter-digit boundaries and
    /// squeezing repeated letters. Every resulting token goes through `end_token`.
    fn emit_token(&mut self, tok: &[Unit]) {
        if tok.is_empty() {
            return;
        }
        self.space_before_word();
        self.token_start = self.text.len();
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
                    self.end_token();
                    let at = u.start;
                    self.push(' ', at, at);
                    self.token_start = self.text.len();
                    self.token_gap = 1;
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
        let mut chars = tok.chars();
        // A digit that is no leetspeak letter ("2") can never join letters (it splits off
        // again), so it ends a chain like a longer token.
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_alphabetic() => Some(true),
            (Some(c), None) if c.is_alphanumeric() && leet(c).is_some() => Some(false),
            _ => None,
        };
        match (single, &mut self.join) {
            (Some(letter), Some((chain, _))) => {
                chain.push(ChainTok {
                    start: self.token_start,
                    end: self.text.len(),
                    letter,
                    wide: self.token_gap > 1,
                });
            }
            _ => {
                // A longer token ends the chain; joining only touches text before it.
                self.flush_chain();
            }
        }
    }

    /// Joins the pending chain of single-character tokens where it spells a split word.
    ///
    /// The chain is first cut at wide gaps, and every piece of three or more is joined
    /// (`a.n.i.e.s - m.u.h.a.i.m.i.n` gives two words). Shorter pieces next to each other are
    /// then joined together if they make three or more: the output must hold no run of single
    /// characters that a second pass would join, or normalising would not be idempotent.
    fn flush_chain(&mut self) {
        let Some((chain, scratch)) = self.join.take() else {
            return;
        };
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
        };
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        let mut pending: Option<std::ops::Range<usize>> = None;
        let mut seg_start = 0;
        for k in 1..=chain.len() {
            if k < chain.len() && !chain[k].wide {
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
        for g in groups.iter().rev() {
            let (start, end) = (chain[g.start].start, chain[g.end - 1].end);
            self.rejoin(start, end, scratch);
        }
        chain.clear();
        self.join = Some((chain, scratch));
    }

    /// Re-emits `text[start..end]` (single characters and spaces) as one token.
    fn rejoin(&mut self, start: usize, end: usize, scratch: &mut Vec<Unit>) {
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
                start: self.starts[at],
                end: self.ends[at],
            });
        }
        decode_leet(scratch);
        let mut text = String::new();
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        let mut nested = Emitter {
            text: &mut text,
            starts: &mut starts,
            ends: &mut ends,
            state: State::Start,
            token_start: 0,
            gap: 0,
            token_gap: 0,
            join: None,
        };
        nested.emit_token(scratch);
        self.text.replace_range(start..end, &text);
        self.starts.splice(start..end, starts);
        self.ends.splice(start..end, ends);
    }

    fn push(&mut self, c: char, start: u32, end: u32) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.starts.push(start);
            self.ends.push(end);
        }
    }

    fn widen_last(&mut self, end: u32) {
        // The last character may be several bytes long: widen all of them.
        let Some(last) = self.text.chars().next_back() else {
            return;
        };
        let n = self.ends.len();
        for e in &mut self.ends[n - last.len_utf8()..] {
            *e = (*e).max(end);
        }
    }
}

/// The end of the raw word token starting at `i` (a letter or digit).
fn token_end(units: &[Unit], i: usize) -> usize {
    let mut j = i + 1;
    while j < units.len() {
        let u = units[j];
        let prev = units[j - 1];
        let next = units.get(j + 1);
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

fn is_digit_sep(u: &Unit) -> bool {
    u.class == Class::Sep && matches!(u.ch, '.' | ',' | ':')
}

fn is_url_start(tok: &[Unit], rest: &[Unit]) -> bool {
    let word = tok.iter().map(|u| u.ch);
    let scheme = word.clone().eq("http".chars()) || word.eq("https".chars());
    scheme && rest.len() >= 3 && rest[0].is_sep(':') && rest[1].is_sep('/') && rest[2].is_sep('/')
}

/// Decodes leetspeak in one raw token: a lone leet digit next to a letter, and `@`, `$`, `!`
/// inside words. Digit runs (`08`, `2024`) and a leading digit before a unit (`3jt`) stay.
fn decode_leet(tok: &mut [Unit]) {
    let n = tok.len();
    if !tok.iter().any(|u| u.class == Class::Letter) {
        return;
    }
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
                if lone && touches_letter && !unit_suffix {
                    leet(u.ch)
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(c) = decoded {
            tok[k].ch = c;
            tok[k].class = Class::Letter;
            tok[k].upper = false;
        }
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn spans_cover_original() {
        let text = "Ayo Prabowoooo!";
        let norm = normalize(text);
        let at = norm.as_str().find("prabowo").unwrap();
        let span = norm.span(at..at + 7);
        assert_eq!(&text[span.range()], "Prabowoooo");
    }
}
