// Says which twin the inline chat runs and how much it downloads, read from the same registry and manifest the
// element uses, whenever an engine starts (the visitor may pick another twin in the chat's header).
const chat = document.querySelector('.twin-figure twin-chat');
const facts = document.querySelector('#twin-facts');

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

async function describe(detail) {
  const registryUrl = new URL(chat.registry, document.baseURI);
  const registry = await (await fetch(registryUrl)).json();
  const entry = registry.find((line) => line.id === chat.model) ?? registry[0];
  const manifest = await (await fetch(new URL(entry.manifest, registryUrl))).json();
  const onnx = manifest.builds?.onnx;
  const size = onnx
    ? ` Its weights are ${megabytes(onnx.bytes[onnx.dtypes.wasm])} on WebAssembly and ${megabytes(onnx.bytes[onnx.dtypes.webgpu])} on WebGPU.`
    : '';
  const engine =
    detail.engine === 'scripted'
      ? 'without a model (keyword search over my notes)'
      : `with ${detail.engine} on ${detail.device}`;
  facts.textContent = `This chat runs ${manifest.label}, ${engine}.${size}`;
}

chat.addEventListener('twin-engine', (event) => describe(event.detail).catch(() => {}));
