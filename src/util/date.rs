//! The calendar day an archive's `created_at` names, as `YYYY-MM-DD`, without a date library:
//! what a pack's validity window is compared with.
//!
//! Exports write RFC 3339 or ISO 8601 (`2023-11-28T07:45:12+07:00`, `2023-11-28 07:45`,
//! `2023-11-28`) or the Twitter / tweet-harvest form (`Tue Nov 28 09:12:44 +0000 2023`). The day
//! is the one written, in the archive's own time zone.

/// The day `created_at` names, or `None` when it is in none of the forms above.
pub(crate) fn day(created_at: &str) -> Option<String> {
    let t = created_at.trim();
    iso(t).or_else(|| twitter(t))
}

/// `YYYY-MM-DD` at the start, followed by nothing, `T` or a space.
fn iso(t: &str) -> Option<String> {
    let head = t.get(..10)?;
    let rest = &t[10..];
    let ok = head.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    }) && (rest.is_empty() || rest.starts_with(['T', 't', ' ']));
    (ok && valid(head)).then(|| head.to_string())
}

/// `Ddd Mmm DD HH:MM:SS +ZZZZ YYYY`.
fn twitter(t: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = t.split_whitespace().collect();
    let [_, month, dd, _, _, year] = parts[..] else {
        return None;
    };
    let m = MONTHS.iter().position(|&x| x == month)? + 1;
    let d: u32 = dd.parse().ok()?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let day = format!("{year}-{m:02}-{d:02}");
    valid(&day).then_some(day)
}

/// Whether `YYYY-MM-DD` is a day of the calendar.
fn valid(day: &str) -> bool {
    let num = |r: std::ops::Range<usize>| day.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::day;

    #[test]
    fn every_form_an_export_writes() {
        for (text, want) in [
            ("2019-04-10", Some("2019-04-10")),
            ("2023-11-28T07:45:12+07:00", Some("2023-11-28")),
            ("2023-11-28 07:45", Some("2023-11-28")),
            ("Tue Nov 28 09:12:44 +0000 2023", Some("2023-11-28")),
            (" 2024-02-29 ", Some("2024-02-29")),
            ("2023-02-29", None),
            ("28/11/2023", None),
            ("2023-11-28X", None),
            ("kemarin", None),
            ("", None),
            ("Tue Foo 28 09:12:44 +0000 2023", None),
        ] {
            assert_eq!(day(text).as_deref(), want, "{text:?}");
        }
    }
}
