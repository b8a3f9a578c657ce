"""Writes the web page fixtures (tests/formats/web/): real reports' opening paragraphs (tests/corpus)
in the markup of the kinds of sites reports are published on, with the menus, share bars,
related-news lists and footers those sites put around an article. The chrome strings each page
carries are listed in CHROME, for the tests to check that none is left in a paragraph.

    python tests/formats/make_web.py
"""
from __future__ import annotations

import csv
from email.generator import BytesGenerator
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus"
PARAGRAPHS = 12

# Text that the sites put around the article: none of it may be read as the report's.
CHROME = ["首页", "简体版", "English", "登录", "分享到", "微信", "微博", "打印本页", "关闭窗口", "相关稿件", "相关新闻",
          "责任编辑", "版权所有", "网站标识码", "京ICP备", "字号：", "推荐阅读", "热点排行", "上一篇", "下一篇", "扫一扫",
          "纠错", "主办单位", "阅读原文", "在看", "留言", "预览时标签不可点", "继续滑动看下一个", "人民网版权所有",
          "新华网版权所有", "我要留言", "索引号", "发布机构", "主题分类", "网站地图", "联系我们"]


def report_lines(path: str) -> list[str]:
    lines = (CORPUS / path).read_text(encoding="utf-8").split("\n")
    return [line.strip() for line in lines if line.strip()][:PARAGRAPHS]


def province_lines(path: str) -> list[str]:
    """The report's lines of a provincial scrape (its full_text column), from the date line on."""
    csv.field_size_limit(10 ** 9)
    with (CORPUS / path).open(encoding="utf-8-sig") as table:
        text = next(csv.DictReader(table))["full_text"]
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("——"))
    return lines[start:start + PARAGRAPHS]


def paragraphs(lines: list[str], template: str = '<p style="text-indent: 2em;">{}</p>') -> str:
    return "\n".join(template.format(escape(line)) for line in lines)


def gov_cn() -> str:
    """An article page of the central government's site."""
    body = paragraphs(report_lines("national/2025-report.txt"))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>政府工作报告_滚动新闻_中国政府网</title>
<meta name="keywords" content="政府工作报告">
<meta property="og:url" content="https://www.gov.cn/yaowen/liebiao/202503/content_7013163.htm">
<link rel="canonical" href="https://www.gov.cn/yaowen/liebiao/202503/content_7013163.htm">
<meta name="firstpublishedtime" content="2025-03-12-19:55:01">
<script>var _hmt = _hmt || [];</script></head>
<body>
<div class="header"><div class="topnav"><a href="/">首页</a> | <a href="#">简体版</a> | <a href="#">繁體</a> | <a href="#">English</a> | <a href="#">登录</a></div>
<ul class="nav"><li><a href="#">首页</a></li><li><a href="#">新闻</a></li><li><a href="#">政策</a></li><li><a href="#">互动</a></li><li><a href="#">服务</a></li><li><a href="#">数据</a></li></ul></div>
<div class="BreadcrumbNav"><a href="/">首页</a> &gt; <a href="#">新闻</a> &gt; <a href="#">滚动</a></div>
<div class="article oneColumn pub_border">
<h1 id="ti">政府工作报告</h1>
<div class="pages-date">2025-03-12 19:55 <span class="font">来源： 新华社</span>
<div class="pages_print"><span class="font index_switchsize">字号：<span>默认</span> <span>大</span> <span>超大</span></span> | <span>打印</span> | <span class="share">分享到</span></div></div>
<div class="pages_content" id="UCAP-CONTENT">
<p style="text-align: center;">——2025年3月5日在第十四届全国人民代表大会第三次会议上</p>
<p style="text-align: center;">国务院总理　李强</p>
{body}
</div>
<div class="share-box">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="editor">【我要纠错】 责任编辑：王某某</div>
</div>
<div class="related"><h3>相关稿件</h3><ul><li><a href="#">图解2025年政府工作报告</a></li><li><a href="#">政府工作报告全文发布</a></li></ul></div>
<div class="footer"><p><a href="#">网站地图</a> | <a href="#">联系我们</a></p><p>主办单位：国务院办公厅　运行维护单位：中国政府网运行中心</p>
<p>版权所有：中国政府网　网站标识码bm01000001　京ICP备05070218号</p></div>
</body></html>
"""


def provincial_portal() -> str:
    """An article of a provincial government's portal, with the date and source line above it."""
    body = paragraphs(province_lines("provinces-2026/2026_云南省_政府工作报告.csv"))
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>2026年政府工作报告 - 云南要闻 - 云南省人民政府门户网站</title>
<meta name="ArticleTitle" content="2026年政府工作报告">
<meta name="PubDate" content="2026-02-03 09:02:33">
<meta name="ContentSource" content="云南日报">
<link rel="canonical" href="https://www.yn.gov.cn/ywdt/ynyw/202602/t20260203_323801.html">
</head>
<body>
<div class="head"><div class="logo">云南省人民政府</div><div class="top-links"><a>无障碍</a> <a>简体版</a> <a>English</a> <a>登录</a></div>
<div class="menu"><a>首页</a><a>要闻动态</a><a>政务公开</a><a>政务服务</a><a>互动交流</a><a>走进云南</a></div></div>
<div class="location">您的位置：<a>首页</a> &gt; <a>云南要闻</a></div>
<div class="main_con">
<h2 class="arti_title">2026年政府工作报告</h2>
<div class="arti_metas"><span>来源：云南日报</span><span>2026-02-03 09:02:33</span><span>【字号：<a>大</a> <a>中</a> <a>小</a>】</span><span><a>打印本页</a></span></div>
<div class="arti_content" id="zoom">
{body}
</div>
<div class="arti_share">分享到：<a>微信</a><a>微博</a><a>QQ</a></div>
<div class="pre_next"><p>上一篇：关于2025年全省国民经济和社会发展计划执行情况的报告</p><p>下一篇：云南省2026年省级预算报告</p></div>
</div>
<div class="xgxw"><h4>相关新闻</h4><ul><li><a>云南省第十四届人民代表大会第四次会议开幕</a></li><li><a>图解：2026年云南省政府工作报告</a></li></ul></div>
<div class="foot"><a>网站地图</a> <a>联系我们</a><p>主办单位：云南省人民政府办公厅　版权所有：云南省人民政府　网站标识码5300000030</p></div>
</body></html>
"""


def city_disclosure() -> str:
    """A city government's 政务公开 page: an index table of the document above its text."""
    body = paragraphs(report_lines("cities-2024/南宁.txt"), "<p>{}</p>")
    return f"""<!DOCTYPE html>
<html><head><meta charset="gb2312">
<title>2024年南宁市政府工作报告_政府工作报告_南宁市人民政府门户网站</title>
<meta name="SiteName" content="南宁市人民政府门户网站">
<meta name="PubDate" content="2024-02-05 16:30">
<meta name="ContentSource" content="南宁市人民政府办公室">
<meta property="og:url" content="http://www.nanning.gov.cn/zwgk/fdzdgknr/zfgzbg/t5812345.html">
</head>
<body>
<div id="header"><a>首页</a> <a>政务公开</a> <a>政务服务</a> <a>互动交流</a> <a>网站地图</a></div>
<div class="position">当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>政府工作报告</a></div>
<table class="xxgk_table">
<tr><td>索引号：</td><td>000014349/2024-01234</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发布机构：</td><td>南宁市人民政府办公室</td><td>发文日期：</td><td>2024-02-05</td></tr>
<tr><td>标　　题：</td><td colspan="3">2024年南宁市政府工作报告</td></tr></table>
<div class="zw">
<h1 class="zw_title">2024年南宁市政府工作报告</h1>
<div class="TRS_Editor">
{body}
</div></div>
<div class="tools"><a>【打印本页】</a> <a>【关闭窗口】</a> <span>扫一扫在手机打开当前页</span></div>
<div class="footer"><p>主办单位：南宁市人民政府办公室　网站标识码：4501000019　桂ICP备05000123号</p><p><a>联系我们</a></p></div>
</body></html>
"""


def people_cn() -> str:
    """A reprint on 人民网 (People's Daily Online)."""
    body = paragraphs(report_lines("cities-2024/天津.txt"))
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="content-type" content="text/html;charset=UTF-8">
<title>2024年天津市政府工作报告--天津频道--人民网</title>
<meta name="publishdate" content="2024-01-30">
<meta name="source" content="来源：人民网－天津频道">
<link rel="canonical" href="http://tj.people.com.cn/n2/2024/0130/c375366-40731234.html">
</head>
<body>
<div class="rm_header"><div class="w1000"><a>人民网首页</a> <a>时政</a> <a>国际</a> <a>财经</a> <a>社会</a> <a>登录</a> <a>注册</a></div></div>
<div class="layout rm_txt cf">
<div class="col col-1 fl">
<div class="route-nav"><a>人民网</a>&gt;&gt;<a>天津频道</a>&gt;&gt;<a>原创稿件</a></div>
<h1>2024年天津市政府工作报告</h1>
<div class="col-1-1 fl">2024年01月30日08:23 | 来源：<a>人民网－天津频道</a></div>
<div class="col-1-1 fr"><span class="share">分享到：</span><a>微信</a><a>微博</a> 小字号</div>
<div class="rm_txt_con cf">
{body}
</div>
<div class="edit cf">(责编：张三、李四)</div>
<div class="box_news"><h2>推荐阅读</h2><ul><li><a>天津市第十八届人民代表大会第二次会议开幕</a></li><li><a>天津：奋力开创中国式现代化天津新篇章</a></li></ul></div>
</div>
<div class="col col-2 fr"><div class="ph_list"><h2>热点排行</h2><ol><li><a>天津两会观察</a></li><li><a>一图读懂天津政府工作报告</a></li></ol></div></div>
</div>
<div class="foot">人民日报社概况 | 关于人民网 | 报社招聘 | 网站声明 | 联系我们<p>人民网版权所有，未经书面授权禁止使用</p><p>Copyright © 1997-2024 by www.people.com.cn. all rights reserved</p></div>
</body></html>
"""


def xinhua() -> str:
    """A 新华网 (Xinhua) article page."""
    body = paragraphs(report_lines("cities-2024/重庆.txt"), "<p>{}</p>")
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>2024年重庆市政府工作报告-新华网</title>
<meta name="description" content="2024年重庆市政府工作报告">
<link rel="canonical" href="http://www.news.cn/local/20240128/a1b2c3d4e5f6/c.html">
</head>
<body>
<div class="header"><div class="nav"><a>首页</a> <a>时政</a> <a>国际</a> <a>财经</a> <a>思客</a> <a>English</a></div></div>
<div class="header-cont clearfix"><div class="header-time left"><span class="year"><em> 2024</em></span><span class="day"><em> 01</em>/28</span><span class="time"> 10:36:54</span></div>
<div class="source">来源：新华网</div>
<div class="head-line clearfix"><h1><span class="title">2024年重庆市政府工作报告</span></h1></div>
<div class="pageShare"><span>分享到：</span><a>微信</a><a>微博</a></div></div>
<div class="main clearfix"><div class="main-left left">
<div id="detail">
{body}
</div>
<div id="articleEdit"><span class="tiyi1"><a>【纠错】</a></span><span class="editor">【责任编辑:王萌 】</span></div>
<div class="relatedNews"><div class="tit">相关新闻</div><ul><li><a>重庆市六届人大二次会议开幕</a></li></ul></div>
</div></div>
<div class="foot"><p>新华网版权所有 Copyright © 2000-2024 XINHUANET.com All Rights Reserved.</p><p>制作单位：新华网股份有限公司</p></div>
</body></html>
"""


def wechat() -> str:
    """A WeChat article as a browser saves it."""
    body = paragraphs(report_lines("cities-2024/长沙.txt"),
                      '<p style="text-indent: 2em;"><span style="font-size: 16px;">{}</span></p>')
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>重磅！2024年长沙市政府工作报告全文来了</title>
<meta property="og:title" content="重磅！2024年长沙市政府工作报告全文来了">
<meta property="og:url" content="http://mp.weixin.qq.com/s?__biz=MzA3NTEyMzQ1Ng==&amp;mid=2650912345&amp;idx=1&amp;sn=0a1b2c3d4e5f">
<meta property="og:type" content="article">
<meta property="og:article:author" content="长沙发布">
</head>
<body id="activity-detail" class="zh_CN">
<div class="rich_media_inner"><div id="page-content" class="rich_media_area_primary">
<h1 class="rich_media_title" id="activity-name">重磅！2024年长沙市政府工作报告全文来了</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a id="js_name">长沙发布</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">2024-01-22 18:30</em></div>
<div class="rich_media_content js_underline_content" id="js_content">
<section><p style="text-align: center;"><span>点击蓝字 关注我们</span></p></section>
<section>
{body}
</section>
<section><p><span>来源：长沙晚报</span></p><p><span>编辑：小长</span></p></section>
</div>
<div class="rich_media_tool" id="js_toobar3"><a id="js_view_source">阅读原文</a> <span>在看</span> <span>分享</span> <span>留言</span></div>
<div id="js_pc_qr_code"><p>微信扫一扫<br>关注该公众号</p></div>
<div class="weui-dialog">预览时标签不可点</div>
<div class="rich_media_extra"><p>继续滑动看下一个</p><p>轻触阅读原文</p><p>我要留言</p></div>
</div></div>
</body></html>
"""


def mhtml(page: str, location: str) -> bytes:
    """A page as a browser saves it in one file (MHTML): a MIME message holding the HTML."""
    message = MIMEMultipart("related", type="text/html")
    message["Subject"] = "重磅！2024年长沙市政府工作报告全文来了"
    message["Snapshot-Content-Location"] = location
    part = MIMEText(page, "html", "utf-8")
    part["Content-Location"] = location
    message.attach(part)
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False).flatten(message)
    return out.getvalue()


PAGES = {"gov-cn.html": gov_cn, "provincial-portal.htm": provincial_portal, "city-disclosure.html": city_disclosure,
         "people-cn.html": people_cn, "xinhua.html": xinhua, "wechat.html": wechat}


def main() -> None:
    out = HERE / "web"
    out.mkdir(exist_ok=True)
    for name, make in PAGES.items():
        page = make()
        # The city's page is served in GB2312, as many local government sites still are.
        (out / name).write_bytes(page.encode("gb18030" if "gb2312" in page[:200] else "utf-8"))
    (out / "wechat-saved.mhtml").write_bytes(mhtml(wechat(), "https://mp.weixin.qq.com/s/8Kq1fWcZ0aB1cD2eF3gH4i"))


if __name__ == "__main__":
    main()
