"""A synthetic corpus of N government work reports made from the seed text.

Each report takes a real prefecture or county from the administrative divisions and a year,
a heading block (title, meeting, speaker) like the seeds', and top-level sections drawn at
random from the seed reports, renumbered, with the seed's own place names replaced by the new
region's. Reports come in both forms the seeds have: one paragraph per line, and run-on (the
whole report on one line after its title). The same content is written as Markdown pages for
the other generators, and `truth.json` lists each report's plain text, which is what query hit
counts are checked against.

    .venv/bin/python bench/corpus.py 1000 /tmp/corpus-1000     # writes raw/, markdown/, truth.json

Deterministic: the same N and --seed give the same files.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from gwr import config as config_module  # noqa: E402
from gwr.build.pipeline import parse_source  # noqa: E402
from gwr.lexicon import gazetteer as gazetteer_module  # noqa: E402
from gwr.lexicon.gazetteer import short_name  # noqa: E402
from gwr.model import Outline  # noqa: E402
from gwr.parse.ingest import read_sources  # noqa: E402
from gwr.parse.outline import reading_order  # noqa: E402

CN_NUMBERS = "一二三四五六七八九十"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟强军平东文华明国建志勇杰涛斌超波辉刚峰磊洋林鹏宇浩凯健俊帆帅旭宁龙晨阳红梅丽霞燕芳娟敏静秀英兰玲"
REPORT_CHARS = 16_000  # a section more makes reports of about 20,000 characters, a prefecture's
YEARS = range(2016, 2026)
REPORTS_PER_REGION = 4


@dataclass(frozen=True)
class SeedSection:
    heading: str  # without its number
    lines: tuple[str, ...]  # sub-headings and paragraphs, in reading order
    place_names: tuple[str, ...]  # the seed report's own region, full and short, to replace


def seed_sections(seeds: Path) -> list[SeedSection]:
    """The top-level sections of the seed reports (simplified script, with a body)."""
    config = config_module.load(str(seeds))
    gazetteer = gazetteer_module.load(config.divisions_file)
    sources, _ = read_sources(seeds)
    pool = []
    for source in sources:
        for report in parse_source(source, gazetteer).reports:
            if report.meta.doc_type == "news" or report.meta.script != "simplified":
                continue
            region = report.meta.region
            names = tuple(n for n in (region.name, short_name(region.name)) if n) if region else ()
            for section in report.outline.sections:
                lines = list(reading_order(Outline([], [section])))[1:]  # without its own heading
                if sum(len(line) for line in lines) > 400:
                    pool.append(SeedSection(strip_number(section.heading), tuple(lines), names))
    return pool


def strip_number(heading: str) -> str:
    for sep in ("、", "．", ".", " "):
        head, _, rest = heading.partition(sep)
        if rest and len(head) <= 3:
            return rest
    return heading


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUMBERS[n - 1]
    return ("" if n < 20 else CN_NUMBERS[n // 10 - 1]) + "十" + (CN_NUMBERS[n % 10 - 1] if n % 10 else "")


@dataclass
class SyntheticReport:
    number: int
    region: str
    year: int
    title: str
    heading_lines: list[str]  # meeting, speaker
    body: list[tuple[str, str]]  # ("h" | "p", text)

    def plain_text(self) -> str:
        return "\n".join([self.title, *self.heading_lines, *(text for _, text in self.body)])

    def lines_form(self) -> str:
        return "\n".join([self.title, *self.heading_lines, "", *(text for _, text in self.body)]) + "\n"

    def run_on_form(self) -> str:
        """The title on its own line, then everything else on one line, as web pages paste."""
        return self.title + "\n" + "".join(self.heading_lines) + " ".join(text for _, text in self.body) + "\n"

    def markdown(self) -> str:
        parts = [f"Title: {self.title}", f"Date: {self.year}-01-15", "", f"# {self.title}", ""]
        parts += [line + "\n" for line in self.heading_lines]
        for kind, text in self.body:
            parts.append(("## " if kind == "h" else "") + text + "\n")
        return "\n".join(parts)


def region_names(gazetteer) -> list[str]:
    return sorted({d.name for d in gazetteer.by_code.values()
                   if d.level in ("prefecture", "county") and len(gazetteer.by_full[d.name]) == 1})


def regions(gazetteer, count: int, rng: random.Random) -> list[str]:
    return rng.sample(region_names(gazetteer), count)


def make_report(number: int, region: str, year: int, pool: list[SeedSection], rng: random.Random) -> SyntheticReport:
    office = "市长" if region.endswith(("市", "州", "盟")) else "县长"
    speaker = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    short = short_name(region) or region
    title = f"{year}年{region}政府工作报告"
    heading = [f"——{year}年1月{rng.randint(5, 28)}日在{region}第{cn_number(rng.randint(12, 18))}届人民代表大会"
               f"第{cn_number(rng.randint(1, 5))}次会议上", f"{region}人民政府{office} {speaker}"]
    body = [("p", "各位代表:"),
            ("p", f"现在,我代表{region}人民政府,向大会报告政府工作,请予审议,并请政协委员和其他列席人员提出意见。")]
    size, n = 0, 0
    while size < REPORT_CHARS:
        section = rng.choice(pool)
        n += 1
        body.append(("h", f"{cn_number(n)}、{section.heading}"))
        for line in section.lines:
            for name in section.place_names:
                line = line.replace(name, region if name.endswith(("市", "县", "区", "州")) else short)
            body.append(("p", line))
            size += len(line)
    body.append(("p", f"各位代表,让我们奋发进取、真抓实干,为{short}高质量发展而努力奋斗!"))
    return SyntheticReport(number, region, year, title, heading, body)


def generate(count: int, seeds: Path, out: Path, seed: int) -> list[SyntheticReport]:
    rng = random.Random(seed)
    pool = seed_sections(seeds)
    gazetteer = gazetteer_module.load(config_module.load(str(seeds)).divisions_file)
    # Four reports a region, every other year; a corpus larger than four times the regions
    # (a national one) has more, a year apart, going further back.
    per_region = max(REPORTS_PER_REGION, -(-count // len(region_names(gazetteer))))
    step = 2 if per_region == REPORTS_PER_REGION else 1
    places = regions(gazetteer, -(-count // per_region), rng)
    reports = []
    for number in range(count):
        region = places[number // per_region]
        year = YEARS[-1] - number % per_region * step - rng.randint(0, step - 1)
        reports.append(make_report(number, region, year, pool, rng))
    (out / "raw").mkdir(parents=True, exist_ok=True)
    (out / "markdown").mkdir(parents=True, exist_ok=True)
    for report in reports:
        name = f"r{report.number:05d}"
        text = report.run_on_form() if report.number % 2 else report.lines_form()
        (out / "raw" / f"{name}.txt").write_text(text, encoding="utf-8")
        (out / "markdown" / f"{name}.md").write_text(report.markdown(), encoding="utf-8")
    truth = [{"file": f"r{r.number:05d}", "region": r.region, "year": r.year, "text": r.plain_text()} for r in reports]
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", type=int, help="how many reports (100, 1000, 5000 …)")
    parser.add_argument("out", type=Path, help="folder to write raw/, markdown/ and truth.json into")
    parser.add_argument("--seeds", type=Path, default=config_module.PROJECT_ROOT / "seeds")
    parser.add_argument("--seed", type=int, default=20261121, help="random seed")
    args = parser.parse_args()
    reports = generate(args.reports, args.seeds, args.out, args.seed)
    chars = sum(len(r.plain_text()) for r in reports)
    print(f"{len(reports)} reports, {chars / 1e6:.1f} M characters, in {args.out}")


if __name__ == "__main__":
    main()
