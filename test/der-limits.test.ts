import { expect } from '@esm-bundle/chai';
import { CERTIFICATE_LIMITS, parseCertificate, scanDer } from '../src/index.js';
import { concat, expectCode, nestedSequences, tlv } from './helpers/der.js';

const limits = { maxBytes: 1 << 20, maxDepth: 8, maxNodes: 1000 };

describe('DER scan', () => {
  it('counts nodes and depth of a well-formed structure', () => {
    const der = tlv(0x30, concat(tlv(0x02, [1]), tlv(0x30, tlv(0x05, [])), tlv(0x04, [1, 2])));
    expect(scanDer(der, limits)).to.deep.equal({ nodes: 5, depth: 3, length: der.length });
  });

  it('accepts long-form lengths and high tag numbers', () => {
    const der = tlv(0x30, concat(tlv(0x04, new Uint8Array(300)), Uint8Array.from([0x9f, 0x81, 0x01, 0x00])));
    expect(scanDer(der, limits).nodes).to.equal(3);
  });

  it('refuses truncation, trailing bytes, indefinite and oversized lengths', () => {
    const good = tlv(0x30, concat(tlv(0x02, [1]), tlv(0x02, [2])));
    expectCode(() => scanDer(good.slice(0, -1), limits), 'der/truncated');
    expectCode(() => scanDer(Uint8Array.from([0x30]), limits), 'der/truncated');
    expectCode(() => scanDer(concat(good, Uint8Array.from([0])), limits), 'der/trailing-data');
    expectCode(() => scanDer(Uint8Array.from([0x30, 0x80, 0x00, 0x00]), limits), 'der/bad-length');
    expectCode(() => scanDer(Uint8Array.from([0x30, 0x85, 1, 0, 0, 0, 0]), limits), 'der/bad-length');
    // The inner element claims more than its parent holds, though the buffer has the bytes.
    expectCode(
      () => scanDer(Uint8Array.from([0x30, 0x02, 0x30, 0x03, 0x05, 0x00, 0x00]), limits),
      'der/bad-length',
    );
    expectCode(() => scanDer(new Uint8Array(0), limits), 'input/empty');
  });

  it('refuses nesting deeper than the limit, in time linear in the input', () => {
    expect(scanDer(nestedSequences(8), limits).depth).to.equal(9);
    expectCode(() => scanDer(nestedSequences(9), limits), 'der/too-deep');
    expectCode(() => parseCertificate(nestedSequences(100_000)), 'der/too-deep');
  });

  it('refuses more elements than the limit', () => {
    const many = tlv(
      0x30,
      new Uint8Array(2 * 2000).fill(0).map((_, i) => (i % 2 === 0 ? 0x05 : 0)),
    );
    expectCode(() => scanDer(many, limits), 'der/too-many-nodes');
  });

  it('refuses 200 MB inputs by size before reading them', () => {
    const huge = new Uint8Array(200 * 1024 * 1024);
    huge[0] = 0x30;
    const error = expectCode(() => parseCertificate(huge), 'input/too-large');
    expect(error.messages.en).to.contain(String(CERTIFICATE_LIMITS.maxBytes));
    expectCode(() => parseCertificate(huge.subarray(1)), 'input/too-large');
    expectCode(() => parseCertificate('A'.repeat(200 * 1024 * 1024)), 'input/too-large');
  });
});
