//! `netral check`: screen one text and explain the verdict.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use netral::{Activity, ActivityId, Category, Evidence, Field, Kind, Verdict};

use crate::io::{self, Failure};
use crate::PackArgs;
use netral::display::{escaped, escaped_lines, unsafe_char};

const EXAMPLES: &str = "\
Examples:
  netral check \"Yuk coblos 02, Prabowo-Gibran satu putaran!\"
  echo \"Ayo dukung AMIN\" | netral check -
  netral check --kind like --target-text \"Oke gas! #PrabowoGibran2024\" --target-author @prabowo
  netral check --kind follow --target-author @ganjarpranowo
  netral check --json \"Jangan pilih Anies\"

The matched words are shown in the original text: bold red on a terminal, in [[brackets]]
otherwise (set NO_COLOR to turn colours off). Characters in the text that would act on the
terminal or hide or reorder words (control characters, bidirectional controls, zero-width
spaces) are shown as escapes such as \\u{1b} and \\u{202e}; emoji and keycaps as themselves.";

/// Screen one text or interaction and explain the verdict
#[derive(clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The actor's own words; `-` reads them from standard input
    #[arg(value_name = "TEXT")]
    text: Option<String>,
    /// What the actor did
    #[arg(long, value_parser = kind_parser(), default_value = "post")]
    kind: Kind,
    /// The content liked, shared, quoted or replied to
    #[arg(long, value_name = "TEXT")]
    target_text: Option<String>,
    /// The handle of the target's author, or the followed account
    #[arg(long, value_name = "HANDLE")]
    target_author: Option<String>,
    #[command(flatten)]
    packs: PackArgs,
    /// Print the verdict as JSON
    #[arg(long)]
    json: bool,
    /// Also show how the verdict came about: every finding of the judge's stages, what each
    /// set aside and why, what it noted, and the steps from the weights to the score
    #[arg(long)]
    explain: bool,
}

/// Parses `--kind` with the activity kinds' own names, so the list cannot drift from [`Kind`].
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = Kind> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Kind::ALL.map(Kind::as_str))
        // Only the listed names get through, and each is a kind.
        .map(|name: String| Kind::from_name(&name).unwrap_or(Kind::Post))
}

pub fn run(args: Args) -> io::Result<ExitCode> {
    let text = match args.text.as_deref() {
        Some("-") => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(|e| {
                Failure::new(format!("cannot read the text from standard input: {e}"))
            })?;
            let trimmed = s
                .strip_suffix('\n')
                .map(|t| t.strip_suffix('\r').unwrap_or(t));
            Some(trimmed.map(str::to_string).unwrap_or(s))
        }
        other => other.map(str::to_string),
    };
    if text.is_none() && args.target_text.is_none() && args.target_author.is_none() {
        return Err(Failure::new(
            "nothing to check: give a TEXT, --target-text or --target-author",
        ));
    }
    let activity = Activity {
        id: ActivityId::new("check"),
        kind: args.kind,
        author: None,
        created_at: None,
        text,
        target_text: args.target_text,
        target_author: args.target_author,
        url: None,
    };
    let screener = args.packs.screener()?;
    let verdict = if args.explain {
        screener.explain(&activity)
    } else {
        screener.screen(&activity)
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &verdict).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let color = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        out.write_all(explain(&activity, &verdict, color, &screener).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The verdict for people: the headline with the threshold, the rules in the SKB's words,
/// each field with its matches marked, the evidence table and the reasons.
fn explain(a: &Activity, v: &Verdict, color: bool, screener: &netral::Screener) -> String {
    let mut s = String::new();
    let yes_no = if v.flagged { "yes" } else { "no" };
    s += &format!(
        "flagged:  {yes_no} (score {:.2}; flags at {:.2} or more)\n",
        v.score,
        netral::FLAG_THRESHOLD
    );
    if v.rules.is_empty() {
        s += "rules:    -\n";
    } else {
        s += "rules:\n";
        for r in &v.rules {
            s += &format!(
                "  {} ({}, SKB {})\n    {}\n",
                r.id(),
                r.title_en(),
                r.skb_forms(),
                r.description_id()
            );
        }
    }
    // Each camp with its race, so that a governor's pair is never taken for a president's.
    let camps = screener.entities();
    let with_race: Vec<String> = v
        .entities
        .iter()
        .map(|id| match camps.iter().find(|e| e.id == *id) {
            Some(e) => format!("{id} ({})", e.race),
            None => id.clone(),
        })
        .collect();
    s += &format!(
        "entities: {}\n",
        escaped(&list(with_race.iter().map(String::as_str)))
    );
    s += &format!("kind:     {}\n", a.kind);
    for (field, value) in [
        (Field::Text, &a.text),
        (Field::TargetText, &a.target_text),
        (Field::TargetAuthor, &a.target_author),
    ] {
        if let Some(value) = value {
            let spans: Vec<&Evidence> = v.evidence.iter().filter(|e| e.field == field).collect();
            s += &format!(
                "\n{field}:\n  {}\n",
                highlight(value, &spans, color).replace('\n', "\n  ")
            );
        }
    }
    if !v.evidence.is_empty() {
        let mut table = comfy_table::Table::new();
        table
            .load_preset(comfy_table::presets::NOTHING)
            .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
            .set_header(["field", "span", "matched", "term", "word class", "entity"]);
        for e in &v.evidence {
            table.add_row([
                e.field.to_string(),
                format!("{}..{}", e.start, e.end),
                quoted(&e.matched),
                escaped(&e.term),
                word_class(e.category).to_string(),
                e.entity.as_deref().map_or_else(|| "-".into(), escaped),
            ]);
        }
        s += "\nevidence (what each word is; whether and how it counted is in the reasons):\n";
        for line in table.lines() {
            s += "  ";
            s += line.trim_end();
            s += "\n";
        }
    }
    if !v.reasons.is_empty() {
        s += "\nreasons:\n";
        for r in &v.reasons {
            s += &format!("  - {}\n", escaped(r));
        }
    }
    if let Some(t) = &v.trace {
        s += &trace(t);
    }
    s
}

/// The trace for people: findings by stage, what was set aside, notes, and the score's steps.
fn trace(t: &netral::Trace) -> String {
    let mut s = String::from("\nhow the verdict came about:\n");
    for f in &t.findings {
        let counted = if f.counted { "" } else { " [not counted]" };
        s += &format!(
            "  {:<12} {} weight {:.2}: {}{counted}\n",
            f.stage,
            f.field,
            f.weight,
            escaped(&f.reason)
        );
    }
    for d in &t.dropped {
        s += &format!(
            "  {:<12} {} {}..{} {} set aside: {}\n",
            d.stage,
            d.field,
            d.start,
            d.end,
            quoted(&d.matched),
            escaped(&d.why)
        );
    }
    for n in &t.notes {
        s += &format!("  {:<12} {} {}\n", n.stage, n.field, escaped(&n.what));
    }
    for step in &t.score {
        s += &format!("  score {:.3}  {}\n", step.score, escaped(&step.what));
    }
    s
}

/// What a matched word is, by its pack category. These name the word, never the post's
/// stance: "memilih" is a voting word in "saya tidak akan memilih dia" too, and whether it
/// counted as support there is the judge's reasons' to say.
fn word_class(c: Category) -> &'static str {
    match c {
        Category::Name => "name",
        Category::Nickname => "nickname",
        Category::Acronym => "acronym",
        Category::Number => "ballot number",
        Category::Symbol => "party symbol",
        Category::Account => "official account",
        Category::Team => "team or coalition",
        Category::Hashtag => "campaign hashtag",
        Category::Slogan => "slogan",
        Category::Gesture => "hand sign",
        Category::Support => "choice word",
        Category::Attack => "rejection word",
        Category::Invite => "appeal word",
        Category::Activity => "campaign-activity word",
        Category::Neutral => "neutral context",
        Category::Exempt => "exempt phrase",
        Category::SelfRef => "first-person word",
        // Categories added to the library later than this list.
        #[allow(unreachable_patterns)]
        _ => "other",
    }
}

/// `s` in quotes as it reads, emoji and keycaps included; only characters that would act on
/// the terminal or hide (control characters, bidirectional controls, zero-width spaces) are
/// written as escapes.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if unsafe_char(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    if v.is_empty() {
        "-".to_string()
    } else {
        v.join(", ")
    }
}

/// `text` with the evidence spans marked; overlapping and touching spans are merged. The text
/// is escaped piece by piece (its line breaks kept), so that the spans, which are byte
/// offsets into the original, mark the right words and only the markers act on a terminal.
fn highlight(text: &str, evidence: &[&Evidence], color: bool) -> String {
    let mut spans: Vec<(usize, usize)> = evidence
        .iter()
        .map(|e| (e.start, e.end))
        .filter(|&(a, b)| {
            a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("[[", "]]")
    };
    let mut out = String::with_capacity(text.len() + merged.len() * 8);
    let mut at = 0;
    for (a, b) in merged {
        out += &escaped_lines(&text[at..a]);
        out += open;
        out += &escaped_lines(&text[a..b]);
        out += close;
        at = b;
    }
    out += &escaped_lines(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(start: usize, end: usize) -> Evidence {
        // Evidence is made by the screener; a test builds one from its JSON form.
        let json = format!(
            r#"{{"field":"text","start":{start},"end":{end},"matched":"","term":"","category":"name"}}"#
        );
        serde_json::from_str(&json).unwrap()
    }

    fn explained(text: &str) -> String {
        let screener = netral::Screener::new().unwrap();
        let a = Activity::post("t", text);
        explain(&a, &screener.screen(&a), false, &screener)
    }

    /// The evidence table's lines, header first.
    fn table(out: &str) -> Vec<&str> {
        out.lines()
            .skip_while(|l| !l.starts_with("evidence"))
            .skip(1)
            .take_while(|l| !l.is_empty())
            .collect()
    }

    #[test]
    fn threshold_rules_and_emoji() {
        let out = explained("Jgn lupa coblos 0\u{fe0f}\u{20e3}2\u{fe0f}\u{20e3} ya ✌️ Prabowo!");
        assert!(out.contains("; flags at 0.50 or more)"), "{out}");
        assert!(out.contains(netral::Rule::AjakanKeberpihakan.description_id()));
        assert!(out.contains("SKB D8"));
        // Keycaps and emoji as themselves, not as escapes.
        assert!(
            out.contains("\"0\u{fe0f}\u{20e3}2\u{fe0f}\u{20e3}\""),
            "{out}"
        );
        assert!(out.contains("\"✌️\""), "{out}");
        assert!(!out.contains("\\u{"), "{out}");
        // Every row's columns start at the same display column as the header's.
        let rows = table(&out);
        assert!(rows.len() > 3);
        // Where each column starts (after a run of two or more spaces), in display columns
        // as unicode-width measures the text before it, emoji sequences whole.
        let starts = |line: &str| -> Vec<usize> {
            let mut starts = Vec::new();
            let mut spaces = 0;
            for (i, c) in line.char_indices() {
                if c == ' ' {
                    spaces += 1;
                    continue;
                }
                if spaces >= 2 {
                    starts.push(unicode_width::UnicodeWidthStr::width(&line[..i]));
                }
                spaces = 0;
            }
            starts
        };
        let header = starts(rows[0]);
        for row in &rows[1..] {
            assert_eq!(starts(row), header, "{row}");
        }
    }

    #[test]
    fn words_of_a_refusal_are_not_labelled_support() {
        let out = explained("Saya tidak akan pernah memilih Prabowo, jangan harap.");
        let rows = table(&out);
        assert!(rows
            .iter()
            .any(|r| r.contains("memilih") && r.contains("choice word")));
        for row in &rows {
            assert!(!row.contains("support"), "{row}");
        }
        assert_eq!(
            quoted("a\u{1b}[31m\u{202e}b\""),
            "\"a\\u{1b}[31m\\u{202e}b\\\"\""
        );
    }

    #[test]
    fn highlights_merge() {
        let (a, b, c) = (ev(0, 3), ev(2, 6), ev(11, 13));
        assert_eq!(
            highlight("Ayo coblos 02 ya", &[&a, &b, &c], false),
            "[[Ayo co]]blos [[02]] ya"
        );
        assert_eq!(highlight("é", &[&ev(0, 1)], false), "é");
    }
}
