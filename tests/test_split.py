from gwr.model import SourceFile
from gwr.parse.split import split_source


def split(text: str):
    source = SourceFile(name="page.txt", sha256="", encoding="utf_8", lines=tuple(text.split("\n")))
    return split_source(source)


def test_dash_separated_listing_with_date_lines():
    docs, removed = split(
        "-\n甲市推出新举措 助力发展\n正文甲。\n2025-07-02\n"
        "-\n乙省召开会议\n正文乙。\n2025-07-02\n有想补充的信息?点我投稿\n\n- 联系我们\n- 企业入驻"
    )
    assert [d.title for d in docs] == ["甲市推出新举措 助力发展", "乙省召开会议"]
    assert [d.listing_date for d in docs] == ["2025-07-02", "2025-07-02"]
    assert [[ln.text for ln in d.lines] for d in docs] == [["正文甲。"], ["正文乙。"]]
    assert docs[1].line_span == (6, 7)
    reasons = {r.line: r.reason for r in removed}
    assert reasons[4] == "listing date" and reasons[1] == "listing separator"
    assert {9, 11, 12} <= set(reasons)


def test_bullet_titles_carry_their_tag():
    docs, _ = split("• 【甲市招商】2020年甲市政府工作报告\n\n    正文。\n\n    2025-07-09\n  • 【乙县招商】乙县新闻\n正文。")
    assert [(d.tag, d.title) for d in docs] == [("甲市招商", "2020年甲市政府工作报告"), ("乙县招商", "乙县新闻")]


def test_compilation_entries_start_at_each_new_opening():
    body = "现在，我代表县人民政府向大会报告工作。\n" + "\n".join(f"第{i}段正文。" for i in range(5))
    docs, removed = split(f"某某系列--2023年政府工作报告汇编(15篇)\n2023-03-14 06:36:11 121\n"
                          f"各位代表:\n{body}\n各位代表!\n结束语。\n各位代表:\n{body}")
    assert len(docs) == 2
    assert all(d.collection and d.collection.year == 2023 for d in docs)
    assert docs[0].lines[-2].text == "各位代表!"  # an exclamation inside a report is no opening
    assert [r.reason for r in removed] == ["compilation title", "listing date"]


def test_an_address_to_the_deputies_inside_a_speech_starts_no_report():
    body = "\n".join(f"第{i}段正文。" for i in range(5))
    docs, _ = split(f"各位代表:\n现在，我代表国务院，向大会报告政府工作。\n{body}\n各位代表:\n"
                    f"我们要继续努力。\n{body}\n各位代表:\n现在，我代表市人民政府向大会报告工作。\n{body}")
    assert len(docs) == 2
    assert [ln.text for ln in docs[0].lines].count("各位代表:") == 2
    assert docs[1].lines[1].text.startswith("现在，我代表市人民政府")


def test_paywall_truncates_and_tipping_is_chrome():
    docs, removed = split("各位代表:\n正文。\n一年来，我们\n阅读全文\n(想阅读完全部图文内容,您需要先登陆!)\n"
                          "如果喜欢本篇内容,请赞赏鼓励哦!\n¥6.66\n分享:")
    assert len(docs) == 1 and docs[0].truncated
    assert [ln.text for ln in docs[0].lines][-1] == "一年来，我们"
    assert len(removed) == 5


def test_newspaper_navigation_jump_markers_and_copyright():
    docs, removed = split(
        "第10版:文件 上一版3  4下一版  \n标题导航\n2024年02月21日 星期三\n关于甲市计划的报告\n"
        "各位代表:\n正文一。\n  (下转第10版)\n  (上接第9版)\n正文二。\n3 上一篇  下一篇 4 放大 缩小 默认\n"
        "版权说明:所有作品版权均属于报业集团。\n报业集团法律事务部"
    )
    assert len(docs) == 1
    assert [ln.text.strip() for ln in docs[0].lines] == ["关于甲市计划的报告", "各位代表:", "正文一。", "正文二。"]
    reasons = [r.reason for r in removed]
    assert reasons.count("newspaper jump marker") == 2
    assert "copyright footer" in reasons and reasons[-1] == "site chrome after the end of the text"


def test_a_lone_chinese_dash_is_a_list_dash_not_a_separator():
    docs, _ = split("各位代表:\n目标是：\n——\n改革创新再突破。\n——\n开放步伐再加快。")
    assert len(docs) == 1 and len(docs[0].lines) == 6


def test_traditional_chrome_is_recognised():
    docs, removed = split("各位代表:\n正文。\n發(fā)布時間:2020-10-05 來源: 網站\n熱點文章閱讀\n其他文章")
    assert [ln.text for ln in docs[0].lines] == ["各位代表:", "正文。"]
    assert [r.reason for r in removed] == ["page metadata", "related articles", "site chrome after the end of the text"]


def test_breadcrumb_and_page_metadata_before_a_report_are_chrome():
    docs, removed = split("首页 > 政务公开 > 政府工作报告\n2023年甲市政府工作报告\n发布日期：2023-01-12  来源：甲市人民政府\n"
                          "各位代表：\n正文。")
    assert [ln.text for ln in docs[0].lines] == ["2023年甲市政府工作报告", "各位代表：", "正文。"]
    assert [r.reason for r in removed] == ["breadcrumb", "page metadata"]


def test_web_page_chrome_around_a_report_is_removed_with_its_reasons():
    docs, removed = split(
        "当前位置：\n首页\n>\n宁夏要闻\n2026年甲省政府工作报告\n发表时间：\n2026-02-09 09:45:30\n来源：\n甲省日报客户端\n"
        "【字体：\n小\n中\n大\n】\n— 3 —\n张三同志作政府工作报告。本报记者 李四 摄\n"
        "各位代表：\n现在，我代表省人民政府向大会报告工作。\n一、过去一年工作回顾\n分享到：\n相关新闻\n甲省召开会议")
    assert len(docs) == 1
    assert [ln.text for ln in docs[0].lines] == ["宁夏要闻", "2026年甲省政府工作报告", "各位代表：",
                                                 "现在，我代表省人民政府向大会报告工作。", "一、过去一年工作回顾"]
    reasons = {r.text: r.reason for r in removed}
    assert reasons["首页"] == "breadcrumb" and reasons["甲省日报客户端"] == "page metadata"
    assert reasons["2026-02-09 09:45:30"] == "page metadata" and reasons["【字体："] == "page tools"
    assert reasons["— 3 —"] == "page number" and reasons["相关新闻"] == "related articles"
    assert reasons["张三同志作政府工作报告。本报记者 李四 摄"] == "photo caption"


def test_page_numbers_and_the_running_heads_beside_them_are_removed():
    page = "我们坚持稳中求进，经济运行总体平稳，发展质量稳步提升。"
    text = "\n".join(["各位代表：", "现在，我代表市人民政府向大会报告工作。"]
                     + [line for n in range(1, 5) for line in (page, page, f"— {n} —", "政府工作报告")])
    docs, removed = split("政府工作报告\n" + text + "\n政府工作报告\n")
    assert [ln.text for ln in docs[0].lines].count(page) == 8
    assert [ln.text for ln in docs[0].lines][0] == "政府工作报告"  # the title, far from a page number
    assert [r.reason for r in removed].count("running head") == 5
    assert [r.reason for r in removed].count("page number") == 4


def test_a_licence_notice_after_the_text_ends_the_document():
    docs, removed = split("各位代表：\n现在，我代表国务院，向大会报告政府工作。\n我们要团结奋斗。\n本作品是中华人民共和国的\n法律\n"
                          "，属于\n公有领域\n。\nPublic domain\nfalse")
    assert [ln.text for ln in docs[0].lines][-1] == "我们要团结奋斗。"
    assert {r.reason for r in removed} == {"licence notice", "site chrome after the end of the text"}


def test_report_text_that_looks_like_chrome_is_kept():
    text = ("各位代表：\n现在，我代表国务院，向大会报告政府工作。\n去年广义货币M\n2\n增长13.6%。\n"
            "我们赞赏和支持不结盟运动的宗旨。\n中国赞赏西欧各国加强联合。")
    docs, removed = split(text)
    assert [ln.text for ln in docs[0].lines][2:] == text.split("\n")[2:]
    assert removed == []


def test_a_whole_report_on_one_line_ending_in_its_pages_footer_is_kept():
    line = "各位代表：现在，我代表市人民政府向大会报告工作。" + "我们推进改革发展，成效明显。" * 80 + "网站地图|版权声明|联系我们"
    docs, removed = split(line)
    assert len(docs) == 1 and docs[0].lines[0].text == line and removed == []


def test_a_long_title_and_subtitle_above_the_pages_timestamp_stay_with_the_report():
    docs, removed = split("2026年甲省政府工作报告——2026年1月27日在甲省第十四届人民代表大会第四次会议上\n"
                          "2026-02-03 09:02:33\n各位代表：\n现在，我代表省人民政府向大会报告工作。")
    assert len(docs) == 1 and docs[0].lines[0].text.startswith("2026年甲省政府工作报告")
    assert [r.reason for r in removed] == ["page metadata"]


def test_a_paragraph_naming_a_public_account_or_the_public_domain_is_text():
    paragraph = ("我们开通政务公众号，推出“扫一扫”办事服务，推动公有领域作品数字化，全年服务群众超过100万人次，"
                 "群众满意度持续提升，政务服务效能明显增强，营商环境不断优化。")
    docs, removed = split("各位代表：\n现在，我代表市人民政府向大会报告工作。\n" + paragraph + "\n我们要继续努力。")
    assert [ln.text for ln in docs[0].lines][2:] == [paragraph, "我们要继续努力。"] and removed == []
