use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// What an account did: its own post, or an interaction with someone else's content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Own content.
    Post,
    /// A reply: own words plus the content replied to.
    Comment,
    /// A repost, retweet or forward: the shared content.
    Share,
    /// A quote: own words plus the shared content.
    Quote,
    /// A like or reaction on someone's content.
    Like,
    /// Following an account or joining a group.
    Follow,
}

impl Kind {
    /// Every kind, in a fixed order.
    pub const ALL: [Kind; 6] = [
        Kind::Post,
        Kind::Comment,
        Kind::Share,
        Kind::Quote,
        Kind::Like,
        Kind::Follow,
    ];

    /// The lower-case name used in the canonical JSON, e.g. `share`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Comment => "comment",
            Kind::Share => "share",
            Kind::Quote => "quote",
            Kind::Like => "like",
            Kind::Follow => "follow",
        }
    }

    /// The kind with the given name, if there is one.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether the actor wrote words of their own in this kind of activity.
    pub fn has_own_words(self) -> bool {
        matches!(self, Kind::Post | Kind::Comment | Kind::Quote)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The id of an activity, kept exactly as the export wrote it.
///
/// Exports write ids as strings or as numbers, and numeric ids are often larger than a 64-bit
/// float can hold exactly (tweet ids). The digits are kept as text and a numeric id is written
/// back as a number, so `1733012345678901234567` survives a round trip unchanged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActivityId {
    text: String,
    numeric: bool,
}

impl ActivityId {
    /// A string id.
    pub fn new(id: impl Into<String>) -> ActivityId {
        ActivityId {
            text: id.into(),
            numeric: false,
        }
    }

    /// A numeric id, given as its decimal digits (a leading `-` is allowed).
    ///
    /// Returns `None` if `digits` is not a JSON number.
    pub fn numeric(digits: impl Into<String>) -> Option<ActivityId> {
        let text = digits.into();
        serde_json::from_str::<&serde_json::value::RawValue>(&text)
            .ok()
            .filter(|raw| {
                raw.get()
                    .starts_with(|c: char| c == '-' || c.is_ascii_digit())
            })?;
        Some(ActivityId {
            text,
            numeric: true,
        })
    }

    /// Makes this the id `text` (numeric or not), reusing its buffer. For a numeric id, `text`
    /// must be a JSON number.
    pub(crate) fn set(&mut self, text: &str, numeric: bool) {
        self.text.clear();
        self.text.push_str(text);
        self.numeric = numeric;
    }

    /// The id as text (the digits, for a numeric id).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the export wrote the id as a number.
    pub fn is_numeric(&self) -> bool {
        self.numeric
    }
}

impl fmt::Display for ActivityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for ActivityId {
    fn from(s: &str) -> ActivityId {
        ActivityId::new(s)
    }
}

impl From<String> for ActivityId {
    fn from(s: String) -> ActivityId {
        ActivityId::new(s)
    }
}

impl Serialize for ActivityId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.numeric {
            // Only reachable with text that parsed as a JSON number, so this cannot fail.
            match serde_json::value::RawValue::from_string(self.text.clone()) {
                Ok(raw) => raw.serialize(s),
                Err(_) => s.serialize_str(&self.text),
            }
        } else {
            s.serialize_str(&self.text)
        }
    }
}

impl<'de> Deserialize<'de> for ActivityId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ActivityId, D::Error> {
        let raw = <Box<serde_json::value::RawValue>>::deserialize(d)?;
        let text = raw.get();
        if text.starts_with('"') {
            let s: String = serde_json::from_str(text).map_err(de::Error::custom)?;
            Ok(ActivityId::new(s))
        } else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            Ok(ActivityId {
                text: text.to_string(),
                numeric: true,
            })
        } else {
            Err(de::Error::custom(format!(
                "`id` must be a string or a number, not {text}"
            )))
        }
    }
}

/// One social-media activity of one account: the unit the screener judges.
///
/// The canonical JSON shape is
/// `{"id","kind","author","created_at","text","target_text","target_author","url"}`; unknown
/// fields are ignored and every field but `id` and `kind` may be missing or `null`.
///
/// ```
/// use netral::{Activity, Kind};
///
/// let a: Activity = serde_json::from_str(
///     r#"{"id": 7, "kind": "like", "target_text": "Coblos 02!", "target_author": "@prabowo"}"#,
/// )?;
/// assert_eq!(a.kind, Kind::Like);
/// assert_eq!(a.id.as_str(), "7");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// The record's id, kept exactly as given.
    pub id: ActivityId,
    /// What the account did.
    pub kind: Kind,
    /// The account that did it.
    #[serde(default)]
    pub author: Option<String>,
    /// When, as RFC 3339 text (kept as given).
    #[serde(default)]
    pub created_at: Option<String>,
    /// The actor's own words (posts, comments, quotes).
    #[serde(default)]
    pub text: Option<String>,
    /// The content liked, shared, quoted or replied to, or a followed account's description.
    #[serde(default)]
    pub target_text: Option<String>,
    /// The handle of the target's author, or of the followed account.
    #[serde(default)]
    pub target_author: Option<String>,
    /// Where the activity can be seen on its platform (a post's URL), when the export has it.
    /// Never screened: it is carried to the output so that an inspector can open the post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Activity {
    /// The text of one of its fields, empty when the field is absent.
    pub(crate) fn field_text(&self, field: crate::verdict::Field) -> &str {
        use crate::verdict::Field;
        match field {
            Field::Text => self.text.as_deref(),
            Field::TargetText => self.target_text.as_deref(),
            Field::TargetAuthor => self.target_author.as_deref(),
        }
        .unwrap_or("")
    }

    /// A post with the given id and text.
    pub fn post(id: impl Into<ActivityId>, text: impl Into<String>) -> Activity {
        Activity {
            id: id.into(),
            kind: Kind::Post,
            author: None,
            created_at: None,
            text: Some(text.into()),
            target_text: None,
            target_author: None,
            url: None,
        }
    }

    /// An interaction (`like`, `share`, `follow`, ...) with a target's content and author.
    pub fn interaction(
        id: impl Into<ActivityId>,
        kind: Kind,
        target_text: Option<String>,
        target_author: Option<String>,
    ) -> Activity {
        Activity {
            id: id.into(),
            kind,
            author: None,
            created_at: None,
            text: None,
            target_text,
            target_author,
            url: None,
        }
    }
}
