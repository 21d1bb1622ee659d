// Path validation cases (issue 15), run unchanged in node and in headless Chromium. Browser-safe: no node
// imports (the inputs come from test/bench/path-inputs.mjs through the JSON inputs).
//
// Chains (`verifyChain` with `revocation: 'require'`, every certificate below the anchor checked):
//   rsa-chain   the generated RSA-2048 root → intermediate → leaf (SHA-256) and one small CRL per CA
//   pkits       NIST PKITS 4.10.13 Valid Policy Mapping Test13 (Subpart 2): a policy-mapping CA, its
//               CRLs, the case's initial policy set, at 2020-01-01, SHA-1 and 1024-bit RSA allowed
// Each chain is timed twice:
//   same inputs    calls on the same Uint8Arrays: the package remembers parsed certificates and CRLs
//                  (and their signature checks) by the identity of the bytes, so this is validating again.
//   fresh copies   every call gets new copies of all certificate and CRL bytes (made untimed), so parsing
//                  and the CRL signature checks are redone; certificate signature checks are still
//                  remembered across calls (keyed by the certificates' SHA-256 fingerprints), and are not.
//   signatures     what `fresh copies` does not redo: crypto.subtle importKey + verify of each certificate
//                  signature on the path (leaf by intermediate, intermediate by anchor), TBS and signature
//                  taken out with pkijs beforehand. Not shirushi: the WebCrypto cost alone.
// The first, untimed call of each case must give a valid path with every certificate shown good (and,
// for PKITS, the expected user-constrained policy set): otherwise the case becomes an error row and the
// bench exits non-zero.

export const PATH_GROUP = 'path validation';

export const PATH_CHAINS = {
  'rsa-chain': 'RSA-2048 3-cert chain + 2 CRLs',
  pkits: 'PKITS 4.10.13 policy mapping',
};

/** The JSON's `chainCrls` and `pkits` with their DER as bytes (for `hydrateInputs` in cases.mjs). */
export function hydratePathInputs(json, base64ToBytes) {
  const path = {};
  if (json.chainCrls) {
    path.chainCrls = {
      root: base64ToBytes(json.chainCrls.root.der),
      intermediate: base64ToBytes(json.chainCrls.intermediate.der),
    };
  }
  if (json.pkits) {
    const bytes = (files) => files.map(({ der }) => base64ToBytes(der));
    path.pkits = { ...json.pkits, certs: bytes(json.pkits.certs), crls: bytes(json.pkits.crls) };
  }
  return path;
}

/** verifyChain's options for one chain, from the byte arrays given (so callers can pass copies). */
const OPTIONS = {
  'rsa-chain': {
    bytes(inputs) {
      const { certificates, path } = inputs;
      if (!path.chainCrls) throw new Error('the inputs have no chain CRLs');
      return {
        leaf: certificates['rsa-2048'].der,
        intermediates: [certificates.intermediate.der],
        trustAnchors: [certificates.root.der],
        crls: [path.chainCrls.root, path.chainCrls.intermediate],
      };
    },
    settings: () => ({ revocation: 'require' }),
    expectedPolicies: undefined,
  },
  pkits: {
    bytes({ path }) {
      if (!path.pkits) throw new Error('the inputs have no PKITS case');
      const { certs, crls } = path.pkits;
      return {
        leaf: certs.at(-1),
        intermediates: certs.slice(1, -1),
        trustAnchors: [certs[0]],
        crls,
      };
    },
    settings({ path }) {
      const pkits = path.pkits;
      return {
        revocation: 'require',
        time: new Date(pkits.time),
        // PKITS signs with SHA-1 and 1024-bit RSA keys; passed even where the build does not refuse them.
        weakAlgorithms: { allowSignatures: ['sha1WithRSAEncryption'], minRsaBits: 1024 },
        ...(pkits.initialPolicySet && { initialPolicySet: pkits.initialPolicySet }),
        ...(pkits.explicitPolicy && { explicitPolicy: true }),
        ...(pkits.policyMappingInhibit && { policyMappingInhibit: true }),
        ...(pkits.anyPolicyInhibit && { anyPolicyInhibit: true }),
      };
    },
    expectedPolicies: ({ path }) => path.pkits.expectedPolicies,
  },
};

const copyAll = ({ leaf, intermediates, trustAnchors, crls }) => ({
  leaf: leaf.slice(),
  intermediates: intermediates.map((der) => der.slice()),
  trustAnchors: trustAnchors.map((der) => der.slice()),
  crls: crls.map((der) => der.slice()),
});

/** Throws unless `result` is a valid path of `length` certificates, all below the anchor shown good. */
function expectValid(result, length, expectedPolicies, label) {
  const failures = [];
  if (result?.valid !== true) failures.push('not valid');
  if (result?.path?.length !== length) failures.push(`path of ${result?.path?.length} certificates`);
  const statuses = (result?.revocation ?? []).map((r) => r.status);
  if (statuses.length !== length - 1 || statuses.some((status) => status !== 'good'))
    failures.push(`revocation statuses [${statuses.join(', ')}]`);
  if (expectedPolicies) {
    const got = (result?.policies ?? []).map((p) => p.oid).sort();
    const want = [...expectedPolicies].sort();
    if (got.join() !== want.join())
      failures.push(`policies [${got.join(', ')}], expected [${want.join(', ')}]`);
  }
  if (failures.length) {
    const problems = (result?.problems ?? []).map((p) => `${p.code}@${p.certificateIndex ?? '-'}`);
    throw new Error(
      `verifyChain ${label}: ${failures.join('; ')}${problems.length ? `; problems: ${problems.join(', ')}` : ''}`,
    );
  }
  return result;
}

export const PATH_VARIANTS = {
  same: 'same inputs',
  fresh: 'fresh copies',
  signatures: 'certificate signatures only',
};

const SIGNATURE_HASHES = {
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.11': 'SHA-256',
};

/**
 * For each certificate below the anchor, what verifying its signature takes: the issuer's SPKI, the hash,
 * the TBS and signature bytes. Path order: leaf, intermediates from the leaf up, anchor.
 */
function signatureChecks(pkijs, { leaf, intermediates, trustAnchors }) {
  const path = [leaf, ...[...intermediates].reverse(), trustAnchors[0]].map((der) =>
    pkijs.Certificate.fromBER(der),
  );
  return path.slice(0, -1).map((certificate, index) => {
    const oid = certificate.signatureAlgorithm.algorithmId;
    const hash = SIGNATURE_HASHES[oid];
    if (!hash) throw new Error(`no RSA PKCS #1 v1.5 hash for signature algorithm ${oid}`);
    return {
      spki: new Uint8Array(path[index + 1].subjectPublicKeyInfo.toSchema().toBER()),
      hash,
      tbs: certificate.tbsView,
      signature: certificate.signatureValue.valueBlock.valueHexView,
    };
  });
}

async function verifyAll(checks) {
  const outcomes = [];
  for (const { spki, hash, tbs, signature } of checks) {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash };
    const key = await crypto.subtle.importKey('spki', spki, algorithm, false, ['verify']);
    outcomes.push(await crypto.subtle.verify(algorithm, key, signature, tbs));
  }
  return outcomes;
}

function signaturesCase(chain) {
  const label = PATH_CHAINS[chain];
  return {
    name: `verifyChain ${label} (${PATH_VARIANTS.signatures}: crypto.subtle, not shirushi)`,
    group: PATH_GROUP,
    path: { chain, variant: 'signatures' },
    async: true,
    setup({ pkijs }, inputs) {
      const checks = signatureChecks(pkijs, OPTIONS[chain].bytes(inputs));
      return {
        fn: () => verifyAll(checks),
        check(outcomes) {
          if (outcomes.length !== checks.length || !outcomes.every(Boolean))
            throw new Error(`certificate signatures of ${label}: [${outcomes.join(', ')}]`);
        },
      };
    },
  };
}

function pathCase(chain, variant) {
  const label = PATH_CHAINS[chain];
  return {
    name: `verifyChain ${label} (${PATH_VARIANTS[variant]})`,
    group: PATH_GROUP,
    path: { chain, variant },
    async: true,
    setup({ shirushi }, inputs) {
      const spec = OPTIONS[chain];
      const bytes = spec.bytes(inputs);
      const settings = spec.settings(inputs);
      const length = bytes.intermediates.length + 2;
      const check = (result) => expectValid(result, length, spec.expectedPolicies?.(inputs), label);
      if (variant === 'fresh') {
        return {
          prepare: () => ({ ...copyAll(bytes), ...settings }),
          fn: (options) => shirushi.verifyChain(options),
          check,
        };
      }
      const options = { ...bytes, ...settings };
      return { fn: () => shirushi.verifyChain(options), check };
    },
  };
}

export const pathCases = Object.keys(PATH_CHAINS).flatMap((chain) => [
  pathCase(chain, 'same'),
  pathCase(chain, 'fresh'),
  signaturesCase(chain),
]);
