/** ACME problem documents (RFC 8555 6.7, RFC 7807) as `AcmeError`s with codes `acme/<type>`. */
import type { LintFinding } from '../csr/types.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { localize, type ErrorCode, type MessageParams } from '../i18n/strings.js';
import { formatJst } from '../lifecycle/jst.js';
import { lintCsr } from '../lint/index.js';

export interface AcmeProblem {
  type: string;
  detail?: string;
  status?: number;
  subproblems?: AcmeProblem[];
  identifier?: { type: string; value: string };
}

export const ACME_ERROR_PREFIX = 'urn:ietf:params:acme:error:';

/** The RFC 8555 error types that have their own message; anything else is `acme/server-problem`. */
const KNOWN_TYPES = [
  'accountDoesNotExist',
  'alreadyRevoked',
  'badCSR',
  'badNonce',
  'badPublicKey',
  'badRevocationReason',
  'badSignatureAlgorithm',
  'caa',
  'compound',
  'connection',
  'dns',
  'externalAccountRequired',
  'incorrectResponse',
  'invalidContact',
  'malformed',
  'orderNotReady',
  'rateLimited',
  'rejectedIdentifier',
  'serverInternal',
  'tls',
  'unauthorized',
  'unsupportedContact',
  'unsupportedIdentifier',
  'userActionRequired',
  'agreementRequired',
] as const;

/** Server text is shown to the user; a hostile or broken server should not fill the screen. */
const MAX_DETAIL = 500;

export interface AcmeErrorExtras {
  problem?: AcmeProblem;
  findings?: LintFinding[];
  retryAfter?: Date;
  cause?: unknown;
}

/** A ShirushiError with what the ACME server said: its problem document, lint findings, when to retry. */
export class AcmeError extends ShirushiError {
  readonly problem?: AcmeProblem;
  readonly findings?: LintFinding[];
  readonly retryAfter?: Date;

  constructor(code: ErrorCode, params: MessageParams = {}, extras: AcmeErrorExtras = {}) {
    super(code, params, extras.cause === undefined ? undefined : { cause: extras.cause });
    this.name = 'AcmeError';
    if (extras.problem) this.problem = extras.problem;
    if (extras.findings) this.findings = extras.findings;
    if (extras.retryAfter) this.retryAfter = extras.retryAfter;
  }
}

export function isAcmeError(value: unknown): value is AcmeError {
  return value instanceof AcmeError;
}

/** The short name of an ACME error type (`badNonce`), or undefined for types outside the ACME namespace. */
export function problemType(problem: AcmeProblem | undefined): string | undefined {
  const type = problem?.type;
  return type?.startsWith(ACME_ERROR_PREFIX) ? type.slice(ACME_ERROR_PREFIX.length) : undefined;
}

/** `acme/<type>` for the RFC 8555 types, `acme/server-problem` for anything else. */
export function problemCode(problem: AcmeProblem): ErrorCode {
  const short = problemType(problem);
  return short !== undefined && (KNOWN_TYPES as readonly string[]).includes(short)
    ? (`acme/${short}` as ErrorCode)
    : 'acme/server-problem';
}

function clip(text: string): string {
  const flat = text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat;
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a problem document, keeping only well-typed members; undefined when it is none. */
export function readProblem(json: unknown, status?: number, depth = 0): AcmeProblem | undefined {
  if (!isRecord(json) || typeof json.type !== 'string') return undefined;
  const problem: AcmeProblem = { type: clip(json.type) };
  if (typeof json.detail === 'string') problem.detail = clip(json.detail);
  if (typeof json.status === 'number') problem.status = json.status;
  else if (status !== undefined) problem.status = status;
  const identifier = json.identifier;
  if (isRecord(identifier) && typeof identifier.type === 'string' && typeof identifier.value === 'string') {
    problem.identifier = { type: identifier.type, value: clip(identifier.value) };
  }
  if (Array.isArray(json.subproblems) && depth < 2) {
    problem.subproblems = json.subproblems
      .slice(0, 20)
      .map((sub) => readProblem(sub, undefined, depth + 1))
      .filter((sub): sub is AcmeProblem => sub !== undefined);
  }
  return problem;
}

/** The server's explanation, with the subproblems' (which name failed and why) appended. */
export function problemDetail(problem: AcmeProblem): string {
  const parts = [problem.detail ?? problemType(problem) ?? problem.type];
  for (const sub of problem.subproblems ?? []) {
    const who = sub.identifier ? `${sub.identifier.value}: ` : '';
    parts.push(`${who}${sub.detail ?? problemType(sub) ?? sub.type}`);
  }
  return clip(parts.join('; '));
}

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `retryJa` / `retryEn` for the rateLimited message: when to try again, in each language's time zone. */
export function retryParams(retryAfter: Date | undefined): MessageParams {
  if (!retryAfter) {
    const later = localize('acme/retry-later');
    return { retryJa: later.ja, retryEn: later.en };
  }
  return {
    retryJa: localize('acme/retry-after', { time: formatJst(retryAfter) }).ja,
    retryEn: localize('acme/retry-after', { time: formatUtc(retryAfter) }).en,
  };
}

/** The lint findings (errors and warnings) that explain a refused CSR, in the shape `lintCsr` gives. */
export function csrFindings(csr: Uint8Array | undefined): LintFinding[] {
  if (!csr) return [];
  try {
    return lintCsr(csr, 'acme').filter((item) => item.severity !== 'notice');
  } catch {
    return [];
  }
}

/** The badCSR message names the first finding, so a plain message already says which rule. */
export function findingParams(findings: readonly LintFinding[]): MessageParams {
  const first = findings[0];
  return { findingJa: first?.message.ja ?? '', findingEn: first?.message.en ?? '' };
}

/**
 * The AcmeError for a problem document. A compound problem whose subproblems all have one type (say,
 * every name rejected) takes that type's code, since that is what the user has to act on.
 */
export function problemError(
  problem: AcmeProblem,
  o: { retryAfter?: Date; csr?: Uint8Array; findings?: LintFinding[] } = {},
): AcmeError {
  let code = problemCode(problem);
  const subTypes = new Set((problem.subproblems ?? []).map((sub) => sub.type));
  if ((code === 'acme/compound' || code === 'acme/malformed') && subTypes.size === 1) {
    const only = problemCode(problem.subproblems![0]!);
    if (only !== 'acme/server-problem') code = only;
  }
  const params: MessageParams = { detail: problemDetail(problem), type: problem.type };
  const extras: AcmeErrorExtras = { problem };
  if (code === 'acme/rateLimited') {
    Object.assign(params, retryParams(o.retryAfter));
    if (o.retryAfter) extras.retryAfter = o.retryAfter;
  }
  if (code === 'acme/badCSR') {
    const findings = o.findings ?? csrFindings(o.csr);
    Object.assign(params, findingParams(findings));
    extras.findings = findings;
  }
  return new AcmeError(code, params, extras);
}
