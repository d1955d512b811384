"""Derive search/data/regions.json, zones.json, zone_facts.json and industries.json from
../shared/data.

Run from the project root: `.venv/bin/python scripts/build_gazetteers.py [SHARED_DATA_DIR]`.
The outputs are committed, so the package works without ../shared.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import rjieba

from search.text.normalise import fold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "search" / "data"

ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 拉祜 水 "
    "东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 "
    "乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
}
UNDER_PROVINCE = {"省直辖县级行政区划", "自治区直辖县级行政区划"}
UNDER_MUNICIPALITY = {"市辖区", "县"}
# Administrative endings, longest first: a short form drops the longest one that leaves at
# least two characters (峰峰矿区 → 峰峰, 清新区 → 清新, 浦东新区 → 浦东).
ADMIN_SUFFIXES = (
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "矿区",
    "新区",
    "盟",
    "市",
    "县",
    "区",
    "旗",
)
# Names news text uses that the NBS list does not derive. The national new areas that are
# not one district of the list are places of their own under the city that runs them;
# the others are another name of the district or city they coincide with.
NEW_AREAS = {
    "两江新区": "重庆市",
    "兰州新区": "甘肃省/兰州市",
    "西咸新区": "陕西省/西安市",
    "贵安新区": "贵州省/贵阳市",
    "金普新区": "辽宁省/大连市",
    "天府新区": "四川省/成都市",
    "湘江新区": "湖南省/长沙市",
    "江北新区": "江苏省/南京市",
    "福州新区": "福建省/福州市",
    "滇中新区": "云南省/昆明市",
    "哈尔滨新区": "黑龙江省/哈尔滨市",
    "长春新区": "吉林省/长春市",
    "赣江新区": "江西省/南昌市",
    "雄安新区": "河北省/保定市",
}
NEW_AREA_SHORT = {"雄安新区": "雄安", "贵安新区": "贵安", "西咸新区": "西咸"}
ALIASES = {
    "南沙新区": "广东省/广州市/南沙区",
    "西海岸新区": "山东省/青岛市/黄岛区",
    "青岛西海岸新区": "山东省/青岛市/黄岛区",
    "舟山群岛新区": "浙江省/舟山市",
    "杨凌": "陕西省/咸阳市/杨陵区",
    "杨凌示范区": "陕西省/咸阳市/杨陵区",
    "神农架": "湖北省/神农架林区",
    "内蒙": "内蒙古自治区",
}


# Divisions merged or renamed before 2022, as the division that holds them now (RULES.md §1.1:
# 港闸区, merged in 2020, is 崇川区; 襄樊 is 襄阳). Full names, and the short forms that are no
# ordinary word or other name (not 崇文, 宣武, 大港, 江东, 下关: gates, a port, an idiom, 大理's).
FORMER = {
    "港闸区": "江苏省/南通市/崇川区",
    "港闸": "江苏省/南通市/崇川区",
    "襄樊市": "湖北省/襄阳市",
    "襄樊": "湖北省/襄阳市",
    "闸北区": "上海市/静安区",
    "闸北": "上海市/静安区",
    "卢湾区": "上海市/黄浦区",
    "卢湾": "上海市/黄浦区",
    "南汇区": "上海市/浦东新区",
    "南汇": "上海市/浦东新区",
    "崇文区": "北京市/东城区",
    "宣武区": "北京市/西城区",
    "塘沽区": "天津市/滨海新区",
    "塘沽": "天津市/滨海新区",
    "汉沽区": "天津市/滨海新区",
    "汉沽": "天津市/滨海新区",
    "大港区": "天津市/滨海新区",
    "白下区": "江苏省/南京市/秦淮区",
    "下关区": "江苏省/南京市/鼓楼区",
    "沧浪区": "江苏省/苏州市/姑苏区",
    "平江区": "江苏省/苏州市/姑苏区",
    "金阊区": "江苏省/苏州市/姑苏区",
    "金阊": "江苏省/苏州市/姑苏区",
    "萝岗区": "广东省/广州市/黄埔区",
    "萝岗": "广东省/广州市/黄埔区",
    "江东区": "浙江省/宁波市/鄞州区",
    "清浦区": "江苏省/淮安市/清江浦区",
    "楚州区": "江苏省/淮安市/淮安区",
    "楚州": "江苏省/淮安市/淮安区",
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def strip_ethnic(stem: str) -> str:
    """'恩施土家族苗族' → '恩施'; '博尔塔拉蒙古' → '博尔塔拉'; '龙胜各族' → '龙胜'."""
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
    # 鄂温克族自治旗, 东乡族自治县: the stem is the people's name; the place drops 族.
    return stem[:-1] if stem.endswith("族") and len(stem) >= 3 else stem


def short_form(name: str, level: int) -> str | None:
    """The name without its administrative ending, when at least two characters remain."""
    if level == 1:
        short = PROVINCE_SHORT.get(name) or re.sub(r"(省|市)$", "", name)
        return short if short != name else None
    for suffix in ADMIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            if suffix.startswith("自治") or "族" in short:
                short = strip_ethnic(short)
            return short if len(short) >= 2 else None
    return None


def extra_forms(entries: list[list]) -> list[list[str]]:
    """[form, path, kind] for the forms a place's name and short form do not give: keys
    folded like the text (乾县 → 干县), X州 / X县 / X旗 for autonomous places (凉山州,
    长阳县), the national new areas, other names in common use and former divisions."""
    forms: list[list[str]] = []
    for path, _level, name, short in entries:
        for written, kind in ((name, "full"), (short, "short")):
            if written and fold(written) != written:
                forms.append([fold(written), path, kind])
        for ending, usual in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗")):
            if short and name.endswith(ending) and short + usual != name:
                forms.append([fold(short + usual), path, "full"])
    forms += [[fold(alias), path, "full"] for alias, path in {**ALIASES, **FORMER}.items()]
    return forms


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
    for name, parent in NEW_AREAS.items():
        entries.append([f"{parent}/{name}", 2 if "/" not in parent else 3, name, ""])
        if name in NEW_AREA_SHORT:
            entries[-1][3] = NEW_AREA_SHORT[name]
    for e in entries:
        e[3] = e[3] or ""
    return {"entries": entries, "forms": extra_forms(entries)}


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
            row = [name, level, type_, province, city or ""]
            if fold(name) != name:  # 中德（沈阳）...: matched as the text is folded
                row.append(fold(name))
            rows.append(row)
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


def build_industries(src: Path) -> list[str]:
    """The words of the national catalogue's 主导产业 (leading industries) column: what a
    park's name is made of when it names a category, not a zone (新材料产业园)."""
    cutter = rjieba.Jieba()
    words: set[str] = set()
    for r in read_csv(src / "devzones_national_2018.csv"):
        for item in re.split(r"[、，,;；/ ]", r.get("主导产业", "")):
            item = fold(item.strip())
            if len(item) >= 2:
                words.add(item)
                words.update(w for w in cutter.cut(item, False) if len(w) >= 2)
    return sorted(words)


def main(argv: list[str]) -> None:
    shared = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared" / "data"
    regions = build_regions(shared / "admin-divisions")
    zones = build_zones(shared / "devzones", regions["entries"])
    facts = build_zone_facts(shared / "devzones")
    industries = {"industries": build_industries(shared / "devzones")}
    OUT.mkdir(parents=True, exist_ok=True)
    outputs = (
        ("regions.json", regions),
        ("zones.json", zones),
        ("zone_facts.json", facts),
        ("industries.json", industries),
    )
    for name, data in outputs:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        (OUT / name).write_text(text + "\n", encoding="utf-8")
        print(f"{name}: {len(text.encode())} bytes")


if __name__ == "__main__":
    main(sys.argv)
