import { expect } from '@esm-bundle/chai';
import { base64Decode, base64Encode, decodePem, encodePem, toDerList } from '../src/index.js';
import { expectCode } from './helpers/der.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('base64', () => {
  it('round-trips every remainder length', () => {
    for (let length = 0; length < 70; length++) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff);
      expect(Array.from(base64Decode(base64Encode(data)))).to.deep.equal(Array.from(data));
      expect(base64Encode(data)).to.equal(btoa(String.fromCharCode(...data)));
    }
  });

  it('ignores whitespace and CRLF, accepts URL-safe characters', () => {
    expect(Array.from(base64Decode('AA\r\nEC\n AwQ='))).to.deep.equal([0, 1, 2, 3, 4]);
    expect(Array.from(base64Decode('-_8'))).to.deep.equal([0xfb, 0xff]);
  });

  it('rejects bad characters, data after padding and impossible lengths', () => {
    expectCode(() => base64Decode('AAE*'), 'pem/bad-base64');
    expectCode(() => base64Decode('AA==AA'), 'pem/bad-base64');
    expectCode(() => base64Decode('A'), 'pem/bad-base64');
    expectCode(() => base64Decode('AAA=='), 'pem/bad-base64');
  });
});

describe('PEM', () => {
  const cert = encodePem('CERTIFICATE', bytes(0x30, 0x03, 0x02, 0x01, 0x05));
  const key = encodePem('PRIVATE KEY', bytes(0x30, 0x00));

  it('encodes with 64-column lines and decodes several blocks with junk around them', () => {
    const long = encodePem('X', new Uint8Array(100));
    expect(long.split('\n')[1]).to.have.length(64);
    const text = `Subject: junk\r\n${cert.replace(/\n/g, '\r\n')}between\n${key}trailer`;
    const blocks = decodePem(text);
    expect(blocks.map((block) => block.label)).to.deep.equal(['CERTIFICATE', 'PRIVATE KEY']);
    expect(Array.from(blocks[0]!.der)).to.deep.equal([0x30, 0x03, 0x02, 0x01, 0x05]);
  });

  it('reads RFC 1421 headers of legacy encrypted keys', () => {
    const text =
      '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nMAA=\n-----END RSA PRIVATE KEY-----\n';
    const [block] = decodePem(text);
    expect(block!.headers['Proc-Type']).to.equal('4,ENCRYPTED');
    expect(Array.from(block!.der)).to.deep.equal([0x30, 0x00]);
  });

  it('accepts base64 without armour and DER bytes as they are', () => {
    expect(toDerList('MAMCAQU=', { maxBytes: 100 })).to.have.length(1);
    expect(toDerList(bytes(0x30, 0x00), { maxBytes: 100 })[0]).to.deep.equal(bytes(0x30, 0x00));
    expect(
      toDerList(new TextEncoder().encode(cert), { maxBytes: 100, labels: ['CERTIFICATE'] }),
    ).to.have.length(1);
  });

  it('picks blocks by label and names the wrong one', () => {
    expect(toDerList(key + cert, { maxBytes: 100, labels: ['CERTIFICATE'] })).to.have.length(1);
    const error = expectCode(
      () => toDerList(key, { maxBytes: 100, labels: ['CERTIFICATE'] }),
      'pem/wrong-label',
    );
    expect(error.messages.en).to.contain('PRIVATE KEY');
    expect(error.messages.ja).to.contain('PRIVATE KEY');
  });

  it('reports armour mistakes with their own codes', () => {
    expectCode(() => decodePem(''), 'input/empty');
    expectCode(() => decodePem('just some words!'), 'pem/no-data');
    expectCode(() => decodePem(cert.replace('END CERTIFICATE', 'END X509 CRL')), 'pem/mismatched-label');
    expectCode(() => decodePem(cert.replace(/-----END[^\n]*\n/, '')), 'pem/unterminated');
    expectCode(() => decodePem(cert.replace(/\n-----END/, '\n' + cert + '-----END')), 'pem/unterminated');
    expectCode(() => decodePem(cert.replace('MAMC', 'M*MC')), 'pem/bad-base64');
  });

  it('refuses oversized text before scanning it', () => {
    const error = expectCode(() => toDerList('A'.repeat(3_000_000), { maxBytes: 1000 }), 'input/too-large');
    expect(error.messages.ja).to.contain('3000000');
  });
});
