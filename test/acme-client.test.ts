import { expect } from '@esm-bundle/chai';
import { integer, sequence } from '../src/asn1/writer.js';
import {
  AcmeClient,
  acmeSigner,
  base64urlDecode,
  base64urlEncode,
  eabJws,
  generateAccountKey,
  jwkFromSpki,
  jwkThumbprint,
  orderCertificate,
  parseLinks,
  parseRetryAfter,
  REVOCATION_REASONS,
  SUBSCRIBER_REVOCATION_REASONS,
  signJws,
  type AcmeAuthorization,
  type AcmeClientOptions,
  type AcmeError,
  type AcmeJwk,
  type AcmeOrder,
  type AcmeSigner,
  type EabAlg,
  type FlattenedJws,
} from '../src/acme/index.js';
import { createCsr } from '../src/csr/index.js';
import { encodePem } from '../src/encoding/pem.js';
import { webCryptoTokenKey } from '../src/keys/token.js';
import { ecdsaDerToRaw } from '../src/token/signature.js';
import { buildCertificate } from './helpers/build-certificate.js';
import { expectCode } from './helpers/expect-code.js';

const CA = 'https://ca.test';
const DIRECTORY = {
  newNonce: `${CA}/nonce`,
  newAccount: `${CA}/new-account`,
  newOrder: `${CA}/new-order`,
  revokeCert: `${CA}/revoke`,
  keyChange: `${CA}/key-change`,
  meta: { termsOfService: `${CA}/tos`, externalAccountRequired: true },
};
const ERR = 'urn:ietf:params:acme:error:';
const text = new TextDecoder();

function decodeJson(part: string): Record<string, unknown> {
  return JSON.parse(text.decode(base64urlDecode(part))) as Record<string, unknown>;
}

interface Call {
  url: string;
  method: string;
  jws?: FlattenedJws;
  header?: Record<string, unknown>;
  payload?: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

function problem(type: string, detail: string, status = 400, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: `${ERR}${type}`, detail, status }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

/**
 * A scripted ACME server behind a fake `fetch`: every response carries a fresh Replay-Nonce, HEAD on
 * newNonce gives one, and each route answers from a queue (the last answer repeats).
 */
class FakeCa {
  readonly calls: Call[] = [];
  private nonce = 0;
  private readonly routes = new Map<string, Handler[]>();

  constructor() {
    this.on(`${CA}/dir`, () => json(DIRECTORY));
    this.on(`${CA}/nonce`, () => new Response(null, { status: 200 }));
  }

  on(url: string, ...handlers: Handler[]): this {
    this.routes.set(url, handlers);
    return this;
  }

  posts(url?: string): Call[] {
    return this.calls.filter((call) => call.method === 'POST' && (url === undefined || call.url === url));
  }

  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    const call: Call = { url, method };
    if (typeof init?.body === 'string') {
      call.jws = JSON.parse(init.body) as FlattenedJws;
      call.header = decodeJson(call.jws.protected);
      call.payload = call.jws.payload === '' ? '' : decodeJson(call.jws.payload);
    }
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    this.calls.push(call);
    const queue = this.routes.get(url);
    if (!queue) return new Response('not found', { status: 404 });
    const handler = queue.length > 1 ? queue.shift()! : queue[0]!;
    const response = await handler(call);
    const headers = new Headers(response.headers);
    // As RFC 8555 servers do: a nonce on newNonce and on every POST answer, none on the directory.
    if (!headers.has('Replay-Nonce') && (method !== 'GET' || url.endsWith('/nonce'))) {
      headers.set('Replay-Nonce', `nonce-${++this.nonce}`);
    }
    return new Response(method === 'HEAD' ? null : response.body, { status: response.status, headers });
  }) as typeof fetch;
}

const signers = new Map<string, Promise<AcmeSigner>>();
function signer(alg: 'ES256' | 'ES384' | 'RS256' = 'ES256'): Promise<AcmeSigner> {
  let made = signers.get(alg);
  if (!made) {
    made =
      alg === 'ES384'
        ? crypto.subtle
            .generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign', 'verify'])
            .then((keys) => acmeSigner(keys))
        : generateAccountKey(alg).then((keys) => acmeSigner(keys));
    signers.set(alg, made);
  }
  return made;
}

async function connect(ca: FakeCa, options: AcmeClientOptions = {}): Promise<AcmeClient> {
  return AcmeClient.connect(`${CA}/dir`, { fetch: ca.fetch, ...options });
}

async function withAccount(ca: FakeCa, options: AcmeClientOptions = {}): Promise<AcmeClient> {
  const client = await connect(ca, options);
  client.useAccount(await signer(), `${CA}/acct/1`);
  return client;
}

async function verifyJws(jws: FlattenedJws, jwk: AcmeJwk, alg: string): Promise<boolean> {
  const params =
    jwk.kty === 'EC'
      ? { name: 'ECDSA', namedCurve: jwk.crv }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const key = await crypto.subtle.importKey('jwk', { ...jwk, ext: true }, params, false, ['verify']);
  const verify =
    alg === 'RS256'
      ? { name: 'RSASSA-PKCS1-v1_5' }
      : { name: 'ECDSA', hash: alg === 'ES384' ? 'SHA-384' : 'SHA-256' };
  return crypto.subtle.verify(
    verify,
    key,
    base64urlDecode(jws.signature) as BufferSource,
    new TextEncoder().encode(`${jws.protected}.${jws.payload}`) as BufferSource,
  );
}

const ORDER = {
  status: 'pending',
  identifiers: [{ type: 'dns', value: 'www.example.jp' }],
  authorizations: [`${CA}/authz/1`],
  finalize: `${CA}/order/1/finalize`,
};

function authz(status: string, extra: Partial<AcmeAuthorization> = {}): Record<string, unknown> {
  return {
    status,
    identifier: { type: 'dns', value: 'www.example.jp' },
    challenges: [
      { type: 'http-01', url: `${CA}/chal/1`, status: 'pending', token: 'tok-http_1' },
      { type: 'dns-01', url: `${CA}/chal/2`, status: 'pending', token: 'tok-dns_2' },
    ],
    ...extra,
  };
}

describe('ACME: base64url and JWK', () => {
  it('base64url round trip without padding, strict on decode', () => {
    const bytes = Uint8Array.of(0xfb, 0xff, 0xfe, 0x00, 0x3e);
    expect(base64urlEncode(bytes)).to.equal('-__-AD4');
    expect(Array.from(base64urlDecode('-__-AD4'))).to.deep.equal(Array.from(bytes));
    expect(() => base64urlDecode('+/==')).to.throw();
    expect(() => base64urlDecode('a b')).to.throw();
  });

  it('thumbprint of the RFC 7638 section 3.1 example', async () => {
    const jwk: AcmeJwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
    };
    expect(await jwkThumbprint(jwk)).to.equal('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  for (const [name, params] of [
    ['EC P-256', { name: 'ECDSA', namedCurve: 'P-256' }],
    ['EC P-384', { name: 'ECDSA', namedCurve: 'P-384' }],
    [
      'RSA 2048',
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: Uint8Array.of(1, 0, 1),
        hash: 'SHA-256',
      },
    ],
  ] as const) {
    it(`jwkFromSpki matches WebCrypto's own JWK export (${name})`, async () => {
      const keys = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
      const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
      const exported = await crypto.subtle.exportKey('jwk', keys.publicKey);
      const jwk = jwkFromSpki(spki);
      if (jwk.kty === 'EC') {
        expect({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }).to.deep.equal({
          kty: 'EC',
          crv: exported.crv,
          x: exported.x,
          y: exported.y,
        });
      } else {
        expect({ kty: jwk.kty, n: jwk.n, e: jwk.e }).to.deep.equal({
          kty: 'RSA',
          n: exported.n,
          e: exported.e,
        });
      }
    });
  }

  it('refuses keys ACME cannot use (P-521)', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-521' }, true, [
      'sign',
      'verify',
    ]);
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    expect(() => jwkFromSpki(spki))
      .to.throw()
      .with.property('code', 'acme/unsupported-key');
  });
});

describe('ACME: JWS', () => {
  for (const alg of ['ES256', 'ES384', 'RS256'] as const) {
    it(`${alg}: protected header, payload and a signature WebCrypto verifies`, async () => {
      const s = await signer(alg);
      expect(s.alg).to.equal(alg);
      const withKid = await signJws({
        signer: s,
        url: `${CA}/x`,
        nonce: 'n-1',
        kid: `${CA}/acct/7`,
        payload: { a: 1 },
      });
      expect(decodeJson(withKid.protected)).to.deep.equal({
        alg,
        kid: `${CA}/acct/7`,
        nonce: 'n-1',
        url: `${CA}/x`,
      });
      expect(decodeJson(withKid.payload)).to.deep.equal({ a: 1 });
      expect(await verifyJws(withKid, s.jwk, alg)).to.equal(true);
      if (alg !== 'RS256') {
        expect(base64urlDecode(withKid.signature).length).to.equal(alg === 'ES256' ? 64 : 96);
      }

      const withJwk = await signJws({ signer: s, url: `${CA}/y`, nonce: 'n-2', payload: '' });
      const header = decodeJson(withJwk.protected);
      expect(header.jwk).to.deep.equal(s.jwk);
      expect(header).to.not.have.property('kid');
      expect(withJwk.payload, 'POST-as-GET has an empty payload').to.equal('');
      expect(await verifyJws(withJwk, s.jwk, alg)).to.equal(true);

      const tampered = { ...withJwk, payload: base64urlEncode('{}') };
      expect(await verifyJws(tampered, s.jwk, alg)).to.equal(false);
    });
  }

  it('signs through a TokenKey (DER ECDSA signatures converted to r || s)', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const s = await acmeSigner(webCryptoTokenKey(keys));
    const jws = await signJws({ signer: s, url: `${CA}/z`, nonce: 'n', payload: { b: 2 } });
    expect(await verifyJws(jws, s.jwk, 'ES256')).to.equal(true);
  });

  it('converts DER signatures with a leading zero byte and a short integer', () => {
    const r = new Uint8Array(32).fill(0x81); // high bit set: DER adds 0x00
    const s = Uint8Array.of(0x01, 0x02); // short: JWS pads it to 32 bytes
    const raw = ecdsaDerToRaw(sequence(integer(r), integer(s)), 32);
    expect(raw.length).to.equal(64);
    expect(Array.from(raw.subarray(0, 32))).to.deep.equal(Array.from(r));
    expect(Array.from(raw.subarray(32, 62))).to.deep.equal(new Array(30).fill(0));
    expect(Array.from(raw.subarray(62))).to.deep.equal([1, 2]);
    expect(() => ecdsaDerToRaw(Uint8Array.of(0x30, 0x00), 32)).to.throw();
  });

  it('refuses an RSA key made for SHA-384 (RS256 only)', async () => {
    const keys = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: Uint8Array.of(1, 0, 1),
        hash: 'SHA-384',
      },
      false,
      ['sign', 'verify'],
    );
    await expectCode(acmeSigner(keys), 'acme/unsupported-key');
  });

  it('generateAccountKey makes non-extractable private keys', async () => {
    const es = await generateAccountKey('ES256');
    expect(es.privateKey.extractable).to.equal(false);
    expect((es.privateKey.algorithm as EcKeyAlgorithm).namedCurve).to.equal('P-256');
  });
});

describe('ACME: External Account Binding', () => {
  const HASHES: Record<EabAlg, string> = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' };
  for (const alg of ['HS256', 'HS384', 'HS512'] as const) {
    it(`${alg}: protected {alg, kid, url}, payload the account JWK, MAC verified with WebCrypto`, async () => {
      const macBytes = crypto.getRandomValues(new Uint8Array(32));
      const macKey = base64urlEncode(macBytes);
      const s = await signer();
      const jws = await eabJws({ kid: 'kid-1', macKey, alg }, s.jwk, `${CA}/new-account`);
      expect(decodeJson(jws.protected)).to.deep.equal({ alg, kid: 'kid-1', url: `${CA}/new-account` });
      expect(decodeJson(jws.payload)).to.deep.equal(s.jwk);
      const key = await crypto.subtle.importKey('raw', macBytes, { name: 'HMAC', hash: HASHES[alg] }, false, [
        'verify',
      ]);
      const data = new TextEncoder().encode(`${jws.protected}.${jws.payload}`);
      expect(
        await crypto.subtle.verify('HMAC', key, base64urlDecode(jws.signature) as BufferSource, data),
      ).to.equal(true);
      expect(base64urlDecode(jws.signature).length).to.equal({ HS256: 32, HS384: 48, HS512: 64 }[alg]);
      expect(JSON.stringify(jws)).to.not.include(macKey);
    });
  }

  it('defaults to HS256 and refuses a MAC key that is not base64url without echoing it', async () => {
    const s = await signer();
    const jws = await eabJws(
      { kid: 'k', macKey: base64urlEncode(new Uint8Array(16).fill(7)) },
      s.jwk,
      `${CA}/a`,
    );
    expect(decodeJson(jws.protected).alg).to.equal('HS256');
    const secret = 'not*a$valid%key-SECRET';
    const error = await expectCode(eabJws({ kid: 'k', macKey: secret }, s.jwk, `${CA}/a`), 'acme/bad-eab');
    expect(`${error.message}${error.messages!.ja}`).to.not.include('SECRET');
  });
});

describe('ACME client against a fake CA', () => {
  it('reads the directory; refuses non-JSON, incomplete and oversized ones', async () => {
    const client = await connect(new FakeCa());
    expect(client.directory.newOrder).to.equal(`${CA}/new-order`);
    expect(client.directory.meta?.externalAccountRequired).to.equal(true);

    const html = new FakeCa().on(
      `${CA}/dir`,
      () => new Response('<html>proxy login</html>', { status: 200 }),
    );
    const e1 = await expectCode(connect(html), 'acme/bad-response');
    expect(e1.message).to.include('not JSON');

    const partial = new FakeCa().on(`${CA}/dir`, () => json({ newNonce: `${CA}/nonce` }));
    expect((await expectCode(connect(partial), 'acme/bad-response')).message).to.include('newAccount');

    // 2 MiB streamed without a Content-Length: read stops at the limit instead of buffering it all.
    const huge = new FakeCa().on(`${CA}/dir`, () => {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 2 * 1024 * 1024) controller.close();
          else {
            controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
            sent += 64 * 1024;
          }
        },
      });
      return new Response(stream, { status: 200 });
    });
    expect((await expectCode(connect(huge), 'acme/bad-response')).message).to.include('larger than');

    const declared = new FakeCa().on(
      `${CA}/dir`,
      () => new Response('{}', { status: 200, headers: { 'Content-Length': String(5 * 1024 * 1024) } }),
    );
    await expectCode(connect(declared), 'acme/bad-response');
  });

  it('a fetch TypeError is acme/network, naming CORS', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const error = await expectCode(AcmeClient.connect(`${CA}/dir`, { fetch: failing }), 'acme/network');
    expect(error.messages!.en).to.include('CORS');
    expect(error.messages!.ja).to.include('CORS');
  });

  it('a body that stops arriving ends in acme/request-timeout, not a hang', async () => {
    // The server sends its headers and a first chunk, then nothing: the stream never closes.
    const stalling = (async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"newNonce":'));
          },
        }),
        { status: 200, headers: { 'Content-Type': 'application/json' } },
      )) as typeof fetch;
    const error = await expectCode(
      AcmeClient.connect(`${CA}/dir`, { fetch: stalling, requestTimeoutMs: 50 }),
      'acme/request-timeout',
    );
    expect(error.messages!.ja).to.include('応答');
  });

  it('newAccount: jwk header, EAB inside, Location becomes the account URL', async () => {
    const ca = new FakeCa().on(`${CA}/new-account`, () =>
      json({ status: 'valid', contact: ['mailto:a@example.jp'] }, 201, { Location: `${CA}/acct/9` }),
    );
    const client = await connect(ca);
    const s = await signer('ES256');
    const macKey = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
    const account = await client.newAccount({
      signer: s,
      contact: ['mailto:a@example.jp'],
      termsOfServiceAgreed: true,
      eab: { kid: 'kid-1', macKey, alg: 'HS512' },
    });
    expect(account.url).to.equal(`${CA}/acct/9`);
    expect(client.accountUrl).to.equal(`${CA}/acct/9`);
    const [post] = ca.posts(`${CA}/new-account`);
    expect(post!.header).to.include({ alg: 'ES256', url: `${CA}/new-account`, nonce: 'nonce-1' });
    expect(post!.header!.jwk).to.deep.equal(s.jwk);
    const payload = post!.payload as Record<string, unknown>;
    expect(payload).to.include({ termsOfServiceAgreed: true });
    const eab = payload.externalAccountBinding as FlattenedJws;
    expect(decodeJson(eab.protected)).to.deep.equal({ alg: 'HS512', kid: 'kid-1', url: `${CA}/new-account` });
    expect(await verifyJws(post!.jws!, s.jwk, 'ES256')).to.equal(true);
    expect(JSON.stringify(ca.calls)).to.not.include(macKey);
    // Later requests name the account instead of carrying the key.
    ca.on(`${CA}/new-order`, () => json(ORDER, 201, { Location: `${CA}/order/1` }));
    await client.newOrder(['www.example.jp']);
    expect(ca.posts(`${CA}/new-order`)[0]!.header)
      .to.include({ kid: `${CA}/acct/9` })
      .and.not.have.property('jwk');
  });

  it('badNonce: retried with the nonce the error response carried', async () => {
    const ca = new FakeCa().on(
      `${CA}/new-order`,
      () => problem('badNonce', 'stale', 400, { 'Replay-Nonce': 'from-the-error' }),
      () => json(ORDER, 201, { Location: `${CA}/order/1` }),
    );
    const client = await withAccount(ca);
    const order = await client.newOrder(['www.example.jp']);
    expect(order.url).to.equal(`${CA}/order/1`);
    const posts = ca.posts(`${CA}/new-order`);
    expect(posts).to.have.length(2);
    expect(posts[1]!.header!.nonce).to.equal('from-the-error');
    expect(posts[0]!.header!.nonce).to.not.equal('from-the-error');
  });

  it('badNonce: gives up after maxBadNonceRetries', async () => {
    const ca = new FakeCa().on(`${CA}/new-order`, () => problem('badNonce', 'stale'));
    const client = await withAccount(ca, { maxBadNonceRetries: 2 });
    await expectCode(client.newOrder(['www.example.jp']), 'acme/badNonce');
    expect(ca.posts(`${CA}/new-order`)).to.have.length(3);
  });

  it('takes a nonce from newNonce (HEAD) when the pool is empty, and reuses none', async () => {
    const ca = new FakeCa().on(`${CA}/new-order`, () => json(ORDER, 201, { Location: `${CA}/order/1` }));
    const client = await withAccount(ca);
    await client.newOrder(['a.example.jp']);
    await client.newOrder(['b.example.jp']);
    expect(ca.calls.filter((c) => c.method === 'HEAD')).to.have.length(1);
    const nonces = ca.posts().map((p) => p.header!.nonce);
    expect(new Set(nonces).size).to.equal(nonces.length);
  });

  describe('problem documents', () => {
    const now = new Date('2026-11-22T03:00:00Z');

    it('rateLimited carries Retry-After and says when to try again', async () => {
      const ca = new FakeCa().on(`${CA}/new-order`, () =>
        problem('rateLimited', 'too many new orders', 429, { 'Retry-After': '120' }),
      );
      const client = await withAccount(ca, { now: () => now });
      const error = (await expectCode(client.newOrder(['www.example.jp']), 'acme/rateLimited')) as AcmeError;
      expect(error.retryAfter?.toISOString()).to.equal('2026-11-22T03:02:00.000Z');
      expect(error.messages.en).to.include('2026-11-22 03:02:00 UTC').and.include('too many new orders');
      expect(error.messages.ja).to.include('2026-11-22 12:02:00 JST');
      expect(error.problem?.status).to.equal(429);
    });

    it('rateLimited without Retry-After still says to wait', async () => {
      const ca = new FakeCa().on(`${CA}/new-order`, () => problem('rateLimited', 'slow down', 429));
      const client = await withAccount(ca);
      const error = (await expectCode(client.newOrder(['www.example.jp']), 'acme/rateLimited')) as AcmeError;
      expect(error.retryAfter).to.equal(undefined);
      expect(error.messages.en).to.include('Wait a while');
    });

    for (const [type, code, words] of [
      [
        'externalAccountRequired',
        'acme/externalAccountRequired',
        ['External Account Binding', '外部アカウント連携'],
      ],
      ['unauthorized', 'acme/unauthorized', ['did not authorize', '許可しません']],
      ['rejectedIdentifier', 'acme/rejectedIdentifier', ['will not issue', '発行しません']],
      ['somethingNew', 'acme/server-problem', ['somethingNew', 'somethingNew']],
    ] as const) {
      it(`${type} -> ${code} with Japanese and English messages`, async () => {
        const ca = new FakeCa().on(`${CA}/new-account`, () => problem(type, `server says ${type}`, 403));
        const client = await connect(ca);
        const error = (await expectCode(
          client.newAccount({ signer: await signer(), termsOfServiceAgreed: true }),
          code,
        )) as AcmeError;
        expect(error.messages.en).to.include(words[0]).and.include(`server says ${type}`);
        expect(error.messages.ja).to.include(words[1]);
        expect(error.problem?.type).to.equal(`${ERR}${type}`);
      });
    }

    it('a compound problem whose subproblems are all rejectedIdentifier is rejectedIdentifier', async () => {
      const ca = new FakeCa().on(`${CA}/new-order`, () =>
        json(
          {
            type: `${ERR}compound`,
            detail: 'several names',
            subproblems: [
              {
                type: `${ERR}rejectedIdentifier`,
                detail: 'blocked',
                identifier: { type: 'dns', value: 'x.example' },
              },
              {
                type: `${ERR}rejectedIdentifier`,
                detail: 'blocked',
                identifier: { type: 'dns', value: 'y.example' },
              },
            ],
          },
          400,
        ),
      );
      const client = await withAccount(ca);
      const error = await expectCode(client.newOrder(['x.example', 'y.example']), 'acme/rejectedIdentifier');
      expect(error.messages!.en).to.include('x.example: blocked').and.include('y.example');
    });

    it('badCSR from the server carries the lint findings of the CSR', async () => {
      const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
        'sign',
        'verify',
      ]);
      // Lint-clean, so it reaches the server; the server's refusal still carries lint's view (none here).
      const csr = await createCsr({ keys, subject: {}, dnsNames: ['www.example.jp'], profile: 'acme' });
      const ca = new FakeCa().on(`${CA}/order/1/finalize`, () => problem('badCSR', 'CSR names do not match'));
      const client = await withAccount(ca);
      const order: AcmeOrder = { ...(ORDER as AcmeOrder), url: `${CA}/order/1`, status: 'ready' };
      const error = (await expectCode(client.finalize(order, csr.der), 'acme/badCSR')) as AcmeError;
      expect(error.findings).to.deep.equal([]);
      expect(error.messages.en).to.include('CSR names do not match');
      expect(ca.posts(`${CA}/order/1/finalize`)[0]!.payload).to.deep.equal({ csr: base64urlEncode(csr.der) });
    });

    it('a CSR with a lint error is refused locally with acme/badCSR and the finding, before any request', async () => {
      const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
        'sign',
        'verify',
      ]);
      const csr = await createCsr({ keys, subject: {}, dnsNames: ['www.example.jp'], profile: 'acme' });
      const broken = csr.der.slice();
      broken[broken.length - 5] = broken[broken.length - 5]! ^ 0x01; // the signature no longer verifies
      const ca = new FakeCa();
      const client = await withAccount(ca);
      const order: AcmeOrder = { ...(ORDER as AcmeOrder), url: `${CA}/order/1`, status: 'ready' };
      const error = (await expectCode(client.finalize(order, broken), 'acme/badCSR')) as AcmeError;
      expect(error.findings!.map((f) => f.code)).to.include('lint/signature/invalid');
      expect(error.messages.en).to.include(error.findings![0]!.message.en);
      const junk = (await expectCode(
        client.finalize(order, Uint8Array.of(0x30, 0x03, 1, 2, 3)),
        'acme/badCSR',
      )) as AcmeError;
      expect(junk.findings).to.deep.equal([]);
      expect(junk.messages.en).to.include('truncated');
      expect(ca.posts()).to.have.length(0);
    });

    it('an error status without a problem document is acme/bad-response', async () => {
      const ca = new FakeCa().on(
        `${CA}/new-order`,
        () => new Response('<h1>502 Bad Gateway</h1>', { status: 502 }),
      );
      const client = await withAccount(ca);
      expect((await expectCode(client.newOrder(['www.example.jp']), 'acme/bad-response')).message).to.include(
        '502',
      );
    });

    it('a success without the fields an order needs is acme/bad-response, not a crash later', async () => {
      const ca = new FakeCa().on(`${CA}/new-order`, () =>
        json({ status: 'pending', identifiers: [] }, 201, { Location: `${CA}/order/1` }),
      );
      const client = await withAccount(ca);
      await expectCode(client.newOrder(['www.example.jp']), 'acme/bad-response');
      const noLocation = new FakeCa().on(`${CA}/new-order`, () => json(ORDER, 201));
      const second = await withAccount(noLocation);
      expect((await expectCode(second.newOrder(['www.example.jp']), 'acme/bad-response')).message).to.include(
        'Location',
      );
    });

    it('no secret in messages or the console when the server refuses the account', async () => {
      const macKey = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
      const logged: string[] = [];
      const original = { log: console.log, warn: console.warn, error: console.error, info: console.info };
      for (const name of ['log', 'warn', 'error', 'info'] as const) {
        console[name] = (...args: unknown[]) => logged.push(args.map(String).join(' '));
      }
      try {
        const ca = new FakeCa().on(`${CA}/new-account`, () => problem('unauthorized', 'bad MAC', 401));
        const client = await connect(ca);
        const error = await expectCode(
          client.newAccount({
            signer: await signer(),
            termsOfServiceAgreed: true,
            eab: { kid: 'kid-1', macKey },
          }),
          'acme/unauthorized',
        );
        const everything = [error.message, error.messages!.ja, JSON.stringify(error), ...logged].join('\n');
        expect(everything).to.not.include(macKey);
        expect(everything).to.not.include('"signature"');
      } finally {
        Object.assign(console, original);
      }
    });
  });

  describe('polling', () => {
    const now = new Date('2026-11-22T03:00:00Z');

    it('honours Retry-After in seconds and as an HTTP date, through the fake clock', async () => {
      const waits: number[] = [];
      const ca = new FakeCa().on(
        `${CA}/authz/1`,
        () => json(authz('pending'), 200, { 'Retry-After': '3' }),
        () => json(authz('pending'), 200, { 'Retry-After': new Date(now.getTime() + 7000).toUTCString() }),
        () => json(authz('pending')),
        () => json(authz('valid')),
      );
      const progress: number[] = [];
      const client = await withAccount(ca, {
        now: () => now,
        sleep: async (ms) => void waits.push(ms),
        defaultPollIntervalMs: 1500,
      });
      const result = await client.waitForAuthorization(`${CA}/authz/1`, {
        onProgress: (p) => p.waitMs !== undefined && progress.push(p.waitMs),
      });
      expect(result.status).to.equal('valid');
      expect(waits).to.deep.equal([3000, 7000, 1500]);
      expect(progress).to.deep.equal([3000, 7000, 1500]);
      // Every poll is a POST-as-GET.
      expect(ca.posts(`${CA}/authz/1`).map((p) => p.jws!.payload)).to.deep.equal(['', '', '', '']);
    });

    it('Retry-After in seconds is that many seconds even while the clock moves', async () => {
      // A clock that advances 1 ms at every reading, as a real one may between two reads.
      let tick = now.getTime();
      const waits: number[] = [];
      const ca = new FakeCa().on(
        `${CA}/authz/1`,
        () => json(authz('pending'), 200, { 'Retry-After': '30' }),
        () => json(authz('valid')),
      );
      const client = await withAccount(ca, {
        now: () => new Date(tick++),
        sleep: async (ms) => void waits.push(ms),
      });
      await client.waitForAuthorization(`${CA}/authz/1`);
      expect(waits).to.deep.equal([30_000]);
    });

    it('caps a very long Retry-After', async () => {
      const waits: number[] = [];
      const ca = new FakeCa().on(
        `${CA}/order/1`,
        () => json({ ...ORDER, status: 'processing' }, 200, { 'Retry-After': '86400' }),
        () => json({ ...ORDER, status: 'valid', certificate: `${CA}/cert/1` }),
      );
      const client = await withAccount(ca, {
        now: () => now,
        sleep: async (ms) => void waits.push(ms),
        pollTimeoutMs: 10 * 60_000,
      });
      const order = await client.waitForOrder(`${CA}/order/1`);
      expect(order.certificate).to.equal(`${CA}/cert/1`);
      expect(waits).to.deep.equal([60_000]);
    });

    it('times out with acme/timeout on the fake clock', async () => {
      let clock = now.getTime();
      const waits: number[] = [];
      const ca = new FakeCa().on(`${CA}/authz/1`, () => json(authz('pending')));
      const client = await withAccount(ca, {
        now: () => new Date(clock),
        sleep: async (ms) => {
          waits.push(ms);
          clock += ms;
        },
        pollTimeoutMs: 5000,
      });
      const error = await expectCode(client.waitForAuthorization(`${CA}/authz/1`), 'acme/timeout');
      expect(waits).to.deep.equal([1000, 1000, 1000, 1000, 1000]);
      expect(error.messages!.en).to.include('www.example.jp').and.include('5 seconds');
    });

    it('stops with acme/aborted when the signal fires during a wait', async () => {
      const controller = new AbortController();
      const ca = new FakeCa().on(`${CA}/authz/1`, () => json(authz('pending')));
      let polls = 0;
      const client = await withAccount(ca, {
        sleep: async () => {
          polls++;
          controller.abort();
        },
      });
      await expectCode(
        client.waitForAuthorization(`${CA}/authz/1`, { signal: controller.signal }),
        'acme/aborted',
      );
      expect(polls).to.equal(1);
      expect(ca.posts(`${CA}/authz/1`)).to.have.length(1);
    });

    it('the default sleep rejects at once when aborted', async () => {
      const controller = new AbortController();
      const ca = new FakeCa().on(`${CA}/authz/1`, () => json(authz('pending'), 200, { 'Retry-After': '30' }));
      const client = await withAccount(ca);
      const waiting = client.waitForAuthorization(`${CA}/authz/1`, {
        signal: controller.signal,
        onProgress: (p) => p.waitMs && controller.abort(),
      });
      await expectCode(waiting, 'acme/aborted');
    });

    it('an invalid authorization is acme/challenge-invalid with the challenge error', async () => {
      const failed = authz('invalid');
      (failed.challenges as Record<string, unknown>[])[0]!.error = {
        type: `${ERR}incorrectResponse`,
        detail: 'expected key authorization',
      };
      const ca = new FakeCa().on(`${CA}/authz/1`, () => json(failed));
      const client = await withAccount(ca);
      const error = (await expectCode(
        client.waitForAuthorization(`${CA}/authz/1`),
        'acme/challenge-invalid',
      )) as AcmeError;
      expect(error.messages.en).to.include('www.example.jp').and.include('expected key authorization');
      expect(error.problem?.type).to.equal(`${ERR}incorrectResponse`);
    });

    it('parseRetryAfter reads both forms and ignores junk', () => {
      expect(parseRetryAfter('10', now)?.toISOString()).to.equal('2026-11-22T03:00:10.000Z');
      expect(parseRetryAfter('Sun, 22 Nov 2026 03:05:00 GMT', now)?.toISOString()).to.equal(
        '2026-11-22T03:05:00.000Z',
      );
      expect(parseRetryAfter('soon', now)).to.equal(undefined);
      expect(parseRetryAfter(null, now)).to.equal(undefined);
    });
  });

  describe('challenges', () => {
    async function expected(client: AcmeClient, token: string) {
      const keyAuthorization = `${token}.${await jwkThumbprint(client.signer!.jwk)}`;
      const digest = new Uint8Array(
        await crypto.subtle.digest('SHA-256', new TextEncoder().encode(keyAuthorization)),
      );
      return { keyAuthorization, dnsValue: base64urlEncode(digest) };
    }

    it('http-01: the exact path, URL and file content', async () => {
      const client = await withAccount(new FakeCa());
      const a = { ...authz('pending'), url: `${CA}/authz/1` } as unknown as AcmeAuthorization;
      const instructions = await client.challengeInstructions(a, 'http-01');
      const { keyAuthorization } = await expected(client, 'tok-http_1');
      expect(instructions).to.deep.equal({
        type: 'http-01',
        identifier: 'www.example.jp',
        challengeUrl: `${CA}/chal/1`,
        token: 'tok-http_1',
        path: '/.well-known/acme-challenge/tok-http_1',
        url: 'http://www.example.jp/.well-known/acme-challenge/tok-http_1',
        content: keyAuthorization,
      });
    });

    for (const [label, identifier, wildcard] of [
      ['a plain name', 'example.jp', false],
      ['a wildcard (identifier without *.)', 'example.jp', true],
      ['a wildcard written with *.', '*.example.jp', true],
    ] as const) {
      it(`dns-01 for ${label}: the exact TXT record`, async () => {
        const client = await withAccount(new FakeCa());
        const a = {
          ...authz('pending', { wildcard }),
          identifier: { type: 'dns', value: identifier },
          url: `${CA}/authz/1`,
        } as unknown as AcmeAuthorization;
        const instructions = await client.challengeInstructions(a, 'dns-01');
        const { dnsValue } = await expected(client, 'tok-dns_2');
        expect(instructions).to.deep.equal({
          type: 'dns-01',
          identifier: 'example.jp',
          challengeUrl: `${CA}/chal/2`,
          token: 'tok-dns_2',
          name: '_acme-challenge.example.jp',
          value: dnsValue,
          record: `_acme-challenge.example.jp. 300 IN TXT "${dnsValue}"`,
        });
      });
    }

    it('refuses a token that is not base64url, and a challenge type not offered', async () => {
      const client = await withAccount(new FakeCa());
      const a = authz('pending') as unknown as AcmeAuthorization;
      a.challenges[0]!.token = '../../etc/passwd';
      await expectCode(client.challengeInstructions(a, 'http-01'), 'acme/bad-response');
      a.challenges = a.challenges.slice(1);
      await expectCode(client.challengeInstructions(a, 'http-01'), 'acme/no-challenge');
    });
  });

  describe('certificates', () => {
    it('parses Link headers: several in one, relative, quoted and unquoted rel', () => {
      const links = parseLinks(
        '<https://ca.test/cert/1/alternate/1>;rel="alternate", </dir>; rel=index, <alt,2>; title="a, b"; rel="alternate"',
        'https://ca.test/cert/1',
      );
      expect(links).to.deep.equal([
        { url: 'https://ca.test/cert/1/alternate/1', rel: ['alternate'] },
        { url: 'https://ca.test/dir', rel: ['index'] },
        { url: 'https://ca.test/cert/alt,2', rel: ['alternate'] },
      ]);
    });

    it('downloads a PEM chain with its alternates; refuses junk and oversized chains', async () => {
      const leaf = await buildCertificate({ dnsNames: ['www.example.jp'] });
      const issuer = await buildCertificate({ dnsNames: ['issuer.example.jp'] });
      const pem = `${encodePem('CERTIFICATE', leaf)}\n${encodePem('CERTIFICATE', issuer)}`;
      const ca = new FakeCa()
        .on(
          `${CA}/cert/1`,
          () =>
            new Response(pem, {
              headers: {
                'Content-Type': 'application/pem-certificate-chain',
                Link: `<${CA}/cert/1/alternate/1>;rel="alternate", <${CA}/dir>;rel="index"`,
              },
            }),
        )
        .on(`${CA}/cert/2`, () => new Response('not a certificate', { status: 200 }))
        .on(`${CA}/cert/3`, () => new Response('A'.repeat(1024 * 1024 + 10), { status: 200 }));
      const client = await withAccount(ca);
      const downloaded = await client.downloadCertificate(`${CA}/cert/1`);
      expect(downloaded.chain.map((der) => der.length)).to.deep.equal([leaf.length, issuer.length]);
      expect(Array.from(downloaded.chain[0]!)).to.deep.equal(Array.from(leaf));
      expect(downloaded.alternates).to.deep.equal([`${CA}/cert/1/alternate/1`]);
      expect(downloaded.pem).to.include('-----BEGIN CERTIFICATE-----');
      await expectCode(client.downloadCertificate(`${CA}/cert/2`), 'acme/bad-response');
      await expectCode(client.downloadCertificate(`${CA}/cert/3`), 'acme/bad-response');
    });

    it('revocation: account (kid) or certificate key (jwk); reasons outside 0,1,3,4,5 refused locally', async () => {
      const ca = new FakeCa().on(`${CA}/revoke`, () => new Response(null, { status: 200 }));
      const client = await withAccount(ca);
      const der = await buildCertificate({ dnsNames: ['www.example.jp'] });
      await client.revokeCertificate(der, 4);
      const certKey = await signer('ES384');
      await client.revokeCertificate(der, 1, { signer: certKey });
      const [byAccount, byKey] = ca.posts(`${CA}/revoke`);
      expect(byAccount!.header).to.include({ kid: `${CA}/acct/1` });
      expect(byAccount!.payload).to.deep.equal({ certificate: base64urlEncode(der), reason: 4 });
      expect(byKey!.header!.jwk).to.deep.equal(certKey.jwk);
      expect(byKey!.header).to.not.have.property('kid');
      expect(await verifyJws(byKey!.jws!, certKey.jwk, 'ES384')).to.equal(true);
      for (const reason of [2, 6, 7, 9, 10]) {
        await expectCode(client.revokeCertificate(der, reason as 0), 'acme/reason-not-allowed');
      }
      expect(ca.posts(`${CA}/revoke`)).to.have.length(2);
    });
  });
});

describe('ACME: orderCertificate flow against a fake CA', () => {
  it('cancelling while the user places the challenges sends no challenge response', async () => {
    const ca = new FakeCa()
      .on(`${CA}/new-order`, () => json(ORDER, 201, { Location: `${CA}/order/1` }))
      .on(`${CA}/authz/1`, () => json(authz('pending')));
    const client = await withAccount(ca);
    const controller = new AbortController();
    const shown: string[] = [];
    const ordering = orderCertificate({
      client,
      names: ['www.example.jp'],
      challengeType: 'dns-01',
      csr: { der: new Uint8Array([0x30, 0]) },
      signal: controller.signal,
      onChallenges: async (instructions) => {
        shown.push(...instructions.map((i) => i.type));
        controller.abort();
      },
    });
    await expectCode(ordering, 'acme/aborted');
    expect(shown).to.deep.equal(['dns-01']);
    expect(ca.posts(`${CA}/chal/2`)).to.have.length(0);
  });
});

describe('ACME: revocation reasons', () => {
  it('the RFC 5280 list; subscribers choose 0, 1, 3, 4, 5; each explained in both languages', () => {
    expect(REVOCATION_REASONS.map((r) => r.code)).to.deep.equal([0, 1, 2, 3, 4, 5, 6, 8, 9, 10]);
    expect([...SUBSCRIBER_REVOCATION_REASONS]).to.deep.equal([0, 1, 3, 4, 5]);
    expect(REVOCATION_REASONS.filter((r) => r.subscriberMayChoose).map((r) => r.code)).to.deep.equal([
      0, 1, 3, 4, 5,
    ]);
    for (const reason of REVOCATION_REASONS) {
      for (const part of [reason.label, reason.explanation, reason.termsCases]) {
        expect(part.ja, `${reason.name} ja`).to.be.a('string').and.not.equal('');
        expect(part.en, `${reason.name} en`).to.be.a('string').and.not.equal('');
      }
    }
    const byName = Object.fromEntries(REVOCATION_REASONS.map((r) => [r.name, r]));
    expect(byName.keyCompromise!.code).to.equal(1);
    expect(byName.keyCompromise!.termsCases.en).to.include('compromised');
    expect(byName.affiliationChanged!.termsCases.en).to.include('information');
    expect(byName.superseded!.termsCases.en).to.include('replaced');
    expect(byName.cessationOfOperation!.termsCases.en).to.include('domain');
    expect(byName.unspecified!.termsCases.en).to.include('None');
  });
});
