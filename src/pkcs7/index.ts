export { parsePkcs7Certificates, PKCS7_MAX_BYTES, PKCS7_LABELS } from './certificates.js';
export { normalizeBer } from './ber.js';
