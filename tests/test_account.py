"""The character accounting of one source file."""
from gwr.parse.account import account
from gwr.parse.ingest import read_source
from gwr.parse.split import split_source


def accounted(tmp_path, name: str, data: bytes):
    source = read_source(tmp_path / name, name) if (tmp_path / name).write_bytes(data) else None
    documents, removed = split_source(source)
    return account(source, documents, [], removed), documents, removed


def test_chrome_blank_lines_and_line_ends_are_counted_apart_from_the_text(tmp_path):
    text = "\ufeff政府工作报告\r\n\r\n各位代表：\r\n  \r\n今年经济增长5%。\r\n上一篇：某某\r\n"
    count, documents, removed = accounted(tmp_path, "a.txt", text.encode("utf-8"))
    assert count.input == len(text) - 1  # the byte-order mark belongs to the encoding
    assert count.format == 6  # the \r of each \r\n
    assert count.line_breaks == 6 and count.blank == 2
    assert count.removed == len("上一篇：某某") and [r.reason for r in removed] == ["newspaper navigation"]
    assert count.documents == len("政府工作报告各位代表：今年经济增长5%。")
    assert count.unparsed == 0 and count.balanced


def test_a_listing_title_line_counts_as_its_documents(tmp_path):
    text = "-----\n标题一\n正文第一段。\n2024-01-02\n"
    count, documents, removed = accounted(tmp_path, "b.txt", text.encode("utf-8"))
    assert [d.title for d in documents] == ["标题一"]
    assert count.documents == len("标题一正文第一段。")
    assert count.removed == len("-----2024-01-02") and count.balanced


def test_html_markup_is_format_and_the_account_still_balances(tmp_path):
    page = "<html><head><style>p{}</style><title>报告</title></head><body><p>各位代表：</p><p>正文。</p></body></html>"
    count, _, _ = accounted(tmp_path, "c.html", page.encode("utf-8"))
    assert count.input == len(page) and count.documents == len("报告各位代表：正文。")
    assert count.format == len(page) - len("报告\n各位代表：\n正文。") and count.balanced


def test_a_document_that_could_not_be_parsed_is_counted_as_unparsed(tmp_path):
    (tmp_path / "d.txt").write_bytes("各位代表：\n正文。\n".encode("utf-8"))
    source = read_source(tmp_path / "d.txt", "d.txt")
    documents, removed = split_source(source)
    count = account(source, [], documents, removed)
    assert count.documents == 0 and count.unparsed == len("各位代表：正文。") and count.balanced


def test_a_line_counted_twice_does_not_balance(tmp_path):
    (tmp_path / "e.txt").write_bytes("各位代表：\n正文。\n".encode("utf-8"))
    source = read_source(tmp_path / "e.txt", "e.txt")
    documents, removed = split_source(source)
    assert not account(source, documents, documents, removed).balanced
