import type { Capabilities } from './capabilities.js';
import { weightsUrl, type Rung } from './ladder.js';

/** What the element shows before a download that needs the visitor's go-ahead. */
export interface DownloadRequest {
  bytes: number;
  /** Why the visitor is asked: the size is over the threshold, the browser asks to save data, or space is short. */
  reason: 'size' | 'save-data' | 'storage';
}

/** Whether this rung's model is already in the Cache API (then loading it downloads nothing). */
export async function isCached(rung: Rung): Promise<boolean> {
  const url = weightsUrl(rung);
  if (!url || typeof caches === 'undefined') return false;
  try {
    // caches.match searches every cache: ours for ONNX builds, web-llm's own for MLC builds.
    return (await caches.match(url)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Decides whether loading `rung` must wait for the visitor's click: never for a cached model; otherwise when the
 * browser asks to save data, when storage.estimate() says it will not fit, or when it is over `thresholdBytes`.
 */
export async function downloadRequest(
  rung: Rung,
  caps: Capabilities,
  thresholdBytes: number,
): Promise<DownloadRequest | null> {
  if (rung.kind === 'scripted' || (await isCached(rung))) return null;
  const { bytes } = rung;
  if (caps.saveData) return { bytes, reason: 'save-data' };
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (estimate?.quota !== undefined && estimate.quota - (estimate.usage ?? 0) < bytes)
    return { bytes, reason: 'storage' };
  return bytes > thresholdBytes ? { bytes, reason: 'size' } : null;
}
