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
export { sha1, sha256, sha384, sha512 } from './hash/sha.js';
export { scanDer, CERTIFICATE_LIMITS, type DerLimits, type DerScan } from './asn1/der.js';
export { parseCertificate, parseCertificates } from './certificate/parse.js';
export type * from './certificate/types.js';
export { matchesHostname, findHostnameMatch, type HostnameMatch } from './hostname/match.js';
export { toASCII, toUnicode } from './hostname/idna.js';
export { parseCrl, CRL_DEFAULT_MAX_BYTES, CRL_LABELS } from './crl/parse.js';
export type { CrlInfo, IssuingDistributionPoint, RevocationReason } from './crl/types.js';
export type { GeneralNameRef } from './names/general-name-keys.js';
export {
  checkRevocationHere,
  verifyCrl,
  DEFAULT_CLOCK_SKEW_SECONDS,
  type VerifyCrlOptions,
  type VerifiedCrl,
} from './path/check-revocation.js';
export { verifyChainHere } from './path/verify-chain.js';
export { checkRevocation, verifyChain } from './net/offloaded.js';
export type * from './revocation/types.js';
export type { ChainProblem, ChainPurpose, ChainResult, VerifyChainOptions } from './path/types.js';
export {
  fetchCrl,
  crlDownloadUrl,
  type FetchCrlOptions,
  type FetchedCrl,
  type CrlFetchProgress,
} from './net/crl-fetch.js';
export { clearCrlCache, closeCrlCache } from './net/crl-cache.js';
export {
  buildOcspRequest,
  OCSP_HASHES,
  type OcspCertificateInput,
  type OcspHash,
  type OcspRequestOptions,
} from './ocsp/cert-id.js';
export { parseOcspResponse, OCSP_LIMITS } from './ocsp/parse.js';
export { ocspStatus, type OcspSettings } from './ocsp/status.js';
export type {
  BasicOcspResponse,
  OcspCertId,
  OcspExtension,
  OcspResponderId,
  OcspResponse,
  OcspResponseStatus,
  OcspSingleResponse,
} from './ocsp/types.js';
export { fetchOcsp, ocspUrlOf, type FetchOcspOptions } from './net/ocsp-fetch.js';
export {
  configureOffload,
  offloadStatus,
  prepareOffloadWorker,
  terminateOffloadWorker,
  OFFLOAD_THRESHOLD_BYTES,
  type OffloadSettings,
  type OffloadStatus,
} from './net/offload.js';
export * from './keys/index.js';
export * from './csr/index.js';
export * from './lint/index.js';
export * from './seal/record.js';
export * from './pkcs12/index.js';
export * from './pkcs7/index.js';
export * from './lifecycle/index.js';
export * from './seal/state.js';
export * from './seal/verify.js';
export { SECOM_ROOTS, SECOM_ROOTS_SOURCE } from './seal/data/secom-roots.js';
export * from './vault/index.js';
export * from './token/index.js';
export * from './acme/index.js';
