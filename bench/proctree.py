"""The processes of a build, for the benches that sample its memory (Linux /proc)."""

from __future__ import annotations

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
