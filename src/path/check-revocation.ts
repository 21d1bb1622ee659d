import { weakAlgorithmPolicy } from '../crypto/weak.js';
import { parseCrl } from '../crl/parse.js';
import type { CrlInfo } from '../crl/types.js';
import { asShirushiError } from '../errors/shirushi-error.js';
import { combineWithOcsp } from '../ocsp/status.js';
import { verifyIssuedBy } from './build.js';
import type { PathCertificate } from '../x509/path-certificate.js';
import { toPathCertificate } from './certificate.js';
import { createContext } from './revocation-context.js';
import { loadCrls } from '../revocation/crl-store.js';
import {
  authenticate,
  determineStatus,
  problem,
  unusableBecause,
  type EngineSettings,
} from '../revocation/engine.js';
import type {
  CheckRevocationOptions,
  CrlInput,
  RevocationProblem,
  RevocationResult,
} from '../revocation/types.js';

/** Default tolerance between the CRL issuer's clock and ours. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;

export function settingsFrom(options: {
  time?: Date;
  clockSkew?: number;
  maxAge?: number;
  weakAlgorithms?: { allowSignatures?: string[]; minRsaBits?: number };
}): EngineSettings {
  const settings: EngineSettings = {
    time: options.time ?? new Date(),
    clockSkewMs: (options.clockSkew ?? DEFAULT_CLOCK_SKEW_SECONDS) * 1000,
    weak: weakAlgorithmPolicy(options.weakAlgorithms),
  };
  if (options.maxAge !== undefined) settings.maxAgeMs = options.maxAge * 1000;
  return settings;
}

function unknown(problems: RevocationProblem[]): RevocationResult {
  return { status: 'unknown', problems };
}

/**
 * Trust for CRL signers in `checkRevocation`: the issuer, and the certificates above it among `crlSigners`
 * (each one's key must have signed the one below), so a sibling CA's indirect CRL can be traced to a shared
 * parent the caller supplied.
 */
async function anchorsAbove(
  issuer: PathCertificate,
  signers: readonly PathCertificate[],
): Promise<PathCertificate[]> {
  const anchors = [issuer];
  let current = issuer;
  while (!current.info.selfIssued && anchors.length < 8) {
    let parent: PathCertificate | undefined;
    for (const candidate of signers) {
      if (candidate.subjectKey !== current.issuerKey || anchors.some((a) => a.id === candidate.id)) continue;
      if ((await verifyIssuedBy(current, candidate)) === 'valid') {
        parent = candidate;
        break;
      }
    }
    if (!parent) break;
    anchors.push(parent);
    current = parent;
  }
  return anchors;
}

/** Parses caller-supplied certificates, reporting each unreadable one (as `label[i]`) instead of failing. */
export function parseCertificateList(
  inputs: ReadonlyArray<Uint8Array | string>,
  label: string,
  problems: RevocationProblem[],
): PathCertificate[] {
  const result: PathCertificate[] = [];
  inputs.forEach((input, index) => {
    try {
      result.push(toPathCertificate(input));
    } catch (error) {
      const failure = asShirushiError(error, 'certificate/not-a-certificate');
      problems.push(
        problem('chain/bad-certificate', { index: `${label}[${index}]`, detail: failure.messages }),
      );
    }
  });
  return result;
}

/** `checkRevocation` in the current thread. */
export async function checkRevocationHere(options: CheckRevocationOptions): Promise<RevocationResult> {
  const problems: RevocationProblem[] = [];
  let certificate: PathCertificate;
  let issuer: PathCertificate;
  try {
    certificate = toPathCertificate(options.certificate);
  } catch (error) {
    const failure = asShirushiError(error, 'certificate/not-a-certificate');
    return unknown([problem('chain/bad-certificate', { index: 'certificate', detail: failure.messages })]);
  }
  try {
    issuer = toPathCertificate(options.issuer);
  } catch (error) {
    const failure = asShirushiError(error, 'certificate/not-a-certificate');
    return unknown([problem('chain/bad-certificate', { index: 'issuer', detail: failure.messages })]);
  }
  const outcome = await verifyIssuedBy(certificate, issuer);
  if (outcome !== 'valid') {
    const subject = certificate.info.subject.rfc4514;
    return unknown([
      outcome === 'unsupported'
        ? problem('chain/unsupported-algorithm', {
            subject,
            algorithm: certificate.info.signatureAlgorithm.name,
          })
        : problem('chain/bad-signature', { subject }),
    ]);
  }
  const signers = parseCertificateList(options.crlSigners ?? [], 'crlSigners', problems);
  const anchors = await anchorsAbove(issuer, signers);
  const settings = settingsFrom(options);
  const context = createContext({
    settings,
    crls: loadCrls(options.crls, options.maxCrlBytes),
    known: signers,
    anchors,
    validated: new Set(anchors.map((anchor) => anchor.id)),
  });
  const fromCrl = await determineStatus(certificate, context);
  const result = await combineWithOcsp(fromCrl, certificate, issuer, options.ocspResponses, settings);
  result.problems.unshift(...problems);
  return result;
}

export interface VerifyCrlOptions {
  crl: CrlInput;
  /** The CA whose CRL this should be. */
  issuer: Uint8Array | string;
  crlSigners?: Array<Uint8Array | string>;
  time?: Date;
  clockSkew?: number;
  maxAge?: number;
  maxCrlBytes?: number;
}

export interface VerifiedCrl {
  /** Absent when the CRL cannot be read at all. */
  crl?: CrlInfo;
  /** True when the signature, signer and dates allow using this CRL at `time`. */
  usable: boolean;
  problems: RevocationProblem[];
}

/**
 * Checks one CRL on its own: structure, signature by the issuer or an accepted CRL signer, critical
 * extensions and dates. Used before caching a downloaded CRL.
 */
export async function verifyCrl(options: VerifyCrlOptions): Promise<VerifiedCrl> {
  const problems: RevocationProblem[] = [];
  const [loaded] = loadCrls([options.crl], options.maxCrlBytes);
  if (!loaded?.info) {
    const detail = loaded?.error?.messages ?? '';
    return { usable: false, problems: [problem('revocation/crl-unreadable', { index: 1, detail })] };
  }
  let issuer: PathCertificate;
  try {
    issuer = toPathCertificate(options.issuer);
  } catch (error) {
    const failure = asShirushiError(error, 'certificate/not-a-certificate');
    problems.push(problem('chain/bad-certificate', { index: 'issuer', detail: failure.messages }));
    return { crl: loaded.info, usable: false, problems };
  }
  const settings = settingsFrom(options);
  const unusable = unusableBecause(loaded.info, settings);
  if (unusable) return { crl: loaded.info, usable: false, problems: [...problems, problem(...unusable)] };
  const signers = parseCertificateList(options.crlSigners ?? [], 'crlSigners', problems);
  const anchors = await anchorsAbove(issuer, signers);
  const context = createContext({
    settings,
    crls: [loaded],
    known: signers,
    anchors,
    validated: new Set(anchors.map((anchor) => anchor.id)),
  });
  const refused = await authenticate(loaded.info, 0, undefined, context, 0, new Set());
  if (refused) problems.push(problem(...refused));
  return { crl: loaded.info, usable: !refused, problems };
}

export { parseCrl };
