"""Stage 1: read every file of the seeds folder and decode it; a file in a format of its own
(Word, PDF, a web page) is read by its reader in `gwr.parse.formats`.

The encoding is detected by charset-normalizer, restricted to the encodings Chinese sources
are published in: on short texts an unrestricted detector happily calls GBK "cp949" (Korean).
"""
from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
import stat
from pathlib import Path

from charset_normalizer import from_bytes

from gwr.digest import source_digest
from gwr.model import Diagnostic, ReadText, SourceFile

CHINESE_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be", "utf_32"]
_BOMS = (
    (b"\xef\xbb\xbf", "utf_8_sig"),
    (b"\xff\xfe\x00\x00", "utf_32"),
    (b"\x00\x00\xfe\xff", "utf_32"),
    (b"\xff\xfe", "utf_16"),
    (b"\xfe\xff", "utf_16"),
)


def list_input_files(seeds_dir: Path) -> list[Path]:
    """Every regular file below seeds_dir, in a stable order; hidden files are skipped, and so
    are the owner files (~$name.docx) that Word and WPS keep beside an open document."""
    found = []
    for root, dirs, files in os.walk(seeds_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in files if not f.startswith((".", "~$")))
    return sorted(found, key=lambda p: p.relative_to(seeds_dir).as_posix())


def decode(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) or None when the bytes are not text in any supported encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    try:  # strict UTF-8 is unambiguous when it succeeds on non-ASCII text
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best()
    if best is None:
        return None
    return str(best), best.encoding


CJK = re.compile("[\u3400-\u9fff]")
CONTROL_CHAR = re.compile("[\x00-\x08\x0e-\x1f]")  # below space, less \t \n \v \f \r


def _looks_binary(text: str) -> bool:
    # The first few thousand characters tell: control characters are all over a binary file.
    head = text[:4000]
    return "\x00" in text or len(CONTROL_CHAR.findall(head)) > max(8, len(head) // 200)


HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MHTML_SUFFIXES = {".mhtml", ".mht"}
LIBRARY_SUFFIXES = {".docx", ".pdf"} | HTML_SUFFIXES | MHTML_SUFFIXES


def read_by_library(path: Path) -> bool:
    """Whether a file is read by a format's library (slower than a text file's decoding)."""
    return path.suffix.lower() in LIBRARY_SUFFIXES


TEXT_COLUMNS = ("text", "content", "body", "正文", "内容", "全文")


def csv_text(table: str) -> str | None:
    """The text column of a CSV table (named text, content, 正文 … or else the column with
    the most characters), one row after another with a blank line between; None when no
    column holds text."""
    rows = list(csv.reader(io.StringIO(table)))
    if not rows:
        return None
    header = [cell.strip().lower() for cell in rows[0]]
    named = next((header.index(name) for name in TEXT_COLUMNS if name in header), None)
    body = rows[1:] if named is not None or len(rows) > 1 else rows
    width = max((len(row) for row in body), default=0)
    if named is None:
        if not width:
            return None
        named = max(range(width), key=lambda n: (sum(len(row[n]) for row in body if n < len(row)), -n))
    texts = [row[named].strip() for row in body if named < len(row) and row[named].strip()]
    if not any(CJK.search(text) or len(text) >= 40 for text in texts):  # numbers, codes: not a text column
        return None
    return "\n\n".join(texts)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc, .xls)


def read_source(path: Path, name: str) -> SourceFile | Diagnostic:
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # reading a named pipe would wait for a writer
            return Diagnostic(name, "is not a regular file (a named pipe, socket or device); skipped")
        data = path.read_bytes()
    except OSError as err:
        return Diagnostic(name, f"cannot be read ({err.strerror or err})")
    if not data.strip():
        return Diagnostic(name, "is empty; skipped")
    suffix = path.suffix.lower()
    if data.startswith(OLE_MAGIC):
        return Diagnostic(name, "is an old binary Word or Office file (.doc), which is not read: "
                                "save it as .docx (Word, WPS or LibreOffice) to include it; skipped")
    # Each format's reader is imported when a file of it is read: a corpus of text files never
    # pays for python-docx, pdfminer.six and trafilatura (half a second of imports).
    if suffix == ".docx":
        from gwr.parse.formats.word import read_word
        return read_packaged(name, data, read_word, "docx")
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        from gwr.parse.formats.pdf import read_pdf
        return read_packaged(name, data, read_pdf, "pdf")
    if suffix in MHTML_SUFFIXES:
        from gwr.parse.formats.web import read_mhtml
        return read_packaged(name, data, read_mhtml, "mhtml")
    result = read_text(data, suffix)
    if isinstance(result, str):
        return Diagnostic(name, result)
    read, encoding = result
    return source_file(name, data, encoding, read)


def read_packaged(name: str, data: bytes, reader, encoding: str) -> SourceFile | Diagnostic:
    """A file of a format read by a library (Word, PDF, MHTML): its text, or a warning naming
    what failed. A reader says what is wrong with a file by a ValueError; anything else its
    library raises on a file it cannot read is a warning too: one bad file never stops a build."""
    try:
        read = reader(data)
    except ValueError as err:
        return Diagnostic(name, f"{err}; skipped")
    except Exception as err:  # a library's failure on one damaged file
        return Diagnostic(name, f"could not be read as {encoding} ({type(err).__name__}: {err}); skipped")
    if not any(line.strip() for line in read.lines):
        return Diagnostic(name, "holds no text; skipped")
    return source_file(name, data, encoding, read)


def read_text(data: bytes, suffix: str) -> tuple[ReadText, str] | str:
    """A text file's text (an HTML page's, a CSV table's text column) and its encoding, or
    the warning that says why it has none."""
    decoded = decode(data)
    if decoded is None:
        return "is not text in any supported encoding (UTF-8, UTF-16, GB18030/GBK, Big5); skipped"
    text, encoding = decoded
    if _looks_binary(text):
        return "looks like a binary file, not text; skipped"
    characters = len(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if suffix in HTML_SUFFIXES:
        from gwr.parse.formats.web import read_web
        return dataclasses.replace(read_web(text), characters=characters), encoding
    if suffix == ".csv":
        text = csv_text(text)
        if text is None:
            return "is a CSV file without a column of text; skipped"
    return ReadText(lines=tuple(text.split("\n")), characters=characters), encoding


def source_file(name: str, data: bytes, encoding: str, read: ReadText) -> SourceFile:
    return SourceFile(name=name, sha256=source_digest(data), encoding=encoding, lines=read.lines,
                      characters=read.characters, locator=read.locator, furniture=read.furniture, page=read.page,
                      warnings=read.warnings, paragraphs=read.paragraphs)


def read_sources(seeds_dir: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    sources: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for path in list_input_files(seeds_dir):
        name = path.relative_to(seeds_dir).as_posix()
        result = read_source(path, name)
        (problems if isinstance(result, Diagnostic) else sources).append(result)
    return sources, problems
