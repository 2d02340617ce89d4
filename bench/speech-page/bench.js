// The browser half of bench/speech.mjs: loads Whisper in our speech worker (src/worker/speech-worker.ts, bundled by
// the bench), decodes audio to 16 kHz mono with OfflineAudioContext as the element does, and transcribes it.
// Exposes `window.runSpeech(config)`; every time is the worker's own compute time per clip.

import { median, WorkerClient } from '../worker-client.js';

/** A WAV, decoded and resampled to 16 kHz mono. */
async function samples(url) {
  const bytes = await (await fetch(url)).arrayBuffer();
  const decoded = await new OfflineAudioContext(1, 1, 48000).decodeAudioData(bytes);
  const context = new OfflineAudioContext(1, Math.ceil(decoded.duration * 16000), 16000);
  const source = context.createBufferSource();
  source.buffer = decoded;
  source.connect(context.destination);
  source.start();
  return (await context.startRendering()).getChannelData(0);
}

/** `once` repeated and cut to `seconds`. */
function looped(once, seconds) {
  const out = new Float32Array(Math.round(seconds * 16000));
  for (let i = 0; i < out.length; i++) out[i] = once[i % once.length];
  return out;
}

class SpeechWorker extends WorkerClient {
  constructor(url) {
    super(url, ['load-failed', 'transcribe-failed']);
    this.id = 0;
  }
  /** Transfers `audio` to the worker; resolves to { text, seconds }. */
  async transcribe(audio, options) {
    const id = this.id++;
    const done = this.next((message) => message.type === 'transcript' && message.id === id);
    this.worker.postMessage({ type: 'transcribe', id, audio, options }, [audio.buffer]);
    return done;
  }
}

window.runSpeech = async ({ workerUrl, spec, fullWindow, rtfAudioUrl, clips, runs, setUrls }) => {
  const worker = new SpeechWorker(workerUrl);
  const absolute = {
    ...spec,
    buildUrl: new URL(spec.buildUrl, location.href).href,
    assetBase: new URL(spec.assetBase, location.href).href,
  };
  const loadSeconds = (await worker.load(absolute)) / 1000;
  const options = { full_window: fullWindow };
  const once = await samples(rtfAudioUrl);
  // One warm-up transcription: the first run also compiles kernels (WebGPU shaders) and sizes ORT's buffers.
  await worker.transcribe(looped(once, 2), options);
  const clipResults = [];
  for (const seconds of clips) {
    const times = [];
    for (let run = 0; run < runs; run++) times.push((await worker.transcribe(looped(once, seconds), options)).seconds);
    clipResults.push({ seconds, compute: median(times), rtf: median(times) / seconds });
  }
  const transcripts = [];
  let compute = 0;
  let audioSeconds = 0;
  for (const url of setUrls) {
    const audio = await samples(url);
    audioSeconds += audio.length / 16000;
    const result = await worker.transcribe(audio, options);
    transcripts.push(result.text);
    compute += result.seconds;
  }
  worker.worker.terminate();
  return { loadSeconds, clips: clipResults, transcripts, setRtf: audioSeconds ? compute / audioSeconds : 0 };
};
