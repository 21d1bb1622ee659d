import { concat, tlv } from './der.js';
import { fromBase64, type CertificateFixture } from './fixtures.js';

/**
 * Builds and signs CRLs in the browser for tests that need several CRL numbers or a multi-megabyte CRL:
 * DER written by hand, signed with WebCrypto by an RSA key (sha256WithRSAEncryption).
 */
export interface CrlSpec {
  /** DER of the CRL issuer's certificate: its subject becomes the CRL issuer. */
  issuerCertificate: Uint8Array;
  /** RSASSA-PKCS1-v1_5 / SHA-256 signing key of the issuer. */
  key: CryptoKey;
  /** authorityKeyIdentifier, lowercase hex (the issuer's subjectKeyIdentifier). */
  authorityKeyId?: string;
  /** cRLNumber; default 1 (RFC 5280 5.2.3 requires one), `null` leaves it out. */
  number?: bigint | null;
  thisUpdate?: Date;
  /** `null` leaves nextUpdate out. */
  nextUpdate?: Date | null;
  /** Serial numbers (lowercase hex) to list as revoked, with a CRL reason code. */
  revoked?: Array<{ serial: string; date?: Date; reason?: number }>;
  /** Extra entries with made-up serials, about 35 bytes each, to make the CRL large. */
  filler?: number;
}

const SHA256_WITH_RSA = Uint8Array.from([
  0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00,
]);

interface Element {
  tag: number;
  start: number;
  content: number;
  end: number;
}

function element(bytes: Uint8Array, offset: number): Element {
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let content = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[content + i]!;
    content += count;
  }
  return { tag, start: offset, content, end: content + length };
}

function children(bytes: Uint8Array, parent: Element): Element[] {
  const out: Element[] = [];
  for (let offset = parent.content; offset < parent.end;) {
    const child = element(bytes, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

/** The subject Name of a certificate, as its DER bytes. */
export function subjectOf(certificate: Uint8Array): Uint8Array {
  const tbs = children(certificate, element(certificate, 0))[0]!;
  const fields = children(certificate, tbs);
  const offset = fields[0]!.tag === 0xa0 ? 1 : 0;
  const subject = fields[offset + 4]!;
  return certificate.slice(subject.start, subject.end);
}

function integer(value: bigint | Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (typeof value === 'bigint') {
    let hex = value.toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    bytes = Uint8Array.from(hex.match(/../g)!, (pair) => parseInt(pair, 16));
  } else {
    bytes = value;
  }
  if (bytes[0]! & 0x80) bytes = concat(Uint8Array.of(0), bytes);
  return tlv(0x02, bytes);
}

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

function utcTime(date: Date): Uint8Array {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return tlv(0x17, new TextEncoder().encode(text));
}

function extension(oid: number[], value: Uint8Array): Uint8Array {
  return tlv(0x30, concat(tlv(0x06, oid), tlv(0x04, value)));
}

const OID = {
  cRLNumber: [0x55, 0x1d, 0x14],
  authorityKeyIdentifier: [0x55, 0x1d, 0x23],
  reasonCode: [0x55, 0x1d, 0x15],
};

/** `count` revoked entries with serials 0x5A000000... written straight into one buffer. */
function fillerEntries(count: number, date: Date): Uint8Array {
  const time = utcTime(date);
  const entryLength = 2 + 18 + time.length;
  const out = new Uint8Array(count * entryLength);
  for (let i = 0, offset = 0; i < count; i++, offset += entryLength) {
    out[offset] = 0x30;
    out[offset + 1] = entryLength - 2;
    out[offset + 2] = 0x02;
    out[offset + 3] = 16;
    out[offset + 4] = 0x5a;
    for (let b = 0, n = i; b < 4; b++, n = Math.floor(n / 256)) out[offset + 19 - b] = n & 0xff;
    out.set(time, offset + 20);
  }
  return out;
}

export async function buildCrl(spec: CrlSpec): Promise<Uint8Array> {
  const thisUpdate = spec.thisUpdate ?? new Date(Date.now() - 3600_000);
  const nextUpdate = spec.nextUpdate === undefined ? new Date(Date.now() + 7 * 86400_000) : spec.nextUpdate;
  const entries = [
    ...(spec.revoked ?? []).map(({ serial, date, reason }) =>
      tlv(
        0x30,
        concat(
          integer(hexBytes(serial)),
          utcTime(date ?? thisUpdate),
          ...(reason === undefined ? [] : [tlv(0x30, extension(OID.reasonCode, tlv(0x0a, [reason])))]),
        ),
      ),
    ),
    ...(spec.filler ? [fillerEntries(spec.filler, thisUpdate)] : []),
  ];
  const extensions = [
    ...(spec.authorityKeyId
      ? [extension(OID.authorityKeyIdentifier, tlv(0x30, tlv(0x80, hexBytes(spec.authorityKeyId))))]
      : []),
    ...(spec.number === null ? [] : [extension(OID.cRLNumber, integer(spec.number ?? 1n))]),
  ];
  const tbs = tlv(
    0x30,
    concat(
      integer(1n),
      SHA256_WITH_RSA,
      subjectOf(spec.issuerCertificate),
      utcTime(thisUpdate),
      ...(nextUpdate ? [utcTime(nextUpdate)] : []),
      ...(entries.length ? [tlv(0x30, concat(...entries))] : []),
      ...(extensions.length ? [tlv(0xa0, tlv(0x30, concat(...extensions)))] : []),
    ),
  );
  const signature = new Uint8Array(
    await crypto.subtle.sign('RSASSA-PKCS1-v1_5', spec.key, tbs as Uint8Array<ArrayBuffer>),
  );
  return tlv(0x30, concat(tbs, SHA256_WITH_RSA, tlv(0x03, concat(Uint8Array.of(0), signature))));
}

/** The RSA signing key of a fixture CA (openssl writes PKCS#8). */
export function fixtureSigningKey(fixture: CertificateFixture): Promise<CryptoKey> {
  const pkcs8 = fromBase64((fixture as CertificateFixture & { keyDer: string }).keyDer);
  return crypto.subtle.importKey(
    'pkcs8',
    pkcs8 as Uint8Array<ArrayBuffer>,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}
