import { executeServerCommand } from '@web/test-runner-commands';
import type { RevocationReason } from '../../src/crl/types.js';
import { concat, tlv } from './der.js';
import { fromBase64 } from './fixtures.js';

/** The shape test/fixtures/crl-scenarios.mjs documents (dates are ISO 8601 strings, DER is base64). */
export type Reason = RevocationReason;

export interface ScenarioCertificate {
  der: string;
  pem: string;
  serialNumber: string;
  subjectDN: string;
  issuerDN: string;
  dnsNames: string[];
  crlDistributionPoints: string[];
}

export interface CrlEntryExpectation {
  serialNumber: string;
  revocationDate: string;
  reason: Reason | null;
  invalidityDate: string | null;
  holdInstruction: string | null;
  certificateIssuer: string | null;
}

export interface CrlExpectation {
  version: 1 | 2;
  issuerDN: string;
  thisUpdate: string;
  nextUpdate: string | null;
  /** Decimal. */
  number: string | null;
  deltaBaseNumber: string | null;
  signatureAlgorithm: { name: string; oid: string };
  /** The IDP block of `openssl crl -text`, whitespace collapsed. */
  issuingDistributionPoint: string | null;
  entries: CrlEntryExpectation[];
  signer: string;
  text: string;
}

export interface ScenarioCrl {
  der: string;
  pem: string;
  expected: CrlExpectation;
  /** How the CRL was changed after `openssl ca` wrote it, or null. */
  crafted: string | null;
}

export interface CrlSummaryExpectation {
  /** The complete CRL's issuer, RFC 4514 as openssl prints it. */
  issuer: string;
  number: string | null;
  thisUpdate: string;
  nextUpdate: string | null;
  delta: { number: string | null; baseNumber: string; thisUpdate: string; nextUpdate: string | null } | null;
}

export interface RevocationExpectation {
  status: 'good' | 'revoked' | 'unknown';
  reason?: Reason;
  revocationDate?: string;
  invalidityDate?: string;
  /** The CRL that decides (absent for `unknown`). */
  crl?: CrlSummaryExpectation;
  /** Instead of `crl` when reason partitions decide together: any one of them. */
  crlOneOf?: CrlSummaryExpectation[];
  problems: string[];
}

export interface RevocationScenario {
  name: string;
  about: string;
  certificate: string;
  issuer: string;
  crls: string[];
  crlSigners: string[];
  options: { maxAge?: number; clockSkew?: number; time?: string };
  expected: RevocationExpectation;
  openssl: { status: 'good' | 'revoked' | 'unknown'; error: string | null } | null;
}

export interface ChainScenario {
  name: string;
  about: string;
  leaf: string;
  intermediates: string[];
  trustAnchors: string[];
  crls: string[];
  hostname?: string;
  revocation?: 'require' | 'prefer' | 'off';
  expected: {
    valid: boolean;
    problems: { code: string; certificateIndex?: number }[];
    revocation: RevocationExpectation[] | null;
  };
  openssl: { valid: boolean; error: string | null };
}

export interface CrlScenarios {
  generatedAt: string;
  opensslVersion: string;
  certificates: Record<string, ScenarioCertificate>;
  crls: Record<string, ScenarioCrl>;
  keys: Record<string, { pkcs8: string; algorithm: 'RSA' | 'EC' }>;
  scenarios: RevocationScenario[];
  chains: ChainScenario[];
}

let cached: Promise<CrlScenarios> | undefined;

/**
 * Certificates, CRLs and expected outcomes made by `openssl ca` for this run (test/fixtures/crl-scenarios.mjs).
 * Generation takes a few seconds, more on a loaded machine than web-test-runner waits for one command; the
 * server keeps generating and caches the result, so a command that timed out is simply asked again.
 * Call it from a `before` hook with a long timeout.
 */
export function crlScenarios(): Promise<CrlScenarios> {
  cached ??= (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await executeServerCommand<CrlScenarios, undefined>('crlScenarios');
        if (!value) throw new Error('the crlScenarios server command returned nothing');
        return value;
      } catch (error) {
        if (attempt >= 6 || !/Did not receive a server response/.test(String(error))) throw error;
      }
    }
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}

/** Mocha `before` hook body: waits for the scenarios with room for a slow first generation. */
export async function loadCrlScenarios(this: Mocha.Context): Promise<void> {
  this.timeout(150_000);
  await crlScenarios();
}

export async function crlDer(name: string): Promise<Uint8Array> {
  const crl = (await crlScenarios()).crls[name];
  if (!crl) throw new Error(`no CRL scenario fixture named ${name}`);
  return fromBase64(crl.der);
}

export async function certificateDer(name: string): Promise<Uint8Array> {
  const certificate = (await crlScenarios()).certificates[name];
  if (!certificate) throw new Error(`no certificate named ${name}`);
  return fromBase64(certificate.der);
}

// A small DER reader for taking real CRLs apart in tests (lengths up to 4 bytes, no validation beyond bounds).

export interface Element {
  tag: number;
  /** The whole element, header included. */
  tlv: Uint8Array;
  /** The contents. */
  value: Uint8Array;
}

export function readElement(bytes: Uint8Array, offset = 0): Element & { end: number } {
  const tag = bytes[offset]!;
  let length = bytes[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[offset + 2 + i]!;
    header += count;
  }
  const end = offset + header + length;
  if (end > bytes.length) throw new Error(`DER element at ${offset} runs past the end`);
  return { tag, tlv: bytes.subarray(offset, end), value: bytes.subarray(offset + header, end), end };
}

export function elements(content: Uint8Array): Element[] {
  const out: Element[] = [];
  for (let offset = 0; offset < content.length;) {
    const element = readElement(content, offset);
    out.push(element);
    offset = element.end;
  }
  return out;
}

/** A CRL taken apart: the TBSCertList's fields and the outer signature algorithm. */
export interface CrlParts {
  fields: Element[];
  /** Indexes into `fields`. */
  index: { version?: number; thisUpdate: number; nextUpdate?: number; revoked?: number; extensions?: number };
  signatureAlgorithm: Uint8Array;
}

export function splitCrl(der: Uint8Array): CrlParts {
  const [tbs, algorithm] = elements(readElement(der).value);
  const fields = elements(tbs!.value);
  const times = fields.flatMap((f, i) => (f.tag === 0x17 || f.tag === 0x18 ? [i] : []));
  const afterTimes = times[times.length - 1]! + 1;
  const revoked = fields.findIndex((f, i) => i >= afterTimes && f.tag === 0x30);
  const extensions = fields.findIndex((f) => f.tag === 0xa0);
  return {
    fields,
    index: {
      ...(fields[0]!.tag === 0x02 && { version: 0 }),
      thisUpdate: times[0]!,
      ...(times.length > 1 && { nextUpdate: times[1]! }),
      ...(revoked >= 0 && { revoked }),
      ...(extensions >= 0 && { extensions }),
    },
    signatureAlgorithm: algorithm!.tlv,
  };
}

let caKey: Promise<CryptoKey> | undefined;

/** The `ca` key (RSA 2048), for re-signing changed CRLs with sha256WithRSAEncryption. */
function caSigningKey(): Promise<CryptoKey> {
  caKey ??= crlScenarios().then((s) =>
    crypto.subtle.importKey(
      'pkcs8',
      fromBase64(s.keys.ca!.pkcs8) as BufferSource,
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      false,
      ['sign'],
    ),
  );
  return caKey;
}

/**
 * A CRL from TBS contents (the concatenated fields), signed by `ca` exactly as openssl signs: the caller's
 * changes are then the only thing wrong with it. `signatureAlgorithm` is the outer AlgorithmIdentifier.
 */
export async function signAsCa(tbsContents: Uint8Array, signatureAlgorithm: Uint8Array): Promise<Uint8Array> {
  const tbs = tlv(0x30, tbsContents);
  const signature = new Uint8Array(
    await crypto.subtle.sign('RSASSA-PKCS1-v1_5', await caSigningKey(), tbs as BufferSource),
  );
  return tlv(0x30, concat(tbs, signatureAlgorithm, tlv(0x03, concat(Uint8Array.of(0), signature))));
}
