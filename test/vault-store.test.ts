import { expect } from '@esm-bundle/chai';
import { deleteDB, openDB } from 'idb';
import { createCsr } from '../src/csr/index.js';
import { bytesToHex, formatHex } from '../src/encoding/hex.js';
import { generateKeyPair, importKeyPair } from '../src/keys/index.js';
import { deleteKey, listKeys, storeKey } from '../src/keys/store.js';
import type { RevocationResult } from '../src/revocation/types.js';
import { MIGRATIONS, VAULT_VERSION, migrate, type VaultSchema } from '../src/vault/schema.js';
import {
  openVault,
  VaultChangeEvent,
  VaultCloseEvent,
  type Vault,
  type VaultCertificate,
} from '../src/vault/index.js';
import { openssl } from './harness/openssl.js';
import { fixtures, fromBase64, type CertificateFixture } from './helpers/fixtures.js';

const PASSWORD = 'correct horse';
const PASSPHRASE = 'しるしの金庫 battery staple';
/** Backups in tests use few PBKDF2 iterations; the default (600 000) is the same code, only slower. */
const ITERATIONS = 2000;

async function expectCode(promise: Promise<unknown> | (() => unknown), code: string): Promise<Error> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    const typed = error as Error & { code?: string; messages?: { ja: string; en: string } };
    if (typed.code !== code)
      throw new Error(`expected ${code}, got ${typed.code ?? typed.name}: ${typed.message}`);
    expect(typed.messages?.ja).to.be.a('string').and.not.equal('');
    expect(typed.messages?.en).to.be.a('string').and.not.equal('');
    return typed;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}

async function ok(args: string[], files: Record<string, Uint8Array | string> = {}) {
  const result = await openssl(args, { files });
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

let counter = 0;
const opened: Vault[] = [];
const names: string[] = [];
const keyIds = new Set<string>();

function freshName(): string {
  const name = `shirushi-vault-test-${Date.now()}-${++counter}`;
  names.push(name);
  return name;
}

async function open(name = freshName(), options: Parameters<typeof openVault>[0] = {}): Promise<Vault> {
  const vault = await openVault({ persist: false, ...options, name });
  opened.push(vault);
  return vault;
}

function nextEvent<T extends Event>(target: EventTarget, type: string, timeout = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeout} ms`)), timeout);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve(event as T);
      },
      { once: true },
    );
  });
}

/** Replaces an IndexedDB method for one test; the returned function puts it back. */
function patch<K extends 'put' | 'add'>(
  method: K,
  replacement: (original: IDBObjectStore[K], store: IDBObjectStore, args: unknown[]) => IDBRequest,
): () => void {
  const original = IDBObjectStore.prototype[method];
  IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: unknown[]) {
    return replacement(original, this, args);
  } as IDBObjectStore[K];
  return () => {
    IDBObjectStore.prototype[method] = original;
  };
}

afterEach(async () => {
  for (const vault of opened.splice(0)) vault.close();
  for (const name of names.splice(0)) await deleteDB(name);
  for (const id of keyIds) await deleteKey(id);
  keyIds.clear();
});

/** Keys the vault put into the key store, so afterEach removes them. */
function track(id: string | undefined): void {
  if (id !== undefined) keyIds.add(id);
}

describe('vault storage (IndexedDB)', function () {
  this.timeout(60_000);

  let all: Record<string, CertificateFixture>;
  let leaf: CertificateFixture;
  let japanese: CertificateFixture;
  let idn: CertificateFixture;
  let expired: CertificateFixture;
  let intermediate: CertificateFixture;
  let root: CertificateFixture;
  const files: Record<string, Uint8Array> = {};

  before(async () => {
    all = (await fixtures()) as Record<string, CertificateFixture>;
    leaf = all.rsa2048!;
    japanese = all.japanese!;
    idn = all.idn!;
    expired = all.expired!;
    intermediate = all.intermediate!;
    root = all.root!;
    const inputs = {
      'leaf.key': leaf.key,
      'leaf.pem': leaf.pem,
      'ec.key': all.ecdsaP256!.key,
      'ec.pem': all.ecdsaP256!.pem,
      'ca.pem': intermediate.pem,
      'root.pem': root.pem,
      'chain.pem': root.pem + intermediate.pem,
    };
    const p7 = [
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      'leaf.pem',
      '-certfile',
      'ca.pem',
      '-certfile',
      'root.pem',
    ];
    files['chain.p7b'] = fromBase64(
      (await ok([...p7, '-outform', 'DER', '-out', 'out:c.p7b'], inputs)).files['c.p7b']!,
    );
    files['chain.p7b.pem'] = fromBase64((await ok([...p7, '-out', 'out:c.pem'], inputs)).files['c.pem']!);
    const p12 = async (name: string, args: string[]) => {
      const result = await ok(['pkcs12', '-export', ...args, '-out', `out:${name}`], inputs);
      files[name] = fromBase64(result.files[name]!);
    };
    const rsa = ['-inkey', 'leaf.key', '-in', 'leaf.pem', '-certfile', 'chain.pem'];
    await p12('modern.p12', [...rsa, '-passout', `pass:${PASSWORD}`]);
    await p12('legacy.p12', [...rsa, '-legacy', '-passout', `pass:${PASSWORD}`]);
    await p12('ec.p12', ['-inkey', 'ec.key', '-in', 'ec.pem', '-passout', `pass:${PASSWORD}`]);
  });

  const derOf = (fixture: CertificateFixture) => fromBase64(fixture.der);
  const idOf = (fixture: CertificateFixture) => fixture.expected.sha256Fingerprint;

  describe('import', () => {
    it('imports PEM, DER and several PEM blocks, once each, with an import event', async () => {
      const vault = await open();
      const pem = await vault.importCertificates(leaf.pem);
      expect(pem.format).to.equal('pem');
      expect(pem.imported.map((record) => record.id)).to.deep.equal([idOf(leaf)]);

      const der = await vault.importCertificates(derOf(japanese), { product: 'jprs' });
      expect(der.format).to.equal('der');
      expect(der.imported[0]!.product).to.equal('jprs');
      expect(der.imported[0]!.organisation).to.equal('株式会社しるし');
      expect(der.imported[0]!.domains).to.deep.equal(['www.example.jp', 'example.jp']);

      // A chain file with a private key pasted in: the key block is skipped, not stored.
      const bundle = `${leaf.pem}\n${leaf.key}\n${intermediate.pem}${root.pem}`;
      const multi = await vault.importCertificates(new TextEncoder().encode(bundle));
      expect(multi.format).to.equal('pem');
      expect(multi.imported.map((record) => record.id)).to.deep.equal([idOf(intermediate), idOf(root)]);
      expect(multi.duplicates.map((record) => record.id)).to.deep.equal([idOf(leaf)]);
      expect(multi.skipped).to.have.length(1);
      expect(multi.skipped[0]).to.match(/PRIVATE KEY/);

      expect(vault.size).to.equal(4);
      const record = await vault.get(idOf(leaf));
      expect(bytesToHex(record!.der)).to.equal(bytesToHex(derOf(leaf)));
      expect(record!.serial).to.equal(leaf.expected.serialNumber.toLowerCase().replace(/:/g, ''));
      expect(record!.spkiSha256).to.equal(bytesToHex(fromBase64(leaf.expected.spkiSha256)));
      expect(record!.ca).to.equal(false);
      expect((await vault.get(idOf(root)))!.ca).to.equal(true);
      const history = await vault.history(idOf(leaf));
      expect(history.map((event) => event.type)).to.deep.equal(['certificate-imported']);
      expect(history[0]!.at).to.be.instanceOf(Date);
      await expectCode(
        vault.importCertificates('-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n'),
        'vault/no-certificates',
      );
      await expectCode(
        vault.importCertificates('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'),
        'vault/no-certificates',
      );
    });

    it('imports PKCS#7 chains, DER and PEM', async () => {
      const vault = await open();
      const result = await vault.importCertificates(files['chain.p7b']!);
      expect(result.format).to.equal('pkcs7');
      expect(result.imported.map((record) => record.id).sort()).to.deep.equal(
        [idOf(leaf), idOf(intermediate), idOf(root)].sort(),
      );
      const again = await vault.importCertificates(new TextDecoder().decode(files['chain.p7b.pem']));
      expect(again.format).to.equal('pkcs7');
      expect(again.imported).to.have.length(0);
      expect(again.duplicates).to.have.length(3);
    });

    for (const name of ['modern.p12', 'legacy.p12']) {
      it(`imports ${name} with its key into the key store, non-extractable, paired`, async () => {
        const vault = await open();
        await expectCode(vault.importCertificates(files[name]!), 'vault/password-required');
        await expectCode(
          vault.importCertificates(files[name]!, { password: 'wrong' }),
          'pkcs12/wrong-password',
        );
        const result = await vault.importCertificates(files[name]!, { password: PASSWORD, product: 'jprs' });
        track(result.key?.id);
        expect(result.format).to.equal('pkcs12');
        expect(result.key).to.include({ source: 'key-store', extractable: false, existing: false });
        expect(result.imported.map((record) => record.id)).to.deep.equal([
          idOf(leaf),
          idOf(intermediate),
          idOf(root),
        ]);
        const record = vault.summary(idOf(leaf))!;
        expect(record.keyId).to.equal(result.key!.id);
        expect(record.keySource).to.equal('key-store');
        expect(vault.summary(idOf(root))!.keyId).to.equal(undefined);
        const stored = (await listKeys()).find((key) => key.id === result.key!.id);
        expect(stored, 'in the key store').to.not.equal(undefined);
        expect(stored!.privateKey.extractable).to.equal(false);
        expect(vault.statusOf(record).keyMissing).to.equal(false);
        // Chain certificates never have their key here, and do not say "key missing".
        expect(vault.statusOf(vault.summary(idOf(root))!).keyMissing).to.equal(false);

        // The same file again finds the key already there instead of storing a second copy.
        const again = await vault.importCertificates(files[name]!, { password: PASSWORD });
        expect(again.key).to.include({ id: result.key!.id, existing: true });
        expect(again.imported).to.have.length(0);
        expect((await listKeys()).filter((key) => key.id === result.key!.id)).to.have.length(1);
      });
    }

    it('keeps a PKCS#12 key in the vault, extractable, when asked', async () => {
      const vault = await open();
      const before = (await listKeys()).length;
      const result = await vault.importCertificates(files['ec.p12']!, {
        password: PASSWORD,
        extractable: true,
      });
      expect(result.key).to.include({ source: 'vault', extractable: true, existing: false });
      expect((await listKeys()).length, 'nothing added to the key store').to.equal(before);
      const record = vault.summary(idOf(all.ecdsaP256!))!;
      expect(record.keySource).to.equal('vault');
      expect(vault.statusOf(record).keyMissing).to.equal(false);
    });

    it('pairs a certificate with a key generated in the key store, and with its CSR', async () => {
      const keys = await generateKeyPair({ algorithm: 'ECDSA', curve: 'P-256' });
      const csr = await createCsr({
        keys,
        subject: { commonName: 'pair.example.jp', organization: 'ペアリング株式会社', country: 'JP' },
        dnsNames: ['pair.example.jp'],
      });
      const stored = await storeKey({ keys, csrPem: csr.pem, names: ['pair.example.jp'] });
      track(stored.id);
      const issued = await ok(
        [
          'x509',
          '-req',
          '-in',
          'csr.pem',
          '-CA',
          'ca.pem',
          '-CAkey',
          'ca.key',
          '-set_serial',
          '0x0a1b2c3d4e',
          '-days',
          '90',
          '-copy_extensions',
          'copy',
          '-out',
          'out:cert.pem',
        ],
        { 'csr.pem': csr.pem, 'ca.pem': intermediate.pem, 'ca.key': intermediate.key },
      );
      const vault = await open();
      const result = await vault.importCertificates(atob(issued.files['cert.pem']!), { product: 'acme' });
      const record = result.imported[0]!;
      expect(record.keyId).to.equal(stored.id);
      expect(record.keySource).to.equal('key-store');
      expect(record.csrId).to.equal(stored.id);
      expect(record.organisation).to.equal('ペアリング株式会社');
      const history = await vault.history(record.id);
      expect(history.map((event) => event.type).sort()).to.deep.equal([
        'certificate-imported',
        'csr-created',
      ]);
      expect(history.find((event) => event.type === 'csr-created')!.at.getTime()).to.equal(
        stored.createdAt.getTime(),
      );
      expect(vault.search({ serial: '0A:1B:2C:3D:4E' }).map((r) => r.id)).to.deep.equal([record.id]);
    });

    it('pairs certificates imported before their key once pairKeys runs (or at the next open)', async () => {
      const name = freshName();
      const vault = await open(name);
      await vault.importCertificates(leaf.pem);
      expect(vault.statusOf(vault.summary(idOf(leaf))!).chips).to.include('key-missing');
      const keys = await importKeyPair(leaf.key);
      const stored = await storeKey({ keys, names: ['ov.example.jp'] });
      track(stored.id);
      expect(await vault.pairKeys()).to.equal(1);
      expect(vault.summary(idOf(leaf))!.keyId).to.equal(stored.id);
      expect(vault.summary(idOf(leaf))!.csrId).to.equal(undefined);
      expect(vault.statusOf(vault.summary(idOf(leaf))!).chips).to.not.include('key-missing');
      vault.close();
      const reopened = await open(name);
      expect(reopened.summary(idOf(leaf))!.keyId).to.equal(stored.id);
    });
  });

  describe('search and status', () => {
    let vault: Vault;
    beforeEach(async () => {
      vault = await open();
      for (const fixture of [leaf, japanese, idn, expired, intermediate, root]) {
        await vault.importCertificates(fixture.pem, { product: fixture === japanese ? 'jprs' : 'generic' });
      }
    });
    const ids = (list: { id: string }[]) => list.map((record) => record.id).sort();

    it('finds by domain (A-label and Unicode), organisation, serial, fingerprint and issuer', () => {
      expect(ids(vault.search({ domain: 'ov.example.jp' }))).to.deep.equal([idOf(leaf)]);
      expect(ids(vault.search({ domain: 'EXAMPLE.JP' }))).to.deep.equal(
        ids([{ id: idOf(leaf) }, { id: idOf(japanese) }, { id: idOf(expired) }]),
      );
      expect(ids(vault.search({ domain: '日本語.jp' }))).to.deep.equal([idOf(idn)]);
      expect(ids(vault.search({ domain: 'xn--wgv71a119e' }))).to.deep.equal([idOf(idn)]);
      expect(ids(vault.search({ domain: 'ドメイン.テスト' }))).to.deep.equal([idOf(idn)]);
      expect(ids(vault.search({ organisation: 'しるし' }))).to.include(idOf(japanese));
      expect(ids(vault.search({ organisation: 'ｓｈｉｒｕｓｈｉ ov' }))).to.deep.equal([idOf(leaf)]);
      const serial = leaf.expected.serialNumber.replace(/:/g, '');
      expect(ids(vault.search({ serial: formatHex(serial) }))).to.deep.equal([idOf(leaf)]);
      expect(ids(vault.search({ fingerprint: formatHex(idOf(japanese)).slice(0, 23) }))).to.deep.equal([
        idOf(japanese),
      ]);
      expect(ids(vault.search({ fingerprint: japanese.expected.sha1Fingerprint }))).to.deep.equal([
        idOf(japanese),
      ]);
      const issuerCn = /CN=([^,]+)/.exec(intermediate.expected.subjectDN)?.[1] ?? '';
      expect(issuerCn).to.not.equal('');
      const issued = vault.search({ issuer: issuerCn });
      expect(ids(issued)).to.include.members([idOf(leaf), idOf(japanese), idOf(idn), idOf(expired)]);
      expect(ids(vault.search({ text: 'pair-nothing.invalid' }))).to.deep.equal([]);
      expect(ids(vault.search({ text: 'www.example.jp' }))).to.deep.equal([idOf(japanese)]);
      expect(ids(vault.search({ domain: 'example.jp', organisation: 'しるし' }))).to.deep.equal([
        idOf(japanese),
      ]);
      expect(vault.search({ includeCa: false }).every((record) => !record.ca)).to.equal(true);
    });

    it('filters by status and expiry range, soonest expiry first', async () => {
      const now = new Date();
      expect(ids(vault.search({ status: 'expired', now }))).to.deep.equal([idOf(expired)]);
      expect(vault.search({ status: 'key-missing', now })).to.have.length(4);
      const revocation: RevocationResult = {
        status: 'revoked',
        reason: 'keyCompromise',
        revocationDate: new Date('2026-01-02T03:04:05Z'),
        crl: {
          issuer: intermediate.expected.subjectDN,
          thisUpdate: new Date('2026-01-03T00:00:00Z'),
          nextUpdate: new Date('2026-01-10T00:00:00Z'),
          url: 'http://crl.example.jp/intermediate.crl',
        },
        problems: [],
      };
      const stored = await vault.recordRevocation(idOf(leaf), revocation, now);
      expect(stored).to.include({ status: 'revoked', reason: 'keyCompromise' });
      expect(stored.thisUpdate!.toISOString()).to.equal('2026-01-03T00:00:00.000Z');
      expect(stored.nextUpdate!.toISOString()).to.equal('2026-01-10T00:00:00.000Z');
      expect(stored.crlUrl).to.equal('http://crl.example.jp/intermediate.crl');
      const status = vault.statusOf(vault.summary(idOf(leaf))!, now);
      expect(status.status).to.equal('revoked');
      expect(status.chips).to.deep.equal(['revoked', 'key-missing']);
      expect(status.revocation!.status).to.equal('revoked');
      expect(ids(vault.search({ status: ['revoked', 'expired'], now }))).to.deep.equal(
        ids([{ id: idOf(leaf) }, { id: idOf(expired) }]),
      );
      expect((await vault.history(idOf(leaf))).map((event) => event.type)).to.deep.equal([
        'certificate-imported',
        'revocation-checked',
      ]);
      await vault.recordRevocation(idOf(japanese), { status: 'good', thisUpdate: now }, now);
      expect(vault.revocation(idOf(japanese))!.status).to.equal('good');

      const expiredAt = new Date(expired.expected.notAfter);
      const range = vault.search({
        expiresAfter: new Date(expiredAt.getTime() - 1000),
        expiresBefore: new Date(expiredAt.getTime() + 1000),
      });
      expect(ids(range)).to.deep.equal([idOf(expired)]);
      const listed = vault.list();
      for (let i = 1; i < listed.length; i++) {
        expect(listed[i]!.notAfter.getTime()).to.be.at.least(listed[i - 1]!.notAfter.getTime());
      }
      const japaneseStatus = vault.statusOf(vault.summary(idOf(japanese))!, now);
      expect(japaneseStatus.schedule.product).to.equal('jprs');
      const changed = nextEvent<VaultChangeEvent>(vault, 'change');
      await vault.setProduct(idOf(japanese), 'acme');
      expect((await changed).detail).to.include({ kind: 'update', remote: false });
      expect(vault.statusOf(vault.summary(idOf(japanese))!, now).schedule.product).to.equal('acme');
      expect((await vault.get(idOf(japanese)))!.product).to.equal('acme');
      await expectCode(vault.recordRevocation('0'.repeat(64), { status: 'good' }), 'vault/not-found');
    });

    it('searches 10 000 certificates from the in-memory index', async () => {
      const name = freshName();
      (await open(name)).close();
      const db = await openDB<VaultSchema>(name, VAULT_VERSION);
      const { der: _der, ...template } = (await vault.get(idOf(japanese)))!;
      void _der;
      const tx = db.transaction('certificates', 'readwrite');
      const day = 86_400_000;
      const base = Date.UTC(2026, 0, 1);
      for (let i = 0; i < 10_000; i++) {
        const id = i.toString(16).padStart(64, '0');
        const record: Omit<VaultCertificate, 'der'> = {
          ...template,
          id,
          domains: [`host${i}.example${i % 100}.jp`],
          organisation: i % 2 === 0 ? '株式会社しるし' : `Org ${i % 7}`,
          serial: (0x100000 + i).toString(16),
          fingerprints: { sha256: id, sha1: id.slice(24) },
          spkiSha256: `f${id.slice(1)}`,
          notBefore: new Date(base + (i % 365) * day - 365 * day),
          notAfter: new Date(base + (i % 365) * day),
          product: i % 3 === 0 ? 'acme' : 'generic',
        };
        void tx.store.put(record);
      }
      await tx.done;
      db.close();
      const big = await open(name);
      expect(big.size).to.equal(10_000);
      expect(big.search({ domain: 'host4242.example42.jp' })).to.have.length(1);
      expect(big.search({ domain: '.example7.jp' })).to.have.length(100);
      expect(big.search({ organisation: 'しるし' })).to.have.length(5000);
      expect(big.search({ serial: (0x100000 + 777).toString(16) })).to.have.length(1);
      expect(big.search({ fingerprint: (9999).toString(16).padStart(64, '0') })).to.have.length(1);
      expect(big.search({ issuer: 'nothing like this' })).to.have.length(0);
      const now = new Date(base + 100 * day);
      const expiredCount = big.search({ status: 'expired', now }).length;
      expect(expiredCount).to.be.greaterThan(0).and.lessThan(10_000);
      const range = big.search({ expiresAfter: new Date(base), expiresBefore: new Date(base + 9 * day) });
      expect(range.length).to.be.greaterThan(0);
      expect(range.every((r) => r.notAfter.getTime() <= base + 9 * day)).to.equal(true);
      expect(big.search({ text: 'example99.jp', status: 'key-missing', now })).to.have.length(100);
    });
  });

  describe('schema migrations', () => {
    /** A v1 certificate record as v1 stored it: no spkiSha256, no ca flag. */
    function v1Record(fixture: CertificateFixture) {
      return {
        id: idOf(fixture),
        der: derOf(fixture),
        importedAt: new Date('2026-11-01T00:00:00Z'),
        format: 'pem',
        product: 'generic',
        subject: fixture.expected.subjectDN,
        issuer: fixture.expected.issuerDN,
        domains: fixture.expected.subjectAltNames.map((name) => name.value),
        serial: fixture.expected.serialNumber.replace(/:/g, '').toLowerCase(),
        fingerprints: { sha256: idOf(fixture), sha1: fixture.expected.sha1Fingerprint },
        notBefore: new Date(fixture.expected.notBefore),
        notAfter: new Date(fixture.expected.notAfter),
      };
    }

    async function checkMigrated(vault: Vault, name: string) {
      const record = (await vault.get(idOf(leaf)))!;
      expect(record.spkiSha256).to.equal(bytesToHex(fromBase64(leaf.expected.spkiSha256)));
      expect(record.ca).to.equal(false);
      expect((await vault.get(idOf(root)))!.ca).to.equal(true);
      expect(vault.search({ domain: 'ov.example.jp' }).map((r) => r.id)).to.deep.equal([idOf(leaf)]);
      expect((await vault.history(idOf(leaf))).map((event) => event.type)).to.deep.equal([
        'certificate-imported',
      ]);
      expect(vault.revocation(idOf(leaf))?.status).to.equal('good');
      vault.close();
      const db = await openDB<VaultSchema>(name, VAULT_VERSION);
      expect(db.version).to.equal(VAULT_VERSION);
      const tx = db.transaction(['certificates', 'history'], 'readonly');
      expect([...tx.objectStore('certificates').indexNames].sort()).to.deep.equal(['notAfter', 'spkiSha256']);
      expect([...tx.objectStore('history').indexNames].sort()).to.deep.equal(['at', 'certificateId']);
      expect([...db.objectStoreNames].sort()).to.deep.equal([
        'certificates',
        'der',
        'history',
        'keys',
        'revocations',
      ]);
      // v3 keeps the DER apart, so reading every record for the index does not copy certificates.
      expect(await tx.objectStore('certificates').get(idOf(leaf))).to.not.have.property('der');
      expect(await tx.objectStore('certificates').index('spkiSha256').getKey(record.spkiSha256)).to.equal(
        idOf(leaf),
      );
      db.close();
    }

    it('opens a v1 database made by hand and migrates its records', async () => {
      const name = freshName();
      const db = await openDB(name, 1, {
        upgrade(database) {
          database.createObjectStore('certificates', { keyPath: 'id' });
          const history = database.createObjectStore('history', { keyPath: 'seq', autoIncrement: true });
          history.createIndex('certificateId', 'certificateId');
          database.createObjectStore('revocations', { keyPath: 'certificateId' });
          database.createObjectStore('keys', { keyPath: 'id' });
        },
      });
      await db.put('certificates', v1Record(leaf));
      await db.put('certificates', v1Record(root));
      await db.add('history', {
        certificateId: idOf(leaf),
        type: 'certificate-imported',
        at: new Date('2026-11-01T00:00:00Z'),
      });
      await db.put('revocations', {
        certificateId: idOf(leaf),
        status: 'good',
        checkedAt: new Date('2026-11-02T00:00:00Z'),
        problems: [],
      });
      db.close();
      await checkMigrated(await open(name), name);
    });

    it('migrates from every earlier version through the same steps', async () => {
      expect(MIGRATIONS).to.have.length(VAULT_VERSION);
      // Data written at v1, then the database taken to each later version in turn (as a user who skipped
      // releases, or one who followed every release), then opened by the current code.
      for (let version = 1; version < VAULT_VERSION; version++) {
        const name = freshName();
        const db = await openDB(name, 1, {
          upgrade(database, oldVersion, _newVersion, tx) {
            void migrate(database as never, oldVersion, 1, tx as never);
          },
        });
        await db.put('certificates', v1Record(leaf));
        await db.put('certificates', v1Record(root));
        await db.add('history', {
          certificateId: idOf(leaf),
          type: 'certificate-imported',
          at: new Date('2026-11-01T00:00:00Z'),
        });
        await db.put('revocations', {
          certificateId: idOf(leaf),
          status: 'good',
          checkedAt: new Date(),
          problems: [],
        });
        db.close();
        if (version > 1) {
          const raised = await openDB(name, version, {
            upgrade(database, oldVersion, _newVersion, tx) {
              void migrate(database as never, oldVersion, version, tx as never);
            },
          });
          expect(raised.version).to.equal(version);
          raised.close();
        }
        await checkMigrated(await open(name), name);
      }
    });

    it('refuses a database from a newer version with vault/newer-version', async () => {
      const name = freshName();
      (await openDB(name, VAULT_VERSION + 1)).close();
      await expectCode(openVault({ name, persist: false }), 'vault/newer-version');
    });
  });

  describe('two tabs', () => {
    it('keeps two vaults on one database in step over BroadcastChannel', async () => {
      const name = freshName();
      const a = await open(name);
      const b = await open(name);
      const heard = nextEvent<VaultChangeEvent>(b, 'change');
      const local = nextEvent<VaultChangeEvent>(a, 'change');
      await a.importCertificates(leaf.pem);
      expect((await local).detail).to.include({ kind: 'import', remote: false });
      const event = await heard;
      expect(event.detail).to.include({ kind: 'import', remote: true });
      expect(event.detail.ids).to.deep.equal([idOf(leaf)]);
      expect(b.search({ domain: 'ov.example.jp' })).to.have.length(1);

      const revoked = nextEvent<VaultChangeEvent>(a, 'change');
      await b.recordRevocation(idOf(leaf), { status: 'revoked', reason: 'superseded' });
      expect((await revoked).detail.kind).to.equal('revocation');
      expect(a.statusOf(a.summary(idOf(leaf))!).status).to.equal('revoked');

      const deleted = nextEvent<VaultChangeEvent>(a, 'change');
      await b.delete(idOf(leaf), { confirm: true });
      expect((await deleted).detail.kind).to.equal('delete');
      expect(a.size).to.equal(0);
      expect(a.revocation(idOf(leaf))).to.equal(undefined);
    });

    it('closes on versionchange so a newer version can upgrade, and says so', async () => {
      const name = freshName();
      const vault = await open(name);
      await vault.importCertificates(leaf.pem);
      const closed = nextEvent<VaultCloseEvent>(vault, 'close');
      const newer = await openDB(name, VAULT_VERSION + 1);
      expect((await closed).reason).to.equal('versionchange');
      expect(vault.closed).to.equal(true);
      await expectCode(() => vault.list(), 'vault/closed');
      await expectCode(vault.importCertificates(japanese.pem), 'vault/closed');
      newer.close();
    });

    it('reports a blocked upgrade and carries on once the old connection closes', async () => {
      const name = freshName();
      // An old tab at v1 that does not listen for versionchange.
      const old = await openDB(name, 1, {
        upgrade(database) {
          database.createObjectStore('certificates', { keyPath: 'id' });
          database
            .createObjectStore('history', { keyPath: 'seq', autoIncrement: true })
            .createIndex('certificateId', 'certificateId');
          database.createObjectStore('revocations', { keyPath: 'certificateId' });
          database.createObjectStore('keys', { keyPath: 'id' });
        },
      });
      let blocked: { currentVersion: number; requestedVersion: number | null } | undefined;
      const vault = await open(name, {
        onBlocked: (info) => {
          blocked = info;
          old.close();
        },
      });
      expect(blocked).to.deep.equal({ currentVersion: 1, requestedVersion: VAULT_VERSION });
      expect(vault.version).to.equal(VAULT_VERSION);
      await vault.importCertificates(leaf.pem);
      expect(vault.size).to.equal(1);
    });
  });

  describe('failures leave nothing behind', () => {
    it('writes none of several certificates when one put fails mid-import', async () => {
      const name = freshName();
      const vault = await open(name);
      let puts = 0;
      const restore = patch('put', (original, store, args) => {
        if (store.name === 'certificates' && ++puts === 2)
          throw new DOMException('disk error', 'UnknownError');
        return original.apply(store, args as Parameters<typeof original>);
      });
      try {
        await expectCode(
          vault.importCertificates(leaf.pem + intermediate.pem + root.pem),
          'vault/write-failed',
        );
      } finally {
        restore();
      }
      expect(puts).to.equal(2);
      expect(vault.size).to.equal(0);
      vault.close();
      const db = await openDB<VaultSchema>(name, VAULT_VERSION);
      expect(await db.count('certificates')).to.equal(0);
      expect(await db.count('history')).to.equal(0);
      db.close();
    });

    it('maps QuotaExceededError to vault/quota-exceeded and takes a PKCS#12 key back out of the key store', async () => {
      const name = freshName();
      const vault = await open(name);
      const keysBefore = (await listKeys()).map((key) => key.id);
      const restore = patch('add', (original, store, args) => {
        if (store.name === 'history')
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return original.apply(store, args as Parameters<typeof original>);
      });
      let error: Error;
      try {
        error = await expectCode(
          vault.importCertificates(files['modern.p12']!, { password: PASSWORD }),
          'vault/quota-exceeded',
        );
      } finally {
        restore();
      }
      expect(error.message).to.match(/storage is full/);
      const keysAfter = (await listKeys()).map((key) => key.id);
      expect(keysAfter.sort()).to.deep.equal(keysBefore.sort());
      expect(vault.size).to.equal(0);
      expect((await vault.importCertificates(leaf.pem)).imported).to.have.length(1);
    });

    it('says plainly when IndexedDB is unavailable (private modes, disabled storage)', async () => {
      const own = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB');
      Object.defineProperty(globalThis, 'indexedDB', {
        value: undefined,
        configurable: true,
        writable: true,
      });
      try {
        await expectCode(openVault({ name: freshName(), persist: false }), 'vault/unavailable');
      } finally {
        if (own) Object.defineProperty(globalThis, 'indexedDB', own);
        else delete (globalThis as { indexedDB?: unknown }).indexedDB;
      }
      const factoryOpen = IDBFactory.prototype.open;
      IDBFactory.prototype.open = () => {
        throw new DOMException(
          'A mutation operation was attempted on a database that did not allow mutations.',
          'InvalidStateError',
        );
      };
      try {
        await expectCode(openVault({ name: freshName(), persist: false }), 'vault/unavailable');
      } finally {
        IDBFactory.prototype.open = factoryOpen;
      }
      expect(typeof indexedDB.open).to.equal('function');
    });
  });

  describe('delete', () => {
    it('needs confirmation, and a second one to delete the key of a valid certificate', async () => {
      const vault = await open();
      const result = await vault.importCertificates(files['modern.p12']!, { password: PASSWORD });
      track(result.key?.id);
      const id = idOf(leaf);
      await expectCode(vault.delete(id, { confirm: false }), 'vault/confirm-required');
      await expectCode(vault.delete(id, { confirm: true, withKey: true }), 'vault/confirm-key-required');
      expect(vault.size).to.equal(3);
      const done = await vault.delete(id, { confirm: true, withKey: true, confirmValidKey: true });
      expect(done).to.deep.equal({ deleted: true, keyDeleted: true });
      expect((await listKeys()).some((key) => key.id === result.key!.id)).to.equal(false);
      expect(await vault.get(id)).to.equal(undefined);
      expect((await vault.history(id)).map((event) => event.type)).to.deep.equal([
        'certificate-imported',
        'deleted',
      ]);
      await expectCode(vault.delete(id, { confirm: true }), 'vault/not-found');

      // An expired certificate's key goes with one confirmation; without withKey the key stays.
      await vault.importCertificates(expired.pem);
      const expiredDone = await vault.delete(idOf(expired), { confirm: true, withKey: true });
      expect(expiredDone.keyDeleted).to.equal(false);
    });
  });

  describe('backup and restore', () => {
    it('round-trips the vault, says which keys are not in the file, and rejects a wrong passphrase', async () => {
      const vault = await open();
      const stored = await vault.importCertificates(files['modern.p12']!, {
        password: PASSWORD,
        product: 'jprs',
      });
      track(stored.key?.id);
      const kept = await vault.importCertificates(files['ec.p12']!, {
        password: PASSWORD,
        extractable: true,
      });
      await vault.importCertificates(japanese.pem);
      await vault.recordRevocation(idOf(japanese), {
        status: 'good',
        thisUpdate: new Date('2026-11-20T00:00:00Z'),
        nextUpdate: new Date('2026-11-27T00:00:00Z'),
      });
      await vault.recordEvent(idOf(japanese), 'exported', { bundle: 'fullchain' });

      const backup = await vault.backup(PASSPHRASE, { iterations: ITERATIONS });
      expect(backup.certificates).to.equal(5);
      const text = new TextDecoder().decode(backup.bytes);
      expect(text).to.match(/^-----BEGIN SHIRUSHI VAULT BACKUP-----/);
      expect(text).to.not.contain('ov.example.jp');
      expect(backup.keysIncluded.map((key) => key.id)).to.deep.equal([kept.key!.id]);
      expect(backup.keysIncluded[0]!.certificateIds).to.deep.equal([idOf(all.ecdsaP256!)]);
      const missing = backup.keysNotExported.find((key) => key.id === stored.key!.id);
      expect(missing).to.deep.include({
        source: 'key-store',
        reason: 'not-extractable',
        certificateIds: [idOf(leaf)],
      });

      const target = await open();
      await expectCode(target.restore(backup.bytes, 'wrong passphrase'), 'vault/wrong-passphrase');
      await expectCode(target.restore(backup.bytes, ''), 'vault/empty-passphrase');
      await expectCode(
        target.restore('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', PASSPHRASE),
        'vault/backup-malformed',
      );
      expect(target.size).to.equal(0);

      const restored = await target.restore(text, PASSPHRASE);
      expect(restored).to.include({ certificates: 5, duplicates: 0, keys: 1 });
      expect(restored.keysNotExported.map((key) => key.id)).to.include(stored.key!.id);
      expect(target.size).to.equal(5);
      expect(target.summary(idOf(leaf))!.product).to.equal('jprs');
      expect(target.revocation(idOf(japanese))!.nextUpdate!.toISOString()).to.equal(
        '2026-11-27T00:00:00.000Z',
      );
      expect((await target.history(idOf(japanese))).map((event) => event.type)).to.deep.equal([
        'certificate-imported',
        'revocation-checked',
        'exported',
      ]);
      const ec = target.summary(idOf(all.ecdsaP256!))!;
      expect(ec.keySource).to.equal('vault');
      expect(target.statusOf(ec).keyMissing).to.equal(false);
      // The key-store key is in this browser still, so its certificate stays paired after the restore.
      expect(target.statusOf(target.summary(idOf(leaf))!).keyMissing).to.equal(false);

      const again = await target.restore(backup.bytes, PASSPHRASE);
      expect(again).to.include({ certificates: 0, duplicates: 5, keys: 0, history: 0 });
      expect(await target.history(idOf(japanese))).to.have.length(3);
    });
  });

  it('asks for persistent storage when told to and reports the answer', async () => {
    const vault = await openVault({ name: freshName() });
    opened.push(vault);
    expect(await vault.persistence).to.be.a('boolean');
  });
});
