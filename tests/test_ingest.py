from gwr.parse.ingest import decode, read_sources

TEXT = "各位代表：现在，我代表市人民政府，向大会报告工作，请予审议。一、过去一年工作回顾"
TRADITIONAL = "各位代表：現在，我代表市人民政府，向大會報告工作，請予審議。一、過去一年工作回顧"


def test_decodes_utf8_with_and_without_bom():
    assert decode(TEXT.encode("utf-8"))[0] == TEXT
    assert decode(TEXT.encode("utf-8-sig"))[0].lstrip("\ufeff") == TEXT


def test_decodes_gbk_and_gb18030():
    assert decode(TEXT.encode("gbk"))[0] == TEXT
    assert decode(TEXT.encode("gb18030"))[0] == TEXT


def test_decodes_big5():
    assert decode(TRADITIONAL.encode("big5"))[0] == TRADITIONAL


def test_decodes_utf16_with_bom():
    assert decode(TEXT.encode("utf-16"))[0] == TEXT


def test_bad_files_are_named_and_skipped(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.bin").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "sub dir").mkdir()
    (tmp_path / "sub dir" / "报告 2.txt").write_bytes(TEXT.encode("gbk"))
    (tmp_path / "~$报告.docx").write_bytes(b"\x0cWPS owner file")  # Word's lock beside an open document: no input
    sources, problems = read_sources(tmp_path)
    assert [s.name for s in sources] == ["good.txt", "sub dir/报告 2.txt"]
    assert sources[1].lines == (TEXT,)
    named = {p.path: p.message for p in problems}
    assert set(named) == {"empty.txt", "image.bin"}
    assert "empty" in named["empty.txt"]


def test_html_and_csv_files_are_read_as_their_text(tmp_path):
    (tmp_path / "page.html").write_text(
        "<html><head><title>2024年政府工作报告</title><style>p{color:red}</style></head><body>"
        "<h1>一、工作回顾 &amp; 展望</h1><p>各位代表：<b>经济</b>增长5%。</p><script>alert(1)</script>"
        "<ul><li>稳增长</li><li>惠民生</li></ul></body></html>", encoding="utf-8")
    (tmp_path / "table.csv").write_text('编号,标题,正文\n1,甲,"各位代表：\n第一段。"\n2,乙,第二篇。\n', encoding="utf-8")
    (tmp_path / "numbers.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    sources, problems = read_sources(tmp_path)
    by_name = {s.name: s.lines for s in sources}
    assert by_name["page.html"] == ("2024年政府工作报告", "一、工作回顾 & 展望", "各位代表：经济增长5%。", "稳增长", "惠民生")
    assert by_name["table.csv"] == ("各位代表：", "第一段。", "", "第二篇。")
    assert [p.path for p in problems] == ["numbers.csv"] and "column of text" in problems[0].message
