/**
 * The twin manifest (`twin.json`, DESIGN seam 2): everything the browser needs about one twin.
 * It is written by `twin-finetune manifest` and read here; the Python side's schema test keeps the two in step.
 */

/** The base architectures the engines can run. Anything else is refused with a clear error. */
export type Architecture = 'llama' | 'qwen2';

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

export interface MlcBuild {
  url: string;
  model_lib: string;
  quantization: string;
  required_features: string[];
  bytes: number;
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
  tools: ToolSpec[];
  /** URL of the app data JSON, relative to the manifest; the element's `apps` attribute overrides it. */
  apps?: string;
  builds: { onnx?: OnnxBuild; mlc?: MlcBuild };
  knowledge: KnowledgeEntry[];
}

/** One registry line: `{"id": "ada-twin", "manifest": "https://…/twin.json"}`. */
export interface RegistryEntry {
  id: string;
  manifest: string;
}
