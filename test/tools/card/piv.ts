/**
 * The PIV card application (NIST SP 800-73-4 part 2) with the YubiKey extensions that yubico-piv-tool
 * and OpenSC use (GET VERSION, GET SERIAL, GET METADATA, SET MANAGEMENT KEY, IMPORT KEY, SET PIN RETRIES,
 * RESET). State lives in memory only.
 */
import { type Command, ok, type Response, status, SW, triesLeft } from './apdu.js';
import {
  bigIntToBytes,
  bytesToBigInt,
  concat,
  equal,
  findTlv,
  minimalBytes,
  parseTlvs,
  randomBytes,
  tlv,
  type Tlv,
} from './bytes.js';
import {
  blockCipher,
  CURVES,
  ecdh,
  ecdsaDer,
  ecdsaSign,
  ecKeyFromScalar,
  generateEcKey,
  generateRsaKey,
  MANAGEMENT_KEY_LENGTH,
  type ManagementAlgorithm,
  modInverse,
  type PrivateKey,
  rsaPrivate,
} from './crypto.js';

export const PIV_AID = Uint8Array.of(0xa0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00);

export interface PivOptions {
  pin: string;
  puk: string;
  managementKey: { algorithm: ManagementAlgorithm; key: Uint8Array };
  serial: number;
  version: [number, number, number];
}

/** PIV algorithm identifiers (SP 800-78-4 table 6-2, plus YubiKey's). */
export const PIV_ALGORITHM = {
  '3des': 0x03,
  aes128: 0x08,
  aes192: 0x0a,
  aes256: 0x0c,
  rsa1024: 0x06,
  rsa2048: 0x07,
  p256: 0x11,
  p384: 0x14,
} as const;

const MANAGEMENT_ALGORITHMS: Record<number, ManagementAlgorithm> = {
  0x03: '3des',
  0x08: 'aes128',
  0x0a: 'aes192',
  0x0c: 'aes256',
};

const PIN_POLICY = { default: 0, never: 1, once: 2, always: 3 } as const;

/** Key slot → certificate object tag. */
const CERTIFICATE_OBJECTS = new Map<number, number>([
  [0x9a, 0x5fc105],
  [0x9c, 0x5fc10a],
  [0x9d, 0x5fc10b],
  [0x9e, 0x5fc101],
  ...Array.from({ length: 20 }, (_, i) => [0x82 + i, 0x5fc10d + i] as [number, number]),
]);
const KEY_SLOTS = new Set([...CERTIFICATE_OBJECTS.keys(), 0xf9]);

const DISCOVERY = tlv(
  0x7e,
  tlv(0x4f, PIV_AID),
  // PIN usage policy: PIV PIN satisfies the access control rules; the global PIN is not supported.
  tlv(0x5f2f, Uint8Array.of(0x40, 0x00)),
);

const MAX_TRIES = 3;

interface KeySlot {
  key: PrivateKey;
  algorithm: number;
  pinPolicy: number;
  touchPolicy: number;
  origin: 1 | 2;
}

interface Counter {
  value: string;
  tries: number;
  max: number;
  isDefault: boolean;
}

function padPin(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length !== 8) return undefined;
  return bytes;
}

function encodePin(pin: string): Uint8Array {
  const out = new Uint8Array(8).fill(0xff);
  out.set(new TextEncoder().encode(pin).subarray(0, 8));
  return out;
}

/** 6 to 8 bytes, then FF padding (SP 800-73-4 2.4.3). */
function validPinBlock(block: Uint8Array, minimum: number): boolean {
  let end = block.length;
  while (end > 0 && block[end - 1] === 0xff) end--;
  for (let i = 0; i < end; i++) if (block[i] === 0xff) return false;
  return end >= minimum && end <= 8;
}

function decodePin(block: Uint8Array): string {
  let end = block.length;
  while (end > 0 && block[end - 1] === 0xff) end--;
  return new TextDecoder().decode(block.subarray(0, end));
}

export function publicKeyTlvs(slot: KeySlot): Uint8Array {
  const key = slot.key;
  if (key.kind === 'rsa')
    return concat(tlv(0x81, bigIntToBytes(key.n, key.bits / 8)), tlv(0x82, minimalBytes(key.e)));
  return tlv(0x86, key.publicPoint);
}

function algorithmOf(key: PrivateKey): number {
  if (key.kind === 'rsa') return key.bits === 1024 ? PIV_ALGORITHM.rsa1024 : PIV_ALGORITHM.rsa2048;
  return key.curve.name === 'P-256' ? PIV_ALGORITHM.p256 : PIV_ALGORITHM.p384;
}

export class PivApplication {
  readonly name = 'piv';
  private readonly options: PivOptions;
  private pin!: Counter;
  private puk!: Counter;
  private management!: { algorithm: ManagementAlgorithm; key: Uint8Array; isDefault: boolean };
  private readonly keys = new Map<number, KeySlot>();
  private readonly objects = new Map<number, Uint8Array>();
  // Volatile state, cleared by reset().
  private pinVerified = false;
  /** Set by a successful VERIFY, consumed by a signature with a PIN-always key. */
  private pinFresh = false;
  private managementAuthenticated = false;
  private witness: Uint8Array | undefined;
  private challenge: Uint8Array | undefined;

  constructor(options: PivOptions) {
    this.options = options;
    this.factoryReset();
  }

  matches(aid: Uint8Array): boolean {
    const n = Math.min(aid.length, PIV_AID.length);
    return aid.length >= 5 && equal(aid.subarray(0, n), PIV_AID.subarray(0, n));
  }

  /** The application property template (SP 800-73-4 3.1.1). */
  select(): Response {
    return ok(
      tlv(
        0x61,
        tlv(0x4f, PIV_AID.subarray(5)),
        tlv(0x79, tlv(0x4f, PIV_AID.subarray(0, 5))),
        tlv(0x50, new TextEncoder().encode('shirushi virtual PIV')),
        tlv(
          0xac,
          ...[0x03, 0x08, 0x0a, 0x0c, 0x06, 0x07, 0x11, 0x14].map((a) => tlv(0x80, Uint8Array.of(a))),
          tlv(0x06, new Uint8Array(0)),
        ),
      ),
    );
  }

  reset(): void {
    this.pinVerified = false;
    this.pinFresh = false;
    this.managementAuthenticated = false;
    this.witness = undefined;
    this.challenge = undefined;
  }

  private factoryReset(): void {
    const { pin, puk, managementKey } = this.options;
    this.pin = { value: pin, tries: MAX_TRIES, max: MAX_TRIES, isDefault: pin === '123456' };
    this.puk = { value: puk, tries: MAX_TRIES, max: MAX_TRIES, isDefault: puk === '12345678' };
    this.management = {
      algorithm: managementKey.algorithm,
      key: managementKey.key.slice(),
      isDefault:
        managementKey.algorithm === '3des' &&
        equal(
          managementKey.key,
          Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 6, 7, 8),
        ),
    };
    this.keys.clear();
    this.objects.clear();
    this.reset();
  }

  async process(command: Command): Promise<Response> {
    switch (command.ins) {
      case 0xcb:
        return this.getData(command);
      case 0xdb:
        return this.putData(command);
      case 0x20:
        return this.verify(command);
      case 0x24:
        return this.changeReference(command);
      case 0x2c:
        return this.resetRetryCounter(command);
      case 0x87:
        return this.generalAuthenticate(command);
      case 0x47:
        return this.generate(command);
      case 0xfd:
        return ok(Uint8Array.from(this.options.version));
      case 0xf8:
        return ok(bigIntToBytes(BigInt(this.options.serial), 4));
      case 0xf7:
        return this.metadata(command);
      case 0xff:
        return this.setManagementKey(command);
      case 0xfe:
        return this.importKey(command);
      case 0xfa:
        return this.setPinRetries(command);
      case 0xfb:
        return this.yubikeyReset();
      default:
        return status(SW.INS_NOT_SUPPORTED);
    }
  }

  // ------------------------------------------------------------------------------------------ data objects

  private getData(command: Command): Response {
    if (command.p1 !== 0x3f || command.p2 !== 0xff) return status(SW.INCORRECT_P1P2);
    const tag = this.objectTag(command.data);
    if (tag === undefined) return status(SW.WRONG_DATA);
    if (tag === 0x7e) return ok(DISCOVERY);
    const value = this.objects.get(tag);
    if (!value) return status(SW.NOT_FOUND);
    // Printed information needs the PIN (SP 800-73-4 table 2).
    if (tag === 0x5fc109 && !this.pinVerified) return status(SW.SECURITY_NOT_SATISFIED);
    return ok(tlv(0x53, value));
  }

  private objectTag(data: Uint8Array): number | undefined {
    let tlvs: Tlv[];
    try {
      tlvs = parseTlvs(data);
    } catch {
      return undefined;
    }
    const first = tlvs[0];
    if (!first || first.tag !== 0x5c || first.value.length < 1 || first.value.length > 3) return undefined;
    return first.value.reduce((n, b) => n * 256 + b, 0);
  }

  private putData(command: Command): Response {
    if (command.p1 !== 0x3f || command.p2 !== 0xff) return status(SW.INCORRECT_P1P2);
    if (!this.managementAuthenticated) return status(SW.SECURITY_NOT_SATISFIED);
    let tlvs: Tlv[];
    try {
      tlvs = parseTlvs(command.data);
    } catch {
      return status(SW.WRONG_DATA);
    }
    const tag = this.objectTag(command.data);
    const value = findTlv(tlvs, 0x53);
    if (tag === undefined || tag === 0x7e || value === undefined) return status(SW.WRONG_DATA);
    if ((tag & 0xffff00) !== 0x5fc100 && (tag & 0xffff00) !== 0x5fff00 && tag !== 0x7f61)
      return status(SW.NOT_FOUND);
    if (value.length === 0) this.objects.delete(tag);
    else this.objects.set(tag, value.slice());
    return ok();
  }

  // ---------------------------------------------------------------------------------------------- PINs

  private verify(command: Command): Response {
    if (command.p2 !== 0x80 || (command.p1 !== 0x00 && command.p1 !== 0xff))
      return status(SW.REFERENCE_NOT_FOUND);
    if (command.p1 === 0xff) {
      if (command.data.length) return status(SW.WRONG_DATA);
      this.pinVerified = false;
      this.pinFresh = false;
      return ok();
    }
    if (command.data.length === 0) {
      if (this.pin.tries === 0) return status(SW.AUTH_BLOCKED);
      return this.pinVerified ? ok() : triesLeft(this.pin.tries);
    }
    const block = padPin(command.data);
    if (!block) return status(SW.WRONG_DATA);
    const result = this.check(this.pin, block);
    this.pinVerified = result.sw === SW.OK;
    this.pinFresh = this.pinVerified;
    return result;
  }

  /** Compares a padded PIN block with a counter, counting down on failure. */
  private check(counter: Counter, block: Uint8Array): Response {
    if (counter.tries === 0) return status(SW.AUTH_BLOCKED);
    if (equal(block, encodePin(counter.value))) {
      counter.tries = counter.max;
      return ok();
    }
    counter.tries--;
    return triesLeft(counter.tries);
  }

  private changeReference(command: Command): Response {
    if (command.p1 !== 0x00) return status(SW.INCORRECT_P1P2);
    const counter = command.p2 === 0x80 ? this.pin : command.p2 === 0x81 ? this.puk : undefined;
    if (!counter) return status(SW.REFERENCE_NOT_FOUND);
    if (command.data.length !== 16) return status(SW.WRONG_DATA);
    const next = command.data.subarray(8);
    const result = this.check(counter, command.data.subarray(0, 8));
    if (result.sw !== SW.OK) {
      if (counter === this.pin) this.pinVerified = false;
      return result;
    }
    if (!validPinBlock(next, 6)) return status(SW.WRONG_DATA);
    counter.value = decodePin(next);
    counter.isDefault = false;
    return ok();
  }

  private resetRetryCounter(command: Command): Response {
    if (command.p1 !== 0x00 || command.p2 !== 0x80) return status(SW.REFERENCE_NOT_FOUND);
    if (command.data.length !== 16) return status(SW.WRONG_DATA);
    const result = this.check(this.puk, command.data.subarray(0, 8));
    if (result.sw !== SW.OK) return result;
    const next = command.data.subarray(8);
    if (!validPinBlock(next, 6)) return status(SW.WRONG_DATA);
    this.pin = { value: decodePin(next), tries: this.pin.max, max: this.pin.max, isDefault: false };
    return ok();
  }

  private setPinRetries(command: Command): Response {
    if (!this.managementAuthenticated || !this.pinVerified) return status(SW.SECURITY_NOT_SATISFIED);
    if (command.p1 < 1 || command.p1 > 15 || command.p2 < 1 || command.p2 > 15)
      return status(SW.INCORRECT_P1P2);
    this.pin = { value: '123456', tries: command.p1, max: command.p1, isDefault: true };
    this.puk = { value: '12345678', tries: command.p2, max: command.p2, isDefault: true };
    return ok();
  }

  private yubikeyReset(): Response {
    if (this.pin.tries !== 0 || this.puk.tries !== 0) return status(SW.CONDITIONS_NOT_SATISFIED);
    this.factoryReset();
    this.pin.value = '123456';
    this.puk.value = '12345678';
    this.management.algorithm = '3des';
    this.management.key = Uint8Array.of(
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
    );
    this.management.isDefault = true;
    return ok();
  }

  // ------------------------------------------------------------------------------- GENERAL AUTHENTICATE

  private async generalAuthenticate(command: Command): Promise<Response> {
    let tlvs: Tlv[];
    try {
      const outer = parseTlvs(command.data);
      if (outer.length !== 1 || outer[0]!.tag !== 0x7c) return status(SW.WRONG_DATA);
      tlvs = parseTlvs(outer[0]!.value);
    } catch {
      return status(SW.WRONG_DATA);
    }
    if (command.p2 === 0x9b) return this.managementAuthenticate(command.p1, tlvs);
    const slot = this.keys.get(command.p2);
    if (!KEY_SLOTS.has(command.p2)) return status(SW.INCORRECT_P1P2);
    if (!slot) return status(SW.NOT_FOUND);
    if (slot.algorithm !== command.p1) return status(SW.INCORRECT_P1P2);
    const policy = slot.pinPolicy;
    if (policy !== PIN_POLICY.never) {
      if (!this.pinVerified) return status(SW.SECURITY_NOT_SATISFIED);
      if (policy === PIN_POLICY.always) {
        if (!this.pinFresh) return status(SW.SECURITY_NOT_SATISFIED);
        this.pinFresh = false;
      }
    }
    const challenge = findTlv(tlvs, 0x81);
    const peer = findTlv(tlvs, 0x85);
    const wantsResponse = tlvs.some((t) => t.tag === 0x82 && t.value.length === 0);
    if (!wantsResponse) return status(SW.WRONG_DATA);
    const key = slot.key;
    try {
      if (challenge) {
        if (key.kind === 'rsa') return ok(tlv(0x7c, tlv(0x82, rsaPrivate(key, challenge))));
        if (challenge.length > 64) return status(SW.WRONG_DATA);
        return ok(tlv(0x7c, tlv(0x82, ecdsaDer(ecdsaSign(key, challenge)))));
      }
      if (peer && key.kind === 'ec') return ok(tlv(0x7c, tlv(0x82, ecdh(key, peer))));
    } catch {
      return status(SW.WRONG_DATA);
    }
    return status(SW.WRONG_DATA);
  }

  private async managementAuthenticate(algorithmId: number, tlvs: Tlv[]): Promise<Response> {
    const algorithm = MANAGEMENT_ALGORITHMS[algorithmId];
    if (algorithm !== this.management.algorithm) return status(SW.INCORRECT_P1P2);
    const cipher = blockCipher(algorithm, this.management.key);
    const size = cipher.blockSize;
    const witness = findTlv(tlvs, 0x80);
    const challenge = findTlv(tlvs, 0x81);
    const response = findTlv(tlvs, 0x82);
    this.managementAuthenticated = false;
    // Mutual authentication, step 1: the card's witness, encrypted.
    if (witness && witness.length === 0 && !challenge) {
      this.witness = randomBytes(size);
      this.challenge = undefined;
      return ok(tlv(0x7c, tlv(0x80, await cipher.encrypt(this.witness))));
    }
    // Step 2: the decrypted witness back, and the host's challenge to encrypt.
    if (witness && challenge && challenge.length === size && (!response || response.length === 0)) {
      const expected = this.witness;
      this.witness = undefined;
      if (!expected || !equal(expected, witness)) return status(SW.SECURITY_NOT_SATISFIED);
      this.managementAuthenticated = true;
      return ok(tlv(0x7c, tlv(0x82, await cipher.encrypt(challenge))));
    }
    // External (one-way) authentication: the card's challenge in the clear, the host encrypts it.
    if (challenge && challenge.length === 0) {
      this.challenge = randomBytes(size);
      this.witness = undefined;
      return ok(tlv(0x7c, tlv(0x81, this.challenge)));
    }
    if (response && response.length === size) {
      const expected = this.challenge;
      this.challenge = undefined;
      if (!expected || !equal(await cipher.encrypt(expected), response))
        return status(SW.SECURITY_NOT_SATISFIED);
      this.managementAuthenticated = true;
      return ok();
    }
    return status(SW.WRONG_DATA);
  }

  private setManagementKey(command: Command): Response {
    if (!this.managementAuthenticated) return status(SW.SECURITY_NOT_SATISFIED);
    if (command.p1 !== 0xff || (command.p2 !== 0xff && command.p2 !== 0xfe)) return status(SW.INCORRECT_P1P2);
    const [id, reference, length] = command.data;
    const algorithm = MANAGEMENT_ALGORITHMS[id ?? -1];
    const key = command.data.subarray(3);
    if (
      !algorithm ||
      reference !== 0x9b ||
      length !== key.length ||
      key.length !== MANAGEMENT_KEY_LENGTH[algorithm]
    )
      return status(SW.WRONG_DATA);
    this.management = { algorithm, key: key.slice(), isDefault: false };
    return ok();
  }

  // ------------------------------------------------------------------------------------------------ keys

  private async generate(command: Command): Promise<Response> {
    if (command.p1 !== 0x00 || !KEY_SLOTS.has(command.p2) || command.p2 === 0xf9)
      return status(SW.INCORRECT_P1P2);
    if (!this.managementAuthenticated) return status(SW.SECURITY_NOT_SATISFIED);
    let template: Tlv[];
    try {
      const outer = parseTlvs(command.data);
      if (outer[0]?.tag !== 0xac) return status(SW.WRONG_DATA);
      template = parseTlvs(outer[0].value);
    } catch {
      return status(SW.WRONG_DATA);
    }
    const algorithm = findTlv(template, 0x80)?.[0];
    const pinPolicy = findTlv(template, 0xaa)?.[0] ?? 0;
    const touchPolicy = findTlv(template, 0xab)?.[0] ?? 0;
    if (pinPolicy > 3 || touchPolicy > 3) return status(SW.WRONG_DATA);
    let key: PrivateKey;
    switch (algorithm) {
      case PIV_ALGORITHM.rsa1024:
        key = await generateRsaKey(1024);
        break;
      case PIV_ALGORITHM.rsa2048:
        key = await generateRsaKey(2048);
        break;
      case PIV_ALGORITHM.p256:
        key = generateEcKey('P-256');
        break;
      case PIV_ALGORITHM.p384:
        key = generateEcKey('P-384');
        break;
      default:
        return status(SW.WRONG_DATA);
    }
    const slot = this.storeKey(command.p2, key, pinPolicy, touchPolicy, 1);
    return ok(tlv(0x7f49, publicKeyTlvs(slot)));
  }

  private storeKey(
    reference: number,
    key: PrivateKey,
    pinPolicy: number,
    touchPolicy: number,
    origin: 1 | 2,
  ): KeySlot {
    const effective =
      pinPolicy ||
      (reference === 0x9c ? PIN_POLICY.always : reference === 0x9e ? PIN_POLICY.never : PIN_POLICY.once);
    const slot: KeySlot = {
      key,
      algorithm: algorithmOf(key),
      pinPolicy: effective,
      touchPolicy: touchPolicy || 1,
      origin,
    };
    this.keys.set(reference, slot);
    return slot;
  }

  /** YubiKey IMPORT ASYMMETRIC KEY (INS FE): RSA as p, q, dp, dq, qinv (tags 01-05); EC as the scalar (06). */
  private importKey(command: Command): Response {
    if (!this.managementAuthenticated) return status(SW.SECURITY_NOT_SATISFIED);
    if (!KEY_SLOTS.has(command.p2) || command.p2 === 0xf9) return status(SW.INCORRECT_P1P2);
    let tlvs: Tlv[];
    try {
      tlvs = parseTlvs(command.data);
    } catch {
      return status(SW.WRONG_DATA);
    }
    const pinPolicy = findTlv(tlvs, 0xaa)?.[0] ?? 0;
    const touchPolicy = findTlv(tlvs, 0xab)?.[0] ?? 0;
    let key: PrivateKey;
    try {
      if (command.p1 === PIV_ALGORITHM.rsa1024 || command.p1 === PIV_ALGORITHM.rsa2048) {
        const bits = command.p1 === PIV_ALGORITHM.rsa1024 ? 1024 : 2048;
        const part = (tag: number): bigint => {
          const value = findTlv(tlvs, tag);
          if (!value) throw new Error('missing');
          return bytesToBigInt(value);
        };
        const [p, q, dp, dq, qi] = [part(1), part(2), part(3), part(4), part(5)];
        const n = p * q;
        const e = 65537n;
        if (n.toString(2).length !== bits) return status(SW.WRONG_DATA);
        const d = modInverse(e, (p - 1n) * (q - 1n));
        key = { kind: 'rsa', bits, n, e, d, p, q, dp, dq, qi };
      } else if (command.p1 === PIV_ALGORITHM.p256 || command.p1 === PIV_ALGORITHM.p384) {
        const curve = CURVES[command.p1 === PIV_ALGORITHM.p256 ? 'P-256' : 'P-384'];
        const scalar = findTlv(tlvs, 0x06);
        if (!scalar || scalar.length !== curve.size) return status(SW.WRONG_DATA);
        const d = bytesToBigInt(scalar);
        if (d === 0n || d >= curve.n) return status(SW.WRONG_DATA);
        key = ecKeyFromScalar(curve, d);
      } else {
        return status(SW.INCORRECT_P1P2);
      }
    } catch {
      return status(SW.WRONG_DATA);
    }
    this.storeKey(command.p2, key, pinPolicy, touchPolicy, 2);
    return ok();
  }

  /** YubiKey GET METADATA (INS F7, firmware 5.3). */
  private metadata(command: Command): Response {
    const reference = command.p2;
    if (reference === 0x80 || reference === 0x81) {
      const counter = reference === 0x80 ? this.pin : this.puk;
      return ok(
        concat(
          tlv(0x01, Uint8Array.of(0xff)),
          tlv(0x05, Uint8Array.of(counter.isDefault ? 1 : 0)),
          tlv(0x06, Uint8Array.of(counter.max, counter.tries)),
        ),
      );
    }
    if (reference === 0x9b) {
      const algorithm = Object.entries(MANAGEMENT_ALGORITHMS).find(
        ([, a]) => a === this.management.algorithm,
      )![0];
      return ok(
        concat(
          tlv(0x01, Uint8Array.of(Number(algorithm))),
          tlv(0x02, Uint8Array.of(0x00, 0x01)),
          tlv(0x05, Uint8Array.of(this.management.isDefault ? 1 : 0)),
        ),
      );
    }
    if (!KEY_SLOTS.has(reference)) return status(SW.INCORRECT_P1P2);
    const slot = this.keys.get(reference);
    if (!slot) return status(SW.NOT_FOUND);
    return ok(
      concat(
        tlv(0x01, Uint8Array.of(slot.algorithm)),
        tlv(0x02, Uint8Array.of(slot.pinPolicy, slot.touchPolicy)),
        tlv(0x03, Uint8Array.of(slot.origin)),
        tlv(0x04, publicKeyTlvs(slot)),
      ),
    );
  }
}

export { CERTIFICATE_OBJECTS };
