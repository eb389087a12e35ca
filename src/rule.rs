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
}
