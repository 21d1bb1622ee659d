import { executeServerCommand } from '@web/test-runner-commands';

/** What the `openssl` server command returns (see test/harness/commands.mjs). */
export interface OpensslResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBase64: string;
  /** Files named in args as `out:<name>`, base64. */
  files: Record<string, string>;
}

export interface OpensslOptions {
  stdin?: Uint8Array | string;
  /** Written into openssl's working directory before it runs; strings are written as UTF-8. */
  files?: Record<string, Uint8Array | string>;
}

/**
 * Runs openssl on the test server, e.g. to check bytes the browser produced:
 * `await openssl(['x509', '-in', 'c.der', '-inform', 'DER', '-noout', '-subject'], { files: { 'c.der': der } })`.
 * Resolves with openssl's exit code rather than throwing when it fails.
 */
export function openssl(args: string[], options: OpensslOptions = {}): Promise<OpensslResult> {
  const files = Object.fromEntries(
    Object.entries(options.files ?? {}).map(([name, data]) => [name, toBase64(data)]),
  );
  const payload = { args, files, ...(options.stdin !== undefined && { stdin: toBase64(options.stdin) }) };
  return executeServerCommand<OpensslResult, typeof payload>('openssl', payload).then((result) => {
    if (!result) throw new Error('the openssl server command returned nothing');
    return result;
  });
}

function toBase64(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
