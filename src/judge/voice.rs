//! Whose words and deeds a cue is: the author's, or someone else's. A cue may be said by someone
//! named before it or by a speaker a headline quotes; an activity may be asked about or seen
//! rather than done. The **stance** stage reads these before it gives a cue to the author.

use crate::lexicon::Category;

use super::sheet::Sheet;
use super::text::{self, named_before, opens_clause, quoted};

/// Whether someone named before cue `c` says it, not the author: a capitalised word in its
/// clause that is not the clause's first ("Pemilu damai, warga Sleman dukung Prabowo-Gibran",
/// "Relawan Benteng Jokowi Beralih Dukung ...") and no first-person word before it; or a
/// speaker whose colon opens its sentence, as headlines quote ("Prabowo: lanjutkan ...").
pub(super) fn third_party(s: &Sheet<'_>, c: usize) -> bool {
    let span = s.span(c);
    let is_camp = |at: usize| s.refs.iter().any(|r| s.span(r.hit).range().contains(&at));
    named_before(s.text, span.start, is_camp) && !s.first_person_at(c, 6, 0) || quoted(s.text, span)
}

/// Why activity cue `c` is no activity of the author's: asked about ([`asked`]), or seen, with
/// a word of seeing right before it ("lihat baliho 01 02 03 di jalan").
pub(super) fn not_done(s: &Sheet<'_>, c: usize) -> Option<&'static str> {
    if s.cat(c) != Category::Activity {
        return None;
    }
    if asked(s, c) {
        return Some("an activity asked about, not done");
    }
    text::word_before(s.text, s.span(c))
        .filter(|(_, w)| s.judge.reader.is_observing(w))
        .map(|_| "an activity seen, not done")
}

/// Whether cue `c` stands in a sentence that a question word opens ("Apakah ASN boleh hadir di
/// kampanye Anies?"): what is asked about is not what the author did.
fn asked(s: &Sheet<'_>, c: usize) -> bool {
    text::opens_with_kah(s.text, s.span(c).start)
        || s.function.iter().any(|w| {
            s.judge.terms[w.term as usize].term.category == Category::Question
                && w.span.start < s.span(c).start
                && opens_clause(s.text, w.span)
                && text::same_sentence(s.text, w.span, s.span(c))
        })
}
