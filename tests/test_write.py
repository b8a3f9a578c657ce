from gwr.write import update_tree, write_tree
from tests.harness import tree


def test_write_tree_replaces_the_folder_whole(tmp_path):
    out = tmp_path / "output"
    (out / "stale").mkdir(parents=True)
    (out / "stale" / "old.html").write_text("old")
    manifest = write_tree({"index.html": "首页", "data/a.json": b"{}", "static/site.css": b"body{}"}, out)
    assert tree(out) == {"data/a.json": b"{}", "index.html": "首页".encode(), "static/site.css": b"body{}"}
    assert sorted(manifest) == ["data/a.json", "index.html", "static/site.css"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_update_tree_writes_only_what_changed_and_removes_what_went(tmp_path):
    out = tmp_path / "output"
    manifest = write_tree({"index.html": "a", "reports/x/index.html": "x", "reports/y/index.html": "y"}, out)
    unchanged = out / "reports" / "y" / "index.html"
    before = unchanged.stat().st_ino
    manifest, changed = update_tree({"index.html": "b", "reports/y/index.html": "y"}, out, manifest)
    assert changed == 2  # index.html rewritten, reports/x removed
    assert tree(out) == {"index.html": b"b", "reports/y/index.html": b"y"}
    assert not (out / "reports" / "x").exists()
    assert unchanged.stat().st_ino == before
    (out / "index.html").unlink()  # deleted behind the builder's back: written again
    manifest, changed = update_tree({"index.html": "b", "reports/y/index.html": "y"}, out, manifest)
    assert changed == 1 and tree(out)["index.html"] == b"b"
