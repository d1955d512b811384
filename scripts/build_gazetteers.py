"""Derive search/data/regions.json, zones.json and zone_facts.json from ../shared/data.

Run from the project root: `.venv/bin/python scripts/build_gazetteers.py [SHARED_DATA_DIR]`.
The outputs are committed, so the package works without ../shared.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import jieba

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "search" / "data"

ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
    "乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
# Short forms that read as ordinary words (or ordinary place words) in news text and that
# jieba's frequency list does not flag: they are only taken with support from context.
MANUAL_COMMON = set(
    "中山 南海 长安 朝阳 滨海 山南 新城 城关 城中 城东 城西 城南 城北 市中 市南 市北 河东 河西 "
    "江北 江南 江东 海东 海西 海北 兴安 阿里 宁德 承德 开发 高新 新区 东方 和平 光明 永安 "
    "普陀 宝山 南山 北海 白山 东山 西山 南山 青山 金山 铁山 平山 太平 长宁 新市 龙华 龙岗 "
    "华龙 新华 新兴 大兴 大同 长治 安康 来宾 日照 白银 阜新 南开 红旗 胜利 前进 向阳 "
    "开封 高明 吉利 "
    "东港 西湖 上城 下城 鼓楼 台江 仓山 思明 湖里 集美 海沧 同安 翔安 龙湖 金平".split()
)
PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
}
UNDER_PROVINCE = {"省直辖县级行政区划", "自治区直辖县级行政区划"}
UNDER_MUNICIPALITY = {"市辖区", "县"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def strip_ethnic(stem: str) -> str:
    """'恩施土家族苗族' → '恩施'; '博尔塔拉蒙古' → '博尔塔拉'."""
    changed = True
    while changed:
        changed = False
        for e in sorted(ETHNIC, key=len, reverse=True):
            for tail in (e + "族", e if len(e) > 1 else None):
                if tail and stem.endswith(tail) and len(stem) - len(tail) >= 2:
                    stem = stem[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_form(name: str, level: int) -> str | None:
    """The name without its administrative suffix, when at least two characters remain."""
    if level == 1:
        short = PROVINCE_SHORT.get(name) or re.sub(r"(省|市)$", "", name)
    else:
        m = re.match(r"^(.+?)(自治州|自治县|自治旗|地区|林区|特区|盟|市|县|区|旗)$", name)
        if not m:
            return None
        short = m.group(1)
        if m.group(2).startswith("自治"):
            short = strip_ethnic(short)
    return short if len(short) >= 2 and short != name else None


# jieba's part-of-speech tags for words that are not names (verbs, adjectives, adverbs...).
# Its tags are noisy for real places (大连 is tagged d), so this only flags county short forms.
NON_NAME_TAGS = {"v", "vn", "a", "ad", "an", "d", "c", "p", "b", "s", "nz", "t", "i", "l", "m"}


def jieba_common() -> set[str]:
    """Frequent words jieba tags as non-names (光明, 新兴, 比如, 合作...)."""
    path = Path(jieba.__file__).with_name("dict.txt")
    common = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] in NON_NAME_TAGS and int(parts[1]) >= 100:
                common.add(parts[0])
    return common


def build_regions(src: Path) -> dict:
    provinces = {r["code"]: r["name"] for r in read_csv(src / "provinces.csv")}
    cities = {r["code"]: (r["name"], r["provinceCode"]) for r in read_csv(src / "cities.csv")}
    entries: list[list] = []  # [path, level, full name, short form or ""]
    for name in provinces.values():
        entries.append([name, 1, name, short_form(name, 1) or ""])
    city_path: dict[str, str | None] = {}
    for code, (name, pcode) in cities.items():
        if name in UNDER_MUNICIPALITY:
            city_path[code] = provinces[pcode]
        elif name in UNDER_PROVINCE:
            city_path[code] = None  # its counties are listed as cities
        else:
            path = f"{provinces[pcode]}/{name}"
            city_path[code] = path
            entries.append([path, 2, name, short_form(name, 2) or ""])
    for r in read_csv(src / "areas.csv"):
        if r["code"][4] == "7":  # NBS 7x codes are development zones, not counties
            continue
        parent = city_path[r["cityCode"]]
        name = r["name"]
        if parent is None:
            entries.append([f"{provinces[r['provinceCode']]}/{name}", 2, name, short_form(name, 2)])
        else:
            entries.append([f"{parent}/{name}", 3, name, short_form(name, 3) or ""])
    for e in entries:
        e[3] = e[3] or ""
    jc = jieba_common()
    county_shorts = {e[3] for e in entries if e[1] == 3 and e[3]}
    forms = {e[2] for e in entries} | {e[3] for e in entries if e[3]}
    common = sorted(
        f
        for f in forms
        if f in MANUAL_COMMON
        or (f in jc and f in county_shorts)
        or (len(f) == 2 and f.endswith("区"))
    )
    return {"entries": entries, "common": common}


def zone_city(province: str, locality: str, entries: list[list]) -> str | None:
    """The prefecture city of a catalogue locality such as '涟水' or '镇江京口'."""
    locality = re.sub(r"^(省|自治区)", "", locality)
    best: tuple[int, str] | None = None
    for path, level, name, short in entries:
        if level == 1 or not path.startswith(province + "/"):
            continue
        for form in (name, short):
            if form and locality.startswith(form) and (best is None or len(form) > best[0]):
                best = (len(form), path)
    if best is None:
        return None
    parts = best[1].split("/")
    return parts[1] if len(parts) > 1 and parts[0] != parts[1] else None


def build_zones(src: Path, entries: list[list]) -> list[list]:
    rows = []
    files = (("devzones_national_2018.csv", "国家级"), ("devzones_provincial_2018.csv", "省级"))
    for fname, level in files:
        for r in read_csv(src / fname):
            province = r["省份"].strip()
            locality = r["城市/区县"].strip()
            city = zone_city(province, locality, entries)
            if city and province in {"北京市", "天津市", "上海市", "重庆市"}:
                city = None
            name, type_ = r["开发区名称"].strip(), r["开发区类型"].strip()
            # "喀什经济开发区（含新疆生产建设兵团片区）": the name is what precedes the note.
            name = re.sub(r"[（(][^）)]*[）)]$", "", name)
            rows.append([name, level, type_, province, city or ""])
    return rows


def build_zone_facts(src: Path) -> dict[str, list]:
    """Per canonical zone name: [code, approval months], national zones also [area in ha,
    industries]. The approving body is the level's (国务院 for national, 省政府 for provincial
    in every row), so it is not repeated. Kept apart from zones.json (what matching reads)
    because only the zone page shows them.
    """
    facts: dict[str, list] = {}
    for fname in ("devzones_national_2018.csv", "devzones_provincial_2018.csv"):
        for r in read_csv(src / fname):
            name = re.sub(r"[（(][^）)]*[）)]$", "", r["开发区名称"].strip())
            # '1994.08'; '2000.04/2002.12' for a zone approved in parts
            months = "/".join(
                m.replace(".", "-") for m in re.findall(r"\d{4}\.\d{2}", r["批准时间"])
            )
            row: list = [r["代码"].strip(), months]
            area = (r.get("核准面积_公顷") or "").strip()
            if area or (r.get("主导产业") or "").strip():
                row += [float(area) if area else None, (r.get("主导产业") or "").strip()]
            facts.setdefault(name, row)
    return facts


def main(argv: list[str]) -> None:
    shared = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data"
    regions = build_regions(shared / "admin-divisions")
    zones = build_zones(shared / "devzones", regions["entries"])
    facts = build_zone_facts(shared / "devzones")
    OUT.mkdir(parents=True, exist_ok=True)
    outputs = (("regions.json", regions), ("zones.json", zones), ("zone_facts.json", facts))
    for name, data in outputs:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        (OUT / name).write_text(text + "\n", encoding="utf-8")
        print(f"{name}: {len(text.encode())} bytes")


if __name__ == "__main__":
    main(sys.argv)
