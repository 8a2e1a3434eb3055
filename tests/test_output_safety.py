"""The output folder belongs to the build, provably: a build replaces only a folder
that is missing, empty, or marked as this project's output, never one inside or
above what the project is made of; and it fails cleanly (no traceback, the previous
site kept) when its own old output was made read-only or the disk is full.

Every refusal is checked through the real command, with the whole project and the
folder named compared byte for byte before and after.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from generator.render import BUNDLED_THEMES
from generator.cli import main
from generator.outputdir import MARKER, marker_project, project_id
from generator.write import shadow_folder


def tree(folder: Path) -> dict[str, str]:
    """Every entry under `folder` (links not followed): files by digest, folders and links by kind."""
    found: dict[str, str] = {}
    for current, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            path = Path(current) / name
            found[path.relative_to(folder).as_posix()] = "link" if path.is_symlink() else "folder"
        for name in filenames:
            path = Path(current) / name
            found[path.relative_to(folder).as_posix()] = (
                "link" if path.is_symlink() else hashlib.sha256(path.read_bytes()).hexdigest()
            )
    return found


def run_build(root: Path, *args: str):
    return CliRunner().invoke(main, ["build", "-C", str(root), "--no-search", *args])


@pytest.fixture
def project(archive: Path) -> Path:
    """The fixture archive with a theme of its own, a git folder and a build cache, as a
    real checkout has them."""
    shutil.copytree(BUNDLED_THEMES / "default", archive / "themes" / "default")
    (archive / ".git" / "hooks").mkdir(parents=True)
    (archive / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (archive / ".cache" / "elsewhere").mkdir(parents=True)
    (archive / ".cache" / "elsewhere" / "kept").write_text("another tool's cache\n")
    return archive


# --- a folder that is not the build's ---------------------------------------------------


def test_a_folder_with_a_users_files_is_refused_and_every_file_kept(project: Path, tmp_path: Path):
    work = tmp_path / "work"
    (work / "drafts").mkdir(parents=True)
    (work / "notes.txt").write_text("my notes\n")
    (work / "drafts" / "letter.md").write_text("Dear\n")
    before, project_before = tree(work), tree(project)

    result = run_build(project, "--out", str(work))

    assert result.exit_code == 1
    assert f"refusing to replace the output folder {work}" in result.stderr
    assert "notes.txt" in result.stderr  # names what it would have lost
    assert "--out" in result.stderr  # and what to do
    assert tree(work) == before
    assert tree(project) == project_before  # nothing written anywhere: no cache, no build/
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "work"]  # no staging, no shadow beside it


def test_its_own_previous_output_is_rebuilt_as_before(project: Path, tmp_path: Path):
    site = tmp_path / "site"
    assert run_build(project, "--out", str(site)).exit_code == 0
    assert marker_project(site) == project_id(project)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("Fixture Briefings", "Renamed Briefings"))

    result = run_build(project, "--out", str(site))

    assert result.exit_code == 0, result.output
    assert "<title>Renamed Briefings" in (site / "index.html").read_text()
    assert marker_project(site) == project_id(project)


def test_an_empty_folder_is_used(project: Path, tmp_path: Path):
    site = tmp_path / "empty"
    site.mkdir()
    assert run_build(project, "--out", str(site)).exit_code == 0
    assert "<title>" in (site / "index.html").read_text(encoding="utf-8")
    assert marker_project(site) == project_id(project)  # claimed for this project from now on


PROTECTED = ["content/articles", "content/taxonomy", "content", "themes/default", "themes", ".git", ".git/hooks",
             ".cache", ".cache/briefings/site", ".", "..",
             # beside and above the preview server's folder (.cache/briefings-preview/site), the one it may write
             ".cache/briefings-preview", ".cache/briefings-preview/other"]


@pytest.mark.parametrize("target", PROTECTED)
def test_out_inside_or_above_the_projects_own_folders_is_refused_before_anything_is_written(
    project: Path, target: str
):
    before = tree(project)
    result = run_build(project, "--out", str(project / target))
    assert result.exit_code == 1
    assert "refusing to write the site to" in result.stderr
    assert tree(project) == before


@pytest.mark.parametrize("target", PROTECTED)
def test_output_dir_inside_or_above_the_projects_own_folders_is_refused_before_anything_is_written(
    project: Path, target: str
):
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + f'output_dir = "{target}"\n')
    before = tree(project)
    result = run_build(project)
    assert result.exit_code == 1
    assert "refusing to write the site to" in result.stderr
    assert tree(project) == before


def test_a_link_to_the_content_folder_is_refused_like_the_folder(project: Path, tmp_path: Path):
    (tmp_path / "innocent").symlink_to(project / "content" / "articles")
    before = tree(project)
    result = run_build(project, "--out", str(tmp_path / "innocent"))
    assert result.exit_code == 1
    assert "inside the content folder" in result.stderr
    assert tree(project) == before


def test_a_site_of_another_project_is_refused(project: Path, tmp_path: Path):
    site = tmp_path / "shared-site"
    other = tmp_path / "other"
    shutil.copytree(project, other, ignore=shutil.ignore_patterns(".git", ".cache"))
    assert run_build(other, "--out", str(site)).exit_code == 0
    before = tree(site)

    result = run_build(project, "--out", str(site))

    assert result.exit_code == 1
    assert "another project" in result.stderr
    assert tree(site) == before


def test_a_site_folder_made_into_a_repository_is_not_replaced(project: Path):
    assert run_build(project).exit_code == 0
    (project / "build" / ".git").mkdir()  # to push the site to a pages branch by hand
    (project / "build" / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    before = tree(project / "build")
    result = run_build(project, "--clean")
    assert result.exit_code == 1
    assert "holds a git repository" in result.stderr
    assert tree(project / "build") == before


# --- the folders beside the output: shadow and staging -----------------------------------


def test_a_users_folder_where_the_shadow_goes_is_refused_and_kept(project: Path):
    shadow = shadow_folder((project / "build").resolve())
    shadow.mkdir()
    (shadow / "mine.txt").write_text("not a site\n")
    result = run_build(project)
    assert result.exit_code == 1
    assert f"refusing to replace {shadow}" in result.stderr
    assert (shadow / "mine.txt").read_text() == "not a site\n"
    assert not (project / "build").exists()


def test_a_stale_staging_folder_that_is_not_the_builds_is_left_alone(project: Path):
    stranger = project / ".build.staging-999999999"  # named like one, from no live process
    stranger.mkdir()
    (stranger / "mine.txt").write_text("kept\n")
    assert run_build(project).exit_code == 0
    assert (stranger / "mine.txt").read_text() == "kept\n"


def test_a_build_killed_while_removing_a_stale_staging_folder_leaves_one_the_next_build_removes(project: Path):
    assert run_build(project).exit_code == 0
    stale = project / ".build.staging-999999999"  # a killed build's, from no live process
    shutil.copytree(project / "build", stale)
    # Kill a removal for real after a few files are gone, as SIGKILL would take a build
    # cleaning up: the marker must be what survives, so the folder is still known as ours.
    killed_midway = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from generator import write\n"
        "real_unlink, removed = os.unlink, []\n"
        "def unlink(path, *args, **kwargs):\n"
        "    real_unlink(path, *args, **kwargs)\n"
        "    removed.append(path)\n"
        "    if len(removed) == 3:\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "os.unlink = unlink\n"
        "write.remove_tree(Path(sys.argv[1]))\n"
    )
    completed = subprocess.run([sys.executable, "-c", killed_midway, str(stale)])
    assert completed.returncode == -9
    assert (stale / MARKER).is_file() and len(tree(stale)) > 2
    assert run_build(project, "--clean").exit_code == 0  # a build that stages (a no-op does not)
    assert not stale.exists()


def test_a_killed_builds_staging_folder_is_removed_though_its_process_id_was_reused(project: Path):
    assert run_build(project).exit_code == 0
    other = subprocess.Popen(["sleep", "60"])  # a live process holding the id a killed build had
    try:
        started = Path(f"/proc/{other.pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[19].decode()
        reused = project / f".build.staging-{other.pid}-{int(started) - 1}"  # the killed build's start
        running = project / f".build.staging-{other.pid}-{started}"  # that process's own, as a build's
        for folder in (reused, running):
            shutil.copytree(project / "build", folder)
        assert run_build(project, "--clean").exit_code == 0
        assert not reused.exists()
        assert (running / MARKER).is_file()  # a build still running keeps its staging folder
    finally:
        other.kill()
        other.wait()


def test_a_build_with_nothing_to_do_still_clears_a_killed_builds_staging_folder(project: Path):
    # a build killed just after publishing leaves the previous site in its staging
    # folder, and the content is then what build/ shows: the next build has nothing to do
    assert run_build(project).exit_code == 0
    stale = project / ".build.staging-999999999"
    shutil.copytree(project / "build", stale)
    result = run_build(project)
    assert result.exit_code == 0 and "Nothing changed" in result.output
    assert not stale.exists()


def test_removing_a_folder_of_the_builds_deletes_its_marker_last(project: Path):
    assert run_build(project).exit_code == 0
    doomed = project / ".build.staging-999999999"
    shutil.copytree(project / "build", doomed)
    order_of_removal = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from generator import write\n"
        "real_unlink = os.unlink\n"
        "def unlink(path, *args, **kwargs):\n"
        "    print(os.path.basename(path))\n"
        "    real_unlink(path, *args, **kwargs)\n"
        "os.unlink = unlink\n"
        "write.remove_tree(Path(sys.argv[1]))\n"
    )
    completed = subprocess.run([sys.executable, "-c", order_of_removal, str(doomed)], capture_output=True, text=True)
    removed = completed.stdout.split()
    assert completed.returncode == 0 and not doomed.exists()
    assert len(removed) > 10 and removed[-1] == MARKER


def test_the_shadow_and_the_output_carry_the_marker_and_nothing_else_differs(project: Path, tmp_path: Path):
    assert run_build(project).exit_code == 0
    shadow = shadow_folder((project / "build").resolve())
    assert marker_project(project / "build") == marker_project(shadow) == project_id(project)
    # the marker names the project by a digest, never by its path
    assert str(project).encode() not in (project / "build" / MARKER).read_bytes()
    # and only the marker depends on where the project is: the service worker's version does not
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(project, elsewhere, ignore=shutil.ignore_patterns("build", ".build.*", ".cache"))
    assert run_build(elsewhere).exit_code == 0
    first, second = tree(project / "build"), tree(elsewhere / "build")
    assert {path for path in first.keys() | second.keys() if first.get(path) != second.get(path)} == {MARKER}


# --- sites of builds from before the marker ----------------------------------------------


def unmark(project: Path) -> None:
    """Make build/ and its shadow what a build from before the marker left."""
    for folder in (project / "build", shadow_folder((project / "build").resolve())):
        (folder / MARKER).unlink()


def test_a_site_built_before_the_marker_existed_is_rebuilt(project: Path):
    assert run_build(project).exit_code == 0
    unmark(project)
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("Fixture Briefings", "Renamed Briefings"))

    result = run_build(project)

    assert result.exit_code == 0, result.output
    assert "<title>Renamed Briefings" in (project / "build" / "index.html").read_text()
    assert marker_project(project / "build") == project_id(project)


def test_a_site_built_before_the_marker_with_a_users_file_added_is_refused(project: Path):
    assert run_build(project).exit_code == 0
    unmark(project)
    (project / "build" / "articles" / "notes.txt").write_text("written by hand\n")
    before = tree(project / "build")
    result = run_build(project, "--clean")
    assert result.exit_code == 1
    assert "articles/notes.txt" in result.stderr
    assert tree(project / "build") == before


# --- a previous site made read-only -------------------------------------------------------


NOBODY = 65534


@pytest.fixture
def unprivileged() -> Iterator[tuple[Path, list[str]]]:
    """(a folder, the command prefix that runs `briefings` as a user without root's
    power over permissions): root may unlink in a read-only folder, so only another
    user shows the failure."""
    if os.geteuid() != 0:
        yield Path(tempfile.mkdtemp()), [sys.executable, "-m", "generator"]
        return
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to build as an ordinary user here")
    prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable, "-m", "generator"]
    reachable = subprocess.run([*prefix, "--version"], capture_output=True, text=True, cwd="/")
    if reachable.returncode != 0:
        pytest.skip(f"user nobody cannot run this interpreter and package: {reachable.stderr.strip()[-200:]}")
    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    folder.chmod(0o755)
    os.chown(folder, NOBODY, NOBODY)
    try:
        yield folder, prefix
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # as root: the read-only folders go too


def test_a_previous_site_made_read_only_is_rebuilt(archive: Path, unprivileged):
    folder, briefings = unprivileged
    root = folder / "project"
    shutil.copytree(archive, root)
    for path in (root, *root.rglob("*")):
        os.lchown(path, os.stat(folder).st_uid, os.stat(folder).st_gid)

    def build_as_user() -> subprocess.CompletedProcess:
        return subprocess.run(
            [*briefings, "build", "--no-search", "-C", str(root)], capture_output=True, text=True, cwd="/"
        )

    def retitle(title: str) -> None:
        pyproject = root / "pyproject.toml"
        pyproject.write_text(pyproject.read_text().replace('title = "', f'title = "{title} ', 1))

    assert build_as_user().returncode == 0
    # the user protects the published site: every folder in it read-only
    subprocess.run([*briefings[:-3], "chmod", "-R", "a-w", str(root / "build")], check=True)
    retitle("Second")
    assert build_as_user().returncode == 0  # build/ (read-only) is now the shadow
    retitle("Third")

    third = build_as_user()  # changes the read-only shadow into the new site

    assert third.returncode == 0, third.stderr
    assert "Traceback" not in third.stderr
    assert "<title>Third Second Fixture Briefings" in (root / "build" / "index.html").read_text()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".build")) == [".build.shadow"]


# --- a full disk ---------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 16 MB file system (tmpfs), where this machine lets the tests mount one."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root; not running as root here")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill `disk` to the last byte, then free `leave` bytes; the filler file."""
    filler = disk / "filler"
    # unbuffered: a buffered writer keeps the bytes a full disk refused and fails again when
    # closed, unless the free space happened to be a multiple of the chunk
    with filler.open("wb", buffering=0) as stream:
        try:
            while True:
                stream.write(b"\0" * 65536)
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler


@pytest.mark.parametrize("leave", [0, 64 * 1024], ids=["nothing-free", "64-kB-free"])
def test_a_full_disk_fails_with_a_message_and_keeps_the_site_and_the_cache(archive: Path, small_disk: Path, leave: int):
    root = small_disk / "project"
    shutil.copytree(archive, root)
    briefings = [sys.executable, "-m", "generator", "build", "-C", str(root)]
    # the site and the cache to keep are made in this process; the builds on the full disk
    # and after it, each a process of its own as a user's, start from what is on disk alone
    assert CliRunner().invoke(main, ["build", "-C", str(root)]).exit_code == 0
    site_before = tree(root / "build")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("Fixture Briefings", "Renamed Briefings"))  # every page anew
    filler = fill(small_disk, leave)

    failed = subprocess.run(briefings, capture_output=True, text=True)

    assert failed.returncode == 1
    assert "no space left on the device" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert tree(root / "build") == site_before
    assert not [p.name for p in root.iterdir() if ".staging-" in p.name]

    filler.unlink()
    rebuilt = subprocess.run(briefings, capture_output=True, text=True)  # with the cache as the failure left it
    assert rebuilt.returncode == 0, rebuilt.stderr
    clean = CliRunner().invoke(main, ["build", "-C", str(root), "--clean", "--out", str(small_disk / "clean")])
    assert clean.exit_code == 0, clean.output
    built, expected = tree(root / "build"), tree(small_disk / "clean")
    differing = {path for path in built.keys() | expected.keys() if built.get(path) != expected.get(path)}
    assert {path for path in differing if not path.startswith("pagefind/")} == set()
    assert "<title>Renamed Briefings" in (root / "build" / "index.html").read_text()


def can_mount_tmpfs() -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    mount_point = tempfile.mkdtemp()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount_point], capture_output=True)
        if mounted.returncode == 0:
            subprocess.run(["umount", mount_point], check=True)
        return mounted.returncode == 0
    finally:
        os.rmdir(mount_point)


def test_a_full_disk_without_a_small_file_system_to_fill(archive: Path, monkeypatch: pytest.MonkeyPatch):
    """Where no tmpfs can be mounted (CI runs as an ordinary user), the page writer is
    made to find the disk full after a few files: the same message, the same site kept."""
    if os.environ.get("BRIEFINGS_TEST_WRITE_LAYER") != "1" and can_mount_tmpfs():
        pytest.skip("a real small tmpfs is filled here instead (test_a_full_disk_fails_with_...)")
    import errno

    import generator.build
    import generator.write

    assert run_build(archive, "-j", "1").exit_code == 0
    site_before = tree(archive / "build")
    pyproject = archive / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace("Fixture Briefings", "Renamed Briefings"))
    real_write_file = generator.write.write_file
    written = []

    def write_file_on_a_full_disk(target: Path, payload: bytes) -> str:
        if len(written) == 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(target)
        return real_write_file(target, payload)

    monkeypatch.setattr(generator.write, "write_file", write_file_on_a_full_disk)
    monkeypatch.setattr(generator.build, "write_file", write_file_on_a_full_disk)
    failed = run_build(archive, "-j", "1")
    assert failed.exit_code == 1
    assert "no space left on the device" in failed.stderr
    assert tree(archive / "build") == site_before
    monkeypatch.undo()
    assert run_build(archive, "-j", "1").exit_code == 0
    assert "<title>Renamed Briefings" in (archive / "build" / "index.html").read_text()


def test_the_preview_servers_folder_is_marked_as_this_projects(archive: Path):
    from generator.serve import DevServer

    server = DevServer(archive, port=0, echo=lambda text: None)  # not started: no thread serves or watches
    try:
        assert server.rebuild(jobs=1) is not None
        assert marker_project(server.out_dir) == project_id(archive)
        (archive / "pyproject.toml").write_text((archive / "pyproject.toml").read_text().replace("Fixture", "Other"))
        assert server.rebuild(jobs=1) is not None  # its own folder: rebuilt, as every save does
        assert "<title>Other Briefings" in (server.out_dir / "index.html").read_text()
    finally:
        server.httpd.server_close()
