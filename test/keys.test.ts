import { expect } from '@esm-bundle/chai';
import { algorithmIdentifier, integer, nullValue, octetString, sequence } from '../src/asn1/writer.js';
import { base64Encode, bytesToHex, encodePem } from '../src/index.js';
import {
  MAX_PBKDF2_ITERATIONS,
  PBKDF2_ITERATIONS,
  exportPrivateKey,
  generateKeyPair,
  importKeyPair,
  importPrivateKey,
  inspectPrivateKey,
  webCryptoTokenKey,
} from '../src/keys/index.js';
import { openssl } from './harness/openssl.js';
import { expectCode } from './helpers/expect-code.js';

const PASS = 'しるし-passphrase 1';

async function ok(args: string[], files: Record<string, Uint8Array | string> = {}) {
  const result = await openssl(args, { files });
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function spkiOf(key: CryptoKey): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.exportKey('spki', key)));
}

/** The public key openssl reads from a private key file, as SPKI hex. */
async function opensslSpki(pem: string, passphrase?: string): Promise<string> {
  const args = ['pkey', '-in', 'k.pem', '-pubout', '-outform', 'DER', '-out', 'out:pub.der'];
  if (passphrase !== undefined) args.push('-passin', `pass:${passphrase}`);
  const result = await ok(args, { 'k.pem': pem });
  return bytesToHex(fromBase64(result.files['pub.der']!));
}

describe('keys: generation', () => {
  it('makes RSA 2048 by default, RSASSA-PKCS1-v1_5 SHA-256, exponent 65537, non-extractable', async () => {
    const keys = await generateKeyPair({ algorithm: 'RSA' });
    const algorithm = keys.privateKey.algorithm as RsaHashedKeyAlgorithm;
    expect(algorithm.name).to.equal('RSASSA-PKCS1-v1_5');
    expect(algorithm.modulusLength).to.equal(2048);
    expect(algorithm.hash.name).to.equal('SHA-256');
    expect(Array.from(algorithm.publicExponent)).to.deep.equal([1, 0, 1]);
    expect(keys.privateKey.extractable).to.equal(false);
    expect(keys.privateKey.usages).to.deep.equal(['sign']);
  });

  for (const size of [3072, 4096] as const) {
    it(`makes RSA ${size}`, async () => {
      const keys = await generateKeyPair({ algorithm: 'RSA', size, extractable: true });
      expect((keys.privateKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).to.equal(size);
      expect(keys.privateKey.extractable).to.equal(true);
    });
  }

  it('makes ECDSA P-256 by default and P-384 on request', async () => {
    const p256 = await generateKeyPair({ algorithm: 'ECDSA' });
    expect(p256.privateKey.algorithm).to.deep.include({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(p256.privateKey.extractable).to.equal(false);
    const p384 = await generateKeyPair({ algorithm: 'ECDSA', curve: 'P-384', extractable: true });
    expect(p384.privateKey.algorithm).to.deep.include({ name: 'ECDSA', namedCurve: 'P-384' });
    expect(p384.privateKey.extractable).to.equal(true);
  });

  it('refuses sizes and curves it does not offer', async () => {
    await expectCode(generateKeyPair({ algorithm: 'RSA', size: 1024 as 2048 }), 'key/unsupported-size');
    await expectCode(
      generateKeyPair({ algorithm: 'ECDSA', curve: 'P-521' as 'P-256' }),
      'key/unsupported-curve',
    );
  });
});

describe('keys: encrypted export', () => {
  for (const spec of [{ algorithm: 'RSA' }, { algorithm: 'ECDSA', curve: 'P-384' }] as const) {
    it(`openssl decrypts an exported ${spec.algorithm} key and sees the same key`, async () => {
      const keys = await generateKeyPair({ ...spec, extractable: true });
      const pem = await exportPrivateKey(keys.privateKey, PASS);
      expect(pem).to.match(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
      const decrypted = await ok(['pkcs8', '-in', 'k.pem', '-passin', `pass:${PASS}`], { 'k.pem': pem });
      expect(decrypted.stdout).to.contain('-----BEGIN PRIVATE KEY-----');
      expect(await opensslSpki(pem, PASS)).to.equal(await spkiOf(keys.publicKey));
      const parsed = await ok(['asn1parse', '-in', 'k.pem'], { 'k.pem': pem });
      expect(parsed.stdout).to.contain('PBES2').and.contain('PBKDF2').and.contain('hmacWithSHA256');
      expect(parsed.stdout).to.contain('aes-256-cbc');
      const iterations = /INTEGER\s+:([0-9A-F]+)/.exec(parsed.stdout);
      expect(parseInt(iterations![1]!, 16)).to.be.at.least(600_000).and.equal(PBKDF2_ITERATIONS);
      const salt = /OCTET STRING\s+\[HEX DUMP\]:([0-9A-F]+)/.exec(parsed.stdout);
      expect(salt![1]!.length).to.equal(32);
      // And back in: the round trip gives the same public key.
      const again = await importKeyPair(pem, PASS);
      expect(await spkiOf(again.publicKey)).to.equal(await spkiOf(keys.publicKey));
    });
  }

  it('refuses a non-extractable key, a public key and an empty passphrase', async () => {
    const locked = await generateKeyPair({ algorithm: 'ECDSA' });
    await expectCode(exportPrivateKey(locked.privateKey, PASS), 'key/not-extractable');
    await expectCode(exportPrivateKey(locked.publicKey, PASS), 'key/not-private');
    const open = await generateKeyPair({ algorithm: 'ECDSA', extractable: true });
    await expectCode(exportPrivateKey(open.privateKey, ''), 'key/empty-passphrase');
  });
});

/** Signs `data` with the key pair through the TokenKey adapter and checks the signature with openssl. */
async function expectOpensslVerifies(keys: CryptoKeyPair, hash: 'SHA-256' | 'SHA-384' = 'SHA-256') {
  const token = webCryptoTokenKey(keys, keys.privateKey.algorithm.name === 'ECDSA' ? hash : undefined);
  const data = new TextEncoder().encode('しるし CSR studio');
  const signature = await token.sign(data, hash);
  const spki = await token.spki();
  const pub = encodePem('PUBLIC KEY', spki);
  const result = await openssl(
    ['dgst', `-${hash.replace('-', '').toLowerCase()}`, '-verify', 'pub.pem', '-signature', 'sig', 'data'],
    { files: { 'pub.pem': pub, sig: signature, data } },
  );
  expect(result.stdout, result.stderr).to.contain('Verified OK');
}

describe('keys: import of keys openssl made', () => {
  const made: Record<string, string> = {};

  before(async () => {
    const rsa = await ok([
      'genpkey',
      '-algorithm',
      'RSA',
      '-pkeyopt',
      'rsa_keygen_bits:2048',
      '-out',
      'out:k.pem',
    ]);
    made.rsa = atob(rsa.files['k.pem']!);
    const ec = await ok([
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      'out:k.pem',
    ]);
    made.ec = atob(ec.files['k.pem']!);
  });

  const variants: Array<[string, string, string[]]> = [
    ['RSA, -v2 aes-256-cbc (default PRF)', 'rsa', ['-v2', 'aes-256-cbc']],
    ['RSA, -v2 aes-256-cbc -v2prf hmacWithSHA256', 'rsa', ['-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA256']],
    ['EC, -v2 aes-128-cbc -v2prf hmacWithSHA1', 'ec', ['-v2', 'aes-128-cbc', '-v2prf', 'hmacWithSHA1']],
    ['EC, -v2 aes-256-cbc -v2prf hmacWithSHA512', 'ec', ['-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA512']],
  ];
  for (const [name, kind, args] of variants) {
    it(`imports encrypted PKCS#8: ${name}`, async () => {
      const result = await ok(
        ['pkcs8', '-topk8', '-in', 'k.pem', ...args, '-passout', `pass:${PASS}`, '-out', 'out:e.pem'],
        {
          'k.pem': made[kind]!,
        },
      );
      const pem = atob(result.files['e.pem']!);
      expect(inspectPrivateKey(pem)).to.deep.equal({
        label: 'ENCRYPTED PRIVATE KEY',
        format: 'encrypted-pkcs8',
        encrypted: true,
      });
      const keys = await importKeyPair(pem, PASS);
      expect(keys.privateKey.extractable).to.equal(false);
      expect(keys.privateKey.usages).to.deep.equal(['sign']);
      expect(await spkiOf(keys.publicKey)).to.equal(await opensslSpki(made[kind]!));
      await expectOpensslVerifies(keys);
    });
  }

  it('imports unencrypted PKCS#8, PKCS#1 (genrsa -traditional) and SEC1 (openssl ec)', async () => {
    const pkcs8 = await importKeyPair(made.rsa!);
    expect(await spkiOf(pkcs8.publicKey)).to.equal(await opensslSpki(made.rsa!));

    const traditional = await ok(['genrsa', '-traditional', '-out', 'out:r.pem', '2048']);
    const pkcs1 = atob(traditional.files['r.pem']!);
    expect(pkcs1).to.contain('-----BEGIN RSA PRIVATE KEY-----');
    const rsaKeys = await importKeyPair(pkcs1);
    expect((rsaKeys.privateKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).to.equal(2048);
    expect(await spkiOf(rsaKeys.publicKey)).to.equal(await opensslSpki(pkcs1));
    await expectOpensslVerifies(rsaKeys);

    for (const curve of ['P-256', 'P-384', 'P-521']) {
      const generated = await ok([
        'ecparam',
        '-name',
        curve === 'P-256' ? 'prime256v1' : curve === 'P-384' ? 'secp384r1' : 'secp521r1',
        '-genkey',
        '-out',
        'out:e.pem',
      ]);
      const sec1 = atob(generated.files['e.pem']!);
      expect(sec1).to.contain('-----BEGIN EC PRIVATE KEY-----');
      const ecKeys = await importKeyPair(sec1);
      expect(ecKeys.privateKey.algorithm).to.deep.include({ name: 'ECDSA', namedCurve: curve });
      expect(await spkiOf(ecKeys.publicKey)).to.equal(await opensslSpki(sec1));
      if (curve !== 'P-521') await expectOpensslVerifies(ecKeys, curve === 'P-384' ? 'SHA-384' : 'SHA-256');
    }
  });

  it('honours the extractable option', async () => {
    const key = await importPrivateKey(made.ec!, undefined, { extractable: true });
    expect(key.extractable).to.equal(true);
  });

  it('gives a code for a wrong or missing passphrase', async () => {
    const result = await ok(
      [
        'pkcs8',
        '-topk8',
        '-in',
        'k.pem',
        '-v2',
        'aes-256-cbc',
        '-passout',
        `pass:${PASS}`,
        '-out',
        'out:e.pem',
      ],
      {
        'k.pem': made.ec!,
      },
    );
    const pem = atob(result.files['e.pem']!);
    await expectCode(importPrivateKey(pem, 'not the passphrase'), 'key/wrong-passphrase');
    await expectCode(importPrivateKey(pem), 'key/passphrase-required');
  });

  it('gives a code for a truncated PEM and a wrong label', async () => {
    const lines = made.rsa!.trim().split('\n');
    const cut = [...lines.slice(0, 10), lines[lines.length - 1]!].join('\n');
    await expectCode(importPrivateKey(cut), 'key/malformed');
    await expectCode(importPrivateKey(lines.slice(0, 10).join('\n')), 'pem/unterminated');
    const certificate = made.rsa!.replace(/PRIVATE KEY/g, 'CERTIFICATE');
    await expectCode(importPrivateKey(certificate), 'key/wrong-label');
  });
});

describe('keys: hostile encrypted keys', () => {
  function encrypted(iterations: bigint | number, prf = '1.2.840.113549.2.9'): string {
    const kdf = algorithmIdentifier(
      '1.2.840.113549.1.5.12',
      sequence(octetString(new Uint8Array(16)), integer(iterations), algorithmIdentifier(prf, nullValue())),
    );
    const cipher = algorithmIdentifier('2.16.840.1.101.3.4.1.42', octetString(new Uint8Array(16)));
    const der = sequence(
      algorithmIdentifier('1.2.840.113549.1.5.13', sequence(kdf, cipher)),
      octetString(new Uint8Array(64)),
    );
    return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${base64Encode(der, 64)}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
  }

  it('refuses an iteration count above the limit before deriving anything', async () => {
    const started = performance.now();
    await expectCode(importPrivateKey(encrypted(MAX_PBKDF2_ITERATIONS + 1), PASS), 'key/iterations-too-high');
    await expectCode(importPrivateKey(encrypted(1n << 62n), PASS), 'key/iterations-too-high');
    expect(performance.now() - started).to.be.below(1000);
  });

  it('names an unsupported PRF and refuses oversized input', async () => {
    await expectCode(
      importPrivateKey(encrypted(1000, '1.2.840.113549.2.8'), PASS),
      'key/unsupported-encryption',
    );
    await expectCode(importPrivateKey('A'.repeat(200_000)), 'input/too-large');
  });
});

describe('keys: edge cases', () => {
  it('derives the public key of an EC key stored without its point (openssl ec -no_public)', async () => {
    for (const curve of ['prime256v1', 'secp384r1', 'secp521r1']) {
      const generated = await ok(['ecparam', '-name', curve, '-genkey', '-noout', '-out', 'out:e.pem']);
      const full = atob(generated.files['e.pem']!);
      const stripped = await ok(['ec', '-in', 'e.pem', '-no_public', '-out', 'out:n.pem'], { 'e.pem': full });
      const keys = await importKeyPair(atob(stripped.files['n.pem']!));
      expect(await spkiOf(keys.publicKey), curve).to.equal(await opensslSpki(full));
      expect(keys.privateKey.extractable).to.equal(false);
    }
  });

  it('imports AES-192-CBC where the browser has AES-192, and names the scheme where it has not', async () => {
    const generated = await ok([
      'genpkey',
      '-algorithm',
      'EC',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-out',
      'out:k.pem',
    ]);
    const result = await ok(
      [
        'pkcs8',
        '-topk8',
        '-in',
        'k.pem',
        '-v2',
        'aes-192-cbc',
        '-passout',
        `pass:${PASS}`,
        '-out',
        'out:e.pem',
      ],
      { 'k.pem': atob(generated.files['k.pem']!) },
    );
    try {
      const keys = await importKeyPair(atob(result.files['e.pem']!), PASS);
      expect(keys.privateKey.algorithm.name).to.equal('ECDSA');
    } catch (error) {
      console.info(`AES-192-CBC not available here: ${(error as Error).message}`);
      expect((error as { code?: string }).code).to.equal('key/unsupported-encryption');
    }
  });

  it('refuses legacy OpenSSL encryption and an RSA key asked for another hash', async () => {
    const legacy = await ok([
      'genrsa',
      '-traditional',
      '-aes256',
      '-passout',
      `pass:${PASS}`,
      '-out',
      'out:r.pem',
      '2048',
    ]);
    await expectCode(importPrivateKey(atob(legacy.files['r.pem']!), PASS), 'key/legacy-encryption');
    const keys = await generateKeyPair({ algorithm: 'RSA' });
    expect(() => webCryptoTokenKey(keys, 'SHA-384'))
      .to.throw()
      .with.property('code', 'key/hash-mismatch');
    const sha384 = await generateKeyPair({ algorithm: 'RSA', hash: 'SHA-384' });
    await expectOpensslVerifies(sha384, 'SHA-384');
  });
});
