// Serves files under three prefixes that misbehave the way real servers and networks do, so browser tests (and
// bench/soak.mjs) can fault the twin's downloads:
// - /slow/<path>: <path>, trickled at about 64 kB a second, so a test can cancel a download still under way;
// - /stalled/<path>: <path> after STALL_MS, as a server that accepts the connection and then hangs;
// - /flaky/<path>: <path>, but every odd-numbered request for a model (.onnx) file breaks off halfway, the
//   connection dropped, so the next request (a retry) gets it whole;
// - /corrupt/<path>: <path>, but a model (.onnx) file with 64 bytes in its middle flipped, as a broken mirror or
//   proxy would serve it: the right length, a file ONNX Runtime still loads, and not the bytes the manifest hashed.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { Readable } from 'node:stream';

const CHUNK = 16 * 1024;
const PAUSE_MS = 250;
const STALL_MS = 60000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function trickle(path) {
  const file = createReadStream(path, { highWaterMark: CHUNK });
  return Readable.from(
    (async function* () {
      for await (const chunk of file) {
        yield chunk;
        await sleep(PAUSE_MS);
      }
    })(),
  );
}

/** The file with 64 bytes in its middle inverted: weights, not structure, in a model file of any size. */
function corrupted(path) {
  const bytes = readFileSync(path);
  const middle = Math.floor(bytes.length / 2);
  for (let i = middle; i < middle + 64; i++) bytes[i] ^= 0xff;
  return bytes;
}

/** The first half of the file, then the socket destroyed: the browser sees the body end short of its length. */
function breakOffHalfway(path, size, socket) {
  return Readable.from(
    (async function* () {
      let sent = 0;
      for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
        if (sent + chunk.length > size / 2) break;
        sent += chunk.length;
        yield chunk;
      }
      await sleep(50); // let what was sent reach the browser before the connection goes
      socket.destroy();
    })(),
  );
}

export function slowModelFiles(root = process.cwd()) {
  const flakyRequests = new Map();
  return async (context, next) => {
    const prefix = ['/slow/', '/stalled/', '/flaky/', '/corrupt/'].find((start) => context.path.startsWith(start));
    if (!prefix) return next();
    const path = join(root, normalize(context.path.slice(prefix.length)));
    if (!path.startsWith(root)) return next();
    let size;
    try {
      size = statSync(path).size;
    } catch {
      return next();
    }
    const json = path.endsWith('.json');
    context.length = size;
    context.type = json ? 'application/json' : 'application/octet-stream';
    if (prefix === '/stalled/') await sleep(STALL_MS);
    if (prefix === '/slow/' && !json) return void (context.body = trickle(path));
    // A 1-byte range request (transformers.js asking for the size) is not a download, so it is neither broken nor counted.
    if (prefix === '/flaky/' && path.endsWith('.onnx') && !context.headers.range) {
      const count = (flakyRequests.get(path) ?? 0) + 1;
      flakyRequests.set(path, count);
      if (count % 2 === 1) return void (context.body = breakOffHalfway(path, size, context.socket));
    }
    if (prefix === '/corrupt/' && path.endsWith('.onnx')) return void (context.body = corrupted(path));
    context.body = createReadStream(path);
  };
}
