// Weak algorithms in revocation data: a CRL or an OCSP response signed with SHA-1 is not used unless the
// caller allows SHA-1 by name, as certificates in the path are not (test/path-checks.test.ts).
import { expect } from '@esm-bundle/chai';
import { buildOcspRequest, parseCertificate, verifyChain } from '../src/index.js';
import type { ChainResult } from '../src/path/types.js';
import { openssl } from './harness/openssl.js';
import { fromBase64 } from './helpers/fixtures.js';
import { CA_EXTENSIONS, issue, LEAF_EXTENSIONS, type Issued } from './helpers/openssl-chain.js';

const SHA1 = { allowSignatures: ['sha1WithRSAEncryption'] };

let root: Issued;
let leaf: Issued;

before(async () => {
  root = await issue('Weak Revocation Root', CA_EXTENSIONS, undefined, { key: 'rsa:2048' });
  leaf = await issue('weak.example.jp', `${LEAF_EXTENSIONS}\nsubjectAltName = DNS:weak.example.jp`, root);
});

/** A CRL of the root listing nothing, signed with `md` by openssl ca. */
async function crlSignedWith(md: string): Promise<Uint8Array> {
  const config = `[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = ${md}\ndefault_crl_days = 2\n`;
  const made = await openssl(
    ['ca', '-batch', '-config', 'ca.cnf', '-gencrl', '-keyfile', 'ca.key', '-cert', 'ca.pem'].concat([
      '-md',
      md,
      '-out',
      'out:crl.pem',
    ]),
    {
      files: { 'ca.cnf': config, 'index.txt': '', crlnumber: '01\n', 'ca.pem': root.pem, 'ca.key': root.key },
    },
  );
  expect(made.code, made.stderr).to.equal(0);
  const der = await openssl(['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'out:crl.der'], {
    files: { 'crl.pem': fromBase64(made.files['crl.pem']!) },
  });
  return fromBase64(der.files['crl.der']!);
}

/** An OCSP response from the root about the leaf (not in its index, so "unknown"), signed with `md`. */
async function ocspSignedWith(md: string): Promise<Uint8Array> {
  const request = await buildOcspRequest(leaf.pem, root.pem);
  const made = await openssl(
    ['ocsp', '-index', 'index.txt', '-rsigner', 'ca.pem', '-rkey', 'ca.key', '-CA', 'ca.pem'].concat([
      '-reqin',
      'req.der',
      '-respout',
      'out:resp.der',
      '-rmd',
      md,
      '-ndays',
      '1',
    ]),
    { files: { 'index.txt': '', 'req.der': request, 'ca.pem': root.pem, 'ca.key': root.key } },
  );
  expect(made.code, made.stderr).to.equal(0);
  return fromBase64(made.files['resp.der']!);
}

const codesOf = (result: ChainResult) => result.revocation.flatMap((r) => r.problems.map((p) => p.code));

describe('weak algorithms in CRLs and OCSP responses', () => {
  it('does not use a SHA-1 CRL unless SHA-1 is allowed by name', async () => {
    expect(parseCertificate(root.pem).signatureAlgorithm.name).to.equal('sha256WithRSAEncryption');
    const weak = await crlSignedWith('sha1');
    const refused = await verifyChain({ leaf: leaf.pem, trustAnchors: [root.pem], crls: [weak] });
    expect(refused.valid).to.equal(false);
    expect(refused.revocation[0]!.status).to.equal('unknown');
    expect(codesOf(refused)).to.include('revocation/crl-weak-signature');
    expect(refused.problems.map((p) => `${p.code}@${p.certificateIndex}`)).to.include(
      'chain/revocation-unknown@0',
    );
    const message = refused.revocation[0]!.problems.find((p) => p.code === 'revocation/crl-weak-signature')!;
    expect(message.message.ja).to.contain('sha1WithRSAEncryption');

    const allowed = await verifyChain({
      leaf: leaf.pem,
      trustAnchors: [root.pem],
      crls: [weak],
      weakAlgorithms: SHA1,
    });
    expect(allowed.valid, JSON.stringify(allowed.problems)).to.equal(true);
    expect(allowed.revocation[0]!.status).to.equal('good');

    const strong = await verifyChain({
      leaf: leaf.pem,
      trustAnchors: [root.pem],
      crls: [await crlSignedWith('sha256')],
    });
    expect(strong.valid).to.equal(true);
  });

  it('does not use a SHA-1 OCSP response unless SHA-1 is allowed by name', async () => {
    const weak = await ocspSignedWith('sha1');
    const refused = await verifyChain({ leaf: leaf.pem, trustAnchors: [root.pem], ocspResponses: [weak] });
    expect(refused.valid).to.equal(false);
    expect(codesOf(refused)).to.include('ocsp/weak-signature');
    expect(codesOf(refused)).to.not.include('ocsp/unknown-certificate');

    // Allowed, the response is read: the responder does not know the certificate.
    const allowed = await verifyChain({
      leaf: leaf.pem,
      trustAnchors: [root.pem],
      ocspResponses: [weak],
      weakAlgorithms: SHA1,
    });
    expect(codesOf(allowed)).to.include('ocsp/unknown-certificate');
    expect(codesOf(allowed)).to.not.include('ocsp/weak-signature');

    const strong = await verifyChain({
      leaf: leaf.pem,
      trustAnchors: [root.pem],
      ocspResponses: [await ocspSignedWith('sha256')],
    });
    expect(codesOf(strong)).to.include('ocsp/unknown-certificate');
  });
});
