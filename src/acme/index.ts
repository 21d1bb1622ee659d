/** ACME (RFC 8555) with External Account Binding: the client, its JWS, problems, reasons, store and flow. */
export { base64urlEncode, base64urlDecode } from './base64url.js';
export { jwkFromSpki, jwkThumbprint, canonicalJwk, type AcmeJwk } from './jwk.js';
export {
  acmeSigner,
  generateAccountKey,
  signJws,
  eabJws,
  type AcmeJwsAlg,
  type AcmeSigner,
  type FlattenedJws,
  type EabAlg,
  type ExternalAccountBinding,
} from './jws.js';
export {
  AcmeError,
  isAcmeError,
  problemCode,
  problemError,
  readProblem,
  ACME_ERROR_PREFIX,
  type AcmeProblem,
  type AcmeErrorExtras,
} from './problem.js';
export {
  REVOCATION_REASONS,
  SUBSCRIBER_REVOCATION_REASONS,
  isSubscriberReason,
  revocationReason,
  type RevocationReasonInfo,
  type RevocationReasonCode,
  type SubscriberReasonCode,
} from './reasons.js';
export {
  AcmeClient,
  checkCsrForOrder,
  parseLinks,
  parseRetryAfter,
  toIdentifier,
  MAX_JSON_BYTES,
  MAX_CHAIN_BYTES,
  MAX_POLL_WAIT_MS,
  type AcmeClientOptions,
  type AcmeDirectory,
  type AcmeAccount,
  type AcmeIdentifier,
  type AcmeOrder,
  type AcmeChallenge,
  type AcmeAuthorization,
  type ChallengeInstructions,
  type AcmeProgress,
  type DownloadedCertificate,
  type PollOptions,
} from './client.js';
export {
  saveAcmeAccount,
  listAcmeAccounts,
  getAcmeAccount,
  deleteAcmeAccount,
  saveAcmeIssuance,
  getAcmeIssuance,
  listAcmeIssuances,
  closeAcmeStore,
  ACME_STORE_DATABASE,
  type StoredAcmeAccount,
  type AcmeIssuance,
} from './store.js';
export { checkDirectoryUrl } from './directory-url.js';
export { orderCertificate, chainRoot, type OrderCertificateOptions, type OrderResult } from './flow.js';
