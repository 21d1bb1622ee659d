import { refusedWeakSignature, type WeakAlgorithmPolicy } from '../crypto/weak.js';
import { readEntry, type CrlEntry, type EntryTarget } from '../crl/entries.js';
import { CRL_EXTENSIONS } from '../crl/parse.js';
import type { CrlInfo } from '../crl/types.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { localize, type ErrorCode, type MessageParams } from '../i18n/strings.js';
import { ALL_REASONS, reasonNames } from '../names/general-name-keys.js';
import type { DistributionPointRef, PathCertificate } from '../x509/path-certificate.js';
import { lookup, startCrlVerification, structureOf, verifyCrlWith, type LoadedCrl } from './crl-store.js';
import type { CrlSummary, RevocationProblem, RevocationResult } from './types.js';

export interface EngineSettings {
  time: Date;
  clockSkewMs: number;
  maxAgeMs?: number;
  /** Which weak algorithms CRLs, OCSP responses and their signers' paths may use (default: none). */
  weak: WeakAlgorithmPolicy;
}

/**
 * How the engine trusts a CRL signer: path validation to the same trust anchor, and the signer's own
 * revocation status. Returns a problem code, or undefined when the signer is acceptable.
 */
export type SignerValidator = (
  signer: PathCertificate,
  depth: number,
  inProgress: ReadonlySet<string>,
) => Promise<ErrorCode | undefined>;

export interface EngineContext {
  settings: EngineSettings;
  crls: LoadedCrl[];
  /** Certificates whose subject is this name key: the possible signers of a CRL from that issuer. */
  certificatesNamed(nameKey: string): PathCertificate[];
  validateSigner: SignerValidator;
}

export function problem(code: ErrorCode, params: MessageParams = {}): RevocationProblem {
  const result: RevocationProblem = { code, message: localize(code, params) };
  if (Object.keys(params).length > 0) result.params = params;
  return result;
}

/** Collects problems once each (the same CRL is often looked at for several distribution points). */
class Problems {
  readonly list: RevocationProblem[] = [];
  private readonly seen = new Set<string>();

  add(code: ErrorCode, params: MessageParams = {}): void {
    const key = `${code}|${JSON.stringify(params)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(problem(code, params));
  }
}

const iso = (date: Date) => date.toISOString();

function summary(crl: CrlInfo, url: string | undefined): CrlSummary {
  const result: CrlSummary = { issuer: crl.issuer.rfc4514, thisUpdate: crl.thisUpdate };
  if (crl.number !== undefined) result.number = crl.number.toString();
  if (crl.nextUpdate) result.nextUpdate = crl.nextUpdate;
  if (url !== undefined) result.url = url;
  return result;
}

/** RFC 5280 6.3.3 (b)(1): who may issue a CRL covering this certificate through this point. */
function issuerMatches(crl: CrlInfo, certificate: PathCertificate, point: DistributionPointRef): boolean {
  if (point.crlIssuer) {
    return (
      crl.issuingDistributionPoint?.indirectCRL === true &&
      point.crlIssuer.some((name) => name.key === `dn:${crl.issuerKey}`)
    );
  }
  return crl.issuerKey === certificate.issuerKey;
}

/** RFC 5280 6.3.3 (b)(2): the issuing distribution point's scope. */
function scopeMatches(crl: CrlInfo, certificate: PathCertificate, point: DistributionPointRef): boolean {
  const idp = crl.issuingDistributionPoint;
  if (!idp) return true;
  if (idp.names) {
    const theirs = point.names ?? point.crlIssuer;
    if (!theirs || !idp.names.some((name) => theirs.some((other) => other.key === name.key))) return false;
  }
  if (idp.onlyContainsUserCerts && certificate.isCa) return false;
  if (idp.onlyContainsCACerts && !certificate.isCa) return false;
  return !idp.onlyContainsAttributeCerts;
}

/** RFC 5280 6.3.3 (d). */
function interimReasons(crl: CrlInfo, point: DistributionPointRef): number {
  const fromCrl = crl.issuingDistributionPoint?.onlySomeReasons;
  const fromPoint = point.reasons;
  if (fromCrl !== undefined && fromPoint !== undefined) return fromCrl & fromPoint;
  return fromCrl ?? fromPoint ?? ALL_REASONS;
}

/** RFC 5280 6.3.3 (a) and section 5: the CRL's own validity at the validation time. */
export function unusableBecause(
  crl: CrlInfo,
  settings: EngineSettings,
): [ErrorCode, MessageParams] | undefined {
  const issuer = crl.issuer.rfc4514;
  if (crl.version === 1 && crl.extensions.length > 0)
    return ['revocation/crl-v1-with-extensions', { issuer }];
  if (crl.unknownCriticalExtension) {
    return ['revocation/crl-unknown-critical-extension', { issuer, oid: crl.unknownCriticalExtension }];
  }
  // RFC 5280 5.2.3: conforming issuers always include a non-critical cRLNumber. Without it a replayed older
  // CRL cannot be told from the current one, so such a CRL is not trusted to say "good".
  const number = crl.extensions.find((extension) => extension.oid === CRL_EXTENSIONS.cRLNumber);
  if (!number) return ['revocation/crl-no-number', { issuer }];
  if (number.critical) return ['revocation/crl-critical-number', { issuer }];
  const now = settings.time.getTime();
  if (crl.thisUpdate.getTime() > now + settings.clockSkewMs) {
    return ['revocation/crl-not-yet-valid', { issuer, thisUpdate: iso(crl.thisUpdate) }];
  }
  if (crl.nextUpdate && crl.nextUpdate.getTime() + settings.clockSkewMs < now) {
    return ['revocation/crl-expired', { issuer, nextUpdate: iso(crl.nextUpdate) }];
  }
  if (settings.maxAgeMs !== undefined && now - crl.thisUpdate.getTime() > settings.maxAgeMs) {
    return [
      'revocation/crl-too-old',
      { issuer, thisUpdate: iso(crl.thisUpdate), maxAge: settings.maxAgeMs / 1000 },
    ];
  }
  return undefined;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * RFC 5280 6.3.3 (f): the CRL's signature with a key we trust for CRLs from this issuer. The structural pass
 * over the revoked list runs while WebCrypto hashes, so a cold check costs about one hash of the CRL.
 */
export async function authenticate(
  crl: CrlInfo,
  index: number,
  target: EntryTarget | undefined,
  context: EngineContext,
  depth: number,
  inProgress: ReadonlySet<string>,
): Promise<[ErrorCode, MessageParams] | undefined> {
  const issuer = crl.issuer.rfc4514;
  const candidates = context
    .certificatesNamed(crl.issuerKey)
    .map((candidate) => ({
      candidate,
      rank:
        crl.authorityKeyIdentifier && candidate.info.subjectKeyIdentifier
          ? candidate.info.subjectKeyIdentifier === crl.authorityKeyIdentifier
            ? 0
            : 2
          : 1,
    }))
    .sort((a, b) => a.rank - b.rank)
    .map((item) => item.candidate);
  if (candidates.length === 0) return ['revocation/crl-no-signer', { issuer }];
  const weak = refusedWeakSignature(crl.signatureAlgorithm, context.settings.weak);
  if (weak !== undefined) return ['revocation/crl-weak-signature', { issuer, algorithm: weak }];

  // Hand the first candidate's check to WebCrypto before the pass over the revoked list, so the two overlap.
  const first = await startCrlVerification(crl, candidates[0]!);
  let structure: ReturnType<typeof structureOf> | undefined;
  let structureError: ShirushiError | undefined;
  try {
    structure = structureOf(crl, target);
  } catch (error) {
    structureError = error as ShirushiError;
  }
  await first.outcome;

  let badSignature = false;
  let unsupported = false;
  let signerProblem: ErrorCode | undefined;
  for (const candidate of candidates) {
    const outcome = await verifyCrlWith(crl, candidate);
    // A certificate whose key identifier differs from the CRL's authorityKeyIdentifier is a long shot: its
    // failure says nothing about the CRL (after a key rollover the right certificate is just missing).
    const keyNamed =
      !(crl.authorityKeyIdentifier && candidate.info.subjectKeyIdentifier) ||
      crl.authorityKeyIdentifier === candidate.info.subjectKeyIdentifier;
    if (outcome === 'unsupported' && keyNamed) unsupported = true;
    if (outcome === 'invalid' && keyNamed) badSignature = true;
    if (outcome !== 'valid') continue;
    if (structureError)
      return ['revocation/crl-unreadable', { index: index + 1, detail: structureError.messages }];
    const scan = structure!.scan;
    if (scan.unknownCriticalExtension) {
      return [
        'revocation/crl-unknown-critical-entry-extension',
        { issuer, oid: scan.unknownCriticalExtension },
      ];
    }
    if (crl.version === 1 && scan.hasEntryExtensions)
      return ['revocation/crl-v1-with-extensions', { issuer }];
    if (candidate.keyUsage && !candidate.keyUsage.has('cRLSign')) {
      signerProblem ??= 'revocation/crl-signer-not-allowed';
      continue;
    }
    const refused = await context.validateSigner(candidate, depth, inProgress);
    if (!refused) return undefined;
    signerProblem ??= refused;
  }
  if (signerProblem) return [signerProblem, { issuer }];
  if (badSignature) return ['revocation/crl-bad-signature', { issuer }];
  if (unsupported)
    return ['revocation/crl-unsupported-algorithm', { issuer, algorithm: crl.signatureAlgorithm.name }];
  return ['revocation/crl-no-signer', { issuer }];
}

interface Found {
  entry: CrlEntry;
  crl: CrlInfo;
  url: string | undefined;
}

/**
 * The revocation status of `certificate` by RFC 5280 section 6.3.3, over every CRL in the context: complete
 * and delta CRLs, distribution points and their reasons, indirect CRLs and separate CRL signers.
 */
export async function determineStatus(
  certificate: PathCertificate,
  context: EngineContext,
  depth = 0,
  outerInProgress: ReadonlySet<string> = new Set(),
): Promise<RevocationResult> {
  const inProgress = new Set(outerInProgress).add(certificate.id);
  const problems = new Problems();
  const usable = context.crls.filter((loaded) => {
    if (loaded.error) {
      const code =
        loaded.error.code === 'input/too-large' ? 'revocation/crl-too-large' : 'revocation/crl-unreadable';
      problems.add(code, {
        index: loaded.index + 1,
        detail: loaded.error.messages,
        ...loaded.error.params,
      });
    }
    return loaded.info !== undefined;
  });
  const byNewest = (a: LoadedCrl, b: LoadedCrl) =>
    b.info!.thisUpdate.getTime() - a.info!.thisUpdate.getTime();
  const completes = usable.filter((loaded) => loaded.info!.deltaBaseNumber === undefined).sort(byNewest);
  const deltas = usable.filter((loaded) => loaded.info!.deltaBaseNumber !== undefined);
  const target = { serial: certificate.serial, issuerKey: certificate.issuerKey };

  let reasonsMask = 0;
  let found: Found | undefined;
  let decidedBy: CrlSummary | undefined;

  const check = async (loaded: LoadedCrl) => {
    const crl = loaded.info!;
    const unusable = unusableBecause(crl, context.settings);
    if (unusable) {
      problems.add(...unusable);
      return false;
    }
    const refused = await authenticate(crl, loaded.index, target, context, depth, inProgress);
    if (refused) {
      problems.add(...refused);
      return false;
    }
    return true;
  };

  for (const point of certificate.distributionPoints ?? [{}]) {
    for (const loaded of completes) {
      if (reasonsMask === ALL_REASONS || found) break;
      const crl = loaded.info!;
      if (!issuerMatches(crl, certificate, point) || !scopeMatches(crl, certificate, point)) continue;
      const interim = interimReasons(crl, point);
      if ((interim & ~reasonsMask) === 0) continue;
      if (!(await check(loaded))) continue;

      // RFC 5280 6.3.3 (c): the newest delta CRL with the same issuer and scope whose base this CRL satisfies.
      let delta: LoadedCrl | undefined;
      const applicable = deltas
        .filter((candidate) => {
          const info = candidate.info!;
          if (info.issuerKey !== crl.issuerKey) return false;
          if (!sameBytes(info.issuingDistributionPoint?.der, crl.issuingDistributionPoint?.der)) return false;
          if (
            info.authorityKeyIdentifier &&
            crl.authorityKeyIdentifier &&
            info.authorityKeyIdentifier !== crl.authorityKeyIdentifier
          ) {
            return false;
          }
          if (crl.number === undefined || info.deltaBaseNumber! > crl.number) {
            problems.add('revocation/delta-not-applicable', { issuer: info.issuer.rfc4514 });
            return false;
          }
          return info.number === undefined || info.number > crl.number;
        })
        .sort((a, b) => Number((b.info!.number ?? 0n) - (a.info!.number ?? 0n)));
      for (const candidate of applicable) {
        if (await check(candidate)) {
          delta = candidate;
          break;
        }
      }

      // RFC 5280 6.3.3 (h)-(j): the delta speaks first; removeFromCRL there (or anywhere) means not revoked.
      let hit: Found | undefined;
      if (delta) {
        const offset = lookup(delta.info!, target);
        if (offset >= 0) hit = { entry: readEntry(delta.info!, offset), crl: delta.info!, url: delta.url };
      }
      if (!hit) {
        const offset = lookup(crl, target);
        if (offset >= 0) hit = { entry: readEntry(crl, offset), crl, url: loaded.url };
      }
      if (hit && hit.entry.reason !== 'removeFromCRL') found = hit;
      reasonsMask |= interim;
      if (!decidedBy || found) {
        decidedBy = summary(crl, loaded.url);
        if (delta) {
          const info = delta.info!;
          decidedBy.delta = { baseNumber: info.deltaBaseNumber!.toString(), thisUpdate: info.thisUpdate };
          if (info.number !== undefined) decidedBy.delta.number = info.number.toString();
          if (info.nextUpdate) decidedBy.delta.nextUpdate = info.nextUpdate;
          if (delta.url !== undefined) decidedBy.delta.url = delta.url;
        }
      }
    }
  }

  if (found) {
    const result: RevocationResult = {
      status: 'revoked',
      reason: found.entry.reason ?? 'unspecified',
      revocationDate: found.entry.revocationDate,
      problems: problems.list,
    };
    if (found.entry.invalidityDate) result.invalidityDate = found.entry.invalidityDate;
    if (decidedBy) result.crl = decidedBy;
    return result;
  }
  if (reasonsMask === ALL_REASONS) {
    const result: RevocationResult = { status: 'good', problems: problems.list };
    if (decidedBy) result.crl = decidedBy;
    return result;
  }
  if (reasonsMask !== 0) {
    problems.add('revocation/reasons-not-covered', {
      reasons: reasonNames(ALL_REASONS & ~reasonsMask).join(', '),
    });
  } else {
    if (completes.every((loaded) => loaded.info!.issuerKey !== certificate.issuerKey)) {
      const delta = deltas.find((loaded) => loaded.info!.issuerKey === certificate.issuerKey);
      if (delta) {
        problems.add('revocation/delta-without-base', {
          issuer: delta.info!.issuer.rfc4514,
          baseNumber: delta.info!.deltaBaseNumber!.toString(),
        });
      }
    }
    problems.add('revocation/no-crl');
  }
  // Nothing decided the status, so no CRL is named as having decided it.
  return { status: 'unknown', problems: problems.list };
}
