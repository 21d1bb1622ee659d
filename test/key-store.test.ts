import { expect } from '@esm-bundle/chai';
import { exportPrivateKey, generateKeyPair, importPrivateKey } from '../src/keys/index.js';
import {
  closeKeyStore,
  deleteKey,
  describeKeyAlgorithm,
  getKey,
  keyLabel,
  listKeys,
  requestPersistentStorage,
  storeKey,
  toNonExtractable,
} from '../src/keys/store.js';

const DATA = new TextEncoder().encode('signed again after a reload');

async function signsAndVerifies(privateKey: CryptoKey, spki: Uint8Array): Promise<boolean> {
  const algorithm = privateKey.algorithm as RsaHashedKeyAlgorithm | EcKeyAlgorithm;
  const ecdsa = algorithm.name === 'ECDSA';
  const sign = ecdsa ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  const signature = await crypto.subtle.sign(sign, privateKey, DATA);
  const params = ecdsa
    ? { name: 'ECDSA', namedCurve: (algorithm as EcKeyAlgorithm).namedCurve }
    : { name: 'RSASSA-PKCS1-v1_5', hash: (algorithm as RsaHashedKeyAlgorithm).hash.name };
  const publicKey = await crypto.subtle.importKey('spki', spki as BufferSource, params, false, ['verify']);
  return crypto.subtle.verify(sign, publicKey, signature, DATA);
}

const stored: string[] = [];

afterEach(async () => {
  for (const id of stored.splice(0)) await deleteKey(id);
});

describe('key store (IndexedDB)', function () {
  this.timeout(30_000);

  it('labels keys with their names and the date', () => {
    const date = new Date(2026, 10, 21, 9, 30);
    expect(keyLabel(['www.example.jp', 'example.jp'], date)).to.equal(
      'www.example.jp, example.jp (2026-11-21)',
    );
    expect(keyLabel(['a.jp', 'b.jp', 'c.jp', 'd.jp', 'e.jp'], date)).to.equal(
      'a.jp, b.jp, c.jp +2 (2026-11-21)',
    );
    expect(keyLabel([], date)).to.equal('2026-11-21');
  });

  it('stores a non-extractable key that signs again after a fresh connection', async () => {
    const keys = await generateKeyPair({ algorithm: 'ECDSA', curve: 'P-256' });
    const record = await storeKey({ keys, csrPem: 'PEM', names: ['www.example.jp'] });
    stored.push(record.id);
    expect(record.extractable).to.equal(false);
    expect(record.algorithm.summary).to.equal('ECDSA P-256');
    expect(record.label).to.match(/^www\.example\.jp \(\d{4}-\d{2}-\d{2}\)$/);

    await closeKeyStore();
    const again = await getKey(record.id);
    expect(again, 'read back').to.not.equal(undefined);
    expect(again!.privateKey).to.be.instanceOf(CryptoKey);
    expect(again!.privateKey.extractable).to.equal(false);
    expect(again!.csrPem).to.equal('PEM');
    expect(again!.createdAt).to.be.instanceOf(Date);
    expect(await signsAndVerifies(again!.privateKey, again!.publicKey)).to.equal(true);
    expect((await listKeys()).map((key) => key.id)).to.include(record.id);
  });

  it('makes an extractable RSA key non-extractable after its backup, keeping its hash', async () => {
    const keys = await generateKeyPair({ algorithm: 'RSA', size: 2048, extractable: true });
    const backup = await exportPrivateKey(keys.privateKey, 'correct horse battery staple');
    expect(backup).to.contain('BEGIN ENCRYPTED PRIVATE KEY');

    const copy = await toNonExtractable(keys.privateKey);
    expect(copy.extractable).to.equal(false);
    expect(describeKeyAlgorithm(copy)).to.deep.equal({
      name: 'RSA',
      size: 2048,
      hash: 'SHA-256',
      summary: 'RSA 2048',
    });

    const record = await storeKey({ keys, names: ['example.jp'] });
    stored.push(record.id);
    await closeKeyStore();
    const again = await getKey(record.id);
    expect(again!.privateKey.extractable).to.equal(false);
    expect(await signsAndVerifies(again!.privateKey, again!.publicKey)).to.equal(true);

    // The backup restores the same key.
    const restored = await importPrivateKey(backup, 'correct horse battery staple');
    expect(await signsAndVerifies(restored, again!.publicKey)).to.equal(true);
  });

  it('lists newest first and deletes', async () => {
    const keys = await generateKeyPair({ algorithm: 'ECDSA', curve: 'P-384' });
    const older = await storeKey({ keys, names: ['old.example.jp'], createdAt: new Date(2020, 0, 1) });
    const newer = await storeKey({ keys, names: ['new.example.jp'] });
    stored.push(older.id, newer.id);
    const ids = (await listKeys()).map((key) => key.id);
    expect(ids.indexOf(newer.id)).to.be.lessThan(ids.indexOf(older.id));
    expect(await deleteKey(older.id)).to.equal(true);
    expect(await deleteKey(older.id)).to.equal(false);
    expect(await getKey(older.id)).to.equal(undefined);
  });

  it('asks for persistent storage without throwing', async () => {
    const result = await requestPersistentStorage(2_000);
    expect(result).to.be.a('boolean');
  });
});
