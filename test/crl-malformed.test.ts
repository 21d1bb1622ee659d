import { expect } from '@esm-bundle/chai';
import { checkRevocation, encodePem, parseCrl, type CrlInput, type RevocationResult } from '../src/index.js';
import { concat, tlv } from './helpers/der.js';
import {
  certificateDer,
  crlDer,
  crlScenarios,
  elements,
  loadCrlScenarios,
  readElement,
  signAsCa,
  splitCrl,
  type CrlParts,
} from './helpers/crl-scenarios.js';

/**
 * Malformed CRLs, built from a real `openssl ca` CRL (caCrl, signed by the RSA CA): every change is re-signed
 * with the CA's key, so the structure is the only thing wrong. Each must be refused by parseCrl with a
 * ShirushiError code and leave checkRevocation at `unknown` with a problem saying why, quickly.
 */

/** Time allowed for one parse or check of a small malformed CRL; generous for WebKit on a loaded machine. */
const BOUND_MS = 1000;

/** What parseCrl may say for a header that does not have a CRL's structure. */
const STRUCTURE_CODES = ['crl/not-a-crl', 'crl/bad-version', 'crl/bad-time', 'crl/bad-extension'];

before(loadCrlScenarios);

async function target(): Promise<{ certificate: Uint8Array; issuer: Uint8Array }> {
  return { certificate: await certificateDer('keyCompromise'), issuer: await certificateDer('ca') };
}

async function parts(): Promise<CrlParts> {
  return splitCrl(await crlDer('caCrl'));
}

/** The TBS contents with `field` replaced (or removed with an empty array), re-signed by the CA. */
async function rebuilt(p: CrlParts, change: (fields: Uint8Array[]) => Uint8Array[]): Promise<Uint8Array> {
  return signAsCa(concat(...change(p.fields.map((f) => f.tlv))), p.signatureAlgorithm);
}

/** parseCrl throws a ShirushiError whose code is one of `codes`, in bounded time; returns the code. */
function expectParseError(input: Uint8Array | string, codes: string[], label: string): string {
  const start = performance.now();
  let caught: (Error & { code?: string; messages?: { ja: string; en: string } }) | undefined;
  try {
    parseCrl(input);
  } catch (error) {
    caught = error as typeof caught;
  }
  const elapsed = performance.now() - start;
  expect(caught, `${label}: parseCrl accepted it`).to.not.equal(undefined);
  expect(caught!.name, `${label}: ${caught!.message}`).to.equal('ShirushiError');
  expect(codes, `${label}: ${caught!.message}`).to.include(caught!.code);
  expect(caught!.messages?.ja, label).to.be.a('string').and.not.equal('');
  expect(caught!.messages?.en, label).to.be.a('string').and.not.equal('');
  expect(elapsed, `${label}: parseCrl took ${elapsed} ms`).to.be.below(BOUND_MS);
  return caught!.code!;
}

/** checkRevocation refuses the CRL with `code` and answers `unknown`, in bounded time. */
async function expectUnusable(
  crl: CrlInput,
  code: string,
  label: string,
  options: { maxCrlBytes?: number } = {},
): Promise<RevocationResult> {
  const start = performance.now();
  const result = await checkRevocation({ ...(await target()), crls: [crl], ...options });
  const elapsed = performance.now() - start;
  const codes = result.problems.map((p) => p.code);
  expect(result.status, `${label}: ${JSON.stringify(codes)}`).to.equal('unknown');
  expect(codes, label).to.include.members([code, 'revocation/no-crl']);
  for (const p of result.problems) expect(p.message.en, label).to.be.a('string').and.not.equal('');
  expect(elapsed, `${label}: checkRevocation took ${elapsed} ms`).to.be.below(BOUND_MS);
  return result;
}

describe('malformed CRLs: the control', () => {
  it('the real CRL rebuilt field by field and re-signed is byte-identical and accepted', async () => {
    const original = await crlDer('caCrl');
    const same = await rebuilt(await parts(), (fields) => fields);
    // RSASSA-PKCS1-v1_5 is deterministic, so re-signing the same TBS gives openssl's exact bytes.
    expect(Array.from(same)).to.deep.equal(Array.from(original));
    const result = await checkRevocation({ ...(await target()), crls: [same] });
    expect(result.status).to.equal('revoked');
    expect(result.reason).to.equal('keyCompromise');
    expect(result.problems).to.deep.equal([]);
  });

  it('a CRL changed in a well-formed way and re-signed is accepted (the re-signing itself is sound)', async () => {
    const p = await parts();
    // Drop nextUpdate: still a valid CRL, with a new signature.
    const changed = await rebuilt(p, (fields) => fields.filter((_, i) => i !== p.index.nextUpdate));
    expect(parseCrl(changed).nextUpdate).to.equal(undefined);
    const result = await checkRevocation({ ...(await target()), crls: [changed] });
    expect(result.status).to.equal('revoked');
    expect(result.crl?.nextUpdate).to.equal(undefined);
  });
});

describe('malformed CRLs: truncated', () => {
  it('every 100th prefix and the last few bytes → der/truncated', async () => {
    const der = await crlDer('caCrl');
    const cuts = new Set<number>();
    for (let n = 1; n < der.length; n += 100) cuts.add(n);
    for (const back of [1, 2, 3, 10, 50, 256]) cuts.add(der.length - back);
    for (const cut of cuts) {
      const prefix = der.slice(0, cut);
      expectParseError(prefix, ['der/truncated'], `prefix ${cut}/${der.length}`);
    }
    // checkRevocation on a sample of them (each is a full check).
    for (const cut of [1, 2, 100, Math.floor(der.length / 2), der.length - 1]) {
      await expectUnusable(der.slice(0, cut), 'revocation/crl-unreadable', `prefix ${cut}`);
    }
  });

  it('a PEM whose base64 is cut short → der/truncated', async () => {
    const der = await crlDer('caCrl');
    const pem = encodePem('X509 CRL', der.slice(0, der.length - 40));
    expectParseError(pem, ['der/truncated'], 'short PEM');
    await expectUnusable(pem, 'revocation/crl-unreadable', 'short PEM');
  });
});

describe('malformed CRLs: garbage inside the TBSCertList', () => {
  it('an extra element after each field, re-signed', async () => {
    const p = await parts();
    const seen: string[] = [];
    for (let i = 0; i < p.fields.length; i++) {
      const crl = await rebuilt(p, (fields) => [
        ...fields.slice(0, i + 1),
        tlv(0x04, [0xde, 0xad]),
        ...fields.slice(i + 1),
      ]);
      const label = `OCTET STRING after field ${i} (tag 0x${p.fields[i]!.tag.toString(16)})`;
      seen.push(`${i}:${expectParseError(crl, STRUCTURE_CODES, label)}`);
      await expectUnusable(crl, 'revocation/crl-unreadable', label);
    }
    expect(seen).to.have.length(p.fields.length);
  });

  it('raw garbage bytes (not DER) after each field, re-signed', async () => {
    const p = await parts();
    for (let i = 0; i < p.fields.length; i++) {
      const crl = await rebuilt(p, (fields) => [
        ...fields.slice(0, i + 1),
        Uint8Array.of(0xde, 0xad, 0xbe, 0xef),
        ...fields.slice(i + 1),
      ]);
      const label = `0xdeadbeef after field ${i}`;
      expectParseError(crl, [...STRUCTURE_CODES, 'der/truncated', 'der/bad-length', 'der/bad-tag'], label);
      await expectUnusable(crl, 'revocation/crl-unreadable', label);
    }
  });

  it('garbage after the signature value → der/trailing-data', async () => {
    const der = await crlDer('caCrl');
    expectParseError(concat(der, Uint8Array.of(0, 0, 0)), ['der/trailing-data'], 'trailing bytes');
    await expectUnusable(concat(der, Uint8Array.of(0, 0, 0)), 'revocation/crl-unreadable', 'trailing bytes');
  });

  it('a revokedCertificates entry with garbage after its fields is refused when the entries are read', async () => {
    const p = await parts();
    const revoked = p.index.revoked!;
    const entries = elements(p.fields[revoked]!.value).map((e) => e.tlv);
    const broken = entries.map((entry, i) =>
      i === 1 ? tlv(0x30, concat(readElement(entry).value, tlv(0x05, []))) : entry,
    );
    const crl = await rebuilt(p, (fields) =>
      fields.map((f, i) => (i === revoked ? tlv(0x30, concat(...broken)) : f)),
    );
    // parseCrl reads the header only (the list is read after the signature check); if it does look, it says so.
    try {
      parseCrl(crl);
    } catch (error) {
      expect((error as { code: string }).code).to.equal('crl/bad-entry');
    }
    const result = await expectUnusable(
      crl,
      'revocation/crl-unreadable',
      'entry with a NULL after its extensions',
    );
    const problem = result.problems.find((x) => x.code === 'revocation/crl-unreadable')!;
    expect(problem.message.en).to.match(/entry|offset/i);
  });

  it('an entry that is not a SEQUENCE is refused', async () => {
    const p = await parts();
    const revoked = p.index.revoked!;
    const entries = elements(p.fields[revoked]!.value).map((e) => e.tlv);
    const crl = await rebuilt(p, (fields) =>
      fields.map((f, i) => (i === revoked ? tlv(0x30, concat(...entries, tlv(0x02, [1]))) : f)),
    );
    await expectUnusable(crl, 'revocation/crl-unreadable', 'INTEGER among the entries');
  });

  it('the same extension twice → crl/duplicate-extension', async () => {
    const p = await parts();
    const at = p.index.extensions!;
    const list = elements(readElement(p.fields[at]!.value).value).map((e) => e.tlv);
    // cRLNumber (2.5.29.20) is one of the extensions openssl wrote; add it again.
    const crlNumber = list.find((e) => {
      const oid = elements(readElement(e).value)[0]!.value;
      return oid.length === 3 && oid[0] === 0x55 && oid[1] === 0x1d && oid[2] === 0x14;
    })!;
    expect(crlNumber, 'openssl wrote a cRLNumber').to.not.equal(undefined);
    const crl = await rebuilt(p, (fields) =>
      fields.map((f, i) => (i === at ? tlv(0xa0, tlv(0x30, concat(...list, crlNumber))) : f)),
    );
    expectParseError(crl, ['crl/duplicate-extension'], 'two cRLNumbers');
    await expectUnusable(crl, 'revocation/crl-unreadable', 'two cRLNumbers');
  });

  it('an unreadable thisUpdate → crl/bad-time', async () => {
    const p = await parts();
    const at = p.index.thisUpdate;
    const time = p.fields[at]!;
    const letters = Uint8Array.from(time.value, (byte, i) => (i < 6 ? 0x41 : byte));
    const crl = await rebuilt(p, (fields) => fields.map((f, i) => (i === at ? tlv(time.tag, letters) : f)));
    expectParseError(crl, ['crl/bad-time'], 'letters in thisUpdate');
    await expectUnusable(crl, 'revocation/crl-unreadable', 'letters in thisUpdate');
  });

  it('version 3 → crl/bad-version', async () => {
    const p = await parts();
    expect(p.index.version).to.equal(0);
    const crl = await rebuilt(p, (fields) => fields.map((f, i) => (i === 0 ? tlv(0x02, [2]) : f)));
    expectParseError(crl, ['crl/bad-version'], 'version 3');
    await expectUnusable(crl, 'revocation/crl-unreadable', 'version 3');
  });
});

describe('malformed CRLs: tags and lengths', () => {
  it('a wrong outer tag → der/bad-tag (binary that is not a SEQUENCE) or crl/not-a-crl', async () => {
    const der = await crlDer('caCrl');
    for (const tag of [0x31, 0x04, 0xa0]) {
      const changed = der.slice();
      changed[0] = tag;
      const label = `outer tag 0x${tag.toString(16)}`;
      expectParseError(changed, ['der/bad-tag', 'crl/not-a-crl'], label);
      await expectUnusable(changed, 'revocation/crl-unreadable', label);
    }
  });

  it('a length field overflowing (0x84 ff ff ff ff) on the TBS → der/truncated or der/bad-length', async () => {
    const p = await parts();
    const tbsContents = concat(...p.fields.map((f) => f.tlv));
    const overflowing = concat(Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff), tbsContents);
    const body = concat(overflowing, p.signatureAlgorithm, tlv(0x03, [0, 1, 2, 3]));
    const crl = concat(Uint8Array.of(0x30, 0x82, body.length >> 8, body.length & 0xff), body);
    expectParseError(crl, ['der/truncated', 'der/bad-length'], 'TBS length 0xffffffff');
    await expectUnusable(crl, 'revocation/crl-unreadable', 'TBS length 0xffffffff');
  });

  it('five length bytes, or an indefinite length → der/bad-length', async () => {
    const der = await crlDer('caCrl');
    expectParseError(Uint8Array.of(0x30, 0x85, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5), ['der/bad-length'], '0x85');
    const indefinite = der.slice();
    indefinite[1] = 0x80;
    expectParseError(indefinite, ['der/bad-length'], 'indefinite length');
    await expectUnusable(indefinite, 'revocation/crl-unreadable', 'indefinite length');
  });

  it('a header claiming 4 GB (or 200 MB) with a few bytes present is refused at once, without allocating', async () => {
    const claims = [
      Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30, 0x00),
      // 200 MB: under the 256 MiB default limit, so only the missing bytes can refuse it.
      Uint8Array.of(0x30, 0x84, 0x0c, 0x80, 0x00, 0x00, 0x30, 0x03, 0x02, 0x01, 0x01),
      Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff),
    ];
    const before = heapUsed();
    const start = performance.now();
    // Repeated: allocating the claimed size even lazily would show up as time, memory or a RangeError.
    for (let round = 0; round < 25; round++) {
      for (const claim of claims) expectParseError(claim, ['der/truncated'], `claim ${Array.from(claim)}`);
    }
    for (const claim of claims) await expectUnusable(claim, 'revocation/crl-unreadable', 'huge claim');
    const elapsed = performance.now() - start;
    expect(elapsed, `${elapsed} ms`).to.be.below(2 * BOUND_MS);
    const grown = heapUsed() - before;
    expect(grown, `heap grew by ${grown} bytes`).to.be.below(64 * 1024 * 1024);
  });

  it('a CRL above maxBytes / maxCrlBytes → input/too-large / revocation/crl-too-large', async () => {
    const der = await crlDer('caCrl');
    let caught: { code?: string } | undefined;
    try {
      parseCrl(der, { maxBytes: 100 });
    } catch (error) {
      caught = error as { code?: string };
    }
    expect(caught?.code).to.equal('input/too-large');
    await expectUnusable(der, 'revocation/crl-too-large', 'maxCrlBytes 100', { maxCrlBytes: 100 });
  });
});

describe('malformed CRLs: not a CRL at all', () => {
  it('empty input → input/empty', async () => {
    expectParseError('', ['input/empty'], 'empty string');
    expectParseError(new Uint8Array(0), ['input/empty'], 'empty bytes');
    await expectUnusable(new Uint8Array(0), 'revocation/crl-unreadable', 'empty bytes');
    await expectUnusable('', 'revocation/crl-unreadable', 'empty string');
  });

  it('a certificate given as a CRL: PEM → pem/wrong-label, DER → crl/not-a-crl', async () => {
    const all = await crlScenarios();
    expectParseError(all.certificates.ca!.pem, ['pem/wrong-label'], 'CERTIFICATE PEM');
    expectParseError(await certificateDer('ca'), ['crl/not-a-crl'], 'certificate DER');
    await expectUnusable(all.certificates.ca!.pem, 'revocation/crl-unreadable', 'CERTIFICATE PEM');
    await expectUnusable(await certificateDer('ca'), 'revocation/crl-unreadable', 'certificate DER');
  });

  it('a CRL PEM whose END label differs → pem/mismatched-label', async () => {
    const pem = (await crlScenarios()).crls.caCrl!.pem.replace('END X509 CRL', 'END CERTIFICATE');
    expectParseError(pem, ['pem/mismatched-label'], 'mismatched labels');
    await expectUnusable(pem, 'revocation/crl-unreadable', 'mismatched labels');
  });

  it('text that is neither PEM nor base64 → pem/no-data', async () => {
    expectParseError('これは CRL ではありません。', ['pem/no-data'], 'Japanese text');
    await expectUnusable('これは CRL ではありません。', 'revocation/crl-unreadable', 'Japanese text');
  });

  it('one unreadable CRL next to a good one: reported, and the good one still decides', async () => {
    const der = await crlDer('caCrl');
    const result = await checkRevocation({ ...(await target()), crls: [der.slice(0, 300), der] });
    expect(result.status).to.equal('revoked');
    expect(result.problems.map((p) => p.code)).to.deep.equal(['revocation/crl-unreadable']);
    expect(result.problems[0]!.params).to.include({ index: 1 });
  });
});

/** Chromium's heap counter (0 elsewhere, where only the time bound applies). */
function heapUsed(): number {
  return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
}
