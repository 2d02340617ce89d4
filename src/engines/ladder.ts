import type { TwinManifest } from '../models/manifest.js';
import type { WorkerLoadSpec } from '../worker/protocol.js';
import type { Capabilities } from './capabilities.js';
import type { EngineDevice, EngineKind } from './engine.js';
import type { EngineSetting } from './engine-setting.js';

/** One step of the ladder: a model in the engine worker, or the scripted engine at the bottom. */
export type Rung =
  | { kind: 'scripted'; device: 'none' }
  | {
      kind: Exclude<EngineKind, 'scripted'>;
      device: Exclude<EngineDevice, 'none'>;
      spec: WorkerLoadSpec;
      bytes: number;
    };

export interface LadderContext {
  /** The manifest's own URL: build URLs in it are relative to it. */
  manifestUrl: URL;
  /** Where the ORT wasm files are served from. */
  assetBase: URL;
}

/** transformers.js's file name for each ONNX dtype (the `_quantized` suffix and friends). */
const ONNX_FILE_SUFFIX: Record<string, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** The file that holds a build's weights: present in the cache means the model was downloaded before. */
export function weightsUrl(rung: Rung): string | undefined {
  if (rung.kind === 'scripted') return undefined;
  const { spec } = rung;
  if (spec.backend === 'transformers')
    return `${spec.buildUrl}onnx/model${ONNX_FILE_SUFFIX[spec.dtype ?? 'fp32'] ?? `_${spec.dtype}`}.onnx`;
  return `${spec.buildUrl}resolve/main/mlc-chat-config.json`;
}

/** A folder URL, always with its trailing slash, so relative file names resolve inside it. */
function folder(url: string, base: URL): string {
  const href = new URL(url, base).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Every rung the manifest has a build for, top to bottom, whatever the device can do. */
function allRungs(manifest: TwinManifest, { manifestUrl, assetBase }: LadderContext): Rung[] {
  const rungs: Rung[] = [];
  const { mlc, onnx } = manifest.builds;
  const common = {
    architecture: manifest.architecture,
    assetBase: assetBase.href,
    contextWindow: manifest.context_window,
  };
  // One rung per MLC build, in the manifest's order: a GPU that fails a float16 build's known-answer check still
  // gets to run the float32 one.
  for (const build of mlc ?? []) {
    rungs.push({
      kind: 'webllm',
      device: 'webgpu',
      bytes: build.bytes,
      spec: {
        ...common,
        backend: 'webllm',
        device: 'webgpu',
        buildUrl: folder(build.url, manifestUrl),
        modelLib: new URL(build.model_lib, manifestUrl).href,
        requiredFeatures: build.required_features,
        ...(build.known_answer ? { knownAnswer: build.known_answer, systemPrompt: manifest.system } : {}),
        expectedBytes: build.bytes,
      },
    });
  }
  for (const device of ['webgpu', 'wasm'] as const) {
    const dtype = onnx?.dtypes[device];
    if (!onnx || !dtype) continue;
    const bytes = onnx.bytes[dtype] ?? 0;
    rungs.push({
      kind: 'transformers',
      device,
      bytes,
      spec: {
        ...common,
        backend: 'transformers',
        device,
        buildUrl: folder(onnx.url, manifestUrl),
        dtype,
        expectedBytes: bytes,
        sha256: onnx.sha256,
        draftNotes: manifest.knowledge.map((entry) => entry.a),
        systemPrompt: manifest.system,
      },
    });
  }
  rungs.push({ kind: 'scripted', device: 'none' });
  return rungs;
}

/**
 * Whether the probes say a rung can run here: web-llm needs an adapter with every feature its
 * build requires; transformers.js on WebGPU needs an adapter; on WASM, a model bigger than a quarter of the
 * device's memory would thrash a small phone, so it is left to the scripted engine.
 */
function fits(rung: Rung, caps: Capabilities): boolean {
  if (rung.kind === 'scripted') return true;
  const memoryBytes = caps.deviceMemoryGiB === undefined ? Infinity : caps.deviceMemoryGiB * 2 ** 30;
  if (rung.bytes > memoryBytes / 4 && rung.device === 'wasm') return false;
  if (rung.device === 'wasm') return true;
  if (!caps.webgpu) return false;
  return rung.kind !== 'webllm' || rung.spec.requiredFeatures!.every((feature) => caps.webgpu!.features.has(feature));
}

/** Position on the ladder, top first; a forced setting starts at its own position. */
function rank(rung: Rung | EngineSetting): number {
  if (typeof rung === 'string') return ['webllm', 'webgpu', 'wasm', 'scripted'].indexOf(rung);
  if (rung.kind === 'transformers') return rung.device === 'webgpu' ? 1 : 2;
  return rung.kind === 'webllm' ? 0 : 3;
}

/**
 * The rungs to try, in order. `auto` keeps the rungs the probes allow. A forced setting starts at its rung
 * without consulting the probes (a failure there is shown, then the ladder steps down); if the manifest has no
 * build for it, the next rung below it starts.
 */
export function planLadder(
  setting: EngineSetting,
  manifest: TwinManifest,
  caps: Capabilities,
  context: LadderContext,
): Rung[] {
  const rungs = allRungs(manifest, context);
  if (setting === 'auto') return rungs.filter((rung) => fits(rung, caps));
  return rungs.filter((rung) => rank(rung) >= rank(setting));
}
