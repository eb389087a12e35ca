use std::ops::Range;

/// A half-open byte range `start..end` into the ORIGINAL text of a field, as the user gave it.
///
/// Spans never point into a normalised copy: `&text[span.range()]` is the exact substring that
/// matched, with its styled letters, zero-width characters and repeated letters intact. Both ends
/// always fall on `char` boundaries of the original text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The first byte of the match.
    pub start: usize,
    /// One past the last byte of the match.
    pub end: usize,
}

impl Span {
    /// The span as a range, for slicing the original text.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The number of bytes covered.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start >= self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span {
            start: r.start,
            end: r.end,
        }
    }
}
