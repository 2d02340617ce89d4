import { pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { ModelFetch } from './model-fetch.js';
import type { WorkerProgress } from './protocol.js';
import type { SpeechLoadSpec, TranscribeOptions } from './speech-protocol.js';
import { configure, MODEL_ID } from './transformers-model.js';

/**
 * Whisper through transformers.js' automatic-speech-recognition pipeline: the real code path (feature extractor,
 * encoder, merged decoder with its KV cache, WhisperTokenizer), whatever weights the build holds. Model files go
 * through the same ModelFetch as the twin's, so they are cached in the Cache API and counted for progress.
 */
export class WhisperModel {
  private constructor(private readonly asr: AutomaticSpeechRecognitionPipeline) {}

  static async load(spec: SpeechLoadSpec, report: (progress: WorkerProgress) => void): Promise<WhisperModel> {
    const modelFetch = new ModelFetch({ buildUrl: spec.buildUrl, expectedBytes: spec.expectedBytes, report });
    configure(spec, modelFetch);
    const asr = await pipeline('automatic-speech-recognition', MODEL_ID, {
      device: spec.device,
      dtype: spec.dtype as 'fp32',
      progress_callback: modelFetch.reportCompileAfterWeights,
    });
    await modelFetch.settled();
    return new WhisperModel(asr as AutomaticSpeechRecognitionPipeline);
  }

  /** 16 kHz mono samples (at most 30 s: one Whisper window) → the transcript, trimmed. */
  async transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<string> {
    const output = await this.asr(audio, { return_timestamps: false, ...options });
    const text = Array.isArray(output) ? output.map((part) => part.text).join(' ') : output.text;
    return text.trim();
  }

  async unload(): Promise<void> {
    await this.asr.dispose();
  }
}
