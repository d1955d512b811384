"""Boilerplate vocabulary of Chinese news sites, in simplified and traditional forms."""

from __future__ import annotations

import re
from functools import lru_cache

from search.text.normalise import to_simplified, to_traditional


def alt(*words: str) -> str:
    """A regex alternation matching each word in simplified and in traditional characters."""
    forms: dict[str, None] = {}
    for word in words:
        for form in (word, to_traditional(word), to_simplified(word)):
            forms[re.escape(form)] = None
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


@lru_cache(maxsize=4096)
def simplified(line: str) -> str:
    """The line in simplified characters, for vocabulary look-ups only (never for output)."""
    return to_simplified(line)


# Short lines that are page controls, menus or prompts, compared after to_simplified and
# with spaces and brackets removed.
CHROME_WORDS = frozenset(
    """
    下载 打印 全屏 收藏 分享 分享到 字号 字体 加大 还原 减小 大 中 小 默认 放大 缩小 关闭
    扫一扫 微信 微博 公众号 交流群 加入qq 留言 留言板 打开菜单 收起菜单 菜单 通知公告 首页 返回
    关闭窗口 打印本页 打印此页 点击量 浏览次数 阅读 评论 点赞 登录 注册 搜索 更多 投稿 订阅
    关注 关注我们 关注公众号 扫码 手机版 手机打开 在手机打开 扫一扫在手机打开当前页 二维码
    责任编辑 编辑 作者 来源 相关附件 相关链接 相关报道 相关新闻 相关阅读 网站地图 联系我们
    复制链接 qq空间 新浪微博 微信好友 朋友圈 上一页 下一页 返回顶部 返回首页 顶部
    """.split()
)

# The headings of a related-items box: the article ends there only when less of it follows.
BOX_WORDS = (
    """
    责任编辑 相关新闻 相关报道 相关阅读 相关文章 相关链接 相关稿件 延伸阅读 推荐阅读 猜你喜欢
    热点推荐 相关推荐 为您推荐 往期回顾 往期推荐 精彩推荐 热门推荐 推荐新闻 大家都在看 热门文章
    相关专题 更多新闻
""".split()
    + ["延伸 · 推荐"]
)
# Page furniture that always ends the article: everything from it on is page footer.
END_WORDS = """
    返回首页 返回顶部 相关附件 上一篇 下一篇 转载请注明 版权所有 版权声明 免责声明 打印本页 关闭窗口
    网站地图 友情链接 网友评论仅供 目前没有跟贴 违法和不良信息举报 热帖 热词
""".split()
_LINE_START = r"^\s*[-–—•·*>]?\s*"
BOX_START = re.compile(_LINE_START + alt(*BOX_WORDS))
# A line starting with one of these ends the article (a box heading: see BOX_START).
FOOTER_START = re.compile(
    _LINE_START + alt(*END_WORDS, *BOX_WORDS) + r"|^\s*(?:copyright|all rights reserved)",
    re.I,
)

# The same markers inside a line, after the last sentence of the article.
# Every INLINE_FOOTER match contains one of these: a line without them is skipped at C speed.
INLINE_FOOTER_WORDS = ("编辑", "来源", "作者", "审核", "校对", "阅读", "相关新闻")
INLINE_FOOTER = re.compile(
    r"\s*(?:"
    + alt("责任编辑", "编辑", "来源", "作者", "审核", "校对")
    + r"\s*[丨|｜]|(?:MORE)?\s*"
    + alt("延伸阅读", "相关阅读", "相关新闻", "推荐阅读", "责任编辑")
    + r")",
    re.I,
)

BREADCRUMB = re.compile(
    r"^\s*(?:"
    + alt("当前位置", "您的位置", "你的位置", "您现在的位置", "所在位置")
    + r"|"
    + alt("首页")
    + r"\s*(?:[>›»/\-]|\s\S))"
)

SHARE_PROMPT = re.compile(
    alt("分享到", "扫一扫", "关注我们", "关注公众号", "扫描二维码", "长按识别")
)

SENTENCE_PUNCT = "。！？；"  # ASCII ? and ! are too often mojibake or URLs
CLAUSE_PUNCT = '，,、：:“”"（）()《》'
