"""The year a report is of, from its title, date, session or body."""
from gwr.parse.dating import body_year, infer_year, national_session_year, with_digit_years


def test_date_then_title_then_compilation_then_body():
    assert infer_year("2020年甲市政府工作报告", "2020-04-27", None, "") == 2020
    assert infer_year("关于2023年计划执行情况与2024年计划草案的报告", None, None, "") == 2024
    assert infer_year(None, None, 2023, "") == 2023
    assert infer_year(None, None, None, "2022年工作回顾\n2022年，我们……") == 2023


def test_the_review_is_of_the_year_before():
    assert body_year("各位代表：\n一、2023年政府工作回顾\n刚刚过去的一年") == 2024
    assert body_year("一、１９９３年国内工作的回顾和１９９４年工作的基本方针") == 1994
    assert body_year("刚刚过去的１９８４年，是我国各族人民取得伟大成就的一年") == 1985


def test_the_plan_is_of_the_year_itself():
    assert body_year("我们取得了成绩。二、2024年主要目标和重点工作") == 2024


def test_the_opening_sentence_names_the_year_reviewed():
    text = "各位代表：现在，我代表市人民政府，向大会报告政府工作，请予审议，并请市政协委员提出意见。2023年，在市委的坚强领导下"
    assert body_year(text) == 2024


def test_five_year_plans_and_chinese_numeral_years():
    assert with_digit_years("一九八六年到一九九○年") == "1986年到1990年"
    assert body_year("今年是实行“七五”计划的第一年。") == 1986
    assert body_year("各位代表：从今年开始，我国将实施新世纪第一个五年计划，即第十个五年计划。") == 2001
    assert body_year("一、“十一五”时期国民经济和社会发展的回顾") == 2011


def test_national_sessions_follow_the_congress_calendar():
    assert national_session_year("第十四届全国人民代表大会第三次会议") == 2025
    assert national_session_year("第五届全国人民代表大会") == 1978
    text = "各位代表！现在，我代表国务院，向第五届全国人民代表大会作政府工作报告。"
    assert infer_year(None, None, None, text, national=True) == 1978
    resolution = "第十四届全国人民代表大会第三次会议听取和审议了国务院总理所作的政府工作报告。"
    assert infer_year(None, None, None, resolution, national=True) == 2025


def test_national_reports_placed_by_the_sessions_their_opening_names():
    assert infer_year(None, None, None, "各位代表：一、过去五年工作回顾第十一届全国人民代表大会第一次会议以来的五年，",
                      national=True) == 2013
    assert infer_year(None, None, None, "各位代表：从去年9月第五届全国人民代表大会第三次会议到现在，",
                      national=True) == 1981


def test_a_report_that_sets_next_years_tasks_is_of_the_year_it_names_most():
    text = "五年来成绩很大。" + "1964年工业增长。" * 3 + "1963年农业增产。明年发展国民经济的主要任务是"
    assert body_year(text) == 1964
    assert body_year("他指出，1965年的主要任务就是发展生产。明年发展国民经济的主要任务是") == 1964
    assert body_year("五年来成绩很大。" + "2023年工业增长。" * 3 + "今年的主要目标是") == 2024

