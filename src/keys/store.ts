/**
 * The applicant's key store: private keys kept in IndexedDB as non-extractable CryptoKeys (structured
 * clone keeps them usable after a reload without their bytes ever being readable), each with its public
 * key, the CSR made with it and a label naming the CSR's domain names and the date.
 *
 * Nothing here touches IndexedDB until a function is called, so importing this module is safe in node.
 */
import type { DBSchema } from 'idb';
import { ShirushiError } from '../errors/shirushi-error.js';
import { lazyDatabase } from '../storage/lazy-database.js';
import { describe } from './token.js';

/** Database and object store names. */
export const KEY_STORE_DATABASE = 'shirushi-keys';
const STORE = 'keys';
const VERSION = 1;

/** What kind of key a record holds, for lists and labels. */
export interface StoredKeyAlgorithm {
  name: 'RSA' | 'ECDSA';
  /** RSA modulus size in bits. */
  size?: number;
  /** ECDSA curve. */
  curve?: string;
  /** The hash an RSA key signs with (WebCrypto binds it to the key). */
  hash?: string;
  /** `RSA 2048`, `ECDSA P-256`. */
  summary: string;
}

export interface StoredKey {
  /** Random identifier (UUID). */
  id: string;
  /** The CSR's domain names and the date, e.g. `www.example.jp, example.jp (2026-11-21)`. */
  label: string;
  createdAt: Date;
  algorithm: StoredKeyAlgorithm;
  /** DER SubjectPublicKeyInfo. */
  publicKey: Uint8Array;
  /** Non-extractable signing key. */
  privateKey: CryptoKey;
  /** The CSR made with this key, PEM. */
  csrPem?: string;
  /** Always false: stored keys cannot be read back out. */
  extractable: false;
}

export interface StoreKeyInput {
  keys: CryptoKeyPair;
  /** The CSR made with the key. */
  csrPem?: string;
  /** Domain names (and IP addresses) the CSR names; used for the label. */
  names?: readonly string[];
  /** Overrides the label made from `names` and the date. */
  label?: string;
  createdAt?: Date;
}

interface KeyStoreSchema extends DBSchema {
  keys: { key: string; value: StoredKey; indexes: { createdAt: Date } };
}

const database = lazyDatabase<KeyStoreSchema>(
  KEY_STORE_DATABASE,
  VERSION,
  (db) => {
    if (!db.objectStoreNames.contains(STORE)) {
      const store = db.createObjectStore(STORE, { keyPath: 'id' });
      store.createIndex('createdAt', 'createdAt');
    }
  },
  storeError,
);
const open = database.open;

/** Closes the connection; the next call opens a fresh one (as after a page reload). */
export function closeKeyStore(): Promise<void> {
  return database.close();
}

/** `www.example.jp, example.jp (2026-11-21)`: the names (first three, then `+N`) and the local date. */
export function keyLabel(names: readonly string[], date: Date = new Date()): string {
  const list = names.map((name) => name.trim()).filter((name) => name !== '');
  const shown = list.slice(0, 3).join(', ') + (list.length > 3 ? ` +${list.length - 3}` : '');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return shown ? `${shown} (${day})` : day;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Describes a WebCrypto signing key. */
export function describeKeyAlgorithm(key: CryptoKey): StoredKeyAlgorithm {
  const algorithm = key.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm> & { name: string };
  if (algorithm.name === 'ECDSA') {
    const curve = algorithm.namedCurve ?? '?';
    return { name: 'ECDSA', curve, summary: `ECDSA ${curve}` };
  }
  if (algorithm.name === 'RSASSA-PKCS1-v1_5') {
    const size = algorithm.modulusLength ?? 0;
    return {
      name: 'RSA',
      size,
      ...(algorithm.hash?.name !== undefined && { hash: algorithm.hash.name }),
      summary: `RSA ${size}`,
    };
  }
  throw new ShirushiError('key/unsupported-algorithm', { algorithm: algorithm.name });
}

/**
 * A non-extractable copy of a private key. An extractable key is exported as PKCS#8 and imported again
 * with `extractable: false` (the PKCS#8 bytes are zeroed afterwards); a non-extractable key is returned
 * as is. Make the encrypted backup (`exportPrivateKey`) before calling this: the copy cannot be exported.
 */
export async function toNonExtractable(privateKey: CryptoKey): Promise<CryptoKey> {
  if (privateKey.type !== 'private') throw new ShirushiError('key/not-private', { type: privateKey.type });
  if (!privateKey.extractable) return privateKey;
  const algorithm = privateKey.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm> & {
    name: string;
  };
  const params: RsaHashedImportParams | EcKeyImportParams =
    algorithm.name === 'ECDSA'
      ? { name: 'ECDSA', namedCurve: algorithm.namedCurve ?? '' }
      : { name: algorithm.name, hash: algorithm.hash?.name ?? 'SHA-256' };
  let pkcs8: Uint8Array | undefined;
  try {
    pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', privateKey));
    return await crypto.subtle.importKey('pkcs8', pkcs8 as BufferSource, params, false, ['sign']);
  } catch (error) {
    throw new ShirushiError('key/import-failed', { detail: describe(error) }, { cause: error });
  } finally {
    pkcs8?.fill(0);
  }
}

function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Stores a key pair's private key (made non-extractable first if it is not already) with its public key
 * and CSR. Returns the stored record.
 */
export async function storeKey(input: StoreKeyInput): Promise<StoredKey> {
  const { privateKey, publicKey } = input.keys;
  if (privateKey?.type !== 'private') {
    throw new ShirushiError('key/not-private', { type: privateKey?.type ?? 'missing' });
  }
  const algorithm = describeKeyAlgorithm(privateKey);
  let spki: Uint8Array;
  try {
    spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  } catch (error) {
    throw new ShirushiError('key/export-failed', { detail: describe(error) }, { cause: error });
  }
  const createdAt = input.createdAt ?? new Date();
  const record: StoredKey = {
    id: newId(),
    label: input.label ?? keyLabel(input.names ?? [], createdAt),
    createdAt,
    algorithm,
    publicKey: spki,
    privateKey: await toNonExtractable(privateKey),
    ...(input.csrPem !== undefined && { csrPem: input.csrPem }),
    extractable: false,
  };
  const db = await open();
  try {
    await db.put(STORE, record);
  } catch (error) {
    throw storeError(error);
  }
  return record;
}

/** Every stored key, newest first. */
export async function listKeys(): Promise<StoredKey[]> {
  const db = await open();
  const all = await db.getAllFromIndex(STORE, 'createdAt');
  return all.reverse();
}

/** One stored key, or undefined. */
export async function getKey(id: string): Promise<StoredKey | undefined> {
  const db = await open();
  return db.get(STORE, id);
}

/** Deletes a stored key (and its CSR). Returns whether it existed. */
export async function deleteKey(id: string): Promise<boolean> {
  const db = await open();
  const tx = db.transaction(STORE, 'readwrite');
  const existed = (await tx.store.getKey(id)) !== undefined;
  if (existed) await tx.store.delete(id);
  await tx.done;
  return existed;
}

/**
 * Asks the browser to keep this site's storage (and so the keys) under storage pressure:
 * `navigator.storage.persist()`. Resolves with the browser's answer, or false where it is not available,
 * fails, or gives no answer within `timeout` ms (Firefox waits for the user to answer a prompt).
 * Never throws.
 */
export async function requestPersistentStorage(timeout = 10_000): Promise<boolean> {
  try {
    const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
    if (!storage?.persist) return false;
    if (storage.persisted && (await storage.persisted())) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeout);
    });
    try {
      return await Promise.race([storage.persist().then(Boolean), expired]);
    } finally {
      clearTimeout(timer);
    }
  } catch {
    return false;
  }
}

/** IndexedDB failures (quota, private mode, blocked upgrade). */
function storeError(error: unknown): ShirushiError {
  return new ShirushiError('key/store-failed', { detail: describe(error) }, { cause: error });
}
