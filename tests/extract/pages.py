"""Small hand-written pages for the extraction tests: one news page template, parts to vary."""

from __future__ import annotations

NAV = (
    "<div class=nav><a href=/>首页</a> <a href=/news>新闻中心</a> <a href=/zone>园区动态</a>"
    " <a href=/gov>政务公开</a> <a href=/inv>招商引资</a></div>"
)
PARAGRAPHS = (
    "全市开发区去年贡献了全市52.3%的地区生产总值，工业增加值增长8.1%，成为稳增长的主引擎。",
    "园区全年新签约亿元以上项目309个，同比增长33.2%，其中先进制造业项目占到六成以上。",
    "管委会推行“拿地即开工”审批改革，项目从签约到开工的平均时间缩短到了四十五天。",
    "下一步，开发区将持续深化体制机制改革，推动园区整合提升，加快建设现代化产业园区。",
)
HEADER = "<h1>开发区建设提速</h1><div class=info>来源：新华日报 发布时间：2018-07-09 11:18</div>"
FOOTER = (
    "<div class=footer><p>版权所有：某某市人民政府 主办：某某市人民政府办公室</p>"
    "<p>网站标识码 1234567890 备案号：苏ICP备12345678号</p></div>"
)


def body_html(paragraphs: tuple[str, ...] = PARAGRAPHS) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def news_page(
    *,
    title: str = "开发区建设提速 - 某某新闻网",
    head: str = "",
    header: str = HEADER,
    body: str | None = None,
    after: str = "",
    footer: str = FOOTER,
) -> str:
    """A page: navigation, header (headline and date line), the article, what follows, footer."""
    content = body if body is not None else body_html()
    return (
        f"<html><head><meta charset=utf-8><title>{title}</title>{head}</head><body>{NAV}"
        f"<div class=main>{header}<div class=content>{content}</div>{after}</div>{footer}"
        "</body></html>"
    )
