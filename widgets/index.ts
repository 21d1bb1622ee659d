/**
 * shirushi web components. Importing this module registers every element.
 * @module shirushi/widgets
 */
export {
  ShirushiCertificateViewer,
  MAX_FILE_BYTES,
  type ParsedEventDetail,
  type ErrorEventDetail,
} from './certificate-viewer/certificate-viewer.js';
