"""Real local Unix users for a demo or test hub: an instructors' group, instructors, students.

Needs root (``useradd``/``groupadd``). Each user gets a home of their own (mode 0700) with
the Jupyter config of their role (:func:`autograder.hub.config.write_user_config`);
instructors are in the instructors' group, which owns the exchange, students are not.
:func:`remove_class` deletes exactly what :func:`create_class` made.
"""

from __future__ import annotations

import grp
import pwd
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from autograder.hub.config import INSTRUCTOR, STUDENT, write_user_config

__all__ = ["HubClass", "create_class", "home_of", "remove_class"]


@dataclass
class HubClass:
    """The users and group of a hub, and which of them this process created."""

    group: str
    users: dict[str, str]  # name -> role
    created_users: list[str] = field(default_factory=list)
    created_group: bool = False

    @property
    def students(self) -> list[str]:
        """The students' user names, sorted."""
        return sorted(u for u, role in self.users.items() if role == STUDENT)

    @property
    def instructors(self) -> list[str]:
        """The instructors' user names, sorted."""
        return sorted(u for u, role in self.users.items() if role == INSTRUCTOR)


def _run(*cmd: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(cmd)}` failed: {done.stderr.strip()}")


def _exists(name: str, db=pwd) -> bool:  # noqa: ANN001 - pwd or grp
    try:
        (db.getpwnam if db is pwd else db.getgrnam)(name)
    except KeyError:
        return False
    return True


def home_of(user: str) -> Path:
    """A user's home folder.

    Examples
    --------
    >>> home_of("root")
    PosixPath('/root')
    """
    return Path(pwd.getpwnam(user).pw_dir)


def create_class(group: str, users: dict[str, str], exchange: Path,
                 course_dir: Path | None = None) -> HubClass:
    """Create the group and the users that do not exist yet, and write every user's config.

    Parameters
    ----------
    group : str
        The instructors' group.
    users : dict
        User name -> ``"student"`` or ``"instructor"``.
    exchange : Path
        The exchange root written into everyone's nbgrader config.
    course_dir : Path, optional
        The course folder named in the instructors' nbgrader config.
    """
    made = HubClass(group, dict(users))
    try:
        if not _exists(group, grp):
            _run("groupadd", group)
            made.created_group = True
        for name, role in users.items():
            if not _exists(name):
                groups = ["-G", group] if role == INSTRUCTOR else []
                _run("useradd", "--create-home", "--shell", "/bin/bash", "--user-group",
                     *groups, name)
                made.created_users.append(name)
            elif role == INSTRUCTOR:
                _run("usermod", "-a", "-G", group, name)
            home = home_of(name)
            home.chmod(0o700)
            config = write_user_config(home / ".jupyter", role, exchange, course_dir)
            for path in [config, *config.rglob("*")]:
                shutil.chown(path, name, name)
    except BaseException:
        remove_class(made)
        raise
    return made


def remove_class(made: HubClass) -> None:
    """Delete the users (with their homes) and the group that :func:`create_class` created."""
    for name in made.created_users:
        # the hub stops their servers; --force: a process still ending does not keep the user
        subprocess.run(["userdel", "--remove", "--force", name], capture_output=True)
    if made.created_group:
        subprocess.run(["groupdel", made.group], capture_output=True)
