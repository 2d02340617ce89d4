"""The quantizations a twin's MLC build comes in, and the 4-bit group quantizer.

- `q0f32`: float32 weights and activations; bit for bit what PyTorch computes, up to summation order. The
  reference build: its greedy ids must equal PyTorch's.
- `q4f32_1`: 4-bit weights in groups of 32, a float32 scale per group, float32 activations. Runs on any WebGPU
  adapter (no `shader-f16` needed).
- `q4f16_1`: the same 4-bit weights with float16 scales and float16 activations and KV cache; needs the
  adapter's `shader-f16` feature (most desktop and phone GPUs, not SwiftShader).

A 4-bit group: the 32 weights of one output row that share a scale, `max|w| / 7`; each weight is stored as
`round(w / scale) + 7` in [0, 14], eight to a uint32, lowest bits first. Symmetric, so zero stays exactly zero.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from tvm import te, tirx

GROUP_SIZE = 32
VALUES_PER_WORD = 8  # 4-bit values per uint32
MAX_LEVEL = 7  # a weight is one of -7..7 times its group's scale


@dataclass(frozen=True)
class Quantization:
    name: str
    bits: int  # 32 for unquantized weights, 4 for grouped
    dtype: str  # activations, norms, biases, scales and the KV cache

    @property
    def quantized(self) -> bool:
        return self.bits == 4

    @property
    def required_features(self) -> list[str]:
        return ["shader-f16"] if self.dtype == "float16" else []


QUANTIZATIONS = {
    q.name: q
    for q in (
        Quantization("q0f32", 32, "float32"),
        Quantization("q4f32_1", 4, "float32"),
        Quantization("q4f16_1", 4, "float16"),
    )
}


def quantize(weight: np.ndarray, scale_dtype: str) -> tuple[np.ndarray, np.ndarray]:
    """A [rows, cols] float matrix as (packed uint32 [rows, cols / 8], scales [rows, cols / 32])."""
    rows, cols = weight.shape
    if cols % GROUP_SIZE:
        raise ValueError(f"a {rows}x{cols} weight cannot be cut into groups of {GROUP_SIZE} columns")
    groups = weight.astype(np.float32).reshape(rows, cols // GROUP_SIZE, GROUP_SIZE)
    scale = np.abs(groups).max(axis=-1, keepdims=True) / MAX_LEVEL
    # Scales are stored in the build's dtype; levels are computed against the stored scale, so that
    # dequantizing with it gives the nearest representable weight.
    scale = scale.astype(scale_dtype).astype(np.float32)
    safe = np.where(scale == 0, 1, scale)
    levels = (np.clip(np.rint(groups / safe), -MAX_LEVEL, MAX_LEVEL) + MAX_LEVEL).astype(np.uint32)
    levels = levels.reshape(rows, cols // VALUES_PER_WORD, VALUES_PER_WORD)
    shifts = np.arange(VALUES_PER_WORD, dtype=np.uint32) * 4
    packed = np.bitwise_or.reduce(levels << shifts, axis=-1).astype(np.uint32)
    return packed, scale.reshape(rows, cols // GROUP_SIZE).astype(scale_dtype)


def dequantize(packed: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """The float32 weights a packed matrix stands for (the inverse of `quantize`, up to rounding)."""
    rows, words = packed.shape
    shifts = np.arange(VALUES_PER_WORD, dtype=np.uint32) * 4
    levels = (packed[:, :, None] >> shifts) & 15
    weights = levels.reshape(rows, words * VALUES_PER_WORD).astype(np.float32) - MAX_LEVEL
    return weights * np.repeat(scale.astype(np.float32), GROUP_SIZE, axis=1)


def dequantize_at(
    packed: te.Tensor, scale: te.Tensor, row: tirx.PrimExpr, col: tirx.PrimExpr, dtype: str
) -> tirx.PrimExpr:
    """One weight of a packed matrix, as a TE expression (the GPU kernels' version of `dequantize`)."""
    word = packed[row, col // VALUES_PER_WORD]
    level = (word >> ((col % VALUES_PER_WORD) * 4).astype("uint32")) & tirx.const(15, "uint32")
    return (level.astype(dtype) - tirx.const(MAX_LEVEL, dtype)) * scale[row, col // GROUP_SIZE].astype(dtype)
