"""Keep a demo process running: start it again whenever it exits (the database worker dies
on a lost database connection), or, with `--every SECONDS`, run it again that often (the
sweeper). Production leaves this to systemd (`Restart=always`, a timer) or its equivalent.

    python -m dzong.demo_supervisor [--every SECONDS] -- COMMAND [ARG...]
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from types import FrameType

RESTART_DELAY = 1.0  # seconds: a command that fails at once does not spin the processor


def supervise(command: list[str], *, every: float, runs: int | None = None) -> None:
    """Run `command` for ever (or `runs` times): again `every` seconds after it started, or
    at once (after a short pause) when it exits by itself and no interval is given."""
    while runs is None or runs > 0:
        runs = None if runs is None else runs - 1
        started = time.monotonic()
        status = _run(command)
        if every <= 0:
            print(f"{command[0]} exited ({status}); starting it again", file=sys.stderr)
        if runs != 0:
            time.sleep(max(RESTART_DELAY, every - (time.monotonic() - started)))


def _run(command: list[str]) -> int:
    """Run the command to its end; stopped with it if the supervisor is stopped."""
    child = subprocess.Popen(command)  # noqa: S603  # the Makefile's own command
    try:
        return child.wait()
    finally:
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


def _exit(signum: int, frame: FrameType | None) -> None:
    sys.exit(0)


def main(argv: list[str] | None = None) -> None:
    """Read the arguments and supervise the command."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.0, help="run again this often")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    if not command:
        parser.error("give the command to run after --")
    signal.signal(signal.SIGTERM, _exit)
    signal.signal(signal.SIGINT, _exit)
    supervise(command, every=options.every)


if __name__ == "__main__":
    main()
