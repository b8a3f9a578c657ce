"""Which file events the preview acts on, and how they are grouped into rebuilds."""
import threading
from pathlib import Path

from gwr.config import SiteConfig
from gwr.preview.watch import Change, ChangeBatcher, Classifier, start_watching


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_of_changes_gives_one_batch_once_quiet():
    clock = FakeClock()
    batcher = ChangeBatcher(quiet=0.2, clock=clock)
    for name in ["b.txt", "a.txt", "b.txt"]:
        batcher.add(Change(Path(name), "seeds"))
    clock.now += 0.5
    assert batcher.next_burst() == [Change(Path("a.txt"), "seeds"), Change(Path("b.txt"), "seeds")]


def test_changes_during_a_rebuild_give_exactly_one_more():
    clock = FakeClock()
    batcher = ChangeBatcher(quiet=0.2, clock=clock)
    batcher.add(Change(Path("a.txt"), "seeds"))
    clock.now += 1
    assert len(batcher.next_burst()) == 1
    # the rebuild runs; meanwhile three saves arrive
    for name in ["x.html", "y.html", "x.html"]:
        batcher.add(Change(Path(name), "templates"))
    clock.now += 1
    assert [c.path.name for c in batcher.next_burst()] == ["x.html", "y.html"]
    batcher.stop()
    assert batcher.next_burst() is None


def test_stop_wakes_a_waiting_rebuild_loop():
    batcher = ChangeBatcher()
    result = []
    waiter = threading.Thread(target=lambda: result.append(batcher.next_burst()))
    waiter.start()
    batcher.stop()
    waiter.join(timeout=30)
    assert result == [None]


def test_inputs_are_classified_and_the_output_and_scratch_files_ignored(tmp_path):
    config = SiteConfig(seeds_dir=tmp_path / "seeds", out_dir=tmp_path / "seeds" / "out",
                        site_src=tmp_path / "site_src", templates_dir=tmp_path / "templates",
                        static_dir=tmp_path / "static")
    code = tmp_path / "gwr"
    classify = Classifier(config, code_dir=code, code_files=(tmp_path / "build.py",)).kind
    assert classify(tmp_path / "seeds" / "2024" / "报告 一.txt") == "seeds"
    assert classify(tmp_path / "site_src" / "glossary.toml") == "site_src"
    assert classify(tmp_path / "templates" / "base.html") == "templates"
    assert classify(tmp_path / "static" / "site.css") == "static"
    assert classify(code / "render.py") == "code"
    assert classify(tmp_path / "build.py") == "code"
    for ignored in [tmp_path / "seeds" / "out" / "index.html", tmp_path / "seeds" / ".report.txt.swp",
                    tmp_path / "seeds" / "report.txt~", tmp_path / "templates" / "4913",
                    tmp_path / "seeds" / "~$报告.docx",
                    code / "__pycache__" / "render.cpython-311.pyc", code / "notes.txt",
                    tmp_path / "README.md", tmp_path / "output" / "index.html"]:
        assert classify(ignored) is None, ignored


def test_watchdog_reports_a_saved_seed(tmp_path):
    for folder in ["seeds", "site_src", "templates", "static"]:
        (tmp_path / folder).mkdir()
    config = SiteConfig(seeds_dir=tmp_path / "seeds", out_dir=tmp_path / "output",
                        site_src=tmp_path / "site_src", templates_dir=tmp_path / "templates",
                        static_dir=tmp_path / "static")
    batcher = ChangeBatcher(quiet=0.05)
    observer = start_watching(Classifier(config, code_dir=tmp_path / "gwr", code_files=()), batcher)
    try:
        (tmp_path / "output").mkdir()
        (tmp_path / "output" / "index.html").write_text("ignored")
        (tmp_path / "seeds" / "new.txt").write_text("2024年政府工作报告", encoding="utf-8")
        burst = batcher.next_burst()
    finally:
        observer.stop()
        observer.join()
    assert {change.path for change in burst} == {tmp_path / "seeds" / "new.txt"}
    assert {change.kind for change in burst} == {"seeds"}
