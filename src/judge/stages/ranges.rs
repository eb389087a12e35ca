//! **ranges**: a number that opens or closes a count does not name a pair.
//!
//! What it does: a ballot-number match with a range word and another number after it ("nomor 1
//! sampai 5", "no 1-3", "nomor satu hingga nomor lima", "nomor 2 s/d 4"), or before it ("1
//! sampai nomor 3"), is set aside. The other end is a count's: a number of at most three
//! digits, or a number word, not followed by a month ("coblos 02 - 14 Februari" is a date, and
//! "Pemilu 2024 - 02" a year, so their ballot numbers stay).
//!
//! Why: exam questions, queue numbers, lists and match scores count with the words that name a
//! pair ("pilih nomor 1 sampai 5 di lembar jawaban", "menang 02-1"); a ballot number is one
//! number, never the end of a count.
//!
//! Known limits: only a range written with a range word or a dash right beside the number; a
//! range said in other words ("antara 1 dan 3") keeps its numbers; a voter who writes two
//! pairs' numbers as a range ("01-03 sama saja") loses them, and so does a ballot number
//! followed by a dash and a small number that is not a count ("coblos 02 - 3 hari lagi").

use crate::scan::Hit;

/// Words and signs that join the two ends of a count.
const RANGE_WORDS: [&str; 10] = [
    "sampai", "sampe", "smp", "hingga", "s/d", "s.d.", "s.d", "sd", "-", "–",
];

/// What may stand before the number at the other end: "sampai nomor 5".
const NUMBER_NOUNS: [&str; 5] = ["nomor urut", "no urut", "nomor", "nomer", "no"];

/// Months, short: a number followed by one is a date, not the end of a count.
const MONTHS: [&str; 13] = [
    "jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "ags", "sep", "okt", "nov", "des",
];

/// Numbers written as words, as a count may end.
const NUMBER_WORDS: [&str; 10] = [
    "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
];

/// Why the ballot-number match `h` in its field's `text` is no ballot number, if it is not.
pub(in crate::judge) fn why(text: &str, h: &Hit) -> Option<&'static str> {
    let in_range = text
        .get(h.span.end..)
        .is_some_and(|after| range_then_number(after.trim_start()))
        || text
            .get(..h.span.start)
            .is_some_and(|before| number_then_range(before.trim_end()));
    in_range.then_some("one end of a count, not a ballot number")
}

/// Whether `s` starts with a range word and then a number: "sampai 5", "-3", "s/d lima".
fn range_then_number(s: &str) -> bool {
    RANGE_WORDS.iter().any(|w| {
        strip_prefix_ignore_case(s, w).is_some_and(|rest| {
            // A word must end where it ends: "sampai5" is a count, "sdm" is not "sd".
            let word_ends = !w.bytes().all(|b| b.is_ascii_alphabetic())
                || !rest.starts_with(|c: char| c.is_alphabetic());
            word_ends && starts_with_count(rest.trim_start())
        })
    })
}

/// Whether `s` ends with a number and then a range word: "1 sampai", "nomor 2 -".
fn number_then_range(s: &str) -> bool {
    RANGE_WORDS.iter().any(|w| {
        strip_suffix_ignore_case(s, w).is_some_and(|rest| {
            let word_starts = !w.bytes().all(|b| b.is_ascii_alphabetic())
                || !rest.ends_with(|c: char| c.is_alphabetic());
            word_starts && ends_with_number(rest.trim_end())
        })
    })
}

/// Whether `s` starts with the far end of a count: a number of one to three digits or a number
/// word, perhaps after "nomor", and not followed by a month.
fn starts_with_count(s: &str) -> bool {
    let s = NUMBER_NOUNS
        .iter()
        .find_map(|n| strip_prefix_ignore_case(s, n).filter(|r| r.starts_with(char::is_whitespace)))
        .map_or(s, str::trim_start);
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let rest = if (1..=3).contains(&digits) {
        &s[digits..]
    } else if digits > 0 {
        return false;
    } else if let Some(r) = NUMBER_WORDS.iter().find_map(|w| {
        strip_prefix_ignore_case(s, w).filter(|r| !r.starts_with(char::is_alphabetic))
    }) {
        r
    } else {
        return false;
    };
    let next = rest.trim_start();
    !MONTHS
        .iter()
        .any(|m| strip_prefix_ignore_case(next, m).is_some())
}

/// Whether `s` ends with the near end of a count: a number of one to three digits or a number
/// word.
fn ends_with_number(s: &str) -> bool {
    let digits = s.bytes().rev().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        || digits == 0
            && NUMBER_WORDS.iter().any(|w| {
                strip_suffix_ignore_case(s, w).is_some_and(|r| !r.ends_with(char::is_alphabetic))
            })
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let at = s.len().checked_sub(suffix.len())?;
    let tail = s.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &s[..at])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_after_the_number() {
        for s in [
            "sampai 5",
            "-3",
            "- 3",
            "s/d lima",
            "hingga sepuluh",
            "S.D. 4",
            "– 2",
        ] {
            assert!(range_then_number(s), "{s}");
        }
        for s in [
            "sampai jumpa",
            "sdm unggul 2",
            "-an",
            "ya",
            "",
            "sampaiku 3",
            "dan 3",
        ] {
            assert!(!range_then_number(s), "{s}");
        }
        for s in ["sampai nomor 5", "hingga no lima", "- nomor urut 3"] {
            assert!(range_then_number(s), "{s}");
        }
        // A date or a year after a dash is no count.
        for s in [
            "- 14 Februari",
            "– 14 feb 2024",
            "- 2024 satu putaran",
            "-2024",
        ] {
            assert!(!range_then_number(s), "{s}");
        }
    }

    #[test]
    fn counts_before_the_number() {
        for s in ["1 sampai", "soal 2 -", "satu hingga", "3-"] {
            assert!(number_then_range(s), "{s}");
        }
        for s in [
            "coblos",
            "dan",
            "pasti sampai",
            "1 dan",
            "",
            "Pemilu 2024 -",
        ] {
            assert!(!number_then_range(s), "{s}");
        }
    }
}
