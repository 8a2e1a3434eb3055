"""Where one incremental build's CPU time goes, phase by phase, in one process.

    python bench/build_phases.py PROJECT OUT [--jobs N]

Builds PROJECT into OUT once (as `briefings build -C PROJECT --out OUT` would, incremental
from OUT's cache) with a CPU-time counter around each stage of the pipeline and of the
planners (an addition's: reading the stored briefings, ranking, assembling, planning;
and rendering, indexing, saving), and prints them, largest first. The counters nest
(a stage's figure includes those of the stages it calls) and cost microseconds each, so
unlike cProfile, which multiplies the time of Python-heavy code several times over,
the figures add up to the build's. CPU time of the render workers and of Pagefind is
the "children" figure. Time a change with it: add a briefing, run this, look.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import os
import time
from collections import defaultdict
from pathlib import Path

# module -> functions (or Class.method) timed; those a module imported by name are timed
# where it calls them (the importing module's name is patched)
STAGES = {
    "generator.incremental": ["last_build", "input_digest", "with_files", "plan", "start_from_last", "save",
                              "save_manifest"],
    "generator.incremental.addition": ["assemble", "changed_pages", "page_fingerprints", "load_bodies", "sitemap",
                                       "why_not_added_here", "link_check_moves", "load_world", "write_feed"],
    "generator.incremental.addplan": ["rank_after_adding", "assemble_site", "plan_figures", "plan_term",
                                      "plan_archive", "related_inputs"],
    "generator.incremental.quickplan": ["edited_briefing", "page_fingerprints"],
    "generator.incremental.fullplan": ["plan_in_full"],
    "generator.incremental.planstore": ["PlanStore.all_records", "PlanStore.body_context", "PlanStore.state",
                                        "PlanStore.write_addition", "PlanStore.plans", "PlanStore.write_briefings",
                                        "PlanStore._put_plans", "PlanStore._put_meta", "PlanStore._put_briefings"],
    "generator.incremental.outputs": ["output_records", "pages_to_index"],
    "generator.render": ["render_pages"],
    "generator.build": ["stage_and_publish", "index_site", "worker_files", "keep_shadow"],
    "generator.search": ["_main_pages", "filter_values", "briefing_pages", "_run_pagefind"],
}

spent: dict[str, float] = defaultdict(float)
calls: dict[str, int] = defaultdict(int)


def _timed(label: str, function):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - started
            calls[label] += 1
    return timed


def instrument() -> None:
    for module_name, names in STAGES.items():
        module = importlib.import_module(module_name)
        for name in names:
            owner, _, attribute = name.rpartition(".")
            target = getattr(module, owner) if owner else module
            label = f"{module_name.rsplit('.', 1)[-1]}.{name}"
            timed = _timed(label, getattr(target, attribute))
            if isinstance(inspect.getattr_static(target, attribute), staticmethod):
                timed = staticmethod(timed)
            setattr(target, attribute, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=0, help="render processes, as build's -j (0: one per core)")
    parser.add_argument("--clean", action="store_true", help="ignore the build cache, as build's --clean (a first build)")
    args = parser.parse_args()
    started = time.process_time()
    from generator.build import BuildOptions, build

    instrument()
    imported = time.process_time() - started
    wall = time.perf_counter()
    result = build(BuildOptions(root=args.project, out_dir=args.out, jobs=args.jobs, clean=args.clean))
    wall = time.perf_counter() - wall
    times = os.times()
    kind = "nothing to do" if result.unchanged else f"addition of {result.added}" if result.added else (
        "quick" if result.quick else "full plan")
    print(f"{kind}: {result.rendered} of {result.pages} pages rendered; wall {wall:.2f} s; CPU: this process "
          f"{times.user + times.system:.2f} s (imports {imported:.2f}), children {times.children_user + times.children_system:.2f} s")
    for label, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {seconds:7.3f} s  x{calls[label]:<5} {label}")


if __name__ == "__main__":
    main()
