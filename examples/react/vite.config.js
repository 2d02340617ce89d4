import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
// Copies twin-chat's assets (its workers, ONNX Runtime's wasm, the demo twin) into public/twin-chat/: fetched at
// run time, never bundled, and found by the element through asset-base="/twin-chat/".
import { twinChatAssets } from 'twin-chat/vite';

export default defineConfig({ plugins: [react(), twinChatAssets()] });
