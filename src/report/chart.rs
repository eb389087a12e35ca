//! The geometry of the report's charts, drawn by the template as inline SVG.
//!
//! Two shapes serve every chart: columns over time (flags per day, or per month when the
//! archive spans more than a year, so that a column stays wide enough to see) and horizontal
//! bars for counts per category.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::time::{day, month_year};
use super::Lang;

/// The width of every chart's drawing area, in SVG units.
const WIDTH: f64 = 900.0;
/// The height of the columns' area.
const COLUMNS_HEIGHT: f64 = 160.0;
/// Spans longer than this many days are drawn per month.
const MAX_DAYS: i64 = 366;

/// Columns over time.
#[derive(Debug)]
pub(crate) struct Columns {
    pub(crate) per_month: bool,
    pub(crate) columns: Vec<Column>,
    /// The labels under the first and the last column.
    pub(crate) from: String,
    pub(crate) to: String,
    pub(crate) max: String,
    pub(crate) width: f64,
    pub(crate) height: f64,
}

#[derive(Debug)]
pub(crate) struct Column {
    pub(crate) x: String,
    pub(crate) y: String,
    pub(crate) w: String,
    pub(crate) h: String,
    /// The tooltip: the day or month and its count.
    pub(crate) title: String,
}

/// Columns for `per_day` (which must not be empty), every day or month from the first to the
/// last, empty ones included so that the time axis is even.
pub(crate) fn columns(per_day: &BTreeMap<NaiveDate, u64>, lang: Lang) -> Option<Columns> {
    let (&first, _) = per_day.iter().next()?;
    let (&last, _) = per_day.iter().next_back()?;
    let per_month = (last - first).num_days() > MAX_DAYS;
    let mut buckets: Vec<(NaiveDate, u64)> = Vec::new();
    if per_month {
        let mut counts: BTreeMap<(i32, u32), u64> = BTreeMap::new();
        for (d, n) in per_day {
            *counts.entry((d.year(), d.month())).or_insert(0) += n;
        }
        let (mut y, mut m) = (first.year(), first.month());
        while (y, m) <= (last.year(), last.month()) {
            let n = counts.get(&(y, m)).copied().unwrap_or(0);
            buckets.push((NaiveDate::from_ymd_opt(y, m, 1)?, n));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    } else {
        let mut d = first;
        while d <= last {
            buckets.push((d, per_day.get(&d).copied().unwrap_or(0)));
            d = d.succ_opt()?;
        }
    }
    let max = buckets.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let step = WIDTH / buckets.len() as f64;
    let gap = if step > 4.0 { 1.0 } else { 0.0 };
    let label = |d: NaiveDate| {
        if per_month {
            month_year(d, lang)
        } else {
            day(d, lang)
        }
    };
    let columns = buckets
        .iter()
        .enumerate()
        .map(|(i, &(d, n))| {
            let h = COLUMNS_HEIGHT * n as f64 / max as f64;
            Column {
                x: num(i as f64 * step),
                y: num(COLUMNS_HEIGHT - h),
                w: num((step - gap).max(0.5)),
                h: num(h),
                title: format!("{}: {}", label(d), lang.number(n)),
            }
        })
        .collect();
    Some(Columns {
        per_month,
        columns,
        from: label(first),
        to: label(last),
        max: lang.number(max),
        width: WIDTH,
        height: COLUMNS_HEIGHT,
    })
}

/// Horizontal bars, one per category.
#[derive(Debug)]
pub(crate) struct Bars {
    pub(crate) bars: Vec<Bar>,
    pub(crate) width: f64,
    pub(crate) height: f64,
}

/// One bar, with its label on a line of its own above it, so that no label is ever cut.
#[derive(Debug)]
pub(crate) struct Bar {
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) label_y: String,
    pub(crate) y: String,
    pub(crate) value_y: String,
    pub(crate) w: String,
    pub(crate) value_x: String,
}

/// The height of one bar's row: its label and the bar.
const ROW: f64 = 36.0;
/// The bar's thickness.
pub(crate) const BAR_HEIGHT: f64 = 14.0;
/// The longest bar, leaving room for the count after it.
const BAR_MAX: f64 = WIDTH - 80.0;

/// Bars for `(label, count)` pairs, in the order given; zero counts are left out.
pub(crate) fn bars(items: Vec<(String, u64)>, lang: Lang) -> Bars {
    let items: Vec<(String, u64)> = items.into_iter().filter(|i| i.1 > 0).collect();
    let max = items.iter().map(|i| i.1).max().unwrap_or(1).max(1);
    let bars = items
        .into_iter()
        .enumerate()
        .map(|(i, (label, n))| {
            let w = (BAR_MAX * n as f64 / max as f64).max(1.0);
            let top = i as f64 * ROW;
            Bar {
                label,
                value: lang.number(n),
                label_y: num(top + 13.0),
                y: num(top + 18.0),
                value_y: num(top + 18.0 + BAR_HEIGHT - 2.0),
                w: num(w),
                value_x: num(w + 6.0),
            }
        })
        .collect::<Vec<_>>();
    Bars {
        height: (bars.len() as f64 * ROW).max(ROW),
        bars,
        width: WIDTH,
    }
}

/// A coordinate with at most two decimals.
fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_months() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let per_day: BTreeMap<NaiveDate, u64> = [(d("2023-11-28"), 2), (d("2023-12-01"), 4)].into();
        let c = columns(&per_day, Lang::Id).unwrap();
        assert!(!c.per_month);
        assert_eq!(c.columns.len(), 4);
        assert_eq!(c.columns[1].h, "0");
        assert_eq!(c.columns[3].h, "160");
        assert_eq!(c.columns[0].title, "28 Nov 2023: 2");
        let long: BTreeMap<NaiveDate, u64> = [(d("2019-04-10"), 1), (d("2024-02-14"), 3)].into();
        let c = columns(&long, Lang::En).unwrap();
        assert!(c.per_month);
        assert_eq!(c.columns.len(), 59);
        assert_eq!(c.to, "Feb 2024");
        assert!(columns(&BTreeMap::new(), Lang::Id).is_none());
        let b = bars(vec![("a".into(), 0), ("b".into(), 3)], Lang::Id);
        assert_eq!(b.bars.len(), 1);
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(2.0), "2");
    }
}
