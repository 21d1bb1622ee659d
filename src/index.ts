/**
 * shirushi core: DOM-free certificate tooling that runs in browsers and in node 20+.
 * @module shirushi
 */
export { ShirushiError, isShirushiError } from './errors/shirushi-error.js';
export {
  strings,
  formatMessage,
  localize,
  pickLocale,
  LOCALES,
  type Locale,
  type LocalizedText,
  type MessageKey,
  type ErrorCode,
  type MessageParams,
} from './i18n/strings.js';
export { decodePem, encodePem, toDer, toDerList, type PemBlock, type DerInput } from './encoding/pem.js';
export { bytesToHex, hexToBytes, formatHex } from './encoding/hex.js';
export { base64Decode, base64Encode } from './encoding/base64.js';
export { sha1, sha256 } from './hash/sha.js';
export { scanDer, CERTIFICATE_LIMITS, type DerLimits, type DerScan } from './asn1/der.js';
export { parseCertificate, parseCertificates } from './certificate/parse.js';
export type * from './certificate/types.js';
export { matchesHostname, findHostnameMatch, type HostnameMatch } from './hostname/match.js';
export { toASCII, toUnicode } from './hostname/idna.js';
