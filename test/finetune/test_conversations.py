"""Training conversations look like the prompts a visit sends: each example trained once an epoch, behind a history
the element could hold (its caps, answers without TOOL lines, untrained), a TOOL answer last in its sequence."""

from __future__ import annotations

import random

from twin_finetune.conversations import answers_in, epoch_conversations, group_steps, training_plan
from twin_finetune.history import DEFAULT_LIMITS, HistoryLimits, cap_history
from twin_finetune.tool_line import has_tool_line, split_answer


def trained(conversation):
    return [m for m in conversation if m["role"] == "assistant" and m.get("train", True)]


def test_each_example_is_trained_once_an_epoch(config, examples):
    train = [e for e in examples if e.split == "train"]
    conversations = epoch_conversations(train, config.system, random.Random(0))
    expected = sorted(
        m["content"] for e in train for m in e.messages if m["role"] == "assistant" and m.get("train", True)
    )
    assert sorted(m["content"] for c in conversations for m in trained(c)) == expected
    assert all(c[0] == {"role": "system", "content": config.system} for c in conversations)


def test_history_is_what_the_element_would_hold(config, examples):
    train = [e for e in examples if e.split == "train"] * 6  # a long visit, so the caps bite
    limits = HistoryLimits(max_messages=6, max_chars=300)
    history_lengths = set()
    for conversation in epoch_conversations(train, config.system, random.Random(1), limits):
        messages = conversation[1:]
        last_question = max(i for i, m in enumerate(messages) if m["role"] == "user")
        held = messages[:last_question]
        assert len(held) <= limits.max_messages and sum(len(m["content"]) for m in held) <= limits.max_chars
        assert cap_history([{"role": m["role"], "content": m["content"]} for m in held], limits) == [
            {"role": m["role"], "content": m["content"]} for m in held
        ]
        # Only the sequence's last answer may make a call; no history answer shows a TOOL line.
        answers = [m for m in messages if m["role"] == "assistant"]
        assert not any(has_tool_line(m["content"]) for m in answers[:-1])
        untrained = [m for m in messages if m.get("train") is False]
        history_lengths.add(len(untrained))
    assert 0 in history_lengths and max(history_lengths) >= 2  # fresh chats and long histories are both trained


def test_a_call_ends_its_sequence(config, examples):
    train = [e for e in examples if e.split == "train"]
    for conversation in epoch_conversations(train, config.system, random.Random(2)):
        calls = [i for i, m in enumerate(conversation) if m["role"] == "assistant" and split_answer(m["content"])[1]]
        assert calls in ([], [len(conversation) - 1])


def test_steps_hold_whole_conversations_and_the_plan_is_seeded(config, examples):
    train = [e for e in examples if e.split == "train"]
    conversations = epoch_conversations(train, config.system, random.Random(3))
    steps = group_steps(conversations, 4)
    assert [c for step in steps for c in step] == conversations
    assert all(sum(answers_in(c) for c in step) >= 4 for step in steps[:-1])
    assert training_plan(train, config.system, 2, 4, seed=5) == training_plan(train, config.system, 2, 4, seed=5)
    first, second = training_plan(train, config.system, 2, 4, seed=5)
    assert first != second  # each epoch is shuffled anew
    assert DEFAULT_LIMITS.max_messages == 20
