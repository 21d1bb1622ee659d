// Certificate policy processing (RFC 5280 6.1.3 (d)-(f), 6.1.4 (a)-(b), (h)-(j), 6.1.5) on chains made by
// openssl for this file: the user-constrained policy set with its qualifiers, explicit policy, mapping and
// the bound on the valid_policy_tree. The full conformance suite is test/pkits.test.ts.
import { expect } from '@esm-bundle/chai';
import { verifyChain } from '../src/index.js';
import { MAX_POLICY_NODES } from '../src/path/policy.js';
import type { ChainResult } from '../src/path/types.js';
import { CA_EXTENSIONS, issue, LEAF_EXTENSIONS, type Issued } from './helpers/openssl-chain.js';

const ARC = '1.3.6.1.4.1.55555.7';
const policyOid = (n: number) => `${ARC}.${n}`;
const CA = CA_EXTENSIONS;
const LEAF = LEAF_EXTENSIONS;

/** root → intermediates (in order) → leaf, each certificate's extensions as given. */
async function chain(intermediates: string[], leaf: string, extraSections = '') {
  const root = await issue('Policy Test Root', CA);
  const cas: Issued[] = [];
  let parent = root;
  for (const [i, extensions] of intermediates.entries()) {
    parent = await issue(`Policy Test CA ${i + 1}`, `${CA}\n${extensions}`, parent, { extraSections });
    cas.push(parent);
  }
  const end = await issue('policy-leaf.example.jp', `${LEAF}\n${leaf}`, parent, { extraSections });
  return {
    verify: (options: Partial<Parameters<typeof verifyChain>[0]> = {}): Promise<ChainResult> =>
      verifyChain({
        leaf: end.pem,
        intermediates: cas.map((ca) => ca.pem),
        trustAnchors: [root.pem],
        revocation: 'off',
        ...options,
      }),
  };
}

const describeProblems = (result: ChainResult) =>
  result.problems.map((p) => `${p.code}@${p.certificateIndex ?? '-'}`).join(', ');

describe('certificate policies in verifyChain', () => {
  it('returns the user-constrained policy set with the CPS URI and user notice text', async () => {
    const qualifiers = `[polsect]
policyIdentifier = ${policyOid(1)}
CPS.1 = "https://repository.example.jp/cps"
userNotice.1 = @notice
[notice]
explicitText = "UTF8:この証明書は電子署名法に基づく試験用です"
`;
    const { verify } = await chain(
      [`certificatePolicies = ${policyOid(1)}, ${policyOid(2)}`],
      'certificatePolicies = @polsect',
      qualifiers,
    );
    const result = await verify();
    expect(result.valid, describeProblems(result)).to.equal(true);
    expect(result.policies).to.deep.equal([
      {
        oid: policyOid(1),
        cps: ['https://repository.example.jp/cps'],
        userNotices: ['この証明書は電子署名法に基づく試験用です'],
      },
    ]);
  });

  it('fails at the leaf when an explicit policy is required and the path has another', async () => {
    const { verify } = await chain(
      [`certificatePolicies = ${policyOid(1)}`],
      `certificatePolicies = ${policyOid(1)}`,
    );
    const good = await verify({ initialPolicySet: [policyOid(1)], explicitPolicy: true });
    expect(good.valid, describeProblems(good)).to.equal(true);
    const bad = await verify({ initialPolicySet: [policyOid(3)], explicitPolicy: true });
    expect(bad.valid).to.equal(false);
    expect(bad.policies).to.deep.equal([]);
    expect(describeProblems(bad)).to.equal('chain/no-valid-policy@0');
    expect(bad.problems[0]!.message.ja).to.contain('証明書ポリシー');
  });

  it('maps a policy of the issuer domain to the subject domain (the set is named in the anchor domain)', async () => {
    const { verify } = await chain(
      [`certificatePolicies = ${policyOid(1)}\npolicyMappings = ${policyOid(1)}:${policyOid(9)}`],
      `certificatePolicies = ${policyOid(9)}`,
    );
    const result = await verify({ initialPolicySet: [policyOid(1)], explicitPolicy: true });
    expect(result.valid, describeProblems(result)).to.equal(true);
    expect(result.policies.map((p) => p.oid)).to.deep.equal([policyOid(1)]);
    const inhibited = await verify({ policyMappingInhibit: true, explicitPolicy: true });
    expect(describeProblems(inhibited)).to.equal('chain/no-valid-policy@0');
  });

  it('refuses a path whose policy mappings multiply the tree past the bound, quickly and clearly', async () => {
    // CVE-2023-0464's shape: every CA asserts ten policies and maps each to all ten, so each level holds
    // ten times the nodes of the one above (10, 100, 1 000, 10 000).
    const ten = Array.from({ length: 10 }, (_, i) => policyOid(100 + i));
    const mappings = ten.flatMap((from) => ten.map((to) => `${from}:${to}`)).join(', ');
    const ca = `certificatePolicies = ${ten.join(', ')}\npolicyMappings = ${mappings}`;
    const { verify } = await chain([ca, ca, ca, ca], `certificatePolicies = ${ten.join(', ')}`);
    const started = performance.now();
    const result = await verify();
    const elapsed = performance.now() - started;
    expect(result.valid).to.equal(false);
    // Path: leaf 0, CA 4 at index 1 (the fourth certificate below the root, where the tree passes the bound).
    expect(describeProblems(result)).to.equal('chain/policy-tree-too-large@1');
    expect(result.problems[0]!.params).to.include({ limit: MAX_POLICY_NODES });
    // Not a timing assertion on speed, only that it did not hang (the test timeout is 20 s).
    expect(elapsed).to.be.below(20_000);
  });

  it('rejects a mapping to or from anyPolicy at the certificate that carries it', async () => {
    const { verify } = await chain(
      [`certificatePolicies = ${policyOid(1)}\npolicyMappings = ${policyOid(1)}:2.5.29.32.0`],
      `certificatePolicies = ${policyOid(1)}`,
    );
    const result = await verify();
    expect(describeProblems(result)).to.equal('chain/bad-policy-mapping@1');
  });
});
