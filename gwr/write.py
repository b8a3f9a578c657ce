"""Stage 10: write the site atomically.

Everything is written into a temporary folder beside the output folder, which is swapped in
only when every file is there. A build that fails or is killed leaves the previous site whole.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class DuplicatePath(ValueError):
    pass


def write_tree(files: dict[str, bytes | str], copies: dict[str, Path], out_dir: Path) -> int:
    """Write `files` (text or bytes) and copy `copies` into a fresh tree, then swap it in."""
    clash = set(files) & set(copies)
    if clash:
        raise DuplicatePath(f"two outputs for the same path: {sorted(clash)[0]}")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-new-", dir=out_dir.parent))
    try:
        for rel, content in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            target.write_bytes(data)
        for rel, source in sorted(copies.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        os.chmod(staging, 0o755)
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files) + len(copies)


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
