import { decodeDer } from '../asn1/der.js';
import {
  bitString,
  contextSpecific,
  integer,
  nullValue,
  octetString,
  oid,
  sequence,
  setOf,
  tlv,
  algorithmIdentifier,
  boolean,
} from '../asn1/writer.js';
import { EXTENSIONS } from '../certificate/oids.js';
import { readPublicKey } from '../certificate/public-key.js';
import type { PublicKeyInfo } from '../certificate/types.js';
import { verifySignature } from '../crypto/verify.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { toASCII, toUnicode } from '../hostname/idna.js';
import { canonicalIp, ipAddressBytes } from '../hostname/ip.js';
import { boundHash, checkHash, describe, webCryptoTokenKey, type SignatureHash } from '../keys/token.js';
import { CSR_LIMITS, CSR_OIDS, parseCsr } from './parse.js';
import type { CsrInfo, ProfileId, SubjectFields, TokenKey } from './types.js';

export interface CreateCsrOptions {
  /** A WebCrypto key pair (RSASSA-PKCS1-v1_5 or ECDSA) or a key that lives elsewhere (a hardware token). */
  keys: CryptoKeyPair | TokenKey;
  subject: SubjectFields;
  /** Host names, Unicode or ASCII; written as lowercase A-labels without a trailing dot. Blank entries are skipped. */
  dnsNames?: string[];
  /** IPv4 or IPv6 literals (IPv6 may be bracketed). Blank entries are skipped. */
  ipAddresses?: string[];
  /**
   * Signature hash. Defaults to the hash an RSA WebCrypto key was made for (SHA-256 for tokens), and to the
   * hash matched to the curve for ECDSA (P-256 SHA-256, P-384 SHA-384, P-521 SHA-512).
   */
  hash?: SignatureHash;
  /**
   * The CA profile the request is for. No profile adds extensions: key usage, extended key usage and basic
   * constraints are the CA's to set, so the request carries only subjectAltName. `lintCsr` checks the
   * request against the profile.
   */
  profile?: ProfileId;
}

export interface CreatedCsr {
  pem: string;
  der: Uint8Array;
  /** The request as `parseCsr` reads it, with `signatureValid` true (createCsr verifies what it signed). */
  info: CsrInfo;
}

const OID = {
  country: '2.5.4.6',
  state: '2.5.4.8',
  locality: '2.5.4.7',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  commonName: '2.5.4.3',
} as const;

/**
 * Subject attributes in the usual order, most significant first (C, ST, L, O, OU, CN), with the X.520
 * upper bounds (ub-common-name 64, ub-organization-name 64, ub-organizational-unit-name 64,
 * ub-locality-name 128, ub-state-name 128).
 */
const SUBJECT_ORDER: { field: keyof SubjectFields; short: string; oid: string; limit: number }[] = [
  { field: 'country', short: 'C', oid: OID.country, limit: 2 },
  { field: 'stateOrProvince', short: 'ST', oid: OID.state, limit: 128 },
  { field: 'locality', short: 'L', oid: OID.locality, limit: 128 },
  { field: 'organization', short: 'O', oid: OID.organization, limit: 64 },
  { field: 'organizationalUnit', short: 'OU', oid: OID.organizationalUnit, limit: 64 },
  { field: 'commonName', short: 'CN', oid: OID.commonName, limit: 64 },
];

const RSA_SIGNATURES: Record<SignatureHash, string> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};

const ECDSA_SIGNATURES: Record<SignatureHash, string> = {
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
};

const CURVE_HASHES: Record<string, SignatureHash> = {
  'P-256': 'SHA-256',
  'P-384': 'SHA-384',
  'P-521': 'SHA-512',
};

const UTF8_STRING = 0x0c;
const PRINTABLE_STRING = 0x13;
/** GeneralName dNSName [2] IA5String and iPAddress [7] OCTET STRING, both implicitly tagged. */
const dnsName = (name: string) => contextSpecific(2, false, ascii(name));
const ipAddress = (bytes: Uint8Array) => contextSpecific(7, false, bytes);

/** PrintableString's repertoire (X.680 41.4). */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;
/** Controls, format characters (bidi overrides, zero-width), lone surrogates and line/paragraph separators. */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const LDH_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const utf8 = new TextEncoder();
const ascii = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));

/**
 * One subject value. ASCII in PrintableString's repertoire is written as PrintableString, anything else as
 * UTF8String. RFC 5280 4.1.2.6 allows both; PrintableString is the narrowest type, the one every CA intake
 * system reads and the one the Japanese CAs' own certificates use for romanised names, and a value outside
 * it (a `&` or `*`, kanji) still gets the type that holds it. The country is always PrintableString
 * (X.520 defines it so). Whether multibyte text is acceptable is a profile question that `lintCsr` answers.
 */
function directoryString(value: string): Uint8Array {
  return PRINTABLE.test(value) ? tlv(PRINTABLE_STRING, ascii(value)) : tlv(UTF8_STRING, utf8.encode(value));
}

function cleanSubject(subject: SubjectFields): { oid: string; value: string; short: string }[] {
  const attributes: { oid: string; value: string; short: string }[] = [];
  for (const { field, short, oid: type, limit } of SUBJECT_ORDER) {
    const raw = subject[field];
    if (raw === undefined || raw === null) continue;
    const value = String(raw).trim().normalize('NFC');
    if (value === '') continue;
    if (FORBIDDEN.test(value)) throw new ShirushiError('csr/bad-subject', { field: short });
    if (field === 'country') {
      const country = value.toUpperCase();
      if (!/^[A-Z]{2}$/.test(country)) throw new ShirushiError('csr/bad-country', { value });
      attributes.push({ oid: type, value: country, short });
      continue;
    }
    const length = Array.from(value).length;
    if (length > limit) throw new ShirushiError('csr/subject-too-long', { field: short, length, limit });
    attributes.push({ oid: type, value, short });
  }
  return attributes;
}

/**
 * A host name as a certificate carries it: A-labels (IDNA via `toASCII`), lowercase, no trailing dot;
 * a wildcard only as the whole first label. Throws `csr/*` codes for anything else.
 */
export function normalizeDnsName(input: string): string {
  const name = input.trim();
  if (canonicalIp(name) !== undefined) throw new ShirushiError('csr/dns-name-is-ip', { name });
  let host = toASCII(name);
  if (host.endsWith('.')) host = host.slice(0, -1);
  const labels = host.split('.');
  if (labels.some((label, index) => label.includes('*') && (index > 0 || label !== '*'))) {
    throw new ShirushiError('csr/bad-wildcard', { name });
  }
  if (labels[0] === '*' && labels.length < 2) throw new ShirushiError('csr/bad-wildcard', { name });
  const bad = () => new ShirushiError('csr/bad-dns-name', { name });
  if (host.length === 0 || host.length > 253) throw bad();
  for (const [index, label] of labels.entries()) {
    if (index === 0 && label === '*') continue;
    if (!LDH_LABEL.test(label)) throw bad();
    // An A-label must decode to a valid U-label; toUnicode leaves malformed ones (and hidden characters) as is.
    if (label.startsWith('xn--') && toUnicode(label) === label) throw bad();
  }
  // A top-level domain is never all digits; such a name is a mistyped address.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) throw bad();
  return host;
}

function collectNames(dnsNames: readonly string[], ipAddresses: readonly string[]) {
  const dns: string[] = [];
  for (const input of dnsNames) {
    if (input.trim() === '') continue;
    const name = normalizeDnsName(input);
    if (!dns.includes(name)) dns.push(name);
  }
  const ips: { text: string; bytes: Uint8Array }[] = [];
  for (const input of ipAddresses) {
    const address = input.trim();
    if (address === '') continue;
    const text = canonicalIp(address);
    const bytes = ipAddressBytes(address);
    if (text === undefined || !bytes) throw new ShirushiError('csr/bad-ip-address', { address });
    if (!ips.some((ip) => ip.text === text)) ips.push({ text, bytes });
  }
  if (dns.length === 0 && ips.length === 0) throw new ShirushiError('csr/no-names');
  return { dns, ips };
}

/** The CN written exactly as the SAN it names (the BR require a character-for-character copy). */
function commonNameAsSan(value: string, dns: readonly string[], ips: readonly { text: string }[]): string {
  const ip = canonicalIp(value);
  if (ip !== undefined) return ips.some((entry) => entry.text === ip) ? ip : value;
  try {
    const host = normalizeDnsName(value);
    return dns.includes(host) ? host : value;
  } catch {
    return value;
  }
}

function isTokenKey(keys: CryptoKeyPair | TokenKey): keys is TokenKey {
  return typeof (keys as TokenKey).sign === 'function' && typeof (keys as TokenKey).spki === 'function';
}

function checkKey(token: TokenKey, key: PublicKeyInfo): void {
  if (token.algorithm === 'RSA' && key.algorithm === 'RSA') return;
  if (token.algorithm === 'ECDSA' && key.algorithm === 'EC' && key.curve && key.curve in CURVE_HASHES) return;
  const detail =
    key.algorithm === 'EC'
      ? `ECDSA ${key.curve ?? '?'}`
      : `${token.algorithm} key, ${key.algorithm} public key`;
  throw new ShirushiError('csr/unsupported-key', { detail });
}

function defaultHash(keys: CryptoKeyPair | TokenKey, key: PublicKeyInfo): SignatureHash {
  if (key.algorithm === 'EC') return CURVE_HASHES[key.curve ?? ''] ?? 'SHA-256';
  // A WebCrypto RSA key can only sign with the hash it was made for.
  const bound = isTokenKey(keys) ? undefined : keys.privateKey && boundHash(keys.privateKey);
  return bound === 'SHA-384' || bound === 'SHA-512' ? bound : 'SHA-256';
}

async function readTokenSpki(token: TokenKey): Promise<{ spki: Uint8Array; key: PublicKeyInfo }> {
  let spki: Uint8Array;
  try {
    spki = await token.spki();
  } catch (error) {
    if (error instanceof ShirushiError) throw error;
    throw new ShirushiError('csr/unsupported-key', { detail: describe(error) }, { cause: error });
  }
  try {
    return { spki, key: readPublicKey(decodeDer(spki, CSR_LIMITS)) };
  } catch (error) {
    throw new ShirushiError('csr/unsupported-key', { detail: `SubjectPublicKeyInfo: ${describe(error)}` });
  }
}

/**
 * Builds and signs a PKCS#10 v1 request: the subject in the usual order, and an extensionRequest with
 * subjectAltName only (DNS names as lowercase A-labels, then IP addresses). Signed with
 * sha256/384/512WithRSAEncryption (NULL parameters) or ecdsa-with-SHA256/384/512 (no parameters).
 *
 * A WebCrypto key pair is used through `webCryptoTokenKey`, so browser keys and tokens share this one path.
 * The signature is verified with the request's own public key before returning: a public key that is not
 * the private key's, or a token that signs in the wrong format, is refused with `csr/signature-mismatch`.
 * Nothing leaves the browser.
 */
export async function createCsr(options: CreateCsrOptions): Promise<CreatedCsr> {
  if (options.hash !== undefined) checkHash(options.hash);
  const { dns, ips } = collectNames(options.dnsNames ?? [], options.ipAddresses ?? []);
  const attributes = cleanSubject(options.subject ?? {});
  for (const attribute of attributes) {
    if (attribute.oid === OID.commonName) attribute.value = commonNameAsSan(attribute.value, dns, ips);
  }

  const keys = options.keys;
  if (!keys || typeof keys !== 'object') throw new ShirushiError('csr/unsupported-key', { detail: 'no key' });
  const token = isTokenKey(keys) ? keys : webCryptoTokenKey(keys, options.hash);
  if (token.algorithm !== 'RSA' && token.algorithm !== 'ECDSA') {
    throw new ShirushiError('csr/unsupported-key', { detail: String(token.algorithm) });
  }
  const { spki, key } = await readTokenSpki(token);
  checkKey(token, key);
  const hash = options.hash ?? defaultHash(keys, key);

  const subject = sequence(
    ...attributes.map((attribute) =>
      setOf(
        sequence(
          oid(attribute.oid),
          attribute.oid === OID.country
            ? tlv(PRINTABLE_STRING, ascii(attribute.value))
            : directoryString(attribute.value),
        ),
      ),
    ),
  );
  const generalNames = sequence(...dns.map(dnsName), ...ips.map((ip) => ipAddress(ip.bytes)));
  // RFC 5280 4.2.1.6: with an empty subject, the names are only in the SAN, which must then be critical.
  const critical = attributes.length === 0 ? [boolean(true)] : [];
  const extensionRequest = sequence(
    oid(CSR_OIDS.extensionRequest),
    setOf(sequence(sequence(oid(EXTENSIONS.subjectAltName), ...critical, octetString(generalNames)))),
  );
  const requestInfo = sequence(integer(0), subject, spki, contextSpecific(0, true, extensionRequest));

  const signatureOid = token.algorithm === 'RSA' ? RSA_SIGNATURES[hash] : ECDSA_SIGNATURES[hash];
  const parameters = token.algorithm === 'RSA' ? nullValue() : undefined;
  let signature: Uint8Array;
  try {
    signature = await token.sign(requestInfo, hash);
  } catch (error) {
    if (error instanceof ShirushiError) throw error;
    throw new ShirushiError('csr/signing-failed', { detail: describe(error) }, { cause: error });
  }
  if (!(signature instanceof Uint8Array) || signature.length === 0) {
    throw new ShirushiError('csr/signing-failed', { detail: 'the key returned no signature' });
  }
  const outcome = await verifySignature(
    spki,
    parameters ? { oid: signatureOid, parameters } : { oid: signatureOid },
    requestInfo,
    signature,
  );
  if (outcome === 'invalid') throw new ShirushiError('csr/signature-mismatch');

  const der = sequence(requestInfo, algorithmIdentifier(signatureOid, parameters), bitString(signature));
  const info = parseCsr(der);
  info.signatureValid = outcome === 'valid' ? true : undefined;
  return { pem: info.pem, der, info };
}
