import { CrlIndex, findSerial, scanEntries, type EntryScan, type EntryTarget } from '../crl/entries.js';
import { CRL_DEFAULT_MAX_BYTES, parseCrl } from '../crl/parse.js';
import type { CrlInfo } from '../crl/types.js';
import { startVerification, type VerifyOutcome } from '../crypto/verify.js';
import { asShirushiError, type ShirushiError } from '../errors/shirushi-error.js';
import type { PathCertificate } from '../x509/path-certificate.js';
import type { CrlInput } from './types.js';

/** A CRL handed to the engine: parsed, or the reason it could not be. `index` is its position in the input. */
export interface LoadedCrl {
  index: number;
  url?: string;
  info?: CrlInfo;
  error?: ShirushiError;
}

interface CrlState {
  /** The structural pass over the revoked list (done once, with the first lookup). */
  scan?: EntryScan;
  scanError?: ShirushiError;
  /** The certificate the structural pass also looked for. */
  scanTarget?: EntryTarget;
  /** Lookups after the structural pass; the index is built once they show the CRL is used in bulk. */
  lookups: number;
  index?: CrlIndex;
  signatures: Map<string, Promise<{ outcome: Promise<VerifyOutcome> }>>;
}

// Parsed CRLs are remembered by the identity of their bytes, so checking many certificates against the same
// Uint8Array parses, verifies and scans it once. Callers must not modify a CRL's bytes after passing them.
const parsedByBytes = new WeakMap<Uint8Array, { maxBytes: number; info?: CrlInfo; error?: ShirushiError }>();
const states = new WeakMap<CrlInfo, CrlState>();

/** Lookups of other certificates before a CRL gets a hash index. */
export const INDEX_AFTER_LOOKUPS = 4;

function stateOf(crl: CrlInfo): CrlState {
  let state = states.get(crl);
  if (!state) {
    state = { lookups: 0, signatures: new Map() };
    states.set(crl, state);
  }
  return state;
}

function parseRemembered(der: Uint8Array, maxBytes: number): { info?: CrlInfo; error?: ShirushiError } {
  const known = parsedByBytes.get(der);
  if (known && known.maxBytes === maxBytes) return known;
  let result: { maxBytes: number; info?: CrlInfo; error?: ShirushiError };
  try {
    result = { maxBytes, info: parseCrl(der, { maxBytes }) };
  } catch (error) {
    result = { maxBytes, error: asShirushiError(error, 'crl/not-a-crl') };
  }
  parsedByBytes.set(der, result);
  return result;
}

export function loadCrls(inputs: readonly CrlInput[], maxBytes = CRL_DEFAULT_MAX_BYTES): LoadedCrl[] {
  return inputs.map((input, index) => {
    const loaded: LoadedCrl = { index };
    let source: Uint8Array | string;
    if (typeof input === 'string' || input instanceof Uint8Array) {
      source = input;
    } else {
      source = input.der;
      if (input.url !== undefined) loaded.url = input.url;
    }
    if (source instanceof Uint8Array) {
      Object.assign(loaded, parseRemembered(source, maxBytes));
    } else {
      try {
        loaded.info = parseCrl(source, { maxBytes });
      } catch (error) {
        loaded.error = asShirushiError(error, 'crl/not-a-crl');
      }
    }
    return loaded;
  });
}

/**
 * The structural pass over the revoked list, once per CRL: every entry's shape and extension criticality.
 * Throws the `crl/bad-entry` error again on later calls.
 */
export function structureOf(crl: CrlInfo, target?: EntryTarget): { scan: EntryScan } {
  const state = stateOf(crl);
  if (state.scanError) throw state.scanError;
  if (!state.scan) {
    try {
      state.scan = scanEntries(crl, target);
      if (target) state.scanTarget = target;
    } catch (error) {
      state.scanError = asShirushiError(error, 'crl/not-a-crl');
      throw state.scanError;
    }
  }
  return { scan: state.scan };
}

/**
 * Offset of the entry for `target`, or -1. The first lookup is the structural pass itself; a second lookup
 * against the same direct CRL builds a hash index, so many certificates cost one pass plus one probe each.
 */
export function lookup(crl: CrlInfo, target: EntryTarget): number {
  const state = stateOf(crl);
  if (!state.scan) return structureOf(crl, target).scan.match;
  const scanned = state.scanTarget;
  if (scanned && scanned.issuerKey === target.issuerKey && sameBytes(scanned.serial, target.serial)) {
    return state.scan.match;
  }
  if (crl.issuingDistributionPoint?.indirectCRL) return scanEntries(crl, target).match;
  // Building the index touches memory at random (about 0.1 µs per entry); a plain pass reads it in order
  // (about 0.01 µs per entry). Index once enough lookups have shown that it pays for itself.
  if (++state.lookups < INDEX_AFTER_LOOKUPS) return findSerial(crl, target.serial);
  state.index ??= new CrlIndex(crl, state.scan.count);
  return state.index.find(target.serial);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * Starts verifying the CRL's signature with `signer`'s key (once per CRL and signer). The promise settles
 * when WebCrypto has the data, so the caller can scan the revoked list while the hash runs.
 */
export function startCrlVerification(
  crl: CrlInfo,
  signer: PathCertificate,
): Promise<{ outcome: Promise<VerifyOutcome> }> {
  const state = stateOf(crl);
  let started = state.signatures.get(signer.id);
  if (!started) {
    started = startVerification(
      signer.spki,
      crl.signatureAlgorithmRef,
      crl.der.subarray(crl.tbs.start, crl.tbs.end),
      crl.der.subarray(crl.signature.start, crl.signature.end),
    );
    state.signatures.set(signer.id, started);
  }
  return started;
}

/** Verifies the CRL's signature with `signer`'s key, once per CRL and signer. */
export async function verifyCrlWith(crl: CrlInfo, signer: PathCertificate): Promise<VerifyOutcome> {
  return (await startCrlVerification(crl, signer)).outcome;
}
