// Chain and revocation for vault certificates: the openssl-made PKI of test/fixtures/crl-scenarios.mjs is
// imported into a fresh vault, its CRLs are served by test/harness/crl-server.mjs through its honest mirror,
// and the engine's answer must land in the vault (latest result, status chips, history).
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { clearCrlCache } from '../src/net/crl-cache.js';
import { checkVaultRevocation, openVault, vaultChainOf, type Vault } from '../src/vault/index.js';
import { crlScenarios, type CrlScenarios } from './helpers/crl-scenarios.js';

const MIRROR = '/crl-test/mirror?u={url}';

let pki: CrlScenarios;
const opened: Vault[] = [];

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Serves the CRL named in the scenarios for the distribution point URL of `certificate`. */
async function serveCrlFor(certificate: string, crl: string): Promise<void> {
  const url = pki.certificates[certificate]!.crlDistributionPoints[0]!;
  const der = fromBase64(pki.crls[crl]!.der);
  const name = `vault-${crl}-${Date.now().toString(36)}`;
  await executeServerCommand('crl-server', { action: 'put', name, der: base64(der), url });
}

async function vaultWith(...certificates: string[]): Promise<Vault> {
  const vault = await openVault({ name: `vault-check-${Date.now()}-${opened.length}`, persist: false });
  opened.push(vault);
  const pem = certificates.map((name) => pki.certificates[name]!.pem).join('\n');
  await vault.importCertificates(pem);
  return vault;
}

const idOf = (vault: Vault, name: string) =>
  vault
    .search({ includeCa: true })
    .find((item) => item.serial === pki.certificates[name]!.serialNumber.toLowerCase())!.id;

before(async function () {
  this.timeout(120_000);
  pki = await crlScenarios();
});

beforeEach(async () => {
  await clearCrlCache();
  await executeServerCommand('crl-server', { action: 'reset' });
});

afterEach(async () => {
  for (const vault of opened.splice(0)) {
    const name = vault.name;
    vault.close();
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
  }
});

describe('vault: chain and revocation', () => {
  it('builds the path from the vault CA certificates to the given anchor', async () => {
    const vault = await vaultWith('good', 'ca');
    const chain = await vaultChainOf(vault, idOf(vault, 'good'), {
      trustAnchors: [pki.certificates.root!.der],
    });
    expect(chain.valid, JSON.stringify(chain.problems)).to.equal(true);
    expect(chain.path.map((item) => item.subject.commonName)).to.deep.equal([
      pki.certificates.good!.subjectDN.match(/CN ?= ?([^,]+)/)![1],
      'Shirushi CRL Test CA R1',
      'Shirushi CRL Test Root',
    ]);
    // Without the test root (only the bundled SECOM roots), the path does not reach an anchor.
    const untrusted = await vaultChainOf(vault, idOf(vault, 'good'));
    expect(untrusted.valid).to.equal(false);
  });

  it('a good leaf: CRLs of leaf and CA fetched through the mirror, "good" recorded with history', async () => {
    await serveCrlFor('good', 'caCrl');
    await serveCrlFor('ca', 'rootCrl');
    const vault = await vaultWith('good', 'ca');
    const id = idOf(vault, 'good');
    const check = await checkVaultRevocation(vault, id, {
      trustAnchors: [pki.certificates.root!.der],
      mirror: MIRROR,
    });
    expect(check.result.status, JSON.stringify(check.result.problems)).to.equal('good');
    expect(check.chain.revocation.map((answer) => answer.status)).to.deep.equal(['good', 'good']);
    expect(vault.revocation(id)?.status).to.equal('good');
    expect(vault.statusOf(vault.summary(id)!).chips).to.not.include('revoked');
    const history = await vault.history(id);
    expect(history.map((event) => event.type)).to.include('revocation-checked');
  });

  it('a revoked leaf is recorded revoked with its reason, and the status chips say so', async () => {
    await serveCrlFor('keyCompromise', 'caCrl');
    await serveCrlFor('ca', 'rootCrl');
    const vault = await vaultWith('keyCompromise', 'ca');
    const id = idOf(vault, 'keyCompromise');
    const check = await checkVaultRevocation(vault, id, {
      trustAnchors: [pki.certificates.root!.der],
      mirror: MIRROR,
    });
    expect(check.result).to.include({ status: 'revoked', reason: 'keyCompromise' });
    expect(vault.revocation(id)).to.include({ status: 'revoked', reason: 'keyCompromise' });
    expect(vault.statusOf(vault.summary(id)!).status).to.equal('revoked');
  });

  it('a revoked intermediate revokes the leaf below it', async () => {
    await serveCrlFor('underRevokedCa', 'caRevokedCrl');
    await serveCrlFor('caRevoked', 'rootCrl');
    const vault = await vaultWith('underRevokedCa', 'caRevoked');
    const id = idOf(vault, 'underRevokedCa');
    const check = await checkVaultRevocation(vault, id, {
      trustAnchors: [pki.certificates.root!.der],
      mirror: MIRROR,
    });
    expect(check.chain.revocation[0]?.status).to.equal('good');
    expect(check.result.status).to.equal('revoked');
    expect(vault.revocation(id)?.status).to.equal('revoked');
  });

  it('an unreachable CRL leaves the leaf unknown with the download problem, never good', async () => {
    const vault = await vaultWith('good', 'ca');
    const id = idOf(vault, 'good');
    const check = await checkVaultRevocation(vault, id, {
      trustAnchors: [pki.certificates.root!.der],
      // A mirror that has none of the CRLs: every download is a 404.
      mirror: '/crl-test/crl/not-mirrored{path}',
    });
    expect(check.result.status).to.equal('unknown');
    expect(check.problems.length).to.be.greaterThan(0);
    expect(check.problems[0]!.code).to.match(/^crl-fetch\//);
    expect(vault.revocation(id)?.status).to.equal('unknown');
  });
});
