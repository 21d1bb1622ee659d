import { expect } from '@esm-bundle/chai';
import {
  AcmeClient,
  acmeSigner,
  base64urlDecode,
  base64urlEncode,
  closeAcmeStore,
  deleteAcmeAccount,
  generateAccountKey,
  getAcmeAccount,
  getAcmeIssuance,
  jwkThumbprint,
  listAcmeAccounts,
  listAcmeIssuances,
  orderCertificate,
  saveAcmeAccount,
  saveAcmeIssuance,
  type AcmeError,
  type AcmeSigner,
  type ChallengeInstructions,
  type EabAlg,
  type OrderResult,
  type StoredAcmeAccount,
} from '../src/acme/index.js';
import { createCsr } from '../src/csr/index.js';
import { closeKeyStore, deleteKey, getKey } from '../src/keys/store.js';
import { verifyChain } from '../src/net/offloaded.js';
import { parseCertificate } from '../src/certificate/parse.js';
import {
  acmeCertificateStatus,
  acmeClearChallenge,
  acmeDns01,
  acmeHttp01,
  acmeRoots,
  acmeServer,
  uniqueDomain,
  type AcmeTestServer,
} from './helpers/acme-server.js';
import { expectCode } from './helpers/expect-code.js';

let server: AcmeTestServer;

before(async function () {
  this.timeout(60_000);
  server = await acmeServer();
});

const keysMade: string[] = [];
after(async () => {
  for (const id of keysMade) await deleteKey(id).catch(() => undefined);
  await closeKeyStore();
  await closeAcmeStore();
});

async function newClient(options: { fetch?: typeof fetch } = {}): Promise<AcmeClient> {
  return AcmeClient.connect(server.directoryUrl, options);
}

async function registered(
  o: { alg?: 'ES256' | 'RS256'; eab?: number; eabAlg?: EabAlg; fetch?: typeof fetch } = {},
): Promise<{ client: AcmeClient; signer: AcmeSigner }> {
  const client = await newClient(o.fetch ? { fetch: o.fetch } : {});
  const signer = await acmeSigner(await generateAccountKey(o.alg ?? 'ES256'));
  const eab = server.eab[o.eab ?? 0]!;
  await client.newAccount({
    signer,
    contact: ['mailto:acme-test@example.jp'],
    termsOfServiceAgreed: true,
    eab: { ...eab, ...(o.eabAlg && { alg: o.eabAlg }) },
  });
  return { client, signer };
}

/** Places every challenge through the harness, as a user would on their server or DNS. */
async function place(instructions: ChallengeInstructions[]): Promise<void> {
  for (const item of instructions) {
    if (item.type === 'http-01') await acmeHttp01(item.token, item.content);
    else await acmeDns01(item.name, item.value);
  }
}

async function issue(
  client: AcmeClient,
  names: string[],
  challengeType: 'http-01' | 'dns-01' = 'http-01',
  extra: Partial<Parameters<typeof orderCertificate>[0]> = {},
): Promise<OrderResult> {
  const result = await orderCertificate({ client, names, challengeType, onChallenges: place, ...extra });
  if (result.keyId) keysMade.push(result.keyId);
  return result;
}

/** Counts POSTs and the badNonce answers, without reading anything secret. */
function countingFetch() {
  const counts = { posts: 0, badNonce: 0, nonces: [] as string[] };
  const wrapped = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.method === 'POST' && typeof init.body === 'string') {
      counts.posts++;
      const header = JSON.parse(
        new TextDecoder().decode(base64urlDecode((JSON.parse(init.body) as { protected: string }).protected)),
      ) as { nonce?: string };
      if (header.nonce) counts.nonces.push(header.nonce);
    }
    const response = await fetch(input, init);
    if (response.status === 400 && (response.headers.get('content-type') ?? '').includes('problem')) {
      const body = (await response.clone().json()) as { type?: string };
      if (body.type?.endsWith(':badNonce')) counts.badNonce++;
    }
    return response;
  }) as typeof fetch;
  return { counts, fetch: wrapped };
}

describe('ACME against pebble: accounts', () => {
  it('an account without EAB is refused with acme/externalAccountRequired', async () => {
    const client = await newClient();
    expect(client.directory.meta?.externalAccountRequired).to.equal(true);
    const signer = await acmeSigner(await generateAccountKey('ES256'));
    const error = (await expectCode(
      client.newAccount({ signer, termsOfServiceAgreed: true }),
      'acme/externalAccountRequired',
    )) as AcmeError;
    expect(error.messages.ja).to.include('EAB');
    expect(client.accountUrl).to.equal(undefined);
  });

  it('a wrong MAC key is refused with acme/unauthorized, and the key appears in no message', async () => {
    const client = await newClient();
    const signer = await acmeSigner(await generateAccountKey('ES256'));
    const wrong = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
    const error = await expectCode(
      client.newAccount({
        signer,
        termsOfServiceAgreed: true,
        eab: { kid: server.eab[0]!.kid, macKey: wrong },
      }),
      'acme/unauthorized',
    );
    expect(`${error.message}\n${error.messages!.ja}`).to.not.include(wrong);
    expect(`${error.message}`).to.not.include(server.eab[0]!.macKey);
  });

  for (const [alg, eabAlg, eab] of [
    ['ES256', 'HS256', 0],
    ['ES256', 'HS384', 1],
    ['ES256', 'HS512', 2],
    ['RS256', 'HS256', 1],
  ] as const) {
    it(`a valid EAB (${eabAlg}) with an ${alg} account key registers an account`, async () => {
      const { client, signer } = await registered({ alg, eab, eabAlg });
      expect(signer.alg).to.equal(alg);
      expect(client.accountUrl).to.match(/^https:\/\/127\.0\.0\.1:\d+\//);
      // The same key finds the same account again.
      const again = await newClient();
      const found = await again.newAccount({ signer, termsOfServiceAgreed: true, onlyReturnExisting: true });
      expect(found.url).to.equal(client.accountUrl);
      expect(found.status).to.equal('valid');
    });
  }

  it('a planted used nonce is answered badNonce and retried transparently', async () => {
    const { counts, fetch } = countingFetch();
    const { client } = await registered({ fetch });
    const used = counts.nonces[counts.nonces.length - 1]!;
    client.nonces.push(used);
    const before = counts.posts;
    const order = await client.newOrder([uniqueDomain('nonce')]);
    expect(order.status).to.equal('pending');
    expect(counts.badNonce).to.equal(1);
    expect(counts.posts - before).to.equal(2);
    expect(counts.nonces[counts.nonces.length - 2]).to.equal(used);
  });

  it('key rollover: orders work with the new key, the old key is refused', async () => {
    const { client, signer: oldSigner } = await registered({ alg: 'ES256' });
    // Same algorithm, so the old key's JWS fails on its signature, not on an algorithm mismatch.
    const newSigner = await acmeSigner(await generateAccountKey('ES256'));
    await client.rolloverKey(newSigner);
    expect(client.signer).to.equal(newSigner);
    const order = await client.newOrder([uniqueDomain('rolled')]);
    expect(order.status).to.equal('pending');

    const stale = await newClient();
    stale.useAccount(oldSigner, client.accountUrl!);
    const error = await expectCode(stale.newOrder([uniqueDomain('stale')]), 'acme/malformed');
    expect(error.messages!.en).to.include('JWS verification error');
    await expectCode(
      stale.newAccount({ signer: oldSigner, termsOfServiceAgreed: true, onlyReturnExisting: true }),
      'acme/accountDoesNotExist',
    );
  });

  it('store round trip: non-extractable key, usable after closing the store, no MAC key stored', async () => {
    const keys = await generateAccountKey('ES256');
    const signer = await acmeSigner(keys);
    const client = await newClient();
    const eab = server.eab[0]!;
    await client.newAccount({
      signer,
      termsOfServiceAgreed: true,
      eab,
      contact: ['mailto:store@example.jp'],
    });
    const id = crypto.randomUUID();
    const record: StoredAcmeAccount = {
      id,
      directoryUrl: server.directoryUrl,
      accountUrl: client.accountUrl!,
      alg: 'ES256',
      privateKey: keys.privateKey,
      publicKey: keys.publicKey,
      jwk: signer.jwk,
      thumbprint: await jwkThumbprint(signer.jwk),
      contact: ['mailto:store@example.jp'],
      eabKid: eab.kid,
      createdAt: new Date(),
    };
    // A caller that carelessly leaves the MAC key on the object must not get it stored.
    await saveAcmeAccount({ ...record, macKey: eab.macKey, eab } as StoredAcmeAccount);
    await closeAcmeStore();

    const stored = (await getAcmeAccount(id))!;
    expect(stored.privateKey.extractable).to.equal(false);
    expect(stored.eabKid).to.equal(eab.kid);
    expect(Object.keys(stored).sort()).to.deep.equal(
      [
        'id',
        'directoryUrl',
        'accountUrl',
        'alg',
        'privateKey',
        'publicKey',
        'jwk',
        'thumbprint',
        'contact',
        'eabKid',
        'createdAt',
      ].sort(),
    );
    // CryptoKeys serialise as {}, so this reads every other field of the record.
    expect(JSON.stringify(stored)).to.not.include(eab.macKey);
    expect((await listAcmeAccounts(server.directoryUrl)).map((a) => a.id)).to.include(id);

    const reopened = await newClient();
    reopened.useAccount(
      await acmeSigner({ privateKey: stored.privateKey, publicKey: stored.publicKey }),
      stored.accountUrl,
    );
    const order = await reopened.newOrder([uniqueDomain('stored')]);
    expect(order.status).to.equal('pending');
    await deleteAcmeAccount(id);
    expect(await getAcmeAccount(id)).to.equal(undefined);
  });

  it('issuance records survive closing the store', async () => {
    const certificateId = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    const issuedAt = new Date('2026-11-22T03:00:00Z');
    await saveAcmeIssuance({
      certificateId,
      accountId: 'account-1',
      directoryUrl: server.directoryUrl,
      orderUrl: `${server.directoryUrl}/order/1`,
      certificateUrl: `${server.directoryUrl}/cert/1`,
      names: ['www.example.jp'],
      issuedAt,
    });
    await closeAcmeStore();
    const stored = (await getAcmeIssuance(certificateId))!;
    expect(stored.names).to.deep.equal(['www.example.jp']);
    expect(stored.issuedAt.getTime()).to.equal(issuedAt.getTime());
    await saveAcmeIssuance({ ...stored, revokedAt: new Date(), revocationReason: 4 });
    const listed = (await listAcmeIssuances()).find((i) => i.certificateId === certificateId);
    expect(listed?.revocationReason).to.equal(4);
  });

  it('a deactivated account can no longer order', async () => {
    const { client } = await registered();
    const account = await client.deactivateAccount();
    expect(account.status).to.equal('deactivated');
    const error = await client.newOrder([uniqueDomain('gone')]).then(
      () => undefined,
      (e: unknown) => e as AcmeError,
    );
    expect(error?.code).to.equal('acme/unauthorized');
  });
});

describe('ACME against pebble: orders', () => {
  let roots: { roots: string[]; intermediates: string[] };
  before(async function () {
    this.timeout(30_000);
    roots = await acmeRoots();
    expect(roots.roots.length).to.be.at.least(2);
  });

  async function expectVerifies(chain: Uint8Array[], rootPem: string, hostname: string) {
    const result = await verifyChain({
      leaf: chain[0]!,
      intermediates: chain.slice(1),
      trustAnchors: [rootPem],
      revocation: 'off',
      hostname,
    });
    expect(
      result.problems.map((p) => p.code),
      'chain problems',
    ).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    return result;
  }

  it('http-01: order, validate, finalize, download; both chains verify against their roots', async () => {
    const { client } = await registered();
    const name = uniqueDomain('http');
    const seen: string[] = [];
    const result = await issue(client, [name], 'http-01', { onProgress: (p) => seen.push(p.stage) });
    expect(result.order.status).to.equal('valid');
    expect(seen).to.include.members(['order', 'authorization', 'challenge', 'finalize', 'certificate']);
    const leaf = parseCertificate(result.certificate.chain[0]!);
    expect(leaf.subjectAltNames.dns).to.deep.equal([name]);

    // The new key is in the key store, and it is the certificate's key.
    const stored = (await getKey(result.keyId!))!;
    expect(stored.privateKey.extractable).to.equal(false);
    expect(leaf.publicKey.spkiSha256).to.equal(
      parseCertificate(result.certificate.chain[0]!).publicKey.spkiSha256,
    );
    expect(Array.from(stored.publicKey)).to.deep.equal(Array.from(leaf.publicKey.spki));

    await expectVerifies(result.certificate.chain, roots.roots[0]!, name);
    expect(result.alternates).to.have.length(1);
    const alternate = result.alternates[0]!;
    expect(Array.from(alternate.chain[0]!)).to.deep.equal(Array.from(result.certificate.chain[0]!));
    await expectVerifies(alternate.chain, roots.roots[1]!, name);
    // ...and not against the other root: the chains really differ.
    const crossed = await verifyChain({
      leaf: alternate.chain[0]!,
      intermediates: alternate.chain.slice(1),
      trustAnchors: [roots.roots[0]!],
      revocation: 'off',
    });
    expect(crossed.valid).to.equal(false);
  });

  it('dns-01 for a name and its wildcard; preferredChain picks the alternate root', async () => {
    const { client } = await registered({ alg: 'RS256' });
    const name = uniqueDomain('dns');
    const placed: ChallengeInstructions[] = [];
    const altRootCn = parseCertificate(roots.roots[1]!).subject.commonName!;
    const result = await issue(client, [name, `*.${name}`], 'dns-01', {
      onChallenges: async (instructions) => {
        placed.push(...instructions);
        await place(instructions);
      },
      preferredChain: altRootCn,
    });
    expect(placed.map((p) => p.type)).to.deep.equal(['dns-01', 'dns-01']);
    for (const item of placed) {
      if (item.type !== 'dns-01') continue;
      expect(item.name).to.equal(`_acme-challenge.${name}`);
      expect(item.record).to.equal(`_acme-challenge.${name}. 300 IN TXT "${item.value}"`);
    }
    await acmeClearChallenge({ name: `_acme-challenge.${name}` });
    const leaf = parseCertificate(result.certificate.chain[0]!);
    expect([...leaf.subjectAltNames.dns].sort()).to.deep.equal([name, `*.${name}`].sort());
    await expectVerifies(result.certificate.chain, roots.roots[1]!, `www.${name}`);
    await expectVerifies(result.alternates[0]!.chain, roots.roots[0]!, name);
  });

  it('a CSR with the account key is refused by the server with acme/badCSR', async () => {
    const keys = await generateAccountKey('ES256');
    const client = await newClient();
    await client.newAccount({
      signer: await acmeSigner(keys),
      termsOfServiceAgreed: true,
      eab: server.eab[0]!,
    });
    const name = uniqueDomain('csr-key');
    const csr = await createCsr({ keys, subject: {}, dnsNames: [name], profile: 'acme' });
    const error = (await expectCode(
      issue(client, [name], 'http-01', { csr: { der: csr.der } }),
      'acme/badCSR',
    )) as AcmeError;
    expect(error.problem?.type).to.equal('urn:ietf:params:acme:error:badCSR');
    expect(error.messages.en).to.include('CSR contains a public key for a known account');
    // lint's view of the CSR comes along (here: the .test name, which pebble accepts but public CAs do not).
    expect(error.findings!.map((f) => f.code)).to.include('lint/san/internal-name');
  });

  it('a CSR whose names do not match the order is refused by the server (pebble says unauthorized)', async () => {
    const { client } = await registered();
    const [a, b] = [uniqueDomain('csr-a'), uniqueDomain('csr-b')];
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const csr = await createCsr({ keys, subject: {}, dnsNames: [a], profile: 'acme' });
    const error = (await expectCode(
      issue(client, [a, b], 'http-01', { csr: { der: csr.der } }),
      'acme/unauthorized',
    )) as AcmeError;
    expect(error.messages.en).to.include('identifiers than CSR');
  });

  it('a CSR with a lint error is refused locally with acme/badCSR and the finding, never sent', async () => {
    const { counts, fetch } = countingFetch();
    const { client } = await registered({ fetch });
    const name = uniqueDomain('lint');
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const csr = await createCsr({ keys, subject: {}, dnsNames: [name], profile: 'acme' });
    const broken = csr.der.slice();
    broken[broken.length - 3] = broken[broken.length - 3]! ^ 0x40;
    let orderUrl = '';
    const error = (await expectCode(
      issue(client, [name], 'http-01', {
        csr: { der: broken },
        onProgress: (p) => {
          if (p.stage === 'order' && p.url) orderUrl = p.url;
        },
      }),
      'acme/badCSR',
    )) as AcmeError;
    expect(error.problem).to.equal(undefined);
    expect(error.findings!.map((f) => f.code)).to.include('lint/signature/invalid');
    expect(error.messages.ja).to.include(error.findings![0]!.message.ja);
    expect(orderUrl).to.not.equal('');
    const order = await client.getOrder(orderUrl);
    expect(order.status, 'the order was never finalized').to.equal('ready');
    expect(counts.posts).to.be.greaterThan(0);
  });

  it('a blocked domain is refused with acme/rejectedIdentifier', async () => {
    const { client } = await registered();
    const error = await expectCode(client.newOrder([server.blockedDomain]), 'acme/rejectedIdentifier');
    expect(error.messages!.en).to.include(server.blockedDomain);
  });
});

describe('ACME against pebble: revocation', () => {
  for (const reason of [0, 1, 3, 4, 5] as const) {
    it(`revokes with reason ${reason}, signed by the account key`, async () => {
      const { client } = await registered();
      const result = await issue(client, [uniqueDomain(`revoke-${reason}`)]);
      const leaf = result.certificate.chain[0]!;
      expect((await acmeCertificateStatus(parseCertificate(leaf).serialNumber)).status).to.equal('Valid');
      await client.revokeCertificate(leaf, reason);
      // Pebble recorded the revocation with the reason sent (0, unspecified, may be left out: RFC 8555 7.6).
      const recorded = await acmeCertificateStatus(parseCertificate(leaf).serialNumber);
      expect(recorded.status).to.equal('Revoked');
      expect(recorded.reason ?? 0).to.equal(reason);
      if (reason === 4) {
        await expectCode(client.revokeCertificate(result.certificate.chain[0]!, 4), 'acme/alreadyRevoked');
      }
    });
  }

  it('revokes signed by the certificate key (jwk), without the account', async () => {
    const { client } = await registered();
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const name = uniqueDomain('bykey');
    const csr = await createCsr({ keys, subject: { commonName: name }, dnsNames: [name], profile: 'acme' });
    const result = await issue(client, [name], 'http-01', { csr: { der: csr.der } });
    const outsider = await newClient();
    await outsider.revokeCertificate(result.certificate.chain[0]!, 1, { signer: await acmeSigner(keys) });
    const recorded = await acmeCertificateStatus(parseCertificate(result.certificate.chain[0]!).serialNumber);
    expect(recorded).to.include({ status: 'Revoked', reason: 1 });
    await expectCode(client.revokeCertificate(result.certificate.chain[0]!, 1), 'acme/alreadyRevoked');
  });

  it('refuses reason 2 locally; another account may not revoke', async () => {
    const { client } = await registered();
    const result = await issue(client, [uniqueDomain('other')]);
    const leaf = result.certificate.chain[0]!;
    await expectCode(client.revokeCertificate(leaf, 2 as 0), 'acme/reason-not-allowed');
    const { client: other } = await registered({ eab: 1 });
    await expectCode(other.revokeCertificate(leaf, 0), 'acme/unauthorized');
    // Still revocable by its owner: the refusals changed nothing.
    expect((await acmeCertificateStatus(parseCertificate(leaf).serialNumber)).status).to.equal('Valid');
    await client.revokeCertificate(leaf, 5);
  });
});
