//! Races: the bundled national pack beside a province's and a city's packs (and the example
//! Jakarta pack), each with its own ballot numbers. Cases from `tests/data/races/cases.toml`,
//! run by one test that gathers every failure.

use netral::{Activity, Category, Pack, Screener, ScreenerBuilder};
use serde::Deserialize;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    text: String,
    created_at: String,
    entities: Vec<String>,
    #[serde(default)]
    jakarta: bool,
    #[serde(default)]
    reason: Option<String>,
}

fn pack(path: &str) -> Pack {
    Pack::from_path(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn screener(jakarta: bool) -> Screener {
    let mut b = ScreenerBuilder::new()
        .pack(pack("tests/data/races/jatim-2024.toml"))
        .pack(pack("tests/data/races/kota-contoh-2024.toml"));
    if jakarta {
        b = b.pack(pack("examples/packs/pilkada-jakarta-2024.toml"));
    }
    b.build().unwrap()
}

#[test]
fn every_number_belongs_to_its_race() {
    let cases: Cases = toml::from_str(include_str!("data/races/cases.toml")).unwrap();
    let (plain, with_jakarta) = (screener(false), screener(true));
    let mut failures = Vec::new();
    for c in &cases.case {
        let mut a = Activity::post("r", c.text.as_str());
        a.created_at = Some(c.created_at.clone());
        let s = if c.jakarta { &with_jakarta } else { &plain };
        let v = s.screen(&a);
        if !v.flagged || v.entities != c.entities {
            failures.push(format!(
                "{}: flagged {}, entities {:?}, expected {:?}; {:?}",
                c.name, v.flagged, v.entities, c.entities, v.reasons
            ));
        }
        // The evidence names the camp a number was read as, never a race the verdict left.
        for e in v.evidence.iter().filter(|e| e.category == Category::Number) {
            if let Some(camp) = e.entity.as_ref().filter(|c| !v.entities.contains(c)) {
                failures.push(format!(
                    "{}: evidence `{}` names {camp}, not in {:?}",
                    c.name, e.matched, v.entities
                ));
            }
        }
        if let Some(want) = &c.reason {
            if !v.reasons.iter().any(|r| r.contains(want.as_str())) {
                failures.push(format!(
                    "{}: no reason says {want:?}: {:?}",
                    c.name, v.reasons
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every camp names its race: a party is national whatever pack names it.
#[test]
fn camps_know_their_race() {
    let s = screener(true);
    let race = |id: &str| {
        s.entities()
            .into_iter()
            .find(|e| e.id == id)
            .map(|e| e.race.to_string())
    };
    assert_eq!(race("paslon-02").as_deref(), Some("national"));
    assert_eq!(race("jatim-02").as_deref(), Some("province Jawa Timur"));
    assert_eq!(race("contoh-02").as_deref(), Some("city Kota Contoh"));
    assert_eq!(race("gerindra").as_deref(), Some("national"));
}
