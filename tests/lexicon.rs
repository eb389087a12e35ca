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
fn a_term_over_the_length_limit_is_refused_with_its_line() {
    let long = "a".repeat(201);
    let e = err(&format!(
        "[[terms]]\nentity = \"x-01\"\ncategory = \"slogan\"\ntext = [\"ok\",\n  \"{long}\"]\n"
    ));
    assert!(
        e.starts_with("t.toml line 14: term `aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…` is 201 bytes long, over the limit of 200"),
        "{e}"
    );
    // 200 bytes is allowed.
    let src = format!(
        "{HEAD}[[terms]]\nentity = \"x-01\"\ncategory = \"slogan\"\ntext = [\"{}\"]\n",
        "a".repeat(200)
    );
    assert!(Pack::from_toml("t.toml", &src).is_ok());
}

/// A pack of `n` distinct terms, one a line after the head.
fn pack_of(n: usize) -> String {
    let mut src = format!("{HEAD}[[terms]]\nentity = \"x-01\"\ncategory = \"slogan\"\ntext = [\n");
    for i in 0..n {
        src += &format!("  \"kata {i}\",\n");
    }
    src + "]\n"
}

#[test]
fn a_pack_over_the_term_limit_is_refused_at_the_first_term_too_many() {
    assert_eq!(
        Pack::from_toml("t.toml", &pack_of(20_000))
            .unwrap()
            .terms()
            .len(),
        20_000
    );
    let e = Pack::from_toml("t.toml", &pack_of(20_001)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Lexicon);
    // The head is 10 lines, the group's first 4: term 20 001 is on line 14 + 20 000.
    assert_eq!(
        e.to_string(),
        "t.toml line 20014: too many terms: a pack holds at most 20000"
    );
}

#[test]
fn a_pack_over_the_term_text_limit_is_refused_with_its_line() {
    let mut src = format!("{HEAD}[[terms]]\nentity = \"x-01\"\ncategory = \"slogan\"\ntext = [\n");
    // 1 310 terms of 200 bytes fit in 256 KiB; the 1 311th does not.
    for i in 0..1311 {
        src += &format!("  \"{:0>200}\",\n", format!("kata {i}"));
    }
    src += "]\n";
    let e = Pack::from_toml("t.toml", &src).unwrap_err();
    assert_eq!(
        e.to_string(),
        "t.toml line 1324: too much term text: a pack's terms hold at most 262144 bytes together"
    );
}

#[test]
fn a_pack_file_over_the_size_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    let mut src = pack_of(0);
    src += &"# padding\n".repeat((16 << 20) / 10 + 1);
    std::fs::write(&path, &src).unwrap();
    let e = Pack::from_path(&path).unwrap_err().to_string();
    assert!(e.contains("huge.toml: the pack is"), "{e}");
    assert!(e.ends_with("over the limit of 16 MiB"), "{e}");
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
            "t.toml line 11: `Tapi` in `turns` must be one lower-case word or phrase of letters",
        ),
        (
            "[language]\npronouns = [\"mereka\", \"mereka\"]\n",
            "t.toml line 11: `mereka` is listed twice in `pronouns`",
        ),
        (
            "[language]\nconjunctions = [\"dan  juga\"]\n",
            "t.toml line 11: `dan  juga` in `conjunctions` must be one lower-case word, sign or phrase",
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

/// A pack's race: its level and, below the national level, its region, checked with the line.
#[test]
fn races_are_declared_and_checked() {
    let head = |extra: &str| format!("[pack]\nid = \"t\"\ntitle = \"T\"\n{extra}\n");
    let err = |src: String| Pack::from_toml("t.toml", &src).unwrap_err().to_string();
    assert!(
        err(head("level = \"kabupaten\"")).starts_with("t.toml line 4: unknown level `kabupaten`")
    );
    assert!(err(head("region = \"Sleman\""))
        .starts_with("t.toml line 4: a national pack has no `region`"));
    assert_eq!(
        err(head("level = \"regency\"")),
        "t.toml: a `regency` pack needs a `region` (the province, regency or city)"
    );
    let p = Pack::from_toml("t.toml", &head("level = \"city\"\nregion = \"Surabaya\"")).unwrap();
    assert_eq!(p.meta().race.to_string(), "city Surabaya");
    assert_eq!(p.meta().race.label(), "Surabaya");
    let national = Pack::from_toml("t.toml", &head("")).unwrap();
    assert_eq!(national.meta().race.label(), "national");
}
