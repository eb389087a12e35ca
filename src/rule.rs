use std::fmt;

/// A social-media prohibition of the 2022 joint decree (SKB) on ASN neutrality.
///
/// The ids ([`Rule::id`]) are stable and are what verdicts report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// Campaigning or socialising for a candidate on social media (E2 / D2).
    KampanyeMedsos,
    /// Liking, sharing, commenting on or following campaign content or accounts (E4 / D6).
    InteraksiKampanye,
    /// Photos with candidates, partisan hand signs, party attributes (E5 / D7).
    FotoSimbolAtribut,
    /// Inviting, appealing or calling others to support or reject a camp (D8).
    AjakanKeberpihakan,
    /// Attending a declaration or campaign with active support (E3, E6 / D4).
    HadirKampanye,
    /// Being a party member or officer (D5).
    AnggotaParpol,
    /// Being on a success team or volunteer group (D9-10).
    TimPemenangan,
    /// Putting up banners, billboards or other campaign props (E1 / D1).
    AlatPeraga,
    /// Collecting support letters or KTP copies for an independent candidate (D11).
    DukunganKtp,
}

impl Rule {
    /// Every rule, in a fixed order.
    pub const ALL: [Rule; 9] = [
        Rule::KampanyeMedsos,
        Rule::InteraksiKampanye,
        Rule::FotoSimbolAtribut,
        Rule::AjakanKeberpihakan,
        Rule::HadirKampanye,
        Rule::AnggotaParpol,
        Rule::TimPemenangan,
        Rule::AlatPeraga,
        Rule::DukunganKtp,
    ];

    /// The stable id, e.g. `kampanye-medsos`.
    pub fn id(self) -> &'static str {
        match self {
            Rule::KampanyeMedsos => "kampanye-medsos",
            Rule::InteraksiKampanye => "interaksi-kampanye",
            Rule::FotoSimbolAtribut => "foto-simbol-atribut",
            Rule::AjakanKeberpihakan => "ajakan-keberpihakan",
            Rule::HadirKampanye => "hadir-kampanye",
            Rule::AnggotaParpol => "anggota-parpol",
            Rule::TimPemenangan => "tim-pemenangan",
            Rule::AlatPeraga => "alat-peraga",
            Rule::DukunganKtp => "dukungan-ktp",
        }
    }

    /// The rule with the given id, if there is one.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    /// The forms of the SKB annex this rule stands for: ethics forms (`E`, sanctioned with a
    /// moral statement under PP 42/2004) and discipline forms (`D`, sanctioned under PP
    /// 94/2021), e.g. `E2 / D2`.
    pub fn skb_forms(self) -> &'static str {
        match self {
            Rule::KampanyeMedsos => "E2 / D2",
            Rule::InteraksiKampanye => "E4 / D6",
            Rule::FotoSimbolAtribut => "E5 / D7",
            Rule::AjakanKeberpihakan => "D8",
            Rule::HadirKampanye => "E3, E6 / D4",
            Rule::AnggotaParpol => "D5",
            Rule::TimPemenangan => "D9-10",
            Rule::AlatPeraga => "E1 / D1",
            Rule::DukunganKtp => "D11",
        }
    }

    /// A short Indonesian name, for table headings and charts.
    pub fn title_id(self) -> &'static str {
        match self {
            Rule::KampanyeMedsos => "Kampanye di media sosial",
            Rule::InteraksiKampanye => "Interaksi dengan konten atau akun kampanye",
            Rule::FotoSimbolAtribut => "Foto, simbol dan atribut keberpihakan",
            Rule::AjakanKeberpihakan => "Ajakan keberpihakan",
            Rule::HadirKampanye => "Hadir di deklarasi atau kampanye",
            Rule::AnggotaParpol => "Anggota atau pengurus partai politik",
            Rule::TimPemenangan => "Tim pemenangan atau tim sukses",
            Rule::AlatPeraga => "Alat peraga kampanye",
            Rule::DukunganKtp => "Dukungan KTP untuk calon perseorangan",
        }
    }

    /// A short English name, for table headings and charts.
    pub fn title_en(self) -> &'static str {
        match self {
            Rule::KampanyeMedsos => "Campaigning on social media",
            Rule::InteraksiKampanye => "Interacting with campaign content or accounts",
            Rule::FotoSimbolAtribut => "Partisan photos, signs and attributes",
            Rule::AjakanKeberpihakan => "Partisan appeals",
            Rule::HadirKampanye => "Attending a declaration or campaign",
            Rule::AnggotaParpol => "Party membership or office",
            Rule::TimPemenangan => "Winning or success team",
            Rule::AlatPeraga => "Campaign props",
            Rule::DukunganKtp => "ID-card support for an independent candidate",
        }
    }

    /// What the SKB prohibits, in Indonesian, in the words of its annex (shortened where the
    /// annex lists every office a candidate may run for). This is what an inspector cites.
    pub fn description_id(self) -> &'static str {
        match self {
            Rule::KampanyeMedsos => {
                "Sosialisasi atau kampanye di media sosial atau online untuk bakal calon \
                 (presiden dan wakil presiden, DPR, DPD, DPRD, kepala dan wakil kepala daerah)."
            }
            Rule::InteraksiKampanye => {
                "Membuat posting, comment, share, like, atau bergabung dan follow dalam grup atau \
                 akun pemenangan bakal calon."
            }
            Rule::FotoSimbolAtribut => {
                "Memposting foto bersama bakal calon atau tim sukses dengan menunjukkan atau \
                 memperagakan simbol keberpihakan, memakai atribut partai politik, atau berlatar \
                 gambar bakal calon atau partai politik."
            }
            Rule::AjakanKeberpihakan => {
                "Mengadakan kegiatan yang mengarah pada keberpihakan kepada bakal calon atau \
                 pasangan calon, meliputi pertemuan, ajakan, imbauan, seruan, atau pemberian \
                 barang."
            }
            Rule::HadirKampanye => {
                "Menghadiri deklarasi atau kampanye bakal calon dan memberikan tindakan atau \
                 dukungan secara aktif, atau ikut dalam kegiatan kampanye."
            }
            Rule::AnggotaParpol => "Menjadi anggota atau pengurus partai politik.",
            Rule::TimPemenangan => {
                "Menjadi tim ahli, tim pemenangan, tim sukses, konsultan atau relawan bakal \
                 calon."
            }
            Rule::AlatPeraga => {
                "Memasang spanduk, baliho, atau alat peraga lainnya terkait bakal calon peserta \
                 pemilu dan pemilihan."
            }
            Rule::DukunganKtp => {
                "Memberikan surat dukungan disertai fotokopi KTP atau Surat Keterangan Tanda \
                 Penduduk kepada bakal calon perseorangan."
            }
        }
    }

    /// What the SKB prohibits, in English: a translation of [`Rule::description_id`].
    pub fn description_en(self) -> &'static str {
        match self {
            Rule::KampanyeMedsos => {
                "Promoting or campaigning for a prospective candidate (president and vice \
                 president, DPR, DPD, DPRD, regional head and deputy) on social media or online."
            }
            Rule::InteraksiKampanye => {
                "Posting, commenting, sharing, liking, or joining or following a candidate's \
                 campaign group or account."
            }
            Rule::FotoSimbolAtribut => {
                "Posting a photo with a candidate or success team showing or making a partisan \
                 sign, wearing party attributes, or against a picture of a candidate or party."
            }
            Rule::AjakanKeberpihakan => {
                "Organising activity that sides with a candidate or pair: meetings, invitations, \
                 appeals, calls, or giving goods."
            }
            Rule::HadirKampanye => {
                "Attending a candidate's declaration or campaign and actively supporting it, or \
                 joining campaign events."
            }
            Rule::AnggotaParpol => "Being a member or officer of a political party.",
            Rule::TimPemenangan => {
                "Serving on a candidate's expert, winning or success team, as a consultant or as \
                 a volunteer."
            }
            Rule::AlatPeraga => {
                "Putting up banners, billboards or other campaign props for a candidate."
            }
            Rule::DukunganKtp => {
                "Giving an independent candidate a letter of support with a copy of one's \
                 identity card (KTP) or residence certificate."
            }
        }
    }
}

/// A set of rules; it lists them in [`Rule::ALL`] order, the order verdicts report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct RuleSet(u16);

// Every rule needs a bit of the set.
const _: () = assert!(Rule::ALL.len() <= 16);

impl RuleSet {
    /// The set of one rule.
    pub fn of(rule: Rule) -> RuleSet {
        RuleSet(RuleSet::bit(rule))
    }

    pub fn insert(&mut self, rule: Rule) {
        self.0 |= RuleSet::bit(rule);
    }

    pub fn extend(&mut self, other: RuleSet) {
        self.0 |= other.0;
    }

    pub fn contains(self, rule: Rule) -> bool {
        self.0 & RuleSet::bit(rule) != 0
    }

    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL.into_iter().filter(move |&r| self.contains(r))
    }

    fn bit(rule: Rule) -> u16 {
        1 << rule as u16
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Rule::from_id(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown rule `{s}`")))
    }
}

#[cfg(test)]
mod tests {
    use super::{Rule, RuleSet};

    #[test]
    fn a_rule_set_lists_its_rules_in_report_order() {
        let mut set = RuleSet::of(Rule::AjakanKeberpihakan);
        set.insert(Rule::DukunganKtp);
        set.extend(RuleSet::of(Rule::KampanyeMedsos));
        set.insert(Rule::AjakanKeberpihakan);
        let listed: Vec<Rule> = set.iter().collect();
        let mut sorted = listed.clone();
        sorted.sort();
        assert_eq!(listed, sorted);
        assert_eq!(
            listed,
            [
                Rule::KampanyeMedsos,
                Rule::AjakanKeberpihakan,
                Rule::DukunganKtp
            ]
        );
        assert!(!set.contains(Rule::AlatPeraga));
        assert_eq!(RuleSet::default().iter().count(), 0);
    }

    /// Every rule has its own wording in both languages, and every text reads as a sentence.
    #[test]
    fn every_rule_is_worded() {
        for texts in [
            Rule::ALL.map(Rule::title_id),
            Rule::ALL.map(Rule::title_en),
            Rule::ALL.map(Rule::description_id),
            Rule::ALL.map(Rule::description_en),
            Rule::ALL.map(Rule::skb_forms),
        ] {
            let mut distinct = texts.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), texts.len(), "{texts:?}");
            assert!(texts.iter().all(|t| !t.is_empty() && !t.contains("  ")));
        }
        for r in Rule::ALL {
            assert!(r.description_id().ends_with('.') && r.description_en().ends_with('.'));
        }
    }
}
