"""q8 keeps each product input's loudest channels in fp32 (outlier_channels.py): found by calibration, split off
exactly, and the reason q8 follows fp32 closely on a model whose RMSNorm makes one channel loud, as SmolLM2's does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import pytest
import torch
from transformers import LlamaConfig, LlamaForCausalLM
from twin_finetune.export_onnx import export_fp32, quantize_q8
from twin_finetune.generate import OrtDecoder
from twin_finetune.outlier_channels import calibrate, loud_channels, loudest_channels, product_inputs, split_channels
from twin_finetune.per_token_int8 import weight_products

LOUD = 5
PROMPTS = [[5, 9, 14, 3, 7, 11, 2, 8], [4, 4, 30, 12, 6], [17, 1, 22, 9, 9, 40, 3]]


@pytest.fixture(scope="module")
def loud_fp32(tmp_path_factory, micro_tokenizer) -> Path:
    """A tiny llama whose every RMSNorm lifts channel LOUD 30-fold, exported to fp32 ONNX with its head untied."""
    torch.manual_seed(0)
    shape = dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4)
    config = LlamaConfig(
        vocab_size=len(micro_tokenizer),
        num_key_value_heads=2,
        tie_word_embeddings=False,
        attn_implementation="eager",
        **shape,
    )
    model = LlamaForCausalLM(config)
    with torch.no_grad():
        for layer in model.model.layers:
            layer.input_layernorm.weight[LOUD] = 30
            layer.post_attention_layernorm.weight[LOUD] = 30
        model.model.norm.weight[LOUD] = 30
    path = tmp_path_factory.mktemp("loud") / "model.onnx"
    export_fp32(model.eval(), path)
    return path


def logits(path: Path, prompt: list[int]) -> np.ndarray:
    """Every position's logits, the prompt in one pass."""
    return OrtDecoder(path, num_layers=2, num_kv_heads=2, head_dim=16).feed_keeping(prompt, 0)


def test_calibration_finds_the_channel_rmsnorm_makes_loud(loud_fp32):
    model = onnx.load(str(loud_fp32))
    graph = model.graph
    inputs = product_inputs(graph, weight_products(graph))
    peaks = calibrate(model, PROMPTS, sorted(set(inputs.values())))
    loudest = loudest_channels(peaks, count=1)
    # q, k, v, gate and up read a layer's norms, the head (the last product) the final norm's output, sliced.
    normed = {x for x in inputs.values() if "layernorm" in x} | {inputs[weight_products(graph)[-1]]}
    assert len(normed) == 5
    assert all(loudest[x].tolist() == [LOUD] for x in normed)
    assert all(len(channels) == 4 for channels in loudest_channels(peaks, count=4).values())


def test_splitting_channels_off_changes_no_fp32_logit(loud_fp32, tmp_path):
    model = onnx.load(str(loud_fp32))
    products = weight_products(model.graph)
    inputs = set(product_inputs(model.graph, products).values())
    matmuls = sum(node.op_type == "MatMul" for node in model.graph.node)
    split_channels(model, products, {x: np.array([1, LOUD, 40]) for x in inputs})
    onnx.checker.check_model(model)
    # One fp32 product per product: its three channels' rows.
    assert sum(node.op_type == "MatMul" for node in model.graph.node) == matmuls + len(products)
    onnx.save(model, tmp_path / "split.onnx")
    for prompt in PROMPTS:
        np.testing.assert_allclose(logits(tmp_path / "split.onnx", prompt), logits(loud_fp32, prompt), atol=1e-5)


def test_q8_with_its_loud_channels_in_fp32_follows_fp32_closely(loud_fp32, tmp_path):
    """Without the split, the loud channel sets every token's int8 scale and the logits drift over twice as far."""
    quantize_q8(loud_fp32, tmp_path / "all-int8.onnx")
    quantize_q8(loud_fp32, tmp_path / "split.onnx", loud_channels(loud_fp32, PROMPTS))
    for prompt in PROMPTS:
        reference = logits(loud_fp32, prompt)
        all_int8 = np.abs(logits(tmp_path / "all-int8.onnx", prompt) - reference).max()
        split = np.abs(logits(tmp_path / "split.onnx", prompt) - reference).max()
        assert split < all_int8 / 2, (split, all_int8)
