"""Where place names stand in folded text: on word boundaries, and not inside another name.

A form of the gazetteer counts only where it is a word of the text: its start and end fall
on boundaries of jieba's segmentation with jieba's own dictionary (示范县 is one word, so 范县
is not in it; 医保|定点 has no 保定), or it sits right beside another place (江苏南京), or a
place-bound word follows it (北京市委, 丹阳经开区). It does not count when an entity word
follows it (辽宁舰, 贺兰山, 上海电气, 北京大学) or when it is inside a longer word of the
dictionary that is not a place's (昆士兰州, 南京军区).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import rjieba

from search.enrich.abbreviations import find_abbreviations
from search.gazetteer.abbreviations import COMPOUND
from search.gazetteer.tables import Regions
from search.gazetteer.zone_names import SUFFIXES

# Words after a place that belong to the place: its organs, its people, its zones.
ORGAN_WORDS = tuple(
    (
        "委 省委 市委 县委 区委 州委 盟委 旗委 党委 纪委 监委 政府 人民政府 人大 政协 公安 "
        "法院 检察院 代表团 军民 干部 群众 人民 籍 境内 全境 地区 各地 城区 市区 县城 片区 "
        "新区 经济特区 自贸区 自贸片区 自由贸易试验区 自贸试验区 综合试验区 "
        "发改委 商务局 商务厅 统计局 海关 税务 边检"
    ).split()
)
ZONE_WORDS = tuple(s.text for s in SUFFIXES) + (
    *"园区 产业园 工业区 经济区 合作区 示范区 科技园 化工园 软件园 产业集聚区".split(),
)
# A zone's name holding the place (中马钦州产业园区, 中国（上海）自由贸易试验区, 海南自贸港).
ZONE_NAME_AFTER = re.compile(
    r"[)）]?[\u4e00-\u9fff·]{0,6}?(?:"
    + "|".join(sorted(set(ZONE_WORDS), key=len, reverse=True))
    + ")"
)
PLACE_FOLLOWERS = tuple(sorted(set(ORGAN_WORDS) | set(ZONE_WORDS), key=len, reverse=True))
# Words after a place that make the two a name of something else: a ship, a mountain, a
# company, a university, a road, an ethnic group, a spirit (延安精神), an event.
ENTITY_WORDS = tuple(
    sorted(
        (
            "舰 号 山 河 湖 江 陵 岛 道 洋 族 云 机场 国际机场 大学 学院 集团 公司 股份 银行 "
            "证券 电气 汽车 钢铁 石化 卫视 电视台 日报 晚报 报社 出版社 军区 舰队 战区 警备区 "
            "路 街 大街 大道 精神 经验 模式 会议 起义 事变 大屠杀 惨案 条约 合作组织 巴巴 "
            "时间 宣言 共识 港 站 码头 核电 电站 电厂 中学 校区 医院 院区 实验室 研究院 研究所 "
            "基地 商城 古城 水库 湾 发射场 发射中心 卫星发射中心 航天发射场"
        ).split(),
        key=len,
        reverse=True,
    )
)
LEVEL_ENDINGS = tuple("省市县区州盟旗")
NUMBERED = re.compile(r"[0-9一二三四五六七八九十]+号")
TOUR_BEFORE = re.compile(r"(?:来到|走进|深入|前往|先后到|赴)[^。！？\n]{0,6}$")
MOVEMENT_VERBS = frozenset("来进赴抵离返回到入出")
# Where a journey ends (飞机抵达北京, 返回北京): a tour's stop in a tour article, else a
# destination, named and not held.
DESTINATION_BEFORE = re.compile(r"(?:抵达|飞抵|抵|返回|回到|返抵)[^。！？\n，,]{0,2}$")
TOUR_VERBS = "考察|调研|视察|察看|看望|慰问|走访"
TOUR_AFTER = re.compile(rf"[\u4e00-\u9fff]{{0,6}}?(?:{TOUR_VERBS})")
# 来到 / 抵达 make a tour only in an article about one: 飞机抵达北京 is a destination.
TOUR_WORD = re.compile(TOUR_VERBS)
VENUE_BEFORE = ("在", "于")
VENUE_AFTER = re.compile(
    r"[\u4e00-\u9fff·]{0,8}?(?:举行|召开|开幕|闭幕|举办|会见|会谈|会晤|出席|主持|签署|颁奖|接见|"
    r"公布|揭晓|发布)"
)
# A place followed by 一 and a noun: where the story's subject is (四川江油一女民警, 浙江一男子).
CLAUSE_OPENERS = frozenset("，,。：:；;！!？?\n ")
NEXT_WORD = re.compile(r"[\u4e00-\u9fff]{1,4}")
AGENT_TAGS = frozenset({"v", "d", "ad", "vd"})  # a verb or an adverb before one
# (一 as an adverb or in a set phrase does not count: 一体化, 一带一路, 一定, 一直, 一贯...)
SUBJECT_AFTER = re.compile(
    r"[一某](?![体带线样起直致同道定贯般步切些再度向举手律旦边面并味时共])[\u4e00-\u9fff]"
)
# An event's name, its year in it or not (北京2022年冬奥会), and where its parts are held
# (延庆赛区, 北京主场活动, 杭州分会场).
EVENT_AFTER = re.compile(
    r"(?:[0-9]{4}年)?[\u4e00-\u9fff]{0,6}?(?:冬奥会|冬残奥会|奥运会|残奥会|亚运会|大运会|峰会|"
    r"青奥会|全运会|军运会|世运会|学青会|世博会|进博会|服贸会|广交会|消博会|园博会|花博会|"
    r"博览会|论坛|交易会|洽谈会|运动会|展览会|电影节|艺术节|马拉松|赛区|主场活动|主会场|分会场)"
)
# A place set aside (除湖北以外, 除北京外): what the sentence says is of everywhere else.
EXCEPT_AFTER = re.compile(r"[\u4e00-\u9fff、]{0,8}?(?:以外|之外|外)")
# Openers that jieba's dictionary glues to a place: 中共北京市委, 首都北京.
LEFT_OPENERS = ("中共", "首都")
OPENERS = re.compile("|".join(LEFT_OPENERS))
# "10项城市管理职能" is not 项城市: a form starting with a measure word after a number.
MEASURE_WORDS = frozenset("项个家名件次批位座条类种所")
NUMERALS = frozenset("0123456789一二两三四五六七八九十百千万几多")
CJK_NUMERALS = frozenset("一二两三四五六七八九十")
# 引黄济宁, 引江济淮: water diversion projects, where 济 is the verb "to supply".
DIVERSION = re.compile(r"引.$")


@dataclass(frozen=True)
class Match:
    """A place form where it stands in one text, and what stands beside it."""

    form: str
    start: int
    end: int
    zone_after: bool  # a zone word follows (丹阳经开区)
    organ_after: bool  # an organ or place word follows (北京市委, 凉山州境内)
    listed: bool  # in a list with 、 next to another place (句容、扬中、丹徒)
    venue: bool = False  # where a meeting is held (在北京举行), or in an event's name (北京冬奥会)
    toured: bool = False  # where a visit or inspection tour goes (在甘肃考察)
    arrived: bool = False  # where someone comes to (来到张掖): a tour's stop in a tour article
    destination: bool = False  # where a journey ends (抵达北京): held only in a tour article
    place: str | None = None  # the path a one-character abbreviation stands for (沪 in 沪滇)
    subject: bool = False  # the subject's place (四川江油一女民警); see also agent()
    in_zone_name: bool = False  # inside a zone's name (中马钦州产业园区)
    excepted: bool = False  # set aside (除湖北以外): named, not held


@lru_cache(maxsize=1)
def cutter() -> rjieba.Jieba:
    """jieba-rs with jieba's own dictionary only: its words are what a place may not cut."""
    return rjieba.Jieba()


def word_cuts(text: str) -> list[int]:
    """Offsets where jieba's words begin and end, in order."""
    return list(accumulate(map(len, cutter().cut(text, False)), initial=0))


def _form_at(text: str, i: int, gaz: Regions) -> int:
    """Length of the longest form starting at i (0 when none)."""
    for length in gaz.lengths.get(text[i], ()) if i < len(text) else ():
        if i + length <= len(text) and text[i : i + length] in gaz.forms:
            return length
    return 0


def _related(first: str, second: str, gaz: Regions) -> bool:
    """One of the places the second form may be lies inside one the first may be (辽宁沈阳)."""
    outer = {f.place.path for f in gaz.forms[first]}
    return any(set(f.place.ancestors[:-1]) & outer for f in gaz.forms[second])


def _same_province(first: str, second: str, gaz: Regions) -> bool:
    """Every reading of both forms lies in one province."""
    provinces = {f.place.province for f in (*gaz.forms[first], *gaz.forms[second])}
    return len(provinces) == 1


@dataclass
class _Scan:
    text: str
    gaz: Regions
    ordered: list[int]  # word boundaries in order
    cuts: frozenset[int]

    def word_end(self, i: int) -> int:
        """Where the word holding offset i ends."""
        return self.ordered[bisect_right(self.ordered, i)]

    def left_ok(self, start: int, prev_end: int) -> bool:
        return start in self.cuts or start == prev_end or self.text.endswith(LEFT_OPENERS, 0, start)

    def right_ok(self, form: str, end: int) -> bool:
        text = self.text
        if end in self.cuts or end == len(text):
            return True
        if text.startswith(PLACE_FOLLOWERS, end) or text[end] in CJK_NUMERALS:
            return True
        word_start = self.ordered[bisect_right(self.ordered, end) - 1]
        if word_start == end - len(form) and text.endswith(ZONE_WORDS, end, self.word_end(end)):
            return True  # the start of a zone's name jieba knows as one word (武汉东湖新技术开发区)
        # A word of two places (辽宁沈阳), the second inside the first: not 白山黑水, 贺兰山东.
        length = _form_at(text, end, self.gaz)
        return (
            length > 0
            and self.word_end(end) == end + length
            and _related(form, text[end : end + length], self.gaz)
        )

    def entity_after(self, form: str, end: int) -> bool:
        """An entity word follows, longer than any place form starting there (上海合作组织
        is not 上海 + 合作市; 河北山东 is two provinces)."""
        text = self.text
        if not text.startswith(ENTITY_WORDS, end):
            if NUMBERED.match(text, end):
                return True  # 吉林一号: a satellite
            if text[end : end + 2] not in self.gaz.prefixes:
                return False
            # Two places of one province named together before an entity word (宁波舟山港),
            # the second not inside the first (浙江宁波 is a place and its city); a place of
            # another province is a name the first one locates (鄂州雷山医院, 合川太和站).
            length = _form_at(text, end, self.gaz)
            second = text[end : end + length]
            return (
                length > 0
                and text.startswith(ENTITY_WORDS, end + length)
                and not text.endswith(LEVEL_ENDINGS, 0, end + length)
                and not _related(form, second, self.gaz)
                and not _related(second, form, self.gaz)
                and _same_province(form, second, self.gaz)
            )
        entity = next(len(w) for w in ENTITY_WORDS if text.startswith(w, end))
        if (
            entity == 1
            and form.endswith(LEVEL_ENDINGS)
            and any(f.kind == "full" for f in self.gaz.forms[form])
        ):
            # 青岛港, 泰山: a one-character entity word follows a short name; after a full
            # name (南通市港闸区, 某县山区) it starts the next word.
            return False
        return entity > 0 and entity >= _form_at(text, end, self.gaz)


def _town(text: str, end: int, form: str, gaz: Regions) -> bool:
    """A county's short name followed by 镇 or 乡 is a town's name (海棠镇江林村: 海棠镇 is a
    town; 乡村 is a word)."""
    if end >= len(text) or text[end] not in "镇乡" or text.startswith("乡村", end):
        return False
    return all(f.kind == "short" and f.place.level == 3 for f in gaz.forms[form])


def _rejected(text: str, start: int, form: str, gaz: Regions) -> bool:
    if form[0] in MEASURE_WORDS and start > 0 and text[start - 1] in NUMERALS:
        return True
    if _town(text, start + len(form), form, gaz):
        return True
    if (
        form[0] in "镇乡"
        and any(  # 镇江 in 海棠镇江林村: the 镇 is the town's
            _town(text, start, text[start - k : start], gaz)
            for k in (2, 3)
            if start >= k and text[start - k : start] in gaz.forms
        )
    ):
        return True
    return form[0] == "济" and bool(DIVERSION.search(text, max(0, start - 2), start))


def scan(text: str, gaz: Regions) -> list[tuple[int, int]]:
    """Spans of place forms anywhere in a short name (a zone's core), longest first, left to
    right, with no regard to word boundaries: 镇江京口 → 镇江, 京口."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        length = _form_at(text, i, gaz)
        if length and i + length <= n:
            spans.append((i, i + length))
            i += length
        else:
            i += 1
    return spans


def find_matches(text: str, gaz: Regions) -> list[Match]:
    """Place forms of the folded text that stand as words, left to right, longest first."""
    if not text:
        return []
    ordered = word_cuts(text)
    at = _Scan(text, gaz, ordered, frozenset(ordered))
    n = len(text)
    forms, lengths, prefixes = gaz.forms, gaz.lengths, gaz.prefixes
    spans: list[tuple[int, int]] = []
    # A form starts where a word does, right after another place, or after an opener jieba
    # glues to it (中共北京市委): only those offsets are tried.
    starts = sorted(set(ordered[:-1]).union(m.end() for m in OPENERS.finditer(text)))
    prev_end = -1
    for i in starts:
        if i < prev_end:
            continue
        while text[i : i + 2] in prefixes:
            found = 0
            for length in lengths[text[i]]:
                end = i + length
                if end > n:
                    continue
                form = text[i:end]
                if (
                    form in forms
                    and at.left_ok(i, prev_end)
                    and at.right_ok(form, end)
                    and not at.entity_after(form, end)
                    and not _rejected(text, i, form, gaz)
                ):
                    found = end
                    break
            if not found:
                break
            spans.append((i, found))
            prev_end = i = found  # a place may follow right after it (江苏南京)
            if i >= n:
                break
    abbreviated = find_abbreviations(text, at.cuts, spans, gaz)
    if abbreviated:
        spans = sorted([*spans, *abbreviated])
    return [_match(text, k, spans, abbreviated.get(spans[k])) for k in range(len(spans))]


def _match(text: str, k: int, spans: list[tuple[int, int]], place: str | None = None) -> Match:
    start, end = spans[k]
    before = spans[k - 1] if k else None
    after = spans[k + 1] if k + 1 < len(spans) else None
    listed = (before is not None and before[1] == start - 1 and text[start - 1] == "、") or (
        after is not None and after[0] == end + 1 and text[end] == "、"
    )
    toured = bool(TOUR_AFTER.match(text, end))
    destination = bool(DESTINATION_BEFORE.search(text, max(0, start - 4), start)) or (
        place is not None
        and start > 0
        and text[start - 1] in MOVEMENT_VERBS
        and not (end < len(text) and text[end] in COMPOUND)  # 到粤港澳大湾区 is a compound
    )  # 来京述职, 入京水量, 离鄂: where someone or something goes to or comes from
    arrived = destination or bool(TOUR_BEFORE.search(text, max(0, start - 8), start))
    venue = (
        not toured
        and not arrived
        and (
            (text.endswith(VENUE_BEFORE, 0, start) and bool(VENUE_AFTER.match(text, end)))
            or bool(EVENT_AFTER.match(text, end))
        )
    )
    return Match(
        form=text[start:end],
        start=start,
        end=end,
        zone_after=text.startswith(ZONE_WORDS, end),
        organ_after=text.startswith(ORGAN_WORDS, end),
        listed=listed,
        venue=venue,
        toured=toured,
        arrived=arrived,
        destination=destination,
        place=place,
        subject=bool(SUBJECT_AFTER.match(text, end)),
        in_zone_name=bool(ZONE_NAME_AFTER.match(text, end)),
        excepted=text.endswith("除", 0, start) and bool(EXCEPT_AFTER.match(text, end)),
    )


def agent(text: str, start: int, end: int) -> bool:
    """The place (or chain of places, 江苏南京) at start:end opens a clause and a verb follows:
    it is the clause's subject (国庆临近，北京市开启景观照明; 湖北省积极推进…), not a place
    the clause is in (在南京创作)."""
    if start and text[start - 1] not in CLAUSE_OPENERS:
        return False
    after = NEXT_WORD.match(text, end)
    if after is None:
        return False
    tags = cutter().tag(after.group(), False)
    return bool(tags) and tags[0][1] in AGENT_TAGS
