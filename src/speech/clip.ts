/** Whisper hears 16 kHz mono. */
export const SPEECH_SAMPLE_RATE = 16000;
/** Shorter than this is a tap, not speech: refused with a notice instead of transcribing silence. */
export const MIN_CLIP_SECONDS = 0.3;
/** One Whisper window. A longer hold stops recording here, says so, and transcribes the first 30 s. */
export const MAX_CLIP_SECONDS = 30;

/** What happened to one recording on its way to the model; the element shows it and tests read it. */
export interface ClipReport {
  /** Seconds between the recorder starting and stopping, by the page's clock. */
  heldSeconds: number;
  /** The decoded recording's duration and sample rate, before resampling. */
  sourceSeconds: number;
  sourceSampleRate: number;
  sourceChannels: number;
  /** The resampled clip sent to Whisper: its sample count and rate (always 16 kHz). */
  samples: number;
  sampleRate: number;
  /** The clip was longer than MAX_CLIP_SECONDS and was cut there. */
  capped: boolean;
  /** The samples' buffer was transferred to the worker (it is detached on this side now), not copied. */
  transferred: boolean;
  /** The recorder's container/codec. */
  mimeType: string;
}
