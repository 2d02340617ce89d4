"""Where a decode step's time goes: onnxruntime's own per-operator profile of an ONNX build, on 1 CPU thread.

Prefills a 61-token prompt, decodes 40 tokens greedily, and prints the kernel time per operator type (after ORT's
graph optimizations, as the browser runs them) with the node count. Native x86 kernels, not WASM's, so the split
is a guide to what the browser spends, not a measurement of it (bench/ort-raw.mjs times ORT-web itself).
    .venv/bin/python bench/ort_profile.py build/bench/smollm2-135m/onnx/model_quantized.onnx
"""

from __future__ import annotations

import collections
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort

PROMPT = list(range(100, 161))
STEPS = 40


def main(path: Path) -> None:
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.enable_profiling = True
    options.profile_file_prefix = str(Path(tempfile.gettempdir()) / "ort_profile")
    started = time.perf_counter()
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    print(f"{path}: session created in {time.perf_counter() - started:.2f} s")
    config = json.loads((path.parent.parent / "config.json").read_text())
    layers, heads = config["num_hidden_layers"], config["num_key_value_heads"]
    head_dim = config.get("head_dim") or config["hidden_size"] // config["num_attention_heads"]
    past = {
        f"past_key_values.{i}.{k}": np.zeros((1, heads, 0, head_dim), np.float32)
        for i in range(layers)
        for k in ("key", "value")
    }
    inputs = {i.name for i in session.get_inputs()}
    outputs = [o.name for o in session.get_outputs()]

    def feed(ids: list[int], length: int) -> int:
        nonlocal past
        run = {
            "input_ids": np.array([ids], np.int64),
            "attention_mask": np.ones((1, length + len(ids)), np.int64),
            "position_ids": np.arange(length, length + len(ids))[None],
            **past,
        }
        if "num_logits_to_keep" in inputs:
            run["num_logits_to_keep"] = np.array(1, np.int64)
        result = dict(zip(outputs, session.run(outputs, run), strict=True))
        past = {k.replace("present", "past_key_values"): v for k, v in result.items() if k.startswith("present")}
        return int(result["logits"][0, -1].argmax())

    started = time.perf_counter()
    token = feed(PROMPT, 0)
    print(f"prefill of {len(PROMPT)} tokens: {1000 * (time.perf_counter() - started):.0f} ms")
    started = time.perf_counter()
    for step in range(STEPS):
        token = feed([token], len(PROMPT) + step)
    print(f"decode: {STEPS / (time.perf_counter() - started):.1f} tokens/s")
    kernel_us: collections.Counter[str] = collections.Counter()
    nodes: dict[str, set[str]] = collections.defaultdict(set)
    profile = Path(session.end_profiling())
    events = json.loads(profile.read_text())
    profile.unlink()
    for event in events:
        if event.get("cat") == "Node" and event["name"].endswith("_kernel_time"):
            kernel_us[event["args"]["op_name"]] += event["dur"]
            nodes[event["args"]["op_name"]].add(event["name"])
    total = sum(kernel_us.values())
    print(
        f"\nkernel time over the prefill and {STEPS} steps: {total / 1000:.0f} ms\n\n"
        "| operator | nodes | ms | share |\n|---|---|---|---|"
    )
    for op, us in kernel_us.most_common(12):
        print(f"| {op} | {len(nodes[op])} | {us / 1000:.1f} | {100 * us / total:.1f}% |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
