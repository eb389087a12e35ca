//! Pack validation: every broken pack gives an error that names the file and the line, and the
//! bundled pack parses, builds and passes its own examples.

use netral::{ErrorKind, Pack, Screener, ScreenerBuilder};

const HEAD: &str = "[pack]\nid = \"t\"\ntitle = \"T\"\n\n[[entity]]\nid = \"x-01\"\nkind = \"pair\"\nname = \"X\"\nnumber = 1\n";

fn err(body: &str) -> String {
    let src = format!("{HEAD}{body}");
    match Pack::from_toml("t.toml", &src) {
        Ok(p) => match ScreenerBuilder::new().no_default_pack().pack(p).build() {
            Ok(_) => panic!("pack should fail:\n{src}"),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::Lexicon);
                e.to_string()
            }
        },
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Lexicon);
            e.to_string()
        }
    }
}

#[test]
fn errors_name_file_and_line() {
    let cases: &[(&str, &str)] = &[
        (
            "[[terms]]\nentity = \"x-01\"\ncategory = \"slogn\"\ntext = [\"a\"]\n",
            "t.toml line 12: unknown category `slogn`",
        ),
        (
            "[[terms]]\nentity = \"nope\"\ncategory = \"name\"\ntext = [\"a\"]\n",
            "t.toml line 11: unknown entity `nope`",
        ),
        (
            "[[terms]]\nentity = \"x-01\"\ncategory = \"name\"\ntext = [\"Budi\", \"budi\"]\n",
            "t.toml line 13: duplicate term `budi`",
        ),
        (
            "[[terms]]\nentity = \"x-01\"\ncategory = \"name\"\ntext = [\"  \"]\n",
            "t.toml line 13: empty term",
        ),
        (
            "[[terms]]\nentity = \"x-01\"\ncategory = \"name\"\ntext = [\"\u{200b}\"]\n",
            "t.toml line 13: empty term",
        ),
        (
            "[[terms]]\ncategory = \"activity\"\ntext = [\"pasang baliho\"]\n",
            "t.toml line 11: activity terms need a `rule`",
        ),
        (
            "[[terms]]\ncategory = \"activity\"\nrule = \"kampanye-sosmed\"\ntext = [\"a\"]\n",
            "t.toml line 12: unknown rule `kampanye-sosmed`",
        ),
        (
            "[[terms]]\ncategory = \"name\"\ntext = [\"a\"]\n",
            "t.toml line 11: terms of category `name` need an `entity`",
        ),
        (
            "[[terms]]\ncategory = \"support\"\nentity = \"x-01\"\ntext = [\"a\"]\n",
            "t.toml line 12: terms of category `support` take no `entity`",
        ),
        (
            "[[terms]]\nentity = \"x-01\"\ncategory = \"name\"\nimperative = true\ntext = [\"a\"]\n",
            "t.toml line 13: only support and attack cues take `imperative`, not `name`",
        ),
        (
            "[[terms]]\ncategory = \"invite\"\npredicate = true\ntext = [\"a\"]\n",
            "t.toml line 12: only support and attack cues take `predicate`, not `invite`",
        ),
        (
            "[[terms]]\ncategory = \"name\"\nentity = \"x-01\"\nobject = true\ntext = [\"a\"]\n",
            "t.toml line 13: only support and attack cues take `object`, not `name`",
        ),
        (
            "[[terms]]\ncategory = \"support\"\npredicate = true\nobject = true\ntext = [\"a\"]\n",
            "t.toml line 13: a cue speaks of its subject (`predicate`) or of what follows it (`object`), not both",
        ),
        (
            "[[terms]]\ncategory = \"activity\"\nrule = \"anggota-parpol\"\npersonal = true\ntext = [\"a\"]\n",
            "t.toml line 13: `personal` is for ambiguous activity terms: mark them `ambiguous = true`",
        ),
        (
            "[[terms]]\ncategory = \"support\"\nambiguous = true\npersonal = true\ntext = [\"a\"]\n",
            "t.toml line 13: only activity terms take `personal`, not `support`",
        ),
        (
            "[[terms]]\nentity = \"x-01\"\ncategory = \"hashtag\"\ntext = [\"abc\"]\n",
            "t.toml line 13: hashtag `abc` must start with `#`",
        ),
        (
            "[[terms]]\nentity = \"x-01\"\ncategory = \"gesture\"\ntext = [\"salam x\", \"✌\"]\n",
            "t.toml line 13: gesture `✌` has no words: mark it `ambiguous = true`",
        ),
        (
            "[[terms]]\nentity = \"x-01\"\ncategory = \"name\"\ntext = [\"a\"]\ncolour = \"red\"\n",
            "t.toml line 14: unknown field `colour`",
        ),
        (
            "[[entity]]\nid = \"x-01\"\nkind = \"pair\"\nname = \"Y\"\n",
            "t.toml line 11: duplicate entity `x-01`",
        ),
        (
            "[[entity]]\nid = \"y\"\nkind = \"camp\"\nname = \"Y\"\n",
            "t.toml line 12: unknown entity kind `camp`",
        ),
        (
            "[[terms]]\nentity = \"x-01\"\ncategory = \"name\"\ntext = \"a\"\n",
            "t.toml line 13:",
        ),
        ("[[terms\n", "t.toml line 10:"),
    ];
    let mut failures = Vec::new();
    for (body, want) in cases {
        let got = err(body);
        if !got.starts_with(want) {
            failures.push(format!("want {want:?}\n got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_dates() {
    let e = Pack::from_toml(
        "d.toml",
        "[pack]\nid = \"d\"\ntitle = \"D\"\nvalid_from = \"2024-02-30\"\n",
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "d.toml line 4: bad date `2024-02-30`, expected YYYY-MM-DD"
    );
    let e = Pack::from_toml("d.toml", "[pack]\nid = \"d\"\ntitle = \"D\"\nvalid_from = \"2024-02-01\"\nvalid_until = \"2024-01-01\"\n").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("d.toml line 5: valid_until 2024-01-01 is before valid_from"),
        "{e}"
    );
}

#[test]
fn bundled_pack_parses_builds_and_passes_its_examples() {
    let pack = Pack::bundled();
    assert_eq!(pack.meta().id, "pemilu-2024");
    let ids: Vec<&str> = pack.entities().iter().map(|e| e.id.as_str()).collect();
    for id in [
        "paslon-01",
        "paslon-02",
        "paslon-03",
        "pkb",
        "gerindra",
        "pdip",
        "golkar",
        "nasdem",
        "buruh",
        "gelora",
        "pks",
        "pkn",
        "hanura",
        "garuda",
        "pan",
        "pbb",
        "demokrat",
        "psi",
        "perindo",
        "ppp",
        "ummat",
        "pna",
        "gabthat",
        "pda",
        "partai-aceh",
        "pas-aceh",
        "sira",
    ] {
        assert!(ids.contains(&id), "bundled pack lacks entity {id}");
    }
    let screener = Screener::new().unwrap();
    let report = screener.self_test(None);
    assert!(report.run > 50, "only {} examples", report.run);
    let lines: Vec<String> = report
        .failures
        .iter()
        .map(|f| {
            format!(
                "line {}: {:?} must {}flag, score {}",
                f.example.line,
                f.example.text,
                if f.example.must_flag { "" } else { "not " },
                f.verdict.score
            )
        })
        .collect();
    assert!(
        lines.is_empty(),
        "{} of {} pack examples failed:\n{}",
        lines.len(),
        report.run,
        lines.join("\n")
    );
}

#[test]
fn a_local_pack_extends_the_default() {
    let local = Pack::from_toml("sleman.toml", "[pack]\nid = \"sleman\"\ntitle = \"S\"\n\n[[terms]]\nentity = \"paslon-02\"\ncategory = \"nickname\"\ntext = [\"mas wapres\"]\n").unwrap();
    let s = ScreenerBuilder::new().pack(local.clone()).build().unwrap();
    let v = s.screen_text("Ayo dukung mas wapres!");
    assert!(v.flagged);
    assert_eq!(v.entities, ["paslon-02"]);
    // Without the default pack the entity is unknown.
    let e = ScreenerBuilder::new()
        .no_default_pack()
        .pack(local)
        .build()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "sleman.toml line 6: unknown entity `paslon-02`"
    );
}

#[test]
fn public_types_are_send_and_sync() {
    fn check<T: Send + Sync + Clone>() {}
    check::<netral::Screener>();
    check::<netral::Pack>();
    check::<netral::Verdict>();
    check::<netral::Activity>();
    check::<netral::Error>();
}

/// A pack's `[language]` table adds function words, checked entry by entry; a regional pack's
/// turn word then turns an argument as the bundled ones do.
#[test]
fn language_tables_are_checked_and_extend_the_bundled_words() {
    let cases: &[(&str, &str)] = &[
        (
            "[language]\nturns = [\"Tapi\"]\n",
            "t.toml line 11: `Tapi` in `turns` must be one lower-case word of letters",
        ),
        (
            "[language]\npronouns = [\"mereka\", \"mereka\"]\n",
            "t.toml line 11: `mereka` is listed twice in `pronouns`",
        ),
        (
            "[language]\nconjunctions = [\"dan juga\"]\n",
            "t.toml line 11: `dan juga` in `conjunctions` must be one lower-case word or sign",
        ),
        (
            "[language]\nturnz = [\"tapi\"]\n",
            "t.toml line 11: unknown field `turnz`",
        ),
    ];
    for (body, want) in cases {
        let got = err(body);
        assert!(got.starts_with(want), "{got:?} should start with {want:?}");
    }
    // "nanging" (Javanese: but) turns a comparison only once a pack lists it.
    let text = "Program Ganjar-Mahfud pancen apik, nanging kami yakin Prabowo-Gibran paling tepat";
    let plain = Screener::new().unwrap().screen_text(text);
    let local = Pack::from_toml(
        "jawa.toml",
        "[pack]\nid = \"jawa\"\ntitle = \"Jawa\"\n\n[language]\nturns = [\"nanging\"]\n",
    )
    .unwrap();
    let with = ScreenerBuilder::new()
        .pack(local)
        .build()
        .unwrap()
        .screen_text(text);
    assert_eq!(plain.entities, ["paslon-02", "paslon-03"]);
    assert_eq!(with.entities, ["paslon-02"]);
}
