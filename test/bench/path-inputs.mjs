// Inputs of the path validation rows (issue 15), node side:
//   chain CRLs   one small CRL per CA of the generated chain (test/bench/inputs.mjs: root → intermediate →
//                rsa-2048 leaf), signed with `openssl ca -gencrl` (SHA-256) in the directory where the
//                CA keys were just made: the root's covers the intermediate, the intermediate's the leaf.
//                Each lists two unrelated serials, so the lookup has entries to look through.
//   PKITS        the NIST PKITS case PKITS_CASE from test/fixtures/pkits (its certificates and CRLs as
//                DER, and its initial policy settings from pkits-manifest.json).
// Both go into the JSON inputs (DER as base64) that the node runner and the page receive.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The manifest entry used: Valid Policy Mapping Test13, the subpart with an explicit initial policy set. */
export const PKITS_CASE = 'Valid Policy Mapping Test13 (Subpart 2)';
/** A time inside every PKITS certificate's and CRL's validity (see test/fixtures/pkits/README.md). */
export const PKITS_TIME = '2020-01-01T00:00:00Z';
const PKITS_DIR = join('test', 'fixtures', 'pkits');

/** PKITS's policy names: NIST-test-policy-N is 2.16.840.1.101.3.2.1.48.N. */
export function pkitsPolicyOid(name) {
  const match = /^NIST-test-policy-(\d+)$/.exec(name.trim());
  if (!match) throw new Error(`not a PKITS policy name: ${name}`);
  return `2.16.840.1.101.3.2.1.48.${match[1]}`;
}

/** `YYMMDDHHMMSSZ`, the time format of openssl's CA database. */
function caDatabaseTime(date) {
  return `${date.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`;
}

/**
 * Signs a CRL for each of `root` and `intermediate` (their `.pem` and `.key` files in `dir`); resolves
 * with `{ root, intermediate }`, each `{ pem, der }` (DER as base64).
 */
export async function makeChainCrls(run, dir) {
  const now = Date.now();
  const revokedAt = caDatabaseTime(new Date(now - 86_400_000));
  const expires = caDatabaseTime(new Date(now + 365 * 86_400_000));
  const crls = {};
  for (const [ca, serials] of [
    ['root', ['5A01', '5A02']],
    ['intermediate', ['6B01', '6B02']],
  ]) {
    // openssl ca's database: status, expiry, revocation time[,reason], serial, file, subject (tab-separated).
    const database = serials
      .map((serial, i) =>
        [
          'R',
          expires,
          `${revokedAt}${i ? ',keyCompromise' : ''}`,
          serial,
          'unknown',
          `/CN=revoked ${serial}`,
        ].join('\t'),
      )
      .join('\n');
    await writeFile(join(dir, `${ca}-index.txt`), `${database}\n`, 'utf8');
    await writeFile(join(dir, `${ca}-crlnumber`), '1000\n', 'utf8');
    const config = [
      '[ca]',
      'default_ca = bench',
      '[bench]',
      `database = ${ca}-index.txt`,
      `crlnumber = ${ca}-crlnumber`,
      'default_md = sha256',
      'crl_extensions = crl_ext',
      '[crl_ext]',
      'authorityKeyIdentifier = keyid:always',
      '',
    ].join('\n');
    await writeFile(join(dir, `${ca}-ca.cnf`), config, 'utf8');
    // prettier-ignore
    await run([
      'ca', '-gencrl', '-batch', '-config', `${ca}-ca.cnf`, '-keyfile', `${ca}.key`, '-cert', `${ca}.pem`,
      '-crldays', '30', '-out', `${ca}.crl.pem`,
    ]);
    const pem = await readFile(join(dir, `${ca}.crl.pem`), 'utf8');
    const der = await run(['crl', '-in', `${ca}.crl.pem`, '-outform', 'DER']);
    crls[ca] = { pem, der: der.toString('base64') };
  }
  return crls;
}

/**
 * The PKITS case's files and settings, read from the repository: `{ name, testNumber, certs, crls,
 * settings }`, certs and crls as `{ name, der }` (base64; trust anchor first, end entity last).
 */
export async function loadPkitsCase(root) {
  const dir = join(root, PKITS_DIR);
  const manifest = JSON.parse(await readFile(join(dir, 'pkits-manifest.json'), 'utf8'));
  const entry = manifest.cases.find((c) => c.name === PKITS_CASE);
  if (!entry) throw new Error(`${PKITS_CASE} is not in ${join(PKITS_DIR, 'pkits-manifest.json')}`);
  if (!entry.should_validate) throw new Error(`${PKITS_CASE} is not a valid case`);
  const read = async (folder, name, extension) => ({
    name,
    der: (await readFile(join(dir, folder, `${name}.${extension}`))).toString('base64'),
  });
  const { settings } = entry;
  return {
    name: entry.name,
    testNumber: entry.test_number,
    certs: await Promise.all(entry.certs.map((name) => read('certs', name, 'crt'))),
    crls: await Promise.all(entry.crls.map((name) => read('crls', name, 'crl'))),
    time: PKITS_TIME,
    initialPolicySet: settings.InitialPolicySet?.split(',').map(pkitsPolicyOid),
    explicitPolicy: settings.InitialExplicitPolicy === 'true',
    policyMappingInhibit: settings.InitialPolicyMappingInhibit === 'true',
    anyPolicyInhibit: settings.InitialInhibitAnyPolicy === 'true',
    // PKITS expects NIST-test-policy-1 where a valid case names no user-constrained policy set.
    expectedPolicies:
      settings.UserConstrainedPolicySet === undefined
        ? [pkitsPolicyOid('NIST-test-policy-1')]
        : settings.UserConstrainedPolicySet.split(',').filter(Boolean).map(pkitsPolicyOid),
  };
}
