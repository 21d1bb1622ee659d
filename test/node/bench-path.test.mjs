// The path validation bench rows (test/bench/path-*.mjs) against the built package and openssl: the PKITS
// case and its settings come out of the manifest as the issue names them, the cases accept the right
// answer and turn a wrong one into an error row, and the openssl side refuses a chain openssl rejects.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as pkijs from 'pkijs';
import * as shirushi from 'shirushi';

import { hydrateInputs, runCase } from '../bench/cases.mjs';
import { openssl } from '../bench/inputs.mjs';
import { formatPathReport, timeOpensslPaths } from '../bench/path-bench.mjs';
import { pathCases } from '../bench/path-cases.mjs';
import { PKITS_CASE, loadPkitsCase, makeChainCrls } from '../bench/path-inputs.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const POLICY = (n) => `2.16.840.1.101.3.2.1.48.${n}`;
const QUICK = { samples: 1, minSampleMs: 1, warmupMs: 1 };
const libs = { shirushi, pkijs };
const pkits = await loadPkitsCase(root);
const caseOf = (chain, variant) =>
  pathCases.find((c) => c.path.chain === chain && c.path.variant === variant);
const run = (chain, variant, json) =>
  runCase(
    caseOf(chain, variant),
    libs,
    hydrateInputs(json, () => {}),
    QUICK,
  );

describe('bench: path validation rows', () => {
  it('reads PKITS 4.10.13 Subpart 2 with its initial policy set and expected policy', () => {
    assert.equal(pkits.name, PKITS_CASE);
    assert.equal(pkits.testNumber, '4.10.13');
    assert.deepEqual(pkits.initialPolicySet, [POLICY(1), POLICY(2)]);
    assert.deepEqual(pkits.expectedPolicies, [POLICY(1)]);
    assert.equal(pkits.explicitPolicy, false);
    assert.deepEqual(
      pkits.certs.map((c) => c.name),
      ['TrustAnchorRootCertificate', 'P1anyPolicyMapping1to2CACert', 'ValidPolicyMappingTest13EE'],
    );
    assert.equal(pkits.crls.length, 2);
  });

  it('times verifyChain on the PKITS path after checking it is valid', async () => {
    for (const variant of ['same', 'fresh', 'signatures']) {
      const result = await run('pkits', variant, { certificates: {}, pkits });
      assert.equal(result.error, undefined, `${variant}: ${result.error}`);
      assert.ok(result.medianMs > 0, variant);
      assert.deepEqual(result.path, { chain: 'pkits', variant });
    }
  });

  it('makes a wrong answer an error row', async () => {
    // Subpart 3's initial set: PKITS expects no valid policy, so no valid path.
    const invalid = await run('pkits', 'same', {
      certificates: {},
      pkits: { ...pkits, initialPolicySet: [POLICY(2)] },
    });
    assert.match(invalid.error, /not valid/);
    const wrongPolicy = await run('pkits', 'fresh', {
      certificates: {},
      pkits: { ...pkits, expectedPolicies: [POLICY(2)] },
    });
    assert.match(wrongPolicy.error, /policies \[2\.16\.840\.1\.101\.3\.2\.1\.48\.1\]/);
  });

  it('signs a CRL per CA that verifyChain accepts and openssl verify checks', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shirushi-bench-path-test-'));
    const at = (args) => openssl(args, { cwd: dir });
    try {
      const config = [
        '[req]',
        'distinguished_name = dn',
        '[dn]',
        '[ca]',
        'basicConstraints = critical, CA:TRUE',
        'keyUsage = critical, keyCertSign, cRLSign',
        'subjectKeyIdentifier = hash',
        'authorityKeyIdentifier = keyid:always',
        '[leaf]',
        'basicConstraints = critical, CA:FALSE',
        'authorityKeyIdentifier = keyid:always',
        '',
      ];
      await writeFile(join(dir, 'ca.cnf'), config.join('\n'));
      for (const name of ['root', 'intermediate', 'leaf']) {
        await at([
          'genpkey',
          '-algorithm',
          'EC',
          '-pkeyopt',
          'ec_paramgen_curve:P-256',
          '-out',
          `${name}.key`,
        ]);
      }
      // prettier-ignore
      await at(['req', '-x509', '-new', '-config', 'ca.cnf', '-extensions', 'ca', '-key', 'root.key',
        '-subj', '/CN=Test Root', '-days', '30', '-out', 'root.pem']);
      for (const [name, issuer, extensions] of [
        ['intermediate', 'root', 'ca'],
        ['leaf', 'intermediate', 'leaf'],
      ]) {
        // prettier-ignore
        await at(['req', '-new', '-config', 'ca.cnf', '-key', `${name}.key`, '-subj', `/CN=Test ${name}`, '-out', `${name}.csr`]);
        // prettier-ignore
        await at(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`,
          '-days', '30', '-extfile', 'ca.cnf', '-extensions', extensions, '-out', `${name}.pem`]);
      }
      const chainCrls = await makeChainCrls(at, dir);
      const certificates = {};
      for (const [key, name] of [
        ['root', 'root'],
        ['intermediate', 'intermediate'],
        ['rsa-2048', 'leaf'],
      ]) {
        const pem = await readFile(join(dir, `${name}.pem`), 'utf8');
        const der = (await at(['x509', '-in', `${name}.pem`, '-outform', 'DER'])).toString('base64');
        certificates[key] = { pem, der };
      }
      const result = await run('rsa-chain', 'same', { certificates, chainCrls });
      assert.equal(result.error, undefined, result.error);

      const [timing] = await timeOpensslPaths({
        chains: ['rsa-chain'],
        inputs: { certificates, chainCrls },
        openssl,
        counts: { processRuns: 1, repeat: 3, repeatRuns: 1 },
      });
      assert.equal(timing.chain, 'rsa-chain');
      assert.ok(timing.perProcessMs > 0);
      assert.match(timing.flags, /^verify -crl_check_all -policy_check -CAfile /);
      const report = formatPathReport({ results: [{ ...result, environment: 'node' }], openssl: [timing] });
      assert.match(report, /^path validation \(issue 15\)/);
      assert.match(report, /shirushi verifyChain, node, same inputs/);

      // Without the root's CRL, -crl_check_all cannot check the intermediate: the bench must stop.
      await assert.rejects(
        timeOpensslPaths({
          chains: ['rsa-chain'],
          inputs: { certificates, chainCrls: { ...chainCrls, root: { pem: '' } } },
          openssl,
          counts: { processRuns: 1, repeat: 2, repeatRuns: 1 },
        }),
        /openssl verify/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops on a PKITS setting that openssl rejects', async () => {
    await assert.rejects(
      timeOpensslPaths({
        chains: ['pkits'],
        inputs: { pkits: { ...pkits, initialPolicySet: [POLICY(2)] } },
        openssl,
        counts: { processRuns: 1, repeat: 2, repeatRuns: 1 },
      }),
      /openssl verify/,
    );
  });
});
