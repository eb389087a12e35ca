//! **counts**: a number that counts something, numbers something else, or numbers an item of a
//! list, does not name a pair.
//!
//! What it does: a ballot-number match right after a thing that is numbered ("TPS 02", "soal
//! nomor 5", "kamar nomor 2", "pasal 2", "RT 03", "dapil 1") is that thing's number, and is set
//! aside; so is one followed by what it counts ("coblos 3 kali", "pilih 2 orang", "dukung 1
//! juta", "pilih 1 dari 3", "menang 1 putaran", "02 %"), and one that numbers an item of a
//! list: its digit followed by `.` or `)` and a space, where the number before it (or, for 1,
//! after it) marks an item the same way ("1. Buka 2. Coblos 3. Tutup").
//!
//! Why: the bare digit after a voting verb ("coblos 3") names a pair as often as it counts
//! times, people or votes, or numbers the steps of voting; a ballot number is one name, never
//! how many of something.
//!
//! Known limits: what may be counted or numbered is a closed list of words; a list
//! numbered in another way ("(a)", "3-") is not seen, nor a count said with a word between
//! ("coblos 3 lagi kali").

use crate::scan::Hit;

use super::super::text::word_before;

/// Things numbered in everyday talk, whose number a ballot number's form may take: polling
/// stations, exam questions, rooms, articles of law, neighbourhoods, places in a ranking.
const NUMBERED: [&str; 34] = [
    "tps",
    "soal",
    "pertanyaan",
    "halaman",
    "hal",
    "rumah",
    "kamar",
    "pasal",
    "ayat",
    "lantai",
    "kelas",
    "rt",
    "rw",
    "gang",
    "gg",
    "loket",
    "jalur",
    "meja",
    "kursi",
    "peringkat",
    "ranking",
    "juara",
    "antrian",
    "antrean",
    "absen",
    "regu",
    "kelompok",
    "babak",
    "bab",
    "episode",
    "blok",
    "ruang",
    "dapil",
    "sila",
];

/// What a number may count: times, people, time, money, shares, parts of a ballot.
const COUNTED: [&str; 34] = [
    "kali", "kl", "x", "orang", "org", "jiwa", "hari", "hr", "jam", "menit", "detik", "minggu",
    "bulan", "bln", "tahun", "thn", "th", "juta", "jt", "ribu", "rb", "miliar", "triliun",
    "persen", "dari", "kursi", "lembar", "surat", "kertas", "putaran", "tps", "kotak", "buah",
    "suara",
];

/// Why the ballot-number match `h` in its field's `text` is no ballot number, if it is not.
pub(in crate::judge) fn why(text: &str, h: &Hit) -> Option<&'static str> {
    if word_before(text, h.span)
        .is_some_and(|(_, w)| NUMBERED.iter().any(|n| w.eq_ignore_ascii_case(n)))
    {
        Some("the number of something else, not a ballot number")
    } else if counts(text.get(h.span.end..).unwrap_or("")) {
        Some("a number that counts something, not a ballot number")
    } else if list_item(text, h.span.start, h.span.end) {
        Some("the number of an item of a numbered list, not a ballot number")
    } else {
        None
    }
}

/// Whether `after`, the text after a number, starts with what the number counts: a unit or a
/// counted thing as a word of its own, or a percent sign.
fn counts(after: &str) -> bool {
    let rest = after.trim_start();
    if rest.starts_with('%') {
        return true;
    }
    let word: &str = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    // A space must stand between, but for "3x" and "3%": "3kali" is rarely written.
    (after.len() > rest.len() || word.eq_ignore_ascii_case("x"))
        && COUNTED.iter().any(|c| word.eq_ignore_ascii_case(c))
}

/// Whether the digits that end `text[start..end]` number an item of a list: `.` or `)` and a
/// space (or the end) after them, and the number before (for 1, after) marking another item.
fn list_item(text: &str, start: usize, end: usize) -> bool {
    let words = text.get(start..end).unwrap_or("");
    let digits = words.bytes().rev().take_while(u8::is_ascii_digit).count();
    let Ok(n) = words[words.len() - digits..].parse::<u32>() else {
        return false;
    };
    let after = text.get(end..).unwrap_or("");
    let Some(mark) = after.chars().next().filter(|c| matches!(c, '.' | ')')) else {
        return false;
    };
    if !after[1..].chars().next().is_none_or(char::is_whitespace) {
        return false;
    }
    let (other, haystack) = if n > 1 {
        (n - 1, text.get(..start).unwrap_or(""))
    } else {
        (2, after.get(1..).unwrap_or(""))
    };
    marks_item(haystack, other, mark)
}

/// Whether `n` followed by `mark` and a space (or the end) stands in `text` after the start or
/// a space, as a list numbers its items.
fn marks_item(text: &str, n: u32, mark: char) -> bool {
    let item = format!("{n}{mark}");
    text.match_indices(&item).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + item.len()..].chars().next();
        before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_number_counts() {
        for s in [
            " kali",
            " orang lagi",
            "x",
            " %",
            "%",
            " dari 3",
            " Juta",
            " putaran!",
        ] {
            assert!(counts(s), "{s:?}");
        }
        for s in ["", " ya", ", kali", " kalian", "kali", " prabowo", "xx"] {
            assert!(!counts(s), "{s:?}");
        }
    }

    #[test]
    fn the_items_of_a_numbered_list() {
        let t = "1. Buka 2. Coblos 3. Tutup";
        let at = t.find("Coblos 3").unwrap();
        assert!(list_item(t, at, at + "Coblos 3".len()));
        let t = "Coblos 1) lalu 2) lipat";
        assert!(list_item(t, 0, "Coblos 1".len()));
        // A sentence that ends on the number is no list.
        let t = "Besok coblos 3. Jangan lupa!";
        let at = t.find("coblos 3").unwrap();
        assert!(!list_item(t, at, at + "coblos 3".len()));
        let t = "Pilih 3.5 juta";
        assert!(!list_item(t, 0, "Pilih 3".len()));
        assert!(!list_item("coblos", 0, 6));
    }
}
