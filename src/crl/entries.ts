import { childrenOf, readOidAt, readSmallIntegerAt, readTimeAt, readTlv, TAG } from '../asn1/reader.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { generalNameRefs } from '../names/general-name-keys.js';
import type { RevocationReason } from './types.js';
import { readExtensionList } from './parse.js';
import type { CrlInfo } from './types.js';

/** One revokedCertificates entry, read in full only for a certificate that matched. */
export interface CrlEntry {
  /** Offset of the entry in the CRL's DER. */
  offset: number;
  revocationDate: Date;
  /** From the reasonCode entry extension; absent means unspecified. */
  reason?: RevocationReason;
  invalidityDate?: Date;
  /** holdInstructionCode OID, with certificateHold. */
  holdInstruction?: string;
}

/** What one pass over the revoked list found. */
export interface EntryScan {
  count: number;
  /** Offset of the first entry for the wanted certificate, or -1. */
  match: number;
  /** Dotted OID of the first critical entry extension shirushi does not process. */
  unknownCriticalExtension?: string;
  /** Whether any entry has extensions (a v1 CRL must not). */
  hasEntryExtensions: boolean;
}

export interface EntryTarget {
  /** The certificate's serialNumber INTEGER contents. */
  serial: Uint8Array;
  /** The certificate's issuer name key, for indirect CRLs. */
  issuerKey: string;
}

/** CRLReason values (RFC 5280 section 5.3.1) by number; OCSP reuses the same enumeration. */
export const REASONS: (RevocationReason | undefined)[] = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  undefined, // 7 is not used
  'removeFromCRL',
  'privilegeWithdrawn',
  'aACompromise',
];

// Entry extension OIDs are all 2.5.29.x: DER 06 03 55 1D x.
const REASON_CODE = 0x15;
const HOLD_INSTRUCTION = 0x17;
const INVALIDITY_DATE = 0x18;
const CERTIFICATE_ISSUER = 0x1d;

/** reasonCode, holdInstructionCode and invalidityDate: the entry extensions `readEntry` decodes. */
const ENTRY_EXTENSIONS_READ: ReadonlySet<string> = new Set(['2.5.29.21', '2.5.29.23', '2.5.29.24']);

function bad(offset: number, detail: string): never {
  throw new ShirushiError('crl/bad-entry', { offset, detail });
}

/**
 * One linear pass over the revoked list, checking every entry's structure (tags, lengths that exactly fill
 * their parent, time formats, extension criticality) without allocating per entry. Finds the first entry
 * for `target`, honouring certificateIssuer in indirect CRLs. Throws `crl/bad-entry` on malformed data.
 */
export function scanEntries(crl: CrlInfo, target?: EntryTarget): EntryScan {
  const bytes = crl.der;
  const end = crl.entries.end;
  const indirect = crl.issuingDistributionPoint?.indirectCRL === true;
  const serial = target?.serial;
  const serialLength = serial ? serial.length : -1;
  let issuerMatches = !indirect || target?.issuerKey === crl.issuerKey;
  let match = -1;
  let count = 0;
  let unknownCritical: string | undefined;
  let hasEntryExtensions = false;
  let offset = crl.entries.start;

  while (offset < end) {
    const entryStart = offset;
    if (bytes[offset] !== 0x30) bad(entryStart, 'not a SEQUENCE');
    let length = bytes[offset + 1]!;
    let p = offset + 2;
    if (length & 0x80) {
      const n = length & 0x7f;
      if (n === 0 || n > 3) bad(entryStart, 'length');
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + bytes[p + i]!;
      p += n;
    }
    const entryEnd = p + length;
    // Written as !(a <= b) so a length read past the end of the bytes (NaN) is refused too.
    if (!(entryEnd <= end)) bad(entryStart, 'longer than the list');

    // userCertificate INTEGER (short form length: serials are at most 20 bytes, RFC 5280 4.1.2.2).
    if (bytes[p] !== TAG.INTEGER) bad(entryStart, 'serial is not an INTEGER');
    const serialLen = bytes[p + 1]!;
    if (serialLen === 0 || serialLen > 0x7f) bad(entryStart, 'serial length');
    const serialStart = p + 2;
    p = serialStart + serialLen;
    if (!(p <= entryEnd)) bad(entryStart, 'serial overruns the entry');

    // revocationDate: UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSSZ (RFC 5280 5.1.2.6).
    const timeTag = bytes[p];
    const timeLen = bytes[p + 1];
    if (!(
      (timeTag === TAG.UTC_TIME && timeLen === 13) ||
      (timeTag === TAG.GENERALIZED_TIME && timeLen === 15)
    )) {
      bad(entryStart, 'revocationDate');
    }
    p += 2 + timeLen;
    if (p > entryEnd || bytes[p - 1] !== 0x5a) bad(entryStart, 'revocationDate');

    let entryIssuerChange: number = -1;
    if (p < entryEnd) {
      hasEntryExtensions = true;
      if (bytes[p] !== TAG.SEQUENCE) bad(entryStart, 'crlEntryExtensions is not a SEQUENCE');
      let listLength = bytes[p + 1]!;
      let q = p + 2;
      if (listLength & 0x80) {
        const n = listLength & 0x7f;
        if (n === 0 || n > 3) bad(entryStart, 'length');
        listLength = 0;
        for (let i = 0; i < n; i++) listLength = listLength * 256 + bytes[q + i]!;
        q += n;
      }
      if (q + listLength !== entryEnd || listLength === 0) bad(entryStart, 'data after crlEntryExtensions');
      let seen = 0;
      while (q < entryEnd) {
        // Extension SEQUENCE { extnID, critical DEFAULT FALSE, extnValue OCTET STRING }
        if (bytes[q] !== TAG.SEQUENCE) bad(entryStart, 'Extension is not a SEQUENCE');
        let extLength = bytes[q + 1]!;
        let r = q + 2;
        if (extLength & 0x80) {
          const n = extLength & 0x7f;
          if (n === 0 || n > 3) bad(entryStart, 'length');
          extLength = 0;
          for (let i = 0; i < n; i++) extLength = extLength * 256 + bytes[r + i]!;
          r += n;
        }
        const extEnd = r + extLength;
        if (!(extEnd <= entryEnd)) bad(entryStart, 'Extension overruns the entry');
        if (bytes[r] !== TAG.OID) bad(entryStart, 'extnID');
        const oidLength = bytes[r + 1]!;
        const oidStart = r + 2;
        r = oidStart + oidLength;
        const known =
          oidLength === 3 && bytes[oidStart] === 0x55 && bytes[oidStart + 1] === 0x1d
            ? bytes[oidStart + 2]!
            : -1;
        let critical = false;
        if (bytes[r] === TAG.BOOLEAN) {
          if (bytes[r + 1] !== 1 || (bytes[r + 2] !== 0xff && bytes[r + 2] !== 0))
            bad(entryStart, 'critical');
          critical = bytes[r + 2] === 0xff;
          r += 3;
        }
        if (bytes[r] !== TAG.OCTET_STRING) bad(entryStart, 'extnValue');
        let valueLength = bytes[r + 1]!;
        let v = r + 2;
        if (valueLength & 0x80) {
          const n = valueLength & 0x7f;
          if (n === 0 || n > 3) bad(entryStart, 'length');
          valueLength = 0;
          for (let i = 0; i < n; i++) valueLength = valueLength * 256 + bytes[v + i]!;
          v += n;
        }
        if (v + valueLength !== extEnd) bad(entryStart, 'data after extnValue');
        if (
          known === REASON_CODE ||
          known === INVALIDITY_DATE ||
          known === CERTIFICATE_ISSUER ||
          known === HOLD_INSTRUCTION
        ) {
          const bit = 1 << (known - REASON_CODE);
          if (seen & bit) bad(entryStart, 'duplicate extension');
          seen |= bit;
          if (known === CERTIFICATE_ISSUER) entryIssuerChange = q;
        } else if (critical && unknownCritical === undefined) {
          unknownCritical = readOidAt(bytes, readTlv(bytes, oidStart - 2, extEnd));
        }
        q = extEnd;
      }
    }

    // In an indirect CRL, certificateIssuer names the issuer of this entry and of the entries after it.
    if (indirect && entryIssuerChange >= 0 && target) {
      issuerMatches = entryIssuerNames(bytes, entryIssuerChange).includes(`dn:${target.issuerKey}`);
    }
    if (match < 0 && serialLen === serialLength && issuerMatches) {
      let equal = true;
      for (let i = 0; i < serialLen; i++) {
        if (bytes[serialStart + i] !== serial![i]) {
          equal = false;
          break;
        }
      }
      if (equal) match = entryStart;
    }
    offset = entryEnd;
    count++;
  }
  const scan: EntryScan = { count, match, hasEntryExtensions };
  if (unknownCritical !== undefined) scan.unknownCriticalExtension = unknownCritical;
  return scan;
}

/** The GeneralNames of a certificateIssuer extension starting at `extensionOffset`, as name keys. */
function entryIssuerNames(bytes: Uint8Array, extensionOffset: number): string[] {
  const extension = readTlv(bytes, extensionOffset, bytes.length);
  const parts = childrenOf(bytes, extension, 3);
  const value = parts[parts.length - 1]!;
  const names = readTlv(bytes, value.content, value.end);
  if (names.tag !== TAG.SEQUENCE || names.end !== value.end) bad(extensionOffset, 'certificateIssuer');
  try {
    return generalNameRefs(bytes, names).map((name) => name.key);
  } catch {
    bad(extensionOffset, 'certificateIssuer');
  }
}

/** Reads the entry at `offset` (found by `scanEntries` or an index) in full. */
export function readEntry(crl: CrlInfo, offset: number): CrlEntry {
  const bytes = crl.der;
  try {
    const entry = readTlv(bytes, offset, crl.entries.end);
    const [, time, extensionsTlv] = childrenOf(bytes, entry, 3);
    const revocationDate = time ? readTimeAt(bytes, time) : undefined;
    if (!revocationDate) bad(offset, 'revocationDate');
    const result: CrlEntry = { offset, revocationDate };
    if (!extensionsTlv) return result;
    for (const extension of readExtensionList(bytes, extensionsTlv, 'crl/duplicate-extension', {})) {
      // An unknown non-critical extension may hold anything (RFC 5280 5.3): its value is not ours to read.
      if (!ENTRY_EXTENSIONS_READ.has(extension.oid)) continue;
      const value = extension.value;
      const tlv = readTlv(value, 0, value.length);
      if (tlv.end !== value.length) bad(offset, 'extension value');
      if (extension.oid === '2.5.29.21') {
        const reason = REASONS[readSmallIntegerAt(value, tlv, TAG.ENUMERATED)];
        if (!reason) bad(offset, 'reasonCode');
        result.reason = reason;
      } else if (extension.oid === '2.5.29.24') {
        if (tlv.tag !== TAG.GENERALIZED_TIME) bad(offset, 'invalidityDate');
        const date = readTimeAt(value, tlv);
        if (!date) bad(offset, 'invalidityDate');
        result.invalidityDate = date;
      } else if (extension.oid === '2.5.29.23') {
        result.holdInstruction = readOidAt(value, tlv);
      }
    }
    return result;
  } catch (error) {
    if (error instanceof ShirushiError) throw error;
    bad(offset, error instanceof Error ? error.message : String(error));
  }
}

/** Offset of the serialNumber INTEGER of the entry at `offset` (its length byte follows the tag). */
function serialOffset(bytes: Uint8Array, offset: number): number {
  const length = bytes[offset + 1]!;
  return offset + 2 + (length & 0x80 ? length & 0x7f : 0);
}

/** FNV-1a over `length` bytes from `start`. */
function hashBytes(bytes: Uint8Array, start: number, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < start + length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

/**
 * Offset of the first entry with this serial, or -1, by a plain pass over already-checked entries: no
 * validation and no allocation, several times faster than `scanEntries`. For direct CRLs only.
 */
export function findSerial(crl: CrlInfo, serial: Uint8Array): number {
  const bytes = crl.der;
  const end = crl.entries.end;
  const wanted = serial.length;
  const first = serial[0];
  let offset = crl.entries.start;
  while (offset < end) {
    let length = bytes[offset + 1]!;
    let p = offset + 2;
    if (length & 0x80) {
      const n = length & 0x7f;
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + bytes[p + i]!;
      p += n;
    }
    if (bytes[p + 1] === wanted && bytes[p + 2] === first) {
      let equal = true;
      for (let i = 1; i < wanted; i++) {
        if (bytes[p + 2 + i] !== serial[i]) {
          equal = false;
          break;
        }
      }
      if (equal) return offset;
    }
    offset = p + length;
  }
  return -1;
}

/**
 * An open-addressing hash table from serial number to entry offset (one 32-bit word per slot, two slots per
 * entry), built in one allocation-free pass, for when several certificates are checked against the same
 * direct CRL. Entry structure was already checked by `scanEntries`.
 */
export class CrlIndex {
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly bytes: Uint8Array;

  constructor(crl: CrlInfo, count: number) {
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    const table = new Int32Array(capacity).fill(-1);
    const mask = capacity - 1;
    const bytes = crl.der;
    const end = crl.entries.end;
    let offset = crl.entries.start;
    while (offset < end) {
      const serial = serialOffset(bytes, offset);
      let slot = hashBytes(bytes, serial + 2, bytes[serial + 1]!) & mask;
      while (table[slot] !== -1) slot = (slot + 1) & mask;
      table[slot] = offset;
      let length = bytes[offset + 1]!;
      let p = offset + 2;
      if (length & 0x80) {
        const n = length & 0x7f;
        length = 0;
        for (let i = 0; i < n; i++) length = length * 256 + bytes[p + i]!;
        p += n;
      }
      offset = p + length;
    }
    this.table = table;
    this.mask = mask;
    this.bytes = bytes;
  }

  /** Offset of the first entry with this serial, or -1. */
  find(serial: Uint8Array): number {
    const { bytes, table, mask } = this;
    let slot = hashBytes(serial, 0, serial.length) & mask;
    let best = -1;
    for (let offset = table[slot]!; offset !== -1; offset = table[slot]!) {
      const at = serialOffset(bytes, offset);
      if (bytes[at + 1] === serial.length) {
        let equal = true;
        for (let i = 0; i < serial.length; i++) {
          if (bytes[at + 2 + i] !== serial[i]) {
            equal = false;
            break;
          }
        }
        if (equal && (best === -1 || offset < best)) best = offset;
      }
      slot = (slot + 1) & mask;
    }
    return best;
  }
}
