"""generator/quickexit.py: a process ends as `sys.exit` would end it, less the teardown.

Each case runs a real Python process: what is specified is what a shell sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

# output buffered as a command's is when it writes to a pipe (some machines set this)
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, check=False,
        env=BUFFERED,
    )


def test_the_exit_status_is_what_sys_exit_gives():
    assert run("from generator.quickexit import leave; leave(None)").returncode == 0
    assert run("from generator.quickexit import leave; leave(3)").returncode == 3
    said = run("from generator.quickexit import leave; leave('no project here')")
    assert said.returncode == 1
    assert said.stderr == "no project here\n"


def test_buffered_output_and_exit_handlers_are_not_lost():
    # output not yet flushed (a pipe is block-buffered), and a handler that prints: both
    # reach the reader, the handler after what the command printed, as on a normal exit
    done = run("""
        import atexit
        from generator.quickexit import leave
        atexit.register(lambda: print("handler ran"))
        print("built", end="; ")
        leave(0)
    """)
    assert done.returncode == 0
    assert done.stdout == "built; handler ran\n"


def test_temporary_folders_are_removed_as_on_a_normal_exit(tmp_path):
    done = run(f"""
        import tempfile
        from generator.quickexit import leave
        held = tempfile.TemporaryDirectory(dir={str(tmp_path)!r})
        leave(0)
    """)
    assert done.returncode == 0
    assert list(tmp_path.iterdir()) == []


def test_the_teardown_is_skipped():
    # an object's finalizer runs in the teardown of a normal exit, not here
    code = """
        import sys
        from generator.quickexit import leave
        class Noisy:
            def __del__(self):
                sys.stdout.write("freed")
        kept = Noisy()
        {}
    """
    assert run(code.format("sys.exit(0)")).stdout == "freed"
    assert run(code.format("leave(0)")).stdout == ""


def test_a_running_thread_is_waited_for_as_on_a_normal_exit():
    done = run("""
        import threading, time
        from generator.quickexit import leave
        threading.Thread(target=lambda: (time.sleep(0.2), print("thread finished"))).start()
        leave(0)
    """)
    assert done.returncode == 0
    assert done.stdout == "thread finished\n"


def test_a_closed_pipe_on_standard_output_gives_120_as_python_does():
    def status(ending: str) -> int:
        # a line still in the buffer when the command ends: flushing it at exit fails
        reader = subprocess.Popen(
            [sys.executable, "-c", f"import sys; from generator.quickexit import leave; print('x'); {ending}"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=BUFFERED,
        )
        assert reader.stdout is not None
        reader.stdout.close()  # the reader went away (`briefings ... | head`)
        return reader.wait(timeout=60)

    assert status("sys.exit(0)") == 120
    assert status("leave(0)") == 120
