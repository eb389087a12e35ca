//! Any text as a lexicon pack: loading returns a pack or an error that names the file, never a
//! panic, and a pack that loads builds a screener or fails with an error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|src: &str| {
    match netral::Pack::from_toml("fuzz.toml", src) {
        Ok(pack) => {
            let _ = netral::ScreenerBuilder::new()
                .no_default_pack()
                .pack(pack)
                .build();
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz.toml"), "{e}"),
    }
});
