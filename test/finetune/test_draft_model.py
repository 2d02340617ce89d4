"""bench/draft_model.py: the draft speaks the model's vocabulary, and the replay counts passes as speculative decoding
spends them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import torch
from conftest import tiny_model

_spec = importlib.util.spec_from_file_location("draft_model", Path(__file__).parents[2] / "bench" / "draft_model.py")
draft_model = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(draft_model)


def test_a_pass_takes_the_agreeing_drafts_and_one_token_of_its_own():
    nothing_agrees = [0] * 6
    assert draft_model.passes_for(nothing_agrees, drafts=4) == 6
    everything_agrees = [6, 5, 4, 3, 2, 1, 0]
    assert draft_model.passes_for(everything_agrees, drafts=2) == 3  # positions 0, 3 and 6
    assert draft_model.passes_for(everything_agrees, drafts=6) == 1


def test_the_draft_has_the_models_vocabulary_and_its_embedding_directions():
    teacher = tiny_model("llama", vocab_size=96)
    draft = draft_model.draft_for(teacher, width=16)
    assert draft.config.vocab_size == teacher.config.vocab_size
    assert draft.get_output_embeddings().weight is draft.get_input_embeddings().weight
    # Projected, not random: tokens close in the teacher's embedding stay close in the draft's.
    teacher_rows = teacher.get_input_embeddings().weight.detach()
    draft_rows = draft.get_input_embeddings().weight.detach()
    teacher_distances = torch.cdist(teacher_rows, teacher_rows)
    draft_distances = torch.cdist(draft_rows, draft_rows)
    correlation = torch.corrcoef(torch.stack([teacher_distances.flatten(), draft_distances.flatten()]))[0, 1]
    assert correlation > 0.8


def test_a_reply_the_draft_itself_would_write_agrees_as_far_as_it_looks():
    draft = draft_model.draft_for(tiny_model("llama", vocab_size=96), width=16).eval()
    prompt = [5, 6, 7]
    with torch.no_grad():
        reply = draft.generate(input_ids=torch.tensor([prompt]), max_new_tokens=8, min_new_tokens=8, do_sample=False)
    reply = reply[0, len(prompt) :].tolist()
    runs = draft_model.agreement_runs(draft, prompt, reply)
    assert runs == [min(draft_model.MAX_DRAFTS, len(reply) - position) for position in range(len(reply))]
