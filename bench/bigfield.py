"""One huge record field against the record cap (issue 14, finding 6).

    python -m bench.bigfield [--mb 100] [--rows 20]

Writes a CSV of --rows ordinary rows and one whose text field holds --mb MB, runs
`zonesearch rebuild` on it in a fresh process and prints its wall time, its peak RSS and
what the report says (indexed, skipped and why).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "bigfield"
TEXT = "苏州工业园区今年新签约项目三十个，总投资一百亿元。园区聚焦生物医药和纳米技术产业。"


def _prose(chars: int) -> str:
    """chars of varied sentences (a repeated one would be dropped as boilerplate)."""
    rng = random.Random(5)
    pool = sorted(set(TEXT) - set("，。"))
    words = ["".join(rng.choices(pool, k=rng.randint(2, 4))) for _ in range(5000)]
    out, n = [], 0
    while n < chars:
        sentence = "".join(rng.choices(words, k=rng.randint(6, 14))) + rng.choice("，。。")
        out.append(sentence)
        n += len(sentence)
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--rows", type=int, default=20)
    args = parser.parse_args()
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    data = OUT / "big.csv"
    with data.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "title", "text"])
        for i in range(args.rows):
            out.writerow([f"r{i}", f"园区新闻{i}", f"{TEXT}第{i}条。" * 5])
        huge = _prose(args.mb * 1024 * 1024 // 3)
        out.writerow(["huge", "大字段", huge])
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", "from search.cli.main import main; main()", "rebuild", str(data),
         "--index", str(OUT / "ix"), "--workers", "0", "--json"],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.monotonic() - began
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    try:
        report = json.loads(done.stdout)
        said = {k: report.get(k) for k in ("indexed", "skipped")}
    except ValueError:
        said = {"stdout": done.stdout[-300:], "stderr": done.stderr[-300:]}
    print(json.dumps({"field_mb": args.mb, "seconds": round(seconds, 1), "exit": done.returncode,
                      "peak_rss_mb": round(rss_mb), **said}, ensure_ascii=False))  # fmt: skip


if __name__ == "__main__":
    main()
