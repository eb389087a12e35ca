//! Any bytes as an archive line: parsing may fail, screening never panics, and every evidence
//! span slices its field.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

static SCREENER: OnceLock<netral::Screener> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let screener = SCREENER.get_or_init(|| netral::Screener::new().expect("bundled pack builds"));
    let Ok(activity) = serde_json::from_slice::<netral::Activity>(data) else { return };
    let v = screener.screen(&activity);
    for e in &v.evidence {
        let field = match e.field {
            netral::Field::Text => activity.text.as_deref(),
            netral::Field::TargetText => activity.target_text.as_deref(),
            netral::Field::TargetAuthor => activity.target_author.as_deref(),
        };
        assert_eq!(field.and_then(|f| f.get(e.start..e.end)), Some(e.matched.as_str()));
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = screener.screen_text(text);
    }
});
