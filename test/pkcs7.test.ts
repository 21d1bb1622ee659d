import { expect } from '@esm-bundle/chai';
import { readTlv } from '../src/asn1/reader.js';
import { contextSpecific, octetString, oid, sequence } from '../src/asn1/writer.js';
import { bytesToHex } from '../src/encoding/hex.js';
import { normalizeBer, parsePkcs7Certificates } from '../src/pkcs7/index.js';
import { openssl } from './harness/openssl.js';
import { expectCode } from './helpers/der.js';
import { fixtures, fromBase64, type CertificateFixture, type CrlFixture } from './helpers/fixtures.js';

/** Re-encodes DER as BER: indefinite lengths everywhere, long OCTET STRINGs split into 32-byte chunks. */
function toBer(der: Uint8Array, offset = 0): number[] {
  const node = readTlv(der, offset, der.length);
  const content = der.subarray(node.content, node.end);
  if ((node.tag & 0x20) !== 0) {
    const out = [node.tag, 0x80];
    for (let position = node.content; position < node.end;) {
      out.push(...toBer(der, position));
      position = readTlv(der, position, node.end).end;
    }
    return [...out, 0, 0];
  }
  if (node.tag === 0x04 && content.length > 32) {
    const out = [0x24, 0x80];
    for (let i = 0; i < content.length; i += 32) {
      const chunk = content.subarray(i, i + 32);
      out.push(0x04, chunk.length, ...chunk);
    }
    return [...out, 0, 0];
  }
  return Array.from(der.subarray(node.start, node.end));
}

async function ok(args: string[], files: Record<string, Uint8Array | string>) {
  const result = await openssl(args, { files });
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

describe('pkcs7: certificates from .p7b / .p7c', () => {
  let leaf: CertificateFixture;
  let intermediate: CertificateFixture;
  let root: CertificateFixture;
  let crl: CrlFixture;
  let pem: string;
  let der: Uint8Array;

  before(async () => {
    const all = await fixtures();
    leaf = all.rsa2048 as CertificateFixture;
    intermediate = all.intermediate as CertificateFixture;
    root = all.root as CertificateFixture;
    crl = all.intermediateCrl as CrlFixture;
    const files = { 'leaf.pem': leaf.pem, 'ca.pem': intermediate.pem, 'root.pem': root.pem };
    const args = [
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      'leaf.pem',
      '-certfile',
      'ca.pem',
      '-certfile',
      'root.pem',
    ];
    pem = (await ok([...args, '-out', 'out:c.p7b'], files)).files['c.p7b']!;
    pem = atob(pem);
    der = fromBase64((await ok([...args, '-outform', 'DER', '-out', 'out:c.p7c'], files)).files['c.p7c']!);
  });

  const hexes = (list: Uint8Array[]) => list.map(bytesToHex);

  it('reads what openssl crl2pkcs7 -nocrl writes, PEM and DER, in file order', () => {
    const want = [leaf.der, intermediate.der, root.der].map((b64) => bytesToHex(fromBase64(b64)));
    expect(pem).to.contain('-----BEGIN PKCS7-----');
    expect(hexes(parsePkcs7Certificates(pem))).to.deep.equal(want);
    expect(hexes(parsePkcs7Certificates(der))).to.deep.equal(want);
    const buffer = new ArrayBuffer(der.length);
    new Uint8Array(buffer).set(der);
    expect(hexes(parsePkcs7Certificates(buffer))).to.deep.equal(want);
  });

  it('accepts the CMS label, PEM given as bytes, and text around the block', () => {
    const cms = `Chain for www.example.jp\n${pem.replace(/PKCS7/g, 'CMS')}\n`;
    expect(parsePkcs7Certificates(cms)).to.have.length(3);
    expect(parsePkcs7Certificates(new TextEncoder().encode(pem))).to.have.length(3);
  });

  it('reads BER with indefinite lengths and chunked OCTET STRINGs, as Windows writes', () => {
    const ber = Uint8Array.from(toBer(der));
    expect(ber.length).to.be.greaterThan(der.length);
    expect(bytesToHex(normalizeBer(ber))).to.equal(bytesToHex(der));
    expect(hexes(parsePkcs7Certificates(ber))).to.deep.equal(hexes(parsePkcs7Certificates(der)));
    // DER comes back as the very same array, without copying.
    expect(normalizeBer(der)).to.equal(der);
  });

  it('says a CRL-only file has no certificates', async () => {
    const result = await ok(['crl2pkcs7', '-in', 'c.pem', '-outform', 'DER', '-out', 'out:crl.p7b'], {
      'c.pem': crl.pem,
    });
    expectCode(() => parsePkcs7Certificates(fromBase64(result.files['crl.p7b']!)), 'pkcs7/no-certificates');
  });

  it('refuses other content types, truncated and trailing data, wrong labels and empty input', () => {
    const data = sequence(
      oid('1.2.840.113549.1.7.1'),
      contextSpecific(0, true, octetString(new Uint8Array(4))),
    );
    const error = expectCode(() => parsePkcs7Certificates(data), 'pkcs7/not-signed-data');
    expect(error.messages.en).to.contain('data');
    for (const cut of [1, 20, der.length - 1]) {
      expectCode(() => parsePkcs7Certificates(der.subarray(0, cut)), 'pkcs7/malformed');
    }
    const trailing = new Uint8Array(der.length + 2);
    trailing.set(der);
    expectCode(() => parsePkcs7Certificates(trailing), 'pkcs7/malformed');
    expectCode(() => parsePkcs7Certificates(leaf.pem), 'pem/wrong-label');
    expectCode(() => parsePkcs7Certificates(new Uint8Array(0)), 'input/empty');
  });

  it('refuses BER nested deeper than the limit without running out of stack', () => {
    const deep = new Uint8Array(2 * 100_000 + 2 * 100_000);
    for (let i = 0; i < 100_000; i++) {
      deep[2 * i] = 0x30;
      deep[2 * i + 1] = 0x80;
    }
    expectCode(() => normalizeBer(deep), 'der/too-deep');
  });
});
