export { importPkcs12, type ImportPkcs12Options, type ImportedPkcs12 } from './import.js';
export {
  exportPkcs12,
  PKCS12_ITERATIONS,
  PKCS12_LEGACY_ITERATIONS,
  type ExportPkcs12Options,
} from './export.js';
export {
  readPkcs12,
  PKCS12_MAX_BYTES,
  type Pkcs12Contents,
  type Pkcs12KeyEntry,
  type Pkcs12CertificateEntry,
  type Pkcs12BagAttributes,
} from './read.js';
export { MAX_PKCS12_KDF_ITERATIONS } from './pbe.js';
