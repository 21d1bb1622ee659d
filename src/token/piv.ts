import { parseCertificate } from '../certificate/parse.js';
import { ecdsaRawToDer, type SignatureHash } from '../keys/token.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { tripleDes } from '../pkcs12/cbc.js';
import { aesBlock } from './aes.js';
import {
  concatBytes,
  exchange,
  exchangeOk,
  statusError,
  type ApduTransport,
  type CommandApdu,
} from './apdu.js';
import { checkPinLength, queryPin, verifyPin, type PinStatus } from './pin.js';
import { checkKeyType, keySize, spkiFromCard, type CardKeyType } from './public-key.js';
import { digest, digestInfo, ecdsaDerToRaw, ecdsaInput, pkcs1v15Block } from './signature.js';
import { berTlv, findTlv } from './tlv.js';

/**
 * A PIV card application (NIST SP 800-73-4), enough of it to make a key and a CSR on the card and to put
 * the issued certificate back: SELECT, VERIFY, management-key mutual authentication, GENERATE ASYMMETRIC
 * KEY PAIR, GENERAL AUTHENTICATE (sign), GET DATA / PUT DATA of the certificate objects.
 */

export const PIV_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00);

export type PivSlot = '9A' | '9C' | '9D' | '9E';
export const PIV_SLOTS: readonly PivSlot[] = ['9A', '9C', '9D', '9E'];

/** Certificate data objects of the key slots (SP 800-73-4 Part 1, table 3). */
const CERTIFICATE_OBJECTS: Record<PivSlot, number> = {
  '9A': 0x5fc105,
  '9C': 0x5fc10a,
  '9D': 0x5fc10b,
  '9E': 0x5fc101,
};

/** Cryptographic algorithm identifiers (SP 800-78-4 table 6-2). */
const KEY_ALGORITHMS: Record<CardKeyType, number> = { 'RSA-2048': 0x07, 'P-256': 0x11, 'P-384': 0x14 };

export type ManagementKeyAlgorithm = '3des' | 'aes128' | 'aes192' | 'aes256';

const MANAGEMENT: Record<ManagementKeyAlgorithm, { id: number; keyLength: number; block: number }> = {
  '3des': { id: 0x03, keyLength: 24, block: 8 },
  aes128: { id: 0x08, keyLength: 16, block: 16 },
  aes192: { id: 0x0a, keyLength: 24, block: 16 },
  aes256: { id: 0x0c, keyLength: 32, block: 16 },
};

/**
 * The PIV default management key (3DES 0102030405060708 three times), still common on fresh tokens. A new
 * copy each call: callers may wipe the key they were given without changing the default for later logins.
 */
export function defaultManagementKey(): Uint8Array {
  return Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8);
}

const PIV_PIN = 'PIV PIN';
const KEY_REFERENCE_PIN = 0x80;
const KEY_REFERENCE_MANAGEMENT = 0x9b;

function slotByte(slot: PivSlot): number {
  if (!PIV_SLOTS.includes(slot)) throw new ShirushiError('token/no-key', { slot: String(slot) });
  return Number.parseInt(slot, 16);
}

function blockCipher(algorithm: ManagementKeyAlgorithm, key: Uint8Array) {
  if (algorithm === '3des') {
    const cipher = tripleDes(key);
    return (block: Uint8Array, decrypt: boolean) => {
      const out = block.slice();
      cipher(out, 0, decrypt);
      return out;
    };
  }
  return (block: Uint8Array, decrypt: boolean) => aesBlock(key, block, decrypt);
}

export interface PivGeneratedKey {
  slot: PivSlot;
  type: CardKeyType;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
}

export class PivCard {
  constructor(readonly transport: ApduTransport) {}

  /** SELECT the PIV application; `token/application-not-found` when the card has none. */
  async select(): Promise<void> {
    const command: CommandApdu = {
      ins: 0xa4,
      p1: 0x04,
      p2: 0x00,
      data: PIV_AID,
      le: 256,
      name: 'SELECT PIV',
    };
    const { sw } = await exchange(this.transport, command);
    if (sw === 0x6a82 || sw === 0x6a81 || sw === 0x6d00) {
      throw new ShirushiError('token/application-not-found', { application: 'PIV' });
    }
    if (sw !== 0x9000) throw statusError(sw, command);
  }

  /** Whether the PIN is verified now and how many tries are left, without spending one. */
  pinStatus(): Promise<PinStatus> {
    return queryPin(this.transport, KEY_REFERENCE_PIN);
  }

  /**
   * VERIFY the PIV PIN (6 to 8 bytes, padded with FF to 8). A wrong PIN throws `token/wrong-pin` with the
   * tries left; a blocked one `token/pin-blocked`. Sent exactly once.
   */
  async verifyPin(pin: string): Promise<void> {
    const bytes = checkPinLength(pin, 6, 8, PIV_PIN);
    const padded = new Uint8Array(8).fill(0xff);
    padded.set(bytes);
    bytes.fill(0);
    await verifyPin(this.transport, KEY_REFERENCE_PIN, padded, PIV_PIN);
  }

  /**
   * Mutual authentication with the card management key (SP 800-73-4 Part 2, 3.2.4 / YubiKey practice):
   * the card sends an encrypted witness, we return it decrypted with our challenge, and the card must
   * return the challenge encrypted, which proves the card holds the same key.
   */
  async authenticateManagementKey(
    key: Uint8Array = defaultManagementKey(),
    algorithm: ManagementKeyAlgorithm = '3des',
  ): Promise<void> {
    const spec = MANAGEMENT[algorithm];
    if (!spec || key.length !== spec.keyLength) {
      throw new ShirushiError('token/management-key-failed', { algorithm: String(algorithm) });
    }
    const cipher = blockCipher(algorithm, key);
    const ask: CommandApdu = {
      ins: 0x87,
      p1: spec.id,
      p2: KEY_REFERENCE_MANAGEMENT,
      data: berTlv(0x7c, berTlv(0x80)),
      le: 256,
      name: 'GENERAL AUTHENTICATE',
    };
    const first = await exchange(this.transport, ask);
    if (first.sw !== 0x9000) throw this.managementError(first.sw, algorithm, ask);
    const witness = findTlv(findTlv(first.data, 0x7c) ?? new Uint8Array(0), 0x80);
    if (!witness || witness.length !== spec.block) {
      throw new ShirushiError('token/management-key-failed', { algorithm });
    }
    const challenge = crypto.getRandomValues(new Uint8Array(spec.block));
    const answer: CommandApdu = {
      ...ask,
      data: berTlv(0x7c, berTlv(0x80, cipher(witness, true)), berTlv(0x81, challenge)),
    };
    const second = await exchange(this.transport, answer);
    if (second.sw !== 0x9000) throw this.managementError(second.sw, algorithm, answer);
    const response = findTlv(findTlv(second.data, 0x7c) ?? new Uint8Array(0), 0x82);
    const expected = cipher(challenge, false);
    if (
      !response ||
      response.length !== expected.length ||
      response.some((byte, i) => byte !== expected[i])
    ) {
      // The card accepted our witness but cannot encrypt our challenge: not the card we think it is.
      throw new ShirushiError('token/management-key-failed', { algorithm });
    }
  }

  private managementError(sw: number, algorithm: string, command: CommandApdu): ShirushiError {
    if (sw === 0x6982 || sw === 0x6a80 || sw === 0x6a86 || sw === 0x6983) {
      return new ShirushiError('token/management-key-failed', { algorithm });
    }
    return statusError(sw, command);
  }

  /** GENERATE ASYMMETRIC KEY PAIR in `slot` (needs the management key); returns the public key. */
  async generateKey(slot: PivSlot, type: CardKeyType): Promise<PivGeneratedKey> {
    checkKeyType(type);
    const command: CommandApdu = {
      ins: 0x47,
      p1: 0x00,
      p2: slotByte(slot),
      data: berTlv(0xac, berTlv(0x80, Uint8Array.of(KEY_ALGORITHMS[type]))),
      le: 256,
      name: 'GENERATE',
    };
    const { data, sw } = await exchange(this.transport, command);
    if (sw === 0x6a80 || sw === 0x6a86 || sw === 0x6a81) {
      throw new ShirushiError('token/unsupported-algorithm', { algorithm: type });
    }
    if (sw !== 0x9000) throw statusError(sw, command);
    const template = findTlv(data, 0x7f49);
    if (!template) throw new ShirushiError('token/bad-response', { detail: 'no 7F49 public key' });
    return { slot, type, spki: spkiFromCard(type, template) };
  }

  /**
   * Signs `data` with the key in `slot` and returns the signature as X.509 carries it: PKCS#1 v1.5 for
   * RSA (the padding is added here, the card only does the raw RSA operation) and DER for ECDSA. The PIN
   * must have been verified (slot 9C wants it right before every signature).
   */
  async sign(slot: PivSlot, type: CardKeyType, data: Uint8Array, hash: SignatureHash): Promise<Uint8Array> {
    checkKeyType(type);
    const hashValue = await digest(hash, data);
    const input =
      type === 'RSA-2048'
        ? pkcs1v15Block(digestInfo(hash, hashValue), keySize(type))
        : ecdsaInput(hashValue, keySize(type));
    const command: CommandApdu = {
      ins: 0x87,
      p1: KEY_ALGORITHMS[type],
      p2: slotByte(slot),
      data: berTlv(0x7c, berTlv(0x82), berTlv(0x81, input)),
      le: 256,
      name: 'GENERAL AUTHENTICATE',
    };
    const response = await exchange(this.transport, command);
    if (response.sw === 0x6a80 || response.sw === 0x6a82 || response.sw === 0x6a88) {
      throw new ShirushiError('token/no-key', { slot });
    }
    if (response.sw !== 0x9000) throw statusError(response.sw, command);
    const signature = findTlv(findTlv(response.data, 0x7c) ?? new Uint8Array(0), 0x82);
    if (!signature) throw new ShirushiError('token/bad-response', { detail: 'no signature in 7C' });
    if (type === 'RSA-2048') {
      if (signature.length !== 256)
        throw new ShirushiError('token/bad-response', { detail: 'RSA signature size' });
      return signature.slice();
    }
    // Re-encode through r || s: a card's DER may carry non-minimal integers, which strict verifiers refuse.
    return ecdsaRawToDer(ecdsaDerToRaw(signature, keySize(type)));
  }

  /** The certificate in `slot`'s object, or undefined when the object is empty. */
  async readCertificate(slot: PivSlot): Promise<Uint8Array | undefined> {
    const tag = CERTIFICATE_OBJECTS[slot];
    if (tag === undefined) throw new ShirushiError('token/no-key', { slot: String(slot) });
    const command: CommandApdu = {
      ins: 0xcb,
      p1: 0x3f,
      p2: 0xff,
      data: berTlv(0x5c, Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff)),
      le: 256,
      name: 'GET DATA',
    };
    const { data, sw } = await exchange(this.transport, command);
    if (sw === 0x6a82) return undefined;
    if (sw !== 0x9000) throw statusError(sw, command);
    const object = findTlv(data, 0x53);
    if (!object || object.length === 0) return undefined;
    const certificate = findTlv(object, 0x70);
    const info = findTlv(object, 0x71);
    // CertInfo bit 0 set means the certificate is gzip-compressed (some vendors' tools do it).
    if (info && info.length > 0 && (info[0]! & 0x01) !== 0) {
      throw new ShirushiError('token/bad-response', { detail: 'compressed certificate object' });
    }
    return certificate?.slice();
  }

  /**
   * The key in `slot` as its certificate describes it, for signing a renewal CSR with a key already on the
   * card (PIV has no command to read a public key back; the certificate object is where it lives).
   * Undefined when the slot has no certificate.
   */
  async keyFromCertificate(slot: PivSlot): Promise<PivGeneratedKey | undefined> {
    const der = await this.readCertificate(slot);
    if (!der) return undefined;
    const { publicKey } = parseCertificate(der);
    const type: CardKeyType | undefined =
      publicKey.algorithm === 'RSA' && publicKey.size === 2048
        ? 'RSA-2048'
        : publicKey.algorithm === 'EC' && (publicKey.curve === 'P-256' || publicKey.curve === 'P-384')
          ? publicKey.curve
          : undefined;
    if (!type) {
      throw new ShirushiError('token/unsupported-algorithm', {
        algorithm: `${publicKey.algorithm} ${publicKey.curve ?? publicKey.size}`,
      });
    }
    return { slot, type, spki: publicKey.spki.slice() };
  }

  /** Writes `certificate` (DER) into `slot`'s object; needs the management key. */
  async writeCertificate(slot: PivSlot, certificate: Uint8Array): Promise<void> {
    const tag = CERTIFICATE_OBJECTS[slot];
    if (tag === undefined) throw new ShirushiError('token/no-key', { slot: String(slot) });
    const object = berTlv(0x53, berTlv(0x70, certificate), berTlv(0x71, Uint8Array.of(0)), berTlv(0xfe));
    await exchangeOk(this.transport, {
      ins: 0xdb,
      p1: 0x3f,
      p2: 0xff,
      data: concatBytes([berTlv(0x5c, Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff)), object]),
      name: 'PUT DATA',
    });
  }
}
