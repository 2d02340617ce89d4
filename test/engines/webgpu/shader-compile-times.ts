/** How long one WebGPU compute pipeline (one kernel's shader) took to compile. */
export interface ShaderCompile {
  kernel: string;
  ms: number;
  wgslBytes: number;
}

type Descriptor = { compute: { module: object } };
type AsyncCreate = (this: GPUDeviceLike, descriptor: Descriptor) => Promise<unknown>;
interface GPUDeviceLike {
  createShaderModule(descriptor: { code: string }): object;
  createComputePipelineAsync: AsyncCreate;
}

/**
 * Times every compute pipeline the page creates from now on, one at a time: web-llm asks for all of a model's
 * pipelines at once, and compiled side by side their times would overlap. Each is started only when the one before
 * has finished, so each time is that kernel's alone (the load as a whole takes about as long as before). The
 * kernel is named by its WGSL entry point, TVM's kernel name. Returns the list it fills and a function that undoes
 * the patch.
 */
export function timeShaderCompiles(): { compiles: ShaderCompile[]; restore(): void } {
  const prototype = (globalThis as unknown as { GPUDevice: { prototype: GPUDeviceLike } }).GPUDevice.prototype;
  const { createShaderModule, createComputePipelineAsync } = prototype;
  const sources = new WeakMap<object, string>();
  const compiles: ShaderCompile[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  prototype.createShaderModule = function (descriptor) {
    const module = createShaderModule.call(this, descriptor);
    sources.set(module, descriptor.code);
    return module;
  };
  prototype.createComputePipelineAsync = function (descriptor) {
    const code = sources.get(descriptor.compute.module) ?? '';
    const kernel = /@compute[^\n]*\nfn (\w+)/.exec(code)?.[1] ?? 'unknown';
    const run = previous.then(async () => {
      const start = performance.now();
      const pipeline = await createComputePipelineAsync.call(this, descriptor);
      compiles.push({ kernel, ms: performance.now() - start, wgslBytes: code.length });
      return pipeline;
    });
    previous = run.catch(() => undefined);
    return run;
  };
  return {
    compiles,
    restore: () => Object.assign(prototype, { createShaderModule, createComputePipelineAsync }),
  };
}
