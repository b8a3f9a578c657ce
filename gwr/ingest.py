"""Stage 1: read every file of the seeds folder and decode it.

The encoding is detected by charset-normalizer, restricted to the encodings Chinese sources
are published in: on short texts an unrestricted detector happily calls GBK "cp949" (Korean).
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from charset_normalizer import from_bytes

from .model import Diagnostic, SourceFile

CHINESE_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be", "utf_32"]
_BOMS = (
    (b"\xef\xbb\xbf", "utf_8_sig"),
    (b"\xff\xfe\x00\x00", "utf_32"),
    (b"\x00\x00\xfe\xff", "utf_32"),
    (b"\xff\xfe", "utf_16"),
    (b"\xfe\xff", "utf_16"),
)


def list_input_files(seeds_dir: Path) -> list[Path]:
    """Every regular file below seeds_dir, in a stable order; hidden files are skipped."""
    found = []
    for root, dirs, files in os.walk(seeds_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in files if not f.startswith("."))
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


CONTROL_CHAR = re.compile("[\x00-\x08\x0e-\x1f]")  # below space, less \t \n \v \f \r


def _looks_binary(text: str) -> bool:
    # The first few thousand characters tell: control characters are all over a binary file.
    head = text[:4000]
    return "\x00" in text or len(CONTROL_CHAR.findall(head)) > max(8, len(head) // 200)


def read_source(path: Path, name: str) -> SourceFile | Diagnostic:
    try:
        data = path.read_bytes()
    except OSError as err:
        return Diagnostic(name, f"cannot be read ({err.strerror or err})")
    if not data.strip():
        return Diagnostic(name, "is empty; skipped")
    decoded = decode(data)
    if decoded is None:
        return Diagnostic(name, "is not text in any supported encoding "
                                "(UTF-8, UTF-16, GB18030/GBK, Big5); skipped")
    text, encoding = decoded
    if _looks_binary(text):
        return Diagnostic(name, "looks like a binary file, not text; skipped")
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return SourceFile(
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        lines=tuple(text.split("\n")),
    )


def read_sources(seeds_dir: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    sources: list[SourceFile] = []
    problems: list[Diagnostic] = []
    for path in list_input_files(seeds_dir):
        name = path.relative_to(seeds_dir).as_posix()
        result = read_source(path, name)
        (problems if isinstance(result, Diagnostic) else sources).append(result)
    return sources, problems
