/** The architectures both engines run (DESIGN seam 2): the model types of SmolLM2 and Qwen2.5. */
export const SUPPORTED_ARCHITECTURES = ['llama', 'qwen2'] as const;

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
  if (!(SUPPORTED_ARCHITECTURES as readonly string[]).includes(modelType)) {
    throw new Error(
      `${source} says model_type "${modelType}", which is not supported (supported: ${SUPPORTED_ARCHITECTURES.join(', ')}).`,
    );
  }
  if (modelType !== claimed) {
    throw new Error(`${source} says model_type "${modelType}" but the twin manifest says "${claimed}".`);
  }
  return modelType;
}
