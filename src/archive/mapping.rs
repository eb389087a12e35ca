//! Which source field or column feeds which activity field.

use std::fmt;
use std::str::FromStr;

use crate::display::shown;
use crate::error::Error;

/// A field of the canonical [`Activity`](crate::Activity) schema that a source can feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Slot {
    Id,
    Kind,
    Author,
    CreatedAt,
    Text,
    TargetText,
    TargetAuthor,
    Url,
}

impl Slot {
    pub(crate) const ALL: [Slot; 8] = [
        Slot::Id,
        Slot::Kind,
        Slot::Author,
        Slot::CreatedAt,
        Slot::Text,
        Slot::TargetText,
        Slot::TargetAuthor,
        Slot::Url,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Slot::Id => "id",
            Slot::Kind => "kind",
            Slot::Author => "author",
            Slot::CreatedAt => "created_at",
            Slot::Text => "text",
            Slot::TargetText => "target_text",
            Slot::TargetAuthor => "target_author",
            Slot::Url => "url",
        }
    }

    /// The field of a canonical name.
    pub(crate) fn from_name(name: &str) -> Option<Slot> {
        Slot::ALL.into_iter().find(|t| t.as_str() == name)
    }

    /// The position of this target in `Slot::ALL`, for per-target arrays.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Where each activity field comes from in an export that does not use the canonical names.
///
/// Written as `FIELD=SOURCE` pairs separated by commas, e.g.
/// `text=full_text,id=id_str,author=username`. `FIELD` is one of `id`, `kind`, `author`,
/// `created_at`, `text`, `target_text`, `target_author` and `url`; `SOURCE` is a JSON key or a CSV
/// column name. In JSON lines a dotted source such as `user.screen_name` walks into nested
/// objects. Fields left unmapped are read from their canonical name when the export has it.
///
/// ```
/// use netral::archive::FieldMap;
///
/// let map: FieldMap = "text=full_text, id=id_str, author=user.screen_name".parse()?;
/// assert_eq!(map.get("author"), Some("user.screen_name"));
/// assert_eq!(map.get("kind"), None);
///
/// let err = "txt=full_text".parse::<FieldMap>().unwrap_err();
/// assert!(err.to_string().contains("unknown field `txt`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldMap {
    /// Indexed by [`Slot::index`].
    sources: [Option<String>; Slot::ALL.len()],
}

impl FieldMap {
    /// An empty mapping: every field is read from its canonical name.
    pub fn new() -> FieldMap {
        FieldMap::default()
    }

    /// Reads `FIELD=SOURCE,...`. Fails on an unknown field, an entry without `=` or with two,
    /// an empty entry (`text=a,,id=b`), an empty source, or the same field mapped twice. An
    /// empty or blank `spec` is the empty mapping.
    pub fn parse(spec: &str) -> Result<FieldMap, Error> {
        let mut map = FieldMap::new();
        let mut seen = [false; Slot::ALL.len()];
        if spec.trim().is_empty() {
            return Ok(map);
        }
        for entry in spec.split(',').map(str::trim) {
            if entry.is_empty() {
                return Err(Error::config(format!(
                    "field mapping `{}` has an empty entry (write FIELD=SOURCE,FIELD=SOURCE)",
                    shown(spec, 60)
                )));
            }
            let Some((field, source)) = entry.split_once('=') else {
                return Err(Error::config(format!(
                    "field mapping `{}` has no `=` (write FIELD=SOURCE, e.g. text=full_text)",
                    shown(entry, 60)
                )));
            };
            if source.contains('=') {
                return Err(Error::config(format!(
                    "field mapping `{}` has more than one `=` (write FIELD=SOURCE)",
                    shown(entry, 60)
                )));
            }
            let target = target(field.trim())?;
            if std::mem::replace(&mut seen[target.index()], true) {
                return Err(Error::config(format!(
                    "field `{}` is mapped twice",
                    target.as_str()
                )));
            }
            map = map.set(field.trim(), source.trim())?;
        }
        Ok(map)
    }

    /// Maps `field` to `source`, replacing an earlier mapping of `field`.
    pub fn set(mut self, field: &str, source: &str) -> Result<FieldMap, Error> {
        let target = target(field)?;
        if source.is_empty() {
            return Err(Error::config(format!(
                "field `{field}` is mapped to an empty name"
            )));
        }
        self.sources[target.index()] = Some(source.to_string());
        Ok(self)
    }

    /// Adds every mapping of `other`, which wins where both map the same field.
    pub fn merge(mut self, other: &FieldMap) -> FieldMap {
        for (mine, theirs) in self.sources.iter_mut().zip(&other.sources) {
            if theirs.is_some() {
                mine.clone_from(theirs);
            }
        }
        self
    }

    /// The source mapped to `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        Slot::from_name(field).and_then(|t| self.source(t))
    }

    /// Whether no field is mapped.
    pub fn is_empty(&self) -> bool {
        self.sources.iter().all(Option::is_none)
    }

    pub(crate) fn source(&self, target: Slot) -> Option<&str> {
        self.sources[target.index()].as_deref()
    }

    /// The name to read `target` from: its mapping, or its canonical name.
    pub(crate) fn source_or_default(&self, target: Slot) -> &str {
        self.source(target).unwrap_or(target.as_str())
    }
}

fn target(field: &str) -> Result<Slot, Error> {
    Slot::from_name(field).ok_or_else(|| {
        Error::config(format!(
            "unknown field `{}` in field mapping (expected id, kind, author, created_at, \
             text, target_text, target_author or url)",
            shown(field, 60)
        ))
    })
}

impl FromStr for FieldMap {
    type Err = Error;

    fn from_str(s: &str) -> Result<FieldMap, Error> {
        FieldMap::parse(s)
    }
}

impl fmt::Display for FieldMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for t in Slot::ALL {
            if let Some(s) = self.source(t) {
                if !first {
                    f.write_str(",")?;
                }
                first = false;
                write!(f, "{}={s}", t.as_str())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_errors() {
        let m = FieldMap::parse("text=full_text,id=id_str").unwrap();
        assert_eq!(m.to_string(), "id=id_str,text=full_text");
        assert!(FieldMap::parse("").unwrap().is_empty());
        assert!(FieldMap::parse(" ").unwrap().is_empty());
        for (bad, needle) in [
            ("text", "has no `=`"),
            ("body=text", "unknown field `body`"),
            ("text=", "empty name"),
            ("text=a,text=b", "mapped twice"),
            (",,,", "has an empty entry"),
            ("text=a,,id=b", "has an empty entry"),
            ("text=a,", "has an empty entry"),
            ("text=b=c", "has more than one `=`"),
            ("te\u{1b}[2Jxt=a", "unknown field `te\\u{1b}[2Jxt`"),
        ] {
            let e = FieldMap::parse(bad).unwrap_err().to_string();
            assert!(e.contains(needle), "{bad}: {e}");
        }
        let merged = m.merge(&FieldMap::parse("text=body").unwrap());
        assert_eq!(merged.get("text"), Some("body"));
        assert_eq!(merged.get("id"), Some("id_str"));
    }
}
