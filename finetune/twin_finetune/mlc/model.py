"""A twin's transformer in `tvm.relax.frontend.nn`, shaped for web-llm.

The layers are a llama's (qwen2 adds a bias to q/k/v): RMSNorm, attention with grouped KV heads and rotary
positions, a SiLU-gated MLP, residual adds. Attention and the rotary embedding run inside TVM's paged KV cache
(`relax.frontend.nn.llm`), which keeps every earlier token's keys and values on the GPU between calls.

web-llm calls the functions `spec()` exports, with these signatures (params are the weights, as one tuple):
- `embed(input_ids[seq]) -> embeddings[seq, hidden]`
- `prefill(embeddings[1, seq, hidden], kv_cache) -> (logits[1, 1, vocab], kv_cache)`: the last position only
- `decode(embeddings[1, 1, hidden], kv_cache) -> (logits[1, 1, vocab], kv_cache)`
- `create_tir_paged_kv_cache(max_batch, max_total_len, prefill_chunk, page_size, sliding_window) -> kv_cache`

Projections are written as one TE kernel each (`x @ W.T`, with 4-bit weights unpacked inside the same kernel),
so a quantized weight is never materialized in float and no transpose runs per call.
"""

from __future__ import annotations

from tvm import relax, te, tirx
from tvm.relax.frontend import nn
from tvm.relax.frontend.nn import Tensor, op
from tvm.relax.frontend.nn.llm.kv_cache import PagedKVCache, RopeMode, TIRPagedKVCache
from tvm.target import Target

from .architecture import Architecture
from .quantization import GROUP_SIZE, VALUES_PER_WORD, Quantization, dequantize_at


class Weight(nn.Module):
    """A [rows, cols] matrix: plain (`weight`), or 4-bit packed (`q_weight`) with group scales (`q_scale`)."""

    def __init__(self, rows: int, cols: int, quantization: Quantization):
        self.rows, self.cols, self.dtype = rows, cols, quantization.dtype
        self.quantized = quantization.quantized
        if self.quantized:
            self.q_weight = nn.Parameter((rows, cols // VALUES_PER_WORD), "uint32")
            self.q_scale = nn.Parameter((rows, cols // GROUP_SIZE), quantization.dtype)
        else:
            self.weight = nn.Parameter((rows, cols), quantization.dtype)

    def parts(self) -> list[Tensor]:
        return [self.q_weight, self.q_scale] if self.quantized else [self.weight]

    def at(self, parts: list[te.Tensor], row: tirx.PrimExpr, col: tirx.PrimExpr) -> tirx.PrimExpr:
        """One element, as a TE expression over the tensors `parts()` became inside a kernel."""
        if self.quantized:
            return dequantize_at(parts[0], parts[1], row, col, self.dtype)
        return parts[0][row, col]

    def project(self, x: Tensor, name: str) -> Tensor:
        """`x @ W.T` over x's last axis."""

        def kernel(x: te.Tensor, *parts: te.Tensor) -> te.Tensor:
            if self.quantized:
                # Its own block, so that the GPU schedules can inline it into the product's inner loop.
                w = te.compute((self.rows, self.cols), lambda n, k: self.at(list(parts), n, k), name="dequantize")
            else:
                w = parts[0]
            k = te.reduce_axis((0, self.cols), name="k")
            return te.compute(
                (*x.shape[:-1], self.rows),
                lambda *i: te.sum(x[(*i[:-1], k)] * w[i[-1], k], axis=k),
                name="matmul",
            )

        return op.tensor_expr_op(kernel, name, [x, *self.parts()])

    def rows_of(self, ids: Tensor, name: str) -> Tensor:
        """The rows `ids` picks, as [len(ids), cols]: an embedding lookup."""

        def kernel(ids: te.Tensor, *parts: te.Tensor) -> te.Tensor:
            return te.compute((ids.shape[0], self.cols), lambda i, j: self.at(list(parts), ids[i], j), name=name)

        return op.tensor_expr_op(kernel, name, [ids, *self.parts()])


class Attention(nn.Module):
    def __init__(self, arch: Architecture, quantization: Quantization):
        self.heads, self.kv_heads, self.head_dim = arch.num_heads, arch.num_kv_heads, arch.head_dim
        qkv_rows = (arch.num_heads + 2 * arch.num_kv_heads) * arch.head_dim
        self.qkv = Weight(qkv_rows, arch.hidden_size, quantization)
        self.qkv_bias = nn.Parameter((qkv_rows,), quantization.dtype) if arch.qkv_bias else None
        self.o = Weight(arch.hidden_size, arch.num_heads * arch.head_dim, quantization)

    def forward(self, x: Tensor, kv_cache: PagedKVCache, layer: int) -> Tensor:
        b, s, _ = x.shape
        qkv = self.qkv.project(x, "qkv")
        if self.qkv_bias is not None:
            qkv = qkv + self.qkv_bias
        qkv = op.reshape(qkv, (b, s, self.heads + 2 * self.kv_heads, self.head_dim))
        # Rotary positions, the cache append and attention over every cached token happen in here.
        out = kv_cache.attention_with_fused_qkv(layer, qkv, self.heads, sm_scale=self.head_dim**-0.5)
        return self.o.project(op.reshape(out, (b, s, self.heads * self.head_dim)), "o")


class MLP(nn.Module):
    def __init__(self, arch: Architecture, quantization: Quantization):
        self.intermediate = arch.intermediate_size
        self.gate_up = Weight(2 * arch.intermediate_size, arch.hidden_size, quantization)
        self.down = Weight(arch.hidden_size, arch.intermediate_size, quantization)

    def forward(self, x: Tensor) -> Tensor:
        gate, up = op.split(self.gate_up.project(x, "gate_up"), 2, axis=-1)
        return self.down.project(op.silu(gate) * up, "down")


class Block(nn.Module):
    def __init__(self, arch: Architecture, quantization: Quantization):
        norm = dict(axes=-1, epsilon=arch.rms_norm_eps, bias=False, dtype=quantization.dtype)
        self.attn_norm = nn.RMSNorm(arch.hidden_size, **norm)
        self.attn = Attention(arch, quantization)
        self.mlp_norm = nn.RMSNorm(arch.hidden_size, **norm)
        self.mlp = MLP(arch, quantization)

    def forward(self, x: Tensor, kv_cache: PagedKVCache, layer: int) -> Tensor:
        x = x + self.attn(self.attn_norm(x), kv_cache, layer)
        return x + self.mlp(self.mlp_norm(x))


def _last_position(x: te.Tensor) -> te.Tensor:
    """[b, s, d] -> [b, 1, d]: only the last position's logits are ever read."""
    b, s, d = x.shape
    return te.compute((b, 1, d), lambda i, _, k: x[i, s - 1, k], name="last")


class TwinLM(nn.Module):
    def __init__(self, arch: Architecture, quantization: Quantization, target: Target):
        self.arch, self.quantization, self.target = arch, quantization, target
        self.embed_tokens = Weight(arch.vocab_size, arch.hidden_size, quantization)
        self.layers = nn.ModuleList([Block(arch, quantization) for _ in range(arch.num_layers)])
        self.norm = nn.RMSNorm(arch.hidden_size, -1, arch.rms_norm_eps, bias=False, dtype=quantization.dtype)
        if not arch.tie_word_embeddings:
            self.lm_head = Weight(arch.vocab_size, arch.hidden_size, quantization)

    def head(self) -> Weight:
        """The output projection; a tied one is the embedding matrix (SmolLM2 and the micro twins store it once)."""
        return self.embed_tokens if self.arch.tie_word_embeddings else self.lm_head

    def embed(self, input_ids: Tensor) -> Tensor:
        return self.embed_tokens.rows_of(input_ids, "embed")

    def _logits_of_last(self, embeddings: Tensor, kv_cache: PagedKVCache) -> Tensor:
        x = embeddings
        for layer, block in enumerate(self.layers):
            x = block(x, kv_cache, layer)
        last = op.tensor_expr_op(_last_position, "last", [x])
        logits = self.head().project(self.norm(last), "lm_head")
        return logits if logits.dtype == "float32" else logits.astype("float32")

    def prefill(self, embeddings: Tensor, kv_cache: PagedKVCache) -> tuple[Tensor, PagedKVCache]:
        return self._logits_of_last(embeddings, kv_cache), kv_cache

    def decode(self, embeddings: Tensor, kv_cache: PagedKVCache) -> tuple[Tensor, PagedKVCache]:
        return self._logits_of_last(embeddings, kv_cache), kv_cache

    def create_tir_paged_kv_cache(
        self,
        max_batch_size: tirx.Var,
        max_total_seq_len: tirx.Var,
        prefill_chunk_size: tirx.Var,
        page_size: tirx.Var,
        support_sliding_window: tirx.Var,
    ) -> PagedKVCache:
        arch = self.arch
        return TIRPagedKVCache(
            attn_kind="mha",
            max_batch_size=max_batch_size,
            max_total_seq_len=max_total_seq_len,
            prefill_chunk_size=prefill_chunk_size,
            page_size=page_size,
            support_sliding_window=support_sliding_window,
            layer_partition=relax.ShapeExpr([0, arch.num_layers]),
            num_hidden_layers=arch.num_layers,
            num_attention_heads=arch.num_heads,
            num_key_value_heads=arch.num_kv_heads,
            qk_head_dim=arch.head_dim,
            v_head_dim=arch.head_dim,
            mla_original_qk_head_dim=0,
            mla_original_v_head_dim=0,
            rope_mode=RopeMode.NORMAL,
            rope_scale=1,
            rope_theta=arch.rope_theta,
            rope_scaling={},
            rope_ext_factors=relax.prim_value(0),  # no per-dimension RoPE factors
            rotary_dim=arch.head_dim,
            enable_disaggregation=False,
            dtype=self.quantization.dtype,
            target=self.target,
        )

    def spec(self) -> nn.spec.ModuleSpec:
        hidden, dtype = self.arch.hidden_size, self.quantization.dtype
        weights = {"param_mode": "packed", "effect_mode": "none"}
        cache = nn.spec.Object(object_type=PagedKVCache)
        return nn.spec.ModuleSpec.from_raw(
            {
                "embed": {"input_ids": nn.spec.Tensor(["seq_len"], "int32"), "$": weights},
                "prefill": {
                    "embeddings": nn.spec.Tensor([1, "seq_len", hidden], dtype),
                    "kv_cache": cache,
                    "$": weights,
                },
                "decode": {"embeddings": nn.spec.Tensor([1, 1, hidden], dtype), "kv_cache": cache, "$": weights},
                "create_tir_paged_kv_cache": {
                    "max_batch_size": int,
                    "max_total_seq_len": int,
                    "prefill_chunk_size": int,
                    "page_size": int,
                    "support_sliding_window": int,
                    "$": {"param_mode": "none", "effect_mode": "none"},
                },
            },
            self,
        )
