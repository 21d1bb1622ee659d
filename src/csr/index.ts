/** The CSR studio's core: PKCS#10 requests built from a WebCrypto key pair or a token key, and read back. */
export { createCsr, normalizeDnsName, type CreateCsrOptions, type CreatedCsr } from './build.js';
export { parseCsr, verifyCsr, CSR_LABELS, CSR_LIMITS } from './parse.js';
export type * from './types.js';
export { PROFILE_IDS } from './types.js';
