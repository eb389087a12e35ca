//! The stages' named cases from `tests/data/judge/*.toml`, one file per stage, run by one test
//! that gathers every failure before it fails; and a check that every stage has cases where it
//! acts and cases where it does not.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::stage::StageId;
use crate::activity::{Activity, Kind};
use crate::screener::Screener;
use crate::verdict::Verdict;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    target_text: Option<String>,
    #[serde(default)]
    target_author: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    /// Packs to load beside the bundled ones, relative to the crate's root.
    #[serde(default)]
    packs: Vec<String>,
    acts: bool,
    #[serde(default)]
    flag: Option<bool>,
    #[serde(default)]
    entities: Option<Vec<String>>,
    #[serde(default)]
    rules: Option<Vec<String>>,
    #[serde(default)]
    finds: Option<Vec<String>>,
    #[serde(default)]
    drops: Vec<String>,
    #[serde(default)]
    notes: Vec<String>,
    /// Features the score must weigh (named in one of the trace's steps).
    #[serde(default)]
    weighs: Vec<String>,
    /// Features the score must not weigh.
    #[serde(default)]
    ignores: Vec<String>,
}

impl Case {
    fn activity(&self) -> Activity {
        let kind = self
            .kind
            .as_deref()
            .map_or(Some(Kind::Post), Kind::from_name);
        Activity {
            kind: kind.unwrap_or(Kind::Post),
            text: self.text.clone(),
            target_text: self.target_text.clone(),
            target_author: self.target_author.clone(),
            created_at: self.created_at.clone(),
            ..Activity::post("case", "")
        }
    }

    /// Every way the verdict differs from what the case expects.
    fn check(&self, stage: &str, v: &Verdict, out: &mut Vec<String>) {
        let t = v.trace.as_ref().expect("explain gives a trace");
        let found: Vec<_> = t.findings.iter().filter(|f| f.stage == stage).collect();
        let dropped: Vec<_> = t.dropped.iter().filter(|d| d.stage == stage).collect();
        let noted: Vec<_> = t.notes.iter().filter(|n| n.stage == stage).collect();
        let mut fail = |what: String| out.push(format!("{stage}: {}: {what}", self.name));
        let acts = !(found.is_empty() && dropped.is_empty() && noted.is_empty());
        if acts != self.acts {
            fail(format!("acts {acts}, expected {}; trace {t:?}", self.acts));
        }
        if self
            .kind
            .as_deref()
            .is_some_and(|k| Kind::from_name(k).is_none())
        {
            fail(format!("unknown kind {:?}", self.kind));
        }
        if let Some(flag) = self.flag.filter(|&f| f != v.flagged) {
            fail(format!(
                "flagged {}, expected {flag}: {:?}",
                v.flagged, v.reasons
            ));
        }
        if let Some(want) = self.entities.as_ref().filter(|w| **w != v.entities) {
            fail(format!("entities {:?}, expected {want:?}", v.entities));
        }
        let rules: Vec<&str> = v.rules.iter().map(|r| r.id()).collect();
        if let Some(want) = self.rules.as_ref().filter(|w| **w != rules) {
            fail(format!("rules {rules:?}, expected {want:?}"));
        }
        if let Some(want) = &self.finds {
            let mut camps: Vec<&str> = found
                .iter()
                .flat_map(|f| f.entities.iter().map(String::as_str))
                .collect();
            camps.sort_unstable();
            camps.dedup();
            if camps != *want {
                fail(format!("the stage found {camps:?}, expected {want:?}"));
            }
        }
        for word in &self.drops {
            if !dropped.iter().any(|d| d.matched.eq_ignore_ascii_case(word)) {
                fail(format!("`{word}` not set aside; set aside: {dropped:?}"));
            }
        }
        for word in &self.notes {
            if !noted.iter().any(|n| n.what.contains(word.as_str())) {
                fail(format!("no note says `{word}`; notes: {noted:?}"));
            }
        }
        let weighed = |f: &str| t.score.iter().any(|s| s.what.contains(&format!(" {f} ")));
        for f in self.weighs.iter().filter(|f| !weighed(f)) {
            fail(format!("the score does not weigh `{f}`: {:?}", t.score));
        }
        for f in self.ignores.iter().filter(|f| weighed(f)) {
            fail(format!("the score weighs `{f}`: {:?}", t.score));
        }
    }
}

fn case_files() -> BTreeMap<String, Cases> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/judge");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let stem = path
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .replace('_', "-");
            let text = std::fs::read_to_string(&path).unwrap();
            let cases = toml::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            files.insert(stem, cases);
        }
    }
    files
}

#[test]
fn every_stage_case() {
    let plain = Screener::new().unwrap();
    let files = case_files();
    let mut failures = Vec::new();
    let mut run = 0;
    for (stage, cases) in &files {
        if !StageId::ALL.iter().any(|s| s.name() == stage) {
            failures.push(format!("{stage}.toml: no stage of that name"));
        }
        for case in &cases.case {
            run += 1;
            let with;
            let screener = if case.packs.is_empty() {
                &plain
            } else {
                let mut b = crate::screener::ScreenerBuilder::new();
                for p in &case.packs {
                    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(p);
                    b = b.pack(crate::lexicon::Pack::from_path(path).unwrap());
                }
                with = b.build().unwrap();
                &with
            };
            let v = screener.explain(&case.activity());
            case.check(stage, &v, &mut failures);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {run} stage cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_stage_has_cases_where_it_acts_and_where_it_does_not() {
    let files = case_files();
    let mut missing = Vec::new();
    for stage in StageId::ALL {
        let cases = files.get(stage.name()).map_or(&[][..], |c| &c.case[..]);
        for acts in [true, false] {
            if !cases.iter().any(|c| c.acts == acts) {
                missing.push(format!("{}: no case where acts = {acts}", stage.name()));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
