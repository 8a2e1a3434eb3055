"""Content that cannot be read is an error naming it, never a hole in the site.

A year folder or a briefing the build may not read (chmod 000), and symbolic links
that loop, each make `briefings check` and `briefings build` print a
`path: error: message` line and exit 1, and the site built before is left as it was.

Root reads everything, whatever the permissions say, so the commands run as an
unprivileged user: `nobody` through setpriv when the tests run as root (as in CI),
else the user running the tests. That user needs an interpreter it may run and the
installed packages it may read: the code under test is copied beside the archive,
into a folder it may read, and the test is skipped, saying why, where no interpreter
on this machine will do.
"""

from __future__ import annotations

import compileall
import os
import shutil
import site
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import FIXTURE_ARCHIVE, REPO
from generator.outputdir import MARKER, marker_bytes, project_id

SETPRIV = shutil.which("setpriv")
AS_NOBODY = [SETPRIV or "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


@dataclass(frozen=True)
class Unprivileged:
    """How to run `briefings` as a user that permissions apply to."""

    prefix: list[str]  # the setpriv command, or nothing when we are not root
    python: str
    environment: dict[str, str]
    folder: Path  # readable by that user: the code and the archives go here
    owner: tuple[int, int] | None  # uid, gid to give the archives, when we are root

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.prefix, self.python, "-m", "generator", *args],
            env=self.environment, cwd=self.folder, capture_output=True, text=True, timeout=300,
        )

    def archive(self, name: str, source: Path = FIXTURE_ARCHIVE) -> Path:
        """A copy of `source` (the fixture archive unless given) that this user owns."""
        root = self.folder / name
        shutil.copytree(source, root, symlinks=True)
        if self.owner is not None:
            for path in [root, *root.rglob("*")]:
                os.chown(path, *self.owner, follow_symlinks=False)
        return root


def _candidates() -> list[str]:
    version = f"{sys.version_info.major}.{sys.version_info.minor}"  # compiled packages need the same
    found = [sys.executable, os.path.realpath(sys.executable), f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"]
    return list(dict.fromkeys(path for path in found if Path(path).exists()))


@pytest.fixture(scope="module")
def unprivileged() -> Unprivileged:
    folder = Path(tempfile.mkdtemp(prefix="briefings-unreadable-"))
    try:
        folder.chmod(0o755)
        code = folder / "code"  # the code under test, where the other user may read it
        shutil.copytree(REPO / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
        # compiled once here, as an installed package is: the other user may not write
        # bytecode beside the copy, and each of the module's 18 commands compiled what it
        # imported again (0.06 s of a check's CPU, 0.1-0.2 s of a build's)
        compileall.compile_dir(code / "generator", quiet=1)
        shutil.copytree(REPO / "themes", code / "themes")
        environment = {
            "PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8",
            "PYTHONPATH": os.pathsep.join([str(code), *site.getsitepackages()]),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        if os.geteuid() == 0:
            if SETPRIV is None:
                pytest.skip("running as root, and setpriv (util-linux) is not installed to run as nobody")
            prefix, owner = AS_NOBODY, (65534, 65534)
        else:
            prefix, owner = [], None
        probe = "import generator, yaml, markdown_it, jinja2, numpy; print(generator.__file__)"
        tried = []
        for python in _candidates():
            result = subprocess.run(
                [*prefix, python, "-c", probe], env=environment, cwd=folder, capture_output=True, text=True,
            )
            if result.returncode == 0 and result.stdout.strip() == str(code / "generator" / "__init__.py"):
                yield Unprivileged(prefix, python, environment, folder, owner)
                return
            tried.append(f"{python}: {(result.stderr.strip().splitlines() or ['?'])[-1]}")
        reason = "no interpreter with this project's packages runs as an unprivileged user here: " + "; ".join(tried)
        print(reason)
        pytest.skip(reason)
    finally:
        for path in folder.rglob("*"):  # make what the tests locked readable again, to remove it
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def site_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_once(unprivileged: Unprivileged) -> Path:
    """The fixture archive built as the unprivileged user, once for the module."""
    root = unprivileged.archive("built-once")
    result = unprivileged.run("build", "--no-search", "-j", "1", "-C", str(root))
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def built(unprivileged: Unprivileged, built_once: Path, request: pytest.FixtureRequest) -> Path:
    """A built fixture archive of the test's own to break: a copy of `built_once` (a build
    each, as before, was 1.3-2.6 s of every test). The ownership marker of the site and of
    the shadow beside it is the one file whose bytes depend on where the project is
    (generator/outputdir.py): each is signed for the copy's place, as a build there writes it."""
    root = unprivileged.archive(request.node.name.replace("[", "-").replace("]", ""), source=built_once)
    markers = [root / folder / MARKER for folder in ("build", ".build.shadow")]
    assert markers[0].is_file()
    for marker in markers:
        if marker.is_file():
            marker.write_bytes(marker_bytes(project_id(root)))
    return root


def assert_refused(unprivileged: Unprivileged, root: Path, expected: str) -> None:
    """check and build each exit 1 with the `path: error: message` line, leaving the site as it was."""
    before = site_files(root)
    for command in (["check"], ["build", "--no-search", "-j", "1"]):
        result = unprivileged.run(*command, "-C", str(root))
        output = result.stdout + result.stderr  # check prints to stdout, build to stderr
        assert result.returncode == 1, (command, output)
        assert "Traceback" not in output, output
        assert expected in output.splitlines(), (command, output)
    assert site_files(root) == before


def test_an_unreadable_year_folder_is_an_error_not_a_missing_year(unprivileged: Unprivileged, built: Path):
    (built / "content/articles/2023").chmod(0)
    assert_refused(
        unprivileged, built, "content/articles/2023: error: cannot read the folder: Permission denied",
    )


def test_an_unreadable_briefing_is_an_error_naming_it(unprivileged: Unprivileged, built: Path):
    (built / "content/articles/2024/blinken-in-riyadh.md").chmod(0)
    assert_refused(
        unprivileged, built, "content/articles/2024/blinken-in-riyadh.md: error: cannot read the file: Permission denied",
    )


def test_an_unreadable_vocabulary_is_an_error_naming_it(unprivileged: Unprivileged, built: Path):
    (built / "content/taxonomy/actors.yaml").chmod(0)
    assert_refused(unprivileged, built, "content/taxonomy/actors.yaml: error: cannot read the file: Permission denied")


def test_a_symbolic_link_loop_is_an_error_naming_it(unprivileged: Unprivileged, built: Path):
    os.symlink("loop.md", built / "content/articles/2024/loop.md")
    assert_refused(unprivileged, built, "content/articles/2024/loop.md: error: cannot read it: symbolic link loop")


def test_folders_linked_in_a_loop_are_an_error_naming_them(unprivileged: Unprivileged, built: Path):
    os.symlink("b", built / "content/articles/a")
    os.symlink("a", built / "content/articles/b")
    assert_refused(unprivileged, built, "content/articles/a: error: cannot read it: symbolic link loop")


def test_a_file_name_with_a_line_break_stays_on_its_line(unprivileged: Unprivileged, built: Path):
    text = (built / "content/articles/2024/blinken-in-riyadh.md").read_text(encoding="utf-8")
    broken = built / "content/articles/2024/two\nlines.md"
    broken.write_text(text.replace("title:", "title: 12345\nsummary:", 1), encoding="utf-8")
    if unprivileged.owner is not None:
        os.chown(broken, *unprivileged.owner)
    assert_refused(
        unprivileged, built,
        "content/articles/2024/two\\nlines.md:2: error: field 'title': must be text, not the number 12345",
    )
