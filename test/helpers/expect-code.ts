import { expect } from '@esm-bundle/chai';

export type CodedError = Error & {
  code?: string;
  params?: Record<string, unknown>;
  messages?: { ja: string; en: string };
};

/**
 * Awaits `promise` and requires it to reject with a ShirushiError of `code` whose message exists in both
 * languages; resolves with the error for further checks.
 */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<CodedError> {
  try {
    await promise;
  } catch (error) {
    const typed = error as CodedError;
    if (typed.code !== code)
      throw new Error(`expected ${code}, got ${typed.code ?? typed.name}: ${typed.message}`);
    expect(typed.messages?.ja).to.be.a('string').and.not.equal('');
    expect(typed.messages?.en).to.be.a('string').and.not.equal('');
    return typed;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}
