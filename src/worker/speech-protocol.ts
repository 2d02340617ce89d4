import type { WorkerProgress } from './protocol.js';

/**
 * The messages between the page and the speech worker, which hosts one Whisper model (ARCHITECTURE.md, "Speech"). The audio
 * goes in as a 16 kHz mono Float32Array whose buffer is transferred, not copied; the transcript comes back as text.
 */

/** Everything the speech worker needs to load its Whisper build, with every URL already absolute. */
export interface SpeechLoadSpec {
  /** The model folder in transformers.js' layout: config.json, preprocessor_config.json, tokenizer files, onnx/. */
  buildUrl: string;
  device: 'webgpu' | 'wasm';
  /** transformers.js dtype: one for every file, or per file (`{encoder_model: 'fp32', decoder_model_merged: 'q8'}`). */
  dtype: string | Record<string, string>;
  /** Folder the ORT wasm files are served from (the element's `asset-base`). */
  assetBase: string;
  /** Bytes the download is expected to be (0 when unknown), so progress has a total early on. */
  expectedBytes: number;
  threads?: number;
}

export type ToSpeechWorker =
  | { type: 'load'; spec: SpeechLoadSpec }
  /** `audio`: 16 kHz mono samples; its buffer is in the message's transfer list. */
  | { type: 'transcribe'; id: number; audio: Float32Array; options?: TranscribeOptions };

/**
 * The benches' knobs; the element never sets these. `max_new_tokens`/`min_new_tokens` fix the number of decoded
 * tokens (a random-weight model would otherwise stop at a random length, and decoding cost is per token);
 * `full_window` encodes the whole 30 s window even where the build takes shorter ones, to compare the two.
 */
export interface TranscribeOptions {
  max_new_tokens?: number;
  min_new_tokens?: number;
  full_window?: boolean;
}

export type FromSpeechWorker =
  | { type: 'progress'; progress: WorkerProgress }
  | { type: 'loaded' }
  | { type: 'load-failed'; message: string }
  /** `seconds`: compute time of this transcription in the worker (the bench divides it by the audio's length). */
  | { type: 'transcript'; id: number; text: string; seconds: number }
  | { type: 'transcribe-failed'; id: number; message: string };
