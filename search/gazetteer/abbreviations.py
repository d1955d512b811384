"""One-character abbreviations of provinces and of a few cities (京 北京, 粤 广东, 穗 广州).

They name a place only in two settings (bench/facets/RULES.md §1.1): inside a compound of
such characters (京津冀, 沪滇协作, 粤港澳) and after a verb or preposition of place or movement
(在京举行, 来沪, 赴渝, 离鄂). Hong Kong, Macao and Taiwan (港 澳 台) join compounds but are
outside the gazetteer.
"""

from __future__ import annotations

PROVINCES: dict[str, str] = {
    "京": "北京市",
    "津": "天津市",
    "沪": "上海市",
    "渝": "重庆市",
    "冀": "河北省",
    "晋": "山西省",
    "蒙": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "川": "四川省",
    "蜀": "四川省",
    "黔": "贵州省",
    "贵": "贵州省",
    "滇": "云南省",
    "云": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "秦": "陕西省",
    "甘": "甘肃省",
    "陇": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}
CITIES: dict[str, str] = {
    "穗": "广东省/广州市",
    "榕": "福建省/福州市",
    "蓉": "四川省/成都市",
    "甬": "浙江省/宁波市",
    "邕": "广西壮族自治区/南宁市",
    "筑": "贵州省/贵阳市",
}
# Outside the gazetteer, but members of compounds (粤港澳, 闽台).
OUTSIDE = frozenset("港澳台")
# In a compound: every abbreviation above.
COMPOUND: dict[str, str | None] = {**PROVINCES, **CITIES, **dict.fromkeys(OUTSIDE)}
# After a verb of place: the characters that do not start ordinary words there too often
# (在新的起点, 在云端, 在青年, 在黑暗中, 在宁静 are no places); 汉 is 武汉 (离汉离鄂).
AFTER_VERB: dict[str, str] = {
    **{c: p for c, p in PROVINCES.items() if c not in "新云青黑吉宁秦蒙贵晋"},
    **CITIES,
    "汉": "湖北省/武汉市",
}
