"""The glossary of policy terms kept as data in site_src/glossary.toml.

A term has a name, aliases (other ways the reports write it) and a short definition. The
matcher finds every form in a text, longest first, so 绿水青山就是金山银山 is one match of
两山 rather than nothing, and 县域医共体 is not also counted as 医共体.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from gwr.model import Diagnostic


@dataclass(frozen=True)
class Term:
    name: str
    slug: str
    definition: str
    aliases: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def url(self) -> str:
        return f"/glossary/{self.slug}/"


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    pattern: re.Pattern | None
    by_form: dict[str, Term]

    def find(self, folded: str) -> list[tuple[int, int, Term]]:
        """(start, end, term) of every occurrence in a folded text, left to right."""
        if self.pattern is None:
            return []
        return [(m.start(), m.end(), self.by_form[m.group(0)]) for m in self.pattern.finditer(folded)]


def term_slug(name: str) -> str:
    from pypinyin import lazy_pinyin  # imported when needed: loading its dictionaries takes a while

    syllables = lazy_pinyin(name, errors=lambda chars: [c for c in chars.lower() if c.isalnum()])
    return "-".join(s for s in syllables if s) or "term"


def make_glossary(terms: list[Term]) -> Glossary:
    by_form: dict[str, Term] = {}
    for term in terms:
        for form in term.forms:
            by_form.setdefault(form, term)
    forms = sorted(by_form, key=lambda f: (-len(f), f))
    pattern = re.compile("|".join(re.escape(f) for f in forms)) if forms else None
    return Glossary(tuple(terms), pattern, by_form)


def load_glossary(path: Path) -> tuple[Glossary, list[Diagnostic]]:
    """Read the glossary; a broken file or entry is reported and left out, never fatal."""
    if not path.exists():
        return make_glossary([]), []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        return make_glossary([]), [Diagnostic(path.name, f"glossary is not valid TOML: {err}")]
    terms: list[Term] = []
    problems: list[Diagnostic] = []
    slugs: set[str] = set()
    for i, entry in enumerate(data.get("term", []), 1):
        name, definition = entry.get("term"), entry.get("definition")
        aliases = entry.get("aliases", [])
        if not isinstance(name, str) or not name.strip() or not isinstance(definition, str):
            problems.append(Diagnostic(path.name, f"term {i} needs a `term` and a `definition` (both text)"))
            continue
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            problems.append(Diagnostic(path.name, f"term {i} ({name}): `aliases` must be a list of text"))
            continue
        slug = base = term_slug(name)
        n = 1
        while slug in slugs:
            n += 1
            slug = f"{base}-{n}"
        slugs.add(slug)
        terms.append(Term(name.strip(), slug, definition.strip(), tuple(a.strip() for a in aliases)))
    return make_glossary(terms), problems
