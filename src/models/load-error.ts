/**
 * Why loading a twin (or one part of it) failed, as a stable code a page can branch on (it is the `code` of a `twin-error` event)
 * plus a message meant for people, which names the URL involved.
 */
export const LOAD_ERROR_CODES = [
  'registry-unreachable',
  'registry-invalid',
  'unknown-model',
  'manifest-unreachable',
  'manifest-invalid',
  'apps-unreachable',
  'apps-invalid',
  // asset-base is not a folder of twin-chat's assets (worker/assets-check.ts).
  'assets-unreachable',
  'unknown-engine',
  'engine-failed',
  // The model loaded but could not be stored (storage full): it runs, and downloads again next visit.
  'model-not-cached',
] as const;

export type LoadErrorCode = (typeof LOAD_ERROR_CODES)[number];

export class LoadError extends Error {
  constructor(
    readonly code: LoadErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LoadError';
  }
}
