import { expect } from '@open-wc/testing';
import { probeCapabilities } from '../../src/engines/capabilities.js';

type FakeNavigator = Parameters<typeof probeCapabilities>[0];
const fake = (value: object) => value as unknown as FakeNavigator;

describe('capability probes', () => {
  it('reports no WebGPU without navigator.gpu or without an adapter', async () => {
    expect((await probeCapabilities(fake({}))).webgpu).to.equal(null);
    expect((await probeCapabilities(fake({ gpu: { requestAdapter: async () => null } }))).webgpu).to.equal(null);
  });

  it("reads the adapter's features and limits, deviceMemory and Save-Data", async () => {
    const adapter = {
      features: new Set(['shader-f16']),
      limits: { maxBufferSize: 7, maxStorageBufferBindingSize: 5 },
      info: { architecture: 'swiftshader' },
    };
    const caps = await probeCapabilities(
      fake({ gpu: { requestAdapter: async () => adapter }, deviceMemory: 4, connection: { saveData: true } }),
    );
    expect(caps.webgpu!.features.has('shader-f16')).to.equal(true);
    expect(caps.webgpu).to.deep.include({
      maxBufferSize: 7,
      maxStorageBufferBindingSize: 5,
      architecture: 'swiftshader',
    });
    expect(caps).to.deep.include({ deviceMemoryGiB: 4, saveData: true });
  });

  it('treats a throwing requestAdapter as no WebGPU', async () => {
    const caps = await probeCapabilities(
      fake({ gpu: { requestAdapter: async () => Promise.reject(new Error('lost')) } }),
    );
    expect(caps.webgpu).to.equal(null);
  });
});
