//! The bundled weights are what fitting the shipped labelled sets gives: a changed feature,
//! pack or labelled case shows up here until the weights are fitted again with the command in
//! the weights file's header.

use netral::{EvalCase, FitOptions, Screener};

fn cases(path: &str) -> Vec<EvalCase> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn the_bundled_weights_are_fitted_on_the_shipped_sets() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let sets = vec![
        (
            "train".to_string(),
            cases(&format!("{dir}/eval/train.jsonl")),
        ),
        ("dev".to_string(), cases(&format!("{dir}/eval/dev.jsonl"))),
    ];
    let screener = Screener::new().unwrap();
    let report = netral::fit(&screener, &sets, &FitOptions::default()).unwrap();
    let fitted = report
        .model_toml("netral fit eval/train.jsonl eval/dev.jsonl --output lexicons/model.toml");
    let bundled = std::fs::read_to_string(format!("{dir}/lexicons/model.toml")).unwrap();
    assert!(
        fitted == bundled,
        "lexicons/model.toml is not what fitting gives: run\n  \
         cargo run --release -- fit eval/train.jsonl eval/dev.jsonl --output lexicons/model.toml"
    );
}
