/**
 * ACME accounts and issuances in IndexedDB ('shirushi-acme'). An account keeps its private key as a
 * non-extractable CryptoKey (structured clone keeps it usable after a reload, its bytes never readable)
 * and the EAB key ID only: the MAC key is used once at registration and never stored.
 *
 * Nothing touches IndexedDB until a function is called, so importing this module is safe in node.
 */
import type { DBSchema } from 'idb';
import { describe } from '../keys/token.js';
import { toNonExtractable } from '../keys/store.js';
import { lazyDatabase } from '../storage/lazy-database.js';
import type { AcmeJwk } from './jwk.js';
import { AcmeError } from './problem.js';

export const ACME_STORE_DATABASE = 'shirushi-acme';
const VERSION = 1;

export interface StoredAcmeAccount {
  id: string;
  directoryUrl: string;
  accountUrl: string;
  alg: 'ES256' | 'RS256';
  /** Non-extractable. */
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: AcmeJwk;
  thumbprint: string;
  contact: string[];
  /** The EAB key ID only, never the MAC key. */
  eabKid?: string;
  createdAt: Date;
  keyChangedAt?: Date;
}

export interface AcmeIssuance {
  /** The vault id: SHA-256 hex of the leaf DER. */
  certificateId: string;
  accountId: string;
  directoryUrl: string;
  orderUrl: string;
  certificateUrl: string;
  names: string[];
  /** The key-store id of the certificate's key. */
  keyId?: string;
  issuedAt: Date;
  revokedAt?: Date;
  revocationReason?: number;
}

interface AcmeSchema extends DBSchema {
  accounts: { key: string; value: StoredAcmeAccount; indexes: { directoryUrl: string } };
  issuances: { key: string; value: AcmeIssuance; indexes: { accountId: string } };
}

const database = lazyDatabase<AcmeSchema>(
  ACME_STORE_DATABASE,
  VERSION,
  (db) => {
    if (!db.objectStoreNames.contains('accounts')) {
      db.createObjectStore('accounts', { keyPath: 'id' }).createIndex('directoryUrl', 'directoryUrl');
    }
    if (!db.objectStoreNames.contains('issuances')) {
      db.createObjectStore('issuances', { keyPath: 'certificateId' }).createIndex('accountId', 'accountId');
    }
  },
  storeError,
);
const open = database.open;

function storeError(error: unknown): AcmeError {
  return new AcmeError('acme/store-failed', { detail: describe(error) }, { cause: error });
}

/** Closes the connection; the next call opens a fresh one (as after a page reload). */
export function closeAcmeStore(): Promise<void> {
  return database.close();
}

/**
 * Saves an account. Only the known fields are written, so a MAC key or other secret that found its way
 * onto the object is not stored; an extractable private key is made non-extractable first.
 */
export async function saveAcmeAccount(a: StoredAcmeAccount): Promise<void> {
  const record: StoredAcmeAccount = {
    id: a.id,
    directoryUrl: a.directoryUrl,
    accountUrl: a.accountUrl,
    alg: a.alg,
    privateKey: await toNonExtractable(a.privateKey),
    publicKey: a.publicKey,
    jwk: a.jwk,
    thumbprint: a.thumbprint,
    contact: [...(a.contact ?? [])],
    ...(a.eabKid !== undefined && { eabKid: a.eabKid }),
    createdAt: a.createdAt,
    ...(a.keyChangedAt !== undefined && { keyChangedAt: a.keyChangedAt }),
  };
  const db = await open();
  try {
    await db.put('accounts', record);
  } catch (error) {
    throw storeError(error);
  }
}

/** Stored accounts, oldest first; only those for `directoryUrl` when given. */
export async function listAcmeAccounts(directoryUrl?: string): Promise<StoredAcmeAccount[]> {
  const db = await open();
  const all =
    directoryUrl === undefined
      ? await db.getAll('accounts')
      : await db.getAllFromIndex('accounts', 'directoryUrl', directoryUrl);
  return all.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

export async function getAcmeAccount(id: string): Promise<StoredAcmeAccount | undefined> {
  return (await open()).get('accounts', id);
}

export async function deleteAcmeAccount(id: string): Promise<void> {
  await (await open()).delete('accounts', id);
}

export async function saveAcmeIssuance(i: AcmeIssuance): Promise<void> {
  const db = await open();
  try {
    await db.put('issuances', { ...i, names: [...i.names] });
  } catch (error) {
    throw storeError(error);
  }
}

export async function getAcmeIssuance(certificateId: string): Promise<AcmeIssuance | undefined> {
  return (await open()).get('issuances', certificateId);
}

/** Every issuance, newest first. */
export async function listAcmeIssuances(): Promise<AcmeIssuance[]> {
  const all = await (await open()).getAll('issuances');
  return all.sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime());
}
