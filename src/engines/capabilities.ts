/** What this browser and device can run, found by probing features, never by reading the user agent. */
export interface Capabilities {
  /** The WebGPU adapter, or null where there is no navigator.gpu or no adapter. */
  webgpu: GpuCapabilities | null;
  /** navigator.deviceMemory in GiB (Chromium only, rounded and capped at 8), when known. */
  deviceMemoryGiB: number | undefined;
  /** The visitor asked for reduced data use (navigator.connection.saveData). */
  saveData: boolean;
}

/** The adapter's features decide the web-llm rung; the limits are probed for diagnostics (no rung needs more than the defaults). */
export interface GpuCapabilities {
  features: ReadonlySet<string>;
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** e.g. "swiftshader" for the software adapter; for display and diagnostics only. */
  architecture: string;
}

interface GpuAdapterLike {
  features: ReadonlySet<string>;
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info?: { architecture?: string };
}

type ProbedNavigator = Navigator & {
  gpu?: { requestAdapter(options?: { powerPreference?: string }): Promise<GpuAdapterLike | null> };
  deviceMemory?: number;
  connection?: { saveData?: boolean };
};

/**
 * Probes navigator.gpu → requestAdapter() → features and limits, then deviceMemory and Save-Data. With `gpu`
 * false the GPU is left alone: a setting that runs no GPU rung asks for no adapter (Chromium logs "No available
 * adapters." where there is none).
 */
export async function probeCapabilities(nav: ProbedNavigator = navigator, { gpu = true } = {}): Promise<Capabilities> {
  return {
    webgpu: gpu ? await probeGpu(nav) : null,
    deviceMemoryGiB: nav.deviceMemory,
    saveData: nav.connection?.saveData === true,
  };
}

async function probeGpu(nav: ProbedNavigator): Promise<GpuCapabilities | null> {
  if (!nav.gpu) return null;
  try {
    const adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return null;
    return {
      features: new Set(adapter.features),
      maxBufferSize: adapter.limits.maxBufferSize,
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      architecture: adapter.info?.architecture ?? '',
    };
  } catch {
    return null;
  }
}
