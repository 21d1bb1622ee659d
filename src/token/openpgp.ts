import { oid } from '../asn1/writer.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { ecdsaRawToDer, type SignatureHash } from '../keys/token.js';
import { exchange, exchangeOk, statusError, type ApduTransport, type CommandApdu } from './apdu.js';
import { checkPinLength, queryPin, verifyPin, type PinStatus } from './pin.js';
import { CURVE_OIDS, checkKeyType, keySize, spkiFromCard, type CardKeyType } from './public-key.js';
import { digest, digestInfo, ecdsaInput } from './signature.js';
import { berTlv, findTlv, findTlvDeep } from './tlv.js';

/**
 * An OpenPGP card application (OpenPGP Smart Card Application 3.4), the parts a CSR needs: SELECT, VERIFY
 * PW1 / PW3, algorithm attributes, GENERATE, read the public key, and PSO: COMPUTE DIGITAL SIGNATURE with
 * the signature key. The host-side chores GnuPG does after GENERATE (fingerprint C7, generation date CE)
 * are left to GnuPG: the card signs without them.
 */

export const OPENPGP_AID = Uint8Array.of(0xd2, 0x76, 0x00, 0x01, 0x24, 0x01);

export type OpenPgpKey = 'sig' | 'dec' | 'aut';
/** Control reference templates (4.4.3.9) and algorithm-attribute data objects (4.4.3.9, C1-C3). */
const KEYS: Record<OpenPgpKey, { crt: number; attributes: number }> = {
  sig: { crt: 0xb6, attributes: 0xc1 },
  dec: { crt: 0xb8, attributes: 0xc2 },
  aut: { crt: 0xa4, attributes: 0xc3 },
};

/** PW1 for PSO:CDS (81), PW1 for other commands (82), PW3 the admin PIN (83). */
export type OpenPgpPassword = 'pw1-sign' | 'pw1' | 'pw3';
const PASSWORDS: Record<OpenPgpPassword, { p2: number; min: number; name: string }> = {
  'pw1-sign': { p2: 0x81, min: 6, name: 'PIN (PW1)' },
  pw1: { p2: 0x82, min: 6, name: 'PIN (PW1)' },
  pw3: { p2: 0x83, min: 8, name: 'Admin PIN (PW3)' },
};

const ALGORITHM_RSA = 0x01;
const ALGORITHM_ECDSA = 0x13;

const oidContent = (dotted: string) => oid(dotted).subarray(2);

/** Algorithm attributes (4.4.3.10) for a key type: RSA n bits, e bits 32, standard import format. */
export function keyAttributes(type: CardKeyType): Uint8Array {
  checkKeyType(type);
  if (type === 'RSA-2048') return Uint8Array.of(ALGORITHM_RSA, 0x08, 0x00, 0x00, 0x20, 0x00);
  return Uint8Array.of(ALGORITHM_ECDSA, ...oidContent(CURVE_OIDS[type]));
}

/** The key type named by algorithm attributes, or undefined for one this toolkit does not sign with. */
export function parseKeyAttributes(attributes: Uint8Array): CardKeyType | undefined {
  if (attributes[0] === ALGORITHM_RSA && attributes.length >= 3) {
    return ((attributes[1]! << 8) | attributes[2]!) === 2048 ? 'RSA-2048' : undefined;
  }
  if (attributes[0] === ALGORITHM_ECDSA) {
    for (const type of ['P-256', 'P-384'] as const) {
      const expected = oidContent(CURVE_OIDS[type]);
      // An optional trailing 0xFF (import format with public key) follows the OID.
      const body = attributes.subarray(1, 1 + expected.length);
      if (body.length === expected.length && body.every((byte, i) => byte === expected[i])) return type;
    }
  }
  return undefined;
}

export interface OpenPgpPinStatus {
  /** PW status bytes (C4): tries left for PW1, the resetting code and PW3. */
  pw1TriesLeft: number;
  pw3TriesLeft: number;
  pw1MaxLength: number;
  pw3MaxLength: number;
  /** Whether one PW1 verification allows several signatures (C4 byte 1). */
  pw1ValidForMultipleSignatures: boolean;
}

export interface OpenPgpGeneratedKey {
  key: OpenPgpKey;
  type: CardKeyType;
  spki: Uint8Array;
}

export class OpenPgpCard {
  private maxLengths: { pw1: number; pw3: number } | undefined;

  constructor(readonly transport: ApduTransport) {}

  async select(): Promise<void> {
    const command: CommandApdu = { ins: 0xa4, p1: 0x04, p2: 0x00, data: OPENPGP_AID, name: 'SELECT OpenPGP' };
    const { sw } = await exchange(this.transport, command);
    if (sw === 0x6a82 || sw === 0x6a81 || sw === 0x6d00) {
      throw new ShirushiError('token/application-not-found', { application: 'OpenPGP' });
    }
    if (sw !== 0x9000) throw statusError(sw, command);
  }

  /** Application related data (6E), which holds the key attributes and PW status among others. */
  applicationData(): Promise<Uint8Array> {
    return exchangeOk(this.transport, { ins: 0xca, p1: 0x00, p2: 0x6e, le: 256, name: 'GET DATA' });
  }

  async pinStatus(): Promise<OpenPgpPinStatus> {
    const data = await this.applicationData();
    const status = findTlvDeep(data, 0xc4);
    if (!status || status.length < 7)
      throw new ShirushiError('token/bad-response', { detail: 'no PW status (C4)' });
    this.maxLengths = { pw1: status[1]!, pw3: status[3]! };
    return {
      pw1ValidForMultipleSignatures: status[0] === 0x01,
      pw1MaxLength: status[1]!,
      pw3MaxLength: status[3]!,
      pw1TriesLeft: status[4]!,
      pw3TriesLeft: status[6]!,
    };
  }

  /** VERIFY without data: whether `password` is verified now, and tries left when the card says. */
  queryPassword(password: OpenPgpPassword): Promise<PinStatus> {
    return queryPin(this.transport, PASSWORDS[password].p2);
  }

  /** VERIFY PW1 (as 81 for signing or 82) or PW3, once; wrong ones throw with the tries left. */
  async verify(password: OpenPgpPassword, pin: string): Promise<void> {
    const spec = PASSWORDS[password];
    const max = (password === 'pw3' ? this.maxLengths?.pw3 : this.maxLengths?.pw1) || 127;
    await verifyPin(this.transport, spec.p2, checkPinLength(pin, spec.min, max, spec.name), spec.name);
  }

  /** The key type the card is set to generate or hold in `key`, when it is one of ours. */
  async keyType(key: OpenPgpKey): Promise<CardKeyType | undefined> {
    const attributes = findTlvDeep(await this.applicationData(), KEYS[key].attributes);
    return attributes ? parseKeyAttributes(attributes) : undefined;
  }

  /** PUT DATA of the algorithm attributes (needs PW3). */
  async setKeyType(key: OpenPgpKey, type: CardKeyType): Promise<void> {
    const command: CommandApdu = {
      ins: 0xda,
      p1: 0x00,
      p2: KEYS[key].attributes,
      data: keyAttributes(type),
      name: 'PUT DATA',
    };
    const { sw } = await exchange(this.transport, command);
    if (sw === 0x6a80 || sw === 0x6a86)
      throw new ShirushiError('token/unsupported-algorithm', { algorithm: type });
    if (sw !== 0x9000) throw statusError(sw, command);
  }

  /**
   * GENERATE ASYMMETRIC KEY PAIR (needs PW3). Sets the algorithm attributes first when `type` differs from
   * what the card is set to, since the card generates whatever they say.
   */
  async generateKey(key: OpenPgpKey, type: CardKeyType): Promise<OpenPgpGeneratedKey> {
    checkKeyType(type);
    if ((await this.keyType(key)) !== type) await this.setKeyType(key, type);
    return { key, type, spki: await this.publicKey(key, type, 0x80) };
  }

  /** Reads the public key of `key` (GENERATE with P1 81: read, do not generate). */
  async readPublicKey(key: OpenPgpKey): Promise<OpenPgpGeneratedKey> {
    const type = await this.keyType(key);
    if (!type) throw new ShirushiError('token/unsupported-algorithm', { algorithm: 'card key attributes' });
    return { key, type, spki: await this.publicKey(key, type, 0x81) };
  }

  private async publicKey(key: OpenPgpKey, type: CardKeyType, p1: number): Promise<Uint8Array> {
    const command: CommandApdu = {
      ins: 0x47,
      p1,
      p2: 0x00,
      data: berTlv(KEYS[key].crt),
      le: 256,
      name: p1 === 0x80 ? 'GENERATE' : 'READ PUBLIC KEY',
    };
    const { data, sw } = await exchange(this.transport, command);
    if (p1 === 0x81 && (sw === 0x6a88 || sw === 0x6a82))
      throw new ShirushiError('token/no-key', { slot: key });
    if (sw !== 0x9000) throw statusError(sw, command);
    const template = findTlv(data, 0x7f49);
    if (!template) throw new ShirushiError('token/bad-response', { detail: 'no 7F49 public key' });
    return spkiFromCard(type, template);
  }

  /** The certificate data object (7F21), or undefined when it is empty. */
  async readCertificate(): Promise<Uint8Array | undefined> {
    const command: CommandApdu = { ins: 0xca, p1: 0x7f, p2: 0x21, le: 256, name: 'GET DATA' };
    const { data, sw } = await exchange(this.transport, command);
    if (sw === 0x6a88 || sw === 0x6a82) return undefined;
    if (sw !== 0x9000) throw statusError(sw, command);
    return data.length > 0 ? data : undefined;
  }

  /** Writes the issued certificate (DER) into 7F21, next to the key; needs PW3. */
  async writeCertificate(certificate: Uint8Array): Promise<void> {
    await exchangeOk(this.transport, { ins: 0xda, p1: 0x7f, p2: 0x21, data: certificate, name: 'PUT DATA' });
  }

  /**
   * PSO: COMPUTE DIGITAL SIGNATURE with the signature key (PW1 81 verified first). The card pads RSA itself
   * (it is given the DigestInfo, 7.2.10) and returns ECDSA as r || s, which is converted to DER here.
   */
  async sign(type: CardKeyType, data: Uint8Array, hash: SignatureHash): Promise<Uint8Array> {
    checkKeyType(type);
    const hashValue = await digest(hash, data);
    const input = type === 'RSA-2048' ? digestInfo(hash, hashValue) : ecdsaInput(hashValue, keySize(type));
    const command: CommandApdu = { ins: 0x2a, p1: 0x9e, p2: 0x9a, data: input, le: 256, name: 'PSO: CDS' };
    const { data: signature, sw } = await exchange(this.transport, command);
    if (sw === 0x6a88 || sw === 0x6a82) throw new ShirushiError('token/no-key', { slot: 'sig' });
    if (sw !== 0x9000) throw statusError(sw, command);
    if (type === 'RSA-2048') {
      if (signature.length !== 256)
        throw new ShirushiError('token/bad-response', { detail: 'RSA signature size' });
      return signature;
    }
    if (signature.length !== 2 * keySize(type)) {
      throw new ShirushiError('token/bad-response', {
        detail: `ECDSA signature of ${signature.length} bytes`,
      });
    }
    return ecdsaRawToDer(signature);
  }
}
