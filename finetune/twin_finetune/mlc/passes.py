"""Our compile passes: they make TVM's GPU kernels fit WebGPU, compute right there, and compile fast enough.

web-llm sorts the probabilities on the GPU before every token (`argsort_probs`), greedy decoding included, and
TVM lowers that sort to its generic GPU merge sort (topi.gpu.sort). Two things about that kernel as the
apache-tvm 0.27.0.post1 wheel writes it:

- It puts the merge's block count on `blockIdx.z`, which WebGPU lacks (its codegen refuses the kernel).
  `fold_block_z_into_y` moves that count onto `blockIdx.y`: y' = y * nz + z.
- Its index arithmetic is floor division and floor modulo, which WGSL lacks for integers: TVM writes each one as
  a chain of `select(...)` that corrects the sign, and nested index expressions multiply them. SwiftShader had not
  compiled the resulting 97 KB shader after 300 s. Every index in the sort is non-negative, and there floor and
  truncating division agree, so `truncate_index_division` rewrites them to WGSL's own `/` and `%`.

And one about the paged KV cache's `tir_attention_merge_state`, which combines the attention over the cached
tokens with the attention over a new chunk whenever a prompt is prefilled on top of a non-empty cache (every
follow-up turn that reuses the cache, every chunk of a long prompt after the first): all the threads of one head
read the head's log-sum-exp and each of them writes the merged one back, with no barrier in between. Where a
workgroup's threads do not run in lockstep (SwiftShader runs them in small batches) a late thread reads the
already merged value and scales its slice of the output wrongly: the twin answers a follow-up question with
nonsense. `race_free_merge_state` puts in its place a kernel that gives each (token, head) one thread.
"""

from __future__ import annotations

from collections.abc import Callable

import tvm
import tvm_ffi
from tvm import tirx
from tvm.script import tirx as T

THREAD_EXTENT = "thread_extent"


def _thread_tag(stmt: tirx.Stmt) -> str | None:
    if isinstance(stmt, tirx.AttrStmt) and stmt.attr_key == THREAD_EXTENT:
        return stmt.node.thread_tag
    return None


def _substitute(node, replacements: list[tuple[tirx.Var, tirx.PrimExpr]]):
    """`node` with each variable's uses replaced (the 0.27 wheel has no tirx stmt_functor.substitute any more)."""

    def replace(var: tirx.Var) -> tirx.PrimExpr:
        return next((value for old, value in replacements if old.same_as(var)), var)

    return tvm_ffi.structural_map(node, [(tirx.Var, replace)])


def _fold_z(attr: tirx.AttrStmt) -> tirx.Stmt:
    """An AttrStmt binding blockIdx.z, rewritten so that its launch uses blockIdx.y alone."""
    z, nz = attr.node.var, attr.value
    chain, body = [], attr.body
    while _thread_tag(body) is not None:  # the launch's other thread bindings, directly nested
        chain.append(body)
        body = body.body
    y_attr = next((a for a in chain if _thread_tag(a) == "blockIdx.y"), None)
    ny = y_attr.value if y_attr is not None else tirx.const(1, nz.ty.dtype)
    y = tirx.Var("blockIdx.y", nz.ty.dtype)
    replacements = [(z, tirx.truncmod(y, nz))]
    if y_attr is not None:
        replacements.append((y_attr.node.var, tirx.truncdiv(y, nz)))
    body = _substitute(body, replacements)
    for outer in reversed([a for a in chain if a is not y_attr]):
        body = tirx.AttrStmt(outer.node, THREAD_EXTENT, outer.value, body)
    y_iter = tirx.IterVar(tvm.ir.Range(0, ny * nz), y, attr.node.iter_type, "blockIdx.y")
    return tirx.AttrStmt(y_iter, THREAD_EXTENT, ny * nz, body)


def fold_block_z_into_y(func: tirx.PrimFunc) -> tirx.PrimFunc:
    return tvm_ffi.structural_map(
        func, [(tirx.AttrStmt, lambda a: _fold_z(a) if _thread_tag(a) == "blockIdx.z" else a)]
    )


def truncate_index_division(func: tirx.PrimFunc) -> tirx.PrimFunc:
    """Floor division/modulo of integers rewritten as truncating ones; only for kernels whose indices are >= 0."""

    def truncating(make: Callable) -> Callable:
        return lambda e: make(e.a, e.b) if str(e.ty.dtype).startswith("int") else e

    return tvm_ffi.structural_map(
        func, [(tirx.FloorDiv, truncating(tirx.truncdiv)), (tirx.FloorMod, truncating(tirx.truncmod))]
    )


def _is_sort(name: str) -> bool:
    return "sort" in name


@tvm.transform.module_pass(opt_level=0, name="WebGPUSortKernels")
def webgpu_sort_kernels(mod: tvm.IRModule, _ctx: tvm.transform.PassContext) -> tvm.IRModule:
    """Both rewrites on the sort kernels; the fold on every kernel (none may use blockIdx.z on WebGPU)."""
    for gv, func in list(mod.functions_items()):
        if not isinstance(func, tirx.PrimFunc):
            continue
        rewritten = fold_block_z_into_y(func)
        if _is_sort(gv.name_hint):
            rewritten = truncate_index_division(rewritten)
        if not rewritten.same_as(func):
            mod[gv] = rewritten
    return mod


MERGE_STATE = "tir_attention_merge_state"


def merge_state_kernel(num_heads: int, dtype: str) -> tirx.PrimFunc:
    """out, lse <- merge of two partial attentions over disjoint key sets, given each one's output and log2-sum-exp
    (the signature TVM's paged KV cache calls). One thread per (token, head) reads and writes its own lse only."""

    @T.prim_func(private=True)
    def merge_state(var_v: T.handle, var_s: T.handle, var_v_other: T.handle, var_s_other: T.handle):
        T.func_attr({"tirx.is_scheduled": True, "tirx.noalias": True})
        n, h, d = T.int32(), T.int32(), T.int32()
        v = T.match_buffer(var_v, (n, h, d), dtype)
        s = T.match_buffer(var_s, (n, h), "float32")
        v_other = T.match_buffer(var_v_other, (n, h, d), dtype)
        s_other = T.match_buffer(var_s_other, (n, h), "float32")
        for token in T.thread_binding(n, thread="blockIdx.x"):
            for head in T.thread_binding(num_heads, thread="threadIdx.x"):
                top = T.max(s[token, head], s_other[token, head])
                weight = T.exp2(s[token, head] - top)
                other_weight = T.exp2(s_other[token, head] - top)
                for i in T.serial(d):
                    merged = v[token, head, i] * T.Cast(dtype, weight / (weight + other_weight))
                    v[token, head, i] = merged + v_other[token, head, i] * T.Cast(
                        dtype, other_weight / (weight + other_weight)
                    )
                s[token, head] = T.log2(weight + other_weight) + top

    return merge_state.with_attr("global_symbol", MERGE_STATE)


def race_free_merge_state(num_heads: int, dtype: str) -> tvm.transform.Pass:
    @tvm.transform.module_pass(opt_level=0, name="RaceFreeMergeState")
    def replace(mod: tvm.IRModule, _ctx: tvm.transform.PassContext) -> tvm.IRModule:
        mod[mod.get_global_var(MERGE_STATE)] = merge_state_kernel(num_heads, dtype)
        return mod

    return replace
