"""Build widgets/guard/lexicon.json: the identifier guard's word lists, shipped as data.

- First names and surnames come from Faker's person providers (MIT licence), for the
  locales whose names are common in England's communities, Latin script only. They are
  lists made for generating fictional people, not records of real ones.
- "Ordinary" words are the lower-case entries of Webster's Second International (public
  domain, via the english-words package) that also occur, in lower case, in this book's own
  fictional corpora: the guard needs to know that "will", "grace" and "mark" are also words.

Run: python -m tools.build_lexicon  (needs faker and english-words from
requirements-test.txt). The output is deterministic and committed; the book never needs
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
    """Words written in lower case in the book's fictional corpora (markup removed)."""
    words: set[str] = set()
    for folder in CORPORA:
        for path in sorted((ROOT / folder).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    text = json.loads(line)["text"]
                    words.update(t for t in _TOKEN.findall(text) if t.islower())
    return words


def build() -> dict[str, object]:
    from english_words import get_english_words_set

    first = _names(FIRST_LOCALES, ("first_names", "first_names_male", "first_names_female",
                                   "first_names_nonbinary"))
    surname = _names(SURNAME_LOCALES, ("last_names",))
    webster = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    ordinary = webster & (_corpus_words() | first | surname)
    return {
        "about": "Word lists for the identifier guard. Names: Faker person providers (MIT). "
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
