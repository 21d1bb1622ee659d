import { expect } from '@esm-bundle/chai';
import { contextSpecific, integer, octetString, oid, sequence, setOf, tlv } from '../src/asn1/writer.js';
import { base64Decode, base64Encode, decodePem } from '../src/index.js';
import {
  createCsr,
  parseCsr,
  verifyCsr,
  type CsrInfo,
  type SubjectFields,
  type TokenKey,
} from '../src/csr/index.js';
import { expectCode } from './helpers/der.js';
import { openssl } from './harness/openssl.js';

type Hash = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** A Japanese OV profile subject: ASCII only, prefecture romanised, C=JP. */
const JP_SUBJECT: SubjectFields = {
  country: 'JP',
  stateOrProvince: 'Tokyo',
  locality: 'Chiyoda-ku',
  organization: 'Shirushi Co., Ltd.',
  commonName: 'www.example.jp',
};
const JP_SUBJECT_RFC4514 = 'CN=www.example.jp,O=Shirushi Co.\\, Ltd.,L=Chiyoda-ku,ST=Tokyo,C=JP';
const DNS_NAMES = ['www.example.jp', '*.例え.jp', '例え.jp'];
const DNS_A_LABELS = ['www.example.jp', '*.xn--r8jz45g.jp', 'xn--r8jz45g.jp'];
const IP_ADDRESSES = ['192.0.2.10', '2001:DB8::10'];

const keyCache = new Map<string, Promise<CryptoKeyPair>>();

function rsaKeys(size: number, hash: Hash = 'SHA-256'): Promise<CryptoKeyPair> {
  const id = `rsa${size}${hash}`;
  let keys = keyCache.get(id);
  if (!keys) {
    keys = crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: size,
        publicExponent: Uint8Array.of(1, 0, 1),
        hash,
      },
      false,
      ['sign', 'verify'],
    );
    keyCache.set(id, keys);
  }
  return keys;
}

function ecKeys(curve: 'P-256' | 'P-384'): Promise<CryptoKeyPair> {
  let keys = keyCache.get(curve);
  if (!keys) {
    keys = crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, false, ['sign', 'verify']);
    keyCache.set(curve, keys);
  }
  return keys;
}

/** Expects the promise to reject with a ShirushiError carrying `code` and both languages. */
async function expectRejects(promise: Promise<unknown>, code: string): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (caught) {
    error = caught;
  }
  expectCode(() => {
    if (error) throw error;
  }, code);
}

async function opensslVerifies(pem: string): Promise<void> {
  const result = await openssl(['req', '-verify', '-noout', '-in', 'x.csr'], { files: { 'x.csr': pem } });
  expect(result.code, result.stderr).to.equal(0);
  expect(result.stdout + result.stderr).to.include('verify OK');
}

/** What `openssl req -noout -text` says about the subject, SANs and signature algorithm. */
async function opensslText(pem: string) {
  const result = await openssl(
    ['req', '-noout', '-text', '-nameopt', 'RFC2253', '-nameopt', '-esc_msb', '-in', 'x.csr'],
    { files: { 'x.csr': pem } },
  );
  expect(result.code, result.stderr).to.equal(0);
  const text = result.stdout;
  const subject = /Subject: ?(.*)/.exec(text)?.[1]?.trim() ?? '';
  const sanLine = /X509v3 Subject Alternative Name: ?(critical)?\s*\n\s*(.*)/.exec(text);
  const sans = sanLine?.[2]?.split(', ').map((entry) => entry.trim()) ?? [];
  const signature = /Signature Algorithm: (.*)/.exec(text)?.[1]?.trim();
  return { text, subject, sans, sanCritical: sanLine?.[1] === 'critical', signature };
}

/** openssl 3.0 prints IPv6 SANs uncompressed and in upper case. */
function opensslIp(text: string): string {
  if (!text.includes(':')) return text;
  const [head = '', tail = ''] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...new Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => group.replace(/^0+(?=.)/, '').toUpperCase()).join(':');
}

const SIGNATURE_NAMES: Record<string, Record<Hash, string>> = {
  RSA: {
    'SHA-256': 'sha256WithRSAEncryption',
    'SHA-384': 'sha384WithRSAEncryption',
    'SHA-512': 'sha512WithRSAEncryption',
  },
  EC: { 'SHA-256': 'ecdsa-with-SHA256', 'SHA-384': 'ecdsa-with-SHA384', 'SHA-512': 'ecdsa-with-SHA512' },
};

interface KeyCase {
  name: string;
  keys: () => Promise<CryptoKeyPair>;
  hash?: Hash;
  /** The hash the CSR should end up signed with. */
  expectHash: Hash;
  algorithm: 'RSA' | 'EC';
  size: number;
}

const KEY_CASES: KeyCase[] = [
  {
    name: 'RSA 2048 SHA-256',
    keys: () => rsaKeys(2048),
    hash: 'SHA-256',
    expectHash: 'SHA-256',
    algorithm: 'RSA',
    size: 2048,
  },
  {
    name: 'RSA 2048 SHA-384',
    keys: () => rsaKeys(2048, 'SHA-384'),
    hash: 'SHA-384',
    expectHash: 'SHA-384',
    algorithm: 'RSA',
    size: 2048,
  },
  {
    name: 'RSA 2048 SHA-512 (hash from the key)',
    keys: () => rsaKeys(2048, 'SHA-512'),
    expectHash: 'SHA-512',
    algorithm: 'RSA',
    size: 2048,
  },
  {
    name: 'RSA 3072 SHA-256',
    keys: () => rsaKeys(3072),
    expectHash: 'SHA-256',
    algorithm: 'RSA',
    size: 3072,
  },
  {
    name: 'RSA 4096 SHA-256',
    keys: () => rsaKeys(4096),
    hash: 'SHA-256',
    expectHash: 'SHA-256',
    algorithm: 'RSA',
    size: 4096,
  },
  {
    name: 'P-256 default hash',
    keys: () => ecKeys('P-256'),
    expectHash: 'SHA-256',
    algorithm: 'EC',
    size: 256,
  },
  {
    name: 'P-256 SHA-384',
    keys: () => ecKeys('P-256'),
    hash: 'SHA-384',
    expectHash: 'SHA-384',
    algorithm: 'EC',
    size: 256,
  },
  {
    name: 'P-256 SHA-512',
    keys: () => ecKeys('P-256'),
    hash: 'SHA-512',
    expectHash: 'SHA-512',
    algorithm: 'EC',
    size: 256,
  },
  {
    name: 'P-384 default hash',
    keys: () => ecKeys('P-384'),
    expectHash: 'SHA-384',
    algorithm: 'EC',
    size: 384,
  },
  {
    name: 'P-384 SHA-512',
    keys: () => ecKeys('P-384'),
    hash: 'SHA-512',
    expectHash: 'SHA-512',
    algorithm: 'EC',
    size: 384,
  },
];

describe('createCsr: openssl accepts every CSR we make', function () {
  // RSA 4096 key generation takes seconds in some browsers.
  this.timeout(120_000);

  for (const keyCase of KEY_CASES) {
    it(`${keyCase.name}: Japanese subject, wildcard, IDN and IP SANs`, async () => {
      const keys = await keyCase.keys();
      const { pem, der, info } = await createCsr({
        keys,
        subject: JP_SUBJECT,
        dnsNames: DNS_NAMES,
        ipAddresses: IP_ADDRESSES,
        ...(keyCase.hash && { hash: keyCase.hash }),
        profile: 'jprs-ov',
      });
      expect(decodePem(pem)[0]!.label).to.equal('CERTIFICATE REQUEST');
      expect(Array.from(decodePem(pem)[0]!.der)).to.deep.equal(Array.from(der));
      expect(info.signatureValid).to.equal(true);
      expect(info.version).to.equal(0);
      expect(info.publicKey).to.include({ algorithm: keyCase.algorithm, size: keyCase.size });
      expect(info.signatureAlgorithm.name).to.equal(SIGNATURE_NAMES[keyCase.algorithm]![keyCase.expectHash]);
      expect(info.subject.rfc4514).to.equal(JP_SUBJECT_RFC4514);
      expect(info.subjectAltNames.dns).to.deep.equal(DNS_A_LABELS);
      expect(info.subjectAltNames.ip).to.deep.equal(['192.0.2.10', '2001:db8::10']);
      // Only the SAN is requested: key usage, EKU and basic constraints are the CA's to set.
      expect(info.extensions.map((extension) => extension.oid)).to.deep.equal(['2.5.29.17']);
      expect(info.attributes).to.deep.equal([]);

      await opensslVerifies(pem);
      const shown = await opensslText(pem);
      expect(shown.subject).to.equal(JP_SUBJECT_RFC4514);
      expect(shown.sans).to.deep.equal([
        ...DNS_A_LABELS.map((name) => `DNS:${name}`),
        ...['192.0.2.10', '2001:db8::10'].map((ip) => `IP Address:${opensslIp(ip)}`),
      ]);
      expect(shown.sanCritical).to.equal(false);
      expect(shown.signature).to.equal(SIGNATURE_NAMES[keyCase.algorithm]![keyCase.expectHash]);
      // RSA signatures carry NULL parameters, ECDSA none.
      const asn1 = await openssl(['asn1parse', '-in', 'x.csr'], { files: { 'x.csr': pem } });
      const tail = asn1.stdout.trim().split('\n').slice(-3).join('\n');
      if (keyCase.algorithm === 'RSA') expect(tail).to.match(/WithRSAEncryption\s*\n.*NULL/);
      else expect(tail).not.to.include('NULL');
    });
  }

  it('writes C as PrintableString, ASCII as PrintableString and anything else as UTF8String', async () => {
    const { pem, info } = await createCsr({
      keys: await ecKeys('P-256'),
      subject: {
        country: 'jp',
        stateOrProvince: '東京都',
        locality: 'Chiyoda-ku',
        organization: 'AT&T Japan',
        organizationalUnit: 'Web',
        commonName: '*.example.jp',
      },
      dnsNames: ['*.example.jp'],
    });
    expect(info.subject.rdns.flat().map((a) => [a.shortName, a.value, a.encoding])).to.deep.equal([
      ['C', 'JP', 'PrintableString'],
      ['ST', '東京都', 'UTF8String'],
      ['L', 'Chiyoda-ku', 'PrintableString'],
      ['O', 'AT&T Japan', 'UTF8String'],
      ['OU', 'Web', 'PrintableString'],
      ['CN', '*.example.jp', 'UTF8String'],
    ]);
    await opensslVerifies(pem);
    const shown = await opensslText(pem);
    expect(shown.subject).to.equal('CN=*.example.jp,OU=Web,O=AT&T Japan,L=Chiyoda-ku,ST=東京都,C=JP');
    const asn1 = await openssl(['asn1parse', '-in', 'x.csr'], { files: { 'x.csr': pem } });
    expect(asn1.stdout).to.match(/PRINTABLESTRING\s+:JP/);
    expect(asn1.stdout).to.match(/UTF8STRING\s+:AT&T Japan/);
  });

  it('normalises names: A-labels, lowercase, no trailing dot, no duplicates, CN written as its SAN', async () => {
    const { pem, info } = await createCsr({
      keys: await ecKeys('P-256'),
      subject: { commonName: ' 例え.JP. ' },
      dnsNames: [' WWW.Example.JP. ', 'ｗｗｗ．例え。ｊｐ', '', 'www.example.jp', '例え.jp'],
      ipAddresses: ['[2001:DB8:0:0:0:0:0:1]', '2001:db8::1', '  ', '192.0.2.1'],
    });
    expect(info.subject.commonName).to.equal('xn--r8jz45g.jp');
    expect(info.subjectAltNames.dns).to.deep.equal([
      'www.example.jp',
      'www.xn--r8jz45g.jp',
      'xn--r8jz45g.jp',
    ]);
    expect(info.subjectAltNames.ip).to.deep.equal(['2001:db8::1', '192.0.2.1']);
    await opensslVerifies(pem);
    expect((await opensslText(pem)).sans).to.deep.equal([
      'DNS:www.example.jp',
      'DNS:www.xn--r8jz45g.jp',
      'DNS:xn--r8jz45g.jp',
      'IP Address:2001:DB8:0:0:0:0:0:1',
      'IP Address:192.0.2.1',
    ]);
  });

  it('leaves a CN that is not one of the SANs as typed (lint reports it)', async () => {
    const { info } = await createCsr({
      keys: await ecKeys('P-256'),
      subject: { commonName: 'Shirushi Web' },
      dnsNames: ['example.jp'],
    });
    expect(info.subject.commonName).to.equal('Shirushi Web');
  });

  it('marks the SAN critical when the subject is empty (RFC 5280 4.2.1.6)', async () => {
    const { pem, info } = await createCsr({
      keys: await ecKeys('P-384'),
      subject: {},
      dnsNames: ['example.jp'],
    });
    expect(info.subject.rdns).to.deep.equal([]);
    expect(info.extensions[0]!.critical).to.equal(true);
    await opensslVerifies(pem);
    const shown = await opensslText(pem);
    expect(shown.sanCritical).to.equal(true);
    expect(shown.sans).to.deep.equal(['DNS:example.jp']);
  });
});

/** A key "on a token": any object that gives its SPKI and signs, here over a WebCrypto ECDSA key. */
function fakeToken(keys: CryptoKeyPair, options: { rawSignatures?: boolean } = {}) {
  const calls: { data: Uint8Array; hash: string }[] = [];
  const token: TokenKey & { calls: typeof calls } = {
    algorithm: 'ECDSA',
    label: 'Test token, slot 0',
    calls,
    async spki() {
      return new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    },
    async sign(data, hash) {
      calls.push({ data: data.slice(), hash });
      const raw = new Uint8Array(
        await crypto.subtle.sign({ name: 'ECDSA', hash }, keys.privateKey, data as BufferSource),
      );
      if (options.rawSignatures) return raw;
      // DER ECDSA-Sig-Value, written here independently of the library.
      const half = raw.length / 2;
      const derInteger = (bytes: Uint8Array) => {
        let start = 0;
        while (start < bytes.length - 1 && bytes[start] === 0) start++;
        const trimmed = bytes.subarray(start);
        const body = trimmed[0]! >= 0x80 ? Uint8Array.from([0, ...trimmed]) : trimmed;
        return Uint8Array.from([0x02, body.length, ...body]);
      };
      const r = derInteger(raw.subarray(0, half));
      const s = derInteger(raw.subarray(half));
      const length = r.length + s.length;
      return Uint8Array.from([0x30, ...(length >= 0x80 ? [0x81, length] : [length]), ...r, ...s]);
    },
  };
  return token;
}

describe('createCsr with a TokenKey', () => {
  it('builds the same kind of CSR through a token-shaped key, which signs the CertificationRequestInfo', async () => {
    const token = fakeToken(await ecKeys('P-384'));
    const { pem, der, info } = await createCsr({
      keys: token,
      subject: JP_SUBJECT,
      dnsNames: ['www.example.jp'],
      hash: 'SHA-384',
    });
    expect(token.calls.length).to.equal(1);
    expect(token.calls[0]!.hash).to.equal('SHA-384');
    // What the token signed is exactly the first element of the request.
    const signed = token.calls[0]!.data;
    expect(Array.from(der.subarray(4, 4 + signed.length))).to.deep.equal(Array.from(signed));
    expect(info.signatureValid).to.equal(true);
    expect(info.publicKey).to.include({ algorithm: 'EC', curve: 'P-384' });
    await opensslVerifies(pem);
  });

  it('refuses a token that returns raw r || s instead of DER (csr/signature-mismatch)', async () => {
    await expectRejects(
      createCsr({
        keys: fakeToken(await ecKeys('P-256'), { rawSignatures: true }),
        subject: {},
        dnsNames: ['a.jp'],
      }),
      'csr/signature-mismatch',
    );
  });

  it('refuses a token whose algorithm does not match its public key (csr/unsupported-key)', async () => {
    const token = { ...fakeToken(await ecKeys('P-256')), algorithm: 'RSA' as const };
    await expectRejects(createCsr({ keys: token, subject: {}, dnsNames: ['a.jp'] }), 'csr/unsupported-key');
  });

  it('reports a token that fails to sign as csr/signing-failed', async () => {
    const token = fakeToken(await ecKeys('P-256'));
    token.sign = () => Promise.reject(new Error('PIN locked'));
    await expectRejects(createCsr({ keys: token, subject: {}, dnsNames: ['a.jp'] }), 'csr/signing-failed');
  });
});

describe('createCsr input checks', () => {
  const make = async (overrides: Partial<Parameters<typeof createCsr>[0]>) =>
    createCsr({ keys: await ecKeys('P-256'), subject: {}, dnsNames: ['example.jp'], ...overrides });

  it('needs at least one DNS name or IP address', async () => {
    await expectRejects(make({ dnsNames: [] }), 'csr/no-names');
    await expectRejects(make({ dnsNames: [' ', ''], ipAddresses: [] }), 'csr/no-names');
    await expectRejects(make({ dnsNames: undefined, subject: { commonName: 'example.jp' } }), 'csr/no-names');
  });

  for (const name of [
    'exa mple.jp',
    'a..jp',
    '-a.example.jp',
    'a-.example.jp',
    'under_score.jp',
    `${'a'.repeat(64)}.jp`,
    `${'a.'.repeat(127)}jp`,
    'xn--a.jp',
    'a\u202e.jp',
    '1.2.3.4.5',
    '.',
  ]) {
    it(`refuses the DNS name ${JSON.stringify(name.length > 40 ? name.slice(0, 40) + '…' : name)}`, async () => {
      await expectRejects(make({ dnsNames: [name] }), 'csr/bad-dns-name');
    });
  }

  for (const name of ['w*.example.jp', 'www.*.example.jp', '*', '*.', '**.example.jp']) {
    it(`refuses the wildcard ${JSON.stringify(name)}`, async () => {
      await expectRejects(make({ dnsNames: [name] }), 'csr/bad-wildcard');
    });
  }

  it('sends IP addresses typed as DNS names to the IP field', async () => {
    await expectRejects(make({ dnsNames: ['192.0.2.1'] }), 'csr/dns-name-is-ip');
    await expectRejects(make({ dnsNames: ['[2001:db8::1]'] }), 'csr/dns-name-is-ip');
  });

  for (const address of [
    '300.1.1.1',
    '192.0.2',
    '192.0.2.01',
    'fe80::1%eth0',
    '2001:db8:::1',
    'example.jp',
  ]) {
    it(`refuses the IP address ${JSON.stringify(address)}`, async () => {
      await expectRejects(make({ ipAddresses: [address] }), 'csr/bad-ip-address');
    });
  }

  it('checks subject values', async () => {
    await expectRejects(make({ subject: { country: 'JPN' } }), 'csr/bad-country');
    await expectRejects(make({ subject: { country: '日本' } }), 'csr/bad-country');
    await expectRejects(make({ subject: { organization: 'Evil\u202eCorp' } }), 'csr/bad-subject');
    await expectRejects(make({ subject: { locality: 'Line\nbreak' } }), 'csr/bad-subject');
    const long = await make({ subject: { commonName: 'a'.repeat(64), stateOrProvince: 'b'.repeat(128) } });
    expect(long.info.subject.commonName).to.have.length(64);
    await expectRejects(make({ subject: { commonName: 'a'.repeat(65) } }), 'csr/subject-too-long');
    await expectRejects(make({ subject: { organization: '株'.repeat(65) } }), 'csr/subject-too-long');
    await expectRejects(make({ subject: { locality: 'l'.repeat(129) } }), 'csr/subject-too-long');
  });

  it('refuses a hash the RSA key was not made for, and hashes it does not know', async () => {
    await expectRejects(make({ keys: await rsaKeys(2048), hash: 'SHA-384' }), 'key/hash-mismatch');
    await expectRejects(make({ hash: 'SHA-1' as 'SHA-256' }), 'key/unsupported-hash');
  });

  it('refuses RSA-PSS keys and key pairs whose halves do not belong together', async () => {
    const pss = await crypto.subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    await expectRejects(make({ keys: pss }), 'key/unsupported-algorithm');
    const other = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const mixed = { publicKey: other.publicKey, privateKey: (await ecKeys('P-256')).privateKey };
    await expectRejects(make({ keys: mixed }), 'csr/signature-mismatch');
  });

  it('makes no network request', async () => {
    const started = performance.now();
    const originalFetch = window.fetch;
    const originalOpen = XMLHttpRequest.prototype.open;
    const originalBeacon = navigator.sendBeacon;
    const requests: string[] = [];
    window.fetch = (input: RequestInfo | URL) => {
      requests.push(`fetch ${String(input)}`);
      return Promise.reject(new Error('no network in this test'));
    };
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL) {
      requests.push(`xhr ${method} ${String(url)}`);
      throw new Error('no network in this test');
    } as typeof XMLHttpRequest.prototype.open;
    navigator.sendBeacon = (url: string | URL) => {
      requests.push(`beacon ${String(url)}`);
      return false;
    };
    try {
      const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
        'sign',
        'verify',
      ]);
      const { pem } = await createCsr({
        keys,
        subject: JP_SUBJECT,
        dnsNames: DNS_NAMES,
        ipAddresses: IP_ADDRESSES,
      });
      const info = parseCsr(pem);
      expect(await verifyCsr(info)).to.equal(true);
    } finally {
      window.fetch = originalFetch;
      XMLHttpRequest.prototype.open = originalOpen;
      navigator.sendBeacon = originalBeacon;
    }
    // Anything the page loaded meanwhile (images, scripts, workers) shows up as a resource timing entry.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const loaded = performance
      .getEntriesByType('resource')
      .filter((entry) => entry.startTime >= started)
      .map((entry) => entry.name);
    expect(requests).to.deep.equal([]);
    expect(loaded).to.deep.equal([]);
  });
});

/** A CSR made by `openssl req -new`, with its key and what openssl says about it. */
async function opensslCsr(options: {
  key: string[];
  subject: string;
  sans?: string;
  challengePassword?: string;
  newHeader?: boolean;
}) {
  const config = [
    '[req]',
    'prompt = no',
    'distinguished_name = dn',
    'utf8 = yes',
    'string_mask = utf8only',
    ...(options.challengePassword ? ['attributes = attrs'] : []),
    ...(options.sans ? ['req_extensions = ext'] : []),
    '[dn]',
    ...options.subject.split('/').filter(Boolean),
    '[attrs]',
    `challengePassword = ${options.challengePassword ?? ''}`,
    '[ext]',
    `subjectAltName = ${options.sans ?? 'DNS:unused'}`,
  ].join('\n');
  const made = await openssl(
    [
      'req',
      '-new',
      ...options.key,
      '-nodes',
      '-keyout',
      'out:k.pem',
      '-config',
      'req.cnf',
      ...(options.newHeader ? ['-newhdr'] : []),
      '-out',
      'out:x.csr',
    ],
    { files: { 'req.cnf': config } },
  );
  expect(made.code, made.stderr).to.equal(0);
  const pem = atob(made.files['x.csr']!);
  const utf8Pem = new TextDecoder().decode(Uint8Array.from(pem, (char) => char.charCodeAt(0)));
  const subject = await openssl(
    ['req', '-in', 'x.csr', '-noout', '-subject', '-nameopt', 'RFC2253', '-nameopt', '-esc_msb'],
    {
      files: { 'x.csr': utf8Pem },
    },
  );
  const pubkey = await openssl(['req', '-in', 'x.csr', '-noout', '-pubkey'], { files: { 'x.csr': utf8Pem } });
  return {
    pem: utf8Pem,
    subject: subject.stdout.replace(/^subject=/, '').trim(),
    spki: decodePem(pubkey.stdout)[0]!.der,
  };
}

function flipLastByte(der: Uint8Array): Uint8Array {
  const copy = der.slice();
  copy[copy.length - 1] = copy[copy.length - 1]! ^ 0x01;
  return copy;
}

describe('parseCsr of CSRs made by openssl req', function () {
  this.timeout(60_000);

  async function expectSignature(info: CsrInfo): Promise<void> {
    // parseCsr checks RSA PKCS#1 v1.5 and ECDSA P-256/P-384 signatures synchronously.
    expect(info.signatureValid).to.equal(true);
    expect(await verifyCsr(info)).to.equal(true);
    expect(info.signatureValid).to.equal(true);
    const tampered = parseCsr(flipLastByte(info.der));
    expect(tampered.signatureValid).to.equal(false);
    expect(await verifyCsr(tampered)).to.equal(false);
    expect(tampered.signatureValid).to.equal(false);
  }

  it('RSA 2048 with SANs and a challengePassword, NEW CERTIFICATE REQUEST label', async () => {
    const made = await opensslCsr({
      key: ['-newkey', 'rsa:2048'],
      subject: '/C=JP/ST=Osaka/L=Osaka-shi/O=Shirushi Test/CN=shop.example.jp',
      sans: 'DNS:shop.example.jp, DNS:*.xn--r8jz45g.jp, IP:192.0.2.7, IP:2001:db8::7',
      challengePassword: 'secret pass 123',
      newHeader: true,
    });
    expect(made.pem).to.include('-----BEGIN NEW CERTIFICATE REQUEST-----');
    const info = parseCsr(made.pem);
    expect(info.subject.rfc4514).to.equal(made.subject);
    expect(info.subject.rfc4514).to.equal('CN=shop.example.jp,O=Shirushi Test,L=Osaka-shi,ST=Osaka,C=JP');
    expect(info.publicKey).to.include({ algorithm: 'RSA', size: 2048, exponent: 65537 });
    expect(Array.from(info.publicKey.spki)).to.deep.equal(Array.from(made.spki));
    expect(info.signatureAlgorithm.name).to.equal('sha256WithRSAEncryption');
    expect(info.subjectAltNames.dns).to.deep.equal(['shop.example.jp', '*.xn--r8jz45g.jp']);
    expect(info.subjectAltNames.ip).to.deep.equal(['192.0.2.7', '2001:db8::7']);
    expect(info.attributes.map((attribute) => attribute.oid)).to.deep.equal(['1.2.840.113549.1.9.7']);
    const password = info.attributes[0]!.values[0]!;
    expect(new TextDecoder().decode(password.subarray(2))).to.equal('secret pass 123');
    expect(info.pem).to.include('-----BEGIN CERTIFICATE REQUEST-----');
    await expectSignature(info);
  });

  it('P-256 without SANs, with a Japanese organisation', async () => {
    const made = await opensslCsr({
      key: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'],
      subject: '/C=JP/ST=東京都/O=株式会社しるし/CN=www.example.jp',
    });
    const info = parseCsr(made.pem);
    expect(info.subject.rfc4514).to.equal(made.subject);
    expect(info.subject.organization).to.equal('株式会社しるし');
    expect(info.publicKey).to.include({ algorithm: 'EC', curve: 'P-256', size: 256 });
    expect(Array.from(info.publicKey.spki)).to.deep.equal(Array.from(made.spki));
    expect(info.signatureAlgorithm.name).to.equal('ecdsa-with-SHA256');
    expect(info.subjectAltNames).to.deep.equal({ dns: [], ip: [], email: [], uri: [], other: [] });
    expect(info.extensions).to.deep.equal([]);
    await expectSignature(info);
  });

  it('P-384 with SHA-384 and SANs, from DER', async () => {
    const made = await opensslCsr({
      key: ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-sha384'],
      subject: '/C=JP/O=Shirushi/CN=api.example.jp',
      sans: 'DNS:api.example.jp',
    });
    const der = decodePem(made.pem)[0]!.der;
    const info = parseCsr(der);
    expect(info.publicKey).to.include({ algorithm: 'EC', curve: 'P-384' });
    expect(info.signatureAlgorithm.name).to.equal('ecdsa-with-SHA384');
    expect(info.signatureValid).to.equal(true);
    expect(parseCsr(flipLastByte(der)).signatureValid).to.equal(false);
    expect(info.subjectAltNames.dns).to.deep.equal(['api.example.jp']);
    expect(await verifyCsr(der)).to.equal(true);
    expect(await verifyCsr(flipLastByte(der))).to.equal(false);
  });
});

describe('parseCsr of malformed input', () => {
  let good: { pem: string; der: Uint8Array };
  before(async function () {
    this.timeout(30_000);
    good = await createCsr({ keys: await ecKeys('P-256'), subject: JP_SUBJECT, dnsNames: ['example.jp'] });
  });

  it('reads PEM with text around it and bare base64', () => {
    expect(
      parseCsr(`Here is my CSR:\r\n${good.pem.replace(/\n/g, '\r\n')}\r\nthanks`).subject.commonName,
    ).to.equal('www.example.jp');
    expect(parseCsr(base64Encode(good.der)).subject.commonName).to.equal('www.example.jp');
    expect(parseCsr(good.pem.replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST')).der).to.deep.equal(
      good.der,
    );
  });

  it('refuses truncated DER and PEM', () => {
    expectCode(() => parseCsr(good.der.subarray(0, good.der.length - 10)), 'der/truncated');
    const lines = good.pem.trim().split('\n');
    expectCode(() => parseCsr([...lines.slice(0, 3), lines[lines.length - 1]].join('\n')), 'der/truncated');
    expectCode(() => parseCsr(lines.slice(0, -1).join('\n')), 'pem/unterminated');
  });

  it('refuses other PEM labels', () => {
    expectCode(() => parseCsr(good.pem.replace(/CERTIFICATE REQUEST/g, 'CERTIFICATE')), 'pem/wrong-label');
    expectCode(() => parseCsr(good.pem.replace(/CERTIFICATE REQUEST/g, 'PRIVATE KEY')), 'pem/wrong-label');
  });

  it('refuses bytes after the request', () => {
    const extra = new Uint8Array(good.der.length + 3);
    extra.set(good.der);
    extra.set([0x05, 0x00, 0x00], good.der.length);
    expectCode(() => parseCsr(extra), 'der/trailing-data');
  });

  it('refuses empty, oversized and non-DER input', () => {
    expectCode(() => parseCsr(''), 'input/empty');
    expectCode(() => parseCsr(new Uint8Array(0)), 'input/empty');
    expectCode(() => parseCsr(new Uint8Array(2 * 1024 * 1024).fill(0x30)), 'input/too-large');
    expectCode(() => parseCsr('not a csr at all!'), 'pem/no-data');
    expectCode(() => parseCsr(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00)), 'csr/not-a-csr');
  });

  /** Rebuilds a request around a different CertificationRequestInfo body (signature left as it was). */
  function withInfo(...fields: Uint8Array[]): Uint8Array {
    return sequence(
      sequence(...fields),
      sequence(oid('1.2.840.10045.4.3.2')),
      tlv(0x03, Uint8Array.of(0, 1, 2)),
    );
  }
  const name = () =>
    sequence(
      setOf(
        sequence(
          oid('2.5.4.3'),
          tlv(
            0x13,
            Uint8Array.from('a.jp', (c) => c.charCodeAt(0)),
          ),
        ),
      ),
    );
  const spki = () => parseCsr(good.der).publicKey.spki;
  const san = (names: Uint8Array) => sequence(oid('2.5.29.17'), octetString(names));
  const extensionRequest = (...extensions: Uint8Array[]) =>
    contextSpecific(0, true, sequence(oid('1.2.840.113549.1.9.14'), setOf(sequence(...extensions))));
  const dns = (text: string) =>
    contextSpecific(
      2,
      false,
      Uint8Array.from(text, (c) => c.charCodeAt(0)),
    );

  it('reads a hand-built request, and refuses the wrong version', () => {
    const info = parseCsr(withInfo(integer(0), name(), spki(), extensionRequest(san(sequence(dns('a.jp'))))));
    expect(info.subjectAltNames.dns).to.deep.equal(['a.jp']);
    expectCode(
      () => parseCsr(withInfo(integer(1), name(), spki(), contextSpecific(0, true))),
      'csr/bad-version',
    );
  });

  it('refuses a certificate passed as a CSR', () => {
    const tbs = [
      contextSpecific(0, true, integer(2)),
      integer(1),
      sequence(oid('1.2.840.10045.4.3.2')),
      name(),
    ];
    expectCode(() => parseCsr(withInfo(...tbs)), 'csr/not-a-csr');
  });

  it('refuses duplicate and unreadable requested extensions', () => {
    const twice = extensionRequest(san(sequence(dns('a.jp'))), san(sequence(dns('b.jp'))));
    expectCode(() => parseCsr(withInfo(integer(0), name(), spki(), twice)), 'csr/duplicate-extension');
    const broken = extensionRequest(san(Uint8Array.of(0x04, 0x00)));
    expectCode(() => parseCsr(withInfo(integer(0), name(), spki(), broken)), 'csr/bad-extension');
    const noValue = contextSpecific(0, true, sequence(oid('1.2.840.113549.1.9.14'), setOf()));
    expectCode(() => parseCsr(withInfo(integer(0), name(), spki(), noValue)), 'csr/bad-attribute');
  });

  it('says an unreadable signature is not valid, without throwing', async () => {
    const info = parseCsr(withInfo(integer(0), name(), spki(), extensionRequest(san(sequence(dns('a.jp'))))));
    expect(info.signatureValid).to.equal(false);
    expect(await verifyCsr(info)).to.equal(false);
    expect(info.signatureValid).to.equal(false);
    // Keeps the DER it was given, byte for byte.
    expect(base64Decode(base64Encode(info.der))).to.deep.equal(info.der);
  });
});
