"""Two reports of a region side by side (gwr.site.compare): outlines aligned part by part, the
words new in the later one."""
from gwr.model import Outline, Section
from gwr.site.compare import align, aligned_outlines, heading_key, new_words, similarity


def part(heading: str, *children: str, anchor: str = "") -> Section:
    return Section(heading, "cn", 1, 1, [], [Section(c, "paren-cn", 1, 2) for c in children], anchor=anchor)


def test_headings_compare_without_numbering_years_and_punctuation():
    assert heading_key("一、2019年工作回顾") == heading_key("（一）2020年工作回顾：") == "工作回顾"
    assert heading_key("二、“十四五”时期主要目标任务") == "时期主要目标任务"
    assert similarity("一、2019年工作回顾", "一、2020年工作回顾") == 1.0
    assert similarity("二、加快建设现代化产业体系", "三、全面推进乡村振兴") < 0.3
    # the same topic, reworded: the leading phrases name it
    assert similarity("(六)惠民生,公共服务品质持续增进保障水平稳步提升。", "(六)狠抓惠民生,人民群众有更多获得感。") >= 0.3
    assert similarity("(四)促统筹,城乡区域发展持续优化", "(六)狠抓惠民生,人民群众有更多获得感") < 0.3


def test_parts_align_in_order_and_the_unmatched_are_added_or_dropped():
    before = [part("一、2019年工作回顾", "（一）经济运行稳中有进", "（二）改革开放"), part("二、2020年目标任务"),
              part("三、加强政府自身建设")]
    after = [part("一、2020年工作回顾", "（一）经济运行稳中向好", "（二）抗击疫情"), part("二、“十四五”规划建议"),
             part("三、2021年目标任务"), part("四、加强政府自身建设")]
    rows = align(before, after)
    assert [(r.before.heading if r.before else None, r.after.heading if r.after else None) for r in rows] == [
        ("一、2019年工作回顾", "一、2020年工作回顾"), (None, "二、“十四五”规划建议"),
        ("二、2020年目标任务", "三、2021年目标任务"), ("三、加强政府自身建设", "四、加强政府自身建设")]
    assert [r.change for r in rows] == ["same", "added", "same", "same"]
    kids = [(k.before.heading if k.before else None, k.after.heading if k.after else None, k.change) for k in rows[0].children]
    assert kids[0] == ("（一）经济运行稳中有进", "（一）经济运行稳中向好", "same")
    assert kids[1:] == [("（二）改革开放", "（二）抗击疫情", "rewritten")]  # unmatched, in the same place


def test_unmatched_parts_between_two_matches_stand_side_by_side():
    before = [part("一、2019年工作回顾", "（一）抓实业", "（二）强动力", "（三）惠民生", "（四）优服务")]
    after = [part("一、2020年工作回顾", "（一）稳增长", "（二）增动能", "（三）惠民生")]
    [row] = aligned_outlines(Outline([], before), Outline([], after))
    assert [(k.before.heading if k.before else None, k.after.heading if k.after else None, k.change) for k in row.children] == [
        ("（一）抓实业", "（一）稳增长", "rewritten"), ("（二）强动力", "（二）增动能", "rewritten"),
        ("（三）惠民生", "（三）惠民生", "same"), ("（四）优服务", None, "dropped")]


def test_new_words_are_those_no_earlier_report_used():
    later = {"新质生产力": 5, "数字经济": 4, "低空经济": 1, "营商环境": 6}
    assert new_words(later, [{"数字经济"}, {"营商环境", "制造业"}]) == [("新质生产力", 5)]  # twice at least
