"""Leaving the process without freeing what it holds, one object at a time.

When a Python process ends, the interpreter tears itself down: every module, and
every object a command left alive, is freed in turn. The operating system takes
a process's memory back whole anyway, so for a command that ends holding a large
heap this is work for nothing: `briefings build` of 1,000 briefings spent 0.10 s
of CPU (2% of the build) between its last line and its exit, and the teardown
grows with the archive.

`leave` ends the process as a normal exit would, less the teardown: standard
output and error are flushed (a failed flush exits with 120, as Python does),
the `atexit` handlers run (they remove temporary folders, end worker pools,
flush logs), and only then is the process ended. Where another thread is still
running, whose end a normal exit waits for, it exits normally instead.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

FLUSH_FAILED = 120  # the exit status Python gives when flushing standard output fails at exit


def exit_status(code: object) -> int:
    """The exit status `sys.exit(code)` gives: None is 0, a number is itself, anything
    else is printed to standard error and gives 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def leave(code: object) -> None:
    """End the process with `exit_status(code)`, as `sys.exit(code)` would, without the
    interpreter's teardown (see the module's docstring). Never returns."""
    status = exit_status(code)
    if threading.active_count() > 1:  # a normal exit waits for it: so do we
        sys.exit(status)
    atexit._run_exitfuncs()  # noqa: SLF001 (the handlers a normal exit runs, in the same order)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a closed pipe, a closed stream
            if stream is sys.stdout and status == 0:
                status = FLUSH_FAILED
    os._exit(status)
