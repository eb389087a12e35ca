//! Any text as a lexicon pack: loading returns an error or a pack, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    if let Ok(pack) = netral::Pack::from_toml("fuzz.toml", src) {
        let _ = netral::ScreenerBuilder::new().no_default_pack().pack(pack).build();
    }
});
