// Saves what a browser test sees as a PNG under build/screenshots/ (ignored by git), for a person to look at:
// the layout tests measure the page, and the pictures show what they measured.
// From a test: `executeServerCommand('save-screenshot', { name: 'phone-light' })`.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

const DIRECTORY = 'build/screenshots';

export function screenshotCommand() {
  return {
    name: 'save-screenshot',
    async executeCommand({ command, payload, session }) {
      if (command !== 'save-screenshot') return undefined;
      if (!/^[\w-]+$/.test(payload.name)) throw new Error(`not a file name: ${payload.name}`);
      await mkdir(DIRECTORY, { recursive: true });
      const path = join(DIRECTORY, `${payload.name}.png`);
      await session.browser.getPage(session.id).screenshot({ path, animations: 'disabled' });
      return path;
    },
  };
}
