import { ARCHITECTURES } from '../models/architectures.js';

/**
 * Reads the architecture from a build's own config (`config.json` for ONNX, `mlc-chat-config.json` for MLC)
 * and checks it against the manifest. An unknown or mismatched architecture is an error, never a guess: running
 * weights under the wrong architecture produces fluent nonsense rather than a failure.
 */
export function checkArchitecture(config: unknown, claimed: string, source: string): string {
  const modelType = (config as { model_type?: unknown } | null)?.model_type;
  if (typeof modelType !== 'string') {
    throw new Error(`${source} has no "model_type", so the architecture cannot be checked.`);
  }
  if (!(ARCHITECTURES as readonly string[]).includes(modelType)) {
    throw new Error(
      `${source} says model_type "${modelType}", which is not supported (supported: ${ARCHITECTURES.join(', ')}).`,
    );
  }
  if (modelType !== claimed) {
    throw new Error(`${source} says model_type "${modelType}" but the twin manifest says "${claimed}".`);
  }
  return modelType;
}
