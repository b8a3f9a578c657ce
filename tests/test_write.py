import os
import threading

import pytest

from gwr.build import write as write_module
from gwr.build.write import (Spare, StagedTree, put_files, remove_in_background, spare_path, update_tree,
                             write_tree)
from gwr.digest import digest
from gwr.model import Kept, Streamed
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


def test_write_tree_links_files_the_previous_output_holds_and_keeps_kept_ones(tmp_path):
    out = tmp_path / "output"
    manifest = write_tree({"a.html": "a", "b.html": "b", "c.html": "c"}, out)
    inode = {name: (out / name).stat().st_ino for name in manifest}
    again = write_tree({"a.html": "a", "b.html": Kept(manifest["b.html"]), "c.html": "C"}, out, manifest)
    assert tree(out) == {"a.html": b"a", "b.html": b"b", "c.html": b"C"}
    assert again["b.html"] == manifest["b.html"] and again["c.html"] != manifest["c.html"]
    assert (out / "a.html").stat().st_ino == inode["a.html"]  # same bytes: linked, not written
    assert (out / "b.html").stat().st_ino == inode["b.html"]
    assert (out / "c.html").stat().st_ino != inode["c.html"]


def test_a_kept_file_that_went_missing_fails_the_write_and_leaves_the_output(tmp_path):
    out = tmp_path / "output"
    manifest = write_tree({"a.html": "a", "b.html": "b"}, out)
    with pytest.raises(FileNotFoundError, match="b.html"):
        write_tree({"a.html": "A", "b.html": Kept(manifest["b.html"])}, out, {"a.html": manifest["a.html"]})
    assert tree(out) == {"a.html": b"a", "b.html": b"b"}


def test_a_path_made_twice_is_an_error_not_a_silent_overwrite(tmp_path):
    out = tmp_path / "output"
    with pytest.raises(ValueError, match="regions/x/index.html"):
        with StagedTree(out) as staged:
            staged.add("regions/x/index.html", "一")
            staged.add("regions/x/index.html", "二")
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_spare_tree_is_brought_up_to_date_and_never_written_through(tmp_path):
    out = tmp_path / "output"
    first = write_tree({"a.html": "1", "d/b.html": "b", "gone/x.html": "x"}, out)
    second = StagedTree(out, first, keep_spare=True, previous_whole=True)
    put_files(second, {"a.html": Kept(first["a.html"]), "d/b.html": "B", "gone/x.html": Kept(first["gone/x.html"])})
    spare = spare_path(out)
    assert tree(spare) == {"a.html": b"1", "d/b.html": b"b", "gone/x.html": b"x"}  # the first build, swapped out
    assert (spare / "a.html").stat().st_ino == (out / "a.html").stat().st_ino  # one file, linked
    third = StagedTree(out, second.manifest, spare=Spare(spare, {rel: (d, 0, 0) for rel, d in first.items()}), keep_spare=True, previous_whole=True)
    changed = put_files(third, {"a.html": "3", "d/b.html": Kept(second.manifest["d/b.html"]), "new/c.html": "c"})
    assert changed == 3  # a.html rewritten, new/c.html added, gone/x.html removed
    assert tree(out) == {"a.html": b"3", "d/b.html": b"B", "new/c.html": b"c"}
    assert not (out / "gone").exists()
    # the second build, swapped out whole: a.html was replaced in the spare, not written through its link
    assert tree(spare) == {"a.html": b"1", "d/b.html": b"B", "gone/x.html": b"x"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["output", spare.name])


def test_without_a_whole_previous_tree_the_spare_is_the_new_tree_linked(tmp_path):
    out = tmp_path / "output"
    first = StagedTree(out, keep_spare=True)
    put_files(first, {"a.html": "1", "d/b.html": "b"})
    assert first.spare_holds == "new" and tree(spare_path(out)) == tree(out)
    assert (spare_path(out) / "d" / "b.html").stat().st_ino == (out / "d" / "b.html").stat().st_ino


def test_a_streamed_file_is_written_piece_by_piece_with_the_digest_of_its_bytes(tmp_path):
    out = tmp_path / "output"
    pieces = [b"{\"documents\":[", "一".encode(), b",", "二".encode(), b"]}\n"]
    manifest = write_tree({"data/reports.json": Streamed(iter(pieces)), "index.html": "a"}, out)
    whole = b"".join(pieces)
    assert tree(out) == {"data/reports.json": whole, "index.html": b"a"}
    assert manifest["data/reports.json"] == digest(whole)


def test_a_streamed_file_rewritten_in_place_counts_as_changed_only_when_its_bytes_are_new(tmp_path):
    out = tmp_path / "output"
    manifest = write_tree({"data/rows.jsonl": "a\nb\n"}, out)
    inode = (out / "data" / "rows.jsonl").stat().st_ino
    manifest, changed = update_tree({"data/rows.jsonl": Streamed([b"a\n", b"b\n"])}, out, manifest)
    assert changed == 0 and (out / "data" / "rows.jsonl").stat().st_ino == inode
    assert [p.name for p in (out / "data").iterdir()] == ["rows.jsonl"]  # no temporary file left
    manifest, changed = update_tree({"data/rows.jsonl": Streamed([b"a\n", b"c\n"])}, out, manifest)
    assert changed == 1 and tree(out) == {"data/rows.jsonl": b"a\nc\n"}
    assert manifest["data/rows.jsonl"] == digest(b"a\nc\n")


def test_a_tree_removed_in_background_leaves_no_child_to_reap(tmp_path):
    """The preview builds again and again in one process: each removal's process is waited
    for by a thread, not left a zombie until the server stops."""
    tree = tmp_path / "old"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / "a" / "b" / "page.html").write_text("x", encoding="utf-8")
    process = remove_in_background(tree)
    for thread in [t for t in threading.enumerate() if t.name == "reap the removal"]:
        thread.join()
    assert process.returncode == 0 and not tree.exists()
    with pytest.raises(ChildProcessError):  # reaped already: no such child
        os.waitpid(process.pid, os.WNOHANG)


def test_a_large_file_replaces_its_old_copy_beside_the_build_and_is_in_place_when_it_finishes(tmp_path, monkeypatch):
    """Freeing a large old copy takes the kernel tens of milliseconds: a thread waits for it."""
    out = tmp_path / "output"
    manifest = write_tree({"data/rows.jsonl": "a\nb\n", "index.html": "a"}, out)
    monkeypatch.setattr(write_module, "RENAMED_BESIDE", 4)  # bytes: rows.jsonl is large, index.html is not
    renamed_in: dict[str, str] = {}
    replace = os.replace

    def spy(source, target):
        renamed_in[os.path.basename(target)] = threading.current_thread().name
        replace(source, target)
    monkeypatch.setattr(os, "replace", spy)
    manifest, changed = update_tree({"data/rows.jsonl": Streamed([b"a\n", b"c\n"]), "index.html": "b"}, out, manifest)
    assert changed == 2 and tree(out) == {"data/rows.jsonl": b"a\nc\n", "index.html": b"b"}  # no temporary file left
    assert renamed_in["index.html"] == threading.main_thread().name
    assert renamed_in["rows.jsonl"].startswith("rename")
