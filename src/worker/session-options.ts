/**
 * The config.json key our exporter (finetune/twin_finetune/export_onnx.py) lists the dtypes under whose ONNX files it
 * saved already optimized by ONNX Runtime.
 */
export const PREOPTIMIZED_KEY = 'twin_chat_preoptimized';

/**
 * ORT session options for one build file. A file saved already optimized skips ORT's graph optimizer: at session
 * creation it would find nothing left to fuse, and on SmolLM2-135M's q8 it still spends about 80 ms looking. Any
 * other file (an fp32 build, another exporter's) keeps ORT's full optimization.
 */
export function sessionOptions(config: unknown, dtype: string | undefined): { graphOptimizationLevel?: 'disabled' } {
  const preoptimized = (config as Record<string, unknown> | null)?.[PREOPTIMIZED_KEY];
  return Array.isArray(preoptimized) && dtype !== undefined && preoptimized.includes(dtype)
    ? { graphOptimizationLevel: 'disabled' }
    : {};
}
