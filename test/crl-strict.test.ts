// CRL strictness (RFC 5280 section 5) and CA key rollover (RFC 5280 6.3.3 (f), RFC 4210 4.4).
// Every certificate and CRL is made for this run by openssl (`req -x509`, `ca -gencrl`) through the
// `openssl` server command. Where openssl cannot write the defect (an unknown entry extension, an empty
// revokedCertificates SEQUENCE), an openssl CRL is taken apart, changed, and its TBS re-signed by openssl
// (`dgst -sign`) with the same key, so the change is the only thing wrong with it.
import { expect } from '@esm-bundle/chai';
import {
  checkRevocation,
  parseCrl,
  verifyChain,
  verifyCrl,
  type ChainResult,
  type RevocationResult,
} from '../src/index.js';
import { openssl } from './harness/openssl.js';
import { concat, tlv } from './helpers/der.js';
import { elements, readElement, splitCrl } from './helpers/crl-scenarios.js';

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Runs openssl and returns the named output files (`out:<name>` arguments) as bytes. */
async function run(
  args: string[],
  files: Record<string, string | Uint8Array> = {},
): Promise<Record<string, Uint8Array>> {
  const result = await openssl(args, { files });
  expect(result.code, `openssl ${args.join(' ')}\n${result.stderr}`).to.equal(0);
  return Object.fromEntries(Object.entries(result.files).map(([name, data]) => [name, fromBase64(data)]));
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function newKey(): Promise<string> {
  const out = await run(
    ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'].concat(['-out', 'out:key.pem']),
  );
  return text(out['key.pem']!);
}

/** A certificate (PEM) and the private key (PEM) that signs with it. */
interface Issuer {
  pem: string;
  key: string;
}

/**
 * `openssl req -x509`: self-signed without `issuer`, else signed by the issuer's key. openssl's default
 * config adds subjectKeyIdentifier and authorityKeyIdentifier (keyid of the signing certificate).
 */
async function certificate(spec: {
  subject: string;
  key: string;
  serial: number;
  ca: boolean;
  issuer?: Issuer;
}): Promise<string> {
  const extensions = spec.ca
    ? ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign']
    : ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature'];
  const args = ['req', '-x509', '-new', '-key', 'subject.key', '-subj', spec.subject, '-days', '30']
    .concat(['-set_serial', String(spec.serial), '-out', 'out:cert.pem'])
    .concat(extensions.flatMap((extension) => ['-addext', extension]))
    .concat(spec.issuer ? ['-CA', 'issuer.pem', '-CAkey', 'issuer.key'] : []);
  const files: Record<string, string> = { 'subject.key': spec.key };
  if (spec.issuer) Object.assign(files, { 'issuer.pem': spec.issuer.pem, 'issuer.key': spec.issuer.key });
  return text((await run(args, files))['cert.pem']!);
}

const hexSerial = (serial: number) => {
  const hex = serial.toString(16).toUpperCase();
  return hex.length % 2 ? `0${hex}` : hex;
};

/** openssl's index.txt date form, YYMMDDHHMMSSZ. */
const indexDate = (date: Date) => date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';

/**
 * `openssl ca -gencrl` signed by `signer`, listing `revoked` serials as keyCompromise. `number` null leaves
 * cRLNumber out (openssl then writes none); `extensions` are extra crl_extensions lines. Returns DER.
 */
async function crl(spec: {
  signer: Issuer;
  revoked?: number[];
  number?: number | null;
  extensions?: string[];
}): Promise<Uint8Array> {
  const expires = indexDate(new Date(Date.now() + 30 * 86_400_000));
  const revokedAt = indexDate(new Date(Date.now() - 86_400_000));
  const index = (spec.revoked ?? [])
    .map((serial) => `R\t${expires}\t${revokedAt},keyCompromise\t${hexSerial(serial)}\tunknown\t/CN=x\n`)
    .join('');
  const number = spec.number === undefined ? 16 : spec.number;
  const config = [
    '[ca]',
    'default_ca = test_ca',
    '[test_ca]',
    'database = index.txt',
    ...(number === null ? [] : ['crlnumber = crlnumber']),
    'default_md = sha256',
    'default_crl_days = 7',
    'crl_extensions = crl_ext',
    '[crl_ext]',
    'authorityKeyIdentifier = keyid:always',
    ...(spec.extensions ?? []),
    '',
  ].join('\n');
  const files = {
    'ca.cnf': config,
    'index.txt': index,
    crlnumber: `${hexSerial(number ?? 1)}\n`,
    'ca.pem': spec.signer.pem,
    'ca.key': spec.signer.key,
  };
  // `ca -gencrl` writes PEM only; a second run converts it, so the tests handle DER bytes.
  const made = await run(
    ['ca', '-batch', '-gencrl', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key'].concat([
      '-out',
      'out:crl.pem',
    ]),
    files,
  );
  const der = await run(['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'out:crl.der'], {
    'crl.pem': made['crl.pem']!,
  });
  return der['crl.der']!;
}

/**
 * The CRL with its TBSCertList contents replaced by `change(fields)`, re-signed by openssl with `key`
 * (ECDSA with SHA-256, as the original), keeping the original signature algorithm.
 */
async function resigned(
  der: Uint8Array,
  key: string,
  change: (fields: Uint8Array[], parts: ReturnType<typeof splitCrl>) => Uint8Array[],
): Promise<Uint8Array> {
  const parts = splitCrl(der);
  const tbs = tlv(
    0x30,
    concat(
      ...change(
        parts.fields.map((field) => field.tlv),
        parts,
      ),
    ),
  );
  const signed = await run(['dgst', '-sha256', '-sign', 'key.pem', '-out', 'out:signature', 'tbs.der'], {
    'key.pem': key,
    'tbs.der': tbs,
  });
  const signature = signed.signature!;
  return tlv(0x30, concat(tbs, parts.signatureAlgorithm, tlv(0x03, concat(Uint8Array.of(0), signature))));
}

const codesOf = (result: { problems: { code: string }[] }) => result.problems.map((problem) => problem.code);

/** An `unknown` answer that names `code`, with both languages filled in. */
function expectUnknown(result: RevocationResult, code: string, label: string): void {
  expect(result.status, `${label}: ${JSON.stringify(codesOf(result))}`).to.equal('unknown');
  expect(codesOf(result), label).to.include(code);
  expect(result.crl, label).to.equal(undefined);
  const named = result.problems.find((problem) => problem.code === code)!;
  expect(named.message.ja, label).to.be.a('string').and.not.equal('');
  expect(named.message.en, label)
    .to.be.a('string')
    .and.not.match(/\{\w+\}/);
}

function expectValid(result: ChainResult, label: string): void {
  expect(result.valid, `${label}: ${JSON.stringify(codesOf(result))}`).to.equal(true);
  expect(result.problems, label).to.deep.equal([]);
  for (const status of result.revocation) expect(status.status, label).to.equal('good');
}

// One small PKI for the whole file. Serials: 0x1001/0x1002 are leaves of the old CA key, 0x2001/0x2002 of
// the new one; the second of each pair is revoked on every CA CRL.
const GOOD_OLD = 0x1001;
const REVOKED_OLD = 0x1002;
const GOOD_NEW = 0x2001;
const REVOKED_NEW = 0x2002;

interface Pki {
  root: Issuer;
  /** The CA's certificate for its old key, and for its new key, both issued by the root. */
  caOld: Issuer;
  caNew: Issuer;
  /** Self-issued links: the new key signed by the old one, and the old key signed by the new one. */
  newWithOld: Issuer;
  oldWithNew: Issuer;
  leaves: Record<number, string>;
  rootCrl: Uint8Array;
  /** The CA's CRL signed by the new key (the CA's current practice after the rollover). */
  caCrlNewKey: Uint8Array;
  /** The same entries signed by the old key. */
  caCrlOldKey: Uint8Array;
  /** A root-level rollover: the old self-signed root, the new one, and the links between them. */
  rootOldSelf: Issuer;
  rootNewSelf: Issuer;
  rootNewWithOld: Issuer;
  rootOldWithNew: Issuer;
  rootLeaves: Record<number, string>;
  rootCrlNewKey: Uint8Array;
}

let pki: Pki;

async function makePki(): Promise<Pki> {
  const [rootKey, oldKey, newKey_, leafKey, rootOldKey, rootNewKey] = await Promise.all(
    Array.from({ length: 6 }, () => newKey()),
  );
  const rootSubject = '/C=JP/O=Shirushi Strict Test/CN=Strict Test Root';
  const caSubject = '/C=JP/O=Shirushi Strict Test/CN=Strict Test CA';
  const root: Issuer = {
    pem: await certificate({ subject: rootSubject, key: rootKey!, serial: 1, ca: true }),
    key: rootKey!,
  };
  const ca = (key: string, serial: number, issuer: Issuer) =>
    certificate({ subject: caSubject, key, serial, ca: true, issuer }).then((pem) => ({ pem, key }));
  const caOld = await ca(oldKey!, 10, root);
  const caNew = await ca(newKey_!, 11, root);
  const newWithOld = await ca(newKey_!, 12, caOld);
  const oldWithNew = await ca(oldKey!, 13, caNew);
  const leaf = (serial: number, issuer: Issuer) =>
    certificate({
      subject: `/CN=leaf-${serial.toString(16)}.example.jp`,
      key: leafKey!,
      serial,
      ca: false,
      issuer,
    });
  const leaves: Record<number, string> = {
    [GOOD_OLD]: await leaf(GOOD_OLD, caOld),
    [REVOKED_OLD]: await leaf(REVOKED_OLD, caOld),
    // Issued with the new key; the issuing certificate only supplies the name and key identifier.
    [GOOD_NEW]: await leaf(GOOD_NEW, newWithOld),
    [REVOKED_NEW]: await leaf(REVOKED_NEW, newWithOld),
  };
  const revoked = [REVOKED_OLD, REVOKED_NEW];

  const rootOldSubject = '/C=JP/O=Shirushi Strict Test/CN=Strict Test Rolling Root';
  const selfSigned = async (key: string, serial: number) => ({
    pem: await certificate({ subject: rootOldSubject, key, serial, ca: true }),
    key,
  });
  const rootOldSelf = await selfSigned(rootOldKey!, 20);
  const rootNewSelf = await selfSigned(rootNewKey!, 21);
  const link = (key: string, serial: number, issuer: Issuer) =>
    certificate({ subject: rootOldSubject, key, serial, ca: true, issuer }).then((pem) => ({ pem, key }));
  const rootNewWithOld = await link(rootNewKey!, 22, rootOldSelf);
  const rootOldWithNew = await link(rootOldKey!, 23, rootNewSelf);
  const rootLeaves: Record<number, string> = {
    [GOOD_OLD]: await leaf(GOOD_OLD, rootOldSelf),
    [REVOKED_OLD]: await leaf(REVOKED_OLD, rootOldSelf),
    [GOOD_NEW]: await leaf(GOOD_NEW, rootNewWithOld),
    [REVOKED_NEW]: await leaf(REVOKED_NEW, rootNewWithOld),
  };

  const [rootCrl, caCrlNewKey, caCrlOldKey, rootCrlNewKey] = await Promise.all([
    crl({ signer: root }),
    crl({ signer: newWithOld, revoked }),
    crl({ signer: caOld, revoked }),
    crl({ signer: rootNewWithOld, revoked }),
  ]);
  return {
    root,
    caOld,
    caNew,
    newWithOld,
    oldWithNew,
    leaves,
    rootCrl: rootCrl!,
    caCrlNewKey: caCrlNewKey!,
    caCrlOldKey: caCrlOldKey!,
    rootOldSelf,
    rootNewSelf,
    rootNewWithOld,
    rootOldWithNew,
    rootLeaves,
    rootCrlNewKey: rootCrlNewKey!,
  };
}

before(async function () {
  this.timeout(180_000);
  pki = await makePki();
});

/** checkRevocation of a leaf of the old CA key against `crls`. */
const checkOldLeaf = (serial: number, crls: Uint8Array[], crlSigners?: string[]) =>
  checkRevocation({
    certificate: pki.leaves[serial]!,
    issuer: pki.caOld.pem,
    crls,
    ...(crlSigners && { crlSigners }),
  });

describe('cRLNumber is required and non-critical (RFC 5280 5.2.3)', () => {
  it('control: the same CRL with a cRLNumber decides good and revoked', async () => {
    const withNumber = await crl({ signer: pki.caOld, revoked: [REVOKED_OLD], number: 0x1036 });
    expect(parseCrl(withNumber).number).to.equal(0x1036n);
    const good = await checkOldLeaf(GOOD_OLD, [withNumber]);
    expect(good.status, JSON.stringify(codesOf(good))).to.equal('good');
    expect(good.crl?.number).to.equal(String(0x1036));
    const revoked = await checkOldLeaf(REVOKED_OLD, [withNumber]);
    expect(revoked.status).to.equal('revoked');
    expect(revoked.reason).to.equal('keyCompromise');
  });

  it('a v2 CRL without cRLNumber never says good or revoked: unknown, revocation/crl-no-number', async () => {
    const withoutNumber = await crl({ signer: pki.caOld, revoked: [REVOKED_OLD], number: null });
    const parsed = parseCrl(withoutNumber);
    expect(parsed.version, 'openssl wrote a v2 CRL (it has an authorityKeyIdentifier)').to.equal(2);
    expect(parsed.number).to.equal(undefined);
    for (const serial of [GOOD_OLD, REVOKED_OLD]) {
      const result = await checkOldLeaf(serial, [withoutNumber]);
      expectUnknown(result, 'revocation/crl-no-number', `serial ${serial.toString(16)}`);
      expect(codesOf(result)).to.include('revocation/no-crl');
      expect(result.problems.find((p) => p.code === 'revocation/crl-no-number')!.message.en).to.contain(
        'Strict Test CA',
      );
    }
  });

  it('a critical cRLNumber: unknown, revocation/crl-critical-number', async () => {
    const critical = await crl({
      signer: pki.caOld,
      revoked: [REVOKED_OLD],
      number: null,
      extensions: ['2.5.29.20 = critical, DER:02:02:10:36'],
    });
    const parsed = parseCrl(critical);
    expect(parsed.number).to.equal(0x1036n);
    expect(parsed.extensions.find((e) => e.oid === '2.5.29.20')?.critical).to.equal(true);
    for (const serial of [GOOD_OLD, REVOKED_OLD]) {
      expectUnknown(
        await checkOldLeaf(serial, [critical]),
        'revocation/crl-critical-number',
        `serial ${serial.toString(16)}`,
      );
    }
  });

  it('verifyCrl (what fetchCrl checks before caching) refuses both, so no cache holds them', async () => {
    const cases: [number | null, string[], string][] = [
      [null, [], 'revocation/crl-no-number'],
      [null, ['2.5.29.20 = critical, DER:02:01:07'], 'revocation/crl-critical-number'],
    ];
    for (const [number, extensions, code] of cases) {
      const made = await crl({ signer: pki.caOld, number, extensions });
      const verified = await verifyCrl({ crl: made, issuer: pki.caOld.pem });
      expect(verified.usable, code).to.equal(false);
      expect(codesOf(verified), code).to.deep.equal([code]);
    }
    const numbered = await verifyCrl({ crl: await crl({ signer: pki.caOld }), issuer: pki.caOld.pem });
    expect(numbered.usable, JSON.stringify(codesOf(numbered))).to.equal(true);
  });

  it('verifyChain: a numberless CA CRL leaves the leaf unknown (require fails, prefer reports it)', async () => {
    const withoutNumber = await crl({ signer: pki.caOld, number: null });
    const options = {
      leaf: pki.leaves[GOOD_OLD]!,
      intermediates: [pki.caOld.pem],
      trustAnchors: [pki.root.pem],
      crls: [withoutNumber, pki.rootCrl],
    };
    const required = await verifyChain(options);
    expect(required.valid).to.equal(false);
    expect(codesOf(required)).to.deep.equal(['chain/revocation-unknown']);
    expectUnknown(required.revocation[0]!, 'revocation/crl-no-number', 'leaf');
    expect(required.revocation[1]!.status, 'the root CRL has a number').to.equal('good');
    const preferred = await verifyChain({ ...options, revocation: 'prefer' });
    expect(preferred.valid).to.equal(true);
    expect(preferred.revocation[0]!.status).to.equal('unknown');
  });
});

/** The CRL with one more extension in the crlEntryExtensions of the entry for `serial`. */
function withEntryExtension(der: Uint8Array, key: string, serial: number, extension: Uint8Array) {
  return resigned(der, key, (fields, parts) => {
    const at = parts.index.revoked!;
    const entries = elements(parts.fields[at]!.value).map((entry) => {
      const [number, date, extensions] = elements(entry.value);
      if (
        Number.parseInt(Array.from(number!.value, (b) => b.toString(16).padStart(2, '0')).join(''), 16) !==
        serial
      ) {
        return entry.tlv;
      }
      const list = extensions ? elements(readElement(extensions.tlv).value).map((e) => e.tlv) : [];
      return tlv(0x30, concat(number!.tlv, date!.tlv, tlv(0x30, concat(...list, extension))));
    });
    return fields.map((field, i) => (i === at ? tlv(0x30, concat(...entries)) : field));
  });
}

/** Extension { 1.3.6.1.4.1.32473.9.7 (example arc, RFC 5612), critical?, OCTET STRING value }. */
function privateExtension(critical: boolean, value: Uint8Array): Uint8Array {
  const oid = tlv(0x06, [0x2b, 0x06, 0x01, 0x04, 0x01, 0x81, 0xfd, 0x59, 0x09, 0x07]);
  return tlv(0x30, concat(oid, ...(critical ? [tlv(0x01, [0xff])] : []), tlv(0x04, value)));
}

/** Values a private extension may hold: DER, but not what shirushi's own readers expect. */
const PRIVATE_VALUES: [string, Uint8Array][] = [
  ['a SEQUENCE', tlv(0x30, concat(tlv(0x02, [7]), tlv(0x0c, [0x41])))],
  ['a high tag number ([APPLICATION 40])', Uint8Array.of(0x7f, 0x28, 0x03, 0x02, 0x01, 0x05)],
  ['an empty OCTET STRING', new Uint8Array(0)],
];

describe('CRL entry extensions (RFC 5280 5.3)', () => {
  it('an unknown non-critical entry extension is ignored: the entry still says revoked, with its reason', async () => {
    for (const [label, value] of PRIVATE_VALUES) {
      const changed = await withEntryExtension(
        pki.caCrlOldKey,
        pki.caOld.key,
        REVOKED_OLD,
        privateExtension(false, value),
      );
      const revoked = await checkOldLeaf(REVOKED_OLD, [changed]);
      expect(revoked.status, `${label}: ${JSON.stringify(codesOf(revoked))}`).to.equal('revoked');
      expect(revoked.reason, label).to.equal('keyCompromise');
      expect(revoked.problems, label).to.deep.equal([]);
      const good = await checkOldLeaf(GOOD_OLD, [changed]);
      expect(good.status, label).to.equal('good');
    }
  });

  it('the same extension marked critical makes the CRL unusable: crl-unknown-critical-entry-extension', async () => {
    for (const [label, value] of PRIVATE_VALUES) {
      const changed = await withEntryExtension(
        pki.caCrlOldKey,
        pki.caOld.key,
        REVOKED_OLD,
        privateExtension(true, value),
      );
      for (const serial of [GOOD_OLD, REVOKED_OLD]) {
        const result = await checkOldLeaf(serial, [changed]);
        expectUnknown(result, 'revocation/crl-unknown-critical-entry-extension', label);
        expect(result.problems[0]!.params?.oid, label).to.equal('1.3.6.1.4.1.32473.9.7');
      }
    }
  });
});

describe('empty structures that must be absent (RFC 5280 5.1.2.6, 5.2.5)', () => {
  it('an empty revokedCertificates SEQUENCE: parseCrl crl/empty-revoked-list, status unknown', async () => {
    const empty = await crl({ signer: pki.caOld });
    const parts = splitCrl(empty);
    expect(parts.index.revoked, 'openssl leaves the list out when nothing is revoked').to.equal(undefined);
    const at = parts.index.nextUpdate! + 1;
    const withEmptyList = await resigned(empty, pki.caOld.key, (fields) => [
      ...fields.slice(0, at),
      tlv(0x30, []),
      ...fields.slice(at),
    ]);
    expect(() => parseCrl(withEmptyList))
      .to.throw()
      .with.property('code', 'crl/empty-revoked-list');
    const result = await checkOldLeaf(GOOD_OLD, [withEmptyList]);
    expectUnknown(result, 'revocation/crl-unreadable', 'empty list');
    expect(result.problems[0]!.message.en).to.contain('empty list of revoked certificates');
    // Control: the CRL as openssl wrote it (list absent), re-signed the same way, is used.
    const control = await resigned(empty, pki.caOld.key, (fields) => fields);
    expect((await checkOldLeaf(GOOD_OLD, [control])).status).to.equal('good');
  });

  it('an empty issuingDistributionPoint (openssl writes it): crl/empty-issuing-distribution-point', async () => {
    const emptyIdp = await crl({
      signer: pki.caOld,
      revoked: [REVOKED_OLD],
      extensions: ['2.5.29.28 = critical, DER:30:00'],
    });
    expect(() => parseCrl(emptyIdp))
      .to.throw()
      .with.property('code', 'crl/empty-issuing-distribution-point');
    for (const serial of [GOOD_OLD, REVOKED_OLD]) {
      const result = await checkOldLeaf(serial, [emptyIdp]);
      expectUnknown(result, 'revocation/crl-unreadable', `serial ${serial.toString(16)}`);
      expect(result.problems[0]!.message.en).to.contain('issuing distribution point');
    }
    // Control: an issuingDistributionPoint with one field (onlyContainsUserCerts) is accepted.
    const userOnly = await crl({
      signer: pki.caOld,
      revoked: [REVOKED_OLD],
      extensions: ['2.5.29.28 = critical, DER:30:03:81:01:FF'],
    });
    expect(parseCrl(userOnly).issuingDistributionPoint?.onlyContainsUserCerts).to.equal(true);
    expect((await checkOldLeaf(GOOD_OLD, [userOnly])).status).to.equal('good');
  });
});

describe('CA key rollover: an intermediate CA signs CRLs with its new key', () => {
  const chain = (leaf: number, intermediates: string[], crls = [pki.caCrlNewKey, pki.rootCrl]) =>
    verifyChain({ leaf: pki.leaves[leaf]!, intermediates, trustAnchors: [pki.root.pem], crls });

  it('checkRevocation: old-key leaf, new-key CRL, new-with-old among crlSigners → good / revoked', async () => {
    const good = await checkOldLeaf(GOOD_OLD, [pki.caCrlNewKey], [pki.newWithOld.pem]);
    expect(good.status, JSON.stringify(codesOf(good))).to.equal('good');
    expect(good.problems).to.deep.equal([]);
    const revoked = await checkOldLeaf(REVOKED_OLD, [pki.caCrlNewKey], [pki.newWithOld.pem]);
    expect(revoked.status).to.equal('revoked');
    expect(revoked.reason).to.equal('keyCompromise');
  });

  it('checkRevocation without the link certificate → unknown, revocation/crl-no-signer', async () => {
    expectUnknown(await checkOldLeaf(GOOD_OLD, [pki.caCrlNewKey]), 'revocation/crl-no-signer', 'no link');
    // The new key's root-issued certificate alone is not a link back to the old key without the root's CRL.
    const caNewOnly = await checkOldLeaf(GOOD_OLD, [pki.caCrlNewKey], [pki.caNew.pem]);
    expect(caNewOnly.status).to.equal('unknown');
  });

  it('checkRevocation reverse: new-key leaf, its issuer given as new-with-old or as the new CA certificate', async () => {
    for (const issuer of [pki.newWithOld.pem, pki.caNew.pem]) {
      const check = (serial: number) =>
        checkRevocation({ certificate: pki.leaves[serial]!, issuer, crls: [pki.caCrlNewKey] });
      expect((await check(GOOD_NEW)).status).to.equal('good');
      expect((await check(REVOKED_NEW)).status).to.equal('revoked');
    }
    // A CRL still signed by the old key: the old-with-new link makes the old key a signer for the new one.
    const oldKeyCrl = (crlSigners: string[]) =>
      checkRevocation({
        certificate: pki.leaves[GOOD_NEW]!,
        issuer: pki.caNew.pem,
        crls: [pki.caCrlOldKey],
        crlSigners,
      });
    expect((await oldKeyCrl([pki.oldWithNew.pem])).status).to.equal('good');
    expectUnknown(await oldKeyCrl([]), 'revocation/crl-no-signer', 'old-key CRL without old-with-new');
  });

  it('verifyChain: old-key leaf, new-key CRL, new-with-old among intermediates → valid / revoked', async () => {
    const good = await chain(GOOD_OLD, [pki.caOld.pem, pki.newWithOld.pem]);
    expectValid(good, 'good');
    expect(good.path.map((c) => c.serialNumber)).to.deep.equal(['1001', '0a', '01']);
    const revoked = await chain(REVOKED_OLD, [pki.caOld.pem, pki.newWithOld.pem]);
    expect(revoked.valid).to.equal(false);
    expect(revoked.revocation[0]!.status).to.equal('revoked');
    expect(codesOf(revoked)).to.deep.equal(['chain/revoked']);
  });

  it('verifyChain without the link certificate → the leaf is unknown with revocation/crl-no-signer', async () => {
    const result = await chain(GOOD_OLD, [pki.caOld.pem]);
    expect(result.valid).to.equal(false);
    expect(codesOf(result)).to.deep.equal(['chain/revocation-unknown']);
    expectUnknown(result.revocation[0]!, 'revocation/crl-no-signer', 'leaf');
  });

  it('reverse: new-key leaf, path leaf → new-with-old → old CA certificate → root', async () => {
    const good = await chain(GOOD_NEW, [pki.caOld.pem, pki.newWithOld.pem]);
    expectValid(good, 'good');
    expect(good.path.map((c) => c.serialNumber)).to.deep.equal(['2001', '0c', '0a', '01']);
    const revoked = await chain(REVOKED_NEW, [pki.caOld.pem, pki.newWithOld.pem]);
    expect(revoked.valid).to.equal(false);
    expect(revoked.revocation[0]!.status).to.equal('revoked');
  });

  it('reverse: old-key leaf, path leaf → old-with-new → new CA certificate → root, either CRL', async () => {
    for (const caCrl of [pki.caCrlNewKey, pki.caCrlOldKey]) {
      const good = await chain(GOOD_OLD, [pki.caNew.pem, pki.oldWithNew.pem], [caCrl, pki.rootCrl]);
      expectValid(good, 'good');
      expect(good.path.map((c) => c.serialNumber)).to.deep.equal(['1001', '0d', '0b', '01']);
      const revoked = await chain(REVOKED_OLD, [pki.caNew.pem, pki.oldWithNew.pem], [caCrl, pki.rootCrl]);
      expect(revoked.revocation[0]!.status).to.equal('revoked');
    }
  });
});

describe('CA key rollover: a root renews its key', () => {
  const chain = (leaf: number, anchors: string[], intermediates: string[]) =>
    verifyChain({
      leaf: pki.rootLeaves[leaf]!,
      intermediates,
      trustAnchors: anchors,
      crls: [pki.rootCrlNewKey],
    });

  it('old-key leaf, old root trusted, CRL by the new key with new-with-old given → valid / revoked', async () => {
    const good = await chain(GOOD_OLD, [pki.rootOldSelf.pem], [pki.rootNewWithOld.pem]);
    expectValid(good, 'good');
    expect(good.path.map((c) => c.serialNumber)).to.deep.equal(['1001', '14']);
    const revoked = await chain(REVOKED_OLD, [pki.rootOldSelf.pem], [pki.rootNewWithOld.pem]);
    expect(revoked.revocation[0]!.status).to.equal('revoked');
  });

  it('without the link, even with the new root also trusted → unknown: the CRL signer must chain to the same anchor', async () => {
    for (const anchors of [[pki.rootOldSelf.pem], [pki.rootOldSelf.pem, pki.rootNewSelf.pem]]) {
      const result = await chain(GOOD_OLD, anchors, []);
      expect(result.valid).to.equal(false);
      expectUnknown(result.revocation[0]!, 'revocation/crl-no-signer', `${anchors.length} anchors`);
    }
  });

  it('reverse: new-key leaf, old root trusted, path through new-with-old → valid / revoked', async () => {
    const good = await chain(GOOD_NEW, [pki.rootOldSelf.pem], [pki.rootNewWithOld.pem]);
    expectValid(good, 'good');
    expect(good.path.map((c) => c.serialNumber)).to.deep.equal(['2001', '16', '14']);
    const revoked = await chain(REVOKED_NEW, [pki.rootOldSelf.pem], [pki.rootNewWithOld.pem]);
    expect(revoked.revocation[0]!.status).to.equal('revoked');
    expect(revoked.revocation[1]!.status, 'the link itself is not revoked').to.equal('good');
  });

  it('reverse: old-key leaf, new root trusted, path through old-with-new → valid / revoked', async () => {
    const good = await chain(GOOD_OLD, [pki.rootNewSelf.pem], [pki.rootOldWithNew.pem]);
    expectValid(good, 'good');
    expect(good.path.map((c) => c.serialNumber)).to.deep.equal(['1001', '17', '15']);
    const revoked = await chain(REVOKED_OLD, [pki.rootNewSelf.pem], [pki.rootOldWithNew.pem]);
    expect(revoked.revocation[0]!.status).to.equal('revoked');
  });

  it('checkRevocation: old-key leaf with the old root as issuer, new-with-old among crlSigners', async () => {
    const check = (serial: number, crlSigners: string[]) =>
      checkRevocation({
        certificate: pki.rootLeaves[serial]!,
        issuer: pki.rootOldSelf.pem,
        crls: [pki.rootCrlNewKey],
        crlSigners,
      });
    expect((await check(GOOD_OLD, [pki.rootNewWithOld.pem])).status).to.equal('good');
    expect((await check(REVOKED_OLD, [pki.rootNewWithOld.pem])).status).to.equal('revoked');
    expectUnknown(await check(GOOD_OLD, [pki.rootNewSelf.pem]), 'revocation/crl-no-signer', 'new root only');
  });
});
