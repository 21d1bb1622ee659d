/**
 * Runs revocation and path checks on large CRLs in a module Web Worker, so a page never blocks while
 * a multi-megabyte CRL is read. Only pages use the worker: in node, inside a worker, or for CRLs below
 * the threshold the work runs in the calling thread, with the same results.
 *
 * Nothing here touches `Worker` until a large check asks for it, so node can import the package.
 */
import { ShirushiError } from '../errors/shirushi-error.js';
import type { ErrorCode, MessageParams } from '../i18n/strings.js';
import type { VerifyCrlOptions } from '../path/check-revocation.js';
import type { ChainResult, VerifyChainOptions } from '../path/types.js';
import type { CheckRevocationOptions, RevocationProblem, RevocationResult } from '../revocation/types.js';

/** Total CRL bytes (DER, or PEM characters) above which a page checks them in a Web Worker: 512 KiB. */
export const OFFLOAD_THRESHOLD_BYTES = 512 * 1024;

/** What each operation takes and gives back. `verifyCrl` returns only the verdict, not the parsed CRL. */
export interface OffloadOperations {
  checkRevocation: { options: CheckRevocationOptions; result: RevocationResult };
  verifyChain: { options: VerifyChainOptions; result: ChainResult };
  verifyCrl: {
    options: VerifyCrlOptions;
    result: { usable: boolean; problems: RevocationProblem[] };
  };
}

export type OffloadOperation = keyof OffloadOperations;

/** Messages between the page and src/net/worker.ts. */
export interface OffloadRequest {
  id: number;
  operation: OffloadOperation;
  options: unknown;
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** Set for a ShirushiError: rebuilt from code and params on the page. */
  code?: ErrorCode;
  params?: MessageParams;
}

export type OffloadResponse =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; error: SerializedError };

export interface OffloadSettings {
  /** Bytes of CRL above which the worker is used. Default `OFFLOAD_THRESHOLD_BYTES`; 0 sends every check. */
  threshold: number;
  /** `false` keeps every check in the calling thread. Default `true`. */
  enabled: boolean;
  /**
   * Where the worker script is, when a deployment serves it from somewhere else than next to the
   * bundle (its file is `assets/worker-<hash>.js` in dist/). Default: the copy built with the package.
   */
  workerUrl?: string | URL;
}

export interface OffloadStatus {
  /** `unavailable`: the worker could not be started on this page; checks run in the calling thread. */
  state: 'idle' | 'starting' | 'ready' | 'unavailable';
  /** Checks the worker has answered since the page loaded. */
  completed: number;
  /** Why the worker is unavailable, or why it was last discarded. */
  reason?: string;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Runs the operation in this thread instead, when the worker cannot start. */
  fallback: () => Promise<unknown>;
}

const settings: OffloadSettings = { threshold: OFFLOAD_THRESHOLD_BYTES, enabled: true };
let worker: Worker | undefined;
let workerReady = false;
/** Settles when the current worker reports ready (true) or fails to start (false). */
let readiness: { promise: Promise<boolean>; settle: (ready: boolean) => void } | undefined;
let unavailableReason: string | undefined;
let lastReason: string | undefined;
let completed = 0;
let nextId = 1;
const pending = new Map<number, Pending>();

/** Changes how checks are offloaded; returns the settings now in force. */
export function configureOffload(changes: Partial<OffloadSettings>): OffloadSettings {
  if ('workerUrl' in changes && String(changes.workerUrl) !== String(settings.workerUrl)) {
    terminateOffloadWorker();
  }
  Object.assign(settings, changes);
  if (settings.workerUrl === undefined) delete settings.workerUrl;
  return { ...settings };
}

export function offloadStatus(): OffloadStatus {
  const state = unavailableReason ? 'unavailable' : worker ? (workerReady ? 'ready' : 'starting') : 'idle';
  const reason = unavailableReason ?? lastReason;
  return { state, completed, ...(reason !== undefined && { reason }) };
}

/**
 * Stops the worker. Checks it is still running fail with `crl-fetch/worker-failed`; the next large
 * check starts a new worker. A worker that could not start is tried again after this.
 */
export function terminateOffloadWorker(): void {
  unavailableReason = undefined;
  discardWorker('terminated');
}

/**
 * Starts the worker ahead of the first large check (a page may call this when it shows a form that will
 * check a CRL), and resolves with whether it runs. Resolves false outside a page or when offloading is off.
 */
export function prepareOffloadWorker(): Promise<boolean> {
  if (!settings.enabled || unavailableReason !== undefined || !inWindow()) return Promise.resolve(false);
  if (!ensureWorker()) return Promise.resolve(false);
  return readiness?.promise ?? Promise.resolve(workerReady);
}

/** Bytes of CRL data in an operation's options (PEM counts its characters). */
export function crlBytes(options: unknown): number {
  if (typeof options !== 'object' || options === null) return 0;
  const { crls, crl } = options as { crls?: unknown; crl?: unknown };
  const list = Array.isArray(crls) ? [...crls] : [];
  if (crl !== undefined) list.push(crl);
  let total = 0;
  for (const item of list) {
    if (typeof item === 'string') total += item.length;
    else if (item instanceof Uint8Array) total += item.byteLength;
    else if (
      typeof item === 'object' &&
      item !== null &&
      (item as { der?: unknown }).der instanceof Uint8Array
    ) {
      total += (item as { der: Uint8Array }).der.byteLength;
    }
  }
  return total;
}

/** True in a page's main thread that can start module workers (not in node, not inside a worker). */
function inWindow(): boolean {
  const scope = globalThis as { document?: unknown; window?: unknown; Worker?: unknown };
  return (
    typeof scope.window === 'object' &&
    typeof scope.document === 'object' &&
    typeof scope.Worker === 'function'
  );
}

/**
 * Runs `operation` in the page's worker when its CRLs are larger than the threshold and a worker can
 * run here; otherwise calls `inline`. Results are the same either way (they come back by structured
 * clone: Dates, bigints and byte arrays survive; a ShirushiError is rebuilt with its code and params).
 *
 * The caller's byte arrays are copied before they go to the worker, never transferred away. If the
 * worker cannot start (a CSP without `worker-src 'self'`, a missing worker file) the check runs inline
 * and `offloadStatus()` says why; if it fails mid-check the call rejects with `crl-fetch/worker-failed`.
 */
export function runOffloadable<K extends OffloadOperation>(
  operation: K,
  options: OffloadOperations[K]['options'],
  inline: (options: OffloadOperations[K]['options']) => Promise<OffloadOperations[K]['result']>,
): Promise<OffloadOperations[K]['result']> {
  if (
    !settings.enabled ||
    unavailableReason !== undefined ||
    !inWindow() ||
    crlBytes(options) <= settings.threshold
  ) {
    return inline(options);
  }
  const target = ensureWorker();
  if (!target) return inline(options);
  const message = prepareRequest(operation, options);
  return new Promise<OffloadOperations[K]['result']>((resolve, reject) => {
    pending.set(message.data.id, {
      resolve: resolve as (value: unknown) => void,
      reject,
      fallback: () => inline(options),
    });
    try {
      target.postMessage(message.data, message.transfer);
    } catch {
      // Only a value structured clone refuses gets here; the inline check reports what is wrong with it.
      pending.delete(message.data.id);
      inline(options).then(resolve, reject);
    }
  });
}

function prepareRequest(
  operation: OffloadOperation,
  options: unknown,
): { data: OffloadRequest; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const copied = copyForWorker(options, transfer, 0);
  return { data: { id: nextId++, operation, options: copied }, transfer };
}

/** Byte arrays at least this large are copied into their own buffer and transferred, not cloned. */
const TRANSFER_MIN_BYTES = 64 * 1024;

/**
 * Copies the caller's byte arrays so the worker gets buffers of its own: large ones are copied here and
 * the copies transferred (cloning a view would copy its whole underlying buffer), small ones are cloned.
 */
function copyForWorker(value: unknown, transfer: ArrayBuffer[], depth: number): unknown {
  if (value instanceof Uint8Array) {
    if (value.byteLength < TRANSFER_MIN_BYTES) return value;
    const copy = value.slice();
    transfer.push(copy.buffer);
    return copy;
  }
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => copyForWorker(item, transfer, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, copyForWorker(item, transfer, depth + 1)]),
  );
}

function ensureWorker(): Worker | undefined {
  if (worker) return worker;
  let created: Worker;
  try {
    // This exact form lets vite emit the worker as a file of its own (dist/assets/worker-<hash>.js),
    // which a strict `worker-src 'self'` CSP allows; the .ts URL is what web-test-runner and vite serve.
    created = settings.workerUrl
      ? new Worker(settings.workerUrl, { type: 'module', name: 'shirushi-crl' })
      : new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'shirushi-crl' });
  } catch (error) {
    markUnavailable(describe(error));
    return undefined;
  }
  worker = created;
  workerReady = false;
  let settle: (ready: boolean) => void = () => {};
  const promise = new Promise<boolean>((resolve) => (settle = resolve));
  readiness = { promise, settle };
  created.addEventListener('message', (event: MessageEvent<OffloadResponse>) =>
    onMessage(created, event.data),
  );
  created.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault();
    onFailure(created, event.message || 'the worker script failed to load or threw');
  });
  created.addEventListener('messageerror', () =>
    onFailure(created, 'a message from the worker could not be read'),
  );
  return created;
}

function onMessage(source: Worker, data: OffloadResponse): void {
  if (source !== worker) return;
  if (data.type === 'ready') {
    workerReady = true;
    readiness?.settle(true);
    return;
  }
  const entry = pending.get(data.id);
  if (!entry) return;
  pending.delete(data.id);
  if (data.type === 'result') {
    completed += 1;
    entry.resolve(data.result);
  } else {
    entry.reject(rebuildError(data.error));
  }
}

/**
 * Before the worker said it is ready, an error means it could not start: every waiting check runs
 * inline and later checks stay inline. Afterwards it means the worker broke mid-check.
 */
function onFailure(source: Worker, reason: string): void {
  if (source !== worker) return;
  if (!workerReady) {
    const waiting = [...pending.values()];
    pending.clear();
    markUnavailable(reason);
    for (const entry of waiting) entry.fallback().then(entry.resolve, entry.reject);
    return;
  }
  discardWorker(reason);
}

function markUnavailable(reason: string): void {
  unavailableReason = reason;
  lastReason = reason;
  readiness?.settle(false);
  readiness = undefined;
  if (worker) {
    worker.terminate();
    worker = undefined;
    workerReady = false;
  }
}

function discardWorker(reason: string): void {
  const current = worker;
  worker = undefined;
  workerReady = false;
  readiness?.settle(false);
  readiness = undefined;
  current?.terminate();
  if (!current) return;
  lastReason = reason;
  const waiting = [...pending.values()];
  pending.clear();
  for (const entry of waiting) entry.reject(new ShirushiError('crl-fetch/worker-failed', { detail: reason }));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Turns an error into something structured clone keeps, code and params included. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof ShirushiError) {
    return {
      name: error.name,
      message: error.message,
      code: error.code,
      params: { ...error.params },
      ...(error.stack !== undefined && { stack: error.stack }),
    };
  }
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack !== undefined && { stack: error.stack }),
    };
  }
  return { name: 'Error', message: String(error) };
}

const ERROR_TYPES: Record<string, ErrorConstructor> = {
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

export function rebuildError(serialized: SerializedError): Error {
  if (serialized.code) return new ShirushiError(serialized.code, serialized.params ?? {});
  const Type = ERROR_TYPES[serialized.name] ?? Error;
  const error = new Type(serialized.message);
  if (!(serialized.name in ERROR_TYPES)) error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}
