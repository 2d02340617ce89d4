// The browser half of bench/speech-rtf.mjs: loads Whisper in our speech worker (src/worker/speech-worker.ts, bundled
// by the bench), decodes the audio to 16 kHz mono with OfflineAudioContext as the element does, and times
// transcriptions. Exposes `window.runSpeech(config)`; every figure is the worker's own compute time per clip.

import { median, WorkerClient } from '../worker-client.js';

/** The audio, decoded and resampled to 16 kHz mono, repeated/cut to `seconds`. */
async function clip(url, seconds) {
  const bytes = await (await fetch(url)).arrayBuffer();
  const decoded = await new OfflineAudioContext(1, 1, 48000).decodeAudioData(bytes);
  const context = new OfflineAudioContext(1, Math.ceil(decoded.duration * 16000), 16000);
  const source = context.createBufferSource();
  source.buffer = decoded;
  source.connect(context.destination);
  source.start();
  const once = (await context.startRendering()).getChannelData(0);
  const out = new Float32Array(Math.round(seconds * 16000));
  for (let i = 0; i < out.length; i++) out[i] = once[i % once.length];
  return out;
}

class SpeechWorker extends WorkerClient {
  constructor(url) {
    super(url, ['load-failed', 'transcribe-failed']);
  }
  async transcribe(id, audio, options) {
    const done = this.next((message) => message.type === 'transcript' && message.id === id);
    this.worker.postMessage({ type: 'transcribe', id, audio, options }, [audio.buffer]);
    return done;
  }
}

window.runSpeech = async ({ workerUrl, spec, audioUrl, clips, runs, tokensPerSecond }) => {
  const worker = new SpeechWorker(workerUrl);
  const loadSeconds = (await worker.load({ ...spec, buildUrl: new URL(spec.buildUrl, location.href).href, assetBase: new URL(spec.assetBase, location.href).href })) / 1000;
  const results = [];
  let id = 0;
  // One warm-up transcription: the first run also compiles kernels (WebGPU shaders).
  const warm = await clip(audioUrl, 2);
  await worker.transcribe(id++, warm, { max_new_tokens: 4, min_new_tokens: 4 });
  for (const seconds of clips) {
    const tokens = Math.ceil(seconds * tokensPerSecond);
    const times = [];
    for (let run = 0; run < runs; run++) {
      const audio = await clip(audioUrl, seconds);
      const { seconds: compute } = await worker.transcribe(id++, audio, { max_new_tokens: tokens, min_new_tokens: tokens });
      times.push(compute);
    }
    results.push({ seconds, tokens, compute: median(times), rtf: median(times) / seconds });
  }
  worker.worker.terminate();
  return { loadSeconds, results };
};
