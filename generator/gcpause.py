"""Python's cyclic garbage collector paused while the data layer builds its records.

Loading, validating and analysing a zoo makes hundreds of thousands of objects (CSV rows, models, figures,
points) that all live on in the catalogue. Each time enough of them have been made, the collector walks the
young ones, and now and then every tracked object: at 100,000 models that was a third of the data layer's time
(bench/README.md), spent finding next to no garbage, as what was made is kept. Pausing it loses nothing:
whatever cyclic garbage a run leaves is collected when the collector next runs, after it.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside the block; the collector is enabled again after it if it was
    enabled before (so nested blocks, and a caller that disabled it, are left as they were)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def gc_paused(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` run inside ``paused()``."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return func(*args, **kwargs)

    return run
