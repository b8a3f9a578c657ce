"""Where every character of a source file went: the accounting of the build report.

A researcher trusts a citation only if no text was dropped silently. Each line of a file is
in exactly one place: a document, the site chrome set aside (each line listed with its
reason), the lines of a document that could not be parsed (with a warning), or blank. What
reading took out before the lines (the \\r of \\r\\n line ends, HTML markup, the other
columns of a CSV table) is counted as format. The parts add up to the characters of the file
as decoded (a byte-order mark belongs to the encoding, not the text), or the build warns.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

from gwr.model import RawDocument, Removal, SourceFile


@dataclass(frozen=True)
class CharacterAccount:
    input: int  # characters of the file as decoded
    format: int  # taken out while reading: \r of \r\n, markup, other CSV columns
    line_breaks: int  # between the lines read
    blank: int  # of lines holding only whitespace
    documents: int  # of the lines of the documents parsed (listing titles included)
    removed: int  # of the lines set aside as site chrome
    unparsed: int  # of the lines of documents that could not be parsed

    @property
    def balanced(self) -> bool:
        return self.input == (self.format + self.line_breaks + self.blank + self.documents
                              + self.removed + self.unparsed)

    def to_json(self) -> dict:
        return {**asdict(self), "balanced": self.balanced}


def document_characters(source: SourceFile, doc: RawDocument) -> int:
    """Characters of the lines a document was cut from, its listing title's line included."""
    title = len(source.lines[doc.title_line - 1]) if doc.title_line else 0
    return title + sum(len(line.text) for line in doc.lines)


def account(source: SourceFile, parsed: list[RawDocument], unparsed: list[RawDocument],
            removed: list[Removal]) -> CharacterAccount:
    """Each line of `source` counted once, by where splitting put it; a line put in two places
    or in none (but blank) is counted twice or not at all, and the account does not balance."""
    lines = source.lines
    read = sum(len(line) for line in lines)
    blank = sum(len(line) for line in lines if not line.strip())
    line_breaks = max(len(lines) - 1, 0)
    return CharacterAccount(
        input=source.characters or read + line_breaks,
        format=(source.characters - read - line_breaks) if source.characters else 0,
        line_breaks=line_breaks,
        blank=blank,
        documents=sum(document_characters(source, doc) for doc in parsed),
        removed=sum(len(r.text) for r in removed),
        unparsed=sum(document_characters(source, doc) for doc in unparsed),
    )
