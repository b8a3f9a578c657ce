from gwr.ingest import decode, read_sources

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
    sources, problems = read_sources(tmp_path)
    assert [s.name for s in sources] == ["good.txt", "sub dir/报告 2.txt"]
    assert sources[1].lines == (TEXT,)
    named = {p.path: p.message for p in problems}
    assert set(named) == {"empty.txt", "image.bin"}
    assert "empty" in named["empty.txt"]
