import { html, nothing, type TemplateResult } from 'lit';
import type { DownloadRequest } from '../engines/download-consent.js';
import type { EngineDevice, EngineKind } from '../engines/engine.js';
import type { TwinProgressDetail } from './events.js';

/** Which engine answers, as the header shows it. */
export interface EngineLabel {
  kind: EngineKind;
  device: EngineDevice;
  fromCache: boolean;
}

const KIND_NAMES: Record<EngineKind, string> = {
  webllm: 'web-llm',
  transformers: 'transformers.js',
  scripted: 'scripted',
};
const DEVICE_NAMES: Record<EngineDevice, string> = { webgpu: 'WebGPU', wasm: 'WASM', none: '' };

export function engineName(kind: EngineKind, device: EngineDevice): string {
  return [KIND_NAMES[kind], DEVICE_NAMES[device]].filter(Boolean).join(' · ');
}

/** The small label in the header: "transformers.js · WASM", plus "from cache" when nothing was downloaded. */
export function renderEngineLabel(label: EngineLabel | undefined): TemplateResult | typeof nothing {
  if (!label) return nothing;
  const text = engineName(label.kind, label.device) + (label.fromCache ? ' · from cache' : '');
  return html`<span part="engine" class="engine" title="The engine answering">${text}</span>`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

const PHASE_TEXT: Record<string, string> = {
  registry: 'Loading the twin list',
  manifest: 'Loading the twin',
  apps: 'Loading the twin',
  fetch: 'Downloading the model',
  cache: 'Reading the model from cache',
  compile: 'Preparing the model',
  ready: 'Ready',
};

/** The progress bar with bytes, and a cancel button while model bytes are downloading. */
export function renderProgress(
  progress: TwinProgressDetail | undefined,
  onCancel: () => void,
): TemplateResult | typeof nothing {
  if (!progress) return nothing;
  const downloading = progress.phase === 'fetch';
  const bytes =
    downloading || progress.phase === 'cache'
      ? ` ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`
      : '';
  const label = `${PHASE_TEXT[progress.phase] ?? 'Loading'}${bytes}`;
  return html`<div class="progress-row">
    <progress part="progress" aria-label="Loading the twin: ${progress.phase}" aria-valuetext=${label} max=${progress.total || 1} .value=${progress.loaded}></progress>
    <span part="progress-text" class="progress-text">${label}</span>
    ${downloading ? html`<button type="button" part="cancel" class="cancel" @click=${onCancel}>Cancel</button>` : nothing}
  </div>`;
}

const CONSENT_REASONS: Record<DownloadRequest['reason'], string> = {
  size: 'This twin runs on your device.',
  'save-data': 'Your browser asks to save data.',
  storage: 'Your browser may not have room to keep it, so it could be downloaded again next time.',
};

/** Before a large download: its size, and the visitor's choice. Until they choose, nothing is downloaded. */
export function renderDownloadPrompt(
  request: DownloadRequest | undefined,
  onChoice: (accepted: boolean) => void,
): TemplateResult | typeof nothing {
  if (!request) return nothing;
  return html`<div part="consent" class="consent" role="group" aria-label="Model download">
    <span>${CONSENT_REASONS[request.reason]} Download the model (${formatBytes(request.bytes)})?</span>
    <button type="button" part="consent-accept" @click=${() => onChoice(true)}>Download ${formatBytes(request.bytes)}</button>
    <button type="button" part="consent-decline" @click=${() => onChoice(false)}>Not now</button>
  </div>`;
}
