"""Open ZIP archives from users safely: no path traversal, bounded size and member count."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from wifiplan.errors import InputError, LimitError

__all__ = ["MAX_MEMBERS", "MAX_TOTAL_BYTES", "MAX_MEMBER_BYTES", "open_zip", "read_member", "check_name"]

#: Most members an archive may list (an Ekahau project has a few dozen plus images).
MAX_MEMBERS = 10_000
#: Most bytes all members may expand to (declared sizes), 1 GiB.
MAX_TOTAL_BYTES = 1 << 30
#: Most bytes one member may expand to, 512 MiB (checked while reading too: sizes can lie).
MAX_MEMBER_BYTES = 512 << 20
#: Highest compression ratio accepted for a member larger than 1 MiB (zip bombs reach 1000+).
MAX_RATIO = 200


def check_name(name: str, archive: str) -> None:
    """Refuse member names that could escape a folder (``../``, absolute, drive letters)."""
    p = PurePosixPath(name.replace("\\", "/"))
    if name.startswith(("/", "\\")) or ".." in p.parts or (len(name) > 1 and name[1] == ":") or "\x00" in name:
        raise InputError(f"{archive}: unsafe member name {name!r} (path traversal); refusing the archive")


def open_zip(path: str | Path, *, max_members: int = MAX_MEMBERS, max_total_bytes: int = MAX_TOTAL_BYTES) -> zipfile.ZipFile:
    """Open ``path`` as a ZIP after checking names, member count and declared sizes.

    Raises
    ------
    InputError
        If the file is not a ZIP or a member name is unsafe.
    LimitError
        If it has too many members, expands beyond the limits or is compressed
        suspiciously well (a zip bomb).
    """
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(f"{path}: not found") from None
    except (zipfile.BadZipFile, OSError) as err:
        raise InputError(f"{path}: not a ZIP archive ({err})") from None
    try:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise LimitError(f"{path}: {len(infos):,} members exceed the limit of {max_members:,}; refusing the archive")
        total = 0
        for info in infos:
            check_name(info.filename, str(path))
            total += info.file_size
            if info.file_size > MAX_MEMBER_BYTES or (
                info.file_size > (1 << 20) and info.file_size > MAX_RATIO * max(info.compress_size, 1)
            ):
                raise LimitError(
                    f"{path}: member {info.filename!r} expands to {info.file_size:,} bytes from "
                    f"{info.compress_size:,} (a zip bomb?); refusing the archive"
                )
        if total > max_total_bytes:
            raise LimitError(
                f"{path}: members expand to {total:,} bytes, over the limit of {max_total_bytes:,}; refusing the archive"
            )
    except BaseException:
        zf.close()
        raise
    return zf


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo | str, *, limit: int = MAX_MEMBER_BYTES) -> bytes:
    """Read one member, stopping at ``limit`` bytes whatever its header claims."""
    if isinstance(info, str):
        info = zf.getinfo(info)
    with zf.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise LimitError(f"{zf.filename}: member {info.filename!r} expands beyond {limit:,} bytes; refusing the archive")
    return data
