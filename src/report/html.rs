//! The page: what the template shows, prepared from a [`Report`].
//!
//! Everything a reader sees is prepared here as plain strings and numbers; the template
//! (`templates/report.html`, compiled into the crate by askama) lays them out and escapes
//! every one of them. The style sheet and the script are the crate's own constant text.

use askama::Template;

use super::chart::{self, Bars, Columns};
use super::collect::{Author, Collected, Kept};
use super::i18n::Texts;
use super::text::{parts, segments, Hit, Part, Segment};
use super::time::Stamp;
use super::{Lang, Report};
use crate::activity::Kind;
use crate::error::Error;
use crate::rule::Rule;
use crate::verdict::Field;

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

#[derive(Template)]
#[template(path = "report.html")]
struct Page<'a> {
    t: &'static Texts,
    lang: &'static str,
    css: &'static str,
    js: &'static str,
    facts: Vec<(&'static str, String)>,
    notes: Vec<String>,
    timeline: Option<Columns>,
    timeline_title: &'static str,
    undated: Option<String>,
    rule_bars: Bars,
    camp_bars: Bars,
    kind_bars: Bars,
    bar_height: f64,
    filter_rules: Vec<Chip>,
    filter_camps: Vec<Chip>,
    filter_kinds: Vec<Chip>,
    authors_note: String,
    rows: Vec<Row<'a>>,
    legend: Vec<Legend>,
    errors_note: String,
    errors: Vec<ErrorRow>,
}

/// A rule, camp or kind as a small label, with its full name as a tooltip.
struct Chip {
    id: String,
    label: String,
    title: String,
}

/// One account: its line in the table and its section below it.
struct Row<'a> {
    anchor: String,
    name: String,
    count: u64,
    count_text: String,
    rules: Vec<Chip>,
    camps: Vec<Chip>,
    kinds: String,
    first: String,
    first_iso: String,
    last: String,
    last_iso: String,
    score: String,
    score_text: String,
    data_rules: String,
    data_camps: String,
    data_kinds: String,
    search: String,
    shown_note: String,
    cards: Vec<Card<'a>>,
}

/// One flagged activity.
struct Card<'a> {
    date: String,
    iso: String,
    kind: &'static str,
    score: String,
    rules: Vec<Chip>,
    camps: Vec<Chip>,
    /// Each rule with its title, SKB forms and the SKB's wording.
    rule_texts: Vec<Legend>,
    data_rules: String,
    data_camps: String,
    kind_id: &'static str,
    fields: Vec<FieldView>,
    matched: Vec<String>,
    reasons: &'a [String],
    id: String,
    line: u64,
    file: Option<&'a str>,
    link: Option<&'a str>,
    address: Option<Vec<Part>>,
}

/// A text field with its highlighted runs.
struct FieldView {
    label: &'static str,
    segments: Vec<Segment>,
    notes: Vec<String>,
}

struct Legend {
    id: &'static str,
    title: &'static str,
    forms: &'static str,
    description: &'static str,
}

struct ErrorRow {
    line: u64,
    file: Option<String>,
    reason: Vec<Part>,
    raw: Vec<Part>,
}

pub(super) fn write(report: &Report, mut out: impl std::io::Write) -> Result<(), Error> {
    let page = page(report);
    page.write_into(&mut out)
        .map_err(|e| Error::io("cannot write the report", e))?;
    out.flush()
        .map_err(|e| Error::io("cannot write the report", e))
}

fn page(report: &Report) -> Page<'_> {
    let lang = report.lang;
    let t = lang.texts();
    let c = &report.collected;
    let labels = Labels { report, lang };
    let (facts, notes) = report.context.facts(c, lang);
    let timeline = chart::columns(&c.per_day, lang);
    let timeline_title = match &timeline {
        Some(tl) if tl.per_month => t.per_month,
        _ => t.per_day,
    };
    let undated = (c.undated > 0).then(|| format!("{}: {}", t.undated, lang.number(c.undated)));
    let mut camps: Vec<(&String, &u64)> = c.per_camp.iter().collect();
    camps.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let ranked = c.ranked();
    let shown = &ranked[..ranked.len().min(c.limits.top_authors)];
    Page {
        t,
        lang: lang.as_str(),
        css: CSS,
        js: JS,
        facts,
        notes,
        timeline,
        timeline_title,
        undated,
        rule_bars: rule_bars(c.per_rule, lang),
        camp_bars: camp_bars(&camps, &labels),
        kind_bars: kind_bars(c.per_kind, lang),
        bar_height: chart::BAR_HEIGHT,
        filter_rules: rule_filter(c.per_rule, &labels),
        filter_camps: camps.iter().map(|(id, _)| labels.camp_chip(id)).collect(),
        filter_kinds: kind_filter(c.per_kind, lang),
        authors_note: authors_note(&ranked, shown.len(), lang),
        rows: shown
            .iter()
            .enumerate()
            .map(|(i, &(name, a))| row(i, name, a, &labels))
            .collect(),
        legend: Rule::ALL.iter().map(|&r| legend(r, lang)).collect(),
        errors_note: errors_note(c, lang),
        errors: c
            .error_records
            .iter()
            .map(|e| ErrorRow {
                line: e.line,
                file: e.file.clone(),
                reason: parts(&e.error),
                raw: parts(&e.raw),
            })
            .collect(),
    }
}

/// How the page names rules and camps, in the report's language.
struct Labels<'r> {
    report: &'r Report,
    lang: Lang,
}

impl Labels<'_> {
    /// A camp's name in the packs (or its id), with its race when the packs are of several.
    fn camp_name(&self, id: &str) -> String {
        self.report.context.camp_name(id, self.lang)
    }

    /// A rule as a chip: its id, with its title and SKB forms as the tooltip.
    fn rule_chip(&self, r: Rule) -> Chip {
        Chip {
            id: r.id().to_string(),
            label: r.id().to_string(),
            title: format!(
                "{} ({} {})",
                self.lang.rule_title(r),
                self.lang.texts().forms,
                r.skb_forms()
            ),
        }
    }

    /// A camp as a chip: its id, with its name as the tooltip.
    fn camp_chip(&self, id: &str) -> Chip {
        Chip {
            id: id.to_string(),
            label: id.to_string(),
            title: self.camp_name(id),
        }
    }
}

/// Ids as a `data-` attribute value that the script filters on: `|a|b|`, or `|` for none.
fn joined<'s>(ids: impl Iterator<Item = &'s str>) -> String {
    let mut s = String::from("|");
    for id in ids {
        s.push_str(id);
        s.push('|');
    }
    s
}

/// The chart of flags per rule.
fn rule_bars(per_rule: [u64; Rule::ALL.len()], lang: Lang) -> Bars {
    chart::bars(
        Rule::ALL
            .iter()
            .zip(per_rule)
            .map(|(r, n)| (format!("{} ({})", lang.rule_title(*r), r.id()), n))
            .collect(),
        lang,
    )
}

/// The chart of flags per camp, the camps ordered as given (the most flagged first).
fn camp_bars(camps: &[(&String, &u64)], labels: &Labels) -> Bars {
    chart::bars(
        camps
            .iter()
            .map(|(id, n)| (camp_label(id, &labels.camp_name(id)), **n))
            .collect(),
        labels.lang,
    )
}

/// The chart of flags per kind of activity.
fn kind_bars(per_kind: [u64; Kind::ALL.len()], lang: Lang) -> Bars {
    chart::bars(
        Kind::ALL
            .iter()
            .zip(per_kind)
            .map(|(k, n)| (lang.kind(*k).to_string(), n))
            .collect(),
        lang,
    )
}

/// The rules the filter offers: those that flagged something.
fn rule_filter(per_rule: [u64; Rule::ALL.len()], labels: &Labels) -> Vec<Chip> {
    Rule::ALL
        .iter()
        .zip(per_rule)
        .filter(|(_, n)| *n > 0)
        .map(|(r, _)| labels.rule_chip(*r))
        .collect()
}

/// The kinds of activity the filter offers: those that were flagged.
fn kind_filter(per_kind: [u64; Kind::ALL.len()], lang: Lang) -> Vec<Chip> {
    Kind::ALL
        .iter()
        .zip(per_kind)
        .filter(|(_, n)| *n > 0)
        .map(|(k, _)| Chip {
            id: k.as_str().to_string(),
            label: lang.kind(*k).to_string(),
            title: String::new(),
        })
        .collect()
}

/// How many accounts the table shows of how many, and the flags of those left out.
fn authors_note(ranked: &[(&str, &Author)], shown: usize, lang: Lang) -> String {
    let t = lang.texts();
    let left_out: u64 = ranked.iter().skip(shown).map(|(_, a)| a.flagged).sum();
    let mut note = format!(
        "{} {} {}.",
        lang.number(ranked.len() as u64),
        t.authors_shown,
        lang.number(shown as u64)
    );
    if ranked.len() > shown {
        note += &format!(
            " {} {} {}.",
            lang.number((ranked.len() - shown) as u64),
            t.authors_left_out,
            lang.number(left_out)
        );
    }
    note
}

/// One account's line in the table (the `i`th, from 0) and its flagged activities.
fn row<'a>(i: usize, name: &str, a: &'a Author, labels: &Labels) -> Row<'a> {
    let lang = labels.lang;
    let t = lang.texts();
    let cards = a
        .activities()
        .into_iter()
        .map(|k| card(k, labels))
        .collect();
    let camps_text: Vec<String> = a.camps.iter().map(|id| labels.camp_name(id)).collect();
    let display = if name.is_empty() {
        t.no_author.to_string()
    } else {
        name.to_string()
    };
    let mut shown_note = format!(
        "{} {} {}.",
        lang.number(a.flagged),
        t.activities_shown,
        lang.number(a.shown() as u64)
    );
    if a.flagged > a.shown() as u64 {
        shown_note += &format!(
            " {} {}.",
            lang.number(a.flagged - a.shown() as u64),
            t.activities_left_out
        );
    }
    Row {
        anchor: format!("akun-{}", i + 1),
        search: format!("{} {}", display, camps_text.join(" ")).to_lowercase(),
        name: display,
        count: a.flagged,
        count_text: lang.number(a.flagged),
        rules: a.rules().map(|r| labels.rule_chip(r)).collect(),
        camps: a.camps.iter().map(|id| labels.camp_chip(id)).collect(),
        kinds: a
            .kinds()
            .map(|k| lang.kind(k))
            .collect::<Vec<_>>()
            .join(", "),
        first: a.first.map_or_else(String::new, |s| s.display(lang)),
        first_iso: a.first.map_or_else(String::new, Stamp::iso_date),
        last: a.last.map_or_else(String::new, |s| s.display(lang)),
        last_iso: a.last.map_or_else(String::new, Stamp::iso_date),
        score: format!("{:.4}", a.max_score),
        score_text: lang.score(a.max_score),
        data_rules: joined(a.rules().map(Rule::id)),
        data_camps: joined(a.camps.iter().map(String::as_str)),
        data_kinds: joined(a.kinds().map(Kind::as_str)),
        shown_note,
        cards,
    }
}

/// What the page says of the error records: none, or how many it lists of how many.
fn errors_note(c: &Collected, lang: Lang) -> String {
    let t = lang.texts();
    if c.errors == 0 {
        t.errors_none.to_string()
    } else {
        format!(
            "{} {} {}.",
            lang.number(c.errors),
            t.errors_listed,
            lang.number(c.error_records.len() as u64)
        )
    }
}

fn legend(r: Rule, lang: Lang) -> Legend {
    Legend {
        id: r.id(),
        title: lang.rule_title(r),
        forms: r.skb_forms(),
        description: lang.rule_description(r),
    }
}

/// A camp as the charts label it: its name, with its id when the two differ.
fn camp_label(id: &str, name: &str) -> String {
    if id == name {
        id.to_string()
    } else {
        format!("{name} ({id})")
    }
}

fn card<'a>(k: &'a Kept, labels: &Labels) -> Card<'a> {
    let lang = labels.lang;
    let t = lang.texts();
    let r = &k.record;
    let mut fields = Vec::new();
    let sources = [
        (Field::Text, t.text, &r.text, k.clipped[0]),
        (Field::TargetAuthor, t.target_author, &r.target_author, 0),
        (
            Field::TargetText,
            t.target_text,
            &r.target_text,
            k.clipped[1],
        ),
    ];
    for (field, label, value, cut) in sources {
        let Some(value) = value else { continue };
        let hits: Vec<Hit> = r
            .evidence
            .iter()
            .filter(|e| e.field == field)
            .map(|e| Hit {
                start: e.start,
                end: e.end,
                describe: describe(e),
            })
            .collect();
        let (segments, unplaced) = segments(value, &hits);
        let mut notes = Vec::new();
        if cut > 0 {
            notes.push(format!("… {} {}", lang.number(cut as u64), t.chars_cut));
        }
        // Spans past a cut are not misplaced: the text they point into is not shown.
        if unplaced > 0 && cut == 0 {
            notes.push(format!("{} {}", lang.number(unplaced as u64), t.unplaced));
        }
        fields.push(FieldView {
            label,
            segments,
            notes,
        });
    }
    let matched = if r.text.is_none() && r.target_text.is_none() && r.target_author.is_none() {
        r.evidence.iter().map(describe).collect()
    } else {
        Vec::new()
    };
    let link = r
        .url
        .as_deref()
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    Card {
        date: k
            .stamp
            .map_or_else(|| t.no_date.to_string(), |s| s.display(lang)),
        iso: k.stamp.map_or_else(String::new, Stamp::iso_date),
        kind: lang.kind(r.kind),
        kind_id: r.kind.as_str(),
        score: lang.score(r.score),
        rules: r.rules.iter().map(|&x| labels.rule_chip(x)).collect(),
        camps: r.entities.iter().map(|e| labels.camp_chip(e)).collect(),
        rule_texts: r.rules.iter().map(|&x| legend(x, lang)).collect(),
        data_rules: joined(r.rules.iter().map(|x| x.id())),
        data_camps: joined(r.entities.iter().map(String::as_str)),
        fields,
        matched,
        reasons: &r.reasons,
        id: r.id.to_string(),
        line: r.line,
        file: r.file.as_deref(),
        link,
        // An address that is not a web link is still shown, as text.
        address: r.url.as_deref().filter(|_| link.is_none()).map(parts),
    }
}

/// One piece of evidence for a tooltip: `"Prabowo" = prabowo (name, paslon-02)`.
fn describe(e: &crate::verdict::Evidence) -> String {
    let mut s = format!("\u{201c}{}\u{201d} = {} ({}", e.matched, e.term, e.category);
    if let Some(entity) = &e.entity {
        s += ", ";
        s += entity;
    }
    s + ")"
}
