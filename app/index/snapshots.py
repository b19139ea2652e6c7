"""The fitted index on disk: one file per snapshot, written atomically, loaded mapped.

``INDEX_DIR`` (default ``instance/index``) holds ``engine-<watermark>-<time>.snap`` files
and ``CURRENT``, the name of the newest. A snapshot is written to a temporary name and
renamed, and ``CURRENT`` is replaced the same way, so a reader never sees half a file.

The file is a pickle (protocol 5, read by the C unpickler) whose numpy arrays are stored
out of band after it, each aligned; loading maps the file copy-on-write and hands the
arrays to the unpickler as views of the map: nothing is copied, workers on one machine
share the pages, and a loaded matcher still takes updates (its pages are copied on write).

A snapshot is immutable: written once, made read-only, never changed in place (a file
changed under a process that has it mapped kills that process with SIGBUS). It ends with a
trailer holding its length and a CRC-32 of its contents; a file that is shorter, longer or
damaged is refused before it is mapped (about 0.5 s a GB), and the caller rebuilds.
With several web machines, ``INDEX_DIR`` is a shared directory (NFS or
similar) or each machine runs its own ``flask index build`` (README, "Several machines").
"""

import fcntl
import json
import logging
import mmap
import os
import pickle
import stat
import struct
import tempfile
import time
import zlib
from contextlib import contextmanager

# Bump when what a snapshot holds changes shape: older files are then ignored and rebuilt.
FORMAT = 4  # 4: segments hold countries, matchers their crossings (engine v3)
MAGIC = b"KOPSNAP3"
TRAILER = struct.Struct("<8sQI")  # b"KOPSNEND", the length before the trailer, CRC-32
END = b"KOPSNEND"
ALIGN = 64
CHUNK = 16 * 1024 * 1024
KEEP = 2
log = logging.getLogger(__name__)


def _current_path(folder):
    return os.path.join(folder, "CURRENT")


def current_name(folder):
    """The file name of the newest snapshot, or None."""
    try:
        with open(_current_path(folder), encoding="utf-8") as fh:
            name = fh.read().strip()
    except FileNotFoundError:
        return None
    return name if name and os.path.exists(os.path.join(folder, name)) else None


def watermark_of(name):
    """The change id a snapshot file covers, from its name (``engine-<id>-<time>``)."""
    try:
        return int(name.split("-")[1])
    except (IndexError, ValueError):
        return -1


def save(folder, payload):
    """Write ``payload`` (a dict) as the newest snapshot; returns its file name."""
    os.makedirs(folder, exist_ok=True)
    name = f"engine-{payload['watermark']:012d}-{time.time_ns()}.snap"
    payload = {**payload, "format": FORMAT}
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".writing-", suffix=".snap")
    os.close(fd)
    try:
        dump(payload, tmp)
        os.replace(tmp, os.path.join(folder, name))
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".current-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(name)
    os.replace(tmp, _current_path(folder))
    _prune(folder, keep={name})
    return name


def _prune(folder, keep):
    names = sorted(n for n in os.listdir(folder) if n.startswith("engine-"))
    for old in names[:-KEEP]:
        if old not in keep:
            try:
                os.unlink(os.path.join(folder, old))
            except FileNotFoundError:
                pass


def load(folder, name=None):
    """(payload, name) of the newest snapshot (or of ``name``); None when there is none or
    it cannot be read (another format, a damaged file): the caller rebuilds."""
    name = name or current_name(folder)
    if name is None:
        return None
    try:
        payload = load_file(os.path.join(folder, name))
    except Exception:  # noqa: BLE001 - any unreadable snapshot is rebuilt, not fatal
        log.exception("snapshot %s could not be loaded; it will be rebuilt", name)
        return None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        return None
    return payload, name


def dump(obj, path):
    """Write ``obj`` (header, pickle, every out-of-band buffer at an aligned offset, then
    the trailer) and make the file read-only."""
    buffers = []
    data = pickle.dumps(obj, protocol=5, buffer_callback=buffers.append)
    raws = [b.raw() for b in buffers]
    layout, offset = [], 0
    for raw in raws:
        layout.append((offset, raw.nbytes))
        offset += -(-raw.nbytes // ALIGN) * ALIGN
    header = json.dumps({"pickle": len(data), "buffers": layout}).encode()
    head = MAGIC + struct.pack("<Q", len(header)) + header
    start = -(-(len(head) + len(data)) // ALIGN) * ALIGN
    with open(path, "wb") as fh:
        fh.write(head)
        crc = zlib.crc32(data)
        fh.write(data)
        written = len(head) + len(data)
        for (at, _size), raw in zip(layout, raws, strict=True):
            for piece in (bytes(start + at - written), raw):
                crc = zlib.crc32(piece, crc)
                fh.write(piece)
            written = start + at + raw.nbytes
        fh.write(TRAILER.pack(END, written, crc))
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def _check_whole(fh, path, body_start):
    """Refuse a file whose length or CRC-32 is not what its trailer says (before mapping
    it: reading a mapped page past the end of a truncated file is a SIGBUS)."""
    size = os.fstat(fh.fileno()).st_size
    if size < body_start + TRAILER.size:
        raise ValueError(f"{path} is truncated")
    fh.seek(size - TRAILER.size)
    end, length, crc = TRAILER.unpack(fh.read(TRAILER.size))
    if end != END or length != size - TRAILER.size:
        raise ValueError(f"{path} is truncated or has been changed")
    fh.seek(body_start)
    actual, left = 0, length - body_start
    while left > 0:
        piece = fh.read(min(CHUNK, left))
        if not piece:
            raise ValueError(f"{path} is truncated")
        actual = zlib.crc32(piece, actual)
        left -= len(piece)
    if actual != crc:
        raise ValueError(f"{path} is damaged (checksum mismatch)")


def load_file(path):
    """Read what ``dump`` wrote, after checking it whole; the arrays are copy-on-write views
    of the mapped file."""
    with open(path, "rb") as fh:
        if fh.read(len(MAGIC)) != MAGIC:
            raise ValueError(f"{path} is not a snapshot")
        (size,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(size))
        _check_whole(fh, path, len(MAGIC) + 8 + size)
        fh.seek(len(MAGIC) + 8 + size)
        data = fh.read(header["pickle"])
        start = -(-(len(MAGIC) + 8 + size + header["pickle"]) // ALIGN) * ALIGN
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY)
    view = memoryview(mapped)
    buffers = [view[start + at : start + at + n] for at, n in header["buffers"]]
    return pickle.loads(data, buffers=buffers)


@contextmanager
def build_lock(folder):
    """One builder at a time on this machine (the other workers wait, then load)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, ".build.lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
