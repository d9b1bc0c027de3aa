"""How much memory a model's graphs take: chunk sizes for scoring, and a check before training.

A graph of batch Values (a scalar ``MLP`` on batches) keeps, in each of its
nodes, an array as long as the batch, so scoring many samples at once costs
memory in proportion to parameters x samples (about 16 KB per parameter for
1,024 samples). A dense model (``DenseMLP``) keeps a few arrays per layer,
(samples, layer width) each: memory in proportion to samples x widths, about
8 MB per 1,000-wide layer for 1,024 samples. ``scalar_chunk_rows`` and
``dense_chunk_rows`` size the chunks that ``retrograd.evaluation`` scores, and
``check_memory`` refuses, before any work, a training step that cannot fit.

It sits beside the engine and imports nothing of retrograd.
"""

from __future__ import annotations

# What a graph costs, measured on MLPs (Linux, 64-bit Python): per parameter, about
# NODE_BYTES for its nodes and ROW_BYTES more for each sample of a batch in them;
# a training step keeps more (gradients, the L2 penalty), a scalar step one graph per sample.
NODE_BYTES, ROW_BYTES = 700, 16
TRAIN_NODE_BYTES, TRAIN_ROW_BYTES, SCALAR_ROW_BYTES = 1300, 32, 400
# A dense layer keeps x @ W.T, + b and the activation (8 bytes a number each) per sample and
# output; training adds their gradients, and per parameter its gradient, the optimizer's
# state and the update's temporaries.
DENSE_ROW_BYTES, DENSE_TRAIN_ROW_BYTES, DENSE_PARAM_BYTES = 24, 48, 48
EVAL_BYTES = 2**30
"""The memory one chunk of evaluation may take: the chunk sizes are chosen by it."""


def scalar_chunk_rows(n_params: int, most: int = 1024) -> int:
    """How many samples to score in one graph of batch Values for a scalar model of
    ``n_params`` parameters: at most ``most``, and few enough that the graph stays
    near ``EVAL_BYTES``.

    >>> scalar_chunk_rows(337), scalar_chunk_rows(91_501), scalar_chunk_rows(1_005_001)
    (1024, 689, 23)
    """
    return max(1, min(most, (EVAL_BYTES // max(1, n_params) - NODE_BYTES) // ROW_BYTES))


def dense_chunk_rows(widths: int, most: int = 1024) -> int:
    """How many samples to score at once with a dense model whose layers have ``widths``
    outputs in all: at most ``most``, and few enough for ``EVAL_BYTES``.

    >>> dense_chunk_rows(2001), dense_chunk_rows(10**7)
    (1024, 4)
    """
    return max(1, min(most, EVAL_BYTES // (DENSE_ROW_BYTES * max(1, widths))))


def scalar_step_bytes(n_params: int, batch: int, per_sample: bool = False) -> int:
    """About how many bytes one training step of ``batch`` samples takes for a scalar
    model (an estimate from measurements, within a factor of two), or scoring in
    chunks if that is more; ``per_sample``: one graph per sample.

    >>> round(scalar_step_bytes(1_005_001, 80) / 2**30, 1)
    3.6
    """
    per_row = SCALAR_ROW_BYTES if per_sample else TRAIN_ROW_BYTES
    return n_params * max(TRAIN_NODE_BYTES + per_row * batch,
                          NODE_BYTES + ROW_BYTES * scalar_chunk_rows(n_params))


def dense_step_bytes(n_params: int, widths: int, batch: int) -> int:
    """The same for a dense model whose layers have ``widths`` outputs in all.

    >>> round(dense_step_bytes(1_005_001, 2001, 80) / 2**20)
    93
    """
    rows = max(DENSE_TRAIN_ROW_BYTES * batch, DENSE_ROW_BYTES * dense_chunk_rows(widths))
    return n_params * DENSE_PARAM_BYTES + widths * rows


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


def check_memory(need: int, n_params: int, batch: int) -> None:
    """Raise ``MemoryError`` before training when one step, which needs about ``need``
    bytes, would not fit in the memory available, with the numbers."""
    have = available_memory()
    if have is not None and need > have:
        raise MemoryError(f"one training step of this model ({n_params:,} parameters) on "
                          f"{batch} samples needs about {need / 2**30:.1f} GB of memory, more "
                          f"than the {have / 2**30:.1f} GB available: use fewer or smaller "
                          f"layers, or smaller batches")


__all__ = ["scalar_chunk_rows", "dense_chunk_rows", "scalar_step_bytes", "dense_step_bytes",
           "available_memory", "check_memory", "EVAL_BYTES"]
