// Typed wrappers for the `acme` server command (test/harness/pebble.mjs): a real pebble ACME server and
// its challenge answerer, started on loopback for the run.
import { executeServerCommand } from '@web/test-runner-commands';

export interface AcmeTestServer {
  /** https://127.0.0.1:<port>/dir; the test browsers trust its TLS certificate for the run. */
  directoryUrl: string;
  /** External Account Binding keys pebble accepts (it refuses accounts without one). */
  eab: { kid: string; macKey: string }[];
  /** On pebble's block list: orders for it are refused with rejectedIdentifier. */
  blockedDomain: string;
}

async function acme<T>(payload: Record<string, unknown>): Promise<T> {
  const result = await executeServerCommand<T, Record<string, unknown>>('acme', payload);
  if (result === undefined) throw new Error('the acme server command is not registered');
  return result;
}

let server: Promise<AcmeTestServer> | undefined;

/** Starts pebble on first use (once per test run) and describes it. */
export function acmeServer(): Promise<AcmeTestServer> {
  server ??= acme<AcmeTestServer>({ action: 'server' });
  return server;
}

let counter = 0;
/** A name no other test in this run uses (every name resolves to 127.0.0.1 in pebble's DNS). */
export function uniqueDomain(prefix = 'www'): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36);
  return `${prefix}-${random}${(counter++).toString(36)}.acme.test`;
}

/** challtestsrv answers http://<any name>/.well-known/acme-challenge/<token> with `content`. */
export async function acmeHttp01(token: string, content: string): Promise<void> {
  await acme({ action: 'http-01', token, content });
}

/** challtestsrv's DNS answers TXT `name` (e.g. `_acme-challenge.www.example.acme.test`) with `value`. */
export async function acmeDns01(name: string, value: string): Promise<void> {
  await acme({ action: 'dns-01', name, value });
}

export async function acmeClearChallenge(what: { token?: string; name?: string }): Promise<void> {
  await acme({ action: 'clear', ...what });
}

/** Pebble's CA certificates, PEM: `[0]` for the default chain, then the alternates. */
export function acmeRoots(): Promise<{ roots: string[]; intermediates: string[] }> {
  return acme({ action: 'roots' });
}

/** What pebble recorded for a certificate serial (hex): `Valid`, `Revoked` (with the reason) or `Unknown`. */
export function acmeCertificateStatus(
  serial: string,
): Promise<{ status: 'Valid' | 'Revoked' | 'Unknown'; reason?: number; revokedAt?: string }> {
  return acme({ action: 'status', serial });
}
