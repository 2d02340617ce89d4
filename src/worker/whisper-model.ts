import {
  AutoFeatureExtractor,
  AutoTokenizer,
  WhisperForConditionalGeneration,
  type FeatureExtractor,
  type PreTrainedTokenizer,
  type Tensor,
} from '@huggingface/transformers';
import { FULL_WINDOW_S, maxNewTokens, SAMPLING_RATE, windowSeconds } from './audio-window.js';
import { ModelFetch } from './model-fetch.js';
import type { WorkerProgress } from './protocol.js';
import type { SpeechLoadSpec, TranscribeOptions } from './speech-protocol.js';
import { configure, MODEL_ID } from './transformers-env.js';

/**
 * The config.json key our Whisper exporter (finetune/twin_finetune/whisper_export.py) sets when its encoder takes
 * windows shorter than 30 s. Other exports (the hub's) are given the full window their encoder expects.
 */
export const SHORT_WINDOWS_KEY = 'twin_chat_short_windows';

/** The calls as transformers.js runs them; its generated types mark every generation option as required. */
type WhisperFeatures = (audio: Float32Array, options: { max_length: number }) => Promise<{ input_features: Tensor }>;
type WhisperGenerate = (options: {
  inputs: Tensor;
  max_new_tokens: number;
  min_new_tokens?: number;
}) => Promise<Tensor>;

/**
 * Whisper through transformers.js: its feature extractor, encoder, merged decoder with its KV cache, and
 * WhisperTokenizer (the parts its speech-recognition pipeline runs), whatever weights the build holds. Called part
 * by part, so a short clip can be encoded in a window shorter than 30 s (src/worker/audio-window.ts). Model files
 * go through the same ModelFetch as the twin's, so they are cached in the Cache API and counted for progress.
 */
export class WhisperModel {
  private constructor(
    private readonly features: FeatureExtractor,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: WhisperForConditionalGeneration,
    private readonly shortWindows: boolean,
  ) {}

  static async load(spec: SpeechLoadSpec, report: (progress: WorkerProgress) => void): Promise<WhisperModel> {
    const modelFetch = new ModelFetch({ buildUrl: spec.buildUrl, expectedBytes: spec.expectedBytes, report });
    configure(spec, modelFetch);
    const [features, tokenizer, model] = await Promise.all([
      AutoFeatureExtractor.from_pretrained(MODEL_ID),
      AutoTokenizer.from_pretrained(MODEL_ID),
      WhisperForConditionalGeneration.from_pretrained(MODEL_ID, {
        device: spec.device,
        dtype: spec.dtype as 'fp32',
        progress_callback: modelFetch.reportCompileAfterWeights,
      }),
    ]);
    await modelFetch.settled();
    const shortWindows = (model.config as unknown as Record<string, unknown>)[SHORT_WINDOWS_KEY] === true;
    return new WhisperModel(features, tokenizer, model as WhisperForConditionalGeneration, shortWindows);
  }

  /** 16 kHz mono samples (at most 30 s: one Whisper window) → the transcript, trimmed. */
  async transcribe(audio: Float32Array, options: TranscribeOptions = {}): Promise<string> {
    const { full_window: fullWindow = false, ...generation } = options;
    const seconds = audio.length / SAMPLING_RATE;
    const window = this.shortWindows && !fullWindow ? windowSeconds(seconds) : FULL_WINDOW_S;
    const extract = this.features as unknown as WhisperFeatures;
    const { input_features } = await extract(audio, { max_length: window * SAMPLING_RATE });
    const generate = this.model.generate.bind(this.model) as unknown as WhisperGenerate;
    const positions = (this.model.config as unknown as { max_target_positions: number }).max_target_positions;
    const ids = await generate({
      inputs: input_features,
      max_new_tokens: maxNewTokens(seconds, positions),
      ...generation,
    });
    const [text] = this.tokenizer.batch_decode(ids, { skip_special_tokens: true });
    return (text ?? '').trim();
  }

  async unload(): Promise<void> {
    await this.model.dispose();
  }
}
