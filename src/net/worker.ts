/**
 * The module Web Worker that src/net/offload.ts starts for large CRLs. It runs the same functions
 * a page would run inline and posts their results back; it keeps nothing between requests.
 *
 * Protocol: posts `{ type: 'ready' }` once its imports have loaded; answers each `OffloadRequest` with
 * `{ type: 'result', id, result }` or `{ type: 'error', id, error }` (see offload.ts).
 */
import { verifyChainHere } from '../path/verify-chain.js';
import { checkRevocationHere, verifyCrl } from '../path/check-revocation.js';
import {
  serializeError,
  type OffloadOperation,
  type OffloadOperations,
  type OffloadRequest,
  type OffloadResponse,
} from './offload.js';

type Handlers = {
  [K in OffloadOperation]: (
    options: OffloadOperations[K]['options'],
  ) => Promise<OffloadOperations[K]['result']>;
};

const handlers: Handlers = {
  checkRevocation: (options) => checkRevocationHere(options),
  verifyChain: (options) => verifyChainHere(options),
  // The page already has the parsed CRL; sending it back would copy the whole CRL again.
  verifyCrl: async (options) => {
    const { usable, problems } = await verifyCrl(options);
    return { usable, problems };
  },
};

/** The parts of DedicatedWorkerGlobalScope used here (the project compiles against the DOM library). */
interface WorkerScope {
  postMessage(message: OffloadResponse): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<OffloadRequest>) => void): void;
}

const scope = globalThis as unknown as WorkerScope;

async function handle(request: OffloadRequest): Promise<OffloadResponse> {
  const { id, operation, options } = request;
  try {
    const handler = handlers[operation] as ((options: unknown) => Promise<unknown>) | undefined;
    if (!handler) throw new TypeError(`unknown operation ${String(operation)}`);
    return { type: 'result', id, result: await handler(options) };
  } catch (error) {
    return { type: 'error', id, error: serializeError(error) };
  }
}

scope.addEventListener('message', (event) => {
  void handle(event.data).then((response) => {
    try {
      scope.postMessage(response);
    } catch (error) {
      // A result structured clone refuses (should not happen: results are plain data).
      scope.postMessage({ type: 'error', id: event.data.id, error: serializeError(error) });
    }
  });
});

scope.postMessage({ type: 'ready' });
