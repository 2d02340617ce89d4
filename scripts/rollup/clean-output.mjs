// Empties the output folder before a build, so chunks with stale hashes never linger in dist/ or in the npm package.
import { rm } from 'node:fs/promises';

export function cleanOutput(dir) {
  return {
    name: 'clean-output',
    async buildStart() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
