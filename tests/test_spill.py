"""The spill store: records keep references to their text on disk, not the text."""
import pickle

from gwr.build.cache import DiskCache
from gwr.build.spill import KIND, Spilled, SpillStore
from gwr.model import SourceFile

LINES = tuple(f"第{n}行：推动高质量发展" for n in range(2000))


def test_a_held_record_reads_its_text_back_and_pickles_as_a_reference(tmp_path):
    store = SpillStore(DiskCache(tmp_path / "cache.sqlite"))
    source = SourceFile("a.txt", "digest", "utf-8", LINES)
    whole = len(pickle.dumps(source))
    store.hold(source)
    assert isinstance(source.__dict__["_lines"], Spilled)
    assert source.lines == LINES and source.line_count == len(LINES)
    sent = pickle.dumps(source)
    assert len(sent) < whole / 20  # what a worker receives: the reference, not the lines
    assert pickle.loads(sent).lines == LINES  # read back where it is unpickled


def test_the_same_text_is_stored_once_and_kept_through_the_sweep_only_while_held(tmp_path):
    disk = DiskCache(tmp_path / "cache.sqlite")
    store = SpillStore(disk)
    first, second = (SourceFile(name, "digest", "utf-8", LINES) for name in ("a.txt", "b.txt"))
    store.hold_all([first, second])
    assert first.__dict__["_lines"] == second.__dict__["_lines"]
    disk.sweep()
    key = first.__dict__["_lines"].key
    assert DiskCache(tmp_path / "cache.sqlite").get(KIND, key) == LINES
    DiskCache(tmp_path / "cache.sqlite").sweep()  # a build that held nothing: the text goes
    assert DiskCache(tmp_path / "cache.sqlite").get(KIND, key) is None


def test_a_record_from_another_cache_file_is_pointed_at_this_one(tmp_path):
    old = SpillStore(DiskCache(tmp_path / "old.sqlite"))
    source = SourceFile("a.txt", "digest", "utf-8", LINES)
    old.hold(source)
    old.disk.close()
    moved = tmp_path / "new.sqlite"
    (tmp_path / "old.sqlite").rename(moved)
    store = SpillStore(DiskCache(moved))
    store.hold(source)
    assert source.__dict__["_lines"].path == str(moved) and source.lines == LINES
