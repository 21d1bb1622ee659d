/**
 * The OpenPGP card application, version 3.4 (Functional Specification of the OpenPGP application on ISO
 * smart card operating systems, 3.4.1): data objects, PW1/PW3 and the resetting code, algorithm attributes
 * for RSA 2048-4096 and ECDSA/ECDH on P-256/P-384, on-card key generation, PSO:COMPUTE DIGITAL SIGNATURE
 * (PKCS#1 v1.5 done by the card for RSA; r || s for ECDSA), PSO:DECIPHER, INTERNAL AUTHENTICATE and the
 * signature counter. Key import (PUT DATA with an extended header list) and secure messaging are not offered.
 */
import { type Command, ok, type Response, status, SW, triesLeft } from './apdu.js';
import {
  bigIntToBytes,
  bytesToBigInt,
  concat,
  equal,
  minimalBytes,
  parseTlvs,
  randomBytes,
  startsWith,
  tlv,
  utf8,
} from './bytes.js';
import {
  CURVES,
  type CurveName,
  ecdh,
  ecdsaRaw,
  ecdsaSign,
  generateEcKey,
  generateRsaKey,
  modPow,
  type PrivateKey,
  rsaPkcs1Sign,
} from './crypto.js';

export const OPENPGP_AID_PREFIX = Uint8Array.of(0xd2, 0x76, 0x00, 0x01, 0x24, 0x01);

export interface OpenPgpOptions {
  pw1: string;
  pw3: string;
  serial: number;
}

type KeyRole = 'sig' | 'dec' | 'aut';
const ROLES: KeyRole[] = ['sig', 'dec', 'aut'];
/** Control reference templates in GENERATE / key references in DE. */
const CRT: Record<number, KeyRole> = { 0xb6: 'sig', 0xb8: 'dec', 0xa4: 'aut' };
const ATTRIBUTE_TAG: Record<KeyRole, number> = { sig: 0xc1, dec: 0xc2, aut: 0xc3 };

const RSA_2048 = Uint8Array.of(0x01, 0x08, 0x00, 0x00, 0x20, 0x00);
const MAX_TRIES = 3;

interface Counter {
  value: Uint8Array | undefined;
  tries: number;
}

interface Algorithm {
  kind: 'rsa' | 'ec';
  bits?: number;
  curve?: CurveName;
}

/** Parses algorithm attributes (section 4.4.3.9); undefined when this card does not offer them. */
function parseAttributes(role: KeyRole, value: Uint8Array): Algorithm | undefined {
  if (value[0] === 0x01) {
    if (value.length < 5 || value.length > 6) return undefined;
    const bits = (value[1]! << 8) | value[2]!;
    const exponentBits = (value[3]! << 8) | value[4]!;
    if (![2048, 3072, 4096].includes(bits) || exponentBits > 32 || exponentBits < 17) return undefined;
    if (value.length === 6 && value[5] !== 0x00 && value[5] !== 0x01) return undefined;
    return { kind: 'rsa', bits };
  }
  // ECDH (0x12) only for the decryption key, ECDSA (0x13) for signing and authentication.
  const expected = role === 'dec' ? 0x12 : 0x13;
  if (value[0] !== expected) return undefined;
  let oid = value.subarray(1);
  if (oid[oid.length - 1] === 0xff) oid = oid.subarray(0, -1);
  for (const curve of Object.values(CURVES))
    if (equal(oid, curve.oid)) return { kind: 'ec', curve: curve.name };
  return undefined;
}

export class OpenPgpApplication {
  readonly name = 'openpgp';
  private readonly options: OpenPgpOptions;
  private readonly aid: Uint8Array;
  private pw1!: Counter;
  private pw3!: Counter;
  private rc!: Counter;
  private readonly keys = new Map<KeyRole, { key: PrivateKey; origin: 1 | 2 }>();
  private readonly attributes = new Map<KeyRole, Uint8Array>();
  /** Simple data objects by tag (name, language, sex, URL, login, fingerprints, dates, private DOs, ...). */
  private readonly objects = new Map<number, Uint8Array>();
  private signatureCount = 0;
  private pw1ValidForMultiple = true;
  private terminated = false;
  /** Cardholder certificates (DO 7F21), three occurrences chosen with SELECT DATA. */
  private certificates: Uint8Array[] = [];
  private certificateIndex = 0;
  // Volatile.
  private pw1Sign = false;
  private pw1Other = false;
  private pw3Verified = false;

  constructor(options: OpenPgpOptions) {
    this.options = options;
    const serial = bigIntToBytes(BigInt(options.serial >>> 0), 4);
    // Version 3.4, manufacturer FFFE (test range), serial, RFU.
    this.aid = concat(OPENPGP_AID_PREFIX, Uint8Array.of(0x03, 0x04, 0xff, 0xfe), serial, Uint8Array.of(0, 0));
    this.factoryReset();
  }

  private factoryReset(): void {
    this.pw1 = { value: utf8(this.options.pw1), tries: MAX_TRIES };
    this.pw3 = { value: utf8(this.options.pw3), tries: MAX_TRIES };
    this.rc = { value: undefined, tries: 0 };
    this.keys.clear();
    this.objects.clear();
    for (const role of ROLES) this.attributes.set(role, RSA_2048);
    this.objects.set(0xc5, new Uint8Array(60));
    this.objects.set(0xc6, new Uint8Array(60));
    this.objects.set(0xcd, new Uint8Array(12));
    this.signatureCount = 0;
    this.pw1ValidForMultiple = true;
    this.terminated = false;
    this.certificates = [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)];
    this.reset();
  }

  matches(aid: Uint8Array): boolean {
    return aid.length >= 6 && startsWith(this.aid, aid.subarray(0, Math.min(aid.length, this.aid.length)));
  }

  select(): Response {
    return this.terminated ? status(0x6285) : ok();
  }

  reset(): void {
    this.pw1Sign = false;
    this.pw1Other = false;
    this.pw3Verified = false;
    this.certificateIndex = 0;
  }

  async process(command: Command): Promise<Response> {
    if (this.terminated && command.ins !== 0x44) return status(SW.CONDITIONS_NOT_SATISFIED);
    switch (command.ins) {
      case 0xca:
        return this.getData((command.p1 << 8) | command.p2);
      case 0xda:
        return this.putData((command.p1 << 8) | command.p2, command.data);
      case 0x20:
        return this.verify(command);
      case 0x24:
        return this.changeReference(command);
      case 0x2c:
        return this.resetRetryCounter(command);
      case 0x47:
        return this.generate(command);
      case 0x2a:
        return this.pso(command);
      case 0x88:
        return this.internalAuthenticate(command);
      case 0x84:
        return ok(randomBytes(Math.min(command.ne, 256)));
      case 0xa5:
        return this.selectData(command);
      case 0xe6:
        if (!this.pw3Verified && this.pw3.tries > 0) return status(SW.SECURITY_NOT_SATISFIED);
        this.terminated = true;
        return ok();
      case 0x44:
        if (this.terminated) this.factoryReset();
        return ok();
      default:
        return status(SW.INS_NOT_SUPPORTED);
    }
  }

  // ------------------------------------------------------------------------------------------ data objects

  private pwStatus(): Uint8Array {
    return Uint8Array.of(
      this.pw1ValidForMultiple ? 1 : 0,
      127,
      127,
      127,
      this.pw1.tries,
      this.rc.tries,
      this.pw3.tries,
    );
  }

  private keyInformation(): Uint8Array {
    return concat(...ROLES.map((role, i) => Uint8Array.of(i + 1, this.keys.get(role)?.origin ?? 0)));
  }

  private historicalBytes(): Uint8Array {
    // Category 00, card service data (31 C5), capabilities (73 C0 01 C0: chaining, extended Lc/Le), status 05 90 00.
    return Uint8Array.of(0x00, 0x31, 0xc5, 0x73, 0xc0, 0x01, 0xc0, 0x05, 0x90, 0x00);
  }

  private extendedCapabilities(): Uint8Array {
    // GET CHALLENGE, PW status changeable, private DOs, algorithm attributes changeable; challenge up to 256,
    // cardholder certificate up to 2048, special DOs up to 255 bytes, no PIN block 2, no MSE.
    return Uint8Array.of(0x5c, 0x00, 0x01, 0x00, 0x08, 0x00, 0x00, 0xff, 0x00, 0x00);
  }

  private object(tag: number): Uint8Array | undefined {
    switch (tag) {
      case 0x4f:
        return this.aid;
      case 0x5f52:
        return this.historicalBytes();
      case 0x7f66:
        return concat(tlv(0x02, Uint8Array.of(0x08, 0x00)), tlv(0x02, Uint8Array.of(0x08, 0x00)));
      case 0xc0:
        return this.extendedCapabilities();
      case 0xc1:
      case 0xc2:
      case 0xc3:
        return this.attributes.get(ROLES[tag - 0xc1]!);
      case 0xc4:
        return this.pwStatus();
      case 0xde:
        return this.keyInformation();
      case 0x93:
        return bigIntToBytes(BigInt(this.signatureCount), 3);
      case 0x65:
        return concat(
          tlv(0x5b, this.stored(0x5b)),
          tlv(0x5f2d, this.stored(0x5f2d)),
          tlv(0x5f35, this.stored(0x5f35)),
        );
      case 0x7a:
        return tlv(0x93, bigIntToBytes(BigInt(this.signatureCount), 3));
      case 0x6e:
        return concat(
          tlv(0x4f, this.aid),
          tlv(0x5f52, this.historicalBytes()),
          tlv(0x7f66, this.object(0x7f66)!),
          tlv(
            0x73,
            tlv(0xc0, this.extendedCapabilities()),
            ...ROLES.map((role) => tlv(ATTRIBUTE_TAG[role], this.attributes.get(role)!)),
            tlv(0xc4, this.pwStatus()),
            tlv(0xc5, this.stored(0xc5)),
            tlv(0xc6, this.stored(0xc6)),
            tlv(0xcd, this.stored(0xcd)),
            tlv(0xde, this.keyInformation()),
          ),
        );
      case 0x5b:
      case 0x5e:
      case 0x5f2d:
      case 0x5f35:
      case 0x5f50:
      case 0xc5:
      case 0xc6:
      case 0xcd:
      case 0x0101:
      case 0x0102:
        return this.stored(tag);
      case 0x7f21:
        return this.certificates[this.certificateIndex];
      case 0x0103:
        return this.pw1Other ? this.stored(tag) : undefined;
      case 0x0104:
        return this.pw3Verified ? this.stored(tag) : undefined;
      default:
        return undefined;
    }
  }

  private stored(tag: number): Uint8Array {
    return this.objects.get(tag) ?? new Uint8Array(0);
  }

  private getData(tag: number): Response {
    const value = this.object(tag);
    if (value === undefined) {
      if (tag === 0x0103 || tag === 0x0104) return status(SW.SECURITY_NOT_SATISFIED);
      return status(SW.REFERENCE_NOT_FOUND);
    }
    // Constructed DOs come back with their own tag and length, as real cards send them.
    return ok([0x65, 0x6e, 0x7a, 0x7f66].includes(tag) ? tlv(tag, value) : value);
  }

  private putData(tag: number, data: Uint8Array): Response {
    if (tag === 0x0101 || tag === 0x0103) {
      if (!this.pw1Other) return status(SW.SECURITY_NOT_SATISFIED);
    } else if (!this.pw3Verified) {
      return status(SW.SECURITY_NOT_SATISFIED);
    }
    switch (tag) {
      case 0x5b:
      case 0x5e:
      case 0x5f2d:
      case 0x5f35:
      case 0x5f50:
      case 0x0101:
      case 0x0102:
      case 0x0103:
      case 0x0104:
        if (data.length > 255) return status(SW.WRONG_LENGTH);
        this.objects.set(tag, data.slice());
        return ok();
      case 0x7f21:
        if (data.length > 2048) return status(SW.WRONG_LENGTH);
        this.certificates[this.certificateIndex] = data.slice();
        return ok();
      case 0xc1:
      case 0xc2:
      case 0xc3: {
        const role = ROLES[tag - 0xc1]!;
        if (!parseAttributes(role, data)) return status(SW.WRONG_DATA);
        this.attributes.set(role, data.slice());
        return ok();
      }
      case 0xc4:
        if (data.length < 1 || data[0]! > 1) return status(SW.WRONG_DATA);
        this.pw1ValidForMultiple = data[0] === 1;
        return ok();
      case 0xc7:
      case 0xc8:
      case 0xc9:
      case 0xca:
      case 0xcb:
      case 0xcc: {
        if (data.length !== 20) return status(SW.WRONG_LENGTH);
        const target = tag <= 0xc9 ? 0xc5 : 0xc6;
        const all = this.stored(target).slice();
        all.set(data, ((tag - 0xc7) % 3) * 20);
        this.objects.set(target, all);
        return ok();
      }
      case 0xce:
      case 0xcf:
      case 0xd0: {
        if (data.length !== 4) return status(SW.WRONG_LENGTH);
        const all = this.stored(0xcd).slice();
        all.set(data, (tag - 0xce) * 4);
        this.objects.set(0xcd, all);
        return ok();
      }
      case 0xd3:
        if (data.length === 0) {
          this.rc = { value: undefined, tries: 0 };
          return ok();
        }
        if (data.length < 8) return status(SW.WRONG_DATA);
        this.rc = { value: data.slice(), tries: MAX_TRIES };
        return ok();
      default:
        return status(SW.REFERENCE_NOT_FOUND);
    }
  }

  /** SELECT DATA (3.0+): 60 { 5C 7F21 } chooses which cardholder certificate GET/PUT DATA 7F21 reach. */
  private selectData(command: Command): Response {
    if (command.p2 !== 0x04 || command.p1 > 2) return status(SW.INCORRECT_P1P2);
    let tag: Uint8Array | undefined;
    try {
      const outer = parseTlvs(command.data)[0];
      // Some clients leave out the 60 wrapper (a YubiKey firmware quirk they work around).
      const inner = outer?.tag === 0x60 ? parseTlvs(outer.value)[0] : outer;
      tag = inner?.tag === 0x5c ? inner.value : undefined;
    } catch {
      return status(SW.WRONG_DATA);
    }
    if (!tag || !equal(tag, Uint8Array.of(0x7f, 0x21))) return status(SW.REFERENCE_NOT_FOUND);
    this.certificateIndex = command.p1;
    return ok();
  }

  // ---------------------------------------------------------------------------------------------- PINs

  private verify(command: Command): Response {
    const reference = command.p2;
    if (reference !== 0x81 && reference !== 0x82 && reference !== 0x83) return status(SW.REFERENCE_NOT_FOUND);
    const counter = reference === 0x83 ? this.pw3 : this.pw1;
    if (command.p1 === 0xff) {
      if (reference === 0x81) this.pw1Sign = false;
      else if (reference === 0x82) this.pw1Other = false;
      else this.pw3Verified = false;
      return ok();
    }
    if (command.p1 !== 0x00) return status(SW.INCORRECT_P1P2);
    if (command.data.length === 0) {
      const verified =
        reference === 0x81 ? this.pw1Sign : reference === 0x82 ? this.pw1Other : this.pw3Verified;
      if (verified) return ok();
      return counter.tries === 0 ? status(SW.AUTH_BLOCKED) : triesLeft(counter.tries);
    }
    const result = this.check(counter, command.data);
    const passed = result.sw === SW.OK;
    if (reference === 0x81) this.pw1Sign = passed;
    else if (reference === 0x82) this.pw1Other = passed;
    else this.pw3Verified = passed;
    return result;
  }

  private check(counter: Counter, candidate: Uint8Array): Response {
    if (counter.tries === 0 || !counter.value) return status(SW.AUTH_BLOCKED);
    if (equal(candidate, counter.value)) {
      counter.tries = MAX_TRIES;
      return ok();
    }
    counter.tries--;
    return counter.tries === 0 ? status(SW.AUTH_BLOCKED) : triesLeft(counter.tries);
  }

  private changeReference(command: Command): Response {
    if (command.p1 !== 0x00 || (command.p2 !== 0x81 && command.p2 !== 0x83)) return status(SW.INCORRECT_P1P2);
    const counter = command.p2 === 0x81 ? this.pw1 : this.pw3;
    const oldLength = counter.value?.length ?? 0;
    const result = this.check(counter, command.data.subarray(0, oldLength));
    if (result.sw !== SW.OK) return result;
    const next = command.data.subarray(oldLength);
    if (next.length < (command.p2 === 0x81 ? 6 : 8) || next.length > 127) return status(SW.WRONG_DATA);
    counter.value = next.slice();
    return ok();
  }

  private resetRetryCounter(command: Command): Response {
    if (command.p2 !== 0x81) return status(SW.INCORRECT_P1P2);
    let next: Uint8Array;
    if (command.p1 === 0x02) {
      if (!this.pw3Verified) return status(SW.SECURITY_NOT_SATISFIED);
      next = command.data;
    } else if (command.p1 === 0x00) {
      const length = this.rc.value?.length ?? 0;
      if (!this.rc.value) return status(SW.AUTH_BLOCKED);
      const result = this.check(this.rc, command.data.subarray(0, length));
      if (result.sw !== SW.OK) return result;
      next = command.data.subarray(length);
    } else {
      return status(SW.INCORRECT_P1P2);
    }
    if (next.length < 6 || next.length > 127) return status(SW.WRONG_DATA);
    this.pw1 = { value: next.slice(), tries: MAX_TRIES };
    return ok();
  }

  // ------------------------------------------------------------------------------------------------ keys

  private publicKeyTemplate(key: PrivateKey): Uint8Array {
    if (key.kind === 'rsa')
      return tlv(0x7f49, tlv(0x81, bigIntToBytes(key.n, key.bits / 8)), tlv(0x82, minimalBytes(key.e)));
    return tlv(0x7f49, tlv(0x86, key.publicPoint));
  }

  private async generate(command: Command): Promise<Response> {
    if (command.p2 !== 0x00 || (command.p1 !== 0x80 && command.p1 !== 0x81)) return status(SW.INCORRECT_P1P2);
    const role = CRT[command.data[0] ?? -1];
    if (!role || command.data.length < 2) return status(SW.WRONG_DATA);
    if (command.p1 === 0x81) {
      const stored = this.keys.get(role);
      return stored ? ok(this.publicKeyTemplate(stored.key)) : status(SW.REFERENCE_NOT_FOUND);
    }
    if (!this.pw3Verified) return status(SW.SECURITY_NOT_SATISFIED);
    const algorithm = parseAttributes(role, this.attributes.get(role)!)!;
    const key =
      algorithm.kind === 'rsa' ? await generateRsaKey(algorithm.bits!) : generateEcKey(algorithm.curve!);
    this.keys.set(role, { key, origin: 1 });
    if (role === 'sig') this.signatureCount = 0;
    return ok(this.publicKeyTemplate(key));
  }

  /** RSA signs a DigestInfo with PKCS#1 v1.5 padding; ECDSA signs the hash and answers r || s. */
  private sign(key: PrivateKey, data: Uint8Array): Uint8Array {
    if (key.kind === 'rsa') {
      if (data.length > (key.bits / 8) * 0.4) throw new RangeError('DigestInfo too long');
      return rsaPkcs1Sign(key, data);
    }
    return ecdsaRaw(key, ecdsaSign(key, data));
  }

  private async pso(command: Command): Promise<Response> {
    const p1p2 = (command.p1 << 8) | command.p2;
    if (p1p2 === 0x9e9a) {
      if (!this.pw1Sign) return status(SW.SECURITY_NOT_SATISFIED);
      const stored = this.keys.get('sig');
      if (!stored) return status(SW.REFERENCE_NOT_FOUND);
      let signature: Uint8Array;
      try {
        signature = this.sign(stored.key, command.data);
      } catch {
        return status(SW.WRONG_DATA);
      }
      this.signatureCount = Math.min(this.signatureCount + 1, 0xffffff);
      if (!this.pw1ValidForMultiple) this.pw1Sign = false;
      return ok(signature);
    }
    if (p1p2 === 0x8086) {
      if (!this.pw1Other) return status(SW.SECURITY_NOT_SATISFIED);
      const stored = this.keys.get('dec');
      if (!stored) return status(SW.REFERENCE_NOT_FOUND);
      try {
        return ok(this.decipher(stored.key, command.data));
      } catch {
        return status(SW.WRONG_DATA);
      }
    }
    return status(SW.INCORRECT_P1P2);
  }

  private decipher(key: PrivateKey, data: Uint8Array): Uint8Array {
    if (key.kind === 'rsa') {
      // Padding indicator 00, then the cryptogram; the card removes PKCS#1 v1.5 type 2 padding.
      if (data[0] !== 0x00) throw new RangeError('padding indicator');
      const size = key.bits / 8;
      const c = bytesToBigInt(data.subarray(1));
      if (data.length - 1 !== size || c >= key.n) throw new RangeError('cryptogram');
      const block = bigIntToBytes(modPow(c, key.d, key.n), size);
      if (block[0] !== 0 || block[1] !== 2) throw new RangeError('padding');
      const separator = block.indexOf(0, 2);
      if (separator < 10) throw new RangeError('padding');
      return block.slice(separator + 1);
    }
    // A6 { 7F49 { 86 point } }
    const outer = parseTlvs(data)[0];
    const inner = outer && parseTlvs(outer.value)[0];
    const point = inner && parseTlvs(inner.value).find((t) => t.tag === 0x86)?.value;
    if (outer?.tag !== 0xa6 || inner?.tag !== 0x7f49 || !point) throw new RangeError('ECDH template');
    return ecdh(key, point);
  }

  private internalAuthenticate(command: Command): Response {
    if (!this.pw1Other) return status(SW.SECURITY_NOT_SATISFIED);
    const stored = this.keys.get('aut');
    if (!stored) return status(SW.REFERENCE_NOT_FOUND);
    try {
      return ok(this.sign(stored.key, command.data));
    } catch {
      return status(SW.WRONG_DATA);
    }
  }
}
