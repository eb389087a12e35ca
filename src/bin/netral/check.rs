//! `netral check`: screen one text and explain the verdict.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use netral::{Activity, ActivityId, Evidence, Field, Kind, Verdict};

use crate::io::{self, Failure};
use crate::PackArgs;

const EXAMPLES: &str = "\
Examples:
  netral check \"Yuk coblos 02, Prabowo-Gibran satu putaran!\"
  echo \"Ayo dukung AMIN\" | netral check -
  netral check --kind like --target-text \"Oke gas! #PrabowoGibran2024\" --target-author @prabowo
  netral check --kind follow --target-author @ganjarpranowo
  netral check --json \"Jangan pilih Anies\"

The matched words are shown in the original text: bold red on a terminal, in [[brackets]]
otherwise (set NO_COLOR to turn colours off).";

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
    let verdict = screener.screen(&activity);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &verdict).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        let color = std::io::stdout().is_terminal()
            && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty());
        out.write_all(explain(&activity, &verdict, color).as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The verdict for people: the headline, each field with its matches marked, the evidence
/// table and the reasons.
fn explain(a: &Activity, v: &Verdict, color: bool) -> String {
    let mut s = String::new();
    let yes_no = if v.flagged { "yes" } else { "no" };
    s += &format!("flagged:  {yes_no} (score {:.2})\n", v.score);
    s += &format!("rules:    {}\n", list(v.rules.iter().map(|r| r.id())));
    s += &format!(
        "entities: {}\n",
        list(v.entities.iter().map(String::as_str))
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
        let rows: Vec<[String; 6]> = v
            .evidence
            .iter()
            .map(|e| {
                [
                    e.field.to_string(),
                    format!("{}..{}", e.start, e.end),
                    format!("{:?}", e.matched),
                    e.term.clone(),
                    e.category.to_string(),
                    e.entity.clone().unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        let header = ["field", "span", "matched", "term", "category", "entity"].map(String::from);
        let mut widths = header.clone().map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        s += "\nevidence:\n";
        for row in std::iter::once(&header).chain(&rows) {
            let cells: Vec<String> = row
                .iter()
                .zip(widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            s += &format!("  {}\n", cells.join("  ").trim_end());
        }
    }
    if !v.reasons.is_empty() {
        s += "\nreasons:\n";
        for r in &v.reasons {
            s += &format!("  - {r}\n");
        }
    }
    s
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    if v.is_empty() {
        "-".to_string()
    } else {
        v.join(", ")
    }
}

/// `text` with the evidence spans marked; overlapping and touching spans are merged.
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
        out += &text[at..a];
        out += open;
        out += &text[a..b];
        out += close;
        at = b;
    }
    out += &text[at..];
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(start: usize, end: usize) -> Evidence {
        Evidence {
            field: Field::Text,
            start,
            end,
            matched: String::new(),
            term: String::new(),
            category: netral::Category::Name,
            entity: None,
        }
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
