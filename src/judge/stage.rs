//! The stages of the judge, named once: what the trace and the findings say made them.

/// A stage of the judge. Each has its own file under `stages/` with what it does, why, and its
/// known limits; they run in the order listed here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum StageId {
    Window,
    Enclitic,
    Nested,
    TagWords,
    Exempt,
    Ranges,
    Counts,
    References,
    Numbers,
    Races,
    Reversed,
    Addressee,
    Confirm,
    Markers,
    NameTags,
    Refusal,
    Stance,
    Gestures,
    Evaluation,
    Balance,
    Concession,
    Attribution,
    Register,
    Interaction,
}

impl StageId {
    /// Every stage, in the order they run.
    #[cfg(test)]
    pub const ALL: [StageId; 24] = [
        StageId::Window,
        StageId::Enclitic,
        StageId::Nested,
        StageId::TagWords,
        StageId::Exempt,
        StageId::Ranges,
        StageId::Counts,
        StageId::References,
        StageId::Numbers,
        StageId::Races,
        StageId::Reversed,
        StageId::Addressee,
        StageId::Confirm,
        StageId::Markers,
        StageId::NameTags,
        StageId::Refusal,
        StageId::Stance,
        StageId::Gestures,
        StageId::Evaluation,
        StageId::Balance,
        StageId::Concession,
        StageId::Attribution,
        StageId::Register,
        StageId::Interaction,
    ];

    /// The stage's name, as traces and test cases write it.
    pub fn name(self) -> &'static str {
        match self {
            StageId::Window => "window",
            StageId::Enclitic => "enclitic",
            StageId::Nested => "nested",
            StageId::TagWords => "tag-words",
            StageId::Exempt => "exempt",
            StageId::Ranges => "ranges",
            StageId::Counts => "counts",
            StageId::References => "references",
            StageId::Numbers => "numbers",
            StageId::Races => "races",
            StageId::Reversed => "reversed",
            StageId::Addressee => "addressee",
            StageId::Confirm => "confirm",
            StageId::Markers => "markers",
            StageId::NameTags => "name-tags",
            StageId::Refusal => "refusal",
            StageId::Stance => "stance",
            StageId::Gestures => "gestures",
            StageId::Evaluation => "evaluation",
            StageId::Balance => "balance",
            StageId::Concession => "concession",
            StageId::Attribution => "attribution",
            StageId::Register => "register",
            StageId::Interaction => "interaction",
        }
    }
}
