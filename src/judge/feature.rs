//! The features the model weighs: what the stages found about a camp, how the camp is named, and
//! what kind of talk the field is. Each has a stable name, used by the weights file and shown in
//! reasons.

/// One feature of a camp in a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Feature {
    // What the stages found about the camp.
    Marker,
    SoftMarker,
    SoftMarkerNear,
    NameTag,
    Support,
    SupportWeakRef,
    Attack,
    AttackWeakRef,
    Invite,
    WeakCueNear,
    WeakCueFar,
    Activity,
    Gesture,
    Praise,
    Fitness,
    Victory,
    Derision,
    Insult,
    Unfit,
    Defeat,
    Describing,
    // How the camp is named.
    Addressee,
    ThreadTag,
    OtherCamps,
    // What kind of talk the field is.
    Neutral,
    Balanced,
    ReportedStance,
    ThirdParty,
    Link,
    Headline,
    News,
    Question,
    Reported,
    FirstPerson,
}

impl Feature {
    /// Every feature, in the order of the weights file.
    pub const ALL: [Feature; 34] = [
        Feature::Marker,
        Feature::SoftMarker,
        Feature::SoftMarkerNear,
        Feature::NameTag,
        Feature::Support,
        Feature::SupportWeakRef,
        Feature::Attack,
        Feature::AttackWeakRef,
        Feature::Invite,
        Feature::WeakCueNear,
        Feature::WeakCueFar,
        Feature::Activity,
        Feature::Gesture,
        Feature::Praise,
        Feature::Fitness,
        Feature::Victory,
        Feature::Derision,
        Feature::Insult,
        Feature::Unfit,
        Feature::Defeat,
        Feature::Describing,
        Feature::Addressee,
        Feature::ThreadTag,
        Feature::OtherCamps,
        Feature::Neutral,
        Feature::Balanced,
        Feature::ReportedStance,
        Feature::ThirdParty,
        Feature::Link,
        Feature::Headline,
        Feature::News,
        Feature::Question,
        Feature::Reported,
        Feature::FirstPerson,
    ];

    /// How many features there are.
    pub const COUNT: usize = Feature::ALL.len();

    /// The feature's name in the weights file and in reasons.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Marker => "campaign-marker",
            Feature::SoftMarker => "generic-slogan",
            Feature::SoftMarkerNear => "generic-slogan-near",
            Feature::NameTag => "name-hashtag",
            Feature::Support => "support",
            Feature::SupportWeakRef => "support-weak-reference",
            Feature::Attack => "attack",
            Feature::AttackWeakRef => "attack-weak-reference",
            Feature::Invite => "invitation",
            Feature::WeakCueNear => "everyday-cue-near",
            Feature::WeakCueFar => "everyday-cue-far",
            Feature::Activity => "own-activity",
            Feature::Gesture => "hand-sign",
            Feature::Praise => "praise",
            Feature::Fitness => "fitness",
            Feature::Victory => "victory",
            Feature::Derision => "derision",
            Feature::Insult => "insult",
            Feature::Unfit => "unfit",
            Feature::Defeat => "defeat",
            Feature::Describing => "describing",
            Feature::Addressee => "addressee",
            Feature::ThreadTag => "thread-tag",
            Feature::OtherCamps => "other-camps",
            Feature::Neutral => "neutral-context",
            Feature::Balanced => "even-handed",
            Feature::ReportedStance => "stance-in-news",
            Feature::ThirdParty => "third-party-stance",
            Feature::Link => "link",
            Feature::Headline => "headline-case",
            Feature::News => "news",
            Feature::Question => "question",
            Feature::Reported => "reported-speech",
            Feature::FirstPerson => "first-person",
        }
    }

    /// What a finding of this feature weighed before weights were fitted, as a probability: the
    /// prior the fit starts from, and how the **balance** stage compares how strongly camps are
    /// argued.
    pub fn prior(self) -> f32 {
        match self {
            Feature::Marker => 0.9,
            Feature::Support | Feature::Attack | Feature::Invite => 0.85,
            Feature::Activity => 0.8,
            Feature::SupportWeakRef | Feature::AttackWeakRef => 0.75,
            Feature::SoftMarkerNear | Feature::NameTag => 0.6,
            Feature::WeakCueNear | Feature::Gesture => 0.5,
            Feature::Praise
            | Feature::Fitness
            | Feature::Victory
            | Feature::Derision
            | Feature::Insult
            | Feature::Unfit
            | Feature::Defeat => 0.4,
            Feature::Describing => 0.2,
            Feature::SoftMarker | Feature::WeakCueFar => 0.3,
            _ => 0.0,
        }
    }

    /// The weight the fit starts from and is drawn toward, in log-odds: for a finding,
    /// `2 × -ln(1 - prior)`; for the register, how strongly the rules damped a field before the
    /// weights were fitted (a neutral context left 0.55 of a score, an even-handed one 0.4).
    /// The labelled sets hold few neutral-context and even-handed cases, so these keep the
    /// damping unless the data says otherwise.
    pub fn prior_weight(self) -> f32 {
        match self {
            Feature::Neutral => -2.0,
            Feature::Balanced => -2.0,
            Feature::ReportedStance | Feature::News | Feature::ThirdParty => -1.0,
            Feature::Question => -0.5,
            f => 2.0 * -(1.0 - f.prior().min(0.95)).ln(),
        }
    }

    /// The feature with the given name.
    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What the feature says, for a reviewer, when it is not a finding of its own (how the camp
    /// is named, the register).
    pub fn describe(self) -> &'static str {
        match self {
            Feature::Addressee => "a reply to the camp's own accounts",
            Feature::ThreadTag => "the camp's accounts tagged in a reply to someone else",
            Feature::OtherCamps => "other camps named beside it",
            Feature::Neutral => "neutral context: socialisation, quick counts, the draw",
            Feature::Balanced => "even-handed between camps",
            Feature::ReportedStance => "support or attack words inside news: someone else's stance",
            Feature::ThirdParty => {
                "support or attack said by someone named before it, not the author"
            }
            Feature::Link => "carries a link",
            Feature::Headline => "written in headline case",
            Feature::News => "written as news: a link with a headline, a source or a teaser",
            Feature::Question => "asked as a question",
            Feature::Reported => "reports what someone else said or did",
            Feature::FirstPerson => "the author speaks in the first person",
            _ => self.name(),
        }
    }
}

/// A value for every feature.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Features(pub [f32; Feature::COUNT]);

impl Default for Features {
    fn default() -> Features {
        Features([0.0; Feature::COUNT])
    }
}

impl Features {
    pub fn get(&self, f: Feature) -> f32 {
        self.0[f as usize]
    }

    pub fn add(&mut self, f: Feature, v: f32) {
        self.0[f as usize] += v;
    }

    pub fn set(&mut self, f: Feature, v: f32) {
        self.0[f as usize] = v;
    }
}
