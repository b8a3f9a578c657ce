"""Stage 10: write the site atomically.

Everything is written into a temporary folder beside the output folder, which is swapped in
only when every file is there. A build that fails or is killed leaves the previous site whole.

A file whose bytes the previous output already holds (a page whose inputs did not change
comes as `Kept`, without its bytes) is hard-linked from the previous output into the new
tree rather than written again, so a rebuild writes what changed and links the rest.

The preview server rebuilds in place instead (update_tree): only files whose bytes changed
are replaced, each by an atomic rename, so the folder it serves never goes missing.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


Manifest = dict[str, str]  # path relative to the output folder -> digest of its bytes


@dataclass(frozen=True)
class Kept:
    """A file of the previous output that this build keeps as it is: its digest."""
    digest: str


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def as_bytes(content: bytes | str | Kept) -> bytes | Kept:
    return content.encode("utf-8") if isinstance(content, str) else content


def digest_of(content: bytes | Kept) -> str:
    return content.digest if isinstance(content, Kept) else digest(content)


def write_tree(files: dict[str, bytes | str | Kept], out_dir: Path, previous: Manifest | None = None) -> Manifest:
    """Write `files` into a fresh tree, then swap it in. `previous` is what out_dir holds now
    (verified): files of the same digest are linked from there instead of written."""
    manifest: Manifest = {}
    previous = previous or {}
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        made: set[Path] = set()
        for rel in sorted(files):
            content = as_bytes(files[rel])  # one file's bytes at a time: the site may be large
            manifest[rel] = digest_of(content)
            target = staging / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if previous.get(rel) == manifest[rel] and link(out_dir / rel, target):
                continue
            if isinstance(content, Kept):
                raise FileNotFoundError(f"{out_dir / rel}: kept from the previous output, but it is gone")
            target.write_bytes(content)
        os.chmod(staging, 0o755)
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def link(source: Path, target: Path) -> bool:
    """Hard-link source at target; False where that cannot be done (then the caller writes)."""
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def update_tree(files: dict[str, bytes | str | Kept], out_dir: Path, previous: Manifest) -> tuple[Manifest, int]:
    """Bring out_dir, last written with manifest `previous`, to the new contents; returns the
    new manifest and how many files were written or removed."""
    manifest: Manifest = {}
    changed = 0
    for rel in sorted(files):
        data = as_bytes(files[rel])
        manifest[rel] = digest_of(data)
        target = out_dir / rel
        if previous.get(rel) == manifest[rel] and target.is_file():
            continue
        if isinstance(data, Kept):
            raise FileNotFoundError(f"{target}: kept from the previous output, but it is gone")
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".new-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        changed += 1
    for rel in sorted(set(previous) - set(manifest)):
        (out_dir / rel).unlink(missing_ok=True)
        remove_empty_parents(out_dir / rel, out_dir)
        changed += 1
    return manifest, changed


def remove_empty_parents(path: Path, root: Path) -> None:
    for parent in path.parents:
        if parent == root or root not in parent.parents:
            return
        try:
            parent.rmdir()
        except OSError:  # not empty
            return


def swap_in(staging: Path, out_dir: Path) -> None:
    """Replace out_dir by staging with two renames; the old tree is removed afterwards."""
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
    os.rmdir(retired)
    os.replace(out_dir, retired)
    os.replace(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)
