import { expect } from '@esm-bundle/chai';
import { bytesToHex, sha1, sha256 } from '../src/index.js';
import { sha384, sha512 } from '../src/hash/sha.js';

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

describe('sha384 and sha512', () => {
  const hex = (bytes: Uint8Array) => bytesToHex(bytes);
  const text = (value: string) => new TextEncoder().encode(value);

  it('give the FIPS 180-4 test vectors', () => {
    const twoBlock =
      'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';
    expect(hex(sha384(text('abc')))).to.equal(
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    );
    expect(hex(sha512(text('abc')))).to.equal(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a' +
        '2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
    expect(hex(sha384(text('')))).to.equal(
      '38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b',
    );
    expect(hex(sha512(text('')))).to.equal(
      'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce' +
        '47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    );
    expect(twoBlock.length * 8).to.equal(896);
    expect(hex(sha384(text(twoBlock)))).to.equal(
      '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039',
    );
    expect(hex(sha512(text(twoBlock)))).to.equal(
      '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018' +
        '501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909',
    );
  });

  it('match WebCrypto for lengths around block boundaries', async () => {
    for (const length of [1, 111, 112, 113, 127, 128, 129, 239, 240, 256, 1000, 65_537]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff);
      const [web384, web512] = await Promise.all([
        crypto.subtle.digest('SHA-384', data),
        crypto.subtle.digest('SHA-512', data),
      ]);
      expect(hex(sha384(data)), `sha384 ${length}`).to.equal(hex(new Uint8Array(web384)));
      expect(hex(sha512(data)), `sha512 ${length}`).to.equal(hex(new Uint8Array(web512)));
    }
  });

  it('match WebCrypto on 1 MB of random data', async () => {
    const data = new Uint8Array(1 << 20);
    for (let i = 0; i < data.length; i += 65_536) crypto.getRandomValues(data.subarray(i, i + 65_536));
    const [web384, web512] = await Promise.all([
      crypto.subtle.digest('SHA-384', data),
      crypto.subtle.digest('SHA-512', data),
    ]);
    expect(hex(sha384(data))).to.equal(hex(new Uint8Array(web384)));
    expect(hex(sha512(data))).to.equal(hex(new Uint8Array(web512)));
  });
});
