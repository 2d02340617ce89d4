// Generated from finetune/twin_finetune/architectures.json by scripts/generate-architectures.mjs:
// edit the JSON, then run the script.

/** The model types both halves support: the pipeline exports them, the engines run them (SmolLM2, Qwen2.5). */
export const ARCHITECTURES = ['llama', 'qwen2'] as const;

export type Architecture = (typeof ARCHITECTURES)[number];
