//! Pure predicates on the ORIGINAL text of a field: where sentences and clauses break, where a
//! reply's opening handles end, where a text turns from what it grants to what it argues.
//!
//! They read punctuation and words the normaliser drops, so they look at the text as written.
//! Every function takes byte offsets that fall on character boundaries (spans of hits) and
//! never panics on any text.

use std::ops::Range;

use crate::span::Span;

/// What ends a clause.
pub(super) const CLAUSE_END: [char; 7] = [',', ';', ':', '.', '!', '?', '\n'];

/// The offset of the first sentence break in `text`: a line break, or `.`, `!` or `?` before
/// a space (not the dots of an ellipsis run).
pub(super) fn sentence_break(text: &str) -> Option<usize> {
    let gap = text.as_bytes();
    gap.iter().enumerate().position(|(i, &c)| {
        c == b'\n'
            || (matches!(c, b'.' | b'!' | b'?')
                && gap.get(i + 1).is_some_and(u8::is_ascii_whitespace)
                && (i == 0 || gap[i - 1] != b'.'))
    })
}

/// The text between two spans, in either order (empty when they overlap).
pub(super) fn between(text: &str, a: Span, b: Span) -> &str {
    let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
    text.get(first.end..second.start).unwrap_or("")
}

/// Whether no sentence ends between two spans.
pub(super) fn same_sentence(text: &str, a: Span, b: Span) -> bool {
    sentence_break(between(text, a, b)).is_none()
}

/// Whether no clause punctuation (`,` `;` `:` `.` `!` `?`) and no line break stands between two
/// spans.
pub(super) fn same_clause(text: &str, a: Span, b: Span) -> bool {
    !between(text, a, b).contains(CLAUSE_END)
}

/// Whether `span` stands in the first sentence of `text`.
pub(super) fn in_first_sentence(text: &str, span: Span) -> bool {
    sentence_break(text.get(..span.start).unwrap_or("")).is_none()
}

/// Whether the clause before `span` opens with "yang" right before it ("..., yang pasti menang
/// ya Anies"): a cleft whose subject comes after the predicate.
pub(super) fn opens_with_yang(text: &str, span: Span) -> bool {
    let before = text.get(..span.start).unwrap_or("");
    let clause = before
        .rfind(CLAUSE_END)
        .map_or(before, |i| &before[i + 1..]);
    let mut words = clause.split_whitespace();
    words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("yang") || w.eq_ignore_ascii_case("yg"))
}

/// Whether `span` opens a clause: nothing but mentions, punctuation or emoji before it. Inside a
/// hashtag ("#TolakAnies") it does not: it names the tag.
pub(super) fn opens_clause(text: &str, span: Span) -> bool {
    let mut before = text.get(..span.start).unwrap_or("");
    if before.ends_with('#') {
        return false;
    }
    before = before.trim_end();
    // Replies open with the handles they answer.
    while let Some(last) = before.split_whitespace().next_back() {
        if !last.starts_with('@') {
            break;
        }
        before = before[..before.len() - last.len()].trim_end();
    }
    before
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Whether punctuation between words splits the words of `span` ("Prabowo, presiden ...").
pub(super) fn broken_phrase(text: &str, span: Span) -> bool {
    let b = text.get(span.range()).unwrap_or("").as_bytes();
    b.windows(2).any(|w| {
        matches!(w[0], b',' | b'.' | b';' | b':' | b'|' | b'!' | b'?') && w[1].is_ascii_whitespace()
    })
}

/// The end of the handles a reply opens with ("@user @prabowo halo" gives the end of
/// "@prabowo"), or 0 when the text does not open with one.
pub(super) fn address_end(text: &str) -> usize {
    let mut end = 0;
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        let Some(body) = trimmed.strip_prefix('@') else {
            return end;
        };
        // Handles are letters, digits and `_`, and on some platforms `.` between them.
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let mut len = 0;
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let dotted = c == '.' && len > 0 && chars.peek().is_some_and(|&(_, n)| word(n));
            if !(word(c) || dotted) {
                break;
            }
            len = i + c.len_utf8();
        }
        if len == 0 {
            return end;
        }
        let at = text.len() - trimmed.len();
        end = at + 1 + len;
        rest = &text[end..];
    }
}

/// Whether a mention at `span` stands among words as a name would ("tdk respect dgn
/// @ganjarpranowo yg diusung ..."): a word somewhere before it and somewhere after it, so it is
/// neither in the handles a reply opens with nor in the tags a post ends with.
pub(super) fn mention_in_sentence(text: &str, span: Span) -> bool {
    let is_word = |w: &str| {
        !w.starts_with('@')
            && !w.starts_with('#')
            && !w.starts_with("http")
            && w.chars().any(char::is_alphanumeric)
    };
    let before = text.get(..span.start).unwrap_or("");
    let after = text.get(span.end..).unwrap_or("");
    // The handle must end where the match ends ("@prabowo" is not "@prabowo_fans").
    if after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
        return false;
    }
    before.split_whitespace().any(is_word) && after.split_whitespace().any(is_word)
}

/// Whether the text between two names (`end` of one, `start` of the next) joins them in a list:
/// nothing but one of `conjunctions` ("dan", "atau", "&", "/"). Overlapping names (parts of one
/// name) join too.
pub(super) fn joins(text: &str, end: usize, start: usize, conjunctions: &[String]) -> bool {
    if start <= end {
        return true;
    }
    // No conjunction is long: a longer gap is words, not a joiner.
    if start - end > 24 {
        return false;
    }
    let Some(gap) = text.get(end..start) else {
        return false;
    };
    let gap_words = gap.split_whitespace();
    conjunctions.iter().any(|w| {
        let mut gap = gap_words.clone();
        w.split(' ')
            .all(|p| gap.next().is_some_and(|g| g.eq_ignore_ascii_case(p)))
            && gap.next().is_none()
    })
}

/// The body (after `#`) of the hashtag that `span` lies in, if it lies in one.
pub(super) fn hashtag_around(text: &str, span: Range<usize>) -> Option<Range<usize>> {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let inner = text.get(span.clone())?;
    if inner.is_empty() || !inner.chars().all(word) {
        return None;
    }
    let start = text[..span.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| word(c))
        .last()
        .map_or(span.start, |(i, _)| i);
    if !text[..start].ends_with('#') {
        return None;
    }
    let end = text[span.end..]
        .char_indices()
        .find(|&(_, c)| !word(c))
        .map_or(text.len(), |(i, _)| span.end + i);
    Some(start..end)
}

/// The word right before `span` in its clause (letters and digits), if a plain space or nothing
/// but spaces stands between.
pub(super) fn word_before(text: &str, span: Span) -> Option<(usize, &str)> {
    let before = text.get(..span.start)?;
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() && !before.is_empty() {
        // Written onto the word: no word before it.
        return None;
    }
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    Some((start, &trimmed[start..]))
}

/// Whether someone is named in the clause before `at`: a capitalised word that is not the
/// clause's first, a handle or a hashtag ("Pemilu damai, warga Sleman dukung ..."), nor a
/// camp's word: `is_camp(offset)` says whether the word at that byte offset of `text` is part
/// of a camp's name ("Prabowo Gibran pilihanku" names the camp the cue is about, not a speaker).
pub(super) fn named_before(text: &str, at: usize, is_camp: impl Fn(usize) -> bool) -> bool {
    let before = text.get(..at).unwrap_or("");
    let clause = before.rfind(CLAUSE_END).map_or(0, |i| i + 1);
    before[clause..]
        .split_whitespace()
        .filter(|w| !w.starts_with(['@', '#']))
        .skip(1)
        .any(|w| {
            // A word of `split_whitespace` lies inside `text`: its offset is where it starts.
            let offset = w.as_ptr() as usize - text.as_ptr() as usize;
            w.starts_with(char::is_uppercase) && !is_camp(offset)
        })
}

/// Whether the sentence around `at` opens with a word that asks: one ending in the interrogative
/// particle "-kah" ("Bolehkah ASN ...", "Benarkah ...").
pub(super) fn opens_with_kah(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let start = before.rfind(['.', '!', '?', '\n']).map_or(0, |i| i + 1);
    text[start..]
        .split_whitespace()
        .find(|w| !w.starts_with('@'))
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .is_some_and(|w| w.len() > 4 && w.ends_with("kah"))
}

/// Whether the text carries a link.
pub(super) fn has_link(text: &str) -> bool {
    let t = text.as_bytes();
    memchr::memmem::find(t, b"http").is_some_and(|i| {
        let rest = &t[i + 4..];
        rest.starts_with(b"://") || rest.starts_with(b"s://")
    }) || memchr::memmem::find(t, b"t.co/").is_some()
}

/// The share of the words of three letters or more (not handles, hashtags or links) that start
/// with a capital: near 1 for a headline ("Prabowo-Gibran Dinilai Ogah Debat Publik"), low for
/// talk. 0 for a text of fewer than four such words.
pub(super) fn headline_case(text: &str) -> f32 {
    let (mut all, mut capital) = (0u32, 0u32);
    let mut count = |w: &str| {
        if w.starts_with(['@', '#']) || w.starts_with("http") {
            return;
        }
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        // Plain ASCII words, the most of them, are read byte by byte.
        let (letters, upper) = if w.is_ascii() {
            (
                w.len() >= 3 && w.bytes().all(|b| b.is_ascii_alphabetic()),
                w.as_bytes().first().is_some_and(u8::is_ascii_uppercase),
            )
        } else {
            (
                w.chars().count() >= 3 && w.chars().all(char::is_alphabetic),
                w.starts_with(char::is_uppercase),
            )
        };
        if letters {
            all += 1;
            capital += u32::from(upper);
        }
    };
    text.split_ascii_whitespace().for_each(&mut count);
    if all < 4 {
        0.0
    } else {
        capital as f32 / all as f32
    }
}

/// Whether a speaker opens a quote the way headlines do ("AHY: Jika Prabowo-Gibran Menang,
/// ..."): a capitalised word right before a colon and a space, early in the text.
pub(super) fn headline_quote(text: &str) -> bool {
    speaker_colon(text).is_some()
}

/// The offset of the first colon that a speaker opens a quote with, as in
/// [`headline_quote`].
fn speaker_colon(text: &str) -> Option<usize> {
    // Only the first 80 bytes are looked at: the colon of a headline's speaker comes early.
    let mut head = text.len().min(82);
    while !text.is_char_boundary(head) {
        head -= 1;
    }
    text[..head].match_indices(": ").map(|(i, _)| i).find(|&i| {
        i <= 80
            && text[..i]
                .split_whitespace()
                .next_back()
                .is_some_and(|w| w.starts_with(char::is_uppercase) && !w.starts_with("http"))
    })
}

/// Whether `span` stands in the sentence a speaker's colon opens, as headlines quote
/// ("Prabowo: saya akan lanjutkan ..."): a first-person word there is the speaker's, not the
/// author's. Words between quotation marks are not counted out: a supporter's testimony
/// quoted in full is passed on as it is.
pub(super) fn quoted(text: &str, span: Span) -> bool {
    speaker_colon(text).is_some_and(|i| {
        i < span.start && sentence_break(text.get(i..span.start).unwrap_or("")).is_none()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, word: &str) -> Span {
        let start = text.find(word).unwrap();
        Span {
            start,
            end: start + word.len(),
        }
    }

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn sentences_break_at_stops_and_lines_but_not_ellipses() {
        assert_eq!(sentence_break("satu. dua"), Some(4));
        assert_eq!(sentence_break("satu\ndua"), Some(4));
        assert_eq!(sentence_break("satu... dua"), None);
        assert_eq!(sentence_break("jam 10.30 pagi"), None);
        assert_eq!(sentence_break("beneran?!"), None);
        let t = "Prabowo menang. Aamiin";
        assert!(!same_sentence(t, span(t, "Prabowo"), span(t, "Aamiin")));
        assert!(same_sentence(t, span(t, "Prabowo"), span(t, "menang")));
    }

    #[test]
    fn clauses_break_at_commas() {
        let t = "semoga jadi presiden 2024, aamiin";
        assert!(!same_clause(t, span(t, "presiden"), span(t, "aamiin")));
        assert!(same_clause(t, span(t, "jadi"), span(t, "presiden")));
        assert!(same_sentence(t, span(t, "presiden"), span(t, "aamiin")));
    }

    #[test]
    fn a_clause_opens_after_handles_and_punctuation_only() {
        let t = "@user @prabowo coblos 02!";
        assert!(opens_clause(t, span(t, "coblos")));
        let t = "saya coblos 02";
        assert!(!opens_clause(t, span(t, "coblos")));
        let t = "#TolakAnies";
        assert!(!opens_clause(t, span(t, "Tolak")));
        let t = "Sudah jelas. Jangan pilih dia";
        assert!(opens_clause(t, span(t, "Jangan")));
    }

    #[test]
    fn yang_opens_a_cleft() {
        let t = "Anies, yang pasti menang ya";
        assert!(opens_with_yang(t, span(t, "pasti")));
        let t = "Anies pasti menang";
        assert!(!opens_with_yang(t, span(t, "pasti")));
    }

    #[test]
    fn a_reply_opens_with_its_handles() {
        assert_eq!(address_end("@user @prabowo halo"), "@user @prabowo".len());
        assert_eq!(address_end("@budi.santoso. ok"), "@budi.santoso".len());
        assert_eq!(address_end("halo @prabowo"), 0);
        assert_eq!(address_end("@ halo"), 0);
    }

    #[test]
    fn mentions_among_words_are_names() {
        let t = "tdk respect dgn @ganjarpranowo yg diusung";
        assert!(mention_in_sentence(t, span(t, "@ganjarpranowo")));
        let t = "@ganjarpranowo semangat";
        assert!(!mention_in_sentence(t, span(t, "@ganjarpranowo")));
        let t = "dukung @prabowo_fans ya";
        assert!(!mention_in_sentence(t, span(t, "@prabowo")));
    }

    #[test]
    fn lists_join_with_conjunctions_only() {
        let c = words(&["dan", "atau", "&"]);
        let t = "Anies dan Ganjar";
        assert!(joins(t, 5, 10, &c));
        let t = "Anies, Ganjar";
        assert!(!joins(t, 5, 7, &c));
        assert!(joins("ab", 2, 1, &c));
    }

    #[test]
    fn a_capitalised_word_inside_the_clause_is_someone_named() {
        let none = |_| false;
        let t = "Pemilu damai, warga Sleman dukung Prabowo";
        assert!(named_before(t, t.find("dukung").unwrap(), none));
        let t = "Pemilu damai, Kami dukung Prabowo";
        assert!(!named_before(t, t.find("dukung").unwrap(), none));
        let t = "Pemilu damai, kata @Sleman #Ayo dukung Prabowo";
        assert!(!named_before(t, t.find("dukung").unwrap(), none));
        assert!(!named_before("Warga Sleman", 100, none));
        let t = "tetap Prabowo Gibran pilihanku";
        let camp = |at: usize| (6..20).contains(&at);
        assert!(named_before(t, t.find("pilihanku").unwrap(), none));
        assert!(!named_before(t, t.find("pilihanku").unwrap(), camp));
    }

    #[test]
    fn hashtags_are_found_around_their_words() {
        let t = "ayo #PrabowoJuara!";
        assert_eq!(hashtag_around(t, 5..12), Some(5..17));
        assert_eq!(hashtag_around("Prabowo juara", 0..7), None);
    }

    #[test]
    fn punctuation_breaks_a_phrase() {
        let t = "kata Ganjar, presiden harus netral";
        assert!(broken_phrase(t, Span { start: 5, end: 21 }));
        assert!(!broken_phrase(t, Span { start: 13, end: 21 }));
    }

    #[test]
    fn words_after_a_speakers_colon_are_the_speakers() {
        let t = "Prabowo: saya akan lanjutkan. Saya setuju";
        assert!(quoted(t, span(t, "saya")));
        assert!(!quoted(t, span(t, "Saya")));
        let t = "kata dia \"saya dukung\"";
        assert!(!quoted(t, span(t, "saya")));
        assert!(!quoted("saya: dukung", Span { start: 0, end: 4 }));
    }

    #[test]
    fn headlines_links_and_quotes_are_seen() {
        let h = "Prabowo-Gibran Dinilai Ogah Debat Publik, TKN: Sengaja https://t.co/x";
        assert!(headline_case(h) > 0.8);
        assert!(headline_case("ya ampun pak prabowo gemoy banget deh") < 0.2);
        assert_eq!(headline_case("Ini Saja"), 0.0);
        assert!(has_link(h) && !has_link("tanpa tautan"));
        assert!(headline_quote(
            "AHY: Jika Prabowo-Gibran Menang, Demokrat Masuk"
        ));
        assert!(!headline_quote("lihat https://t.co/x ya: oke"));
    }
}
