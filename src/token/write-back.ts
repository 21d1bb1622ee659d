/**
 * Writing an issued certificate back to the token that holds its key (PIV slot certificate object, or the
 * OpenPGP cardholder certificate), so other software finds the pair on the card. Before writing, the card
 * proves it holds the certificate's key by signing a fresh challenge that is verified with the
 * certificate's public key: a certificate never overwrites the one of a different key.
 */
import { parseCertificate } from '../certificate/parse.js';
import { ECDSA, RSA_PKCS1, verifySignature } from '../crypto/verify.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import type { DerInput } from '../encoding/pem.js';
import type { ManagementKeyAlgorithm, PivCard, PivSlot } from './piv.js';
import type { OpenPgpCard } from './openpgp.js';
import type { CardKeyType } from './public-key.js';

export type CertificateWriteTarget =
  | {
      application: 'piv';
      card: PivCard;
      slot: PivSlot;
      /** PIV writes need management-key authentication; default: the factory 3DES key. */
      managementKey?: { key: Uint8Array; algorithm: ManagementKeyAlgorithm };
    }
  | { application: 'openpgp'; card: OpenPgpCard };

export interface WriteCertificateOptions {
  /** The user PIN (PIV PIN, OpenPGP PW1), for the proof signature. Verified once, never retried. */
  pin: string;
  /** OpenPGP only: the admin PIN (PW3), which writing the certificate needs. */
  adminPin?: string;
}

export interface WrittenCertificate {
  /** The card key type the certificate's public key has. */
  type: CardKeyType;
  /** True when the card already held exactly this certificate (nothing was written). */
  unchanged: boolean;
}

function cardKeyTypeOf(certificate: ReturnType<typeof parseCertificate>): CardKeyType {
  const { algorithm, size, curve } = certificate.publicKey;
  if (algorithm === 'RSA' && size === 2048) return 'RSA-2048';
  if (algorithm === 'EC' && (curve === 'P-256' || curve === 'P-384')) return curve;
  throw new ShirushiError('token/unsupported-algorithm', {
    algorithm: `${algorithm}${curve ? ` ${curve}` : ` ${size}`}`,
  });
}

const sameBytes = (a: Uint8Array | undefined, b: Uint8Array) =>
  a !== undefined && a.length === b.length && a.every((value, i) => value === b[i]);

/**
 * Checks that the card's key matches `certificate` (one signature, PIN verified once) and writes the
 * certificate to the slot or the OpenPGP card. Errors: `token/key-mismatch` when the card's key is another
 * one, the `token/*` PIN and transport errors, `certificate/*` when the certificate cannot be read.
 */
export async function writeCertificateToToken(
  target: CertificateWriteTarget,
  certificateInput: DerInput,
  options: WriteCertificateOptions,
): Promise<WrittenCertificate> {
  const certificate = parseCertificate(certificateInput);
  const type = cardKeyTypeOf(certificate);
  const hash = type === 'P-384' ? 'SHA-384' : 'SHA-256';
  const challenge = crypto.getRandomValues(new Uint8Array(32));
  let signature: Uint8Array;
  if (target.application === 'piv') {
    await target.card.verifyPin(options.pin);
    signature = await target.card.sign(target.slot, type, challenge, hash);
  } else {
    await target.card.verify('pw1-sign', options.pin);
    signature = await target.card.sign(type, challenge, hash);
  }
  // The card signs PKCS#1 v1.5 or DER ECDSA: the same encodings as in a certificate.
  const table = type === 'RSA-2048' ? RSA_PKCS1 : ECDSA;
  const oid = Object.keys(table).find((key) => table[key] === hash)!;
  const outcome = await verifySignature(certificate.publicKey.spki, { oid }, challenge, signature);
  if (outcome !== 'valid') {
    const where = target.application === 'piv' ? `PIV ${target.slot}` : 'OpenPGP signature key';
    throw new ShirushiError('token/key-mismatch', { subject: certificate.subject.rfc4514, where });
  }
  if (target.application === 'piv') {
    if (sameBytes(await target.card.readCertificate(target.slot), certificate.der)) {
      return { type, unchanged: true };
    }
    const management = target.managementKey;
    await target.card.authenticateManagementKey(management?.key, management?.algorithm);
    await target.card.writeCertificate(target.slot, certificate.der);
  } else {
    if (sameBytes(await target.card.readCertificate(), certificate.der)) return { type, unchanged: true };
    if (options.adminPin === undefined) throw new ShirushiError('token/admin-pin-required', {});
    await target.card.verify('pw3', options.adminPin);
    await target.card.writeCertificate(certificate.der);
  }
  return { type, unchanged: false };
}
