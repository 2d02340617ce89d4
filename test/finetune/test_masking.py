"""Training labels are exactly each assistant answer + <|im_end|>: no prompt token, no newline after the stop."""

from __future__ import annotations

import pytest
import torch
from twin_finetune.labels import IGNORE, encode
from twin_finetune.train import tensors

SYSTEM = {"role": "system", "content": "You are Bo's twin."}
CONVERSATION = [
    SYSTEM,
    {"role": "user", "content": "Do you have pets?"},
    {"role": "assistant", "content": "A cat called Pixel."},
    {"role": "user", "content": "Show me books"},
    {"role": "assistant", "content": 'Here.\nTOOL {"app":"books","params":{}}'},
]


@pytest.fixture(params=["smollm2", "micro"])
def tokenizer(request, smollm2_tokenizer, micro_tokenizer):
    return smollm2_tokenizer if request.param == "smollm2" else micro_tokenizer


def trained_runs(labels: list[int]) -> list[list[int]]:
    """The maximal runs of trained (non-ignored) labels, in order."""
    runs, current = [], []
    for label in labels + [IGNORE]:
        if label != IGNORE:
            current.append(label)
        elif current:
            runs.append(current)
            current = []
    return runs


def test_every_assistant_turn_trains_exactly_its_answer_and_stop(tokenizer):
    encoded = encode(tokenizer, CONVERSATION)
    end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    runs = trained_runs(encoded.labels)
    expected = [
        tokenizer(m["content"], add_special_tokens=False)["input_ids"] + [end]
        for m in CONVERSATION
        if m["role"] == "assistant"
    ]
    assert runs == expected
    # Labels equal the ids where trained (the model shifts them itself).
    assert all(label in (IGNORE, token) for label, token in zip(encoded.labels, encoded.input_ids, strict=True))
    # The newline after the final <|im_end|> is in the input but not trained.
    assert tokenizer.decode(encoded.input_ids[-1:]) == "\n" and encoded.labels[-1] == IGNORE


def test_history_turns_marked_untrained_are_masked(tokenizer):
    history = [dict(m, train=False) if i == 2 else m for i, m in enumerate(CONVERSATION)]
    runs = trained_runs(encode(tokenizer, history).labels)
    assert [tokenizer.decode(r) for r in runs] == ['Here.\nTOOL {"app":"books","params":{}}<|im_end|>']


def test_the_stop_is_a_target_even_where_it_is_the_pad_token(tokenizer):
    assert tokenizer.pad_token == "<|im_end|>"  # the case that breaks pad-id based masking
    encoded = encode(tokenizer, CONVERSATION[:3])
    ids, targets = tensors(encoded, torch.device("cpu"))
    end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    stop = encoded.input_ids.index(end, len(encoded.input_ids) - 3)
    # Position t predicts token t + 1: the answer's last token predicts its stop, and nothing is padded.
    assert targets[0].tolist().count(end) == 1 and targets[0, stop - 1] == end
    assert ids.shape == targets.shape == (1, len(encoded.input_ids))
