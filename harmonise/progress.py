"""A progress bar for long conversions: on stderr, only when stderr is a terminal.

Silent when stderr is a file or a pipe (CI logs, scripts), and for short runs: the bar
appears only once a conversion has been running for `DELAY` seconds. It refreshes from the
conversion loop itself (no background thread), so `--jobs N` can fork workers safely.
"""
from __future__ import annotations

import contextlib
import sys
import time
from typing import Any, Callable, Iterator

#: Seconds before the bar appears: quick runs print nothing extra.
DELAY = 1.0
#: Seconds between redraws.
INTERVAL = 0.1


def wanted(stream: Any = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class RecordProgress:
    """Counts converted records; draws a rich progress line once the run is long."""

    def __init__(self, stream: Any = None, delay: float = DELAY):
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.count = 0
        self.started = time.monotonic()
        self.next_draw = self.started + delay
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, n: int = 1) -> None:
        self.count += n
        now = time.monotonic()
        if now < self.next_draw:
            return
        self.next_draw = now + INTERVAL
        if self.bar is None:
            self._start()
        self._draw(now)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = Console(file=self.stream, stderr=self.stream is sys.stderr)
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                            console=console, auto_refresh=False, transient=True)
        self.bar.start()
        self.task = self.bar.add_task("converting", total=None)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        self.bar.update(self.task, completed=self.count,
                        description=f"converting: {self.count:,} records ({self.count / elapsed:,.0f}/s)")
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


@contextlib.contextmanager
def progress_bar(enabled: bool = True, stream: Any = None) -> Iterator[Callable[[int], None] | None]:
    """A `progress(n)` callback for `engine.convert`, or None when no bar should show."""
    if not enabled or not wanted(stream):
        yield None
        return
    progress = RecordProgress(stream)
    try:
        yield progress
    finally:
        progress.close()
