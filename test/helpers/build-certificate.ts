import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/**
 * Builds and signs a certificate in the browser with pkijs and WebCrypto, for the inputs openssl will not
 * make: hostile subject strings, thousands of names, duplicate extensions.
 */
export interface CertificateSpec {
  /** [oid, value, string type]; type defaults to UTF8String. */
  subject?: Array<[string, string, ('utf8' | 'printable' | 'bmp' | 'ia5')?]>;
  dnsNames?: string[];
  /** Extensions added as given, after the SAN. */
  extensions?: pkijs.Extension[];
  /** Put all subject attributes into one multi-valued RDN. */
  multiValuedRdn?: boolean;
  notBefore?: Date;
  notAfter?: Date;
}

let keys: Promise<CryptoKeyPair> | undefined;

function signingKeys(): Promise<CryptoKeyPair> {
  keys ??= crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  return keys;
}

function directoryString(value: string, type: 'utf8' | 'printable' | 'bmp' | 'ia5' = 'utf8'): asn1js.AsnType {
  switch (type) {
    case 'printable':
      return new asn1js.PrintableString({ value });
    case 'bmp':
      return new asn1js.BmpString({ value });
    case 'ia5':
      return new asn1js.IA5String({ value });
    default:
      return new asn1js.Utf8String({ value });
  }
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
function rfc5280Time(value: Date): pkijs.Time {
  return new pkijs.Time({ type: value.getUTCFullYear() < 2050 ? 0 : 1, value });
}

export function sanExtension(dnsNames: string[]): pkijs.Extension {
  const names = new pkijs.GeneralNames({
    names: dnsNames.map((value) => new pkijs.GeneralName({ type: 2, value })),
  });
  return new pkijs.Extension({
    extnID: '2.5.29.17',
    critical: false,
    extnValue: names.toSchema().toBER(false),
  });
}

export async function buildCertificate(spec: CertificateSpec): Promise<Uint8Array> {
  const { privateKey, publicKey } = await signingKeys();
  const certificate = new pkijs.Certificate();
  certificate.version = 2;
  certificate.serialNumber = new asn1js.Integer({ value: 4242 });
  const subject = spec.subject ?? [['2.5.4.3', 'test.example.jp']];
  const attributes = subject.map(([type, value, kind]) =>
    new pkijs.AttributeTypeAndValue({ type, value: directoryString(value, kind) as never }).toSchema(),
  );
  // pkijs writes every attribute into one multi-valued RDN and re-parses with asn1js's default limits,
  // so the Name is built here: one RDN per attribute unless `multiValuedRdn` asks for one SET.
  const sets = spec.multiValuedRdn
    ? [new asn1js.Set({ value: attributes })]
    : attributes.map((attribute) => new asn1js.Set({ value: [attribute] }));
  const name = new asn1js.Sequence({ value: sets });
  certificate.subject = { toSchema: () => name } as unknown as pkijs.RelativeDistinguishedNames;
  certificate.issuer.typesAndValues.push(
    new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: 'Test CA' }) }),
  );
  certificate.notBefore = rfc5280Time(spec.notBefore ?? new Date('2026-01-01T00:00:00Z'));
  certificate.notAfter = rfc5280Time(spec.notAfter ?? new Date('2027-01-01T00:00:00Z'));
  certificate.extensions = [
    ...(spec.dnsNames ? [sanExtension(spec.dnsNames)] : []),
    ...(spec.extensions ?? []),
  ];
  await certificate.subjectPublicKeyInfo.importKey(publicKey);
  await certificate.sign(privateKey, 'SHA-256');
  return new Uint8Array(certificate.toSchema(true).toBER(false));
}
