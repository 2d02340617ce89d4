import type { SpeechLoadSpec } from '../worker/speech-protocol.js';

/**
 * The default speech model: Whisper tiny.en in transformers.js' ONNX layout (onnx-community/whisper-tiny.en on the
 * Hugging Face hub, the maintained export of openai/whisper-tiny.en). The `speech-model` attribute points
 * elsewhere: a self-hosted copy of the same folder, or any Whisper export in the same layout.
 */
export const DEFAULT_SPEECH_MODEL_URL = 'https://huggingface.co/onnx-community/whisper-tiny.en/resolve/main/';

/**
 * The default build's dtypes. WASM: q8 encoder and decoder (ORT's int8 kernels are the fast ones on CPU, as for the
 * twin). WebGPU: fp32 (the GPU has no int8 matmul; fp16 needs `shader-f16`, which many adapters lack).
 */
export const DEFAULT_SPEECH_DTYPE: Record<SpeechLoadSpec['device'], string> = { wasm: 'q8', webgpu: 'fp32' };

/** Sizes of onnx-community/whisper-tiny.en's files by dtype, for the progress bar's total before the first byte. */
const DEFAULT_MODEL_BYTES: Record<string, number> = { q8: 41_000_000, fp32: 151_000_000 };

export interface SpeechModelOptions {
  /** The `speech-model` attribute, absolute; empty is the default model. */
  url: string;
  /** The `speech-dtype` attribute; empty picks per device. */
  dtype: string;
  device: SpeechLoadSpec['device'];
  assetBase: URL;
}

/** A folder URL, always with its trailing slash, so relative file names resolve inside it. */
function folder(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function speechLoadSpec({ url, dtype, device, assetBase }: SpeechModelOptions): SpeechLoadSpec {
  const buildUrl = folder(url || DEFAULT_SPEECH_MODEL_URL);
  const chosen = dtype || DEFAULT_SPEECH_DTYPE[device];
  const isDefault = buildUrl === DEFAULT_SPEECH_MODEL_URL;
  return {
    buildUrl,
    device,
    dtype: chosen,
    assetBase: assetBase.href,
    expectedBytes: isDefault ? (DEFAULT_MODEL_BYTES[chosen] ?? 0) : 0,
  };
}
