/**
 * The twin manifest (`twin.json`, ARCHITECTURE.md "The manifest"): everything the browser needs about one twin.
 * It is written by `twin-finetune manifest` and read here; the Python side's schema test keeps the two in step.
 */

import type { Architecture } from './architectures.js';

/** Decoding settings; `temperature: 0` means greedy. */
export interface Sampling {
  temperature: number;
  top_p: number;
  repetition_penalty: number;
  max_new_tokens: number;
}

/**
 * One app the twin may open with a TOOL line. `params` maps each allowed param name to its kind:
 * `"string"` for free text, or a list of the allowed values.
 */
export interface ToolSpec {
  app: string;
  params: Record<string, 'string' | string[]>;
}

/** One baked Q/A pair: the question's variants and the answer, TOOL line included where it has one. */
export interface KnowledgeEntry {
  q: string[];
  a: string;
}

export interface OnnxBuild {
  /** Folder holding config.json, tokenizer files and onnx/, relative to the manifest or absolute. */
  url: string;
  /** Which ONNX dtype to load per device, e.g. {"wasm": "q8", "webgpu": "fp32"}. */
  dtypes: Partial<Record<'wasm' | 'webgpu', string>>;
  /** Bytes to download per dtype, shown before a large download. */
  bytes: Record<string, number>;
  /**
   * SHA-256 (hex) of each file, by path inside the build folder: a cached copy that no longer matches is
   * downloaded again. Optional, so manifests written before it (or by hand) still load, unchecked.
   */
  sha256?: Record<string, string>;
}

/** One of the top log-probabilities a correct GPU computes for the known-answer question's first step. */
export interface KnownLogprob {
  /** The token as the tokenizer decodes it alone (what web-llm reports). */
  token: string;
  id: number;
  logprob: number;
}

/**
 * A first step whose answer is known: PyTorch's top log-probabilities, with the build's own weights, for the
 * twin's system prompt and `question`. A GPU that misses them by more than `tolerance` computes garbage.
 */
export interface KnownAnswer {
  question: string;
  top_logprobs: KnownLogprob[];
  tolerance: number;
}

/** An MLC build for web-llm. */
export interface MlcBuild {
  /** Model folder in the hub layout: web-llm fetches `<url>/resolve/main/<file>`. Relative to the manifest or absolute. */
  url: string;
  /** The compiled WebGPU model library (.wasm), relative to the manifest or absolute. */
  model_lib: string;
  /** e.g. "q4f32_1", "q0f32" or "q4f16_1". */
  quantization: string;
  /** WebGPU features the adapter must have, e.g. ["shader-f16"]. */
  required_features: string[];
  bytes: number;
  /** Checked before the first reply; a build without one is trusted as it is. */
  known_answer?: KnownAnswer;
}

export interface TwinManifest {
  schema: 1;
  id: string;
  /** Shown in the model picker. */
  label: string;
  /** The person's first name, as in "from Ada's notes". */
  person: string;
  base: string;
  architecture: Architecture;
  /** Byte-identical to the system prompt used in training. */
  system: string;
  sampling: Sampling;
  /** Tokens the prompt may hold, prompt and reply together. */
  context_window: number;
  /** The first twin message of a conversation. */
  greeting: string;
  /** A few questions to offer before the first message, shown as chips under the greeting. */
  suggestions?: string[];
  tools: ToolSpec[];
  /** URL of the app data JSON, relative to the manifest; the element's `apps` attribute overrides it. */
  apps?: string;
  /** `mlc` in the order to try them: the first whose required features the adapter has runs. */
  builds: { onnx?: OnnxBuild; mlc?: MlcBuild[] };
  knowledge: KnowledgeEntry[];
}

/** One registry line: `{"id": "ada-twin", "label": "Ada (135M twin)", "manifest": "https://…/twin.json"}`. */
export interface RegistryEntry {
  id: string;
  /** What the model picker shows; the id where there is none. */
  label?: string;
  manifest: string;
}
