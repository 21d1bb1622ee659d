import { expect } from '@esm-bundle/chai';
import { parseCertificate, type CertificateInfo } from '../src/index.js';
import { toPathCertificate } from '../src/path/certificate.js';
import { certificateFixtures, fixtures, fromBase64 } from './helpers/fixtures.js';
import { parseCertificate as referenceParse } from './helpers/reference-certificate/parse.js';

/**
 * Differential test for issue 17 step 1: the certificate reader on our own DER reader must give exactly
 * what the earlier asn1js/pkijs reader (kept in test/helpers/reference-certificate/) gave, value for value,
 * and the same error code where that one refused the input.
 */

const BASE = '/test/fixtures/pkits';

interface Manifest {
  cases: Array<{ certs: string[] }>;
}

type Outcome = { info: CertificateInfo } | { code: string };

function outcome(parse: (der: Uint8Array) => CertificateInfo, der: Uint8Array): Outcome {
  try {
    return { info: parse(der) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Anything but a ShirushiError (a TypeError, a RangeError) is a crash, never an answer.
    if (code === undefined) throw error;
    return { code };
  }
}

function expectSame(der: Uint8Array, label: string): Outcome {
  const expected = outcome(referenceParse, der);
  const actual = outcome(parseCertificate, der);
  expect(actual, label).to.deep.equal(expected);
  return actual;
}

async function load(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const manifest = (await (await fetch(`${BASE}/pkits-manifest.json`)).json()) as Manifest;
const pkitsNames = [...new Set(manifest.cases.flatMap((entry) => entry.certs))].sort();

describe('one certificate model: the DER-reader parse equals the asn1js/pkijs reference', () => {
  it('lists every PKITS certificate', () => {
    expect(pkitsNames).to.have.length(405);
  });

  it('gives the same CertificateInfo for all 405 PKITS certificates', async () => {
    const certificates = await Promise.all(
      pkitsNames.map(async (name) => [name, await load(`${BASE}/certs/${name}.crt`)] as const),
    );
    let parsed = 0;
    for (const [name, der] of certificates) {
      if ('info' in expectSame(der, name)) parsed++;
    }
    // PKITS holds no certificate the reader refuses; a count drop means both readers broke alike.
    expect(parsed).to.equal(405);
  });

  it('gives the same CertificateInfo for every openssl fixture, as DER and as PEM', async () => {
    const all = await certificateFixtures();
    expect(Object.keys(all).length).to.be.greaterThan(3);
    for (const [name, fixture] of Object.entries(all)) {
      const der = fromBase64(fixture.der);
      expect('info' in expectSame(der, name), name).to.equal(true);
      expect(parseCertificate(fixture.pem), `${name} PEM`).to.deep.equal(referenceParse(fixture.pem));
    }
  });

  it('refuses a CRL with the same code', async () => {
    const crl = (await fixtures()).intermediateCrl!;
    const result = expectSame(fromBase64(crl.der), 'CRL');
    expect(result).to.deep.equal({ code: 'certificate/not-a-certificate' });
  });

  it('reads damaged certificates (one byte changed at a time) alike, and never crashes', async () => {
    const der = fromBase64((await certificateFixtures()).rsa2048!.der);
    let total = 0;
    let bothParsed = 0;
    let disagreements = 0;
    for (let index = 0; index < der.length; index += 3) {
      for (const change of [0x01, 0x80, 0xff]) {
        const broken = der.slice();
        broken[index] = broken[index]! ^ change;
        const label = `byte ${index} ^ ${change}`;
        const expected = outcome(referenceParse, broken);
        const actual = outcome(parseCertificate, broken);
        total++;
        if ('info' in expected && 'info' in actual) {
          bothParsed++;
          expect(actual.info, label).to.deep.equal(expected.info);
        } else if ('info' in expected !== 'info' in actual) {
          disagreements++;
        }
      }
    }
    // Damage that leaves a readable certificate must read the same; the two decoders differ on a few BER
    // forms that asn1js let through or refused inconsistently (primitive SEQUENCEs inside extension
    // values), which may flip parse/refuse for a handful of the changed bytes, never more.
    expect(bothParsed).to.be.greaterThan(total / 10);
    expect(disagreements / total).to.be.lessThan(0.03);
  });

  it('gives path validation the same info as parseCertificate, read once and cached by the bytes', async () => {
    const der = fromBase64((await certificateFixtures()).rsa2048!.der);
    const first = toPathCertificate(der);
    expect(first.info).to.deep.equal(referenceParse(der));
    expect(toPathCertificate(der)).to.equal(first);
    expect(first.tbs).to.deep.equal(der.subarray(4, 4 + first.tbs.length));
    expect(first.spki).to.deep.equal(first.info.publicKey.spki);
  });
});
