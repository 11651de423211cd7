"""The cycle collector is paced by records while converting, and given back as it was."""
from __future__ import annotations

import gc
import weakref

from harmonise.cycles import paced_by_records
from harmonise.engine import ConvertOptions, iter_converted


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


def test_cycles_left_by_records_are_freed_every_n_records():
    assert gc.isenabled()
    with paced_by_records(every=3) as tick:
        assert not gc.isenabled()
        garbage = _Node()
        alive = weakref.ref(garbage)
        del garbage
        tick(), tick()
        assert alive() is not None  # not yet: two records since the last collection
        tick()
        assert alive() is None
    assert gc.isenabled()


def test_a_caller_that_manages_the_collector_keeps_it(corpus):
    gc.disable()
    try:
        with paced_by_records(every=1) as tick:
            garbage = _Node()
            alive = weakref.ref(garbage)
            del garbage
            tick()
            assert alive() is not None
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.collect()


def test_conversion_gives_the_collector_back_even_when_abandoned(corpus):
    items = iter_converted([str(corpus / "hdruk")], ConvertOptions())
    first = next(items)
    assert first.record is not None and not gc.isenabled()
    items.close()
    assert gc.isenabled()
    assert all(item.report.status != "failed" for item in iter_converted([str(corpus / "hdruk" / "hdruk300.json")],
                                                                        ConvertOptions()))
    assert gc.isenabled()
