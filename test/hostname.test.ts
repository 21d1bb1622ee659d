import { expect } from '@esm-bundle/chai';
import { findHostnameMatch, matchesHostname, parseCertificate } from '../src/index.js';
import { buildCertificate } from './helpers/build-certificate.js';
import { certificateFixtures } from './helpers/fixtures.js';

describe('matchesHostname', () => {
  it('matches DNS SANs case-insensitively, with or without a trailing dot', async () => {
    const cert = parseCertificate((await certificateFixtures()).rsa2048!.pem);
    for (const host of ['ov.example.jp', 'WWW.OV.Example.JP', 'ov.example.jp.'])
      expect(matchesHostname(cert, host), host).to.equal(true);
    for (const host of ['example.jp', 'x.ov.example.jp', 'ov.example.jp.evil.test', ''])
      expect(matchesHostname(cert, host), host).to.equal(false);
  });

  it('compares IDNs as A-labels and reports them as U-labels', async () => {
    const { idn } = await certificateFixtures();
    const match = findHostnameMatch(idn!.pem, '日本語.jp');
    expect(match.matches).to.equal(true);
    expect(match.host).to.deep.equal({ ascii: 'xn--wgv71a119e.jp', unicode: '日本語.jp', kind: 'dns' });
    expect(match.matchedName).to.deep.equal({
      ascii: 'xn--wgv71a119e.jp',
      unicode: '日本語.jp',
      source: 'san-dns',
    });
    expect(matchesHostname(idn!.pem, 'WWW.日本語．ＪＰ')).to.equal(true);
    const wildcard = findHostnameMatch(idn!.pem, 'shop.ドメイン.テスト');
    expect(wildcard.matchedName?.unicode).to.equal('*.ドメイン.テスト');
    expect(matchesHostname(idn!.pem, 'a.b.ドメイン.テスト')).to.equal(false);
    expect(matchesHostname(idn!.pem, 'ドメイン.テスト')).to.equal(false);
  });

  it('matches IP hosts only against IP SANs, IPv6 in any spelling', async () => {
    const { ipSan } = await certificateFixtures();
    expect(matchesHostname(ipSan!.pem, '192.0.2.10')).to.equal(true);
    expect(matchesHostname(ipSan!.pem, '[2001:DB8:0:0::10]')).to.equal(true);
    expect(matchesHostname(ipSan!.pem, '2001:db8::11')).to.equal(false);
    expect(matchesHostname(ipSan!.pem, '192.0.2.010')).to.equal(false);
    expect(matchesHostname(ipSan!.pem, '::ffff:192.0.2.10')).to.equal(false);
    expect(findHostnameMatch(ipSan!.pem, '2001:db8:192.0.2.10::').reason).to.equal('invalid-host');
    const byName = await buildCertificate({ dnsNames: ['192.0.2.10'] });
    expect(findHostnameMatch(byName, '192.0.2.10')).to.include({ matches: false, reason: 'no-match' });
  });

  it('allows a wildcard only as a whole leftmost label over at least two labels', async () => {
    const der = await buildCertificate({
      dnsNames: ['*.example.jp', 'w*.example.net', '*.jp', 'a.*.example.org', '*.*.example.com'],
    });
    expect(matchesHostname(der, 'www.example.jp')).to.equal(true);
    expect(matchesHostname(der, 'xn--wgv71a119e.example.jp')).to.equal(true);
    expect(matchesHostname(der, 'example.jp')).to.equal(false);
    expect(matchesHostname(der, '.example.jp')).to.equal(false);
    expect(matchesHostname(der, 'www.example.net')).to.equal(false);
    expect(matchesHostname(der, 'example.jp.jp')).to.equal(false);
    expect(matchesHostname(der, 'a.b.example.org')).to.equal(false);
    expect(matchesHostname(der, 'a.b.example.com')).to.equal(false);
  });

  it('never matches the subject CN, with or without SANs', async () => {
    const withSans = await buildCertificate({
      subject: [['2.5.4.3', 'cn.example.jp']],
      dnsNames: ['san.example.jp'],
    });
    expect(matchesHostname(withSans, 'cn.example.jp')).to.equal(false);
    expect(matchesHostname(withSans, 'san.example.jp')).to.equal(true);
    const cnOnly = await buildCertificate({ subject: [['2.5.4.3', 'cn.example.jp']] });
    expect(findHostnameMatch(cnOnly, 'cn.example.jp')).to.include({ matches: false, reason: 'no-names' });
  });

  it('refuses hosts that are not host names', async () => {
    const cert = (await certificateFixtures()).rsa2048!.pem;
    for (const host of [
      'ov example.jp',
      'ov.example.jp/',
      '-ov.example.jp',
      'a'.repeat(64) + '.jp',
      '1.2.3',
    ]) {
      expect(findHostnameMatch(cert, host).reason, host).to.equal('invalid-host');
    }
  });
});
