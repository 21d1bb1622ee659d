/**
 * The vault backup file: one PEM block, `SHIRUSHI VAULT BACKUP`, holding a PBES2 EncryptedPrivateKeyInfo
 * (PBKDF2-HMAC-SHA-256, AES-256-CBC; src/keys/pbes2.ts) whose plaintext is UTF-8 JSON. The PBES2 code is
 * the one already tested against OpenSSL for keys, so the backup adds no new cryptography; the structure
 * carries its own salt, iteration count and IV, so old backups stay readable if the defaults change.
 *
 * Certificates travel as DER and are parsed again on restore (the search fields are rebuilt by the code
 * doing the restore, whatever schema version wrote the backup). Keys travel as PKCS#8 inside the
 * encrypted payload, and only keys that are extractable: the rest are named in `keysNotExported`.
 */
import { base64Decode, base64Encode } from '../encoding/base64.js';
import { decodePem, encodePem } from '../encoding/pem.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import {
  decryptPrivateKeyInfo,
  encryptPrivateKeyInfo,
  readEncryptedPrivateKeyInfo,
  PBKDF2_ITERATIONS,
} from '../keys/pbes2.js';
import type { RenewalProduct } from '../lifecycle/rules.js';
import type { ImportFormat, KeySource, VaultEventType } from './schema.js';

export const BACKUP_LABEL = 'SHIRUSHI VAULT BACKUP';
export const BACKUP_FORMAT = 'shirushi-vault-backup';
const BACKUP_MAX_BYTES = 256 * 1024 * 1024;

/** A key the backup does not contain, and why. */
export interface UnexportedKey {
  id: string;
  label: string;
  source: KeySource;
  /** `not-extractable`: the browser holds it so that it can never be read out (the key store's rule). */
  reason: 'not-extractable' | 'export-failed';
  /** The vault certificates paired with it (they lose their key if this browser's storage is lost). */
  certificateIds: string[];
}

export interface BackupPayload {
  format: typeof BACKUP_FORMAT;
  version: 1;
  createdAt: string;
  schemaVersion: number;
  certificates: Array<{
    der: string;
    importedAt: string;
    format: ImportFormat;
    product: RenewalProduct;
    keyId?: string;
    keySource?: KeySource;
    csrId?: string;
  }>;
  history: Array<{
    certificateId: string;
    type: VaultEventType;
    at: string;
    detail?: Record<string, string | number | boolean>;
  }>;
  revocations: Array<{
    certificateId: string;
    status: 'good' | 'revoked' | 'unknown';
    checkedAt: string;
    reason?: string;
    revocationDate?: string;
    thisUpdate?: string;
    nextUpdate?: string;
    crlUrl?: string;
    crlIssuer?: string;
    problems: string[];
  }>;
  keys: Array<{
    id: string;
    label: string;
    createdAt: string;
    publicKey: string;
    pkcs8: string;
    /** WebCrypto algorithm of the key, to import it the same way. */
    algorithm: { name: string; namedCurve?: string; hash?: string };
  }>;
  keysNotExported: UnexportedKey[];
}

export const toBase64 = (bytes: Uint8Array): string => base64Encode(bytes);
export const fromBase64 = (text: string): Uint8Array => base64Decode(text);

/** Encrypts the payload into the backup file's bytes (PEM text as UTF-8). */
export async function sealBackup(
  payload: BackupPayload,
  passphrase: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<Uint8Array> {
  if (typeof passphrase !== 'string' || passphrase === '') throw new ShirushiError('vault/empty-passphrase');
  const plain = new TextEncoder().encode(JSON.stringify(payload));
  try {
    const sealed = await encryptPrivateKeyInfo(plain, passphrase, iterations);
    return new TextEncoder().encode(encodePem(BACKUP_LABEL, sealed));
  } finally {
    // The plaintext holds private keys.
    plain.fill(0);
  }
}

function malformed(detail: string, cause?: unknown): ShirushiError {
  return new ShirushiError('vault/backup-malformed', { detail }, { cause });
}

/** Decrypts and checks a backup file. A wrong passphrase gives `vault/wrong-passphrase`. */
export async function openBackup(input: Uint8Array | string, passphrase: string): Promise<BackupPayload> {
  if (typeof passphrase !== 'string' || passphrase === '') throw new ShirushiError('vault/empty-passphrase');
  let der: Uint8Array;
  try {
    const text = typeof input === 'string' ? input : new TextDecoder('utf-8').decode(input);
    const block = decodePem(text, { maxBytes: BACKUP_MAX_BYTES }).find((b) => b.label === BACKUP_LABEL);
    if (!block) throw new Error(`no ${BACKUP_LABEL} block`);
    der = block.der;
  } catch (error) {
    throw malformed(error instanceof Error ? error.message : String(error), error);
  }
  let plain: Uint8Array;
  try {
    plain = await decryptPrivateKeyInfo(readEncryptedPrivateKeyInfo(der), passphrase);
  } catch (error) {
    if (error instanceof ShirushiError && error.code === 'key/wrong-passphrase') {
      throw new ShirushiError('vault/wrong-passphrase', {}, { cause: error });
    }
    throw malformed(error instanceof ShirushiError ? error.messages.en : String(error), error);
  }
  try {
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
    } catch (error) {
      // A wrong passphrase passes the padding check about once in 256 tries; it then decrypts to noise.
      throw new ShirushiError('vault/wrong-passphrase', {}, { cause: error });
    }
    const candidate = payload as Partial<BackupPayload> | null;
    if (candidate?.format !== BACKUP_FORMAT) throw malformed('not a shirushi vault backup');
    if (candidate.version !== 1) throw malformed(`backup format version ${String(candidate.version)}`);
    if (!Array.isArray(candidate.certificates) || !Array.isArray(candidate.history)) {
      throw malformed('missing certificates or history');
    }
    return {
      ...candidate,
      revocations: Array.isArray(candidate.revocations) ? candidate.revocations : [],
      keys: Array.isArray(candidate.keys) ? candidate.keys : [],
      keysNotExported: Array.isArray(candidate.keysNotExported) ? candidate.keysNotExported : [],
    } as BackupPayload;
  } finally {
    plain.fill(0);
  }
}
