/** Key pairs for the CSR studio: generation, encrypted PKCS#8 export and import, and the TokenKey adapter. */
export { webCryptoTokenKey, ecdsaRawToDer, type SignatureHash } from './token.js';
export { generateKeyPair, RSA_KEY_SIZES, EC_CURVES, type KeyGenerationSpec } from './generate.js';
export { exportPrivateKey } from './export.js';
export {
  importPrivateKey,
  importKeyPair,
  publicKeyFromPrivate,
  inspectPrivateKey,
  PRIVATE_KEY_MAX_BYTES,
  type ImportKeyOptions,
  type PrivateKeySummary,
} from './import.js';
export { PBKDF2_ITERATIONS, MAX_PBKDF2_ITERATIONS } from './pbes2.js';
export {
  storeKey,
  listKeys,
  getKey,
  deleteKey,
  closeKeyStore,
  requestPersistentStorage,
  toNonExtractable,
  keyLabel,
  describeKeyAlgorithm,
  KEY_STORE_DATABASE,
  type StoredKey,
  type StoredKeyAlgorithm,
  type StoreKeyInput,
} from './store.js';
