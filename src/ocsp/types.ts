import type { AlgorithmRef } from '../asn1/algorithm.js';
import type { RevocationReason } from '../crl/types.js';

/** The responseStatus of an OCSPResponse (RFC 6960 section 4.2.1). */
export type OcspResponseStatus =
  'successful' | 'malformedRequest' | 'internalError' | 'tryLater' | 'sigRequired' | 'unauthorized';

/** A CertID: which certificate a request or single response is about. */
export interface OcspCertId {
  /** OID of the hash over the issuer's name and key. */
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  /** The serialNumber INTEGER contents, as encoded. */
  serial: Uint8Array;
}

export interface OcspExtension {
  oid: string;
  critical: boolean;
  /** The extnValue contents. */
  value: Uint8Array;
}

export interface OcspSingleResponse {
  certId: OcspCertId;
  status: 'good' | 'revoked' | 'unknown';
  revocationTime?: Date;
  /** When revoked and the responder gave a reason. */
  reason?: RevocationReason;
  thisUpdate: Date;
  nextUpdate?: Date;
  extensions: OcspExtension[];
}

/** Who signed the response: the DER of a Name, or the SHA-1 of the signer's public key (BIT STRING contents). */
export type OcspResponderId = { byName: Uint8Array } | { byKey: Uint8Array };

export interface BasicOcspResponse {
  /** The DER of tbsResponseData, which the signature covers. */
  tbsResponseData: Uint8Array;
  responderId: OcspResponderId;
  producedAt: Date;
  responses: OcspSingleResponse[];
  extensions: OcspExtension[];
  signatureAlgorithm: AlgorithmRef;
  signature: Uint8Array;
  /** Certificates the responder included (DER), normally its own delegated certificate. */
  certs: Uint8Array[];
}

export interface OcspResponse {
  status: OcspResponseStatus;
  /** Present when `status` is `successful`. */
  basic?: BasicOcspResponse;
}
