//! The calendar day an archive's `created_at` names, as `YYYY-MM-DD`, without a date library:
//! what a pack's validity window is compared with.
//!
//! Exports write RFC 3339 or ISO 8601 (`2023-11-28T07:45:12+07:00`, `2023-11-28 07:45`,
//! `2023-11-28`) or the Twitter / tweet-harvest form (`Tue Nov 28 09:12:44 +0000 2023`). The day
//! is the one written, in the archive's own time zone.

/// The day `created_at` names, or `None` when it is in none of the forms above.
pub(crate) fn day(created_at: &str) -> Option<String> {
    day_number(created_at).map(format_day)
}

/// The day `created_at` names as the number `YYYYMMDD`, which orders as the days do; `None`
/// when it is in none of the forms above. Unlike [`day`] it allocates nothing, for counting
/// the days of every record of an archive.
pub(crate) fn day_number(created_at: &str) -> Option<u32> {
    let t = created_at.trim();
    let (y, m, d) = iso(t).or_else(|| twitter(t))?;
    valid(y, m, d).then_some(y * 10_000 + m * 100 + d)
}

/// A [`day_number`] as `YYYY-MM-DD`.
pub(crate) fn format_day(n: u32) -> String {
    format!("{:04}-{:02}-{:02}", n / 10_000, n / 100 % 100, n % 100)
}

/// `YYYY-MM-DD` at the start, followed by nothing, `T` or a space.
fn iso(t: &str) -> Option<(u32, u32, u32)> {
    let head = t.get(..10)?.as_bytes();
    let rest = &t[10..];
    let ok = head.iter().enumerate().all(|(i, &b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    }) && (rest.is_empty() || rest.starts_with(['T', 't', ' ']));
    let num = |r: std::ops::Range<usize>| {
        head[r]
            .iter()
            .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'))
    };
    ok.then(|| (num(0..4), num(5..7), num(8..10)))
}

/// `Ddd Mmm DD HH:MM:SS +ZZZZ YYYY`.
fn twitter(t: &str) -> Option<(u32, u32, u32)> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = t.split_whitespace();
    let (Some(_), Some(month), Some(dd), Some(_), Some(_), Some(year), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    let m = MONTHS.iter().position(|&x| x == month)? as u32 + 1;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((year.parse().ok()?, m, dd.parse().ok()?))
}

/// Whether the year, month and day are a day of the calendar.
fn valid(y: u32, m: u32, d: u32) -> bool {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
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
    use super::{day, day_number, format_day};

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
            ("Tue Nov 31 09:12:44 +0000 2023", None),
            ("Tue Nov 28 09:12:44 +0000 2023 x", None),
        ] {
            assert_eq!(day(text).as_deref(), want, "{text:?}");
        }
        assert_eq!(day_number("2023-11-28T07:45:12+07:00"), Some(20231128));
        assert!(
            day_number("2023-12-31").unwrap()
                < day_number("Mon Jan 01 00:00:00 +0000 2024").unwrap()
        );
        assert_eq!(format_day(20240229), "2024-02-29");
    }
}
