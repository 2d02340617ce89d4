/**
 * What the `engine` attribute asks for. `auto` lets the capability probes pick the top rung; the others force a
 * rung: `webllm` (web-llm on WebGPU), `webgpu` (transformers.js on WebGPU), `wasm` (transformers.js on WASM) or
 * `scripted`. A forced rung still steps down on failure, so a message is always answered.
 */
export const ENGINE_SETTINGS = ['auto', 'webllm', 'webgpu', 'wasm', 'scripted'] as const;

export type EngineSetting = (typeof ENGINE_SETTINGS)[number];
