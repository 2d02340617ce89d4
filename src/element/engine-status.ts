import { html, nothing, type TemplateResult } from 'lit';
import type { DownloadRequest } from '../engines/download-consent.js';
import type { EngineDevice, EngineKind } from '../engines/engine.js';
import type { TwinProgressDetail } from './events.js';
import { fill, type LabelKey, type Labels } from './labels.js';

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
export function renderEngineLabel(label: EngineLabel | undefined, labels: Labels): TemplateResult | typeof nothing {
  if (!label) return nothing;
  const text = engineName(label.kind, label.device) + (label.fromCache ? ` · ${labels.fromCache}` : '');
  return html`<span part="engine" class="engine" title=${labels.engine}>${text}</span>`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

const PHASE_LABELS: Record<string, LabelKey> = {
  registry: 'loadingTwinList',
  manifest: 'loadingTwin',
  apps: 'loadingTwin',
  fetch: 'downloadingModel',
  cache: 'readingCache',
  compile: 'preparingModel',
  ready: 'ready',
};

/** The progress bar with bytes, and a cancel button while model bytes are downloading. */
export function renderProgress(
  progress: TwinProgressDetail | undefined,
  onCancel: () => void,
  labels: Labels,
): TemplateResult | typeof nothing {
  if (!progress) return nothing;
  const downloading = progress.phase === 'fetch';
  const phase = labels[PHASE_LABELS[progress.phase] ?? 'loading'];
  const label =
    downloading || progress.phase === 'cache'
      ? fill(labels.progressBytes, { phase, loaded: formatBytes(progress.loaded), total: formatBytes(progress.total) })
      : phase;
  return html`<div class="progress-row">
    <progress part="progress" aria-label=${phase} aria-valuetext=${label} max=${progress.total || 1} .value=${progress.loaded}></progress>
    <span part="progress-text" class="progress-text">${label}</span>
    ${downloading ? html`<button type="button" part="cancel" class="cancel" @click=${onCancel}>${labels.cancel}</button>` : nothing}
  </div>`;
}

const CONSENT_REASONS: Record<DownloadRequest['reason'], LabelKey> = {
  size: 'downloadReasonSize',
  'save-data': 'downloadReasonSaveData',
  storage: 'downloadReasonStorage',
};

/** Before a large download: its size, and the visitor's choice. Until they choose, nothing is downloaded. */
export function renderDownloadPrompt(
  request: DownloadRequest | undefined,
  onChoice: (accepted: boolean) => void,
  labels: Labels,
): TemplateResult | typeof nothing {
  if (!request) return nothing;
  const size = { size: formatBytes(request.bytes) };
  return html`<div part="consent" class="consent" role="group" aria-label=${labels.download}>
    <span>${labels[CONSENT_REASONS[request.reason]]} ${fill(labels.downloadQuestion, size)}</span>
    <button type="button" part="consent-accept" @click=${() => onChoice(true)}>${fill(labels.downloadAccept, size)}</button>
    <button type="button" part="consent-decline" @click=${() => onChoice(false)}>${labels.downloadDecline}</button>
  </div>`;
}
