//! The compiled scanner: every term of every pack in one Aho-Corasick automaton over normalised
//! text, with word-boundary checks, plus a second automaton over the text with its spaces
//! removed, for campaign hashtags (`#PrabowoGibran2024` normalises to `#prabowo gibran 2024`)
//! and for names split into chunks (`pra bowo`).

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::{dfa, nfa, Anchored, MatchKind, PatternID};

use crate::error::Error;
use crate::lexicon::{Category, Term};
use crate::normalize::Normalized;
use crate::span::Span;
use crate::verdict::Field;

/// A term as the scanner uses it.
#[derive(Clone, Debug)]
pub(crate) struct CompiledTerm {
    pub term: Term,
    /// Index into the screener's entity table.
    pub entity: Option<u32>,
    /// The normalised form.
    pub norm: String,
    /// The pack it comes from (index into the screener's packs).
    pub pack: u16,
}

/// One match of a term in one field.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub field: Field,
    pub term: u32,
    /// The matched byte range of the normalised field text.
    pub norm: Range<u32>,
    /// The matched range of the original field text.
    pub span: Span,
    /// The token index of the first and last matched token: distances between hits are
    /// counted in tokens.
    pub first_token: u32,
    pub last_token: u32,
    /// How the words were found: the judge decides whether such a match counts.
    pub found: Found,
}

/// How a match was found in the text. The scanner reports every match; whether a match found
/// with an enclitic, or a several-word name written as one word, counts is the judge's call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// The term's words, standing alone.
    Whole,
    /// The term with an enclitic written onto its last word ("prabowonya", "pilihlah"): the
    /// index of the enclitic in the screener's list of enclitics.
    Enclitic(u8),
    /// A term of several words, or a hashtag, written as one word ("ganjarmahfud"); `tagged`
    /// when the word is a hashtag's (`#aniesbaswedan`).
    Joined { tagged: bool },
    /// A name split into chunks by spaces ("pra bowo").
    Split,
}

/// Per-thread buffers, reused from one field to the next.
#[derive(Default)]
pub(crate) struct Scratch {
    norm: Normalized,
    /// Byte offsets of the spaces of the normalised text, for counting tokens.
    spaces: Vec<u32>,
    /// Matches of the space-free pass, as (pattern, end in the space-free text), waiting to
    /// be judged once the word matches are in.
    pending: Vec<(PatternID, u32)>,
    /// A target author's handle with an `@` put in front.
    handle: String,
}

/// An Aho-Corasick automaton, walked one byte at a time by the scanner: a DFA, or, for a
/// lexicon too big for one, a contiguous NFA. Both find the same matches.
enum Engine {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
}

impl Engine {
    fn new(patterns: &[&str]) -> Result<Engine, Error> {
        match dfa::DFA::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
        {
            Ok(d) => Ok(Engine::Dfa(d)),
            Err(_) => nfa::contiguous::NFA::builder()
                .match_kind(MatchKind::Standard)
                .build(patterns)
                .map(Engine::Nfa)
                .map_err(|e| Error::lexicon(format!("cannot compile the lexicon: {e}"))),
        }
    }

    /// Calls `found(pattern, end)` for every match of every pattern in `haystack`, overlapping
    /// ones included, in order of their end (one past the last byte, counted in bytes fed).
    fn for_each_match(
        &self,
        haystack: impl Iterator<Item = u8>,
        found: impl FnMut(PatternID, usize),
    ) {
        match self {
            Engine::Dfa(d) => walk(d, haystack, found),
            Engine::Nfa(n) => walk(n, haystack, found),
        }
    }

    fn pattern_len(&self, pid: PatternID) -> usize {
        match self {
            Engine::Dfa(d) => d.pattern_len(pid),
            Engine::Nfa(n) => n.pattern_len(pid),
        }
    }
}

/// The overlapping search of `aho_corasick`, as a loop over the automaton's transitions
/// without the iterator's bookkeeping. No pattern is empty, so the start state never matches.
#[inline(always)]
fn walk<A: Automaton>(
    aut: &A,
    haystack: impl Iterator<Item = u8>,
    mut found: impl FnMut(PatternID, usize),
) {
    let Ok(mut sid) = aut.start_state(Anchored::No) else {
        return;
    };
    for (i, byte) in haystack.enumerate() {
        sid = aut.next_state(Anchored::No, sid, byte);
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                return;
            }
            if aut.is_match(sid) {
                for k in 0..aut.match_len(sid) {
                    found(aut.match_pattern(sid, k), i + 1);
                }
            }
        }
    }
}

/// Both passes' overlapping searches in one loop: `words` over `haystack`, and `compact` over
/// `haystack` with its spaces left out. `word_found(pattern, end)` gets the ends in
/// `haystack`, `compact_found(pattern, end)` the ends in the space-free text, each in the order
/// of [`walk`].
fn walk_both(
    words: &dfa::DFA,
    compact: &dfa::DFA,
    haystack: &[u8],
    mut word_found: impl FnMut(PatternID, usize),
    mut compact_found: impl FnMut(PatternID, usize),
) {
    let (Ok(mut w), Ok(mut c)) = (
        words.start_state(Anchored::No),
        compact.start_state(Anchored::No),
    ) else {
        return;
    };
    // An unanchored search of all matches never reaches the dead state: neither walk stops.
    let mut k = 0;
    for (i, &byte) in haystack.iter().enumerate() {
        w = words.next_state(Anchored::No, w, byte);
        if byte != b' ' {
            c = compact.next_state(Anchored::No, c, byte);
            k += 1;
            debug_assert!(!compact.is_dead(c));
            if compact.is_special(c) && compact.is_match(c) {
                for m in 0..compact.match_len(c) {
                    compact_found(compact.match_pattern(c, m), k);
                }
            }
        }
        debug_assert!(!words.is_dead(w));
        if words.is_special(w) && words.is_match(w) {
            for m in 0..words.match_len(w) {
                word_found(words.match_pattern(w, m), i + 1);
            }
        }
    }
}

/// One automaton and the terms its patterns stand for.
struct Pass {
    engine: Engine,
    /// For every pattern, the range of the scanner's `ids` holding its terms.
    terms: Vec<Range<u32>>,
}

impl Pass {
    /// A pass over `patterns`, each with its terms, which are appended to `ids`; `None` without
    /// patterns (an empty pattern could never stand alone as a match, so there is none).
    fn new(patterns: &[(String, Vec<u32>)], ids: &mut Vec<u32>) -> Result<Option<Pass>, Error> {
        if patterns.is_empty() {
            return Ok(None);
        }
        Pass::build(patterns, ids).map(Some)
    }

    /// A pass over `patterns`, which may be none (an automaton without patterns finds nothing).
    fn build(patterns: &[(String, Vec<u32>)], ids: &mut Vec<u32>) -> Result<Pass, Error> {
        let terms = patterns
            .iter()
            .map(|(_, t)| {
                let start = ids.len() as u32;
                ids.extend_from_slice(t);
                start..ids.len() as u32
            })
            .collect();
        let texts: Vec<&str> = patterns.iter().map(|(p, _)| p.as_str()).collect();
        Ok(Pass {
            engine: Engine::new(&texts)?,
            terms,
        })
    }

    /// The terms of pattern `pid`.
    fn terms<'s>(&self, ids: &'s [u32], pid: PatternID) -> &'s [u32] {
        let r = &self.terms[pid.as_usize()];
        &ids[r.start as usize..r.end as usize]
    }
}

/// Every term of every pack, compiled into three passes of the same shape: the word pass over
/// the normalised text (its ASCII terms, and the others only where the text has a non-ASCII
/// character), and the space-free pass over the normalised text with its spaces left out.
pub(crate) struct Scanner {
    /// The terms written in ASCII. Kept apart from the others, their automaton has fewer
    /// byte classes and so half the table to walk through the cache.
    words: Pass,
    /// The terms with other characters (emoji, other scripts).
    wide: Option<Pass>,
    /// Names and hashtags without their spaces, for names split into chunks (`pra bowo`),
    /// hashtags and names of several words run together.
    compact: Option<Pass>,
    /// For every pattern of `compact`, whether it may match one whole word of the text: a
    /// hashtag, or a name of several words written as one ("ganjarmahfud", "aniesbaswedan"),
    /// which the word pass, looking for the spaced form, cannot find.
    compact_whole: Vec<bool>,
    ids: Vec<u32>,
    /// The enclitics a word may carry, from the packs' function words.
    enclitics: Vec<String>,
    /// Account terms by normalised handle, for matching `target_author`.
    accounts: HashMap<String, Vec<u32>>,
    pub terms: Vec<CompiledTerm>,
}

/// Names this long or longer are also looked for with the spaces of the text removed.
const COMPACT_MIN: usize = 5;

impl Scanner {
    pub fn new(terms: Vec<CompiledTerm>, enclitics: &[String]) -> Result<Scanner, Error> {
        let mut word_map: HashMap<&str, Vec<u32>> = HashMap::new();
        let mut compact_map: HashMap<String, Vec<u32>> = HashMap::new();
        let mut accounts: HashMap<String, Vec<u32>> = HashMap::new();
        let mut word_order: Vec<&str> = Vec::new();
        let mut compact_order: Vec<String> = Vec::new();
        for (i, t) in terms.iter().enumerate() {
            let i = i as u32;
            let cat = t.term.category;
            if cat == Category::Account {
                accounts.entry(t.norm.clone()).or_default().push(i);
            }
            let compact: String = t.norm.chars().filter(|&c| c != ' ').collect();
            let in_compact = cat == Category::Hashtag
                || (matches!(cat, Category::Name | Category::Nickname | Category::Team)
                    && !t.term.ambiguous
                    && compact.len() >= COMPACT_MIN);
            if in_compact && !compact.is_empty() {
                if !compact_map.contains_key(&compact) {
                    compact_order.push(compact.clone());
                }
                compact_map.entry(compact).or_default().push(i);
            }
            if cat != Category::Hashtag && !t.norm.is_empty() {
                let e = word_map.entry(t.norm.as_str()).or_default();
                if e.is_empty() {
                    word_order.push(t.norm.as_str());
                }
                e.push(i);
            }
        }
        let mut ids = Vec::new();
        let (ascii_order, wide_order): (Vec<&str>, Vec<&str>) =
            word_order.iter().partition(|p| p.is_ascii());
        let with_terms = |order: &[&str]| -> Vec<(String, Vec<u32>)> {
            order
                .iter()
                .map(|&p| (p.to_string(), word_map[p].clone()))
                .collect()
        };
        let words = Pass::build(&with_terms(&ascii_order), &mut ids)?;
        let wide = Pass::new(&with_terms(&wide_order), &mut ids)?;
        let compact_patterns: Vec<(String, Vec<u32>)> = compact_order
            .iter()
            .map(|p| (p.clone(), compact_map[p].clone()))
            .collect();
        let compact = Pass::new(&compact_patterns, &mut ids)?;
        let compact_whole = compact_order
            .iter()
            .map(|p| {
                compact_map[p].iter().any(|&t| {
                    let t = &terms[t as usize];
                    t.term.category == Category::Hashtag || t.norm.contains(' ')
                })
            })
            .collect();
        Ok(Scanner {
            words,
            wide,
            compact,
            compact_whole,
            ids,
            enclitics: enclitics.to_vec(),
            accounts,
            terms,
        })
    }

    /// Finds every term in `text`, appending hits for `field` to `out` in order of their start
    /// (then end, then term). Every match is reported, with how it was found ([`Found`]);
    /// a term's variant found again on the same words by the space-free pass is reported once.
    pub fn scan(&self, text: &str, field: Field, scratch: &mut Scratch, out: &mut Vec<Hit>) {
        let Scratch {
            norm,
            spaces,
            pending,
            handle: _,
        } = scratch;
        norm.normalize_into(text);
        let s = norm.as_str();
        if s.is_empty() {
            return;
        }
        let bytes = s.as_bytes();
        spaces.clear();
        spaces.extend(memchr::memchr_iter(b' ', bytes).map(|p| p as u32));
        let token = |at: usize| spaces.partition_point(|&p| (p as usize) < at) as u32;
        let first = out.len();
        let hit = |term: u32, a: usize, b: usize, found: Found| Hit {
            field,
            term,
            norm: a as u32..b as u32,
            span: norm.span(a..b),
            first_token: token(a),
            last_token: token(b - 1),
            found,
        };
        // The word matches of pattern `pid` of `pass`, ending at `b`, that stand alone or
        // with an enclitic written onto them ("prabowonya", "pilihlah").
        let mut word_hit = |pass: &Pass, pid: PatternID, b: usize| {
            let a = b - pass.engine.pattern_len(pid);
            let found = if bounded(s, a, b) {
                Found::Whole
            } else {
                let Some(c) = enclitic(&self.enclitics, s, a, b) else {
                    return;
                };
                Found::Enclitic(c)
            };
            for &t in pass.terms(&self.ids, pid) {
                out.push(hit(t, a, b, found));
            }
        };
        // The space-free pass runs on every text: besides names split by spaces it finds
        // hashtags and names of several words run together, even in a text of one word.
        pending.clear();
        let word_found = |pid, b| word_hit(&self.words, pid, b);
        match (&self.words.engine, &self.compact) {
            // Both passes walk the text together: the two automata's steps do not wait on
            // each other, so the processor overlaps their memory accesses. The space-free
            // matches are judged after the word matches, which they are checked against.
            (
                Engine::Dfa(w),
                Some(Pass {
                    engine: Engine::Dfa(c),
                    ..
                }),
            ) => walk_both(w, c, bytes, word_found, |pid, end| {
                pending.push((pid, end as u32))
            }),
            (_, Some(compact)) => {
                self.words
                    .engine
                    .for_each_match(bytes.iter().copied(), word_found);
                let without_spaces = bytes.iter().copied().filter(|&b| b != b' ');
                compact
                    .engine
                    .for_each_match(without_spaces, |pid, end| pending.push((pid, end as u32)));
            }
            (_, None) => self
                .words
                .engine
                .for_each_match(bytes.iter().copied(), word_found),
        }
        // A pattern with a non-ASCII byte can only match where there is one.
        if let Some(wide) = self.wide.as_ref().filter(|_| !bytes.is_ascii()) {
            wide.engine
                .for_each_match(bytes.iter().copied(), |pid, b| word_hit(wide, pid, b));
            // The two walks each found their hits in order of their end; the check against
            // the space-free pass below wants them in one such order.
            out[first..].sort_unstable_by_key(|h| h.norm.end);
        }
        if let Some(compact) = &self.compact {
            self.compact_hits(compact, text, norm, spaces, pending, first, out, &hit);
        }
        out[first..].sort_by_key(|h| (h.norm.start, h.norm.end, h.term));
    }

    /// Turns the space-free pass's matches into hits: names split into chunks, and hashtags
    /// and names of several words written as one word, unless the word pass found the same
    /// words as a variant of the same camp and kind.
    #[allow(clippy::too_many_arguments)]
    fn compact_hits(
        &self,
        compact: &Pass,
        text: &str,
        norm: &Normalized,
        spaces: &[u32],
        pending: &[(PatternID, u32)],
        first: usize,
        out: &mut Vec<Hit>,
        hit: &impl Fn(u32, usize, usize, Found) -> Hit,
    ) {
        let s = norm.as_str();
        let bytes = s.as_bytes();
        let words_end = out.len();
        for &(pid, end) in pending {
            let end = end as usize;
            let len = compact.engine.pattern_len(pid);
            let a = with_spaces(spaces, end - len);
            let b = with_spaces(spaces, end - 1) + 1;
            // The match spans spaces of the text: a name split into chunks.
            let spaced = b - a != len;
            // A match without a space inside is a hashtag's or a several-word name's
            // written as one; a one-word name found whole is the word pass's.
            if !spaced && !self.compact_whole[pid.as_usize()] {
                continue;
            }
            let b = next_boundary(s, b);
            if !bounded(s, a, b) {
                continue;
            }
            let tagged = a > 0 && bytes[a - 1] == b'#';
            for &t in compact.terms(&self.ids, pid) {
                let ct = &self.terms[t as usize];
                let found = if ct.term.category == Category::Hashtag {
                    // A hashtag is one word in the original: camelCase split it, a real
                    // space did not.
                    let one_word = bytes[a] == b'#' && {
                        let span = norm.span(a..b);
                        !text[span.range()].chars().any(char::is_whitespace)
                            && !text[span.end..]
                                .chars()
                                .next()
                                .is_some_and(char::is_alphanumeric)
                    };
                    if !one_word {
                        continue;
                    }
                    Found::Whole
                } else if spaced {
                    Found::Split
                } else if ct.norm.contains(' ') {
                    // A name written whole is the word pass's job; here only names of several
                    // words run together.
                    Found::Joined { tagged }
                } else {
                    continue;
                };
                // A variant of a term already found on the same words ("prabowogibran" on
                // "Prabowo-Gibran", where the word pass found "prabowo gibran") adds nothing:
                // same words, same camp, same kind.
                let same = |h: &Hit| {
                    h.term == t && h.norm.start == a as u32
                        || (h.norm == (a as u32..b as u32) && {
                            let o = &self.terms[h.term as usize];
                            o.entity == ct.entity && o.term.category == ct.term.category
                        })
                };
                // Such a hit ends where this one does, or, for the same term found by the
                // word pass, where the term ends. Each pass found its hits in order of their
                // end, so only those ends are looked up.
                let ends = [(a + ct.norm.len()) as u32, b as u32];
                let found_before = [&out[first..words_end], &out[words_end..]];
                let seen = found_before.iter().any(|run| {
                    ends.iter().any(|&e| {
                        let from = run.partition_point(|h| h.norm.end < e);
                        run[from..].iter().take_while(|h| h.norm.end == e).any(same)
                    })
                });
                if !seen {
                    out.push(hit(t, a, b, found));
                }
            }
        }
    }

    /// Matches a target author's handle against the account terms.
    pub fn scan_author(&self, handle: &str, scratch: &mut Scratch, out: &mut Vec<Hit>) {
        let trimmed = handle.trim();
        if trimmed.is_empty() {
            return;
        }
        let h = if trimmed.starts_with('@') {
            trimmed
        } else {
            scratch.handle.clear();
            scratch.handle.push('@');
            scratch.handle.push_str(trimmed);
            &scratch.handle
        };
        let norm = &mut scratch.norm;
        norm.normalize_into(h);
        if let Some(ids) = self.accounts.get(norm.as_str()) {
            let start = handle.len() - handle.trim_start().len();
            for &t in ids {
                out.push(Hit {
                    field: Field::TargetAuthor,
                    term: t,
                    norm: 0..norm.as_str().len() as u32,
                    span: Span {
                        start,
                        end: start + trimmed.len(),
                    },
                    first_token: 0,
                    last_token: 0,
                    found: Found::Whole,
                });
            }
        }
    }
}

/// The offset in the normalised text of byte `k` of the text with its spaces removed, given
/// the offsets of the spaces. Before the space at `spaces[i]` stand `spaces[i] - i` other
/// bytes, so byte `k` comes after exactly the spaces with `spaces[i] - i <= k`.
fn with_spaces(spaces: &[u32], k: usize) -> usize {
    let (mut lo, mut hi) = (0, spaces.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if spaces[mid] as usize - mid <= k {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    k + lo
}

/// The end of the character that contains byte `b` (a compact match may end inside a
/// multi-byte character's bytes when mapped back).
fn next_boundary(s: &str, mut b: usize) -> usize {
    while b < s.len() && !s.is_char_boundary(b) {
        b += 1;
    }
    b
}

/// The index in `enclitics` of the enclitic that ends the word at `b` of `s`, when `s[a..b]`,
/// a match ending in a letter, stands alone but for it.
fn enclitic(enclitics: &[String], s: &str, a: usize, b: usize) -> Option<u8> {
    if !s.as_bytes()[..b].last()?.is_ascii_alphabetic() {
        return None;
    }
    let rest = &s.as_bytes()[b..];
    enclitics
        .iter()
        .position(|c| rest.starts_with(c.as_bytes()) && bounded(s, a, b + c.len()))
        .and_then(|i| u8::try_from(i).ok())
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '@'
}

/// Whether `s[a..b]` stands alone: a match that starts (ends) with a word character must not
/// have one right before (after) it, and a number must not continue as `02.00` or `3,5`.
fn bounded(s: &str, a: usize, b: usize) -> bool {
    if a >= b {
        return false;
    }
    let (Some(first), Some(last)) = (char_after(s, a), char_before(s, b)) else {
        return false;
    };
    // A separator is one byte, so the character past it is right next to it.
    stands_apart(first, char_before(s, a), || char_before(s, a - 1))
        && stands_apart(last, char_after(s, b), || char_after(s, b + 1))
}

/// Whether a match whose outermost character is `edge` stands apart from the text on that
/// side, given the character `beside` it and, asked for only after a separator, the one
/// `beyond` that.
fn stands_apart(edge: char, beside: Option<char>, beyond: impl FnOnce() -> Option<char>) -> bool {
    !is_word(edge)
        || match beside {
            Some(c) if is_word(c) => false,
            Some('.' | ',' | ':') if edge.is_ascii_digit() => {
                !beyond().is_some_and(|c| c.is_ascii_digit())
            }
            _ => true,
        }
}

/// The character that starts at byte `at` of `s` (a character boundary), if any.
fn char_after(s: &str, at: usize) -> Option<char> {
    match *s.as_bytes().get(at)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => s.get(at..)?.chars().next(),
    }
}

/// The character that ends at byte `at` of `s` (a character boundary), if any.
fn char_before(s: &str, at: usize) -> Option<char> {
    match *s.as_bytes().get(at.checked_sub(1)?)? {
        b if b.is_ascii() => Some(char::from(b)),
        _ => s.get(..at)?.chars().next_back(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::normalize::normalize;
    use crate::screener::Screener;

    /// The reference: normalise, then look for every term with `str::find` at every position
    /// and apply the same boundary rule, a word with an enclitic written onto it standing
    /// alone too.
    fn naive(scanner: &Scanner, text: &str) -> Vec<(u32, usize, usize)> {
        let norm = normalize(text);
        let s = norm.as_str();
        let mut out = Vec::new();
        for (i, t) in scanner.terms.iter().enumerate() {
            if t.term.category == Category::Hashtag || t.norm.is_empty() {
                continue;
            }
            let mut from = 0;
            while let Some(p) = s[from..].find(t.norm.as_str()) {
                let a = from + p;
                let b = a + t.norm.len();
                if bounded(s, a, b) || enclitic(&scanner.enclitics, s, a, b).is_some() {
                    out.push((i as u32, a, b));
                }
                from = a + s[a..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out.sort_unstable();
        out
    }

    proptest! {
        #[test]
        fn offsets_with_spaces_match_a_map(text in "[ab ]{0,40}") {
            let bytes = text.as_bytes();
            let spaces: Vec<u32> = memchr::memchr_iter(b' ', bytes).map(|p| p as u32).collect();
            let map: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] != b' ').collect();
            for (k, &at) in map.iter().enumerate() {
                prop_assert_eq!(with_spaces(&spaces, k), at);
            }
        }
    }

    fn words() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("prabowo"),
            Just("Gibran"),
            Just("coblos"),
            Just("02"),
            Just("nomor urut 3"),
            Just("amin"),
            Just("aamiin"),
            Just("ganjar"),
            Just("mahfud"),
            Just("pdip"),
            Just("✌️"),
            Just("#PrabowoGibran2024"),
            Just("pra bowo"),
            Just("p r a b o w o"),
            Just("dukung"),
            Just("jam 02.00"),
            Just("ma'ruf amin"),
            Just("pr4b0w0"),
            Just("𝐀𝐧𝐢𝐞𝐬"),
            Just("@prabowo"),
            Just(" "),
            Just(", "),
            Just("-"),
            Just("."),
            Just("saya"),
            Just("kader"),
            Just("🐂"),
            Just("nya"),
            Just("lah"),
        ];
        prop::collection::vec(pieces, 0..16).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

        #[test]
        fn finds_what_the_naive_scanner_finds(text in words()) {
            static SCREENER: std::sync::OnceLock<Screener> = std::sync::OnceLock::new();
            let scanner = SCREENER.get_or_init(|| Screener::new().unwrap()).scanner();
            let mut hits = Vec::new();
            scanner.scan(&text, Field::Text, &mut Scratch::default(), &mut hits);
            let fast: Vec<(u32, usize, usize)> =
                hits.iter().map(|h| (h.term, h.norm.start as usize, h.norm.end as usize)).collect();
            for n in naive(scanner, &text) {
                prop_assert!(fast.contains(&n), "naive hit {:?} missing in {:?}", n, text);
            }
            // Every word-pass hit is one the naive scanner finds; the others come from the
            // space-free pass and must be hashtags or names written in pieces.
            let reference = naive(scanner, &text);
            for (h, f) in hits.iter().zip(&fast) {
                if !reference.contains(f) {
                    let cat = scanner.terms[h.term as usize].term.category;
                    prop_assert!(matches!(cat, Category::Hashtag | Category::Name | Category::Nickname | Category::Team));
                }
                prop_assert!(text.is_char_boundary(h.span.start) && text.is_char_boundary(h.span.end));
            }
        }
    }
}
