// A tiny CRL server for browser tests (test/crl-fetch.test.ts, test/offload.test.ts): tests upload the
// CRLs they made with the `crl-server` command, then fetch them back from these routes on the test
// server's own origin. Every route sends `Cache-Control: no-store`, so request counts are honest.
//
//   GET /crl-test/crl/<name>[?chunk=N&delay=MS&length=0]  the CRL stored as <name>; optionally in N-byte
//       chunks MS apart, and without Content-Length (chunked) when length=0. Unknown names are a 404.
//   GET /crl-test/huge?size=N[&length=0]                    N bytes that start like DER (for maxBytes)
//   GET /crl-test/mirror?u=<CRL URL>                        the CRL stored for that URL, as an honest relay
//   GET /crl-test/tampering-mirror?u=<CRL URL>              the same with one signature byte flipped
//   GET /crl-test/crash-worker.js                           a worker that says it is ready, then throws
//   GET /crl-test/error-worker.js                           a worker that answers every request with a
//       ShirushiError (crl/not-a-crl) in the protocol of src/net/worker.ts
//
// Command `crl-server` (executeServerCommand('crl-server', payload)):
//   { action: 'put', name, der: base64, url? }  stores a CRL under <name> (and for mirror requests of url)
//   { action: 'count', name }                   requests for <name> since the last reset (all routes)
//   { action: 'reset' }                         forgets counts
import { setTimeout as sleep } from 'node:timers/promises';

const PREFIX = '/crl-test/';

/** @type {Map<string, Buffer>} */
const crls = new Map();
/** @type {Map<string, string>} CRL URL -> name */
const names = new Map();
/** @type {Map<string, number>} */
const counts = new Map();

const count = (name) => counts.set(name, (counts.get(name) ?? 0) + 1);

const CRASH_WORKER = `postMessage({ type: 'ready' });
addEventListener('message', () => { throw new Error('crash-worker: deliberate failure'); });
`;

const ERROR_WORKER = `postMessage({ type: 'ready' });
addEventListener('message', (event) => postMessage({
  type: 'error',
  id: event.data.id,
  error: { name: 'ShirushiError', message: 'x', code: 'crl/not-a-crl', params: { detail: 'from error-worker' } },
}));
`;

/**
 * Streams `body` to the response, `chunk` bytes every `delay` ms; stops if the client goes away.
 * @param {import('node:http').ServerResponse} res
 */
async function send(res, status, body, { chunk = body.length || 1, delay = 0, length = true, type } = {}) {
  res.writeHead(status, {
    'Content-Type': type ?? 'application/pkix-crl',
    'Cache-Control': 'no-store',
    ...(length && { 'Content-Length': String(body.length) }),
  });
  let closed = false;
  res.on('close', () => (closed = true));
  for (let offset = 0; offset < body.length && !closed; offset += chunk) {
    if (offset > 0 && delay > 0) await sleep(delay);
    const more = res.write(body.subarray(offset, offset + chunk));
    if (!more && !closed) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

function streamOptions(query) {
  const number = (value) => (value === undefined ? undefined : Number(value));
  return {
    chunk: number(query.chunk),
    delay: number(query.delay) ?? 0,
    length: query.length !== '0',
  };
}

/** Koa middleware; register it in web-test-runner's `middleware`. */
export function crlServerMiddleware() {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(PREFIX)) return next();
    const route = ctx.path.slice(PREFIX.length);
    const query = ctx.query;
    ctx.respond = false;
    const res = ctx.res;

    if (route.startsWith('crl/')) {
      const name = decodeURIComponent(route.slice('crl/'.length));
      count(name);
      const body = crls.get(name);
      if (!body) return send(res, 404, Buffer.from('no such CRL\n'), { type: 'text/plain' });
      return send(res, 200, body, streamOptions(query));
    }
    if (route === 'huge') {
      count('huge');
      const body = Buffer.alloc(Number(query.size ?? 0));
      body[0] = 0x30;
      return send(res, 200, body, { ...streamOptions(query), chunk: Number(query.chunk ?? 64 * 1024) });
    }
    if (route === 'mirror' || route === 'tampering-mirror') {
      const name = names.get(String(query.u ?? ''));
      count(name ?? `unknown:${query.u}`);
      const original = name && crls.get(name);
      if (!original) return send(res, 404, Buffer.from('not mirrored\n'), { type: 'text/plain' });
      const body = Buffer.from(original);
      if (route === 'tampering-mirror') body[body.length - 1] ^= 0x01;
      return send(res, 200, body, streamOptions(query));
    }
    if (route === 'crash-worker.js' || route === 'error-worker.js') {
      const script = route === 'crash-worker.js' ? CRASH_WORKER : ERROR_WORKER;
      return send(res, 200, Buffer.from(script), { type: 'text/javascript' });
    }
    return send(res, 404, Buffer.from('unknown test route\n'), { type: 'text/plain' });
  };
}

/** web-test-runner plugin for the `crl-server` command. */
export function crlServerPlugin() {
  return {
    name: 'shirushi-crl-server',
    executeCommand({ command, payload }) {
      if (command !== 'crl-server') return undefined;
      const { action, name, der, url } = payload ?? {};
      if (action === 'put') {
        if (typeof name !== 'string' || typeof der !== 'string') throw new Error('crl-server put: name, der');
        crls.set(name, Buffer.from(der, 'base64'));
        if (typeof url === 'string') names.set(url, name);
        return true;
      }
      if (action === 'count') return counts.get(name) ?? 0;
      if (action === 'reset') {
        counts.clear();
        return true;
      }
      throw new Error(`crl-server: unknown action ${action}`);
    },
  };
}
