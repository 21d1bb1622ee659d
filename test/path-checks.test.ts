// Path validation checks beyond signatures and revocation: the trust anchor itself, name constraints with
// wildcards and malformed names, purpose (extended key usage), weak algorithms, and RFC 5280's encoding rules.
// Chains are made by openssl for each case; pkijs makes the few defects openssl refuses to write.
import { expect } from '@esm-bundle/chai';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseCertificate, verifyChain, type ChainResult, type VerifyChainOptions } from '../src/index.js';
import { checkSealChain } from '../src/seal/record.js';
import { openssl } from './harness/openssl.js';
import { buildCertificate } from './helpers/build-certificate.js';

const text = (base64: string) => atob(base64);

type KeyKind = 'ec' | 'rsa1024' | 'rsa2048';
const keyCache = new Map<string, Promise<string>>();

async function makeKey(kind: KeyKind): Promise<string> {
  const args =
    kind === 'ec'
      ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']
      : ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${kind === 'rsa1024' ? 1024 : 2048}`];
  const made = await openssl(['genpkey', ...args, '-out', 'out:k.pem']);
  expect(made.code, made.stderr).to.equal(0);
  return text(made.files['k.pem']!);
}

/** One key per subject name and kind: certificates of the same name in different cases can share it. */
function keyFor(kind: KeyKind, subject: string): Promise<string> {
  const id = `${kind} ${subject}`;
  let key = keyCache.get(id);
  if (!key) {
    key = makeKey(kind);
    keyCache.set(id, key);
  }
  return key;
}

interface Issued {
  pem: string;
  key: string;
}

interface CertificateSpec {
  subject: string;
  /** Lines of an openssl x509v3 extension section. */
  extensions: string[];
  issuer?: Issued;
  key?: KeyKind;
  days?: number;
  serial?: string;
  digest?: string;
}

let serials = 100;

/** One certificate made by `openssl req -x509`, self-signed or signed by `issuer`. */
async function makeCertificate(spec: CertificateSpec): Promise<Issued> {
  const key = await keyFor(spec.key ?? 'ec', spec.subject);
  const config = ['[req]', 'distinguished_name=dn', '[dn]', '[ext]', ...spec.extensions, ''].join('\n');
  const args = ['req', '-new', '-x509', '-key', 'k.pem', '-subj', spec.subject, '-config', 'c.cnf'];
  args.push('-extensions', 'ext', '-days', String(spec.days ?? 30), `-${spec.digest ?? 'sha256'}`);
  args.push('-set_serial', spec.serial ?? String(serials++), '-out', 'out:c.pem');
  const files: Record<string, string> = { 'k.pem': key, 'c.cnf': config };
  if (spec.issuer) {
    args.push('-CA', 'ca.pem', '-CAkey', 'ca.key');
    files['ca.pem'] = spec.issuer.pem;
    files['ca.key'] = spec.issuer.key;
  }
  const made = await openssl(args, { files });
  expect(made.code, made.stderr).to.equal(0);
  return { pem: text(made.files['c.pem']!), key };
}

const CA = ['basicConstraints=critical,CA:true', 'keyUsage=critical,keyCertSign,cRLSign'];
const SERVER = [
  'basicConstraints=critical,CA:false',
  'keyUsage=critical,digitalSignature',
  'extendedKeyUsage=serverAuth',
  'subjectAltName=DNS:www.example.com',
];

/** Root → intermediate → leaf with the given extension lines replacing the defaults of each. */
async function chain(
  leafLines: string[] = SERVER,
  caLines: string[] = CA,
  rootLines: string[] = CA,
  leafSpec: Partial<CertificateSpec> = {},
) {
  const root = await makeCertificate({ subject: '/CN=Path Checks Root', extensions: rootLines });
  const ca = await makeCertificate({ subject: '/CN=Path Checks CA', extensions: caLines, issuer: root });
  const leaf = await makeCertificate({
    subject: '/CN=www.example.com',
    extensions: leafLines,
    issuer: ca,
    ...leafSpec,
  });
  return { root, ca, leaf };
}

type Chain = Awaited<ReturnType<typeof chain>>;

function verify(built: Chain, options: Partial<VerifyChainOptions> = {}): Promise<ChainResult> {
  return verifyChain({
    leaf: built.leaf.pem,
    intermediates: [built.ca.pem],
    trustAnchors: [built.root.pem],
    revocation: 'off',
    ...options,
  });
}

const listed = (result: ChainResult) =>
  result.problems.map((p) => `${p.code}@${p.certificateIndex}${p.warning ? '(warning)' : ''}`).join(', ');

function expectValid(result: ChainResult): void {
  expect(result.valid, listed(result)).to.equal(true);
  expect(result.problems.filter((p) => !p.warning).map((p) => p.code)).to.deep.equal([]);
}

/** The chain fails, and a failing (not warning) problem `code` names certificate `index`. */
function expectFailure(result: ChainResult, index: number, code: string): void {
  expect(result.valid, listed(result)).to.equal(false);
  const found = result.problems.find((p) => p.code === code && !p.warning && p.certificateIndex === index);
  expect(found, `${code}@${index} in ${listed(result)}`).to.not.equal(undefined);
  expect(found!.message.en).to.not.match(/\{\w+\}/);
  expect(found!.message.ja).to.not.match(/\{\w+\}/);
  // One language at a time: a detail inside the Japanese text is Japanese too.
  expect(found!.message.ja).to.not.match(/\b(it|is|are|not|no|the|must) [a-z]/);
}

function expectWarning(result: ChainResult, index: number, code: string): void {
  expect(result.valid, listed(result)).to.equal(true);
  const found = result.problems.find((p) => p.code === code && p.certificateIndex === index);
  expect(found?.warning, `${code}@${index} as a warning in ${listed(result)}`).to.equal(true);
}

describe('verifyChain: the trust anchor is checked too', () => {
  it('fails when the anchor has expired, and passes while it is valid', async () => {
    const built = await chain(SERVER, CA, CA, {});
    const root = await makeCertificate({ subject: '/CN=Short Root', extensions: CA, days: 1 });
    const ca = await makeCertificate({ subject: '/CN=Long CA', extensions: CA, issuer: root, days: 30 });
    const leaf = await makeCertificate({ subject: '/CN=leaf', extensions: SERVER, issuer: ca, days: 30 });
    const shortLived = { root, ca, leaf };
    expectValid(await verify(shortLived));
    const later = new Date(Date.now() + 5 * 86_400_000);
    expectFailure(await verify(shortLived, { time: later }), 2, 'chain/expired');
    expectValid(await verify(built, { time: later }));
  });

  it('fails on an unknown critical extension in the anchor', async () => {
    const built = await chain(SERVER, CA, [...CA, '1.3.6.1.4.1.55555.1=critical,ASN1:NULL']);
    expectFailure(await verify(built), 2, 'chain/unknown-critical-extension');
    expectValid(await verify(await chain(SERVER, CA, [...CA, '1.3.6.1.4.1.55555.1=ASN1:NULL'])));
  });

  it('fails when the anchor is not a CA or may not sign certificates', async () => {
    const notCa = await chain(SERVER, CA, [
      'basicConstraints=critical,CA:false',
      'keyUsage=critical,keyCertSign',
    ]);
    expectFailure(await verify(notCa), 2, 'chain/not-a-ca');
    const noKeyCertSign = await chain(SERVER, CA, [
      'basicConstraints=critical,CA:true',
      'keyUsage=critical,cRLSign',
    ]);
    expectFailure(await verify(noKeyCertSign), 2, 'chain/key-usage');
  });

  it("applies the anchor's name constraints to every certificate below it", async () => {
    const constrained = [...CA, 'nameConstraints=critical,permitted;DNS:example.com'];
    const inside = await chain(SERVER, CA, constrained);
    expectValid(await verify(inside));
    const outside = await chain(
      [...SERVER.slice(0, 3), 'subjectAltName=DNS:www.example.org'],
      CA,
      constrained,
    );
    expectFailure(await verify(outside), 0, 'chain/name-constraints');
  });

  it('checks only the validity of a target that is itself an anchor', async () => {
    const root = await makeCertificate({
      subject: '/CN=Lone Root',
      extensions: ['basicConstraints=CA:false'],
      days: 1,
    });
    const alone = { leaf: root.pem, trustAnchors: [root.pem], revocation: 'off' as const };
    expectValid(await verifyChain(alone));
    expectFailure(
      await verifyChain({ ...alone, time: new Date(Date.now() + 5 * 86_400_000) }),
      0,
      'chain/expired',
    );
  });
});

const withSan = (san: string) => [...SERVER.slice(0, 3), `subjectAltName=${san}`];

describe('verifyChain: name constraints and names', () => {
  it('fails a wildcard that could stand for an excluded name', async () => {
    for (const excluded of ['bar.example.com', '.example.com', 'example.com']) {
      const built = await chain(withSan('DNS:*.example.com'), [
        ...CA,
        `nameConstraints=critical,excluded;DNS:${excluded}`,
      ]);
      expectFailure(await verify(built), 0, 'chain/name-constraints');
    }
    // A subtree two labels down is out of the wildcard's reach.
    const deeper = await chain(withSan('DNS:*.example.com'), [
      ...CA,
      'nameConstraints=critical,excluded;DNS:.bar.example.com',
    ]);
    expectValid(await verify(deeper));
  });

  it('fails a wildcard that could stand for a name outside the permitted subtrees', async () => {
    const narrow = await chain(withSan('DNS:*.example.com'), [
      ...CA,
      'nameConstraints=critical,permitted;DNS:bar.example.com',
    ]);
    expectFailure(await verify(narrow), 0, 'chain/name-constraints');
    const wide = await chain(withSan('DNS:*.example.com'), [
      ...CA,
      'nameConstraints=critical,permitted;DNS:example.com',
    ]);
    expectValid(await verify(wide, { hostname: 'foo.example.com' }));
  });

  it('never matches a host name against the subject CN', async () => {
    const cnOnly = await chain(SERVER.slice(0, 3));
    expectFailure(await verify(cnOnly, { hostname: 'www.example.com' }), 0, 'chain/hostname-mismatch');
    expectValid(await verify(await chain(), { hostname: 'www.example.com' }));
  });

  it('fails name constraints on a certificate that is not a CA', async () => {
    const built = await chain([...SERVER, 'nameConstraints=critical,permitted;DNS:example.com']);
    expectFailure(await verify(built), 0, 'chain/name-constraints-on-leaf');
  });

  it('fails a dNSName that is not a host name or a wildcard', async () => {
    for (const name of ['.example.com', 'a..b.example.com', 'a b.example.com', 'f*.example.com']) {
      const built = await chain(withSan(`DNS:www.example.com,DNS:${name}`));
      const result = await verify(built);
      expectFailure(result, 0, 'chain/malformed-name');
      expect(result.problems.find((p) => p.code === 'chain/malformed-name')?.params?.name).to.equal(name);
    }
  });

  it('fails an empty dNSName (made by pkijs: openssl will not write one)', async () => {
    const anchor = await pkijsAnchor();
    const leaf = await buildCertificate({
      subject: [['2.5.4.3', 'leaf']],
      dnsNames: ['www.example.com', ''],
    });
    expectFailure(
      await verifyChain({ leaf, trustAnchors: [anchor], revocation: 'off' }),
      0,
      'chain/malformed-name',
    );
  });

  it('fails constraint subtrees that are not names', async () => {
    for (const subtree of ['IP:10.0.0.0/255.0.255.0', 'DNS:exa mple.com']) {
      const built = await chain(SERVER, [...CA, `nameConstraints=critical,permitted;${subtree}`]);
      expectFailure(await verify(built), 1, 'chain/malformed-extension');
    }
    const fine = await chain(SERVER, [
      ...CA,
      'nameConstraints=critical,permitted;IP:10.0.0.0/255.0.0.0,permitted;DNS:example.com',
    ]);
    expectValid(await verify(fine));
  });

  it('fails empty name constraints and an iPAddress subtree of the wrong length (made by pkijs)', async () => {
    const anchor = await pkijsAnchor();
    const ipOfFive = new asn1js.Primitive({
      idBlock: { tagClass: 3, tagNumber: 7 },
      valueHex: new Uint8Array(5).buffer,
    });
    const subtree = new asn1js.Sequence({ value: [ipOfFive] });
    const cases = [
      new asn1js.Sequence({ value: [] }),
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [] })],
      }),
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [subtree] })],
      }),
    ];
    for (const value of cases) {
      const target = await buildCertificate({
        subject: [['2.5.4.3', 'Constrained CA']],
        extensions: [caExtension(), extension('2.5.29.30', value, true)],
      });
      const result = await verifyChain({ leaf: target, trustAnchors: [anchor], revocation: 'off' });
      expectFailure(result, 0, 'chain/malformed-extension');
      expect(result.problems.find((p) => p.code === 'chain/malformed-extension')?.params?.extension).to.equal(
        'nameConstraints',
      );
    }
  });
});

describe('verifyChain: malformed policy extensions', () => {
  it('fails an empty policyConstraints and an empty policyMappings at the certificate, naming the extension (made by pkijs)', async () => {
    const anchor = await pkijsAnchor();
    const cases: Array<[string, string, asn1js.AsnType]> = [
      ['2.5.29.36', 'policyConstraints', new asn1js.Sequence({ value: [] })],
      ['2.5.29.33', 'policyMappings', new asn1js.Sequence({ value: [] })],
    ];
    for (const [oid, name, value] of cases) {
      const target = await buildCertificate({
        subject: [['2.5.4.3', 'Policy CA']],
        extensions: [caExtension(), extension(oid, value, true)],
      });
      const result = await verifyChain({ leaf: target, trustAnchors: [anchor], revocation: 'off' });
      expectFailure(result, 0, 'chain/malformed-extension');
      expect(result.problems.find((p) => p.code === 'chain/malformed-extension')?.params?.extension).to.equal(
        name,
      );
    }
  });
});

function extension(extnID: string, value: asn1js.AsnType, critical = false): pkijs.Extension {
  return new pkijs.Extension({ extnID, critical, extnValue: value.toBER(false) });
}

const caExtension = () =>
  extension('2.5.29.19', new asn1js.Sequence({ value: [new asn1js.Boolean({ value: true })] }), true);

/** The self-signed "Test CA" that buildCertificate's certificates name as their issuer (same key). */
function pkijsAnchor(): Promise<Uint8Array> {
  return buildCertificate({ subject: [['2.5.4.3', 'Test CA']], extensions: [caExtension()] });
}

describe('verifyChain: purpose', () => {
  it('needs serverAuth (or no extendedKeyUsage) on a TLS server leaf', async () => {
    const clientOnly = await chain([...SERVER.slice(0, 2), 'extendedKeyUsage=clientAuth', SERVER[3]!]);
    expectFailure(await verify(clientOnly, { hostname: 'www.example.com' }), 0, 'chain/extended-key-usage');
    expectFailure(await verify(clientOnly, { purpose: 'tls-server' }), 0, 'chain/extended-key-usage');
    expectValid(await verify(clientOnly));
    expectValid(await verify(clientOnly, { purpose: 'tls-client' }));
    expectValid(await verify(await chain([SERVER[0]!, SERVER[3]!]), { hostname: 'www.example.com' }));
  });

  it('takes anyExtendedKeyUsage on the leaf as every purpose', async () => {
    const any = await chain([...SERVER.slice(0, 2), 'extendedKeyUsage=anyExtendedKeyUsage', SERVER[3]!]);
    expectValid(await verify(any, { hostname: 'www.example.com' }));
    expectValid(await verify(any, { purpose: 'code-signing' }));
  });

  it('needs key usage that fits the purpose', async () => {
    const nonRepudiation = await chain([
      SERVER[0]!,
      'keyUsage=critical,nonRepudiation',
      SERVER[2]!,
      SERVER[3]!,
    ]);
    expectFailure(
      await verify(nonRepudiation, { hostname: 'www.example.com' }),
      0,
      'chain/extended-key-usage',
    );
    const encipherment = await chain([
      SERVER[0]!,
      'keyUsage=critical,keyEncipherment',
      SERVER[2]!,
      SERVER[3]!,
    ]);
    expectValid(await verify(encipherment, { hostname: 'www.example.com' }));
  });

  it('accepts the document signing purposes and refuses others', async () => {
    for (const eku of [
      '1.3.6.1.5.5.7.3.36',
      'emailProtection',
      '1.2.840.113583.1.1.5',
      '1.3.6.1.4.1.311.10.3.12',
    ]) {
      const built = await chain([SERVER[0]!, 'keyUsage=critical,nonRepudiation', `extendedKeyUsage=${eku}`]);
      expectValid(await verify(built, { purpose: 'document-signing' }));
    }
    const server = await chain([
      SERVER[0]!,
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
    ]);
    expectFailure(await verify(server, { purpose: 'document-signing' }), 0, 'chain/extended-key-usage');
    const encipherOnly = await chain([
      SERVER[0]!,
      'keyUsage=critical,keyEncipherment',
      'extendedKeyUsage=1.3.6.1.5.5.7.3.36',
    ]);
    expectFailure(await verify(encipherOnly, { purpose: 'document-signing' }), 0, 'chain/extended-key-usage');
  });

  it('needs the purpose in the extendedKeyUsage of a CA that carries one', async () => {
    const clientCa = await chain(SERVER, [...CA, 'extendedKeyUsage=clientAuth']);
    const result = await verify(clientCa, { hostname: 'www.example.com' });
    expectFailure(result, 1, 'chain/extended-key-usage');
    expect(
      result.problems.some((p) => p.code === 'chain/extended-key-usage' && p.certificateIndex === 0),
    ).to.equal(false);
    expectValid(
      await verify(await chain(SERVER, [...CA, 'extendedKeyUsage=serverAuth,clientAuth']), {
        hostname: 'www.example.com',
      }),
    );
  });

  it('fails an extendedKeyUsage that lists nothing (made by pkijs)', async () => {
    const anchor = await pkijsAnchor();
    const leaf = await buildCertificate({
      subject: [['2.5.4.3', 'leaf']],
      dnsNames: ['www.example.com'],
      extensions: [extension('2.5.29.37', new asn1js.Sequence({ value: [] }))],
    });
    const result = await verifyChain({ leaf, trustAnchors: [anchor], revocation: 'off' });
    expectFailure(result, 0, 'chain/malformed-extension');
    const good = await buildCertificate({ subject: [['2.5.4.3', 'leaf']], dnsNames: ['www.example.com'] });
    expectValid(await verifyChain({ leaf: good, trustAnchors: [anchor], revocation: 'off' }));
  });
});

describe('verifyChain: weak algorithms', () => {
  it('fails a SHA-1 signature unless it is allowed', async () => {
    const built = await chain(SERVER, CA, CA, { digest: 'sha1' });
    const result = await verify(built);
    expectFailure(result, 0, 'chain/weak-signature-algorithm');
    expect(
      result.problems.find((p) => p.code === 'chain/weak-signature-algorithm')?.params?.algorithm,
    ).to.equal('ecdsa-with-SHA1');
    expectValid(await verify(built, { weakAlgorithms: { allowSignatures: ['ecdsa-with-SHA1'] } }));
    expectFailure(
      await verify(built, { weakAlgorithms: { allowSignatures: ['sha1WithRSAEncryption'] } }),
      0,
      'chain/weak-signature-algorithm',
    );
  });

  it("ignores the anchor's own SHA-1 self-signature", async () => {
    const root = await makeCertificate({
      subject: '/CN=SHA-1 Root',
      extensions: CA,
      digest: 'sha1',
      key: 'rsa2048',
    });
    const ca = await makeCertificate({ subject: '/CN=SHA-256 CA', extensions: CA, issuer: root });
    const leaf = await makeCertificate({ subject: '/CN=leaf', extensions: SERVER, issuer: ca });
    expectValid(await verify({ root, ca, leaf }));
  });

  it('fails RSA keys under 2048 bits, the anchor included', async () => {
    const smallLeaf = await chain(SERVER, CA, CA, { key: 'rsa1024' });
    const result = await verify(smallLeaf);
    expectFailure(result, 0, 'chain/weak-key');
    expect(result.problems.find((p) => p.code === 'chain/weak-key')?.params?.bits).to.equal(1024);
    expectValid(await verify(smallLeaf, { weakAlgorithms: { minRsaBits: 1024 } }));

    const root = await makeCertificate({ subject: '/CN=Small Root', extensions: CA, key: 'rsa1024' });
    const ca = await makeCertificate({ subject: '/CN=Under Small Root', extensions: CA, issuer: root });
    const leaf = await makeCertificate({ subject: '/CN=leaf', extensions: SERVER, issuer: ca });
    expectFailure(await verify({ root, ca, leaf }), 2, 'chain/weak-key');
  });
});

describe('verifyChain: key usage and encoding rules', () => {
  it('fails keyCertSign on a certificate that is not a CA', async () => {
    const built = await chain([SERVER[0]!, 'keyUsage=critical,digitalSignature,keyCertSign', SERVER[3]!]);
    expectFailure(await verify(built), 0, 'chain/key-cert-sign-without-ca');
  });

  it('fails a critical authorityInfoAccess', async () => {
    const critical = await chain([
      ...SERVER,
      'authorityInfoAccess=critical,caIssuers;URI:http://ca.example.com/ca.crt',
    ]);
    expectFailure(await verify(critical), 0, 'chain/malformed-extension');
    const plain = await chain([...SERVER, 'authorityInfoAccess=caIssuers;URI:http://ca.example.com/ca.crt']);
    expectValid(await verify(plain));
  });

  it('fails a serial number that is zero or longer than 20 octets', async () => {
    expectFailure(await verify(await chain(SERVER, CA, CA, { serial: '0' })), 0, 'chain/bad-serial');
    const long = `0x01${'23'.repeat(20)}`;
    expectFailure(await verify(await chain(SERVER, CA, CA, { serial: long })), 0, 'chain/bad-serial');
    expectValid(await verify(await chain(SERVER, CA, CA, { serial: `0x7f${'23'.repeat(19)}` })));
  });

  it('warns about a negative serial number and fails it in strict mode', async () => {
    const built = await chain(SERVER, CA, CA, { serial: '-5' });
    expectWarning(await verify(built), 0, 'chain/bad-serial');
    expectFailure(await verify(built, { strict: true }), 0, 'chain/bad-serial');
    expectValid(await verify(await chain(), { strict: true }));
  });

  it('warns about missing key identifiers and fails them in strict mode', async () => {
    const noAki = await chain([...SERVER, 'authorityKeyIdentifier=none']);
    expectWarning(await verify(noAki), 0, 'chain/missing-key-identifier');
    expectFailure(await verify(noAki, { strict: true }), 0, 'chain/missing-key-identifier');
    const issuerOnly = await chain([...SERVER, 'authorityKeyIdentifier=issuer:always']);
    expectFailure(await verify(issuerOnly, { strict: true }), 0, 'chain/missing-key-identifier');
    const noSki = await chain(SERVER, [...CA, 'subjectKeyIdentifier=none']);
    const result = await verify(noSki, { strict: true });
    expectFailure(result, 1, 'chain/missing-key-identifier');
    expect(result.problems.find((p) => p.certificateIndex === 1)?.params?.which).to.equal(
      'subjectKeyIdentifier',
    );
  });

  it('lets a seal chain with only warnings through', async () => {
    const built = await chain(SERVER, CA, CA, { serial: '-5' });
    const [leaf, ca, root] = [built.leaf, built.ca, built.root].map((item) => parseCertificate(item.pem));
    expect(await checkSealChain(leaf!, [ca!, root!])).to.equal('signatures');
  });

  it('marks unknown revocation in prefer mode as a warning', async () => {
    const result = await verify(await chain(), { revocation: 'prefer' });
    expectWarning(result, 0, 'chain/revocation-unknown');
    expectWarning(result, 1, 'chain/revocation-unknown');
    expectFailure(await verify(await chain(), { revocation: 'require' }), 0, 'chain/revocation-unknown');
  });
});
