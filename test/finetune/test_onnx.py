"""The ONNX export loads the way transformers.js does and decodes exactly PyTorch's greedy tokens, in both
architectures; the folder holds what transformers.js fetches, chat template included."""

from __future__ import annotations

import json

import onnx
import pytest
from twin_finetune.export_onnx import PREOPTIMIZED_KEY, export_build
from twin_finetune.generate import OrtDecoder, TorchDecoder, greedy
from twin_finetune.outlier_channels import CHANNELS_PER_INPUT
from twin_finetune.parity import ParityError, check_parity

SYSTEM = {"role": "system", "content": "You are Bo's twin."}
CONVERSATIONS = [
    [SYSTEM, {"role": "user", "content": "Who are you?"}],
    [
        SYSTEM,
        {"role": "user", "content": "Pets?"},
        {"role": "assistant", "content": "A cat."},
        {"role": "user", "content": "Name?"},
    ],
]


@pytest.fixture(scope="module")
def build(tmp_path_factory, tiny_model_dir):
    out = tmp_path_factory.mktemp("build")
    export_build(tiny_model_dir, out, CONVERSATIONS)
    return out


def test_layout_and_io_names(build, tiny_model_dir):
    for name in (
        "config.json",
        "generation_config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "onnx/model.onnx",
        "onnx/model_quantized.onnx",
        "onnx/model_q4.onnx",
    ):
        assert (build / name).exists(), name
    assert "chat_template" in json.loads((build / "tokenizer_config.json").read_text())
    # The browser skips ORT's graph optimizer for the q8 file, which is saved already optimized.
    assert json.loads((build / "config.json").read_text())[PREOPTIMIZED_KEY] == ["q8"]
    assert not (build / "chat_template.jinja").exists()
    graph = onnx.load(str(build / "onnx" / "model.onnx")).graph
    layers = json.loads((build / "config.json").read_text())["num_hidden_layers"]
    kv = [f"{i}.{kind}" for i in range(layers) for kind in ("key", "value")]
    assert [i.name for i in graph.input] == [
        "input_ids",
        "attention_mask",
        "position_ids",
        "num_logits_to_keep",
        *[f"past_key_values.{n}" for n in kv],
    ]
    assert [o.name for o in graph.output] == ["logits", *[f"present.{n}" for n in kv]]
    q4 = onnx.load(str(build / "onnx" / "model_q4.onnx")).graph
    assert any(n.op_type == "MatMulNBits" for n in q4.node)
    # q8 is saved already optimized by ORT (fused norms), so the browser does less at load; its products are int8.
    q8 = onnx.load(str(build / "onnx" / "model_quantized.onnx")).graph
    assert {"MatMulInteger", "SimplifiedLayerNormalization"} <= {n.op_type for n in q8.node}
    # The only fp32 products by a weight are the few loud input channels kept out of int8 (outlier_channels.py).
    weights = {i.name: i for i in q8.initializer}
    fp32_products = [n for n in q8.node if n.op_type == "MatMul" and n.input[1] in weights]
    assert fp32_products and all(weights[n.input[1]].dims[0] == CHANNELS_PER_INPUT for n in fp32_products)
    # A tied embedding is read from the LM head's int8 weight: one vocabulary-sized table in the file, not two.
    config = json.loads((build / "config.json").read_text())
    tables = [i for i in q8.initializer if len(i.dims) == 2 and config["vocab_size"] in i.dims]
    tables = [i for i in tables if not i.name.endswith("fp32_channels/rows")]
    assert len(tables) == (1 if config["tie_word_embeddings"] else 2)


def test_q8_scales_each_token_on_its_own(build):
    """q8 quantizes each token's activations with its own scale (per_token_int8.py), so a prompt run in one pass
    gives the last position the logits a token-at-a-time run gives it. ORT's dynamic quantization (one scale per
    tensor), which q8 used before, lets one token's range coarsen every other token's."""
    import numpy as np

    decoder = OrtDecoder.for_model_dir(build, "model_quantized.onnx")
    prompt = [5, 9, 14, 3, 7, 11, 2, 8]
    whole = decoder.feed(prompt)
    decoder.reset()
    for token in prompt:
        stepwise = decoder.feed([token])
    np.testing.assert_allclose(whole, stepwise, atol=1e-5)


def test_q8_wide_products_run_as_column_blocks(build, tiny_model_dir, tmp_path, monkeypatch):
    """A product wider than COLUMN_BLOCK (the LM head) is stored as column blocks and multiplied as a batch
    (per_token_int8.py). The integer products are the same, so the logits equal the one-piece build's, and a tied
    embedding reads its rows out of the blocks. The tiny models' heads are blocked here by lowering the cap."""
    import numpy as np
    from twin_finetune import per_token_int8

    vocab = json.loads((build / "config.json").read_text())["vocab_size"]
    monkeypatch.setattr(per_token_int8, "COLUMN_BLOCK", vocab - 1)
    width = per_token_int8.column_block(vocab)
    assert width and vocab // width > 1
    export_build(tiny_model_dir, tmp_path, CONVERSATIONS)
    graph = onnx.load(str(tmp_path / "onnx" / "model_quantized.onnx")).graph
    assert [list(i.dims) for i in graph.initializer if len(i.dims) == 3] == [[vocab // width, 64, width]]
    prompt = [5, 9, 14, 3, 7, 11, 2, 8, vocab - 1]
    blocked = OrtDecoder.for_model_dir(tmp_path, "model_quantized.onnx")
    whole = OrtDecoder.for_model_dir(build, "model_quantized.onnx")
    np.testing.assert_array_equal(blocked.feed(prompt), whole.feed(prompt))
    np.testing.assert_array_equal(blocked.feed([vocab // 2]), whole.feed([vocab // 2]))


def test_q8_stays_close_to_fp32(build):
    """Per-token int8 keeps the logits near fp32's: the largest difference is a few percent of their spread."""
    import numpy as np

    prompt = [5, 9, 14, 3, 7, 11, 2, 8]
    fp32 = OrtDecoder.for_model_dir(build, "model.onnx").feed(prompt)
    q8 = OrtDecoder.for_model_dir(build, "model_quantized.onnx").feed(prompt)
    assert np.abs(q8 - fp32).max() < 0.05 * (fp32.max() - fp32.min())


def test_greedy_parity_fp32_and_reference_ids(build, tiny_model_dir):
    result = check_parity(tiny_model_dir, build, CONVERSATIONS, max_new_tokens=12)
    assert result["exact_match_with_torch"]["fp32"] == len(CONVERSATIONS)
    reference = json.loads((build / "reference.json").read_text())
    assert len(reference["cases"]) == 2
    case = reference["cases"][1]
    assert case["text"].endswith("<|im_start|>user\nName?<|im_end|>\n<|im_start|>assistant\n")
    assert case["expected"]["fp32"] == case["torch"] and len(case["torch"]) > 0


def test_parity_check_catches_a_wrong_export(build, tiny_model_dir, tmp_path):
    """Swap in another model's graph: the decoded tokens differ and parity must fail."""
    from transformers import AutoModelForCausalLM

    other = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    for p in other.parameters():
        p.data.normal_(0, 0.5)
    other.save_pretrained(tmp_path)
    with pytest.raises(ParityError):
        check_parity(tmp_path, build, CONVERSATIONS, max_new_tokens=12)


# Strong enough to change the tiny random models' greedy replies (1.3 leaves the llama one's as it is).
PENALTY = 3.0


def reference_greedy(model, prompt: list[int], *, stop_ids: set[int], max_new_tokens: int, penalty: float) -> list[int]:
    """Greedy decoding written apart from generate.py, as a reference for its penalty: the whole sequence run again
    each step (no KV cache), and Hugging Face's own RepetitionPenaltyLogitsProcessor given the reply's ids only."""
    import torch
    from transformers import RepetitionPenaltyLogitsProcessor

    penalise = RepetitionPenaltyLogitsProcessor(penalty)
    reply: list[int] = []
    with torch.no_grad():
        for _ in range(max_new_tokens):
            scores = model(input_ids=torch.tensor([prompt + reply])).logits[:, -1]
            if reply:
                scores = penalise(torch.tensor([reply]), scores)
            token = int(scores.argmax())
            if token in stop_ids:
                break
            reply.append(token)
    return reply


def test_greedy_repetition_penalty_matches_an_independent_reference(build, tiny_model_dir, micro_tokenizer):
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval()
    prompt = micro_tokenizer.apply_chat_template(CONVERSATIONS[0], add_generation_prompt=True, tokenize=True)[
        "input_ids"
    ]
    args = dict(stop_ids={2}, max_new_tokens=16)
    expected = reference_greedy(model, prompt, **args, penalty=PENALTY)
    # The prompt is one where the penalty changes the reply, so a penalty that does nothing cannot pass.
    assert expected != reference_greedy(model, prompt, **args, penalty=1.0)
    assert greedy(TorchDecoder(model), prompt, **args, repetition_penalty=PENALTY).ids == expected
    assert (
        greedy(OrtDecoder.for_model_dir(build, "model.onnx"), prompt, **args, repetition_penalty=PENALTY).ids
        == expected
    )
