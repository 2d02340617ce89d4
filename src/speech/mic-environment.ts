/**
 * Whether this browser can record, checked on every render of the mic button: kept apart from the recorder itself
 * so that the page's first download carries only this check, and the recording code loads with the first hold.
 */
/** What recording needs from the browser; injectable so the controller can be tested without one. */
export interface MicEnvironment {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  MediaRecorder: typeof MediaRecorder;
  AudioContext: typeof AudioContext | undefined;
}

/** The browser's microphone and recorder, or undefined where either is missing (then the mic button is hidden). */
export function browserMicEnvironment(): MicEnvironment | undefined {
  const devices = globalThis.navigator?.mediaDevices;
  if (!devices?.getUserMedia || typeof globalThis.MediaRecorder !== 'function') return undefined;
  return {
    getUserMedia: (constraints) => devices.getUserMedia(constraints),
    MediaRecorder: globalThis.MediaRecorder,
    AudioContext: globalThis.AudioContext,
  };
}
