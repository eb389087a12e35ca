//! The example packs under `examples/packs/` load beside the bundled pack and pass their own
//! examples and counterexamples, as `netral lexicon check` and `lexicon test` would have them.

use netral::{Pack, ScreenerBuilder};

#[test]
fn example_packs_check_and_pass_their_examples() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for entry in std::fs::read_dir("examples/packs").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        seen += 1;
        let pack = Pack::from_path(&path).unwrap();
        let id = pack.meta().id.clone();
        let screener = ScreenerBuilder::new().pack(pack).build().unwrap();
        let report = screener.self_test(Some(&id));
        assert!(
            report.run >= 10,
            "{}: only {} examples",
            path.display(),
            report.run
        );
        for f in report.failures {
            failures.push(format!(
                "{} line {}: {:?}",
                path.display(),
                f.example.line,
                f.example.text
            ));
        }
    }
    assert!(seen >= 1);
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_jakarta_pack_finds_ktp_support_for_the_independent_pair() {
    let pack = Pack::from_path("examples/packs/pilkada-jakarta-2024.toml").unwrap();
    let screener = ScreenerBuilder::new().pack(pack).build().unwrap();
    let v = screener
        .screen_text("Ayo kumpulkan KTP warga buat dukung Dharma Pongrekun jalur perseorangan");
    assert!(v.flagged);
    assert_eq!(v.entities, ["jakarta-02"]);
    assert!(
        v.rules.iter().any(|r| r.id() == "dukungan-ktp"),
        "{:?}",
        v.rules
    );
}
