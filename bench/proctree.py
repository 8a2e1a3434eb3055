"""The processes of a build, for the benches that sample its memory (Linux /proc)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def build_processes(root_pid: int) -> list[int]:
    """The process and its descendants, Pagefind and its children left out: issue 17's
    memory figure excludes the indexer."""
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        names[pid] = fields.get("Name", "").strip()
    found, pending = [], [root_pid]
    while pending:
        pid = pending.pop()
        if names.get(pid, "").startswith("pagefind"):
            continue
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def rss_kib(pid: int) -> int:
    """A process's resident set (VmRSS) in KiB; 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def rss_and_pss_kib(pid: int) -> tuple[int, int]:
    """A process's resident set (pages it shares with a process it forked, or that forked
    it, counted in each) and proportional set (shared pages divided among the processes
    sharing them, so that summed they count once), in KiB, from smaps_rollup; (0, 0) once gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:  # gone meanwhile
        return 0, 0
    fields = dict(line.split(":", 1) for line in text.splitlines()[1:] if ":" in line)
    value = lambda key: int(fields[key].split()[0]) if key in fields else 0  # noqa: E731
    return value("Rss"), value("Pss")


def peak_while_running(process: subprocess.Popen, interval: float) -> tuple[int, int]:
    """(peak RSS, peak PSS) in KiB of `process` and its descendants summed, sampled every
    `interval` seconds until it ends."""
    peak_rss = peak_pss = 0
    while process.poll() is None:
        sizes = [rss_and_pss_kib(pid) for pid in build_processes(process.pid)]
        peak_rss = max(peak_rss, sum(rss for rss, _ in sizes))
        peak_pss = max(peak_pss, sum(pss for _, pss in sizes))
        time.sleep(interval)
    return peak_rss, peak_pss
