"""The WebGPU model library's contents, compiled for a tiny llama (without the emscripten link, which needs
Debian's emscripten): every function web-llm looks up, metadata it reads, and kernels that WebGPU accepts and
that compile fast (our passes).
"""

from __future__ import annotations

import json

import pytest

tvm = pytest.importorskip("tvm", reason="apache-tvm is pinned in finetune/requirements-mlc.txt")
from conftest import tiny_model  # noqa: E402
from tvm import relax  # noqa: E402
from twin_finetune.mlc.architecture import Architecture  # noqa: E402
from twin_finetune.mlc.library import WEBGPU, lower, split_shaders  # noqa: E402
from twin_finetune.mlc.quantization import QUANTIZATIONS  # noqa: E402

# What web-llm 0.2.86's LLMChatPipeline requires of a model library (besides `_metadata`).
WEB_LLM_FUNCTIONS = {
    "embed",
    "prefill",
    "decode",
    "create_tir_paged_kv_cache",
    "softmax_with_temperature",
    "argsort_probs",
    "sample_with_top_p",
    "apply_penalty_inplace",
    "apply_logit_bias_inplace",
    "apply_bitmask_inplace",
}
# TVM's stock sort kernel was 97 KB of WGSL, ~300 nested select() chains deep, and did not compile in 300 s on
# SwiftShader; ours is ~63 KB with none. The browser test times the compile itself.
LARGEST_KERNEL_BYTES = 80_000


@pytest.fixture(scope="module")
def compiled():
    arch = Architecture.from_hf(tiny_model("llama", vocab_size=1536).config.to_dict())
    target = tvm.target.Target(WEBGPU)
    mod, named_params = lower(arch, QUANTIZATIONS["q4f32_1"], target)
    executable = relax.build(mod, target=target, system_lib=True, relax_pipeline=None)
    (webgpu,) = [m for host in executable.mod.imports for m in host.imports if m.kind == "webgpu"]
    return arch, mod, named_params, split_shaders(webgpu.inspect_source())


def test_the_library_has_every_function_web_llm_calls_and_metadata_naming_the_weights(compiled):
    arch, mod, named_params, _ = compiled
    functions = {gv.name_hint for gv, f in mod.functions_items() if isinstance(f, relax.Function)}
    assert WEB_LLM_FUNCTIONS | {"_metadata"} <= functions
    metadata = json.loads(mod["_metadata"].body.body.value)
    assert [p["name"] for p in metadata["params"]] == [name for name, _ in named_params]
    assert metadata["kv_state_kind"] == "kv_cache" and metadata["prefill_chunk_size"] == arch.prefill_chunk


def test_every_kernel_fits_webgpu_and_the_sort_has_no_floor_division_chains(compiled):
    *_, shaders = compiled
    assert len(shaders) > 40
    for name, code in shaders.items():
        assert "@compute" in code, name
    sort = {name: code for name, code in shaders.items() if "argsort" in name}
    assert sort and all(code.count("select(") == 0 for code in sort.values())
    assert max(len(code) for code in shaders.values()) < LARGEST_KERNEL_BYTES


def test_the_attention_merge_kernel_is_ours_one_thread_per_token_and_head(compiled):
    arch, *_, shaders = compiled
    (merge,) = [code for name, code in shaders.items() if name.startswith("tir_attention_merge_state")]
    assert f"@workgroup_size({arch.num_heads}, 1, 1)" in merge
