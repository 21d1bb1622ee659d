/**
 * The browser's store of verified CRLs (IndexedDB, through `idb`), used by `fetchCrl`.
 *
 * - `crls`: one record per issuer, distribution point URL and CRL number, holding the DER bytes as an
 *   ArrayBuffer (not parsed objects), kept until the CRL's nextUpdate and then evicted.
 * - `marks`: the newest CRL ever stored per issuer and URL (number and thisUpdate, no bytes). Marks
 *   outlive the CRLs themselves, so an older CRL replayed later is still recognised as older.
 *
 * Only `fetchCrl` writes here, and only CRLs whose signature it has checked. Nothing touches
 * `indexedDB` until a function is called, so node can import the package.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const CRL_CACHE_DB_NAME = 'shirushi-crl-cache';
const DB_VERSION = 1;

/** Enough digits for a 20-octet cRLNumber (RFC 5280 section 5.2.3), so string order is number order. */
const NUMBER_DIGITS = 50;

type CrlKey = [issuerKey: string, url: string, number: string];
type MarkKey = [issuerKey: string, url: string];

export interface CachedCrlRecord {
  key: CrlKey;
  issuerKey: string;
  /** The distribution point URL the CRL was fetched for (not a mirror's URL). */
  url: string;
  /** cRLNumber in decimal, when the CRL has one. */
  number?: string;
  thisUpdate: Date;
  nextUpdate: Date;
  storedAt: Date;
  size: number;
  /** The DER bytes (older versions of this cache may hold a Blob). */
  der: ArrayBuffer | Blob;
}

export interface CrlMark {
  key: MarkKey;
  issuerKey: string;
  url: string;
  number?: string;
  thisUpdate: Date;
}

interface CacheSchema extends DBSchema {
  crls: { key: CrlKey; value: CachedCrlRecord; indexes: { url: string; nextUpdate: Date } };
  marks: { key: MarkKey; value: CrlMark };
}

/** What the cache needs to know about a CRL (a subset of `CrlInfo`). */
export interface CrlIdentity {
  issuerKey: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  number?: bigint;
}

let connection: Promise<IDBPDatabase<CacheSchema>> | undefined;

export function crlCacheAvailable(): boolean {
  return typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'object';
}

function open(): Promise<IDBPDatabase<CacheSchema>> {
  if (!crlCacheAvailable()) return Promise.reject(new Error('IndexedDB is not available'));
  connection ??= openDB<CacheSchema>(CRL_CACHE_DB_NAME, DB_VERSION, {
    upgrade(db) {
      const crls = db.createObjectStore('crls', { keyPath: 'key' });
      crls.createIndex('url', 'url');
      crls.createIndex('nextUpdate', 'nextUpdate');
      db.createObjectStore('marks', { keyPath: 'key' });
    },
    // Another tab wants a newer schema: step aside, the next call reopens.
    blocking() {
      void closeCrlCache();
    },
    terminated() {
      connection = undefined;
    },
  });
  connection.catch(() => {
    connection = undefined;
  });
  return connection;
}

/** Closes this page's connection to the cache; the next cache operation opens a new one. */
export async function closeCrlCache(): Promise<void> {
  const current = connection;
  connection = undefined;
  if (current) (await current.catch(() => undefined))?.close();
}

/** Deletes every cached CRL and every remembered CRL number. Does nothing where IndexedDB is missing. */
export async function clearCrlCache(): Promise<void> {
  if (!crlCacheAvailable()) return;
  const db = await open();
  const tx = db.transaction(['crls', 'marks'], 'readwrite');
  await Promise.all([tx.objectStore('crls').clear(), tx.objectStore('marks').clear(), tx.done]);
}

/** The bytes as an ArrayBuffer of their own (IndexedDB copies it; a view would store its whole buffer). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength
    ? buffer
    : bytes.slice().buffer;
}

function numberKey(number: bigint | undefined): string {
  return number === undefined ? '' : number.toString().padStart(NUMBER_DIGITS, '0');
}

/** Negative when `a` is an older CRL than `b`: by cRLNumber when both have one, else by thisUpdate. */
export function compareCrlAge(
  a: { number?: bigint | string; thisUpdate: Date },
  b: { number?: bigint | string; thisUpdate: Date },
): number {
  if (a.number !== undefined && b.number !== undefined) {
    const [x, y] = [BigInt(a.number), BigInt(b.number)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return a.thisUpdate.getTime() - b.thisUpdate.getTime();
}

/** Cached CRLs for a distribution point URL, newest first. */
export async function cachedCrlsFor(url: string): Promise<CachedCrlRecord[]> {
  const db = await open();
  const records = await db.getAllFromIndex('crls', 'url', url);
  return records.sort((a, b) => compareCrlAge(b, a));
}

/** The newest CRL ever stored for this issuer and URL, even if its bytes have been evicted since. */
export async function crlMarkFor(issuerKey: string, url: string): Promise<CrlMark | undefined> {
  const db = await open();
  return db.get('marks', [issuerKey, url]);
}

export async function readCachedDer(record: CachedCrlRecord): Promise<Uint8Array> {
  const data = record.der instanceof Blob ? await record.der.arrayBuffer() : record.der;
  return new Uint8Array(data);
}

/**
 * Stores a verified CRL with a nextUpdate, unless a newer one for the same issuer and URL is already
 * known; removes the CRLs it supersedes and every CRL past its nextUpdate at `now`. Returns whether it
 * was stored.
 */
export async function storeCrl(
  url: string,
  crl: CrlIdentity,
  der: Uint8Array,
  now: Date = new Date(),
): Promise<boolean> {
  const { nextUpdate } = crl;
  if (!nextUpdate) return false;
  const db = await open();
  const number = crl.number?.toString();
  const record: CachedCrlRecord = {
    key: [crl.issuerKey, url, numberKey(crl.number)],
    issuerKey: crl.issuerKey,
    url,
    ...(number !== undefined && { number }),
    thisUpdate: crl.thisUpdate,
    nextUpdate,
    storedAt: now,
    size: der.byteLength,
    // Not a Blob: WebKit refuses Blobs in IndexedDB in ephemeral sessions (private browsing, automation).
    der: ownBuffer(der),
  };
  const tx = db.transaction(['crls', 'marks'], 'readwrite');
  // A failing request rejects below and aborts the transaction; its own rejection says nothing more.
  tx.done.catch(() => {});
  const crls = tx.objectStore('crls');
  const marks = tx.objectStore('marks');
  const mark = await marks.get([crl.issuerKey, url]);
  if (mark && compareCrlAge(crl, mark) < 0) {
    await tx.done;
    return false;
  }
  await marks.put({
    key: [crl.issuerKey, url],
    issuerKey: crl.issuerKey,
    url,
    ...(number !== undefined && { number }),
    thisUpdate: crl.thisUpdate,
  });
  for (const old of await crls.index('url').getAll(url)) {
    if (old.issuerKey === crl.issuerKey && compareCrlAge(old, crl) < 0) await crls.delete(old.key);
  }
  let cursor = await crls.index('nextUpdate').openCursor(IDBKeyRange.upperBound(now, true));
  while (cursor) {
    await cursor.delete();
    cursor = await cursor.continue();
  }
  if (nextUpdate > now) await crls.put(record);
  await tx.done;
  return nextUpdate > now;
}
