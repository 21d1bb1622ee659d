// Certificate vault rows (issue 6): a vault of 10 000 certificates, opened (the search index is built at
// open) and searched (the target: under 50 ms per search), plus the peak memory of an open.
// Browser only: node has no IndexedDB, so there these rows are error rows saying so.
//
// The 10 000 records are written straight into the object stores (the schema of src/vault/schema.ts),
// cloned from one real imported certificate with the search fields varied, because importing 10 000
// distinct real certificates would need 10 000 signatures first. The database is kept between runs of
// the same page and rebuilt when its size is wrong.

export const VAULT_GROUP = 'certificate vault';
export const VAULT_SIZE = 10_000;
const DAY = 86_400_000;

function api(shirushi) {
  if (typeof shirushi.openVault !== 'function') {
    throw new Error('dist/shirushi.js does not export openVault (rebuild once src/index.ts exports it)');
  }
  if (typeof indexedDB === 'undefined') throw new Error('no IndexedDB here (browser-only rows)');
  return shirushi.openVault;
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

const seeded = new Map();

/** Name of a vault holding `count` certificates, made on first use. */
function seed(shirushi, inputs, count) {
  const name = `shirushi-bench-vault-${count}`;
  if (!seeded.has(name)) seeded.set(name, build(shirushi, inputs, count, name));
  return seeded.get(name);
}

async function build(shirushi, inputs, count, name) {
  const openVault = api(shirushi);
  let vault = await openVault({ name, persist: false });
  if (vault.size === count) {
    vault.close();
    return name;
  }
  const imported = await vault.importCertificates(inputs.certificates['p-256'].der);
  const { der, ...template } = await vault.get((imported.imported[0] ?? imported.duplicates[0]).id);
  vault.close();
  const db = await request(indexedDB.open(name));
  const tx = db.transaction(['certificates', 'der'], 'readwrite');
  const store = tx.objectStore('certificates');
  const ders = tx.objectStore('der');
  store.clear();
  ders.clear();
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const id = i.toString(16).padStart(64, '0');
    store.put({
      ...template,
      id,
      domains: [`host${i}.example${i % 100}.jp`, `www.host${i}.example${i % 100}.jp`],
      organisation: i % 2 === 0 ? '株式会社しるし' : `Organisation ${i % 97}`,
      serial: (0x1000000 + i).toString(16),
      fingerprints: { sha256: id, sha1: id.slice(24) },
      spkiSha256: `f${id.slice(1)}`,
      notBefore: new Date(base + (i % 730) * DAY - 397 * DAY),
      notAfter: new Date(base + (i % 730) * DAY),
      product: ['generic', 'jprs', 'acme', 'secom-gid'][i % 4],
    });
    // The same bytes under every id: the DER store is never read at open, only its size matters.
    ders.put({ id, der });
  }
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  db.close();
  vault = await openVault({ name, persist: false });
  const size = vault.size;
  vault.close();
  if (size !== count) throw new Error(`seeded vault holds ${size} certificates, not ${count}`);
  return name;
}

function expectSize(size, count) {
  if (size !== count) throw new Error(`the vault opened with ${size} certificates, not ${count}`);
}

function openCase(count, name) {
  return {
    name,
    group: VAULT_GROUP,
    async: true,
    async setup({ shirushi }, inputs) {
      const openVault = api(shirushi);
      const db = await seed(shirushi, inputs, count);
      return {
        // Open (read every record, build the index, pair with the key store) and close again.
        fn: async () => {
          const vault = await openVault({ name: db, persist: false });
          const size = vault.size;
          vault.close();
          return size;
        },
        prepare: () => undefined,
        check: (size) => expectSize(size, count),
      };
    },
  };
}

function searchCase(label, query, expected) {
  return {
    name: `vault search ${label}, ${VAULT_SIZE.toLocaleString('en-US').replace(/,/g, ' ')} certificates`,
    group: VAULT_GROUP,
    async setup({ shirushi }, inputs) {
      const vault = await api(shirushi)({ name: await seed(shirushi, inputs, VAULT_SIZE), persist: false });
      const now = new Date(Date.UTC(2026, 6, 1));
      return {
        fn: () => vault.search({ ...query, now }),
        check: (results) => {
          if (!expected(results.length)) throw new Error(`${label}: ${results.length} results`);
        },
      };
    },
  };
}

const label = (count) => count.toLocaleString('en-US').replace(/,/g, ' ');

export const vaultCases = [
  openCase(VAULT_SIZE, `vault open, ${label(VAULT_SIZE)} certificates`),
  searchCase('by domain', { domain: 'host4242.example42.jp' }, (n) => n === 1),
  searchCase('by organisation', { organisation: 'しるし' }, (n) => n === VAULT_SIZE / 2),
  // Ids 0x1200 to 0x12ff share this 62-digit prefix.
  searchCase('by fingerprint prefix', { fingerprint: '12'.padStart(62, '0') }, (n) => n === 256),
  searchCase('any text, no match', { text: 'nothing.invalid' }, (n) => n === 0),
  searchCase(
    'by status and expiry range',
    { status: ['expiring', 'renewal-open'], expiresBefore: new Date(Date.UTC(2026, 8, 1)) },
    (n) => n > 0,
  ),
  {
    name: `peak memory: vault open, ${label(VAULT_SIZE)} certificates`,
    group: VAULT_GROUP,
    probe: {
      // A small vault opened first, so code is compiled and the key store connection exists.
      warmup: async (libs, inputs) => [await openCase(100, 'warm-up').setup(libs, inputs)],
    },
    setup: (libs, inputs) => openCase(VAULT_SIZE, 'probe').setup(libs, inputs),
  },
];
