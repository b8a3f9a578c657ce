"""The builder, built again after edits: only the work whose inputs changed is redone, and
the result is byte for byte what a full build gives."""
import dataclasses
import os
import re
import shutil
import time
from pathlib import Path

import jinja2
import pytest

from gwr import config as config_module
from gwr.build import pipeline
from gwr.build import write as write_module
from gwr.site import render as render_module
from gwr.build.incremental import PageKeys
from gwr.build.pipeline import Builder
from gwr.build.write import spare_path
from gwr.config import SiteConfig
from tests.harness import ROOT, one_report_seed, tree


def project_config(tmp_path: Path) -> SiteConfig:
    for part in ["seeds", "site_src", "templates", "static"]:
        shutil.copytree(ROOT / part, tmp_path / part)
    return SiteConfig(seeds_dir=tmp_path / "seeds", out_dir=tmp_path / "output", site_src=tmp_path / "site_src",
                      templates_dir=tmp_path / "templates", static_dir=tmp_path / "static",
                      base_url=config_module.load().base_url)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rendering_spy(monkeypatch) -> list[str]:
    """The paths of the pages rendered from now on (not kept from the previous output)."""
    rendered: list[str] = []
    keep_or_render = PageKeys.rendered

    def spy(keys, path, shows, render, *args):
        def render_and_note():
            rendered.append(path)
            return render()
        return keep_or_render(keys, path, shows, render_and_note, *args)
    monkeypatch.setattr(PageKeys, "rendered", spy)
    return rendered


def test_rebuilds_redo_only_what_changed_and_end_where_a_full_build_does(tmp_path, seed_build, monkeypatch):
    full_build, _ = seed_build
    config = project_config(tmp_path)
    originals = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    builder = Builder(config, in_place=True)
    first = builder.build()
    assert tree(config.out_dir) == tree(full_build)
    reports = first.reports

    again = builder.build()
    assert again.work == {} and again.files_changed == 0

    edit(config.templates_dir / "report.html", "{% block main %}", "{% block main %}<!-- edited -->")
    templated = builder.build()
    assert not {"parse", "search-group", "annotate"} & set(templated.work)
    assert templated.work["page"] > len(reports)  # every page: the templates are shared
    assert templated.files_changed == len(reports)  # but only report pages use report.html

    edit(config.static_dir / "site.css", "}", "}\n/* edited */")
    styled = builder.build()
    pages = len(list(config.out_dir.rglob("*.html")))
    assert set(styled.work) == {"page"}  # every page names the stylesheet's new file
    # those pages, the stylesheet under its new name, the old one removed, data/assets.json
    assert styled.files_changed == pages + 3
    assert len(list(config.out_dir.glob("static/site.*.css"))) == 1

    seed, _, report_id = one_report_seed(tmp_path)
    before = (config.out_dir / "reports" / report_id / "index.html").read_bytes()
    terms_before = {p: p.read_bytes() for p in config.out_dir.glob("glossary/*/index.html")}
    edit(seed, "。", "，并在此处补充一句。")
    rendered = rendering_spy(monkeypatch)
    ledger_csv = render_module.ledger_csv
    tables_made = []
    monkeypatch.setattr(render_module, "ledger_csv", lambda *args: tables_made.append(1) or ledger_csv(*args))
    edited = builder.build()
    assert edited.work["parse"] == 1 and edited.work["search-group"] == 1
    assert edited.work["page"] < templated.work["page"] // 2
    assert (config.out_dir / "reports" / report_id / "index.html").read_bytes() != before
    # A term's page is made again when what it shows of the report changed, and only then.
    terms_changed = {p.relative_to(config.out_dir).as_posix() for p, data in terms_before.items()
                     if p.read_bytes() != data}
    assert {p for p in rendered if p.startswith("glossary/") and p != "glossary/index.html"} == terms_changed
    showing_report = {p for p, data in terms_before.items() if f"/reports/{report_id}/".encode() in data}
    assert len(terms_changed) < len(showing_report)
    # targets.csv is made of what the targets page lists (no target changed): kept, not made again
    assert "targets/index.html" not in rendered and tables_made == []

    for path, data in originals.items():
        path.write_bytes(data)
    restored = builder.build()
    assert restored.work.get("parse") == 1
    assert tree(config.out_dir) == tree(full_build)


def test_the_tree_a_build_swapped_out_is_the_next_staging_tree_unless_it_was_changed(tmp_path, seed_build):
    full_build, _ = seed_build
    config = dataclasses.replace(project_config(tmp_path), cache_file=tmp_path / ".output.cache" / "build.sqlite")
    Builder(config).build()
    seed, _, _ = one_report_seed(tmp_path)
    edit(seed, "。", "，并在此处补充一句。")
    Builder(config).build()
    spare = spare_path(config.out_dir)
    assert tree(spare) == tree(full_build)  # the first output, kept whole
    victim = spare / "index.html"
    victim.unlink()  # replaced, not written through: it is the output's index.html too
    victim.write_text("changed behind the builder's back", encoding="utf-8")
    edit(seed, "，并在此处补充一句。", "。")
    Builder(config).build()  # the spare cannot be trusted: a new tree is made
    assert tree(config.out_dir) == tree(full_build)
    edit(seed, "。", "，并在此处补充一句。")
    Builder(config).build()  # brought up to date from the spare
    edit(seed, "，并在此处补充一句。", "。")
    Builder(config).build()
    assert tree(config.out_dir) == tree(full_build) and spare.is_dir()


def test_a_failed_rebuild_leaves_the_last_site_and_the_next_one_recovers(tmp_path, seed_build):
    full_build, _ = seed_build
    config = project_config(tmp_path)
    builder = Builder(config, in_place=True)
    builder.build()
    template = config.templates_dir / "year.html"
    original = template.read_text(encoding="utf-8")
    template.write_text(original + "{% endblock %}", encoding="utf-8")
    with pytest.raises(jinja2.TemplateSyntaxError) as failure:
        builder.build()
    assert failure.value.name == "year.html"
    assert tree(config.out_dir) == tree(full_build)
    template.write_text(original, encoding="utf-8")
    assert builder.build().files_changed == 0


def test_a_new_process_reuses_the_cache_and_links_the_pages_it_did_not_render(tmp_path, seed_build):
    full_build, _ = seed_build
    config = dataclasses.replace(project_config(tmp_path), cache_file=tmp_path / ".output.cache" / "build.sqlite")
    (config.seeds_dir / "blank.txt").write_text("\n\n", encoding="utf-8")  # a warning to repeat
    first = Builder(config).build()
    assert any(d.path == "blank.txt" for d in first.diagnostics)
    again = Builder(config).build()  # as the next run of build.py: nothing in memory
    assert again.up_to_date and again.work == {} and again.files_changed == 0
    assert (again.documents, again.news, again.files_written) == (first.documents, first.news, first.files_written)
    assert again.diagnostics == first.diagnostics

    page = config.out_dir / "index.html"
    unrelated = config.out_dir / "404.html"
    inode = unrelated.stat().st_ino
    page.write_text("edited by hand", encoding="utf-8")  # no longer what the last build left
    shard = next(p for p in (config.out_dir / "static" / "search").iterdir()
                 if re.fullmatch(r"\d+\.[0-9a-f]+\.json\.gz", p.name))  # bucket.hash.json.gz
    shard.unlink()
    repaired = Builder(config).build()
    # the shard is merged again from the groups' pieces in the cache
    assert not repaired.up_to_date and repaired.work == {"page": 1, "search-files": 1}
    assert page.read_bytes() == (full_build / "index.html").read_bytes()
    assert shard.read_bytes() == (full_build / shard.relative_to(config.out_dir)).read_bytes()
    assert unrelated.stat().st_ino == inode  # linked from the output it replaced, not written

    (config.out_dir / "stray.html").write_text("not made by the build", encoding="utf-8")
    assert not Builder(config).build().up_to_date
    assert not (config.out_dir / "stray.html").exists()

    seed, _, report_id = one_report_seed(tmp_path)
    edit(seed, "。", "，并在此处补充一句。")
    edited = Builder(config).build()
    assert edited.work["parse"] == 1 and edited.work["marks"] >= 1 and edited.work["search-group"] == 1
    assert edited.work["page"] < len(list(config.out_dir.rglob("*.html"))) // 2
    # of the edited report's group, only the buckets of the terms whose counts changed
    assert edited.work["search-bucket"] < first.work["search-bucket"] // first.work["search-group"]
    # the data files' rows of the reports whose text or annotations did not change are reused
    assert 1 <= edited.work["report-json"] <= edited.work["marks"] and edited.work["section-rows"] == 1

    edit(seed, "，并在此处补充一句。", "；并在此处补充一句。")  # the text changed, none of its search terms
    repunctuated = Builder(config).build()
    assert repunctuated.work["search-group"] == 1 and "search-bucket" not in repunctuated.work
    fresh = dataclasses.replace(config, out_dir=tmp_path / "fresh", cache_file=None)
    Builder(fresh).build()
    assert tree(config.out_dir) == tree(fresh.out_dir)


def test_sources_are_read_again_only_when_their_file_changed_or_may_have(tmp_path, monkeypatch):
    config = dataclasses.replace(project_config(tmp_path), cache_file=tmp_path / ".output.cache" / "build.sqlite")
    reads: list[str] = []
    read_source = pipeline.read_source
    monkeypatch.setattr(pipeline, "read_source", lambda path, name: reads.append(name) or read_source(path, name))
    seed = max(config.seeds_dir.iterdir(), key=lambda p: (p.stat().st_mtime_ns, p.name))  # the last one written
    stat = seed.stat()
    clock = [stat.st_mtime_ns + 10**10]  # ten seconds after
    monkeypatch.setattr(pipeline.time, "time_ns", lambda: clock[0])
    builder = Builder(config)
    first, _ = builder.read_sources()
    assert seed.name in reads
    reads.clear()
    again, _ = builder.read_sources()
    assert reads == [] and again == first
    text = seed.read_text(encoding="utf-8")
    assert "。" in text
    seed.write_text(text.replace("。", "，", 1), encoding="utf-8")  # as long, same inode
    os.utime(seed, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the time of change as recorded
    clock[0] = stat.st_mtime_ns + 5 * 10**8  # half a second after it: a change the clock may not show
    edited, _ = builder.read_sources()
    [source] = [s for s in edited if s.name == seed.name]
    assert seed.name in reads and source.lines == tuple(text.replace("。", "，", 1).split("\n"))


def test_files_read_afresh_are_told_a_few_at_a_time_as_they_are_read(tmp_path, monkeypatch):
    """So that the workers parse the first files while the others are read (ParseRun)."""
    config = dataclasses.replace(project_config(tmp_path), cache_file=tmp_path / ".output.cache" / "build.sqlite")
    for path in config.seeds_dir.iterdir():
        path.unlink()
    count = pipeline.SOURCES_HELD_AT_ONCE + 3
    for n in range(count):
        (config.seeds_dir / f"r{n:03}.txt").write_text(f"第{n}号文件。\n各位代表：\n发展经济。\n", encoding="utf-8")
    reads: list[str] = []
    read_source = pipeline.read_source
    monkeypatch.setattr(pipeline, "read_source", lambda path, name: reads.append(name) or read_source(path, name))
    later = time.time_ns() + 10**10  # every file settled
    monkeypatch.setattr(pipeline.time, "time_ns", lambda: later)
    told: list[tuple[int, list[str]]] = []  # files read when told, and the files told of
    builder = Builder(config)
    sources, _ = builder.read_sources(lambda fresh: told.append((len(reads), [s.name for s in fresh])))
    assert told[0] == (pipeline.SOURCES_HELD_AT_ONCE, reads[:pipeline.SOURCES_HELD_AT_ONCE])  # before the rest is read
    assert [name for _, names in told for name in names] == reads == [s.name for s in sources]
    told.clear()
    builder.read_sources(lambda fresh: told.append((len(reads), [s.name for s in fresh])))
    assert all(names == [] for _, names in told)  # known by their records: none read afresh


def test_the_search_index_parts_are_taken_while_a_whole_corpus_data_file_is_written(tmp_path, monkeypatch):
    """Or the parts the workers finish meanwhile pile up in the build process (SearchRun.take_ready)."""
    config = project_config(tmp_path)
    monkeypatch.setattr(pipeline, "PIECES_BETWEEN_TAKES", 4)
    writing: list[str | None] = [None]  # the file being written
    taken_while: list[str | None] = []
    write_pieces = write_module.write_pieces

    def writing_spy(stream, pieces):
        writing[0] = Path(stream.name).name
        try:
            return write_pieces(stream, pieces)
        finally:
            writing[0] = None
    monkeypatch.setattr(write_module, "write_pieces", writing_spy)
    take_ready = pipeline.SearchRun.take_ready
    monkeypatch.setattr(pipeline.SearchRun, "take_ready", lambda run: taken_while.append(writing[0]) or take_ready(run))
    Builder(config).build()
    assert {"reports.json", "sections.jsonl"} <= set(taken_while)
