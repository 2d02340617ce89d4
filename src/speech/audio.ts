import { MAX_CLIP_SECONDS, SPEECH_SAMPLE_RATE } from './clip.js';

/** The rate recordings are decoded at before the 16 kHz resampling. */
const DECODE_SAMPLE_RATE = 48000;

/** Containers/codecs MediaRecorder may offer, best first: Chromium and Firefox record webm/opus, Safari mp4/aac. */
export const RECORDING_TYPES = [
  'audio/webm;codecs=opus',
  'audio/webm',
  'audio/ogg;codecs=opus',
  'audio/mp4;codecs=mp4a.40.2',
  'audio/mp4',
];

/** The first type this browser's MediaRecorder can write, or '' to let it choose its own default. */
export function pickRecordingType(isTypeSupported: (type: string) => boolean): string {
  return RECORDING_TYPES.find((type) => isTypeSupported(type)) ?? '';
}

export interface Resampled {
  samples: Float32Array;
  sourceSeconds: number;
  sourceSampleRate: number;
  sourceChannels: number;
  capped: boolean;
}

/**
 * Decodes a recording, mixes it to mono and resamples it to 16 kHz with OfflineAudioContext (the browser's own
 * resampler, band-limited, off the main thread's JavaScript). Anything past `maxSeconds` is cut off.
 */
export async function toMono16k(recording: Blob, maxSeconds = MAX_CLIP_SECONDS): Promise<Resampled> {
  const bytes = await recording.arrayBuffer();
  // decodeAudioData converts to its context's rate. 48 kHz is Opus' own rate (and AAC's usual one), so decoding
  // changes nothing and the one resampling step below is the OfflineAudioContext's.
  const decoder = new OfflineAudioContext(1, 1, DECODE_SAMPLE_RATE);
  const decoded = await decoder.decodeAudioData(bytes);
  const capped = decoded.duration > maxSeconds;
  const seconds = Math.min(decoded.duration, maxSeconds);
  const length = Math.max(1, Math.ceil(seconds * SPEECH_SAMPLE_RATE));
  // A one-channel destination: the graph down-mixes the source's channels (speakers interpretation: L/R averaged).
  const context = new OfflineAudioContext(1, length, SPEECH_SAMPLE_RATE);
  const source = context.createBufferSource();
  source.buffer = decoded;
  source.connect(context.destination);
  source.start();
  const rendered = await context.startRendering();
  return {
    samples: rendered.getChannelData(0),
    sourceSeconds: decoded.duration,
    sourceSampleRate: decoded.sampleRate,
    sourceChannels: decoded.numberOfChannels,
    capped,
  };
}
