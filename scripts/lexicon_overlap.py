#!/usr/bin/env python3
"""Report terms that two lexicon packs share, or that one pack lists twice, and how often each
term of a pack occurs in a corpus of posts.

usage: python3 scripts/lexicon_overlap.py PACK.toml [OTHER.toml ...] [--corpus POSTS.jsonl]
                                          [--top N]

Every `text` entry of every `[[terms]]` group, and every word of a `[language]` list, is
normalised the way the screener normalises terms (lower case, diacritics dropped, punctuation
and hyphens read as spaces, letters and digits split apart except a reduplicating "2" at the end
of a word, runs of one repeated letter squeezed to one unless the whole word is that letter).
Two entries with the same normalised form are the same term for the screener, so the script
reports:

- a term listed twice in one pack (`[[terms]]` entries, or words of the `[language]` lists);
- a term of the first pack that another pack also lists (its category and entity are shown);
- a `[language]` word of the first pack that another pack lists as a term (shown as a note:
  a function word such as "semoga" may also be a cue of an election pack).

It exits with status 1 if anything but notes was found. `netral lexicon check` remains the
authority for a single pack; this script answers the question it cannot, whether two packs
meant to be loaded together overlap, and it approximates the normaliser only for plain terms
(no styled letters, leetspeak or camelCase, which terms are not written in).

With `--corpus`, a JSON Lines file with a "text" field per line, it also counts for every term
of the first pack the posts that contain it as whole words (posts normalised the same way, with
URLs dropped and hashtags split at camelCase), and prints the `--top` most frequent (default 30)
with their counts, then the number of entries per class and strength and how many never occur.
Only the standard library is used (Python 3.11 or later, for `tomllib`).
"""
import argparse
import collections
import json
import re
import sys
import tomllib
import unicodedata

URL = re.compile(r"https?://\S+|www\.\S+")
TOKEN = re.compile(r"[#@]?[a-z0-9_]+")


def squeeze(word):
    """Squeeze runs of one repeated letter, unless the word is one letter repeated ("ppp")."""
    if len(word) > 1 and len(set(word)) == 1:
        return word
    return re.sub(r"([a-z])\1+", r"\1", word)


def split_word(word):
    """Split letters from digits; a "2" after two or more letters stays (reduplication)."""
    parts = re.findall(r"[a-z]+|[0-9]+", word)
    if len(parts) >= 2 and parts[-1] == "2" and parts[-2].isalpha() and len(parts[-2]) >= 2:
        parts[-2:] = [parts[-2] + "2"]
    out = []
    for part in parts:
        if part.isdigit():
            out.append(part)
        elif part.endswith("2") and not part[:-1].isdigit():
            out.append(squeeze(part[:-1]) + "2")
        else:
            out.append(squeeze(part))
    return out


def strip_marks(text):
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def normalise(text, post=False):
    """The canonical form of a term, or of a post when `post` is true."""
    if post:
        text = URL.sub(" ", text)
        text = re.sub(r"([a-z])([A-Z])", r"\1 \2", strip_marks(text))
    text = strip_marks(text).lower()
    words = []
    for token in TOKEN.findall(text):
        if token.startswith("@"):
            words.append(token)
            continue
        prefix = "#" if token.startswith("#") else ""
        pieces = []
        for piece in token.lstrip("#").split("_"):
            pieces.extend(split_word(piece))
        if pieces:
            pieces[0] = prefix + pieces[0]
        words.extend(pieces)
    return " ".join(words)


def line_of(lines, text):
    """The 1-based line of the first line outside a comment that holds `text` quoted."""
    needle = json.dumps(text, ensure_ascii=False)
    for number, line in enumerate(lines, 1):
        if needle in line and not line.lstrip().startswith("#"):
            return number
    return 0


def load(path):
    """Terms and language words of a pack: lists of (normalised, text, line, label)."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        sys.exit(f"{path}: {e}")
    lines = raw.decode("utf-8").splitlines()
    terms, words = [], []
    for group in data.get("terms", []):
        label = "/".join(
            str(group[k]) for k in ("category", "class", "entity", "strength") if k in group
        )
        for text in group.get("text", []):
            terms.append((normalise(text), text, line_of(lines, text), label))
    for name, values in data.get("language", {}).items():
        if isinstance(values, list):
            for text in values:
                words.append((normalise(text) or text, text, line_of(lines, text), name))
    return terms, words, data


def duplicates(path, entries, what):
    """Problems for entries that share a normalised form within one list of entries."""
    seen, problems = {}, []
    for norm, text, line, label in entries:
        if norm in seen:
            first = seen[norm]
            problems.append(
                f"{path} line {line}: {what} `{text}` ({label}) is the same term as "
                f"`{first[1]}` at line {first[2]} ({first[3]})"
            )
        else:
            seen[norm] = (norm, text, line, label)
    return problems


def corpus_report(path, terms, top):
    counts = collections.Counter()
    index = {norm for norm, _, _, _ in terms}
    longest = max((len(n.split()) for n in index), default=1)
    with open(path, encoding="utf-8") as f:
        for raw in f:
            raw = raw.strip()
            if not raw:
                continue
            words = normalise(json.loads(raw).get("text") or "", post=True).split()
            found = set()
            for i in range(len(words)):
                for n in range(1, longest + 1):
                    gram = " ".join(words[i:i + n])
                    if gram in index:
                        found.add(gram)
            counts.update(found)
    ranked = sorted(terms, key=lambda t: (-counts[t[0]], t[1]))
    print(f"most frequent entries in {path} (posts that contain them):")
    for norm, text, _, label in ranked[:top]:
        print(f"  {counts[norm]:6d}  {text}  ({label})")
    per_label = collections.Counter(label for _, _, _, label in terms)
    print("entries per class and strength:")
    for label in sorted(per_label):
        print(f"  {per_label[label]:6d}  {label}")
    never = sum(1 for norm, _, _, _ in terms if counts[norm] == 0)
    print(f"entries: {len(terms)}, never found in the corpus: {never}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packs", nargs="+", help="lexicon packs; the first is the one checked")
    parser.add_argument("--corpus", help="JSON Lines posts with a \"text\" field")
    parser.add_argument("--top", type=int, default=30, help="entries to list with --corpus")
    args = parser.parse_args()

    first = args.packs[0]
    terms, words, _ = load(first)
    problems = duplicates(first, terms, "term")
    problems += duplicates(first, words, "language word")
    notes = []
    for other in args.packs[1:]:
        other_terms, _, _ = load(other)
        theirs = {}
        for norm, text, line, label in other_terms:
            theirs.setdefault(norm, (text, line, label))
        for norm, text, line, label in terms:
            if norm in theirs:
                t, l, lab = theirs[norm]
                problems.append(
                    f"{first} line {line}: term `{text}` is also `{t}` in {other} line {l} ({lab})"
                )
        for norm, text, line, label in words:
            if norm in theirs:
                t, l, lab = theirs[norm]
                notes.append(
                    f"note: {first} line {line}: language word `{text}` ({label}) is also "
                    f"`{t}` in {other} line {l} ({lab})"
                )
    for message in problems + notes:
        print(message)
    print(f"{first}: {len(terms)} terms, {len(words)} language words, "
          f"{len(problems)} duplicates")
    if args.corpus:
        corpus_report(args.corpus, terms, args.top)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
