"""The private folder a pack is written in until it is complete.

It sits in the pack's own folder, because only a rename within one filesystem moves a finished file
into place in one step, and is named for the process building it (`.panel-tool-build-<pid>`) and
readable by its owner only. SQLite's journal is written beside the pack, so it lands there too. A
build that fails removes its folder; one killed outright (SIGKILL, a power cut) cannot, so every
build first removes the folders of builds that are no longer running.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from panel_tool.errors import InputError

BUILD_FOLDER_PREFIX = ".panel-tool-build-"


def clear_abandoned_builds(folder: Path) -> None:
    """Remove the private folders, in `folder`, of builds whose process has ended. Called before this
    process makes its own, so a folder with this process's id is a killed build's (ids are reused)."""
    for candidate in folder.glob(f"{BUILD_FOLDER_PREFIX}*"):
        pid = candidate.name.removeprefix(BUILD_FOLDER_PREFIX)
        if candidate.is_dir() and not candidate.is_symlink() and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(candidate, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0 asks only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def make_build_folder(pack: Path) -> Path:
    """The private folder for building `pack`, in the pack's folder (after clearing any abandoned ones)."""
    clear_abandoned_builds(pack.parent)
    private = pack.parent / f"{BUILD_FOLDER_PREFIX}{os.getpid()}"
    try:
        private.mkdir(mode=0o700)
    except OSError as exc:
        raise InputError(f"the pack cannot be written in this folder ({exc.strerror})", file=str(pack),
                         expected="a folder you can write to") from None
    return private


def remove_build_folder(private: Path) -> None:
    shutil.rmtree(private, ignore_errors=True)
