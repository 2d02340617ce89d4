"""The forward pass export_onnx.py traces: a Llama/Qwen2 decoder with a KV cache, written for a lean ONNX graph.

Tracing Hugging Face's own forward gives ~3,000 nodes for SmolLM2-135M, two thirds of them shape arithmetic
(Shape → Gather → Unsqueeze → Concat before every reshape, `x.shape[-1] // 2` in every rotary slice, repeat_kv's
Expand). ORT cannot fold them (the sequence length is dynamic), and on one WASM thread running those tiny nodes
costs more per token than the int8 matrix products. Here every reshape has constant dims (batch is fixed at 1:
the engine answers one chat at a time), the causal mask, rotary cos/sin and their signs are built once, and the
query heads that share a key/value head are stacked along the sequence axis instead of repeating the cache.

The arithmetic is Hugging Face's, step for step (the same modules for norms, MLPs, projections and rotary
frequencies, the same mask value and softmax), so greedy decoding stays token-identical to PyTorch (parity.py).

It also takes `num_logits_to_keep` (the input transformers.js sets to 1 when generating): the LM head, a 49k-wide
product per position, then runs for the last position only instead of every prompt position.
"""

from __future__ import annotations

import torch
from transformers import PreTrainedModel

from .manifest import ARCHITECTURES


class LeanDecoder(torch.nn.Module):
    """Flat tensors in and out: input_ids, attention_mask, position_ids, past k/v per layer, num_logits_to_keep →
    logits, present k/v per layer (past and new keys concatenated, [1, kv heads, total length, head dim])."""

    def __init__(self, model: PreTrainedModel):
        super().__init__()
        config = model.config
        if config.model_type not in ARCHITECTURES:
            raise ValueError(f"model_type {config.model_type!r} is not one of {ARCHITECTURES}")
        if getattr(config, "use_sliding_window", False):
            raise ValueError("sliding-window attention is not exported")
        self.model = model
        self.heads = config.num_attention_heads
        self.kv_heads = config.num_key_value_heads
        self.head_dim = getattr(config, "head_dim", None) or config.hidden_size // config.num_attention_heads
        self.group = self.heads // self.kv_heads

    def forward(self, input_ids, attention_mask, position_ids, num_logits_to_keep, *past):
        decoder = self.model.model
        x = decoder.embed_tokens(input_ids)
        cos, sin = decoder.rotary_emb(x, position_ids)
        cos, sin = cos.unsqueeze(1), sin.unsqueeze(1)
        half = self.head_dim // 2
        # rotate_half(q) * sin == cat(q2, q1) * cat(-sin1, sin2): the sign moves onto sin, once for all layers.
        signed_sin = torch.cat((-sin[..., :half], sin[..., half:]), dim=-1)
        mask = self._additive_mask(input_ids, attention_mask).repeat(1, 1, self.group, 1)
        presents = []
        for i, layer in enumerate(decoder.layers):
            h = layer.input_layernorm(x)
            h, key, value = self._attention(layer.self_attn, h, cos, signed_sin, mask, past[2 * i], past[2 * i + 1])
            presents += [key, value]
            x = x + h
            x = x + layer.mlp(layer.post_attention_layernorm(x))
        x = decoder.norm(x)
        # num_logits_to_keep = 0 keeps every position (Hugging Face's `logits_to_keep` semantics).
        x = x[:, -num_logits_to_keep:, :]
        return (self.model.lm_head(x), *presents)

    def _additive_mask(self, input_ids, attention_mask):
        """[1, 1, new, total]: 0 where a position may attend, float32 min elsewhere, as Hugging Face's eager mask."""
        total = attention_mask.shape[1]
        new = input_ids.shape[1]
        keys = torch.arange(total)
        queries = torch.arange(total - new, total)
        allowed = (keys[None, :] <= queries[:, None])[None, None] & attention_mask[:, None, None, :].bool()
        zero = torch.zeros((), dtype=torch.float32)
        return torch.where(allowed, zero, torch.finfo(torch.float32).min)

    def _rotate(self, x, cos, signed_sin):
        half = self.head_dim // 2
        return x * cos + torch.cat((x[..., half:], x[..., :half]), dim=-1) * signed_sin

    def _attention(self, attn, h, cos, signed_sin, mask, past_key, past_value):
        d = self.head_dim
        q = attn.q_proj(h).view(1, -1, self.heads, d).transpose(1, 2)
        k = attn.k_proj(h).view(1, -1, self.kv_heads, d).transpose(1, 2)
        v = attn.v_proj(h).view(1, -1, self.kv_heads, d).transpose(1, 2)
        q = self._rotate(q, cos, signed_sin)
        k = torch.cat((past_key, self._rotate(k, cos, signed_sin)), dim=2)
        v = torch.cat((past_value, v), dim=2)
        # Query head g·group + r reads key/value head g: stack each group's queries along the sequence axis.
        q = q.reshape(1, self.kv_heads, -1, d)
        scores = torch.matmul(q, k.transpose(2, 3)) * attn.scaling + mask
        weights = torch.nn.functional.softmax(scores, dim=-1, dtype=torch.float32)
        out = torch.matmul(weights, v).view(1, self.heads, -1, d).transpose(1, 2).reshape(1, -1, self.heads * d)
        return attn.o_proj(out), k, v
