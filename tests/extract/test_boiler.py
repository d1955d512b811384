"""Lines that are never the story, and the credit lines at its edges."""

import pytest

from search.extract.boiler import is_caption, is_credit, is_menu_entry, is_never_story


@pytest.mark.parametrize(
    "line",
    [
        "（原标题：多地项目连环爆雷 狂奔的龙湖集团“暗伤”曝露？）",
        "本文原标题：《定了！邮轮母港即将开通》",
        "（原题为《是“收割韭菜”还是“回归理性”》）",
        "【免责声明】本文仅代表作者本人观点，与本网无关。",
        "本文仅代表作者个人观点，不代表本站立场。",
        "本文为CSDN原创文章，未经允许不得转载，如需转载请联系market#csdn.net",
        "免責聲明：本文來自騰訊新聞客戶端自媒體，不代表騰訊網的觀點和立場。",
        "(本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)",
        "安装新浪财经客户端第一时间接收最全面的市场资讯→【下载地址】",
        "扫描下方二维码解锁更多技能",
        "您的浏览器暂时无法播放此视频.",
        "看都看完了，点【在看】试试",
        "本文转自：某某日报",
        "声明：本网转载此文，仅为传递信息。",
    ],
)
def test_never_the_story(line):
    assert is_never_story(line)


@pytest.mark.parametrize(
    "line",
    [
        "开发区坚持项目为王，全年新签约亿元以上项目309个。",
        "专家认为，园区转载能力提升，仅供参考的数据显示增长明显。",
        "原标准已经不适应新形势，园区将修订考核办法。",
    ],
)
def test_story_lines_are_kept(line):
    assert not is_never_story(line)
    assert not is_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "责任编辑：杨倩_NF4425",
        "（责任编辑： HN666）",
        "【编辑：姚昊】",
        "编辑|禤志杰",
        "作者：王五",
        "采写：南都见习记者 林子沛",
        "执笔/叨叨姐、胡一刀&李小飞刀",
        "扬子晚报记者 张楠",
        "澎湃新闻记者 段彦超 廖艳",
        "（实习生王金茹对此文亦有贡献）",
        "图片均来自网络",
        "（资料来源：参考消息、海外网等）",
        "石佳/中国青年报",
        "（完）",
    ],
)
def test_credit_lines(line):
    assert is_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "图为山西品牌丝路行（南美站）启动仪式。（刘通摄）",
        "共享充电宝。视觉中国 资料",
        "▲图片来自视频截图。",
    ],
)
def test_captions(line):
    assert is_caption(line)


def test_menu_entries():
    assert is_menu_entry("招商引资") and is_menu_entry("English")
    assert not is_menu_entry("开发区建设提速。") and not is_menu_entry("园区整合提升取得阶段性成效")
