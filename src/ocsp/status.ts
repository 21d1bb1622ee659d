/**
 * The revocation status of one certificate from OCSP responses (RFC 6960): the single response whose
 * CertID names the certificate, signed by its issuer or by a responder the issuer delegated to, and
 * current at the validation time. Anything short of that leaves the status `unknown`, with the reason.
 */
import { refusedWeakSignature, weakAlgorithmPolicy, type WeakAlgorithmPolicy } from '../crypto/weak.js';
import { CERTIFICATE_LIMITS, decodeDer } from '../asn1/der.js';
import { parseCertificate } from '../certificate/parse.js';
import { verifySignature, type VerifyOutcome } from '../crypto/verify.js';
import { bytesToHex } from '../encoding/hex.js';
import { asShirushiError, ShirushiError } from '../errors/shirushi-error.js';
import { sha1 } from '../hash/sha.js';
import type { ErrorCode, LocalizedText, MessageParams } from '../i18n/strings.js';
import { readName } from '../names/dn.js';
import { nameKey } from '../names/compare.js';
import type { PathCertificate } from '../x509/path-certificate.js';
import { problem, type EngineSettings } from '../revocation/engine.js';
import type { OcspResponseInput, RevocationProblem, RevocationResult } from '../revocation/types.js';
import { certIdFor, fieldsOf, sameBytes, type CertificateFields } from './cert-id.js';
import { parseOcspResponse } from './parse.js';
import type {
  BasicOcspResponse,
  OcspCertId,
  OcspResponderId,
  OcspResponse,
  OcspSingleResponse,
} from './types.js';

const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const OCSP_NOCHECK = '1.3.6.1.5.5.7.48.1.5';
/** Extensions a response may mark critical that change nothing for a status check: the nonce. */
const UNDERSTOOD_EXTENSIONS = new Set(['1.3.6.1.5.5.7.48.1.2']);

const STATUS_CODES: Record<string, ErrorCode> = {
  malformedRequest: 'ocsp/response-malformed-request',
  internalError: 'ocsp/response-internal-error',
  tryLater: 'ocsp/response-try-later',
  sigRequired: 'ocsp/response-sig-required',
  unauthorized: 'ocsp/response-unauthorized',
};

type Issue = [ErrorCode, MessageParams];
type SignerVerdict = { responder: string; notes: Issue[] } | { refused: Issue };

const parsed = new WeakMap<Uint8Array, OcspResponse | ShirushiError>();
/** Signature checks per response and issuer, so a response reused for several certificates is verified once. */
const verdicts = new WeakMap<BasicOcspResponse, Map<string, Promise<SignerVerdict>>>();

function parseOnce(der: Uint8Array): OcspResponse | ShirushiError {
  let result = der instanceof Uint8Array ? parsed.get(der) : undefined;
  if (!result) {
    try {
      result = parseOcspResponse(der);
    } catch (error) {
      result = asShirushiError(error, 'ocsp/malformed');
    }
    if (der instanceof Uint8Array) parsed.set(der, result);
  }
  return result;
}

function describeResponderId(id: OcspResponderId): string {
  if ('byKey' in id) return `key SHA-1 ${bytesToHex(id.byKey)}`;
  try {
    return readName(decodeDer(id.byName, CERTIFICATE_LIMITS), 'responderID').rfc4514;
  } catch {
    return 'an unreadable name';
  }
}

function identifies(id: OcspResponderId, certificate: CertificateFields): boolean {
  if ('byKey' in id) return sameBytes(id.byKey, sha1(certificate.publicKey));
  try {
    return nameKey(id.byName) === certificate.subjectKey;
  } catch {
    return false;
  }
}

function signatureIssue(outcome: VerifyOutcome, basic: BasicOcspResponse, responder: string): Issue {
  return outcome === 'unsupported'
    ? ['ocsp/unsupported-algorithm', { algorithm: basic.signatureAlgorithm.oid }]
    : ['ocsp/bad-signature', { responder }];
}

/** RFC 6960 section 4.2.2.2: the issuer itself, or a certificate it issued directly for OCSP signing. */
async function checkSigner(
  basic: BasicOcspResponse,
  issuer: PathCertificate,
  settings: EngineSettings,
): Promise<SignerVerdict> {
  const { tbsResponseData, signatureAlgorithm, signature, responderId } = basic;
  const weak = refusedWeakSignature(signatureAlgorithm, settings.weak);
  if (weak !== undefined) {
    return {
      refused: ['ocsp/weak-signature', { responder: describeResponderId(responderId), algorithm: weak }],
    };
  }
  const issuerFields = fieldsOf(issuer);
  if (identifies(responderId, issuerFields)) {
    const responder = issuer.info.subject.rfc4514;
    const outcome = await verifySignature(issuer.spki, signatureAlgorithm, tbsResponseData, signature);
    return outcome === 'valid'
      ? { responder, notes: [] }
      : { refused: signatureIssue(outcome, basic, responder) };
  }
  const named = describeResponderId(responderId);
  const candidates: CertificateFields[] = [];
  for (const der of basic.certs) {
    try {
      const fields = fieldsOf({ der });
      if (identifies(responderId, fields)) candidates.push(fields);
    } catch {
      // An unreadable extra certificate cannot be the signer; the signer check below reports the outcome.
    }
  }
  if (candidates.length === 0) {
    return refuse(named, {
      ja: '発行者も、応答に含まれる証明書も、この応答に署名していません',
      en: 'neither the issuer nor a certificate in the response signed it',
    });
  }
  // Several certificates may carry the responder's name (a renewed responder): any acceptable one will do.
  let verdict: SignerVerdict | undefined;
  for (const candidate of candidates) {
    verdict = await delegatedVerdict(candidate, basic, issuer, settings);
    if (!('refused' in verdict)) break;
  }
  return verdict!;
}

function refuse(responder: string, detail: LocalizedText): SignerVerdict {
  return { refused: ['ocsp/unauthorized-responder', { responder, detail }] };
}

/** RFC 6960 section 4.2.2.2 (3): a responder certificate issued directly by the issuer for OCSP signing. */
async function delegatedVerdict(
  candidate: CertificateFields,
  basic: BasicOcspResponse,
  issuer: PathCertificate,
  settings: EngineSettings,
): Promise<SignerVerdict> {
  let info;
  try {
    info = parseCertificate(candidate.der);
  } catch (error) {
    const detail = asShirushiError(error, 'certificate/not-a-certificate').messages;
    return refuse(describeResponderId(basic.responderId), detail);
  }
  const responder = info.subject.rfc4514;
  const issuerName = issuer.info.subject.rfc4514;
  if (candidate.issuerKey !== issuer.subjectKey)
    return refuse(responder, {
      ja: `その証明書は「${issuerName}」が発行したものではありません`,
      en: `its certificate is not issued by ${issuerName}`,
    });
  const weakCertificate = refusedWeakSignature(info.signatureAlgorithm, settings.weak);
  if (weakCertificate !== undefined) {
    return { refused: ['ocsp/weak-signature', { responder, algorithm: weakCertificate }] };
  }
  const issued = await verifySignature(
    issuer.spki,
    candidate.signatureAlgorithm,
    candidate.tbs,
    candidate.signature,
  );
  if (issued !== 'valid') {
    return refuse(responder, {
      ja: `その証明書の署名を「${issuerName}」の鍵で検証できません`,
      en: `its certificate is not signed by ${issuerName}`,
    });
  }
  if (!info.extendedKeyUsage?.some((usage) => usage.oid === OCSP_SIGNING)) {
    return refuse(responder, {
      ja: 'その証明書の拡張鍵用途に OCSP 署名（id-kp-OCSPSigning）がありません',
      en: 'its certificate lacks the extended key usage id-kp-OCSPSigning',
    });
  }
  const now = settings.time.getTime();
  const { notBefore, notAfter } = info.validity;
  if (notBefore.getTime() > now + settings.clockSkewMs || notAfter.getTime() + settings.clockSkewMs < now) {
    return refuse(responder, {
      ja: `その証明書は ${settings.time.toISOString()} の時点で有効期間外です`,
      en: `its certificate is not valid at ${settings.time.toISOString()}`,
    });
  }
  const { tbsResponseData, signatureAlgorithm, signature } = basic;
  const outcome = await verifySignature(candidate.spki, signatureAlgorithm, tbsResponseData, signature);
  if (outcome !== 'valid') return { refused: signatureIssue(outcome, basic, responder) };
  const nocheck = info.extensions.some((extension) => extension.oid === OCSP_NOCHECK);
  return { responder, notes: nocheck ? [] : [['ocsp/responder-not-checked', { responder }]] };
}

function signerVerdict(
  basic: BasicOcspResponse,
  issuer: PathCertificate,
  settings: EngineSettings,
): Promise<SignerVerdict> {
  let byIssuer = verdicts.get(basic);
  if (!byIssuer) verdicts.set(basic, (byIssuer = new Map()));
  // The responder certificate's validity depends on the time, so it is part of the key.
  const key = `${issuer.id}|${settings.time.getTime()}|${settings.clockSkewMs}`;
  let verdict = byIssuer.get(key);
  if (!verdict) byIssuer.set(key, (verdict = checkSigner(basic, issuer, settings)));
  return verdict;
}

/** Whether a single response's CertID names `target`; the expected CertIDs are computed once per hash. */
function coverage(target: CertificateFields, issuer: CertificateFields) {
  const expected = new Map<string, OcspCertId | undefined>();
  return (single: OcspSingleResponse): boolean => {
    const algorithm = single.certId.hashAlgorithm;
    if (!expected.has(algorithm)) expected.set(algorithm, certIdFor(target, issuer, algorithm));
    const id = expected.get(algorithm);
    return (
      id !== undefined &&
      sameBytes(single.certId.serial, id.serial) &&
      sameBytes(single.certId.issuerNameHash, id.issuerNameHash) &&
      sameBytes(single.certId.issuerKeyHash, id.issuerKeyHash)
    );
  };
}

const iso = (date: Date) => date.toISOString();

/** Why a covering single response cannot be used at the validation time, if it cannot. */
function unusableBecause(
  single: OcspSingleResponse,
  basic: BasicOcspResponse,
  settings: EngineSettings,
): Issue | undefined {
  const critical = [...basic.extensions, ...single.extensions].find(
    (extension) => extension.critical && !UNDERSTOOD_EXTENSIONS.has(extension.oid),
  );
  if (critical) return ['ocsp/unknown-critical-extension', { oid: critical.oid }];
  const now = settings.time.getTime();
  if (single.thisUpdate.getTime() > now + settings.clockSkewMs) {
    return ['ocsp/not-yet-valid', { thisUpdate: iso(single.thisUpdate) }];
  }
  if (single.nextUpdate && single.nextUpdate.getTime() + settings.clockSkewMs < now) {
    return ['ocsp/stale', { nextUpdate: iso(single.nextUpdate) }];
  }
  if (settings.maxAgeMs !== undefined && now - single.thisUpdate.getTime() > settings.maxAgeMs) {
    return ['ocsp/too-old', { thisUpdate: iso(single.thisUpdate), maxAge: settings.maxAgeMs / 1000 }];
  }
  return undefined;
}

interface Usable {
  single: OcspSingleResponse;
  basic: BasicOcspResponse;
  responder: string;
  notes: Issue[];
  url?: string;
}

function toResult(chosen: Usable, subject: string, problems: RevocationProblem[]): RevocationResult {
  const { single, basic } = chosen;
  const result: RevocationResult = {
    status: single.status,
    ocsp: { producedAt: basic.producedAt, thisUpdate: single.thisUpdate, responder: chosen.responder },
    problems: [...chosen.notes.map((note) => problem(...note)), ...problems],
  };
  if (single.nextUpdate) result.ocsp!.nextUpdate = single.nextUpdate;
  if (chosen.url !== undefined) result.ocsp!.url = chosen.url;
  if (single.status === 'revoked') {
    result.reason = single.reason ?? 'unspecified';
    if (single.revocationTime) result.revocationDate = single.revocationTime;
  } else if (single.status === 'unknown') {
    result.problems.unshift(problem('ocsp/unknown-certificate', { subject }));
  }
  return result;
}

export interface OcspSettings {
  time: Date;
  clockSkewMs: number;
  maxAgeMs?: number;
  /** Weak algorithms the response and its signer may use; default: none (see `verifyChain`'s option). */
  weak?: WeakAlgorithmPolicy;
}

/**
 * The status `responses` give `target`, whose issuer is `issuer`; undefined when none of them is about
 * `target` and none was unreadable. A definite answer (`good`, `revoked`) needs a response signed by the
 * issuer or its delegated OCSP responder and current at `settings.time`; otherwise the status is `unknown`
 * and `problems` say why. Revoked wins over good when several responses cover the certificate.
 */
export async function ocspStatus(
  target: PathCertificate,
  issuer: PathCertificate,
  responses: readonly OcspResponseInput[],
  options: OcspSettings,
): Promise<RevocationResult | undefined> {
  const settings: EngineSettings = { ...options, weak: options.weak ?? weakAlgorithmPolicy(undefined) };
  const problems: RevocationProblem[] = [];
  const seen = new Set<string>();
  const note = (code: ErrorCode, params: MessageParams = {}) => {
    const key = `${code}|${JSON.stringify(params)}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem(code, params));
  };
  const covers = coverage(fieldsOf(target), fieldsOf(issuer));
  const usable: Usable[] = [];
  let covered = false;
  for (const input of responses) {
    const der = input instanceof Uint8Array ? input : input?.der;
    const url = input instanceof Uint8Array ? undefined : input?.url;
    const response = parseOnce(der);
    if (response instanceof ShirushiError) {
      note(response.code, response.params);
      continue;
    }
    if (!response.basic) {
      note(STATUS_CODES[response.status] ?? 'ocsp/malformed', { detail: response.status });
      continue;
    }
    const basic = response.basic;
    const matches = basic.responses.filter(covers);
    if (matches.length === 0) continue;
    covered = true;
    const verdict = await signerVerdict(basic, issuer, settings);
    if ('refused' in verdict) {
      note(...verdict.refused);
      continue;
    }
    for (const single of matches) {
      const unusable = unusableBecause(single, basic, settings);
      if (unusable) note(...unusable);
      else
        usable.push({
          single,
          basic,
          responder: verdict.responder,
          notes: verdict.notes,
          ...(url !== undefined && { url }),
        });
    }
  }
  if (!covered && problems.length === 0) return undefined;
  const rank = (item: Usable) => ({ revoked: 2, good: 1, unknown: 0 })[item.single.status];
  usable.sort((a, b) => rank(b) - rank(a) || b.single.thisUpdate.getTime() - a.single.thisUpdate.getTime());
  const subject = target.info.subject.rfc4514;
  if (usable[0]) return toResult(usable[0], subject, problems);
  return { status: 'unknown', problems };
}

/**
 * The CRL result for a certificate combined with what OCSP says: a definite OCSP answer is used, else the
 * CRL result; revoked from either wins; when both are unknown, their problems are merged.
 */
export async function combineWithOcsp(
  fromCrl: RevocationResult,
  target: PathCertificate,
  issuer: PathCertificate,
  responses: readonly OcspResponseInput[] | undefined,
  settings: OcspSettings,
): Promise<RevocationResult> {
  if (!responses || responses.length === 0) return fromCrl;
  const fromOcsp = await ocspStatus(target, issuer, responses, settings);
  if (!fromOcsp || fromOcsp.status === 'revoked') return fromOcsp ?? fromCrl;
  if (fromCrl.status === 'revoked') return fromCrl;
  if (fromOcsp.status === 'good') return fromOcsp;
  if (fromCrl.status === 'good') return fromCrl;
  return {
    ...fromCrl,
    ...(fromOcsp.ocsp && { ocsp: fromOcsp.ocsp }),
    problems: [...fromOcsp.problems, ...fromCrl.problems],
  };
}
