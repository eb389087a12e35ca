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
    /// Which of a field's hits are names inside a longer name of the same camp.
    inner: Vec<bool>,
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

pub(crate) struct Scanner {
    /// The terms written in ASCII. Kept apart from the others, their automaton has fewer
    /// byte classes and so half the table to walk through the cache.
    words: Engine,
    /// For every pattern of `words`, the range of `ids` holding its terms.
    word_terms: Vec<Range<u32>>,
    /// The terms with other characters (emoji, other scripts), looked for only in text that
    /// has such characters, with the ranges of `ids` for each.
    wide: Option<(Engine, Vec<Range<u32>>)>,
    compact: Option<Engine>,
    compact_terms: Vec<Range<u32>>,
    /// For every pattern of `compact`, whether it may match one whole word of the text: a
    /// hashtag, or a name of several words written as one ("ganjarmahfud", "aniesbaswedan"),
    /// which the word pass, looking for the spaced form, cannot find.
    compact_whole: Vec<bool>,
    ids: Vec<u32>,
    /// The length of the longest name, in bytes of normalised text.
    longest_name: u32,
    /// Account terms by normalised handle, for matching `target_author`.
    accounts: HashMap<String, Vec<u32>>,
    pub terms: Vec<CompiledTerm>,
}

/// Names this long or longer are also looked for with the spaces of the text removed.
const COMPACT_MIN: usize = 5;

impl Scanner {
    pub fn new(terms: Vec<CompiledTerm>) -> Result<Scanner, Error> {
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
        let mut ranges = |order: &[&str]| -> Vec<Range<u32>> {
            order
                .iter()
                .map(|p| {
                    let start = ids.len() as u32;
                    ids.extend_from_slice(&word_map[p]);
                    start..ids.len() as u32
                })
                .collect()
        };
        let word_terms = ranges(&ascii_order);
        let wide_terms = ranges(&wide_order);
        let mut compact_terms = Vec::with_capacity(compact_order.len());
        let mut compact_whole = Vec::with_capacity(compact_order.len());
        for p in &compact_order {
            let start = ids.len() as u32;
            ids.extend_from_slice(&compact_map[p]);
            compact_terms.push(start..ids.len() as u32);
            compact_whole.push(compact_map[p].iter().any(|&t| {
                let t = &terms[t as usize];
                t.term.category == Category::Hashtag || t.norm.contains(' ')
            }));
        }
        // Empty patterns are left out: they could never stand alone as a match.
        let words = Engine::new(&ascii_order)?;
        let wide = if wide_order.is_empty() {
            None
        } else {
            Some((Engine::new(&wide_order)?, wide_terms))
        };
        let compact_refs: Vec<&str> = compact_order.iter().map(String::as_str).collect();
        let compact = if compact_refs.is_empty() {
            None
        } else {
            Some(Engine::new(&compact_refs)?)
        };
        let longest_name = terms
            .iter()
            .filter(|t| t.term.category == Category::Name)
            .map(|t| t.norm.len() as u32)
            .max()
            .unwrap_or(0);
        Ok(Scanner {
            longest_name,
            words,
            word_terms,
            wide,
            compact,
            compact_terms,
            compact_whole,
            ids,
            accounts,
            terms,
        })
    }

    /// Finds every term in `text`, appending hits for `field` to `out`.
    pub fn scan(&self, text: &str, field: Field, scratch: &mut Scratch, out: &mut Vec<Hit>) {
        let Scratch {
            norm,
            spaces,
            pending,
            handle: _,
            inner,
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
        let hit = |term: u32, a: usize, b: usize| Hit {
            field,
            term,
            norm: a as u32..b as u32,
            span: norm.span(a..b),
            first_token: token(a),
            last_token: token(b - 1),
        };
        // The word matches of pattern `pid` of `engine`, ending at `b`, that stand alone, or
        // that carry an enclitic the term takes ("prabowonya", "pilihlah").
        let mut word_hit = |engine: &Engine, terms: &[Range<u32>], pid: PatternID, b: usize| {
            let a = b - engine.pattern_len(pid);
            let clitic = if bounded(s, a, b) {
                None
            } else {
                let Some(c) = enclitic(s, a, b) else { return };
                Some(c)
            };
            let r = &terms[pid.as_usize()];
            for &t in &self.ids[r.start as usize..r.end as usize] {
                let takes = match clitic {
                    None => true,
                    Some(c) => takes_enclitic(&self.terms[t as usize], c),
                };
                if takes {
                    out.push(hit(t, a, b));
                }
            }
        };
        // The space-free pass runs on every text: besides names split by spaces it finds
        // hashtags and names of several words run together, even in a text of one word.
        pending.clear();
        let word_found = |pid, b| word_hit(&self.words, &self.word_terms, pid, b);
        match (&self.words, &self.compact) {
            // Both passes walk the text together: the two automata's steps do not wait on
            // each other, so the processor overlaps their memory accesses. The space-free
            // matches are judged after the word matches, which they are checked against.
            (Engine::Dfa(w), Some(Engine::Dfa(c))) => {
                walk_both(w, c, bytes, word_found, |pid, end| {
                    pending.push((pid, end as u32))
                })
            }
            (_, Some(ac)) => {
                self.words.for_each_match(bytes.iter().copied(), word_found);
                let without_spaces = bytes.iter().copied().filter(|&b| b != b' ');
                ac.for_each_match(without_spaces, |pid, end| pending.push((pid, end as u32)));
            }
            (_, None) => self.words.for_each_match(bytes.iter().copied(), word_found),
        }
        if let Some((engine, terms)) = &self.wide {
            // A pattern with a non-ASCII byte can only match where there is one.
            if !bytes.is_ascii() {
                engine.for_each_match(bytes.iter().copied(), |pid, b| {
                    word_hit(engine, terms, pid, b)
                });
                // The two walks each found their hits in order of their end; the check
                // against the space-free pass below wants them in one such order.
                out[first..].sort_unstable_by_key(|h| h.norm.end);
            }
        }
        let words_end = out.len();
        if let Some(ac) = &self.compact {
            for &(pid, end) in pending.iter() {
                let end = end as usize;
                let len = ac.pattern_len(pid);
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
                let r = &self.compact_terms[pid.as_usize()];
                for &t in &self.ids[r.start as usize..r.end as usize] {
                    let ct = &self.terms[t as usize];
                    let ok = if ct.term.category == Category::Hashtag {
                        // A hashtag is one word in the original: camelCase split it, a real
                        // space did not.
                        bytes[a] == b'#' && {
                            let span = norm.span(a..b);
                            !text[span.range()].chars().any(char::is_whitespace)
                                && !text[span.end..]
                                    .chars()
                                    .next()
                                    .is_some_and(char::is_alphanumeric)
                        }
                    } else {
                        // A name written whole is the word pass's job; here only names split
                        // into chunks, and names of several words run together in running
                        // text. A lower-case hashtag (`#aniesbaswedan`) stays a hashtag: tag
                        // lists name every camp to be found, not to argue.
                        spaced || (ct.norm.contains(' ') && (a == 0 || bytes[a - 1] != b'#'))
                    };
                    // A variant of a term already found on the same words ("prabowogibran"
                    // on "Prabowo-Gibran", where the word pass found "prabowo gibran") adds
                    // nothing: same words, same camp, same kind.
                    let same = |h: &Hit| {
                        h.term == t && h.norm.start == a as u32
                            || (h.norm == (a as u32..b as u32) && {
                                let o = &self.terms[h.term as usize];
                                o.entity == ct.entity && o.term.category == ct.term.category
                            })
                    };
                    // Such a hit ends where this one does, or, for the same term found by the
                    // word pass, where the term ends. Each pass found its hits in order of
                    // their end, so only those ends are looked up.
                    let ends = [(a + ct.norm.len()) as u32, b as u32];
                    let found = [&out[first..words_end], &out[words_end..]];
                    let seen = found.iter().any(|run| {
                        ends.iter().any(|&e| {
                            let from = run.partition_point(|h| h.norm.end < e);
                            run[from..].iter().take_while(|h| h.norm.end == e).any(same)
                        })
                    });
                    if ok && !seen {
                        out.push(hit(t, a, b));
                    }
                }
            }
        }
        out[first..].sort_by_key(|h| (h.norm.start, h.norm.end, h.term));
        // A name inside a longer name of the same camp ("prabowo" and "gibran" in "prabowo
        // gibran") says nothing the longer one does not.
        let name = |h: &Hit| {
            let t = &self.terms[h.term as usize];
            (t.term.category == Category::Name).then_some(t.entity)
        };
        let found = &out[first..];
        let covers = |o: &Hit, h: &Hit| {
            o.norm.start <= h.norm.start
                && h.norm.end <= o.norm.end
                && o.norm != h.norm
                && name(o) == name(h)
        };
        inner.clear();
        inner.extend(found.iter().enumerate().map(|(i, h)| {
            // The hits are in order of their start, and a name that covers `h` starts less
            // than the longest name's length before it: only those few are looked at. (A name
            // split by spaces can reach further; such a rare pair is simply both kept.)
            name(h).is_some()
                && (found[..i]
                    .iter()
                    .rev()
                    .take_while(|o| o.norm.start + self.longest_name > h.norm.start)
                    .any(|o| covers(o, h))
                    || found[i + 1..]
                        .iter()
                        .take_while(|o| o.norm.start == h.norm.start)
                        .any(|o| covers(o, h)))
        }));
        if inner.contains(&true) {
            let mut k = 0;
            out.retain(|_| {
                k += 1;
                k <= first || !inner[k - first - 1]
            });
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

/// Indonesian enclitics, written onto the word before them: the pronouns "-nya", "-mu" and
/// "-ku" ("prabowonya", "asam sulfatmu") and the particles "-lah", "-kah" and "-pun"
/// ("pilihlah", "ganjarlah").
const ENCLITICS: [&str; 6] = ["nya", "mu", "ku", "lah", "kah", "pun"];

/// The enclitic that ends the word at `b` of `s`, when `s[a..b]`, a match ending in a letter,
/// stands alone but for it.
fn enclitic(s: &str, a: usize, b: usize) -> Option<&'static str> {
    if !s.as_bytes()[..b].last()?.is_ascii_alphabetic() {
        return None;
    }
    let rest = &s.as_bytes()[b..];
    ENCLITICS
        .into_iter()
        .find(|c| rest.starts_with(c.as_bytes()) && bounded(s, a, b + c.len()))
}

/// Whether a term is still itself with `clitic` written onto it. A name, a party's acronym or a
/// slogan is ("gibrannya", "pkslah"); support, attack and appeals only with the emphatic "-lah"
/// ("pilihlah", "dukunglah"): with a pronoun they turn into other words ("pendukungnya", his
/// supporters; "terpilihnya", the election of).
fn takes_enclitic(term: &CompiledTerm, clitic: &str) -> bool {
    match term.term.category {
        Category::Name
        | Category::Nickname
        | Category::Acronym
        | Category::Symbol
        | Category::Team
        | Category::Slogan => true,
        Category::Support | Category::Attack | Category::Invite => clitic == "lah",
        _ => false,
    }
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
    /// and apply the same boundary and enclitic rules.
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
                let clitic = enclitic(s, a, b).is_some_and(|c| takes_enclitic(t, c));
                if bounded(s, a, b) || clitic {
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
            // A name inside a longer name of the same camp is left out.
            let name = |t: u32| {
                let t = &scanner.terms[t as usize];
                (t.term.category == Category::Name).then_some(t.entity)
            };
            for n in naive(scanner, &text) {
                let (t, a, b) = n;
                let covered = name(t).is_some() && fast.iter().any(|&(o, oa, ob)| {
                    oa <= a && b <= ob && (oa, ob) != (a, b) && name(o) == name(t)
                });
                prop_assert!(fast.contains(&n) || covered, "naive hit {:?} missing in {:?}", n, text);
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
