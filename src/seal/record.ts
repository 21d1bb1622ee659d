/**
 * Site seal registry: the immutable record of one registered certificate, the small status file that a
 * scheduled job rewrites, and the HTML snippet a site owner embeds. DOM-free, so the node CLI and the
 * browser share it.
 */
import { parseCertificate, parseCertificates } from '../certificate/parse.js';
import type { CertificateInfo, ValidationLevel } from '../certificate/types.js';
import { base64Encode } from '../encoding/base64.js';
import type { DerInput } from '../encoding/pem.js';
import { asShirushiError, ShirushiError } from '../errors/shirushi-error.js';
import type { ErrorCode } from '../i18n/strings.js';
import { verifyChain } from '../net/offloaded.js';
import type { RevocationReason } from '../crl/types.js';
import type { RevocationResult } from '../revocation/types.js';

export type SealBrand = 'secom' | 'jprs' | 'generic';
export const SEAL_BRANDS: readonly SealBrand[] = ['secom', 'jprs', 'generic'];

/** Rendered sizes of the seal mark, in CSS pixels (JPRS's three sizes). */
export type SealSize = '100x42' | '120x50' | '140x59';
export const SEAL_SIZES: readonly SealSize[] = ['100x42', '120x50', '140x59'];

/** What the seal shows before it loads any certificate parser. Dates are ISO 8601 strings. */
export interface SealSummary {
  /** Subject, RFC 4514. */
  subject: string;
  organization?: string;
  dnsNames: string[];
  ipAddresses: string[];
  validationLevel?: ValidationLevel;
  notBefore: string;
  notAfter: string;
  /** Issuer, RFC 4514. */
  issuer: string;
}

/** `<out>/seals/<id>.json`: written once, never changed (served with `immutable` caching). */
export interface SealRecord {
  version: 1;
  /** Lowercase hex SHA-256 of the leaf DER: the certificate's SHA-256 fingerprint. */
  id: string;
  brand: SealBrand;
  /** Base64 of the leaf's DER. */
  leaf: string;
  /** Base64 DER of the chain above the leaf, the leaf's issuer first. */
  chain: string[];
  /** CRL URLs per certificate: index 0 is the leaf, 1 is `chain[0]`, and so on. Certificates without URLs are left out. */
  crlDistributionPoints: Array<{ certificate: number; urls: string[] }>;
  summary: SealSummary;
  createdAt: string;
}

export type SealState = 'good' | 'revoked' | 'unknown' | 'expired' | 'not-yet-valid';

/** `<out>/seals/<id>.status.json`: rewritten by `shirushi seal status`, served with a short max-age. */
export interface SealStatus {
  version: 1;
  id: string;
  status: SealState;
  reason?: RevocationReason;
  revocationDate?: string;
  crl?: { number?: string; thisUpdate: string; nextUpdate?: string; url?: string };
  /** Problem codes from the revocation check (why a status is unknown, CRLs set aside). */
  problems: ErrorCode[];
  checkedAt: string;
}

export interface CreateSealRecordOptions {
  leaf: DerInput;
  /** The chain above the leaf, issuer first: one PEM text with several blocks, or a list. */
  chain?: DerInput | DerInput[];
  brand: SealBrand;
  /** Default: now. */
  createdAt?: Date;
}

/** How far the chain could be checked: signatures up to a self-signed root, or only names. */
export type SealChainCheck = 'signatures' | 'names';

export function isSealBrand(value: unknown): value is SealBrand {
  return typeof value === 'string' && (SEAL_BRANDS as readonly string[]).includes(value);
}

function assertBrand(brand: unknown): asserts brand is SealBrand {
  if (!isSealBrand(brand)) throw new ShirushiError('seal/bad-brand', { brand: String(brand) });
}

function readLeaf(input: DerInput): CertificateInfo {
  let leaf: CertificateInfo;
  try {
    leaf = parseCertificate(input);
  } catch (error) {
    const cause = asShirushiError(error, 'internal/unexpected');
    throw new ShirushiError('seal/bad-leaf', { detail: cause.message }, { cause });
  }
  if (leaf.basicConstraints?.ca)
    throw new ShirushiError('seal/leaf-is-ca', { subject: leaf.subject.rfc4514 });
  return leaf;
}

function readChain(input: CreateSealRecordOptions['chain']): CertificateInfo[] {
  if (input === undefined) return [];
  const items = Array.isArray(input) ? input : [input];
  const chain: CertificateInfo[] = [];
  for (const item of items) {
    try {
      chain.push(...parseCertificates(item));
    } catch (error) {
      const cause = asShirushiError(error, 'internal/unexpected');
      throw new ShirushiError(
        'seal/bad-chain-certificate',
        { index: chain.length + 1, detail: cause.message },
        { cause },
      );
    }
  }
  return chain;
}

function sameName(a: CertificateInfo['subject'], b: CertificateInfo['subject']): boolean {
  return a.rfc4514 === b.rfc4514;
}

/**
 * Checks that every chain certificate is a CA and issued the one below it, in order. When the last one is
 * self-signed, signatures are verified with it as the trust anchor (`'signatures'`); otherwise only the
 * issuer / subject names are linked (`'names'`), since no anchor is at hand.
 */
export async function checkSealChain(
  leaf: CertificateInfo,
  chain: CertificateInfo[],
): Promise<SealChainCheck> {
  chain.forEach((certificate, i) => {
    if (!certificate.basicConstraints?.ca) {
      throw new ShirushiError('seal/chain-not-ca', { index: i + 1, subject: certificate.subject.rfc4514 });
    }
  });
  const path = [leaf, ...chain];
  for (let i = 0; i + 1 < path.length; i++) {
    const below = path[i]!;
    const above = path[i + 1]!;
    if (!sameName(below.issuer, above.subject)) {
      throw new ShirushiError('seal/chain-order', {
        subject: below.subject.rfc4514,
        issuer: below.issuer.rfc4514,
        next: above.subject.rfc4514,
      });
    }
  }
  const root = chain[chain.length - 1];
  if (!root?.selfIssued) return 'names';
  // Validity periods are not the registry's business here (status reports expiry); check signatures and
  // CA constraints at a moment when the leaf is valid.
  const result = await verifyChain({
    leaf: leaf.der,
    intermediates: chain.slice(0, -1).map((c) => c.der),
    trustAnchors: [root.der],
    revocation: 'off',
    time: leaf.validity.notBefore,
  });
  const problems = result.problems.filter(
    (problem) =>
      !problem.warning && problem.code !== 'chain/expired' && problem.code !== 'chain/not-yet-valid',
  );
  if (problems.length > 0 || result.path.length !== path.length) {
    const detail = problems.map((problem) => problem.message.en).join(' ') || 'unexpected path';
    throw new ShirushiError('seal/chain-invalid', { detail });
  }
  return 'signatures';
}

/** Lowercase hex SHA-256 of the leaf DER; the same text as `CertificateInfo.fingerprints.sha256`. */
export function sealIdOf(leaf: CertificateInfo): string {
  return leaf.fingerprints.sha256.toLowerCase().replace(/[^0-9a-f]/g, '');
}

/** Builds the immutable record for one certificate, after checking brand, leaf and chain. */
export async function createSealRecord(options: CreateSealRecordOptions): Promise<SealRecord> {
  assertBrand(options.brand);
  const leaf = readLeaf(options.leaf);
  const chain = readChain(options.chain);
  await checkSealChain(leaf, chain);
  const crlDistributionPoints = [leaf, ...chain]
    .map((certificate, index) => ({
      certificate: index,
      urls: [...new Set(certificate.crlDistributionPoints.flatMap((point) => point.urls))],
    }))
    .filter((entry) => entry.urls.length > 0);
  const summary: SealSummary = {
    subject: leaf.subject.rfc4514,
    ...(leaf.subject.organization !== undefined ? { organization: leaf.subject.organization } : {}),
    dnsNames: [...leaf.subjectAltNames.dns],
    ipAddresses: [...leaf.subjectAltNames.ip],
    ...(leaf.validationLevel !== undefined ? { validationLevel: leaf.validationLevel } : {}),
    notBefore: leaf.validity.notBefore.toISOString(),
    notAfter: leaf.validity.notAfter.toISOString(),
    issuer: leaf.issuer.rfc4514,
  };
  return {
    version: 1,
    id: sealIdOf(leaf),
    brand: options.brand,
    leaf: base64Encode(leaf.der),
    chain: chain.map((certificate) => base64Encode(certificate.der)),
    crlDistributionPoints,
    summary,
    createdAt: (options.createdAt ?? new Date()).toISOString(),
  };
}

/**
 * The status file for a record from a revocation check of its leaf. Revocation wins over everything; then
 * the leaf's own validity at `checkedAt` (expired / not yet valid) wins over a good or unknown CRL answer.
 */
export function sealStatusFromResult(
  result: RevocationResult,
  checkedAt: Date,
  record: Pick<SealRecord, 'id' | 'summary'>,
): SealStatus {
  const time = checkedAt.getTime();
  let status: SealState;
  if (result.status === 'revoked') status = 'revoked';
  else if (time > Date.parse(record.summary.notAfter)) status = 'expired';
  else if (time < Date.parse(record.summary.notBefore)) status = 'not-yet-valid';
  else status = result.status;
  const crl = result.crl
    ? {
        ...(result.crl.number !== undefined ? { number: result.crl.number } : {}),
        thisUpdate: result.crl.thisUpdate.toISOString(),
        ...(result.crl.nextUpdate ? { nextUpdate: result.crl.nextUpdate.toISOString() } : {}),
        ...(result.crl.url !== undefined ? { url: result.crl.url } : {}),
      }
    : undefined;
  return {
    version: 1,
    id: record.id,
    status,
    ...(result.reason !== undefined ? { reason: result.reason } : {}),
    ...(result.revocationDate ? { revocationDate: result.revocationDate.toISOString() } : {}),
    ...(crl ? { crl } : {}),
    problems: [...new Set(result.problems.map((problem) => problem.code))],
    checkedAt: checkedAt.toISOString(),
  };
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

export interface EmbedSnippetOptions {
  id: string;
  /** Where the registry is served: `<baseUrl>/verify.html`, `<baseUrl>/marks/…`, `<baseUrl>/seals/…`. */
  baseUrl: string;
  /** Default: `<baseUrl>/seal.js`. */
  sealScriptUrl?: string;
  /** `sha384-…` of seal.js; left out (and must be added) when seal.js is not deployed yet. */
  integrity?: string;
  brand: SealBrand;
  /** Default `120x50`. */
  size?: SealSize;
}

const BRAND_NAMES: Record<SealBrand, string> = { secom: 'SECOM', jprs: 'JPRS', generic: 'shirushi' };

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ShirushiError('seal/bad-base-url', { url });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ShirushiError('seal/bad-base-url', { url });
  }
  return url;
}

/**
 * The HTML a site owner pastes: one external module script (with SRI) and the `<shirushi-seal>` element,
 * whose content is the no-JavaScript fallback: a plain link to the verification page with a sized image.
 */
export function embedSnippet(options: EmbedSnippetOptions): string {
  const { id, brand } = options;
  if (typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id)) throw new ShirushiError('seal/bad-id', { id });
  assertBrand(brand);
  const size = options.size ?? '120x50';
  if (!SEAL_SIZES.includes(size)) {
    throw new ShirushiError('seal/bad-size', { size: String(size), sizes: SEAL_SIZES.join(', ') });
  }
  const base = checkUrl(options.baseUrl).replace(/\/+$/, '');
  const script = checkUrl(options.sealScriptUrl ?? `${base}/seal.js`);
  const integrity = options.integrity;
  if (integrity !== undefined && !/^sha(256|384|512)-[A-Za-z0-9+/]+={0,2}$/.test(integrity)) {
    throw new ShirushiError('seal/bad-integrity', { integrity });
  }
  const [width, height] = size.split('x');
  const name = BRAND_NAMES[brand];
  const alt =
    `${name} サイトシール：検証ページを新しいタブで開きます / ` +
    `${name} site seal (opens the verification page in a new tab)`;
  const a = escapeHtml;
  return [
    `<script type="module" src="${a(script)}"${integrity ? ` integrity="${a(integrity)}"` : ''} crossorigin="anonymous"></script>`,
    `<shirushi-seal seal="${a(id)}">`,
    `  <a href="${a(`${base}/verify.html#${id}`)}" target="_blank" rel="noopener">` +
      `<img src="${a(`${base}/marks/${brand}-${size}.svg`)}" width="${width}" height="${height}" alt="${a(alt)}"></a>`,
    `</shirushi-seal>`,
  ].join('\n');
}
