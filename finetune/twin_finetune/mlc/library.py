"""Compile a twin into a WebGPU model library (`*-webgpu.wasm`) that stock web-llm loads.

The library holds the model's functions (model.py), the sampler (sampling.py), the WGSL shaders of every
kernel, and `_metadata`: a JSON string web-llm reads first (the parameter names it loads from
tensor-cache.json, in the order the functions take them, and the prefill chunk size).

The pipeline is TVM's own generic GPU pipeline (dispatch, legalize and fuse, the dlight GPU schedules, lowering
to the VM) with our passes (passes.py): a race-free attention merge kernel first, the sort-kernel rewrites after
the schedules. The host code is wasm32 object code, which emscripten links with TVM's web runtime bitcode
(web_runtime.py).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import tvm
from tvm import relax
from tvm.relax.backend import gpu_generic

from .architecture import Architecture
from .model import TwinLM
from .passes import race_free_merge_state, webgpu_sort_kernels
from .quantization import Quantization
from .sampling import Sampler

WEBGPU = {"kind": "webgpu", "host": {"kind": "llvm", "mtriple": "wasm32-unknown-unknown-wasm"}}


@dataclass(frozen=True)
class Library:
    param_names: list[str]
    shaders: dict[str, str]  # kernel name -> WGSL source


def metadata(arch: Architecture, quantization: Quantization, named_params: list) -> dict:
    return {
        "model_type": arch.model_type,
        "quantization": quantization.name,
        "kv_state_kind": "kv_cache",
        "prefill_chunk_size": arch.prefill_chunk,
        "max_batch_size": 1,
        "params": [{"name": name, "shape": [int(d) for d in p.shape], "dtype": p.dtype} for name, p in named_params],
    }


def _with_metadata(mod: tvm.IRModule, info: dict) -> tvm.IRModule:
    bb = relax.BlockBuilder(mod)
    with bb.function("_metadata", params=[]):
        bb.emit_func_output(tvm.ir.expr.StringImm(json.dumps(info, sort_keys=True)))
    return bb.finalize()


def lower(arch: Architecture, quantization: Quantization, target: tvm.target.Target) -> tuple[tvm.IRModule, list]:
    """The model and sampler as one IRModule, lowered for `target` and ready for `relax.build`."""
    model, sampler = TwinLM(arch, quantization, target), Sampler()
    mod, named_params = model.export_tvm(spec=model.spec())
    sampler_mod, _ = sampler.export_tvm(spec=sampler.spec())
    clashes = {gv.name_hint for gv in mod.get_global_vars()} & {gv.name_hint for gv in sampler_mod.get_global_vars()}
    if clashes:
        raise RuntimeError(f"model and sampler both define {sorted(clashes)}")
    mod.update(sampler_mod)
    mod = _with_metadata(mod, metadata(arch, quantization, named_params))
    passes = [
        race_free_merge_state(arch.num_heads, quantization.dtype),
        *gpu_generic.library_dispatch_passes(target),
        *gpu_generic.legalize_passes(target),
        webgpu_sort_kernels,
        *gpu_generic.dataflow_lower_passes(target),
        *gpu_generic.finalize_passes(target),
    ]
    with target:
        return tvm.transform.Sequential(passes)(mod), named_params


def split_shaders(source: str) -> dict[str, str]:
    """The WebGPU module's source is every kernel's WGSL, each under a `// Function: <name>` banner."""
    parts = re.split(r"\n?//-+\n// Function: (\w+)\n//-+\n", source)
    return {name: code for name, code in zip(parts[1::2], parts[2::2], strict=True)}


def compile_library(arch: Architecture, quantization: Quantization, out: Path, runtime_home: Path) -> Library:
    target = tvm.target.Target(WEBGPU)
    mod, named_params = lower(arch, quantization, target)
    executable = relax.build(mod, target=target, system_lib=True, relax_pipeline=None)  # lowered already
    (webgpu,) = [m for host in executable.mod.imports for m in host.imports if m.kind == "webgpu"]
    os.environ["TVM_HOME"] = str(runtime_home)  # where export_library finds the runtime bitcode
    executable.export_library(str(out))
    return Library([name for name, _ in named_params], split_shaders(webgpu.inspect_source()))
