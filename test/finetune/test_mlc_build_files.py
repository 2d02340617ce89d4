"""What export-mlc writes beside the model library: 4-bit packing, the tensor cache web-llm reads, and a chat
config whose template renders exactly the ChatML the twin was trained on."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("tvm", reason="apache-tvm is pinned in finetune/requirements-mlc.txt")

from conftest import tiny_model  # noqa: E402
from twin_finetune.mlc.architecture import Architecture  # noqa: E402
from twin_finetune.mlc.chat_config import chat_config, token_postproc_method  # noqa: E402
from twin_finetune.mlc.quantization import GROUP_SIZE, MAX_LEVEL, QUANTIZATIONS, dequantize, quantize  # noqa: E402
from twin_finetune.mlc.weights import convert, write_tensor_cache  # noqa: E402


def test_4_bit_groups_round_to_the_nearest_level_of_their_own_scale():
    rng = np.random.default_rng(0)
    weight = rng.normal(size=(6, 4 * GROUP_SIZE)).astype(np.float32)
    weight[2, :GROUP_SIZE] = 0  # an all-zero group stays exactly zero
    packed, scale = quantize(weight, "float32")
    assert packed.dtype == np.uint32 and packed.shape == (6, 4 * GROUP_SIZE // 8) and scale.shape == (6, 4)
    restored = dequantize(packed, scale)
    assert np.all(restored[2, :GROUP_SIZE] == 0)
    step = np.repeat(scale, GROUP_SIZE, axis=1)
    assert np.all(np.abs(restored - weight) <= step / 2 + 1e-6)
    # The largest magnitude of each group is representable exactly: it sits on level +-7.
    assert np.allclose(np.abs(restored).reshape(6, 4, GROUP_SIZE).max(-1), scale * MAX_LEVEL)


def test_4_bit_values_are_packed_eight_to_a_word_lowest_bits_first():
    weight = np.zeros((1, GROUP_SIZE), np.float32)
    weight[0, 0], weight[0, 1], weight[0, 8] = 7.0, -7.0, 1.0
    packed, scale = quantize(weight, "float32")
    assert scale[0, 0] == 1.0
    assert packed[0, 0] & 0xF == 14 and (packed[0, 0] >> 4) & 0xF == 0 and (packed[0, 0] >> 8) & 0xF == 7
    assert packed[0, 1] & 0xF == 8


def test_a_weight_not_divisible_into_groups_is_refused():
    with pytest.raises(ValueError, match="groups of 32"):
        quantize(np.ones((2, 48), np.float32), "float32")


@pytest.mark.parametrize("architecture", ["llama", "qwen2"])
def test_tensor_cache_indexes_every_parameter_and_is_byte_reproducible(architecture, tmp_path):
    model = tiny_model(architecture, vocab_size=256)
    arch = Architecture.from_hf(model.config.to_dict())
    checkpoint = {name: tensor.detach().numpy() for name, tensor in model.state_dict().items()}
    params = convert(checkpoint, arch, QUANTIZATIONS["q4f32_1"])
    assert ("layers.0.attn.qkv_bias" in params) == (architecture == "qwen2")
    assert ("lm_head.q_weight" in params) == (not arch.tie_word_embeddings)
    order = sorted(params)
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        out.mkdir()
        write_tensor_cache(params, order, out)
    assert all((first / f.name).read_bytes() == f.read_bytes() for f in second.iterdir())
    index = json.loads((first / "tensor-cache.json").read_text())
    assert index["metadata"]["ParamSize"] == len(order)
    records = [record for shard in index["records"] for record in shard["records"]]
    assert [record["name"] for record in records] == order
    for shard in index["records"]:
        data = (first / shard["dataPath"]).read_bytes()
        assert shard["format"] == "raw-shard" and len(data) == shard["nbytes"]
        for record in shard["records"]:
            stored = np.frombuffer(
                data[record["byteOffset"] : record["byteOffset"] + record["nbytes"]], record["dtype"]
            )
            assert np.array_equal(stored.reshape(record["shape"]), params[record["name"]])
    with pytest.raises(KeyError, match="expects parameters"):
        write_tensor_cache(params, [*order, "missing.weight"], tmp_path)


def render(template: dict, messages: list[dict]) -> str:
    """web-llm's rendering of a conversation with this template (its Conversation.getPromptArray), then the reply
    header it appends."""
    text = template["system_template"].replace("{system_message}", messages[0]["content"])
    for i, message in enumerate(messages[1:]):
        text += (
            template["roles"][message["role"]]
            + template["role_content_sep"]
            + message["content"]
            + template["seps"][i % len(template["seps"])]
        )
    return text + template["roles"]["assistant"] + template["role_empty_sep"]


def test_the_conversation_template_renders_the_trained_chatml_and_knows_its_stop_tokens(
    config, micro_tokenizer, tmp_path
):
    micro_tokenizer.save_pretrained(tmp_path)
    tokenizer_json = json.loads((tmp_path / "tokenizer.json").read_text())
    arch = Architecture.from_hf(tiny_model("llama", len(micro_tokenizer)).config.to_dict())
    chat = chat_config(arch, QUANTIZATIONS["q4f32_1"], config, tokenizer_json)
    messages = [
        {"role": "system", "content": config.system},
        {"role": "user", "content": "Who are you?"},
        {"role": "assistant", "content": "I'm Bo's twin."},
        {"role": "user", "content": "What do you read?"},
    ]
    assert render(chat["conv_template"], messages) == micro_tokenizer.apply_chat_template(
        messages, tokenize=False, add_generation_prompt=True
    )
    im_end = micro_tokenizer.convert_tokens_to_ids("<|im_end|>")
    assert chat["conv_template"]["stop_token_ids"] == [im_end, micro_tokenizer.convert_tokens_to_ids("<|endoftext|>")]
    assert chat["turn_end_token_ids"] == micro_tokenizer("<|im_end|>\n", add_special_tokens=False)["input_ids"]
    assert chat["turn_end_token_ids"][0] == im_end
    assert chat["context_window_size"] == config.context_window and chat["model_type"] == "llama"
    assert token_postproc_method(tokenizer_json) == "byte_level"
    assert (
        token_postproc_method(
            {"decoder": {"type": "Sequence", "decoders": [{"type": "Replace"}, {"type": "ByteFallback"}]}}
        )
        == "byte_fallback"
    )
