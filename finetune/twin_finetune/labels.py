"""Token ids and training labels for one conversation: mask the prompt, train the answers and their stop.

Labels come from character spans of the rendered text, never from comparing token ids: the pad token is often
`<|im_end|>` itself, and a mask built by "label = -100 where id == pad" would silently stop teaching the twin to
stop. Each assistant turn's span is its content plus `<|im_end|>`; the newline after it, and every system and user
token, get -100. An assistant message marked `"train": false` is history only (see dataset.py) and is masked too.
"""

from __future__ import annotations

from dataclasses import dataclass

from transformers import PreTrainedTokenizerBase

IGNORE = -100
END = "<|im_end|>"


@dataclass(frozen=True)
class Encoded:
    input_ids: list[int]
    labels: list[int]
    answers: int  # trained assistant turns


def render(tokenizer: PreTrainedTokenizerBase, messages: list[dict[str, str]], add_generation_prompt: bool) -> str:
    return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=add_generation_prompt)


def assistant_spans(
    tokenizer: PreTrainedTokenizerBase, messages: list[dict[str, str]]
) -> tuple[str, list[tuple[int, int]]]:
    """The rendered conversation and, per trained assistant turn, the [start, end) of its content + `<|im_end|>`.

    A turn starts where the template's own rendering of the history plus the generation prompt ends, so this holds
    for any ChatML template rather than assuming the marker strings.
    """
    text = render(tokenizer, messages, add_generation_prompt=False)
    spans = []
    for i, message in enumerate(messages):
        if message["role"] != "assistant" or not message.get("train", True):
            continue
        start = len(render(tokenizer, messages[:i], add_generation_prompt=True))
        end = start + len(message["content"]) + len(END)
        if text[start:end] != message["content"] + END:
            raise ValueError(f"the chat template does not render assistant turn {i} as content + {END}")
        spans.append((start, end))
    return text, spans


def encode(tokenizer: PreTrainedTokenizerBase, messages: list[dict[str, str]]) -> Encoded:
    text, spans = assistant_spans(tokenizer, messages)
    encoding = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids: list[int] = encoding["input_ids"]
    labels = [IGNORE] * len(ids)
    for token, (start, end) in enumerate(encoding["offset_mapping"]):
        if any(s <= start and end <= e and start < end for s, e in spans):
            labels[token] = ids[token]
    # Proof, per example, that exactly the answers and their stops are trained: a token straddling a span edge
    # (a BPE merge across the boundary) would show up here as a mismatch.
    trained = tokenizer.decode([t for t in labels if t != IGNORE], skip_special_tokens=False)
    expected = "".join(text[s:e] for s, e in spans)
    if trained != expected:
        raise ValueError(f"trained tokens decode to {trained!r}, expected {expected!r}")
    return Encoded(ids, labels, len(spans))
