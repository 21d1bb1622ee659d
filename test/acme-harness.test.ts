import { expect } from '@esm-bundle/chai';
import { acmeServer } from './helpers/acme-server.js';

// The browser reaches the test ACME server over TLS it trusts, and CORS exposes the headers ACME needs.
describe('ACME test server (pebble)', () => {
  it('serves a directory over trusted TLS with the ACME headers exposed', async () => {
    const { directoryUrl } = await acmeServer();
    const directory = (await (await fetch(directoryUrl)).json()) as Record<string, unknown>;
    expect(directory).to.include.keys('newNonce', 'newAccount', 'newOrder', 'revokeCert', 'keyChange');
    expect((directory.meta as Record<string, unknown>).externalAccountRequired).to.equal(true);
    const nonce = await fetch(directory.newNonce as string, { method: 'HEAD' });
    expect(nonce.headers.get('Replay-Nonce')).to.match(/^[\w-]+$/);
  });
});
