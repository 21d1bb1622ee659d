// web-test-runner plugin: server-side commands for browser tests, called with
// `executeServerCommand(name, payload)` from '@web/test-runner-commands'.
// Typed wrappers for browser code: ./openssl.ts, test/helpers/fixtures.ts and test/helpers/crl-scenarios.ts.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOpenssl } from '../fixtures/openssl.mjs';
import { generateFixtures } from '../fixtures/generate.mjs';
import { generateCrlScenarios } from '../fixtures/crl-scenarios.mjs';

const SAFE_NAME = /^(?!\.{1,2}$)[\w.-]+$/;
const OUT_PREFIX = 'out:';

/**
 * `openssl` command: runs the openssl binary (no shell, 30 s timeout) in a fresh temp dir.
 *
 * Payload: `{ args: string[], stdin?: base64, files?: { [name]: base64 } }`.
 * - `files` are written into the temp dir before the run; refer to them in `args` by bare name.
 * - An argument written as `out:<name>` is passed to openssl as `<name>`, and that file, if openssl
 *   created it, is returned in `files` (base64). Example: `['x509', '-in', 'c.pem', '-outform', 'DER',
 *   '-out', 'out:c.der']` returns `files['c.der']`.
 * - File names are bare names (letters, digits, `_`, `.`, `-`); anything else is rejected.
 *
 * Result: `{ code, stdout, stderr, stdoutBase64, files }`: stdout decoded as UTF-8 and also raw as
 * base64 (for DER output); `code` is openssl's exit status (a failing openssl does not throw).
 *
 * @param {{ args: string[], stdin?: string, files?: Record<string, string> }} payload
 */
export async function runOpensslCommand(payload) {
  const { args, stdin, files = {} } = payload ?? {};
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
    throw new Error('openssl command: payload.args must be an array of strings');
  }
  for (const name of Object.keys(files)) checkName(name);
  const outputs = [];
  const argv = args.map((arg) => {
    if (!arg.startsWith(OUT_PREFIX)) return arg;
    const name = checkName(arg.slice(OUT_PREFIX.length));
    outputs.push(name);
    return name;
  });

  const dir = await mkdtemp(join(tmpdir(), 'shirushi-openssl-'));
  try {
    await Promise.all(
      Object.entries(files).map(([name, b64]) => writeFile(join(dir, name), Buffer.from(b64, 'base64'))),
    );
    const input = stdin === undefined ? undefined : Buffer.from(stdin, 'base64');
    const result = await runOpenssl(argv, { cwd: dir, input });
    const produced = {};
    for (const name of outputs) {
      const data = await readFile(join(dir, name)).catch(() => null);
      if (data) produced[name] = data.toString('base64');
    }
    return {
      code: result.code,
      stdout: result.stdout.toString('utf8'),
      stderr: result.stderr,
      stdoutBase64: result.stdout.toString('base64'),
      files: produced,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function checkName(name) {
  if (!SAFE_NAME.test(name)) throw new Error(`openssl command: invalid file name ${JSON.stringify(name)}`);
  return name;
}

/**
 * Registers the `openssl`, `fixtures` and `crlScenarios` commands. `fixtures` takes no payload and returns
 * the object from test/fixtures/generate.mjs (generated once per process, or read from
 * SHIRUSHI_FIXTURES_JSON when test/run.mjs already generated it). `crlScenarios` takes no payload and
 * returns the object from test/fixtures/crl-scenarios.mjs (generated on first use, once per process).
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function shirushiCommandsPlugin() {
  return {
    name: 'shirushi-commands',
    serverStart() {
      // Start generating while the first browser boots; a failure resurfaces on the first `fixtures` call.
      generateFixtures().catch(() => {});
    },
    async executeCommand({ command, payload }) {
      if (command === 'openssl') return runOpensslCommand(payload);
      if (command === 'fixtures') return generateFixtures();
      if (command === 'crlScenarios') return generateCrlScenarios();
      return undefined;
    },
  };
}
