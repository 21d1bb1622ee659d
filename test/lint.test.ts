import { expect } from '@esm-bundle/chai';
import * as asn1js from 'asn1js';
import type { LintFinding, ProfileId } from '../src/csr/types.js';
import {
  fermatFactor,
  hasRocaFingerprint,
  isPublicSuffix,
  lintCsr,
  lintKey,
  lintNames,
  lintSubject,
  PREFECTURES,
  reservedRange,
} from '../src/lint/index.js';
import { openssl } from './harness/openssl.js';

const codes = (findings: LintFinding[]) => findings.map((item) => item.code);

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
    exponent >>= 1n;
  }
  return result;
}

function randomBigInt(bits: number): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(bits / 8));
  bytes[0]! |= 0x80;
  return BigInt('0x' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));
}

function isProbablePrime(n: bigint): boolean {
  for (const p of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
    if (n % p === 0n) return n === p;
  }
  let d = n - 1n;
  let s = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    s++;
  }
  for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n]) {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

function nextPrime(n: bigint): bigint {
  let candidate = n % 2n === 0n ? n + 1n : n + 2n;
  while (!isProbablePrime(candidate)) candidate += 2n;
  return candidate;
}

function toBytes(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex[0]!, 16) >= 8) hex = '00' + hex;
  return Uint8Array.from(hex.match(/../g)!, (byte) => parseInt(byte, 16));
}

/** A DER rsaEncryption SubjectPublicKeyInfo for modulus n, exponent 65537. */
function rsaSpki(n: bigint, parameters: 'null' | 'absent' = 'null'): Uint8Array {
  const rsaKey = new asn1js.Sequence({
    value: [new asn1js.Integer({ valueHex: toBytes(n) }), new asn1js.Integer({ valueHex: toBytes(65537n) })],
  });
  const algorithm = new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.1.1' }),
      ...(parameters === 'null' ? [new asn1js.Null()] : []),
    ],
  });
  const spki = new asn1js.Sequence({
    value: [algorithm, new asn1js.BitString({ valueHex: rsaKey.toBER(false) })],
  });
  return new Uint8Array(spki.toBER(false));
}

interface CsrSpec {
  key?: string[];
  subject: string;
  san?: string;
  digest?: string;
}

/** Makes a CSR with `openssl req -new` and returns its PEM. */
async function makeCsr(spec: CsrSpec): Promise<string> {
  const args = [
    'req',
    '-new',
    '-newkey',
    ...(spec.key ?? ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256']),
    '-nodes',
    '-keyout',
    'key.pem',
    '-subj',
    spec.subject,
    '-utf8',
    `-${spec.digest ?? 'sha256'}`,
    ...(spec.san ? ['-addext', `subjectAltName=${spec.san}`] : []),
    '-out',
    'out:req.pem',
  ];

  const fixed = args;
  const result = await openssl(fixed);
  if (result.code !== 0) throw new Error(result.stderr);
  return atob(result.files['req.pem']!);
}

const CLEAN_SUBJECTS: Record<ProfileId, string> = {
  'br-dv': '/CN=www.example.com',
  'br-ov': '/C=US/ST=California/L=San Francisco/O=Example Inc/CN=www.example.com',
  'jprs-dv': '/C=JP/CN=www.example.jp',
  'jprs-ov': '/C=JP/ST=Tokyo/L=Chiyoda-ku/O=Shirushi Co., Ltd./CN=www.example.jp',
  'secom-ov': '/C=JP/ST=Osaka/L=Osaka/O=Shirushi K.K./CN=www.example.jp',
  'secom-ev': '/C=JP/ST=Kyoto/L=Kyoto/O=Shirushi K.K./CN=www.example.jp',
  crosstrust: '/C=JP/ST=Hokkaido/L=Sapporo/O=Shirushi K.K./CN=www.example.jp',
  acme: '/CN=www.example.jp',
};

describe('lint: keys', () => {
  it('finds Fermat-factorable moduli made of two close primes', () => {
    const p = nextPrime(randomBigInt(512));
    const q = nextPrime(p);
    const factors = fermatFactor(p * q);
    expect(factors).to.deep.equal([p, q]);
    expect(codes(lintKey(rsaSpki(p * q)))).to.include('lint/key/fermat');
  });

  it('flags missing NULL parameters on rsaEncryption', () => {
    const p = nextPrime(randomBigInt(512));
    expect(codes(lintKey(rsaSpki(p * nextPrime(p), 'absent')))).to.include(
      'lint/key/rsa-parameters-not-null',
    );
  });

  it('detects the ROCA fingerprint on a modulus of the RSALib form and not on openssl keys', async () => {
    const primes = [2n];
    for (let n = 3n; n <= 167n; n += 2n) if (isProbablePrime(n)) primes.push(n);
    const M = primes.reduce((a, b) => a * b, 1n);
    const vulnerable = modPow(65537n, randomBigInt(64), M) + randomBigInt(2048 - 220) * M;
    expect(hasRocaFingerprint(vulnerable)).to.equal(true);
    expect(codes(lintKey(rsaSpki(vulnerable)))).to.include('lint/key/roca');
    const pem = await makeCsr({
      key: ['rsa:2048'],
      subject: '/CN=www.example.com',
      san: 'DNS:www.example.com',
    });
    expect(codes(lintCsr(pem, 'br-dv'))).to.deep.equal([]);
  });
});

describe('lint: names and subject fields', () => {
  it('checks names as typed', () => {
    expect(codes(lintNames([]))).to.deep.equal(['lint/san/missing']);
    expect(codes(lintNames(['server.local']))).to.deep.equal(['lint/san/internal-name']);
    expect(codes(lintNames(['*.co.jp']))).to.deep.equal(['lint/san/wildcard-public-suffix']);
    expect(codes(lintNames(['www.*.example.jp']))).to.deep.equal(['lint/san/wildcard-position']);
    expect(codes(lintNames(['10.0.0.1']))).to.deep.equal(['lint/san/reserved-ip']);
    expect(codes(lintNames(['fd00::1', '2001:db8::1', '::ffff:192.168.0.1']))).to.deep.equal([
      'lint/san/reserved-ip',
      'lint/san/reserved-ip',
      'lint/san/reserved-ip',
    ]);
    expect(codes(lintNames(['WWW.example.jp']))).to.deep.equal(['lint/san/uppercase']);
    expect(codes(lintNames(['www.example.jp.']))).to.deep.equal(['lint/san/trailing-dot']);
    expect(codes(lintNames(['www.example.jp', '*.example.jp', '8.8.8.8', '2400:2410::1']))).to.deep.equal([]);
    const idn = lintNames(['日本語.jp']);
    expect(codes(idn)).to.deep.equal(['lint/san/not-a-label']);
    expect(idn[0]!.message.en).to.include('xn--wgv71a119e.jp').and.include('日本語.jp');
    const notice = lintNames(['xn--wgv71a119e.jp']);
    expect(notice.map((f) => [f.code, f.severity])).to.deep.equal([['lint/san/idn', 'notice']]);
    expect(notice[0]!.message.ja).to.include('日本語.jp');
    expect(isPublicSuffix('co.jp')).to.equal(true);
    expect(reservedRange('100.64.1.1')?.cidr).to.equal('100.64.0.0/10');
  });

  it('checks subject fields as typed', () => {
    expect(codes(lintSubject({ commonName: 'www.example.jp', organization: 'X' }, 'jprs-dv'))).to.deep.equal([
      'lint/subject/attribute-not-allowed',
    ]);
    expect(
      codes(lintSubject({ organization: 'Shirushi', locality: 'Chiyoda-ku', country: 'JP' }, 'secom-ov')),
    ).to.deep.equal(['lint/subject/missing-attribute']);
    const multibyte = lintSubject(
      { organization: '株式会社しるし', locality: 'Chiyoda', stateOrProvince: 'Tokyo', country: 'JP' },
      'jprs-ov',
    );
    expect(codes(multibyte)).to.deep.equal(['lint/subject/non-ascii']);
    expect(multibyte[0]!.params).to.include({ char: '株', position: 1 });
    expect(
      codes(
        lintSubject(
          { organization: 'A+B', locality: '-', stateOrProvince: 'Tokio', country: 'JP' },
          'crosstrust',
        ),
      ),
    ).to.deep.equal([
      'lint/subject/forbidden-character',
      'lint/subject/placeholder',
      'lint/subject/prefecture-unknown',
    ]);
    expect(codes(lintSubject({ commonName: 'a'.repeat(65) }, 'br-dv'))).to.deep.equal([
      'lint/subject/too-long',
    ]);
    expect(PREFECTURES).to.have.length(47);
  });
});

describe('lint: CSRs made by openssl req', () => {
  const cases: [string, CsrSpec, ProfileId, string][] = [
    [
      'RSA 1024',
      { key: ['rsa:1024'], subject: '/CN=a.example.com', san: 'DNS:a.example.com' },
      'br-dv',
      'lint/key/rsa-too-small',
    ],
    [
      'SHA-1',
      { subject: '/CN=a.example.com', san: 'DNS:a.example.com', digest: 'sha1' },
      'br-dv',
      'lint/signature/weak-hash',
    ],
    [
      'P-521',
      {
        key: ['ec', '-pkeyopt', 'ec_paramgen_curve:P-521'],
        subject: '/CN=a.example.com',
        san: 'DNS:a.example.com',
        digest: 'sha512',
      },
      'br-dv',
      'lint/key/ec-p521',
    ],
    [
      'P-384 with SHA-256',
      {
        key: ['ec', '-pkeyopt', 'ec_paramgen_curve:P-384'],
        subject: '/CN=a.example.com',
        san: 'DNS:a.example.com',
      },
      'br-dv',
      'lint/signature/hash-curve-mismatch',
    ],
    [
      'OU',
      { subject: '/C=JP/ST=Tokyo/L=Chiyoda/O=Shirushi/OU=IT/CN=a.example.jp', san: 'DNS:a.example.jp' },
      'secom-ov',
      'lint/subject/ou-not-allowed',
    ],
    [
      'CN not in SANs',
      { subject: '/CN=b.example.com', san: 'DNS:a.example.com' },
      'br-dv',
      'lint/subject/cn-not-in-san',
    ],
    [
      'internal name',
      { subject: '/CN=server.local', san: 'DNS:server.local' },
      'br-dv',
      'lint/san/internal-name',
    ],
    [
      'wildcard under a public suffix',
      { subject: '/CN=*.co.jp', san: 'DNS:*.co.jp' },
      'jprs-dv',
      'lint/san/wildcard-public-suffix',
    ],
    ['private IP', { subject: '/CN=10.0.0.1', san: 'IP:10.0.0.1' }, 'br-dv', 'lint/san/reserved-ip'],
    [
      'uppercase SAN',
      { subject: '/CN=WWW.example.com', san: 'DNS:WWW.example.com' },
      'br-dv',
      'lint/san/uppercase',
    ],
    [
      'multibyte O',
      { subject: '/C=JP/ST=Tokyo/L=Chiyoda/O=株式会社しるし/CN=a.example.jp', san: 'DNS:a.example.jp' },
      'jprs-ov',
      'lint/subject/non-ascii',
    ],
    [
      'placeholder L',
      { subject: '/C=JP/ST=Tokyo/L=-/O=Shirushi/CN=a.example.jp', san: 'DNS:a.example.jp' },
      'jprs-ov',
      'lint/subject/placeholder',
    ],
    [
      'missing O',
      { subject: '/C=JP/ST=Tokyo/L=Chiyoda/CN=a.example.jp', san: 'DNS:a.example.jp' },
      'secom-ov',
      'lint/subject/missing-attribute',
    ],
    ['no SAN', { subject: '/CN=a.example.com' }, 'br-dv', 'lint/san/missing'],
  ];
  for (const [title, spec, profile, code] of cases) {
    it(`${title} gives ${code} (${profile})`, async () => {
      const findings = lintCsr(await makeCsr(spec), profile);
      expect(codes(findings)).to.include(code);
    });
  }

  for (const [profile, subject] of Object.entries(CLEAN_SUBJECTS) as [ProfileId, string][]) {
    it(`a clean CSR gives no findings under ${profile}`, async () => {
      const cn = subject.match(/CN=([^/]+)/)![1]!;
      const pem = await makeCsr({ subject, san: `DNS:${cn},DNS:example.${cn.split('.').pop()}` });
      expect(lintCsr(pem, profile)).to.deep.equal([]);
    });
  }
});
