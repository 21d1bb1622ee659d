import type { WeakAlgorithmPolicy } from '../crypto/weak.js';
import { asShirushiError } from '../errors/shirushi-error.js';
import { matchesHostname } from '../hostname/match.js';
import type { ErrorCode, MessageParams } from '../i18n/strings.js';
import { combineWithOcsp } from '../ocsp/status.js';
import { parseCertificateList, settingsFrom } from './check-revocation.js';
import { createContext } from './revocation-context.js';
import { loadCrls } from '../revocation/crl-store.js';
import { determineStatus, problem } from '../revocation/engine.js';
import type { RevocationResult } from '../revocation/types.js';
import type { ChainProblem, ChainResult, VerifyChainOptions } from './types.js';
import { buildPath } from './build.js';
import type { PathCertificate } from '../x509/path-certificate.js';
import { toPathCertificate } from './certificate.js';
import type { PathRules } from './checks.js';

function chainProblem(
  code: ErrorCode,
  params: MessageParams = {},
  certificateIndex?: number,
  warning?: true,
): ChainProblem {
  const result: ChainProblem = problem(code, params);
  if (certificateIndex !== undefined) result.certificateIndex = certificateIndex;
  if (warning) result.warning = true;
  return result;
}

function rulesFrom(options: VerifyChainOptions, weak: WeakAlgorithmPolicy): PathRules {
  return {
    purpose: options.purpose ?? (options.hostname !== undefined ? 'tls-server' : 'any'),
    ...weak,
    strict: options.strict === true,
  };
}

/** `verifyChain` in the current thread. */
export async function verifyChainHere(options: VerifyChainOptions): Promise<ChainResult> {
  const problems: ChainProblem[] = [];
  const settings = settingsFrom(options);
  const mode = options.revocation ?? 'require';
  let leaf: PathCertificate;
  try {
    leaf = toPathCertificate(options.leaf);
  } catch (error) {
    const failure = asShirushiError(error, 'certificate/not-a-certificate');
    problems.push(chainProblem('chain/bad-certificate', { index: 'leaf', detail: failure.messages }));
    return { valid: false, path: [], revocation: [], problems, policies: [] };
  }
  const intermediates = parseCertificateList(options.intermediates ?? [], 'intermediates', problems);
  const anchors = parseCertificateList(options.trustAnchors, 'trustAnchors', problems);
  // A certificate that cannot be read is reported, but only stops validation when it is needed.
  const fatal = new Set<ChainProblem>();
  const fail = (item: ChainProblem) => {
    problems.push(item);
    fatal.add(item);
  };
  if (anchors.length === 0) {
    fail(chainProblem('chain/no-trust-anchor'));
    return { valid: false, path: [leaf.info], revocation: [], problems, policies: [] };
  }

  const built = await buildPath(leaf, {
    anchors,
    pool: intermediates,
    time: settings.time,
    clockSkewMs: settings.clockSkewMs,
    policy: options,
    rules: rulesFrom(options, settings.weak),
  });
  const path = built.path;
  if (!built.complete) fail(chainProblem('chain/no-path'));
  for (const issue of built.issues) {
    if (issue.warning) problems.push(chainProblem(issue.code, issue.params, issue.index, true));
    else if (issue.code !== 'chain/no-path') fail(chainProblem(issue.code, issue.params, issue.index));
  }

  const revocation: RevocationResult[] = [];
  if (built.complete && mode !== 'off') {
    const anchor = path[path.length - 1]!;
    const context = createContext({
      settings,
      crls: loadCrls(options.crls ?? [], options.maxCrlBytes),
      known: [...intermediates, ...anchors, leaf],
      // RFC 5280 6.3.3 (f): a CRL issuer's path must end at the same trust anchor as the target's.
      anchors: [anchor],
      validated: new Set(path.map((certificate) => certificate.id)),
    });
    // Top down, so a revoked CA is reported before the certificates under it.
    const results: RevocationResult[] = [];
    for (let index = path.length - 2; index >= 0; index--) {
      const fromCrl = await determineStatus(path[index]!, context);
      const issuer = path[index + 1]!;
      results[index] = await combineWithOcsp(fromCrl, path[index]!, issuer, options.ocspResponses, settings);
    }
    results.forEach((result, index) => {
      revocation.push(result);
      const subject = path[index]!.info.subject.rfc4514;
      if (result.status === 'revoked') {
        fail(chainProblem('chain/revoked', { subject, reason: result.reason ?? 'unspecified' }, index));
      } else if (result.status === 'unknown') {
        if (mode === 'require') fail(chainProblem('chain/revocation-unknown', { subject }, index));
        else problems.push(chainProblem('chain/revocation-unknown', { subject }, index, true));
      }
    });
  }

  if (options.hostname !== undefined && !matchesHostname(leaf.info, options.hostname)) {
    fail(chainProblem('chain/hostname-mismatch', { hostname: options.hostname }, 0));
  }
  return {
    valid: fatal.size === 0,
    path: path.map((certificate) => certificate.info),
    revocation,
    problems,
    policies: built.complete ? built.policies : [],
  };
}
