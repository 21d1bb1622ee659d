import type * as asn1js from 'asn1js';

/** Raw content bytes of a primitive element. */
export function contentOf(node: asn1js.AsnType): Uint8Array {
  return (node.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
}
