//! Screens one post and prints the explained verdict.
//!
//! ```text
//! cargo run --example screen_post -- "Jgn lupa coblos 0️⃣2️⃣ ya, biar satu putaran!"
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let text = if text.is_empty() {
        "Yuk pilih Gan\u{200b}jar-Mah\u{200b}fud 🤟 jgn lupa coblos 0️⃣3️⃣ tgl 14!".to_string()
    } else {
        text
    };
    let screener = match netral::Screener::new() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("screen_post: {e}");
            return ExitCode::from(2);
        }
    };
    let v = screener.screen_text(&text);
    println!("text:     {text}");
    println!("flagged:  {} (score {:.2})", v.flagged, v.score);
    println!(
        "rules:    {}",
        v.rules
            .iter()
            .map(|r| r.id())
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!("entities: {}", v.entities.join(", "));
    for e in &v.evidence {
        println!("  {e}");
    }
    for r in &v.reasons {
        println!("  why: {r}");
    }
    ExitCode::SUCCESS
}
