"""The sampler and logit processors web-llm calls on the GPU after every forward pass.

web-llm 0.2.86 looks these up by name in every model library and refuses to load one that lacks any of them
(the signatures are its calls, read from its LLMChatPipeline):
- `softmax_with_temperature(logits[b, n, vocab], temperature[b]) -> probs[b, n, vocab]`
- `argsort_probs(probs[b, vocab]) -> (sorted_probs, sorted_indices)`, descending
- `sample_with_top_p(sorted_probs, sorted_indices, uniform_samples[n], sample_indices[n], top_p[b]) -> tokens[n]`
- `apply_penalty_inplace(logits[b, vocab], seq_ids[s], pos2seq_id[t], token_ids[t], token_cnt[t], penalties[s, 3])`
- `apply_logit_bias_inplace(logits[b, vocab], pos2seq_id[t], token_ids[t], logit_bias[t])`
- `apply_bitmask_inplace(logits[b, vocab], seq_ids[s], bitmask[b, ceil(vocab / 32)])`
Greedy decoding (temperature 0) goes through all of it too: web-llm divides by a temperature of 1e-6, sorts
and samples with top_p, which picks the most probable token.

The penalties are [presence, frequency, repetition] per sequence; `token_ids` are the tokens web-llm has
generated this reply (never the prompt) and `token_cnt` how often each came out. A logit drops by presence +
count * frequency, then a positive one is divided by the repetition penalty and a negative one multiplied by it,
as in Hugging Face's RepetitionPenaltyLogitsProcessor.
"""

from __future__ import annotations

from tvm import te
from tvm.relax.frontend import nn
from tvm.relax.frontend.nn import Tensor, op
from tvm.script import tirx as T

# Threads per workgroup. These kernels come with their thread bindings (`tirx.is_scheduled`), so the GPU schedule
# rules leave them alone.
THREADS = 256


@T.prim_func(private=True)
def _apply_penalty(
    var_logits: T.handle,
    var_seq_ids: T.handle,
    var_pos2seq_id: T.handle,
    var_token_ids: T.handle,
    var_token_cnt: T.handle,
    var_penalties: T.handle,
):
    T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True})
    batch, vocab, seqs, tokens = T.int32(), T.int32(), T.int32(), T.int32()
    logits = T.match_buffer(var_logits, (batch, vocab), "float32")
    seq_ids = T.match_buffer(var_seq_ids, (seqs,), "int32")
    pos2seq_id = T.match_buffer(var_pos2seq_id, (tokens,), "int32")
    token_ids = T.match_buffer(var_token_ids, (tokens,), "int32")
    token_cnt = T.match_buffer(var_token_cnt, (tokens,), "int32")
    penalties = T.match_buffer(var_penalties, (seqs, 3), "float32")
    for block in T.thread_binding((tokens + THREADS - 1) // THREADS, thread="blockIdx.x"):
        for thread in T.thread_binding(THREADS, thread="threadIdx.x"):
            if block * THREADS + thread < tokens:
                t = block * THREADS + thread
                seq = pos2seq_id[t]
                row = seq_ids[seq]
                token = token_ids[t]
                logit = logits[row, token] - penalties[seq, 0] - T.Cast("float32", token_cnt[t]) * penalties[seq, 1]
                logits[row, token] = T.if_then_else(logit > 0, logit / penalties[seq, 2], logit * penalties[seq, 2])


@T.prim_func(private=True)
def _apply_logit_bias(
    var_logits: T.handle, var_pos2seq_id: T.handle, var_token_ids: T.handle, var_logit_bias: T.handle
):
    T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True})
    batch, vocab, tokens = T.int32(), T.int32(), T.int32()
    logits = T.match_buffer(var_logits, (batch, vocab), "float32")
    pos2seq_id = T.match_buffer(var_pos2seq_id, (tokens,), "int32")
    token_ids = T.match_buffer(var_token_ids, (tokens,), "int32")
    logit_bias = T.match_buffer(var_logit_bias, (tokens,), "float32")
    for block in T.thread_binding((tokens + THREADS - 1) // THREADS, thread="blockIdx.x"):
        for thread in T.thread_binding(THREADS, thread="threadIdx.x"):
            if block * THREADS + thread < tokens:
                t = block * THREADS + thread
                logits[pos2seq_id[t], token_ids[t]] = logits[pos2seq_id[t], token_ids[t]] + logit_bias[t]


@T.prim_func(private=True)
def _apply_bitmask(var_logits: T.handle, var_seq_ids: T.handle, var_bitmask: T.handle):
    T.func_attr({"tirx.noalias": True, "tirx.is_scheduled": True})
    batch, vocab, seqs, words = T.int32(), T.int32(), T.int32(), T.int32()
    logits = T.match_buffer(var_logits, (batch, vocab), "float32")
    seq_ids = T.match_buffer(var_seq_ids, (seqs,), "int32")
    bitmask = T.match_buffer(var_bitmask, (batch, words), "int32")
    for block in T.thread_binding((seqs * vocab + THREADS - 1) // THREADS, thread="blockIdx.x"):
        for thread in T.thread_binding(THREADS, thread="threadIdx.x"):
            if block * THREADS + thread < seqs * vocab:
                row = seq_ids[(block * THREADS + thread) // vocab]
                token = (block * THREADS + thread) % vocab
                if (bitmask[row, token // 32] >> (token % 32)) & 1 == 0:
                    logits[row, token] = T.min_value("float32")


def _take_sorted(probs: te.Tensor, indices: te.Tensor) -> te.Tensor:
    return te.compute(probs.shape, lambda i, j: probs[i, indices[i, j]], name="take_sorted")


def _vocab_size_per_row(probs: te.Tensor) -> te.Tensor:
    """[b, 1] filled with the vocabulary size: a top-k that keeps every token (web-llm samples by top_p only)."""
    return te.compute((probs.shape[0], 1), lambda i, _: probs.shape[1].astype("int32"), name="whole_vocab")


class Sampler(nn.Module):
    """No weights: web-llm passes every tensor in."""

    def softmax_with_temperature(self, logits: Tensor, temperature: Tensor) -> Tensor:
        b = logits.shape[0]
        return op.softmax(logits / op.reshape(temperature, (b, 1, 1)), axis=-1)

    def argsort_probs(self, probs: Tensor) -> tuple[Tensor, Tensor]:
        indices = op.argsort(probs, axis=-1, descending=True, dtype="int32")
        return op.tensor_expr_op(_take_sorted, "take_sorted", [probs, indices]), indices

    def sample_with_top_p(
        self,
        sorted_probs: Tensor,
        sorted_indices: Tensor,
        uniform_samples: Tensor,
        sample_indices: Tensor,
        top_p: Tensor,
    ) -> Tensor:
        b, n = sorted_probs.shape[0], uniform_samples.shape[0]
        top_k = op.tensor_expr_op(_vocab_size_per_row, "whole_vocab", [sorted_probs])
        tokens = nn.sample_top_p_top_k_from_sorted_prob(
            sorted_probs,
            sorted_indices,
            op.reshape(top_p, (b, 1)),
            top_k,
            op.reshape(uniform_samples, (n, 1)),
            op.reshape(sample_indices, (n, 1)),
        )
        return op.reshape(tokens, (n,))

    def apply_penalty_inplace(
        self,
        logits: Tensor,
        seq_ids: Tensor,
        pos2seq_id: Tensor,
        token_ids: Tensor,
        token_cnt: Tensor,
        penalties: Tensor,
    ) -> Tensor:
        args = [logits, seq_ids, pos2seq_id, token_ids, token_cnt, penalties]
        return op.tensor_ir_inplace_op(_apply_penalty, "apply_penalty", args, 0, logits)

    def apply_logit_bias_inplace(
        self, logits: Tensor, pos2seq_id: Tensor, token_ids: Tensor, logit_bias: Tensor
    ) -> Tensor:
        args = [logits, pos2seq_id, token_ids, logit_bias]
        return op.tensor_ir_inplace_op(_apply_logit_bias, "apply_logit_bias", args, 0, logits)

    def apply_bitmask_inplace(self, logits: Tensor, seq_ids: Tensor, bitmask: Tensor) -> Tensor:
        return op.tensor_ir_inplace_op(_apply_bitmask, "apply_bitmask", [logits, seq_ids, bitmask], 0, logits)

    def spec(self) -> nn.spec.ModuleSpec:
        f32, i32 = "float32", "int32"
        tensor = nn.spec.Tensor
        none = {"$": {"param_mode": "none", "effect_mode": "none"}}
        return nn.spec.ModuleSpec.from_raw(
            {
                "softmax_with_temperature": {
                    "logits": tensor(["batch", "n", "vocab"], f32),
                    "temperature": tensor(["batch"], f32),
                    **none,
                },
                "argsort_probs": {"probs": tensor(["batch", "vocab"], f32), **none},
                "sample_with_top_p": {
                    "sorted_probs": tensor(["batch", "vocab"], f32),
                    "sorted_indices": tensor(["batch", "vocab"], i32),
                    "uniform_samples": tensor(["n"], f32),
                    "sample_indices": tensor(["n"], i32),
                    "top_p": tensor(["batch"], f32),
                    **none,
                },
                "apply_penalty_inplace": {
                    "logits": tensor(["batch", "vocab"], f32),
                    "seq_ids": tensor(["seqs"], i32),
                    "pos2seq_id": tensor(["tokens"], i32),
                    "token_ids": tensor(["tokens"], i32),
                    "token_cnt": tensor(["tokens"], i32),
                    "penalties": tensor(["seqs", 3], f32),
                    **none,
                },
                "apply_logit_bias_inplace": {
                    "logits": tensor(["batch", "vocab"], f32),
                    "pos2seq_id": tensor(["tokens"], i32),
                    "token_ids": tensor(["tokens"], i32),
                    "logit_bias": tensor(["tokens"], f32),
                    **none,
                },
                "apply_bitmask_inplace": {
                    "logits": tensor(["batch", "vocab"], f32),
                    "seq_ids": tensor(["seqs"], i32),
                    "bitmask": tensor(["batch", "words"], i32),
                    **none,
                },
            },
            self,
        )
