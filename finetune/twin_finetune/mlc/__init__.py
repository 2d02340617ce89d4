"""MLC builds for web-llm, made from registry packages only: PyPI's apache-tvm and Debian's emscripten.

The pieces, each in its own file:
- architecture: the shapes of a twin, read from its Hugging Face config.json (llama or qwen2);
- quantization: q0f32, q4f32_1 and q4f16_1, and the group quantizer that packs 4-bit weights;
- model: the transformer written with tvm.relax.frontend.nn and TVM's paged KV cache;
- sampling: the sampler and logit processors web-llm calls on the GPU;
- passes: our compile passes that make those kernels fit WebGPU (and compile quickly there);
- web_runtime: TVM's web runtime bitcode, built from the wheel's sources on this machine;
- library: the compile itself, to a `*-webgpu.wasm` model library;
- weights / chat_config: tensor-cache.json + shards, and mlc-chat-config.json;
- known_answer: the first-step reference the browser checks the GPU against.

What web-llm expects of a model library is written down in finetune/README.md ("What web-llm expects").
"""
