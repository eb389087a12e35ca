//! Reading the times archives write, and showing them the way an Indonesian reader expects.
//!
//! Exports write `created_at` in several ways: RFC 3339 (`2023-11-28T07:45:12+07:00`), the
//! Twitter / tweet-harvest form (`Tue Nov 28 09:12:44 +0000 2023`), or a plain local date and
//! time without a zone. A time keeps the offset it was written with, so the report shows it in
//! the archive's own time zone unless the reader asks for another one.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta};

use super::Lang;
use crate::error::Error;

/// A point in time as an archive wrote it: the local date and time, and the offset from UTC
/// when the archive gave one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    pub(crate) local: NaiveDateTime,
    /// Seconds east of UTC; `None` for a time written without a zone.
    pub(crate) offset: Option<i32>,
}

impl Stamp {
    /// Reads `text` in any of the forms above; `None` if it is none of them.
    pub(crate) fn parse(text: &str) -> Option<Stamp> {
        let text = text.trim();
        let zoned = |d: DateTime<FixedOffset>| Stamp {
            local: d.naive_local(),
            offset: Some(d.offset().local_minus_utc()),
        };
        if let Ok(d) = DateTime::parse_from_rfc3339(text) {
            return Some(zoned(d));
        }
        if let Ok(d) = DateTime::parse_from_str(text, "%a %b %d %H:%M:%S %z %Y") {
            return Some(zoned(d));
        }
        for format in [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Some(Stamp {
                    local,
                    offset: None,
                });
            }
        }
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
        Some(Stamp {
            local: date.and_hms_opt(0, 0, 0)?,
            offset: None,
        })
    }

    /// The same instant in the zone `zone`; a time without a zone stays as it is, since
    /// nothing says which instant it was.
    pub(crate) fn in_zone(self, zone: Option<Zone>) -> Stamp {
        match (zone, self.offset) {
            (Some(zone), Some(offset)) => {
                let shift = TimeDelta::seconds(i64::from(zone.0 - offset));
                match self.local.checked_add_signed(shift) {
                    Some(local) => Stamp {
                        local,
                        offset: Some(zone.0),
                    },
                    None => self,
                }
            }
            _ => self,
        }
    }

    /// The instant in UTC (a time without a zone taken as UTC), for ordering.
    pub(crate) fn utc(self) -> NaiveDateTime {
        let shift = TimeDelta::seconds(i64::from(self.offset.unwrap_or(0)));
        self.local.checked_sub_signed(shift).unwrap_or(self.local)
    }

    /// The local calendar day.
    pub(crate) fn date(self) -> NaiveDate {
        self.local.date()
    }

    /// The day as `YYYY-MM-DD`, for sorting and filtering in the page.
    pub(crate) fn iso_date(self) -> String {
        self.local.format("%Y-%m-%d").to_string()
    }

    /// Day, month, year, time and zone, as a reader of `lang` writes them:
    /// `28 Nov 2023 07.45 WIB` or `28 Nov 2023 07:45 UTC+07:00`.
    pub(crate) fn display(self, lang: Lang) -> String {
        let time = match lang {
            Lang::Id => self.local.format("%H.%M"),
            Lang::En => self.local.format("%H:%M"),
        };
        let mut s = format!("{} {time}", day(self.date(), lang));
        if let Some(offset) = self.offset {
            s.push(' ');
            s.push_str(&Zone::from_seconds(offset).name());
        }
        s
    }
}

/// A moment of the system clock (a file's time, now) as a stamp in `zone`, or in UTC.
pub(crate) fn moment(t: std::time::SystemTime, zone: Option<Zone>) -> Stamp {
    let utc: chrono::DateTime<chrono::Utc> = t.into();
    Stamp {
        local: utc.naive_utc(),
        offset: Some(0),
    }
    .in_zone(zone)
}

/// A day as `28 Nov 2023` with the month abbreviated in `lang`.
pub(crate) fn day(date: NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    format!(
        "{} {} {}",
        date.day(),
        month(date.month0() as usize, lang),
        date.year()
    )
}

/// A month as `Nov 2023`.
pub(crate) fn month_year(date: NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    format!("{} {}", month(date.month0() as usize, lang), date.year())
}

fn month(index: usize, lang: Lang) -> &'static str {
    const ID: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let names = match lang {
        Lang::Id => &ID,
        Lang::En => &EN,
    };
    names.get(index).copied().unwrap_or("?")
}

/// A fixed offset from UTC to show times in: `WIB`, `WITA`, `WIT`, `UTC` or `+07:00`.
///
/// ```
/// use netral::report::Zone;
///
/// let wib: Zone = "WIB".parse()?;
/// assert_eq!(wib, "+07:00".parse()?);
/// assert_eq!(wib.name(), "WIB");
/// assert!("+25:00".parse::<Zone>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Zone(i32);

impl Zone {
    /// Indonesia's three zones by their names, UTC, or the offset itself (`+05:30`).
    pub fn name(self) -> String {
        match self.0 {
            25_200 => "WIB".to_string(),
            28_800 => "WITA".to_string(),
            32_400 => "WIT".to_string(),
            0 => "UTC".to_string(),
            s => {
                let sign = if s < 0 { '-' } else { '+' };
                let m = s.unsigned_abs() / 60;
                format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
            }
        }
    }

    /// Seconds east of UTC.
    pub fn seconds(self) -> i32 {
        self.0
    }

    pub(crate) fn from_seconds(seconds: i32) -> Zone {
        Zone(seconds)
    }
}

impl std::str::FromStr for Zone {
    type Err = Error;

    fn from_str(s: &str) -> Result<Zone, Error> {
        let bad = || {
            Error::config(format!(
                "unknown time zone `{s}` (expected WIB, WITA, WIT, UTC or an offset like +07:00)"
            ))
        };
        let seconds = match s.trim().to_ascii_uppercase().as_str() {
            "WIB" => 25_200,
            "WITA" => 28_800,
            "WIT" => 32_400,
            "UTC" | "Z" => 0,
            other => {
                let (sign, rest) = match other.as_bytes().first() {
                    Some(b'+') => (1, &other[1..]),
                    Some(b'-') => (-1, &other[1..]),
                    _ => return Err(bad()),
                };
                let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
                let (h, m): (i32, i32) =
                    (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
                if !(0..=14).contains(&h) || !(0..60).contains(&m) {
                    return Err(bad());
                }
                sign * (h * 3600 + m * 60)
            }
        };
        Ok(Zone(seconds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_times() {
        let a = Stamp::parse("2023-11-28T07:45:12+07:00").unwrap();
        let b = Stamp::parse("Tue Nov 28 00:45:12 +0000 2023").unwrap();
        assert_eq!(a.utc(), b.utc());
        assert_eq!(a.display(Lang::Id), "28 Nov 2023 07.45 WIB");
        assert_eq!(b.display(Lang::En), "28 Nov 2023 00:45 UTC");
        assert_eq!(b.in_zone(Some(Zone(25_200))), a);
        let plain = Stamp::parse("2024-02-14 10:00").unwrap();
        assert_eq!(plain.offset, None);
        assert_eq!(plain.in_zone(Some(Zone(0))), plain);
        assert_eq!(plain.display(Lang::Id), "14 Feb 2024 10.00");
        assert_eq!(Stamp::parse("2024-08-17").unwrap().iso_date(), "2024-08-17");
        for bad in ["", "kemarin", "2023-13-01", "1733012345"] {
            assert_eq!(Stamp::parse(bad), None, "{bad}");
        }
        assert_eq!(Zone(19_800).name(), "UTC+05:30");
        assert_eq!(Zone(-3_600).name(), "UTC-01:00");
        assert_eq!(day(a.date(), Lang::Id), "28 Nov 2023");
        assert_eq!(
            month_year(Stamp::parse("2024-08-01").unwrap().date(), Lang::Id),
            "Agu 2024"
        );
    }
}
