/**
 * IndexedDB failures turned into `vault/*` errors. Browsers report the same conditions under different
 * names (a full disk is `QuotaExceededError` in all three, but private modes and disabled storage surface
 * as `InvalidStateError`, `SecurityError`, `UnknownError` or a missing `indexedDB`), so the mapping is
 * by name and in one place.
 */
import { ShirushiError } from '../errors/shirushi-error.js';
import { describe } from '../keys/token.js';

function nameOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error
    ? String((error as { name: unknown }).name)
    : undefined;
}

/** True when the error (or the transaction error behind an AbortError) is a storage quota error. */
export function isQuotaError(error: unknown): boolean {
  const name = nameOf(error);
  // Old WebKit reported quota as a DOMException with code 22 and no usable name.
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    (typeof DOMException !== 'undefined' && error instanceof DOMException && error.code === 22)
  );
}

/** An error from a write transaction. `transactionError` is `tx.error`, which names the real cause of an abort. */
export function writeError(error: unknown, transactionError?: unknown): ShirushiError {
  if (error instanceof ShirushiError) return error;
  if (isQuotaError(error) || isQuotaError(transactionError)) {
    return new ShirushiError('vault/quota-exceeded', {}, { cause: transactionError ?? error });
  }
  const cause = transactionError ?? error;
  return new ShirushiError('vault/write-failed', { detail: describe(cause) }, { cause });
}

/** An error from opening the database. */
export function openError(error: unknown): ShirushiError {
  if (error instanceof ShirushiError) return error;
  const name = nameOf(error);
  if (name === 'VersionError') {
    return new ShirushiError('vault/newer-version', { detail: describe(error) }, { cause: error });
  }
  if (isQuotaError(error)) return new ShirushiError('vault/quota-exceeded', {}, { cause: error });
  return new ShirushiError('vault/unavailable', { detail: describe(error) }, { cause: error });
}
