"""Type stubs of the native module; import these names from ``netral``."""

import os
from typing import (
    Any,
    Dict,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypedDict,
    TypeVar,
    Union,
    overload,
)

import pyarrow

__version__: str

_Path = Union[str, "os.PathLike[str]"]
_Mapping = Union[str, Mapping[str, str]]
_ArrowInput = TypeVar("_ArrowInput", pyarrow.RecordBatch, pyarrow.Table)

class _EvidenceRequired(TypedDict):
    field: Literal["text", "target_text", "target_author"]
    start: int
    end: int
    matched: str
    term: str
    category: str
    start_char: Optional[int]
    end_char: Optional[int]

class Evidence(_EvidenceRequired, total=False):
    """One matched term: ``text[start_char:end_char] == matched`` in Python, and
    ``start:end`` is the same span in bytes of the UTF-8 text."""

    entity: str

class Verdict(TypedDict, total=False):
    """A verdict, as the command line writes it; later versions may add keys."""

    id: Union[str, int, float]
    created_at: str
    flagged: bool
    score: float
    rules: List[str]
    entities: List[str]
    evidence: List[Evidence]
    reasons: List[str]
    trace: Dict[str, Any]

class PackError(ValueError):
    """A lexicon pack is malformed or inconsistent; the message names its file and line."""

class Screener:
    """The compiled screener: build it once and use it from any thread."""

    def __init__(
        self,
        packs: Iterable[Union[_Path, Tuple[str, str]]] = (),
        default_pack: bool = True,
    ) -> None: ...
    @property
    def pack_ids(self) -> List[str]: ...
    def __reduce__(self) -> Tuple[type, Tuple[List[Tuple[str, str]], bool]]: ...
    def screen(self, activity: Mapping[str, Any]) -> Verdict: ...
    def explain(self, activity: Mapping[str, Any]) -> Verdict: ...
    def screen_text(self, text: str) -> Verdict: ...
    def screen_batch(
        self, activities: Iterable[Mapping[str, Any]], threads: Optional[int] = None
    ) -> List[Verdict]: ...
    def screen_arrow(
        self,
        batch: _ArrowInput,
        mapping: Optional[_Mapping] = None,
        *,
        json_column: Optional[str] = None,
        threads: Optional[int] = None,
    ) -> _ArrowInput: ...

@overload
def scan_file(
    path: Union[_Path, Sequence[_Path]],
    output: None = None,
    *,
    screener: Optional[Screener] = None,
    mapping: Optional[_Mapping] = None,
    format: Optional[Literal["jsonl", "csv", "tweet-harvest"]] = None,
    all: bool = False,
    output_format: Literal["jsonl"] = "jsonl",
    threads: Optional[int] = None,
) -> List[Dict[str, Any]]: ...
@overload
def scan_file(
    path: Union[_Path, Sequence[_Path]],
    output: _Path,
    *,
    screener: Optional[Screener] = None,
    mapping: Optional[_Mapping] = None,
    format: Optional[Literal["jsonl", "csv", "tweet-harvest"]] = None,
    all: bool = False,
    output_format: Literal["jsonl", "csv"] = "jsonl",
    threads: Optional[int] = None,
) -> Dict[str, Any]: ...
def format_summary(summary: Mapping[str, Any]) -> str: ...
def day_of(created_at: Optional[str]) -> Optional[str]: ...
def error_reason(message: str) -> str: ...
