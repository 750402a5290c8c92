"""A progress bar for the command line."""

import sys
import time


class ProgressBar:
    """A plain progress bar on a terminal; silent when the output is not one."""

    def __init__(self, total: int, stream=None, width: int = 40, unit: str = "projects") -> None:
        self.total = total
        # sys.stderr when called, not when this module was first imported (pytest swaps it).
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.unit = unit
        self.started = time.perf_counter()
        self.active = self.stream.isatty()

    def __call__(self, done: int) -> None:
        if not self.active:
            return
        share = done / self.total if self.total else 1.0
        filled = int(self.width * share)
        seconds = time.perf_counter() - self.started
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(
            f"\r[{bar}] {share:4.0%} {done}/{self.total} {self.unit:<10} {seconds:6.1f} s"
        )
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()

    def stage(self, stage: str, done: int, total: int | None) -> None:
        """The progress(stage, done, total) callback that imports, exports and memo rendering
        take (and jobs report through): the bar for a known total, a count otherwise."""
        self.unit = stage
        if total:
            self.total = total
            self(done)
        elif self.active:
            seconds = time.perf_counter() - self.started
            self.stream.write(f"\r{stage}: {done} {seconds:6.1f} s")
            self.stream.flush()
