"""Stage 10: write the site atomically.

Everything is written into a temporary folder beside the output folder, which is swapped in
only when every file is there. A build that fails or is killed leaves the previous site whole.

A file whose bytes the previous output already holds (a page whose inputs did not change
comes as `Kept`, without its bytes) is hard-linked from the previous output into the new
tree rather than written again, so a rebuild writes what changed and links the rest.

The preview server rebuilds in place instead (InPlaceTree): only files whose bytes changed
are replaced, each by an atomic rename, so the folder it serves never goes missing.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable

from gwr.digest import digest, running_digest
from gwr.model import Kept, Streamed, as_bytes


log = logging.getLogger(__name__)
Manifest = dict[str, str]  # path relative to the output folder -> digest of its bytes


def write_pieces(stream: BinaryIO, pieces: Iterable[bytes]) -> str:
    """Write the pieces; the digest of the bytes written (as digest() gives it)."""
    hashed = running_digest()
    for piece in pieces:
        hashed.update(piece)
        stream.write(piece)
    return hashed.hexdigest()


def digest_of(content: bytes | Kept) -> str:
    return content.digest if isinstance(content, Kept) else digest(content)


class SiteTree:
    """What both ways of writing share: the manifest of the files added, each path once."""

    def __init__(self, out_dir: Path, previous: Manifest | None = None):
        self.out_dir, self.previous = out_dir, previous or {}
        self.manifest: Manifest = {}
        # A string path: a rebuild adds thousands of files, and pathlib costs more than the checks.
        self._out = str(out_dir)

    def __enter__(self):
        return self

    def __exit__(self, kind, error, trace) -> None:
        pass

    def record(self, rel: str, content: bytes | str | Kept) -> tuple[bytes | Kept, bool]:
        """(content as bytes or Kept, whether the previous output holds these very bytes)."""
        data = as_bytes(content)
        return data, self.claim(rel, digest_of(data))

    def claim(self, rel: str, file_digest: str) -> bool:
        """Put a file in the manifest; whether the previous output holds these very bytes."""
        if rel in self.manifest:
            raise ValueError(f"{rel}: two files of the site have this path")
        self.manifest[rel] = file_digest
        return self.previous.get(rel) == file_digest

    def bytes_to_write(self, rel: str, data: bytes | Kept) -> bytes:
        if isinstance(data, Kept):
            raise FileNotFoundError(f"{self.out_dir / rel}: kept from the previous output, but it is gone")
        return data


@dataclass
class Spare:
    """The tree the last build swapped out, kept beside the output to be the next build's
    staging tree: `manifest` is what it holds (verified), so that a rebuild replaces only
    the files that changed since, and makes no folders and links no files for the rest."""
    path: Path
    stats: dict[str, tuple[str, int, int]]  # path -> (digest, size, time of change) of each file

    @property
    def manifest(self) -> Manifest:
        return {rel: digest for rel, (digest, _, _) in self.stats.items()}


def spare_path(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}-spare")


class StagedTree(SiteTree):
    """A new tree beside out_dir, written file by file as the build makes them (so that the
    site is never held in memory whole), swapped in by finish(). `previous` is what out_dir
    holds now (verified): files of the same digest are linked from there instead of written.
    With a `spare`, that tree is brought up to date instead of a new one made. With
    `keep_spare`, finish() leaves a spare for the next build: the tree swapped out when
    `previous_whole` (it holds `previous` and nothing else), else a copy of the new tree made of
    links; `spare_holds` tells which ("previous" or "new")."""

    def __init__(self, out_dir: Path, previous: Manifest | None = None, remove: Callable[[Path], object] | None = None,
                 spare: Spare | None = None, keep_spare: bool = False, previous_whole: bool = False):
        super().__init__(out_dir, previous)
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.remove = remove or remove_now  # what becomes of a tree no longer wanted
        self.keep_spare, self.previous_whole = keep_spare, previous_whole
        self.spare_holds: str | None = None
        self.reused: dict[str, str] = {}  # path -> "held" (by the spare) or "linked" (from out_dir)
        self.reusing = spare is not None
        if spare is not None:
            self.staging, self.held = spare.path, spare.manifest
        else:
            # Named by this process, so that a later build can tell a tree left by a build that
            # was killed from one being written now (remove_retired).
            staging = tempfile.mkdtemp(prefix=f".{out_dir.name}-new-{os.getpid()}-", dir=out_dir.parent)
            self.staging, self.held = Path(staging), {}
        # Paths as strings: a rebuild adds thousands of files, and pathlib costs more than the links.
        self._staging = str(self.staging)
        self._made: set[str] = set()

    def __exit__(self, kind, error, trace) -> None:
        if kind is not None:  # the build failed or was stopped: out_dir stays as it was
            self.remove(self.staging)

    def add(self, rel: str, content: bytes | str | Kept | Streamed) -> None:
        if isinstance(content, Streamed):
            self.add_streamed(rel, content)
            return
        data, unchanged = self.record(rel, content)
        if self.held.get(rel) == self.manifest[rel]:
            self.reused[rel] = "held"
            return
        target = os.path.join(self._staging, rel)
        make_parent(target, self._made)
        if self.reusing:
            # A spare's file may be a link to the file the output serves: replaced, never written through.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
        if unchanged and link(os.path.join(self._out, rel), target):
            self.reused[rel] = "linked"
            return
        with open(target, "xb") as stream:
            stream.write(self.bytes_to_write(rel, data))

    def add_streamed(self, rel: str, content: Streamed) -> None:
        """Written whatever the previous output holds: its bytes are known only once written."""
        target = os.path.join(self._staging, rel)
        make_parent(target, self._made)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)  # a spare's file, or a link to the output's
        with open(target, "xb") as stream:
            self.claim(rel, write_pieces(stream, content.pieces))

    def finish(self) -> int:
        """Swap the new tree in; returns how many files differ from the previous output."""
        for rel in sorted(self.held.keys() - self.manifest.keys()):
            os.unlink(os.path.join(self._staging, rel))
            remove_empty_parents(self.staging / rel, self.staging)
        os.chmod(self.staging, 0o755)
        retired = swap_in(self.staging, self.out_dir)
        if retired is not None and self.keep_spare and self.previous_whole:
            os.replace(retired, spare_path(self.out_dir))
            self.spare_holds = "previous"
        else:
            if retired is not None:
                self.remove(retired)
            if self.keep_spare:
                try:
                    link_tree(self.out_dir, self.manifest, spare_path(self.out_dir))
                    self.spare_holds = "new"
                except OSError as err:  # only the next build's speed depends on it
                    log.warning("no spare tree beside %s (%s)", self.out_dir, err)
                    self.remove(spare_path(self.out_dir))
        changed = sum(1 for rel, digest in self.manifest.items() if self.previous.get(rel) != digest)
        return changed + len(self.previous.keys() - self.manifest.keys())


# A file this large replaces its old copy in a thread (InPlaceTree.replace): the kernel takes
# tens of milliseconds to free the old copy (sections.jsonl, 60 MB at 1,000 reports), which
# the rest of an edit's build need not wait for; finish() does.
RENAMED_BESIDE = 4 * 2**20


class InPlaceTree(SiteTree):
    """out_dir, last written with manifest `previous`, brought to the new contents file by
    file: a file whose bytes changed is replaced by an atomic rename, and finish() removes
    the files the build no longer made. The folder is never missing while it is served; a
    build that fails leaves every file it wrote whole, and the next build puts the rest right."""

    def __init__(self, out_dir: Path, previous: Manifest):
        super().__init__(out_dir, previous)
        self.changed = 0
        self._renaming: ThreadPoolExecutor | None = None
        self._renames: list[Future] = []

    def __exit__(self, kind, error, trace) -> None:
        try:
            self.renamed()
        except OSError:
            if kind is None:  # else the build's own error is the one to tell
                raise

    def add(self, rel: str, content: bytes | str | Kept | Streamed) -> None:
        if isinstance(content, Streamed):
            self.replace(self.out_dir / rel, lambda stream: self.claim(rel, write_pieces(stream, content.pieces)))
            return
        data, unchanged = self.record(rel, content)
        if unchanged and os.path.isfile(os.path.join(self._out, rel)):
            return
        target = self.out_dir / rel
        data = self.bytes_to_write(rel, data)

        def write(stream: BinaryIO) -> bool:
            stream.write(data)
            return False  # known to differ: unchanged files returned above
        self.replace(target, write)

    def replace(self, target: Path, write: Callable[[BinaryIO], bool]) -> None:
        """target replaced by what write(stream) writes, unless it says the output holds
        these bytes already."""
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".new-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                same = write(stream)
                size = stream.tell()
            if same and target.is_file():
                os.unlink(temporary)
                return
            os.chmod(temporary, 0o644)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        if size >= RENAMED_BESIDE:
            self._renaming = self._renaming or ThreadPoolExecutor(1, thread_name_prefix="rename")
            self._renames.append(self._renaming.submit(rename_over, temporary, target))
        else:
            rename_over(temporary, target)
        self.changed += 1

    def renamed(self) -> None:
        """Wait for the renames started beside the build (an error in one raised here)."""
        renames, self._renames = self._renames, []
        for rename in renames:
            rename.result()
        if self._renaming is not None:
            self._renaming.shutdown()
            self._renaming = None

    def finish(self) -> int:
        """Remove what the build no longer made; returns how many files were written or removed."""
        self.renamed()
        for rel in sorted(self.previous.keys() - self.manifest.keys()):
            (self.out_dir / rel).unlink(missing_ok=True)
            remove_empty_parents(self.out_dir / rel, self.out_dir)
            self.changed += 1
        return self.changed


def rename_over(temporary: str, target: Path) -> None:
    """target replaced by the file at temporary, atomically; temporary removed if it cannot be."""
    try:
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def link(source: str, target: str) -> bool:
    """Hard-link source at target; False where that cannot be done (then the caller writes)."""
    try:
        os.link(source, target)
        return True
    except OSError:
        return False


def link_tree(source: Path, files: Iterable[str], target: Path) -> None:
    """A tree at target of links to the files of source."""
    made: set[str] = set()
    for rel in files:
        path = os.path.join(target, rel)
        make_parent(path, made)
        os.link(os.path.join(source, rel), path)


def make_parent(path: str, made: set[str]) -> None:
    """The folder of path, made once (`made`: those made so far): a tree has thousands of
    files in few folders."""
    parent = os.path.dirname(path)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def put_files(tree: StagedTree | InPlaceTree, files: dict[str, bytes | str | Kept | Streamed]) -> int:
    """Every file into the tree, then finish it; returns what finish() counts."""
    with tree:
        for rel in sorted(files):
            tree.add(rel, files[rel])
        return tree.finish()


def write_tree(files: dict[str, bytes | str | Kept | Streamed], out_dir: Path, previous: Manifest | None = None) -> Manifest:
    """All of `files` as a new out_dir, swapped in whole."""
    tree = StagedTree(out_dir, previous)
    put_files(tree, files)
    return tree.manifest


def update_tree(files: dict[str, bytes | str | Kept | Streamed], out_dir: Path, previous: Manifest) -> tuple[Manifest, int]:
    """out_dir brought to `files` in place; (the new manifest, files written or removed)."""
    tree = InPlaceTree(out_dir, previous)
    changed = put_files(tree, files)
    return tree.manifest, changed


def remove_empty_parents(path: Path, root: Path) -> None:
    for parent in path.parents:
        if parent == root or root not in parent.parents:
            return
        try:
            parent.rmdir()
        except OSError:  # not empty
            return


def swap_in(staging: Path, out_dir: Path) -> Path | None:
    """Replace out_dir by staging with two renames; returns where the old tree went, if any."""
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return None
    retired = retire(out_dir)
    os.replace(staging, out_dir)
    return retired


def retire(tree: Path, out_dir: Path | None = None) -> Path:
    """Move a tree beside out_dir (by default: the tree itself) out of the way, under a name
    that marks it for removal (remove_retired); returns the new name."""
    out_dir = out_dir or tree
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
    os.rmdir(retired)
    os.replace(tree, retired)
    return retired


def remove_now(tree: Path) -> None:
    shutil.rmtree(tree, ignore_errors=True)


def remove_in_background(tree: Path) -> subprocess.Popen:
    """Remove a tree in a process of its own that outlives this one: build.py returns as soon
    as the new site is in place (removing a large site's old tree takes a good part of a
    rebuild). A removal cut short leaves a hidden folder that the next build removes. A
    thread waits for it, so that a process that builds again and again (the preview) is not
    left with an exited child it never reaped."""
    process = subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                                str(tree)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    threading.Thread(target=process.wait, name="reap the removal", daemon=True).start()
    return process


def remove_retired(out_dir: Path, remove: Callable[[Path], object] = remove_now) -> None:
    """Trees swapped out by earlier builds whose removal did not finish, and trees left by
    builds that were killed before they could swap theirs in."""
    if not out_dir.parent.is_dir():
        return
    for path in sorted(out_dir.parent.glob(f".{out_dir.name}-old-*")):
        remove(path)
    for path in sorted(out_dir.parent.glob(f".{out_dir.name}-new-*")):
        pid = path.name[len(f".{out_dir.name}-new-"):].split("-", 1)[0]
        if pid.isdigit() and not process_alive(int(pid)):
            remove(retire(path, out_dir))


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        pass
    return True
