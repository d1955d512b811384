"""One-character place abbreviations where they plainly stand for a place (RULES.md §1.1).

- A compound of abbreviations that is a word of its own (its ends on jieba's cuts):
  京津冀, 粤港澳, 沪苏浙 whatever follows; a pair (沪滇, 闽宁, 川渝) only with a word of
  relation or region after it (沪滇协作, 川渝地区, 鲁豫两省), since many pairs are ordinary
  words (苏宁, 青云, 藏青). Names of lines and corridors are no mention (京沪高铁, 川藏铁路).
- After a verb or preposition of place or movement, the abbreviation standing alone
  (来|沪, 赴|渝, 离|鄂) or in jieba's word for the phrase (在京举行, 抵京, 进京), followed by
  a word (离鄂通道, 出川通道 name the place too) and not by a place name.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from search.gazetteer.abbreviations import AFTER_VERB, COMPOUND
from search.gazetteer.tables import Regions

PLACE_VERBS = frozenset("在来进赴抵离返回驻到入出")
LINE_AFTER = tuple("高铁 铁路 高速 公路 城际 线 走廊 通道 运河 航线 管道 直流 特高压 段".split())
CORRIDOR = re.compile(r"[\u4e00-\u9fff]{0,12}?(?:走廊|廊道|大通道)")
# After the abbreviation of a verb phrase, a word of the text, not the rest of a name that
# jieba cut into single characters (在|甘|其|毛|都 is the port 甘其毛都; 在|筑|牢 is a verb).
PHRASE_NEXT = frozenset("和与及、等") | PLACE_VERBS
# A run of compound characters; a verb of place and the character after it.
RUN = re.compile("[" + "".join(COMPOUND) + "]{2,}")
AFTER_A_VERB = re.compile(
    "[" + "".join(sorted(PLACE_VERBS)) + "][" + "".join(sorted(AFTER_VERB)) + "]"
)
RELATION_AFTER = tuple(
    sorted(
        (
            "协作 合作 协同 一体化 对口 帮扶 扶贫 地区 区域 两省 两地 两市 两省市 两省区 "
            "三省 三地 交界 边界 毗邻 共建 联动 携手 大湾区 之间 经济协作 经济合作"
        ).split(),
        key=len,
        reverse=True,
    )
)


def _line(text: str, end: int) -> bool:
    """A line or a corridor is named: 京沪高铁, 川藏铁路, 豫皖苏浙大宗商品骨干流通走廊."""
    return text.startswith(LINE_AFTER, end) or bool(CORRIDOR.match(text, end))


def _compound_ok(text: str, start: int, end: int, cuts: frozenset[int], gaz: Regions) -> bool:
    run = text[start:end]
    if start not in cuts or end not in cuts or run in gaz.forms or _line(text, end):
        return False
    if not any(COMPOUND[c] for c in run):
        return False  # 港澳: no place of the gazetteer
    return len(run) > 2 or text.startswith(RELATION_AFTER, end)


def _word_next(text: str, at: int, cuts: frozenset[int]) -> bool:
    """What follows is a word of two characters or more, punctuation, or a joining word."""
    if at >= len(text) or not "\u4e00" <= text[at] <= "\u9fff" or text[at] in PHRASE_NEXT:
        return True
    return at + 1 not in cuts


def _place_next(text: str, at: int, gaz: Regions) -> bool:
    """A place name follows, not one that is mostly a word (同心, 通道): the character is
    part of a longer name (在苏梅州 is Sumy)."""
    lengths = gaz.lengths.get(text[at], ()) if at < len(text) else ()
    return any(
        text[at : at + n] in gaz.forms and text[at : at + n] not in gaz.common for n in lengths
    )


def find_abbreviations(
    text: str, cuts: frozenset[int], taken: list[tuple[int, int]], gaz: Regions
) -> dict[tuple[int, int], str]:
    """Spans of one-character abbreviations standing for a place, with the place's path;
    none inside the spans already taken by place names (taken: in order, not overlapping)."""
    found: dict[tuple[int, int], str] = {}
    ends = [e for _, e in taken]

    def free(i: int, j: int) -> bool:
        k = bisect_right(ends, i)  # the first place name ending after i
        return k == len(taken) or taken[k][0] >= j

    compounds = set()
    for m in RUN.finditer(text):
        i, j = m.span()
        compounds.update(range(i, j))
        if free(i, j) and _compound_ok(text, i, j, cuts, gaz):
            for at in range(i, j):
                path = COMPOUND[text[at]]
                if path is not None:
                    found[(at, at + 1)] = path
    for m in AFTER_A_VERB.finditer(text):
        verb, i = m.start(), m.start() + 1
        if i in compounds or not free(i, i + 1) or verb not in cuts:
            continue
        alone = i in cuts and i + 1 in cuts and _word_next(text, i + 1, cuts)
        phrase = i not in cuts  # 在京举行, 抵京: one word of jieba's
        if (alone or phrase) and not _place_next(text, i + 1, gaz):
            found[(i, i + 1)] = AFTER_VERB[text[i]]
    return found
