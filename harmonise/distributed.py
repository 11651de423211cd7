"""Distributed conversion on Dask, when one machine is not enough.

Needs the optional extra: ``pip install 'harmonise[dask]'``. The plain CLI never imports
this module or Dask.

    from dask.distributed import Client, LocalCluster
    from harmonise.distributed import convert_on_dask

    with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster) as client:
        report, file_errors = convert_on_dask(["catalogue/"], ["jsonl", "ttl"], Path("out"), client=client)
    print(report.summary())

Without a client the partitions run on ``dask.bag``'s multiprocessing scheduler.

How it works: the input is cut into the same tasks as ``--jobs N`` (``harmonise.parallel``):
whole files, and shards of records of large bulk files. Each task travels to a worker
*with its bytes*, so workers need no shared file system; a worker runs the ordinary engine
(read, map, validate, encode) and sends back report entries and encoded outputs. The
client writes them in input order, at most ``window`` tasks in flight, so the output files,
their order and the run report are exactly those of ``harmonise convert`` on one process.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from harmonise.errors import HarmoniseError, UsageError


def _dask_missing(exc: ImportError) -> UsageError:
    return UsageError(f"distributed conversion needs Dask: pip install 'harmonise[dask]' ({exc})")


def run_partition(task: Any, options: Any, writer_names: list[str], epoch: int, counts_only: bool = False) -> Any:
    """Convert one partition (a file or a shard) on a Dask worker."""
    from harmonise import parallel

    key = (repr(options), tuple(writer_names), epoch, counts_only)
    if parallel._STATE.get("key") != key:
        parallel._init_worker(options, writer_names, epoch, counts_only)
        parallel._STATE["key"] = key
    return parallel.run_task(task)


def convert_on_dask(paths: Iterable[Any], writer_names: list[str], out_dir: Path, options: Any = None,
                    client: Any = None, window: int | None = None, progress: Any = None,
                    report: Any = None) -> tuple[Any, list[HarmoniseError]]:
    """Convert files and folders on a Dask cluster (or `dask.bag` locally).

    Same arguments and results as `harmonise.engine.convert`: a `RunReport` and the
    file-level errors; outputs are written under `out_dir` by this (the client) process.
    `client` is a `distributed.Client`; `window` bounds the tasks in flight (default:
    twice the cluster's worker threads, plus one).
    """
    import dataclasses
    import functools
    import tempfile

    from harmonise import parallel
    from harmonise.engine import ConvertOptions
    from harmonise.registry import registry
    from harmonise.report import RunReport

    try:
        import dask  # noqa: F401
    except ImportError as exc:
        raise _dask_missing(exc) from None
    options = options or ConvertOptions()
    reg = registry()
    writers = [reg.writer(name) for name in writer_names]
    if options.reader:
        reg.reader(options.reader)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = report if report is not None else RunReport()
    if report.counts_only:  # as engine.convert: counts, not an event per value, from the readers
        options = dataclasses.replace(options, read=dataclasses.replace(options.read, events=False))
    file_errors: list[HarmoniseError] = []
    epoch = parallel.epoch_now()
    work = functools.partial(run_partition, options=options, writer_names=list(writer_names), epoch=epoch,
                             counts_only=report.counts_only)
    if client is not None:
        threads = sum((client.nthreads() or {}).values()) or 1
        window = window or 2 * threads + 1

        def submit(function: Any, task: Any) -> Any:
            return client.submit(function, task, pure=False)
    else:
        submit = _BagSubmitter()
        window = window or 8
    sinks = [writer.open(out_dir, options.write) for writer in writers]
    try:
        with tempfile.TemporaryDirectory(prefix="harmonise-shards-") as tmp:
            tasks = parallel.inline(parallel.plan(paths, options, reg, Path(tmp)))
            results = parallel.in_order(submit, work, tasks, window)
            parallel.write_results(results, sinks, report, file_errors, progress)
    finally:
        for sink in sinks:
            report.outputs.extend(str(p) for p in sink.close())
    return report, file_errors


class _BagSubmitter:
    """`submit` for `parallel.in_order` on dask.bag: tasks run a window at a time.

    Each `result()` of the first future of a window computes the whole window as one bag
    (one partition per task) on the multiprocessing scheduler."""

    def __init__(self) -> None:
        self.batch: list[tuple[Any, Any, "_BagFuture"]] = []

    def __call__(self, function: Any, task: Any) -> "_BagFuture":
        future = _BagFuture(self)
        self.batch.append((function, task, future))
        return future

    def run(self) -> None:
        import dask.bag as db

        batch, self.batch = self.batch, []
        if not batch:
            return
        function = batch[0][0]
        bag = db.from_sequence([task for _f, task, _fut in batch], npartitions=len(batch))
        results = bag.map(function).compute(scheduler="processes")
        for (_f, _task, future), value in zip(batch, results):
            future.value = value
            future.done = True


class _BagFuture:
    def __init__(self, owner: _BagSubmitter):
        self.owner = owner
        self.done = False
        self.value: Any = None

    def result(self) -> Any:
        if not self.done:
            self.owner.run()
        return self.value
