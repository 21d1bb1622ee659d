import { childrenOf, elementBytes, readOidAt, TAG, type Tlv } from './reader.js';

/** An AlgorithmIdentifier as found in a certificate or CRL: the OID and the DER of its parameters. */
export interface AlgorithmRef {
  oid: string;
  parameters?: Uint8Array;
}

/** Reads an AlgorithmIdentifier element. */
export function readAlgorithmAt(bytes: Uint8Array, tlv: Tlv): AlgorithmRef {
  if (tlv.tag !== TAG.SEQUENCE) throw new TypeError('AlgorithmIdentifier is not a SEQUENCE');
  const [oid, parameters, extra] = childrenOf(bytes, tlv, 3);
  if (!oid || extra) throw new TypeError('AlgorithmIdentifier');
  const ref: AlgorithmRef = { oid: readOidAt(bytes, oid) };
  if (parameters) ref.parameters = elementBytes(bytes, parameters);
  return ref;
}
