import { expect } from '@esm-bundle/chai';
import { bytesToHex, sha1, sha256 } from '../src/index.js';

describe('sha1 and sha256', () => {
  it('match WebCrypto for lengths around block boundaries', async () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 65_537]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff);
      const [web256, web1] = await Promise.all([
        crypto.subtle.digest('SHA-256', data),
        crypto.subtle.digest('SHA-1', data),
      ]);
      expect(bytesToHex(sha256(data)), `sha256 ${length}`).to.equal(bytesToHex(new Uint8Array(web256)));
      expect(bytesToHex(sha1(data)), `sha1 ${length}`).to.equal(bytesToHex(new Uint8Array(web1)));
    }
  });

  it('give the published test vectors', () => {
    const abc = new TextEncoder().encode('abc');
    expect(bytesToHex(sha256(abc))).to.equal(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(bytesToHex(sha1(abc))).to.equal('a9993e364706816aba3e25717850c26c9cd0d89d');
  });
});
