"""NumPy, imported when first needed, the one way the generator imports it.

Not at the top of the modules that use it (the related-briefings ranking, the maps): a
build with nothing to do, and `briefings check`, need none of it. The generator does no
linear algebra, so OpenBLAS (which NumPy loads) starts one thread rather than one per
core, unless told otherwise: a third of NumPy's import (0.025 s of an addition's CPU).
"""

from __future__ import annotations

import os


def numpy():  # type: ignore[no-untyped-def]
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import numpy

    return numpy
