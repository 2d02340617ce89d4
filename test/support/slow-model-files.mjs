// Serves /slow/<path> as <path>, trickled at about 64 kB a second, so a browser test can cancel a download that
// is still under way.
import { createReadStream, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { Readable } from 'node:stream';

const CHUNK = 16 * 1024;
const PAUSE_MS = 250;

function trickle(path) {
  const file = createReadStream(path, { highWaterMark: CHUNK });
  return Readable.from(
    (async function* () {
      for await (const chunk of file) {
        yield chunk;
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
    })(),
  );
}

export function slowModelFiles(root = process.cwd()) {
  return async (context, next) => {
    if (!context.path.startsWith('/slow/')) return next();
    const path = join(root, normalize(context.path.slice('/slow/'.length)));
    if (!path.startsWith(root)) return next();
    try {
      context.length = statSync(path).size;
    } catch {
      return next();
    }
    context.type = path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
    context.body = path.endsWith('.json') ? createReadStream(path) : trickle(path);
  };
}
