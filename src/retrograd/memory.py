"""How much memory a model's graphs take: chunk sizes for scoring, and a check before training.

A graph of batch Values keeps, in each node, an array as long as the batch, so
scoring many samples at once costs memory in proportion to parameters x
samples (about 16 KB per parameter for 1,024 samples). ``chunk_rows`` sizes
the chunks that ``retrograd.train`` scores by that product, and
``check_memory`` refuses, before any work, a training step that cannot fit.

It sits beside the engine and imports nothing of retrograd.
"""

from __future__ import annotations

# What a graph costs, measured on MLPs (Linux, 64-bit Python): per parameter, about
# NODE_BYTES for its nodes and ROW_BYTES more for each sample of a batch in them;
# a training step keeps more (gradients, the L2 penalty), a scalar step one graph per sample.
NODE_BYTES, ROW_BYTES = 700, 16
TRAIN_NODE_BYTES, TRAIN_ROW_BYTES, SCALAR_ROW_BYTES = 1300, 32, 400
EVAL_BYTES = 2**30
"""The memory one chunk of evaluation may take: ``chunk_rows`` sizes chunks by it."""


def chunk_rows(n_params: int, most: int = 1024) -> int:
    """How many samples to score in one graph for a model of ``n_params`` parameters:
    at most ``most``, and few enough that the graph stays near ``EVAL_BYTES``.

    >>> chunk_rows(337), chunk_rows(91_501), chunk_rows(1_005_001)
    (1024, 689, 23)
    """
    return max(1, min(most, (EVAL_BYTES // max(1, n_params) - NODE_BYTES) // ROW_BYTES))


def memory_needed(n_params: int, batch: int, batched: bool = True) -> int:
    """About how many bytes one training step of ``batch`` samples takes (an estimate
    from measurements, within a factor of two), or scoring in chunks if that is more.

    >>> round(memory_needed(1_005_001, 80) / 2**30, 1)
    3.6
    """
    per_row = TRAIN_ROW_BYTES if batched else SCALAR_ROW_BYTES
    return n_params * max(TRAIN_NODE_BYTES + per_row * batch,
                          NODE_BYTES + ROW_BYTES * chunk_rows(n_params))


def available_memory() -> int | None:
    """The bytes of memory available to a new task (Linux's MemAvailable), or None."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def check_memory(n_params: int, batch: int, batched: bool = True, where: str = "fit") -> None:
    """Raise ``MemoryError`` before training when one step would not fit in the memory
    available (a model of millions of parameters), with the numbers."""
    need, have = memory_needed(n_params, batch, batched), available_memory()
    if have is not None and need > have:
        raise MemoryError(f"{where}: one training step of this model ({n_params:,} parameters) "
                          f"on {batch} samples needs about {need / 2**30:.1f} GB of memory, "
                          f"more than the {have / 2**30:.1f} GB available: use fewer or "
                          f"smaller layers, or smaller batches")


__all__ = ["chunk_rows", "memory_needed", "available_memory", "check_memory", "EVAL_BYTES"]
