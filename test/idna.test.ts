import { expect } from '@esm-bundle/chai';
import { toASCII, toUnicode } from '../src/index.js';

describe('IDNA', () => {
  const pairs: Array<[string, string]> = [
    ['日本語.jp', 'xn--wgv71a119e.jp'],
    ['テスト.テスト', 'xn--zckzah.xn--zckzah'],
    ['しるし.example', 'xn--68ja9m.example'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['例え.テスト', 'xn--r8jz45g.xn--zckzah'],
  ];

  it('converts U-labels to A-labels and back (RFC 3492 vectors)', () => {
    for (const [unicode, ascii] of pairs) {
      expect(toASCII(unicode)).to.equal(ascii);
      expect(toUnicode(ascii)).to.equal(unicode);
    }
  });

  it('maps full-width letters, uppercase and ideographic full stops the way people type them', () => {
    expect(toASCII('ＷＷＷ。日本語．ＪＰ')).to.equal('www.xn--wgv71a119e.jp');
    expect(toASCII('WWW.Example.JP')).to.equal('www.example.jp');
  });

  it('agrees with the platform URL parser on A-labels', () => {
    for (const [unicode, ascii] of pairs) expect(new URL(`https://${unicode}/`).hostname).to.equal(ascii);
  });

  it('leaves malformed or non-round-tripping A-labels as they are', () => {
    expect(toUnicode('xn--.jp')).to.equal('xn--.jp');
    expect(toUnicode('xn--99999999999999999999.jp')).to.equal('xn--99999999999999999999.jp');
    expect(toUnicode('xn--a.jp')).to.equal('xn--a.jp');
  });
});
