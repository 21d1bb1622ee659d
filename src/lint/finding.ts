import type { LintFinding, LintSeverity } from '../csr/types.js';
import { localize, type ErrorCode, type MessageParams } from '../i18n/strings.js';

/** Builds one finding with its Japanese and English message. */
export function finding(
  code: ErrorCode,
  severity: LintSeverity,
  field?: string,
  params: MessageParams = {},
): LintFinding {
  return {
    code,
    severity,
    ...(field !== undefined && { field }),
    message: localize(code, params),
    ...(Object.keys(params).length > 0 && { params }),
  };
}

/** True when the text holds anything beyond ASCII. */
export function hasNonAscii(text: string): boolean {
  return Array.from(text).some((char) => char.codePointAt(0)! > 0x7f);
}
