// Hardware tokens (issue 7): APDU transports over WebUSB, WebHID and the Web Smart Card API, the PIV and
// OpenPGP card applications, and the TokenKey that lets createCsr sign on a card.
export {
  exchange,
  exchangeOk,
  encodeApdu,
  type ApduTransport,
  type CommandApdu,
  type ResponseApdu,
  type TransportKind,
} from './apdu.js';
export { availableTransports, type TransportAvailability } from './available.js';
export { requestTransport, DEVICE_FILTERS } from './request.js';
export { CcidTransport, type CcidOptions, type CcidReaderInfo } from './ccid.js';
export { T1Protocol } from './t1.js';
export { CanokeyTransport, type CanokeyOptions } from './canokey.js';
export { LedgerHidTransport, type LedgerHidOptions } from './ledger-hid.js';
export { SmartCardApiTransport, listSmartCardReaders, type SmartCardApiOptions } from './smart-card-api.js';
export {
  PivCard,
  PIV_SLOTS,
  defaultManagementKey,
  type PivSlot,
  type PivGeneratedKey,
  type ManagementKeyAlgorithm,
} from './piv.js';
export {
  OpenPgpCard,
  keyAttributes,
  parseKeyAttributes,
  type OpenPgpKey,
  type OpenPgpPassword,
  type OpenPgpPinStatus,
  type OpenPgpGeneratedKey,
} from './openpgp.js';
export type { PinStatus } from './pin.js';
export { CARD_KEY_TYPES, type CardKeyType } from './public-key.js';
export { ecdsaDerToRaw } from './signature.js';
export { hardwareTokenKey, type CardKeyReference, type HardwareTokenKeyOptions } from './hardware-key.js';
export {
  writeCertificateToToken,
  type CertificateWriteTarget,
  type WriteCertificateOptions,
  type WrittenCertificate,
} from './write-back.js';
