"""Derive search/data/common_words.json: place forms that are also ordinary words.

Run from the project root after scripts/build_gazetteers.py:
`.venv/bin/python scripts/common_words.py [SHARED_CORPUS_DIR]`. The output is committed.

A form such as 合作 (合作市) or 富民 (富民县) is mostly an ordinary word. Whether it is, is read
from news text, not decided by hand: in ../shared/corpus (the 75,806 xwlb items and the
2026 government work reports), segmented with jieba-rs, take the documents where the form
stands as a word of its own, and compare how often they name one of the form's parent places
(its province or city) with how often all documents do. A place name brings its parents
along; an ordinary word does not.

- word: used in at least MIN_DOCS documents, and those name its parents less than
  WORD_LIFT times as often as documents in general. Such a form only counts as a place with
  local evidence: its parent beside it (云南富民), a zone word after it, a list of places.
- common: the words, plus city short forms whose documents name their province in fewer
  than CITY_SHARE of cases (来宾, 安康), plus two-character forms too rare in the corpus to
  judge that jieba's dictionary lists as frequent verbs, adjectives and the like, plus
  county short forms that are a lake's name (西湖区 → 西湖; 芜湖 is a city first). A common
  form counts as a place when the document names its parents.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import jieba
import rjieba

from search.gazetteer.tables import regions
from search.text.normalise import fold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "search" / "data" / "common_words.json"
MIN_DOCS = 5
WORD_LIFT = 3.0
CITY_SHARE = 0.25
JIEBA_MIN_FREQ = 100
# jieba's tags for words that are not names of anything: its tags for rare place names are
# noisy (钟祥市 nr, 松滋市 n), so nouns do not count.
WORD_TAGS = {"v", "vn", "a", "ad", "an", "d", "c", "p", "i", "l", "b", "f", "s", "t", "m", "z"}


def documents(corpus: Path) -> list[str]:
    """Folded title and text of every xwlb item and government work report."""
    xwlb = corpus / "xwlb" / "xwlb.jsonl.gz"
    reports = sorted((corpus / "gov-reports-2026").glob("*.csv"))
    if not xwlb.is_file() or not reports:
        sys.exit(f"common_words needs {xwlb} and {corpus / 'gov-reports-2026'}")
    docs = []
    with gzip.open(xwlb, "rt", encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            docs.append(fold(f"{item.get('title') or ''}\n{item.get('text') or ''}"))
    csv.field_size_limit(2**31 - 1)
    for path in reports:
        with path.open(encoding="utf-8-sig", newline="") as f:
            docs += [fold(row["full_text"]) for row in csv.DictReader(f)]
    return docs


def jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's dictionary: word → (frequency, part-of-speech tag)."""
    words = {}
    with Path(jieba.__file__).with_name("dict.txt").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


def candidates() -> tuple[dict[str, set[str]], set[str], set[str]]:
    """Forms of cities and counties (not a province's), each with the paths it may stand for:
    short forms and full names alike (老城区 is a word too); the city and county forms."""
    gaz = regions()
    by_form: dict[str, set[str]] = defaultdict(set)
    cities, counties = set(), set()
    for form, readings in gaz.forms.items():
        if any(f.place.level == 1 for f in readings):
            continue
        for reading in readings:
            by_form[form].add(reading.place.path)
            (cities if reading.place.level == 2 else counties).add(form)
    return by_form, cities, counties


def parent_forms(paths: set[str], form: str) -> list[str]:
    """Every written form of the places above these paths."""
    gaz = regions()
    above = {a for p in paths for a in gaz.by_path[p].ancestors[:-1]}
    forms = {f for f, readings in gaz.forms.items() if any(r.place.path in above for r in readings)}
    forms.discard(form)
    return sorted(forms, key=len, reverse=True)


def measure(docs: list[str]) -> dict[str, tuple[int, float, float]]:
    """form → (documents where it stands alone, share of them naming a parent, lift)."""
    by_form, _, _ = candidates()
    cutter = rjieba.Jieba()
    alone: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(docs):
        for word in set(cutter.cut(text, False)) & by_form.keys():
            alone[word].append(i)
    base_rates: dict[tuple[str, ...], float] = {}
    out = {}
    for form, ids in alone.items():
        parents = parent_forms(by_form[form], form)
        if not parents:
            continue
        pattern = re.compile("|".join(map(re.escape, parents)))
        key = tuple(parents)
        if key not in base_rates:
            base_rates[key] = sum(1 for t in docs if pattern.search(t)) / len(docs)
        share = sum(1 for i in ids if pattern.search(docs[i])) / len(ids)
        base = base_rates[key]
        out[form] = (len(ids), share, share / base if base else float("inf"))
    return out


def classify(stats: dict[str, tuple[int, float, float]]) -> dict[str, dict[str, list]]:
    by_form, cities, counties = candidates()
    dictionary = jieba_words()
    word: dict[str, list] = {}
    common: dict[str, list] = {}
    for form in sorted(by_form):
        n, share, lift = stats.get(form, (0, 0.0, 0.0))
        figures = [n, round(share, 3), round(lift, 2)]
        if n >= MIN_DOCS and lift < WORD_LIFT:
            word[form] = common[form] = figures
        elif n >= MIN_DOCS and form in cities and share < CITY_SHARE:
            common[form] = figures
        elif n < MIN_DOCS and form in dictionary and len(form) == 2:
            freq, tag = dictionary[form]
            if freq >= JIEBA_MIN_FREQ and tag in WORD_TAGS:
                common[form] = ["jieba", freq, tag]
        if form not in common and form.endswith("湖") and form in counties:
            common[form] = ["lake"]
    return {"word": word, "common": common}


def main(argv: list[str]) -> None:
    corpus = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "corpus"
    result = classify(measure(documents(corpus)))
    about = (
        "Made by scripts/common_words.py from ../shared/corpus: word = [documents, share "
        "naming a parent, lift]; common adds cities, jieba's frequent non-place words, lakes."
    )
    text = json.dumps({"_about": about, **result}, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(result['word'])} words, {len(result['common'])} common forms")


if __name__ == "__main__":
    main(sys.argv)
