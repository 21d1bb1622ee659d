import {
  localize,
  type ErrorCode,
  type Locale,
  type LocalizedText,
  type MessageParams,
} from '../i18n/strings.js';

/**
 * The one error type shirushi throws for bad input. `code` is stable and safe to branch on;
 * `messages` holds the Japanese and English text; `message` is English so logs stay greppable.
 */
export class ShirushiError extends Error {
  readonly code: ErrorCode;
  readonly messages: LocalizedText;
  readonly params: MessageParams;

  constructor(code: ErrorCode, params: MessageParams = {}, options?: { cause?: unknown }) {
    const messages = localize(code, params);
    super(messages.en, options);
    this.name = 'ShirushiError';
    this.code = code;
    this.messages = messages;
    this.params = params;
  }

  /** The message in the given locale. */
  localized(locale: Locale): string {
    return this.messages[locale];
  }
}

export function isShirushiError(value: unknown): value is ShirushiError {
  return value instanceof ShirushiError;
}

/** Wraps anything thrown by a third-party parser so callers only ever see ShirushiError. */
export function asShirushiError(
  error: unknown,
  fallback: ErrorCode,
  params: MessageParams = {},
): ShirushiError {
  if (error instanceof ShirushiError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new ShirushiError(fallback, { detail, ...params }, { cause: error });
}
