"""The generator's key follows the versions of the libraries that shape its output,
read without importing them."""

from __future__ import annotations

import subprocess
import sys

from generator.codekey import LIBRARIES, _library_stamp


def test_each_library_is_stamped_with_the_version_it_states():
    import jinja2
    import markdown_it

    assert set(LIBRARIES) == {"jinja2", "markdown_it"}
    assert f'__version__ = "{jinja2.__version__}"'.encode() in _library_stamp("jinja2")
    assert f'__version__ = "{markdown_it.__version__}"'.encode() in _library_stamp("markdown_it")


def test_a_library_that_is_not_installed_is_stamped_as_missing():
    assert _library_stamp("no_such_library_here") == b"no_such_library_here: not found\0"


def test_the_key_is_found_without_importing_the_libraries():
    code = "import sys, generator.codekey as c; c.build_key(); print('jinja2' in sys.modules, 'markdown_it' in sys.modules)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.split() == ["False", "False"]
