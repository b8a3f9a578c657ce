"""Stage 10: write the site atomically.

Everything is written into a temporary folder beside the output folder, which is swapped in
only when every file is there. A build that fails or is killed leaves the previous site whole.

The preview server rebuilds in place instead (update_tree): only files whose bytes changed
are replaced, each by an atomic rename, so the folder it serves never goes missing.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


Manifest = dict[str, str]  # path relative to the output folder -> digest of its bytes


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def site_bytes(files: dict[str, bytes | str]) -> dict[str, bytes]:
    """Every output path with its bytes, in a stable order."""
    return {rel: c.encode("utf-8") if isinstance(c, str) else c for rel, c in sorted(files.items())}


def write_tree(files: dict[str, bytes | str], out_dir: Path) -> Manifest:
    """Write `files` (text or bytes) into a fresh tree, then swap it in."""
    contents = site_bytes(files)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        for rel, data in contents.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        os.chmod(staging, 0o755)
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {rel: digest(data) for rel, data in contents.items()}


def update_tree(files: dict[str, bytes | str], out_dir: Path, previous: Manifest) -> tuple[Manifest, int]:
    """Bring out_dir, last written with manifest `previous`, to the new contents; returns the
    new manifest and how many files were written or removed."""
    contents = site_bytes(files)
    manifest = {rel: digest(data) for rel, data in contents.items()}
    changed = 0
    for rel, data in contents.items():
        target = out_dir / rel
        if previous.get(rel) == manifest[rel] and target.is_file():
            continue
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
