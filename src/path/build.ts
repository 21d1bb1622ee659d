import { verifySignature, type VerifyOutcome } from '../crypto/verify.js';
import type { PathCertificate } from '../x509/path-certificate.js';
import type { PathIssue, PolicySettings, ValidPolicy } from './types.js';
import { ruleIssues, structureIssues, type CertificateIssue, type PathRules } from './checks.js';
import { violation } from './name-constraints.js';
import { processPolicies } from './policy.js';

export interface PathOptions {
  anchors: readonly PathCertificate[];
  /** Certificates that may appear between the target and an anchor, any order. */
  pool: readonly PathCertificate[];
  time: Date;
  clockSkewMs: number;
  policy?: PolicySettings;
  /** `verifyChain`'s purpose, algorithm and strictness rules; CRL signer paths are checked without them. */
  rules?: PathRules;
}

export interface BuiltPath {
  /** Target first, anchor last; a partial path (no anchor) when none could be built. */
  path: PathCertificate[];
  complete: boolean;
  issues: PathIssue[];
  /** The user-constrained policy set of a complete path. */
  policies: ValidPolicy[];
}

const MAX_PATH = 12;
const MAX_CANDIDATE_PATHS = 16;
/** Issuer candidates tried in one search; a crafted mesh of cross-certificates cannot make it explode. */
const MAX_STEPS = 256;
const signatureCache = new Map<string, Promise<VerifyOutcome>>();

/** Whether `parent`'s key signed `child`; remembered per pair so CRL signer paths reuse chain work. */
export function verifyIssuedBy(child: PathCertificate, parent: PathCertificate): Promise<VerifyOutcome> {
  const key = `${child.id}|${parent.id}`;
  let outcome = signatureCache.get(key);
  if (!outcome) {
    outcome = verifySignature(parent.spki, child.signatureAlgorithm, child.tbs, child.signature);
    signatureCache.set(key, outcome);
    if (signatureCache.size > 4096) signatureCache.delete(signatureCache.keys().next().value!);
  }
  return outcome;
}

function sameKey(a: PathCertificate, b: PathCertificate): boolean {
  return (
    a.subjectKey === b.subjectKey &&
    a.spki.length === b.spki.length &&
    a.spki.every((x, i) => x === b.spki[i])
  );
}

const subjectOf = (certificate: PathCertificate) => certificate.info.subject.rfc4514;

function validityIssues(certificate: PathCertificate, index: number, options: PathOptions): PathIssue[] {
  const subject = subjectOf(certificate);
  const now = options.time.getTime();
  const { notBefore, notAfter } = certificate.info.validity;
  const issues: PathIssue[] = [];
  if (notBefore.getTime() > now + options.clockSkewMs) {
    issues.push({
      code: 'chain/not-yet-valid',
      params: { subject, notBefore: notBefore.toISOString() },
      index,
    });
  }
  if (notAfter.getTime() + options.clockSkewMs < now) {
    issues.push({ code: 'chain/expired', params: { subject, notAfter: notAfter.toISOString() }, index });
  }
  return issues;
}

/**
 * RFC 5280 section 6.1.3 and 6.1.4 checks on a path whose signatures are already verified. The trust anchor
 * is checked as a certificate too (validity, critical extensions, CA and key usage), and its name
 * constraints and path length bind the path below it (RFC 5937).
 */
export function checkPath(path: readonly PathCertificate[], options: PathOptions): PathIssue[] {
  const issues: PathIssue[] = [];
  const anchorIndex = path.length - 1;
  let budget = Number.POSITIVE_INFINITY;
  let constrainedBy: PathCertificate | undefined;
  for (let index = anchorIndex; index >= 0; index--) {
    const certificate = path[index]!;
    const subject = subjectOf(certificate);
    const at = (issue: CertificateIssue) => issues.push({ ...issue, index });
    issues.push(...validityIssues(certificate, index, options));
    for (const oid of certificate.unknownCritical) {
      issues.push({ code: 'chain/unknown-critical-extension', params: { subject, oid }, index });
    }
    if (index < anchorIndex) structureIssues(certificate).forEach(at);
    if (options.rules) ruleIssues(certificate, path[index + 1], index === 0, options.rules).forEach(at);
    // RFC 5280 6.1.3 (b), (c): every CA above constrains the names below it (self-issued CAs excepted).
    if (index < anchorIndex && (index === 0 || !certificate.info.selfIssued)) {
      for (let above = index + 1; above < path.length; above++) {
        const constraints = path[above]!.nameConstraints;
        const bad = constraints ? violation(certificate.names, constraints) : undefined;
        if (bad) issues.push({ code: 'chain/name-constraints', params: { subject, name: bad.text }, index });
      }
    }
    if (index === 0) break;
    // This certificate issues the one below it.
    if (!certificate.isCa) issues.push({ code: 'chain/not-a-ca', params: { subject }, index });
    if (certificate.keyUsage && !certificate.keyUsage.has('keyCertSign')) {
      issues.push({ code: 'chain/key-usage', params: { subject }, index });
    }
    if (index < anchorIndex && !certificate.info.selfIssued) {
      if (budget <= 0) {
        issues.push({ code: 'chain/path-too-long', params: { subject: subjectOf(constrainedBy!) }, index });
      }
      budget--;
    }
    if (certificate.pathLength !== undefined && certificate.pathLength < budget) {
      budget = certificate.pathLength;
      constrainedBy = certificate;
    }
  }
  return issues;
}

/**
 * Builds a certification path from `target` to one of the anchors, depth first over every certificate whose
 * subject matches the current issuer (preferring a matching key identifier), verifying each signature as it
 * goes. Returns the first path that passes `checkPath`, else the first complete path with its issues, else
 * the longest partial path with the reason it stops.
 */
export async function buildPath(target: PathCertificate, options: PathOptions): Promise<BuiltPath> {
  const isAnchor = (certificate: PathCertificate) =>
    options.anchors.some((anchor) => anchor.id === certificate.id || sameKey(anchor, certificate));
  // A trusted certificate checked on its own: only its validity period can make it unusable.
  if (isAnchor(target)) {
    const issues = validityIssues(target, 0, options);
    return {
      path: [target],
      complete: true,
      issues,
      policies: processPolicies([target], options.policy).policies,
    };
  }

  const candidatesFor = (certificate: PathCertificate, chain: readonly PathCertificate[]) => {
    const seen = new Set(chain.map((item) => item.id));
    const all = [...options.anchors, ...options.pool].filter((candidate) => {
      if (candidate.subjectKey !== certificate.issuerKey || seen.has(candidate.id)) return false;
      seen.add(candidate.id);
      return true;
    });
    const aki = certificate.info.authorityKeyIdentifier;
    const rank = (candidate: PathCertificate) => {
      const ski = candidate.info.subjectKeyIdentifier;
      return (aki && ski ? (aki === ski ? 0 : 2) : 1) - (isAnchor(candidate) ? 0.5 : 0);
    };
    return all.sort((a, b) => rank(a) - rank(b));
  };

  let firstComplete: BuiltPath | undefined;
  let longest: PathCertificate[] = [target];
  let stop: PathIssue | undefined;
  let explored = 0;
  let steps = 0;

  const extend = async (chain: PathCertificate[]): Promise<BuiltPath | undefined> => {
    const current = chain[chain.length - 1]!;
    if (chain.length > 1 && isAnchor(current)) {
      const built = complete(chain, options);
      firstComplete ??= built;
      explored++;
      return built.issues.every((issue) => issue.warning) ? built : undefined;
    }
    if (chain.length >= MAX_PATH || explored >= MAX_CANDIDATE_PATHS) return undefined;
    if (chain.length > longest.length) longest = chain;
    for (const candidate of candidatesFor(current, chain)) {
      if (++steps > MAX_STEPS) break;
      const outcome = await verifyIssuedBy(current, candidate);
      if (outcome !== 'valid') {
        const subject = subjectOf(current);
        stop ??=
          outcome === 'unsupported'
            ? {
                code: 'chain/unsupported-algorithm',
                params: { subject, algorithm: current.info.signatureAlgorithm.name },
                index: chain.length - 1,
              }
            : { code: 'chain/bad-signature', params: { subject }, index: chain.length - 1 };
        continue;
      }
      const found = await extend([...chain, candidate]);
      if (found) return found;
    }
    return undefined;
  };

  const valid = await extend([target]);
  if (valid) return valid;
  if (firstComplete) return firstComplete;
  return {
    path: longest,
    complete: false,
    issues: [stop ?? { code: 'chain/no-path', params: {} }],
    policies: [],
  };
}

/** A path that reaches an anchor, with every check of section 6.1 applied to it. */
function complete(path: PathCertificate[], options: PathOptions): BuiltPath {
  const policy = processPolicies(path, options.policy);
  return {
    path,
    complete: true,
    issues: [...checkPath(path, options), ...policy.issues],
    policies: policy.policies,
  };
}
