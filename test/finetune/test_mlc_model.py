"""Our MLC model definition computes what PyTorch computes, for random-weight llama and qwen2 models.

Compiled for the CPU (TVM's llvm target) and driven the way web-llm drives the WebGPU library: create the paged
KV cache, add a sequence, then embed / begin_forward / prefill or decode / end_forward. q0f32 must match PyTorch
to float rounding; q4f32_1 must match PyTorch run on the dequantized weights the build stores.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

tvm = pytest.importorskip("tvm", reason="apache-tvm is pinned in finetune/requirements-mlc.txt")
from conftest import tiny_model  # noqa: E402
from tvm import relax  # noqa: E402
from twin_finetune.mlc.architecture import Architecture  # noqa: E402
from twin_finetune.mlc.model import TwinLM  # noqa: E402
from twin_finetune.mlc.quantization import QUANTIZATIONS  # noqa: E402
from twin_finetune.mlc.reference import build_model  # noqa: E402
from twin_finetune.mlc.weights import convert  # noqa: E402

PROMPT = [1, 5, 9, 33, 2, 7, 100, 64]
NEXT = 42
FOLLOW_UP = [12, 80, 3, 99, 140]  # a prefill on top of cached tokens, as a follow-up turn is


class CpuTwin:
    """The compiled model on TVM's CPU runtime, with one sequence in its paged KV cache."""

    def __init__(self, hf_model, quantization_name: str):
        arch = Architecture.from_hf(hf_model.config.to_dict())
        quantization = QUANTIZATIONS[quantization_name]
        target = tvm.target.Target("llvm")
        model = TwinLM(arch, quantization, target)
        mod, named_params = model.export_tvm(spec=model.spec())
        with target:
            self.vm = relax.VirtualMachine(relax.build(mod, target=target), tvm.cpu())
        checkpoint = {name: tensor.detach().numpy() for name, tensor in hf_model.state_dict().items()}
        params = convert(checkpoint, arch, quantization)
        self.params = [tvm.runtime.tensor(params[name], tvm.cpu()) for name, _ in named_params]
        shape = tvm.runtime.ShapeTuple
        self.kv = self.vm["create_tir_paged_kv_cache"](shape([1]), shape([256]), shape([64]), shape([16]), shape([0]))
        tvm.get_global_func("vm.builtin.kv_state_add_sequence")(self.kv, 0)

    def forward(self, tokens: list[int]) -> np.ndarray:
        """Last position's logits after feeding `tokens` (prefill for several, decode for one)."""
        embeddings = self.vm["embed"](tvm.runtime.tensor(np.array(tokens, "int32"), tvm.cpu()), self.params).numpy()
        shape = tvm.runtime.ShapeTuple
        tvm.get_global_func("vm.builtin.kv_state_begin_forward")(self.kv, shape([0]), shape([len(tokens)]))
        function = "prefill" if len(tokens) > 1 else "decode"
        logits = self.vm[function](tvm.runtime.tensor(embeddings[None], tvm.cpu()), self.kv, self.params)[0]
        tvm.get_global_func("vm.builtin.kv_state_end_forward")(self.kv)
        return logits.numpy().reshape(-1)


@torch.no_grad()
def torch_logits(model, tokens: list[int]) -> np.ndarray:
    return model(torch.tensor([tokens])).logits[0, -1].numpy()


@pytest.mark.parametrize("architecture", ["llama", "qwen2"])
@pytest.mark.parametrize("quantization", ["q0f32", "q4f32_1"])
def test_prefill_decode_and_follow_up_prefill_match_pytorch(architecture, quantization):
    hf_model = tiny_model(architecture, vocab_size=256).eval()
    reference = build_model(hf_model, QUANTIZATIONS[quantization])
    twin = CpuTwin(hf_model, quantization)
    history: list[int] = []
    for tokens in (PROMPT, [NEXT], FOLLOW_UP):
        history += tokens
        np.testing.assert_allclose(twin.forward(tokens), torch_logits(reference, history), atol=2e-5, rtol=1e-5)


def test_a_4_bit_build_differs_from_the_float_model_it_came_from():
    """The check above is not vacuous for q4f32_1: the float model's logits are measurably different."""
    hf_model = tiny_model("llama", vocab_size=256).eval()
    twin = CpuTwin(hf_model, "q4f32_1")
    assert np.abs(twin.forward(PROMPT) - torch_logits(hf_model, PROMPT)).max() > 1e-3
