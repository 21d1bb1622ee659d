import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import {
  base64Decode,
  buildOcspRequest,
  checkRevocation,
  configureOffload,
  fetchOcsp,
  OFFLOAD_THRESHOLD_BYTES,
  offloadStatus,
  parseOcspResponse,
  verifyChain,
  type FetchOcspOptions,
  type RevocationResult,
} from '../src/index.js';
import { expectCode } from './helpers/expect-code.js';

/** What test/harness/ocsp-responder.mjs made: PEMs, DER CRLs (base64) and the responders' URLs. */
interface OcspPki {
  root: string;
  intermediate: string;
  leafGood: string;
  leafRevoked: string;
  leafUnknown: string;
  foreignRoot: string;
  rootCrl: string;
  intermediateCrl: string;
  revokedAt: string;
  responders: Record<'ca' | 'delegated' | 'no-nocheck' | 'no-eku' | 'foreign' | 'root', string>;
}
type Leaf = 'leafGood' | 'leafRevoked' | 'leafUnknown';
type Responder = keyof OcspPki['responders'];

/** The responders send no CORS headers; the harness relays them on this page's origin. */
const MIRROR = '/ocsp-test/relay?u={url}';
const TEN_MINUTES = 10 * 60_000;

let pki: OcspPki;

const responder = (command: { action: string }) => executeServerCommand('ocsp-responder', command);

function ask(leaf: Leaf, from: Responder, options: FetchOcspOptions = {}): Promise<Uint8Array> {
  return fetchOcsp(pki[leaf], pki.intermediate, { url: pki.responders[from], mirror: MIRROR, ...options });
}

function check(leaf: Leaf, responses: Uint8Array[], time?: Date): Promise<RevocationResult> {
  return checkRevocation({
    certificate: pki[leaf],
    issuer: pki.intermediate,
    crls: [],
    ocspResponses: responses,
    ...(time && { time }),
  });
}

const codes = (result: { problems: Array<{ code: string }> }) => result.problems.map((item) => item.code);
/** checkRevocation merges OCSP's problems with the CRLs' (none are given here, so always `revocation/no-crl`). */
const ocspCodes = (result: RevocationResult) => codes(result).filter((code) => code.startsWith('ocsp/'));

describe('OCSP (RFC 6960) against openssl ocsp', function () {
  this.timeout(60_000);

  before(async () => {
    pki = (await responder({ action: 'pki' })) as OcspPki;
  });

  describe('statuses from a responder signing with the CA key', () => {
    it('good, with the responder and the freshness of the answer', async () => {
      const result = await check('leafGood', [await ask('leafGood', 'ca')]);
      expect(result.status).to.equal('good');
      expect(result.problems).to.deep.equal([]);
      expect(result.ocsp?.responder).to.equal('CN=OCSP Test CA,O=shirushi test');
      const { thisUpdate, nextUpdate, producedAt } = result.ocsp!;
      // -nmin 1: the answer is good for one minute.
      expect(nextUpdate!.getTime() - thisUpdate.getTime()).to.equal(60_000);
      expect(Math.abs(producedAt.getTime() - Date.now())).to.be.below(120_000);
      expect(result.crl).to.equal(undefined);
    });

    it('revoked, with reason keyCompromise and the revocation time from the index', async () => {
      const result = await check('leafRevoked', [await ask('leafRevoked', 'ca')]);
      expect(result.status).to.equal('revoked');
      expect(result.reason).to.equal('keyCompromise');
      expect(result.revocationDate?.toISOString()).to.equal(pki.revokedAt);
    });

    it('unknown for a certificate the responder does not know', async () => {
      const result = await check('leafUnknown', [await ask('leafUnknown', 'ca')]);
      expect(result.status).to.equal('unknown');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/unknown-certificate']);
      expect(result.problems[0]!.message.ja).to.contain('unknown.ocsp.test');
    });

    it('ignores responses about other certificates', async () => {
      const result = await check('leafGood', [await ask('leafRevoked', 'ca')]);
      expect(result.status).to.equal('unknown');
      expect(result.ocsp).to.equal(undefined);
      expect(codes(result)).not.to.include('ocsp/unknown-certificate');
    });
  });

  describe('who signed the response', () => {
    it('accepts a delegated responder with OCSPSigning and id-pkix-ocsp-nocheck', async () => {
      const good = await check('leafGood', [await ask('leafGood', 'delegated')]);
      expect(good.status).to.equal('good');
      expect(good.ocsp?.responder).to.equal('CN=OCSP Test Responder,O=shirushi test');
      expect(codes(good)).not.to.include('ocsp/responder-not-checked');
      const revoked = await check('leafRevoked', [await ask('leafRevoked', 'delegated')]);
      expect(revoked.status).to.equal('revoked');
      expect(revoked.reason).to.equal('keyCompromise');
    });

    it('uses a delegated responder without nocheck, noting that its own status was not checked', async () => {
      const result = await check('leafGood', [await ask('leafGood', 'no-nocheck')]);
      expect(result.status).to.equal('good');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/responder-not-checked']);
      expect(result.problems[0]!.params?.responder).to.equal(
        'CN=OCSP Test Responder Without Nocheck,O=shirushi test',
      );
    });

    it('refuses a responder certificate without the OCSPSigning EKU', async () => {
      const result = await check('leafRevoked', [await ask('leafRevoked', 'no-eku')]);
      expect(result.status).to.equal('unknown');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/unauthorized-responder']);
      expect(result.problems[0]!.params?.detail).to.have.property('en').that.to.contain('OCSPSigning');
      expect(result.problems[0]!.message.ja).to.contain('OCSP 署名').and.not.contain('lacks');
      expect(result.problems[0]!.params?.responder).to.equal(
        'CN=OCSP Test Signer Without EKU,O=shirushi test',
      );
    });

    it('refuses a responder issued by another CA, even though the answer itself is right', async () => {
      const result = await check('leafGood', [await ask('leafGood', 'foreign')]);
      expect(result.status).to.equal('unknown');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/unauthorized-responder']);
      expect(result.problems[0]!.params?.detail)
        .to.have.property('en')
        .that.to.contain('not issued by CN=OCSP Test CA');
    });

    it('refuses a response whose signature was changed', async () => {
      const der = (await ask('leafRevoked', 'ca')).slice();
      const { signature } = parseOcspResponse(der).basic!;
      // The signature is a view into `der`; change its last byte in place.
      der[signature.byteOffset - der.byteOffset + signature.length - 1]! ^= 0x01;
      const result = await check('leafRevoked', [der]);
      expect(result.status).to.equal('unknown');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/bad-signature']);
    });

    it('uses the right answer when a refused one comes along with it, and reports the refused one', async () => {
      const result = await check('leafRevoked', [
        await ask('leafRevoked', 'foreign'),
        await ask('leafRevoked', 'delegated'),
      ]);
      expect(result.status).to.equal('revoked');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/unauthorized-responder']);
    });
  });

  describe('dates and responder answers', () => {
    it('a response past its nextUpdate is stale and gives no status', async () => {
      const der = await ask('leafRevoked', 'ca');
      const later = new Date(Date.now() + TEN_MINUTES);
      const result = await check('leafRevoked', [der], later);
      expect(result.status).to.equal('unknown');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/stale']);
      // The same response is still current now.
      expect((await check('leafRevoked', [der])).status).to.equal('revoked');
    });

    it('a response dated after the validation time is not used', async () => {
      const der = await ask('leafGood', 'ca');
      const earlier = new Date(Date.now() - TEN_MINUTES);
      const result = await check('leafGood', [der], earlier);
      expect(result.status).to.equal('unknown');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/not-yet-valid']);
    });

    it('maxAge refuses an answer older than allowed', async () => {
      const der = await ask('leafGood', 'ca');
      const result = await checkRevocation({
        certificate: pki.leafGood,
        issuer: pki.intermediate,
        crls: [],
        ocspResponses: [der],
        time: new Date(Date.now() + 30_000),
        maxAge: 5,
      });
      expect(result.status).to.equal('unknown');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/too-old']);
    });

    it("refuses the answer of the root's responder about the leaf: the root is not the leaf's issuer", async () => {
      const result = await check('leafGood', [await ask('leafGood', 'root')]);
      expect(result.status).to.equal('unknown');
      expect(ocspCodes(result)).to.deep.equal(['ocsp/unauthorized-responder']);
    });

    it('answers other than successful have their own codes, merged with the CRL problems', async () => {
      const answer = (status: number) => Uint8Array.of(0x30, 0x03, 0x0a, 0x01, status);
      expect(parseOcspResponse(answer(6)).status).to.equal('unauthorized');
      const result = await check('leafGood', [answer(3), answer(6)]);
      expect(result.status).to.equal('unknown');
      expect(codes(result)).to.deep.equal([
        'ocsp/response-try-later',
        'ocsp/response-unauthorized',
        'revocation/no-crl',
      ]);
    });
  });

  describe('fetchOcsp', () => {
    beforeEach(() => responder({ action: 'reset' }));

    it('GETs a small request at the URL from the certificate, POSTs a large one', async () => {
      const small = await fetchOcsp(pki.leafGood, pki.intermediate, { mirror: MIRROR });
      expect((await check('leafGood', [small])).status).to.equal('good');
      const large = await ask('leafGood', 'ca', { hash: 'SHA-512', nonce: true });
      expect((await check('leafGood', [large])).status).to.equal('good');
      const seen = (await responder({ action: 'requests' })) as Array<{ method: string; url: string }>;
      expect(seen.map((request) => request.method)).to.deep.equal(['GET', 'POST']);
      // GET carries the request in the path (RFC 6960 appendix A), at the AIA's responder.
      expect(seen[0]!.url.startsWith(pki.responders.ca)).to.equal(true);
      expect(seen[0]!.url.length).to.be.above(pki.responders.ca.length + 80);
      expect(seen[1]!.url).to.equal(pki.responders.ca);
    });

    it('builds a CertID with the hash asked for, which openssl answers', async () => {
      for (const hash of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'] as const) {
        const der = await ask('leafRevoked', 'delegated', { hash });
        const single = parseOcspResponse(der).basic!.responses[0]!;
        expect(single.certId.issuerKeyHash.length, hash).to.equal(
          { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 }[hash],
        );
        expect((await check('leafRevoked', [der])).status, hash).to.equal('revoked');
      }
    });

    it('reports a responder refusing the request, and a certificate without an OCSP URL', async () => {
      const refused = await expectCode(
        fetchOcsp(pki.leafGood, pki.intermediate, { url: 'http://127.0.0.1:9/', mirror: MIRROR }),
        'ocsp-fetch/http-status',
      );
      expect(refused.params?.status).to.equal(403);
      await expectCode(fetchOcsp(pki.root, pki.root, { mirror: MIRROR }), 'ocsp-fetch/no-url');
      await expectCode(fetchOcsp(pki.leafGood, pki.intermediate, { url: 'ftp://x/' }), 'ocsp-fetch/bad-url');
    });

    it('times out, caps the answer and refuses an answer that is no OCSP response', async () => {
      // Large requests go by POST to the URL as given, so the CRL test server's routes can stand in.
      const post = { hash: 'SHA-512', nonce: true } as const;
      const at = (path: string) => new URL(path, location.href).href;
      const slow = at('/crl-test/huge?size=4096&chunk=16&delay=200');
      const late = await expectCode(
        fetchOcsp(pki.leafGood, pki.intermediate, { ...post, url: slow, timeoutMs: 300 }),
        'ocsp-fetch/timeout',
      );
      expect(late.params?.timeoutMs).to.equal(300);
      const big = at('/crl-test/huge?size=4096');
      await expectCode(
        fetchOcsp(pki.leafGood, pki.intermediate, { ...post, url: big, maxBytes: 1024 }),
        'ocsp-fetch/too-large',
      );
      const page = at('/crl-test/crash-worker.js');
      const wrong = await expectCode(
        fetchOcsp(pki.leafGood, pki.intermediate, { ...post, url: page }),
        'ocsp-fetch/not-ocsp',
      );
      expect(wrong.params?.type).to.contain('javascript');
      const caller = new AbortController();
      caller.abort();
      await expectCode(
        fetchOcsp(pki.leafGood, pki.intermediate, { ...post, url: slow, signal: caller.signal }),
        'ocsp-fetch/aborted',
      );
    });

    it('buildOcspRequest refuses a hash OCSP does not use', () => {
      expect(() => buildOcspRequest(pki.leafGood, pki.intermediate, { hash: 'MD5' as unknown as 'SHA-1' }))
        .to.throw()
        .with.property('code', 'ocsp/unsupported-hash');
    });
  });

  describe('hostile bytes', () => {
    it('every truncation of a real response is ocsp/malformed, and no changed byte makes the parser crash', async () => {
      const der = await ask('leafRevoked', 'delegated');
      for (let length = 0; length < der.length; length++) {
        let code: string | undefined;
        try {
          parseOcspResponse(der.slice(0, length));
        } catch (error) {
          code = (error as { code?: string }).code;
        }
        expect(code, `first ${length} bytes`).to.equal('ocsp/malformed');
      }
      for (let offset = 0; offset < der.length; offset++) {
        const changed = der.slice();
        changed[offset]! ^= 0xff;
        try {
          parseOcspResponse(changed);
        } catch (error) {
          expect((error as { code?: string }).code, `byte ${offset}`).to.match(/^ocsp\//);
        }
      }
    });

    it('refuses a response above maxBytes before reading it', () => {
      expect(() => parseOcspResponse(new Uint8Array(2048), { maxBytes: 1024 }))
        .to.throw()
        .with.property('code', 'ocsp/too-large');
    });
  });

  describe('verifyChain with ocspResponses', () => {
    const chain = (leaf: Leaf, ocspResponses: Uint8Array[], crls: Uint8Array[] = [], time?: Date) =>
      verifyChain({
        leaf: pki[leaf],
        intermediates: [pki.intermediate],
        trustAnchors: [pki.root],
        crls,
        ocspResponses,
        revocation: 'require',
        ...(time && { time }),
      });
    const intermediateStatus = () =>
      fetchOcsp(pki.intermediate, pki.root, { url: pki.responders.root, mirror: MIRROR });

    it('is valid with OCSP only, each certificate checked against the one above it', async () => {
      const result = await chain('leafGood', [
        await ask('leafGood', 'delegated'),
        await intermediateStatus(),
      ]);
      expect(result.problems).to.deep.equal([]);
      expect(result.valid).to.equal(true);
      expect(result.revocation.map((item) => item.status)).to.deep.equal(['good', 'good']);
      expect(result.revocation[0]!.ocsp?.responder).to.equal('CN=OCSP Test Responder,O=shirushi test');
      expect(result.revocation[1]!.ocsp?.responder).to.equal('CN=OCSP Test Root,O=shirushi test');
    });

    it('is invalid when OCSP says the leaf is revoked', async () => {
      const result = await chain('leafRevoked', [await intermediateStatus(), await ask('leafRevoked', 'ca')]);
      expect(result.valid).to.equal(false);
      const revoked = result.problems.filter((item) => item.code === 'chain/revoked');
      expect(revoked).to.have.length(1);
      expect(revoked[0]!.certificateIndex).to.equal(0);
      expect(revoked[0]!.params?.reason).to.equal('keyCompromise');
      expect(result.revocation[0]!.revocationDate?.toISOString()).to.equal(pki.revokedAt);
    });

    it('falls back to the CRL for a certificate OCSP does not cover', async () => {
      const result = await chain('leafGood', [await ask('leafGood', 'ca')], [base64Decode(pki.rootCrl)]);
      expect(result.valid).to.equal(true);
      expect(result.revocation[0]!.ocsp).to.not.equal(undefined);
      expect(result.revocation[1]!.crl?.issuer).to.equal('CN=OCSP Test Root,O=shirushi test');
      expect(result.revocation[1]!.ocsp).to.equal(undefined);
    });

    it('falls back to the CRLs when the OCSP answers are stale, and keeps revoked from a CRL', async () => {
      const later = new Date(Date.now() + TEN_MINUTES);
      const crls = [base64Decode(pki.rootCrl), base64Decode(pki.intermediateCrl)];
      const good = await chain(
        'leafGood',
        [await ask('leafGood', 'ca'), await intermediateStatus()],
        crls,
        later,
      );
      expect(good.valid).to.equal(true);
      expect(good.revocation.map((item) => item.crl?.issuer)).to.deep.equal([
        'CN=OCSP Test CA,O=shirushi test',
        'CN=OCSP Test Root,O=shirushi test',
      ]);
      const revoked = await chain('leafRevoked', [await ask('leafRevoked', 'no-eku')], crls);
      expect(revoked.valid).to.equal(false);
      expect(revoked.revocation[0]!.status).to.equal('revoked');
      expect(revoked.revocation[0]!.crl).to.not.equal(undefined);
    });

    it('merges the problems when neither OCSP nor the CRLs give a status', async () => {
      const result = await chain('leafUnknown', [await ask('leafUnknown', 'ca'), await intermediateStatus()]);
      expect(result.valid).to.equal(false);
      const leaf = result.revocation[0]!;
      expect(leaf.status).to.equal('unknown');
      expect(codes(leaf)[0]).to.equal('ocsp/unknown-certificate');
      expect(codes(leaf).length).to.be.above(1);
      expect(
        result.problems.find((item) => item.code === 'chain/revocation-unknown')?.certificateIndex,
      ).to.equal(0);
    });

    it('gives the same answer when a large CRL sends the check to the worker', async () => {
      const responses = [await ask('leafRevoked', 'delegated'), await intermediateStatus()];
      const before = offloadStatus().completed;
      configureOffload({ threshold: 0 });
      let result;
      try {
        result = await chain('leafRevoked', responses, [base64Decode(pki.rootCrl)]);
      } finally {
        configureOffload({ threshold: OFFLOAD_THRESHOLD_BYTES });
      }
      expect(offloadStatus().completed).to.equal(before + 1);
      expect(result.valid).to.equal(false);
      expect(result.revocation[0]!.status).to.equal('revoked');
      expect(result.revocation[0]!.ocsp?.thisUpdate).to.be.instanceOf(Date);
      expect(result.problems.find((item) => item.code === 'chain/revoked')?.certificateIndex).to.equal(0);
    });

    it('reports malformed and truncated responses without throwing', async () => {
      const whole = await ask('leafGood', 'ca');
      const broken = [
        whole.slice(0, 40),
        Uint8Array.of(0x30, 0x82, 0xff),
        new Uint8Array(16),
        whole.slice(0, -1),
      ];
      for (const bytes of broken) {
        await expectCode(
          Promise.resolve().then(() => parseOcspResponse(bytes)),
          'ocsp/malformed',
        );
      }
      const result = await chain('leafGood', broken, [base64Decode(pki.rootCrl)]);
      expect(result.valid).to.equal(false);
      expect(codes(result.revocation[0]!)).to.include('ocsp/malformed');
      const repaired = await chain('leafGood', [...broken, whole, await intermediateStatus()]);
      expect(repaired.valid).to.equal(true);
      expect(codes(repaired.revocation[0]!)).to.include('ocsp/malformed');
    });
  });
});
