"""A demo class on JupyterHub for an instructor to try: ``python3 workbook.py hub``.

Needs root (it creates Unix users). Installs what is missing (jupyterhub, Debian's
nodejs/npm, configurable-http-proxy), creates the users ``demo-teacher`` (instructor) and
``demo-ada``, ``demo-bob``, ``demo-cyd`` (students) and the group ``demo-instructors``, makes
the private exchange in ``/srv/course-hub/exchange``, releases week1 to it
(``course release week1``) and starts the hub on ``http://127.0.0.1:PORT``. Everyone's
password is printed. Ctrl-C (or ``kill``) stops the hub and deletes the users it created (with their
homes) and the group; ``/srv/course-hub`` (course folder, exchange) stays.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
from pathlib import Path

from autograder.errors import CourseError

__all__ = ["main"]

BASE = Path("/srv/course-hub")
GROUP = "demo-instructors"
USERS = {"demo-teacher": "instructor", "demo-ada": "student", "demo-bob": "student",
         "demo-cyd": "student"}


def main(argv: list[str] | None = None) -> int:
    """Start the demo hub; stop it and remove its users on Ctrl-C."""
    parser = argparse.ArgumentParser(prog="workbook.py hub", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000, help="the hub's port on 127.0.0.1")
    parser.add_argument("--base", type=Path, default=BASE,
                        help="folder of the exchange, course folder and hub (default %(default)s)")
    args = parser.parse_args(argv)
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        print("workbook.py hub creates Unix users for the demo: run it as root "
              "(sudo python3 workbook.py hub)", file=sys.stderr)
        return 2
    from autograder.hub.exchange import prepare_root, release_week
    from autograder.hub.launcher import Hub, install_parts
    from autograder.hub.users import create_class, remove_class
    from autograder.settings import SOLUTIONS

    reason = install_parts(sys.executable)
    if reason:
        print(f"workbook.py hub: {reason}", file=sys.stderr)
        return 2
    base = args.base
    exchange, course_dir = base / "exchange", base / "course"
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o755)
    course_dir.mkdir(mode=0o700, exist_ok=True)
    password = secrets.token_urlsafe(9)

    def stop(signum: int, frame: object) -> None:  # a `kill` cleans up like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)  # also when started in the background
    people = create_class(GROUP, USERS, exchange, course_dir)
    hub = None
    try:
        prepare_root(exchange, GROUP)
        os.environ["COURSE_EXCHANGE"] = str(exchange)
        try:
            release_week("week1", course_dir, SOLUTIONS)
        except CourseError as exc:
            print(f"workbook.py hub: could not release week1: {exc}", file=sys.stderr)
            return 2
        hub = Hub(base / "hub", USERS, password, port=args.port).start()
        print(f"\nJupyterHub: {hub.url}   password for everyone: {password}\n"
              f"  instructor: demo-teacher   students: demo-ada, demo-bob, demo-cyd\n"
              f"  week1 is released; as root, with COURSE_EXCHANGE={exchange}:\n"
              f"    .venv/bin/course collect --exchange --week week1 --to {base}/collected\n"
              f"    .venv/bin/course grade {base}/collected --course-dir {course_dir}\n"
              f"    .venv/bin/course feedback week1 --course-dir {course_dir}\n"
              f"  hub log: {hub.log_path}\nCtrl-C stops the hub and removes the demo users.",
              flush=True)
        hub.process.wait()
        print(f"jupyterhub stopped:\n{hub.log_tail()}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        if hub is not None:
            hub.stop()
        remove_class(people)


if __name__ == "__main__":
    sys.exit(main())
