// Certificates made by openssl for one test: `openssl req -x509` with a config section of extensions, signed
// by itself or by an issuer made the same way (P-256 keys unless the caller asks for RSA).
import { expect } from '@esm-bundle/chai';
import { openssl } from '../harness/openssl.js';
import { fromBase64 } from './fixtures.js';

export interface Issued {
  /** PEM bytes of the certificate and of its unencrypted private key. */
  pem: Uint8Array;
  key: Uint8Array;
}

export interface IssueOptions {
  /** `rsa:2048` and the like; default P-256. */
  key?: string;
  /** Extra config sections the extensions refer to (`@polsect`). */
  extraSections?: string;
}

/** One certificate: `extensions` is the body of the config section used for it. */
export async function issue(
  commonName: string,
  extensions: string,
  issuer?: Issued,
  options: IssueOptions = {},
): Promise<Issued> {
  const config = `[req]\ndistinguished_name = dn\n[dn]\n[v3]\nsubjectKeyIdentifier = hash\n${
    issuer ? 'authorityKeyIdentifier = keyid\n' : ''
  }${extensions}\n${options.extraSections ?? ''}`;
  const newKey = options.key
    ? ['-newkey', options.key]
    : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  const args = ['req', '-x509', ...newKey, '-nodes'].concat(
    ['-keyout', 'out:k.pem', '-out', 'out:c.pem', '-subj', `/CN=${commonName}`, '-days', '2'],
    ['-config', 'x.cnf', '-extensions', 'v3', '-utf8'],
    issuer ? ['-CA', 'ca.pem', '-CAkey', 'ca.key'] : [],
  );
  const files: Record<string, Uint8Array | string> = { 'x.cnf': config };
  if (issuer) Object.assign(files, { 'ca.pem': issuer.pem, 'ca.key': issuer.key });
  const made = await openssl(args, { files });
  expect(made.code, made.stderr).to.equal(0);
  return { pem: fromBase64(made.files['c.pem']!), key: fromBase64(made.files['k.pem']!) };
}

export const CA_EXTENSIONS =
  'basicConstraints = critical, CA:true\nkeyUsage = critical, keyCertSign, cRLSign';
export const LEAF_EXTENSIONS = 'basicConstraints = critical, CA:false\nkeyUsage = critical, digitalSignature';
