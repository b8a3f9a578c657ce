"""The builder, built again after edits: only the work whose inputs changed is redone, and
the result is byte for byte what a full build gives."""
import dataclasses
import shutil
from pathlib import Path

import jinja2
import pytest

from gwr import config as config_module
from gwr.config import SiteConfig
from gwr.pipeline import Builder
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


def test_rebuilds_redo_only_what_changed_and_end_where_a_full_build_does(tmp_path, seed_build):
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
    edit(seed, "。", "，并在此处补充一句。")
    edited = builder.build()
    assert edited.work["parse"] == 1 and edited.work["search-group"] == 1
    assert edited.work["page"] < templated.work["page"] // 2
    assert (config.out_dir / "reports" / report_id / "index.html").read_bytes() != before

    for path, data in originals.items():
        path.write_bytes(data)
    restored = builder.build()
    assert restored.work.get("parse") == 1
    assert tree(config.out_dir) == tree(full_build)


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
    Builder(config).build()
    page = config.out_dir / "index.html"
    inode = page.stat().st_ino
    again = Builder(config).build()  # as the next run of build.py: nothing in memory
    assert again.work == {} and again.files_changed == 0
    assert page.stat().st_ino == inode  # linked from the output it replaced, not written
    page.write_text("edited by hand", encoding="utf-8")  # no longer what the last build left
    seed, _, report_id = one_report_seed(tmp_path)
    edit(seed, "。", "，并在此处补充一句。")
    edited = Builder(config).build()
    assert edited.work["parse"] == 1 and edited.work["marks"] >= 1 and edited.work["search-group"] == 1
    assert edited.work["page"] < len(list(config.out_dir.rglob("*.html"))) // 2
    assert page.read_bytes() == (full_build / "index.html").read_bytes()
