"""Extraction accuracy: zonesearch (this tree and today's pinned code) beside trafilatura,
readability-lxml (+htmldate for the date) and GNE, scored alike on the labelled saved pages,
and the government work reports' titles.

    python -m bench.extract.score [--baseline COMMIT] [--no-open] [--json OUT]

Labels: bench/extract/labels.json, by the rule in bench/extract/RULES.md. The pages and the
reports are read from ../shared at run time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path
from statistics import mean

from bench.extract import trees
from bench.extract.extractors import OPEN_EXTRACTORS
from bench.extract.labels import GOV_REPORTS, NEWS_HTML, Label, load, norm
from bench.extract.metrics import Checks, Output, check

csv.field_size_limit(2**31 - 1)
FIELDS = ("all five", "title", "date", "first", "last", "clean")


def template_labels(labels: list[Label], per_template: int, into: Path) -> list[Label]:
    """Labels for the template pages: each saved page's markup around a real news item, whose
    title and paragraphs are the truth; its date and the boilerplate still on it, the page's."""
    from dataclasses import replace

    from bench.extract import templates
    from bench.extract.pagetext import page_lines

    articles = [label for label in labels if label.kind == "article"]
    items = templates.news_items(len(articles) * per_template)
    made = []
    for i, label in enumerate(articles):
        for j in range(per_template):
            item = items[i * per_template + j]
            html = templates.fill(label, item)
            if html is None:
                continue
            name = f"{label.page}#{j}"
            path = into / f"{i:02d}-{j}.html"
            path.write_text(html, "utf-8")
            shown = norm("\n".join(page_lines(html)))
            paragraphs = [p.strip() for p in item["text"].split("\n") if p.strip()]
            kept = tuple(
                b
                for b in label.boilerplate
                if norm(b) in shown and norm(b) not in norm(item["text"])
            )
            made.append(
                replace(
                    label,
                    page=name,
                    html=html,
                    title=item["title"],
                    first=(paragraphs[0],),
                    last=paragraphs[-1],
                    boilerplate=kept,
                    main="\n".join(paragraphs),
                    path=str(path),
                )
            )
    return made


def zonesearch_outputs(tree: trees.Tree, labels: list[Label]) -> dict[str, Output]:
    paths = [label.path or str(NEWS_HTML / label.page) for label in labels]
    rows = trees.run(tree, "extract", paths)
    out = {}
    for label, row in zip(labels, rows, strict=True):
        if "refused" in row:
            out[label.page] = Output(refused=row["refused"].startswith("not an article"))
        else:
            out[label.page] = Output(row["title"], row["date"], row["body"] or "")
    return out


def summary(labels: list[Label], outputs: dict[str, Output]) -> dict:
    articles = [label for label in labels if label.kind == "article"]
    checks: dict[str, Checks] = {a.page: check(a, outputs[a.page]) for a in articles}
    lists = [label for label in labels if label.kind == "list"]
    return {
        "all five": sum(c.all_five for c in checks.values()),
        "title": sum(c.title for c in checks.values()),
        "date": sum(c.date for c in checks.values()),
        "first": sum(c.first for c in checks.values()),
        "last": sum(c.last for c in checks.values()),
        "clean": sum(c.clean for c in checks.values()),
        "body F1": round(mean(c.f1 for c in checks.values()), 3),
        "list pages refused": sum(outputs[p.page].refused for p in lists),
        "articles": len(articles),
        "lists": len(lists),
        "pages": {
            page: {
                **{k: getattr(c, k) for k in ("title", "date", "first", "last", "clean")},
                "f1": round(c.f1, 3),
            }
            for page, c in checks.items()
        },
    }


def print_table(results: dict[str, dict], heading: str) -> None:
    any_result = next(iter(results.values()))
    n, lists = any_result["articles"], any_result["lists"]
    print(f"\n{heading.format(n=n, lists=lists)}")
    head = f"{'extractor':<24}" + "".join(f"{f:>9}" for f in FIELDS) + f"{'body F1':>9}{'lists':>7}"
    print(head)
    for name, r in results.items():
        cells = "".join(f"{r[f]:>9}" for f in FIELDS)
        print(f"{name:<24}{cells}{r['body F1']:>9.3f}{r['list pages refused']:>4}/{lists}")


def gov_report_files(into: Path) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """(province, title) of each report, and its text written as UTF-8, GB18030, Big5 (in
    traditional characters, as a Taiwan or Hong Kong mirror would hold it) and HTML."""
    from search.text.normalise import to_traditional

    truth: list[tuple[str, str]] = []
    files: dict[str, list[str]] = {
        "text utf-8": [],
        "text gb18030": [],
        "text big5": [],
        "html utf-8": [],
    }
    for path in sorted(GOV_REPORTS.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                i = len(truth)
                truth.append((row["province"], row["title"]))
                text = row["full_text"]
                (into / f"{i}.u8.txt").write_bytes(text.encode("utf-8"))
                (into / f"{i}.gb.txt").write_bytes(text.encode("gb18030"))
                big5 = to_traditional(text).encode("big5hkscs", errors="replace")
                (into / f"{i}.b5.txt").write_bytes(big5)
                body = "".join(f"<p>{line}</p>\n" for line in text.split("\n") if line.strip())
                page = (
                    "<html><head><meta charset=utf-8>"
                    f"<title>{row['title']}_{row['province']}人民政府门户网站</title></head>"
                )
                (into / f"{i}.html").write_text(f"{page}<body>{body}</body></html>", "utf-8")
                files["text utf-8"].append(str(into / f"{i}.u8.txt"))
                files["text gb18030"].append(str(into / f"{i}.gb.txt"))
                files["text big5"].append(str(into / f"{i}.b5.txt"))
                files["html utf-8"].append(str(into / f"{i}.html"))
    return truth, files


def gov_title_right(got: str | None, want: str, text_lines: set[str]) -> bool:
    """RULES.md: the CSV title, or the report's own headline line that the CSV title ends with
    (compared in simplified characters: the Big5 copies are traditional)."""
    from search.text.normalise import to_simplified

    if not got:
        return False
    got = to_simplified(got)
    if norm(got) == norm(want):
        return True
    headline = norm(got) in text_lines and norm(want).endswith(norm(got))
    return headline and norm(want) not in text_lines


def gov_reports(tree_list: list[trees.Tree], tmp: Path) -> dict[str, dict[str, int]]:
    truth, files = gov_report_files(tmp)
    lines_of = []
    for i in range(len(truth)):
        text = (tmp / f"{i}.u8.txt").read_text("utf-8")
        lines_of.append({norm(line) for line in text.split("\n")})
    out: dict[str, dict[str, int]] = {}
    for tree in tree_list:
        out[tree.label] = {}
        for variant, paths in files.items():
            rows = trees.run(tree, "extract" if variant.startswith("html") else "text", paths)
            right = [
                gov_title_right(row.get("title"), want, lines_of[i])
                for i, (row, (_, want)) in enumerate(zip(rows, truth, strict=True))
            ]
            out[tree.label][variant] = sum(right)
            out[tree.label][variant + " wrong"] = [
                f"{truth[i][0]}: {rows[i].get('title')!r}" for i, ok in enumerate(right) if not ok
            ]
    out["_n"] = {"reports": len(truth)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=trees.BASELINE_COMMIT, help="commit of today's code")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-open", action="store_true", help="skip the open extractors")
    parser.add_argument("--json", type=Path, help="write every figure and verdict here")
    parser.add_argument(
        "--per-template", type=int, default=2, help="news items per template page (0: none)"
    )
    args = parser.parse_args(argv)
    for needed in (NEWS_HTML, GOV_REPORTS):
        if not needed.is_dir():
            print(f"missing {needed}: the scorer reads it from ../shared", file=sys.stderr)
            return 1
    labels = load()
    results: dict[str, dict] = {}
    on_templates: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="zs-score-") as tmp:
        tree_list = [trees.working_tree()]
        if not args.no_baseline:
            tree_list.append(trees.exported(args.baseline, Path(tmp)))
        made = template_labels(labels, args.per_template, Path(tmp)) if args.per_template else []
        for name, extract in [(t.label, t) for t in tree_list] + (
            [] if args.no_open else list(OPEN_EXTRACTORS.items())
        ):
            for group, into in ((labels, results), (made, on_templates)):
                if not group:
                    continue
                if isinstance(extract, trees.Tree):
                    outputs = zonesearch_outputs(extract, group)
                else:
                    outputs = {label.page: extract(label.html) for label in group}
                into[name] = summary(group, outputs)
        reports_dir = Path(tmp) / "reports"
        reports_dir.mkdir()
        gov = gov_reports(tree_list, reports_dir)
    print_table(results, f"{{n}} labelled article pages of {NEWS_HTML} (+{{lists}} list pages)")
    if on_templates:
        print_table(
            on_templates,
            "{n} template pages: the saved pages' markup around real news items (xwlb), the"
            " item's title and text as truth",
        )
    print(
        "dates: each extractor's own; readability-lxml gives none, so its column uses htmldate."
        " 'lists': list pages answered 'not an article' (only zonesearch has that answer)."
    )
    n = gov.pop("_n")["reports"]
    print(f"\n{n} government work reports of {GOV_REPORTS}: title right")
    for label, by_variant in gov.items():
        cells = "  ".join(f"{v}: {c}/{n}" for v, c in by_variant.items() if not v.endswith("wrong"))
        print(f"{label:<24}{cells}")
        for v, wrong in by_variant.items():
            if v.endswith("wrong") and wrong:
                print(f"{'':<24}{v}: {'; '.join(wrong)}")
    if args.json:
        figures = {"pages": results, "templates": on_templates, "gov": gov}
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
