"""Files that hold health data are readable by their owner only: folders 0700, files 0600.

Every process of the assistant calls ``secure_process()`` first: it sets the umask to 077, so
whatever it creates later (SQLite files Rasa or the booking store open, their journals, exports,
the spool) is private from birth, and it tightens the data folder (``var/``) and what is already
in it, which older versions or other tools may have left readable.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional

from clinic_core.clinic import PROJECT_ROOT

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600
DATA_DIR = PROJECT_ROOT / "var"


def make_private_dir(path: os.PathLike) -> Path:
    """Create ``path`` (and parents) if needed; the folder itself ends up 0700."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(folder, DIR_MODE)
    return folder


def secure_tree(path: os.PathLike) -> None:
    """Folders 0700 and regular files 0600, everywhere below ``path`` (symlinks are left alone)."""
    root = Path(path)
    if not root.is_dir():
        return
    os.chmod(root, DIR_MODE)
    for current, dirs, files in os.walk(root):
        for name in dirs:
            target = Path(current) / name
            if not target.is_symlink():
                os.chmod(target, DIR_MODE)
        for name in files:
            target = Path(current) / name
            if not target.is_symlink() and stat.S_ISREG(target.lstat().st_mode):
                os.chmod(target, FILE_MODE)


def secure_process(data_dir: Optional[os.PathLike] = None) -> Path:
    """umask 077 for this process, and a private data folder (default ``var/``)."""
    os.umask(PRIVATE_UMASK)
    folder = make_private_dir(data_dir or DATA_DIR)
    secure_tree(folder)
    return folder
