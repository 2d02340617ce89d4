// Copies models/registry.json, and the folder of every twin it lists with a relative manifest URL, into
// dist/assets/models/: the element's default registry is looked for in its assets folder, so the built package works
// on its own.
import { cp, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Training reports and test fixtures the finetune writes beside a twin; no browser ever fetches them. */
const NOT_FOR_BROWSERS = /^(eval\..*|reference\.json|train-report\.json|.*\.md)$/;

export function registryTwins({ from, to }) {
  return {
    name: 'registry-twins',
    async writeBundle() {
      const registry = JSON.parse(await readFile(join(from, 'registry.json'), 'utf8'));
      await mkdir(to, { recursive: true });
      await cp(join(from, 'registry.json'), join(to, 'registry.json'));
      for (const { manifest } of registry) {
        if (/^[a-z][a-z0-9+.-]*:|^\/|\.\./i.test(manifest)) continue; // hosted elsewhere: nothing to copy
        const folder = dirname(manifest);
        const filter = (path) => !NOT_FOR_BROWSERS.test(basename(path));
        await cp(join(from, folder), join(to, folder), { recursive: true, filter });
      }
    },
  };
}
