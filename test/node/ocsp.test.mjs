// OCSP in node 20 through the package's exports: fetchOcsp straight to openssl's responders (no CORS
// in node, so no relay), then checkRevocation and verifyChain with the answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkRevocation, fetchOcsp, parseOcspResponse, verifyChain } from 'shirushi';
import { ocspResponderPlugin } from '../harness/ocsp-responder.mjs';

const plugin = ocspResponderPlugin();
let pki;

describe('OCSP in node', () => {
  before(async () => {
    pki = await plugin.executeCommand({ command: 'ocsp-responder', payload: { action: 'pki' } });
  });
  after(() => plugin.serverStop());

  it('good and revoked from the responder named in the certificate, by GET and by POST', async () => {
    const good = await fetchOcsp(pki.leafGood, pki.intermediate);
    const revoked = await fetchOcsp(pki.leafRevoked, pki.intermediate, { hash: 'SHA-512', nonce: true });
    assert.equal(parseOcspResponse(good).status, 'successful');
    const check = (certificate, der) =>
      checkRevocation({ certificate, issuer: pki.intermediate, crls: [], ocspResponses: [der] });
    assert.equal((await check(pki.leafGood, good)).status, 'good');
    const result = await check(pki.leafRevoked, revoked);
    assert.equal(result.status, 'revoked');
    assert.equal(result.reason, 'keyCompromise');
    assert.equal(result.revocationDate.toISOString(), pki.revokedAt);
  });

  it('verifyChain with OCSP only', async () => {
    const responses = [
      await fetchOcsp(pki.leafGood, pki.intermediate, { url: pki.responders.delegated }),
      await fetchOcsp(pki.intermediate, pki.root),
    ];
    const chain = await verifyChain({
      leaf: pki.leafGood,
      intermediates: [pki.intermediate],
      trustAnchors: [pki.root],
      ocspResponses: responses,
    });
    assert.deepEqual(chain.problems, []);
    assert.equal(chain.valid, true);
    assert.deepEqual(
      chain.revocation.map((item) => item.ocsp.responder),
      ['CN=OCSP Test Responder,O=shirushi test', 'CN=OCSP Test Root,O=shirushi test'],
    );
  });
});
