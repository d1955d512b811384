"""Lines that are never the story: original-title notes, disclaimers, calls to action, player
placeholders, and the credit lines (作者：/编辑：/记者 …) that sit at the story's edges."""

from __future__ import annotations

import re

from search.extract.cues import SENTENCE_PUNCT, alt, simplified

_ORIGINAL_TITLE = re.compile(r"^[(（【\[]?\s*(?:本文)?原(?:标)?题(?:为)?\s*[:：《]")
_DISCLAIMER = re.compile(
    alt("本文仅代表", "仅代表作者", "仅代表该机构", "免责声明", "特别声明", "版权声明")
    + "|不代表.{0,16}(?:观点|立场)|未经.{0,8}(?:许可|授权|允许|同意).{0,6}(?:转载|使用|复制)"
    + "|转载请(?:注明|联系|务必)|版权归.{0,24}所有|如有侵权|联系.{0,6}删除"
    + "|本文(?:为|系).{0,30}(?:原创|独家|授权)|本文来自.{0,30}(?:客户端|自媒体|APP|App|app)"
    + "|^(?:本文|文章)?转(?:自|载自)[:：]?|^声明[:：]"
)
_CALL_TO_ACTION = re.compile(
    "(?:下载|安装).{0,12}(?:客户端|APP|App|app)|扫(?:描|一扫|码).{0,10}(?:二维码|关注|下载|阅读)"
    "|关注.{0,12}(?:公众号|微信号|官方微信|微博)|长按(?:识别|二维码)|点击(?:进入|查看|阅读|下载|关注|这里)"
    '|欢迎(?:关注|订阅|转发)|点[赞个]?[“"【]?在看|【下载地址】|报料[:：]|回复【|点击菜单|解锁更多'
    "|您的浏览器.{0,6}(?:不支持|无法播放)|广告.{0,4}剩余|加载中"
)
# Credit lines: who wrote, edited, photographed or sent the story.
_CREDIT_LABEL = alt(
    "作者", "编辑", "责编", "责任编辑", "主编", "审核", "审校", "校对", "监制", "统筹", "采写",
    "撰文", "记者", "通讯员", "摄影", "摄像", "图片", "图文", "文图", "文字", "执笔", "来源",
    "本文来源", "文章来源", "资料来源", "出品", "制作", "策划", "翻译", "编译", "实习生", "供稿",
    "原创", "原作者", "整理",
)  # fmt: skip
_CREDIT = re.compile(
    r"^[(（【\[]?\s*" + _CREDIT_LABEL + r"\s*[:：|｜丨/]"
    r"|^[(（【\[]?\s*(?:文|图|文/图)\s*[/|｜丨:：]"
    r"|^[(（]\s*(?:" + _CREDIT_LABEL + r").{0,30}[)）]$"
    r"|对此文亦有贡献|^图片(?:均)?(?:来自|来源于?)|^[(（]?完[)）]?$"
)
_REPORTER = re.compile(
    r"^[\u4e00-\u9fffA-Za-z]{0,12}(?:记者|通讯员|实习生|特约撰稿人?)\s*"
    r"[\u4e00-\u9fff·]{2,4}(?:[\s、，,]+[\u4e00-\u9fff·]{2,4})*$"
)
_AUTHOR_MEDIA = re.compile(r"^[\u4e00-\u9fff·]{2,4}\s*/\s*[\u4e00-\u9fff]{2,10}[报网社台刊]$")
_CAPTION_END = re.compile(
    r"(?:(?<!拍)摄|摄影|供图|资料图?|截图|图源\S*|视觉中国|东方IC|IC ?photo)\s*[)）]?$"
    r"|^(?:图为|▲|△)"
)


# The adoption note under a law's or resolution's title: （2007年6月29日…会议通过）
_ADOPTION_NOTE = re.compile(
    r"^[(（]\s*(?:19|20)\d\d\s*年.{0,80}(?:通过|发布|公布|施行|修正|修订|批准)[)）]$"
)


def is_adoption_note(line: str) -> bool:
    """（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）"""
    return bool(_ADOPTION_NOTE.match(simplified(line.strip())))


def is_never_story(line: str) -> bool:
    """An original-title note, a disclaimer, a call to action or a player placeholder."""
    s = simplified(line.strip())
    if _ORIGINAL_TITLE.match(s):
        return True
    if len(s) <= 200 and _DISCLAIMER.search(s):
        return True
    return len(s) <= 80 and bool(_CALL_TO_ACTION.search(s))


def is_credit(line: str) -> bool:
    """A byline, editor, source or picture-credit line (as they open or close a story)."""
    s = simplified(line.strip())
    if len(s) > 60:
        return False
    return bool(_CREDIT.search(s) or _REPORTER.match(s) or _AUTHOR_MEDIA.match(s))


def is_caption(line: str) -> bool:
    """A picture caption with its credit: 图为…（刘通摄）, 共享充电宝。视觉中国 资料."""
    s = simplified(line.strip())
    return len(s) <= 80 and bool(_CAPTION_END.search(s))


def is_menu_entry(line: str) -> bool:
    """A short line without any punctuation, as menus and tag lists are made of."""
    s = line.strip()
    return len(s) <= 8 and not any(p in s for p in SENTENCE_PUNCT + "，,、：:")
