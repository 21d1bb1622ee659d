/** Distinguished names as shirushi shows them; the certificate model (src/certificate/types.ts) re-exports these. */
/** One attribute of a relative distinguished name, e.g. `CN=example.jp`. */
export interface NameAttribute {
  /** Dotted OID, e.g. `2.5.4.3`. */
  oid: string;
  /** Short name from RFC 4514 / RFC 4519 (`CN`, `O`, `L`, `ST`, `C`, ...) or the dotted OID when unknown. */
  shortName: string;
  /** The decoded text value (UTF8String, BMPString, PrintableString, IA5String, TeletexString, UniversalString). */
  value: string;
  /** The ASN.1 string type the value was encoded with, e.g. `UTF8String`. */
  encoding: string;
}

/** A distinguished name: RDNs in encoded order (most significant first), plus its RFC 4514 string. */
export interface DistinguishedName {
  /** Each RDN is a set of one or more attributes (multi-valued RDNs are rare but legal). */
  rdns: NameAttribute[][];
  /** RFC 4514 string: RDNs in reverse order, `,` separated, special characters escaped. */
  rfc4514: string;
  /** Convenience lookup of the first value of common attributes. */
  commonName?: string;
  organization?: string;
  country?: string;
}
