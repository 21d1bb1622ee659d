// A throwaway P-256 CA made by openssl for one test file, issuing certificates for CSRs (tests that put
// keys on the emulated token and need the certificate the CA would send back).
import { expect } from '@esm-bundle/chai';
import { createCsr } from '../../src/csr/build.js';
import type { TokenKey } from '../../src/csr/types.js';
import { openssl } from '../harness/openssl.js';

const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export class TestCa {
  private made: Promise<{ pem: Uint8Array; key: Uint8Array }> | undefined;

  constructor(private readonly commonName: string) {}

  private ca(): Promise<{ pem: Uint8Array; key: Uint8Array }> {
    this.made ??= (async () => {
      const made = await openssl(
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
          '-keyout',
          'out:ca.key',
          '-out',
          'out:ca.pem',
          '-subj',
          `/CN=${this.commonName}`,
          '-days',
          '2',
        ]),
      );
      expect(made.code, made.stderr).to.equal(0);
      return { pem: fromBase64(made.files['ca.pem']!), key: fromBase64(made.files['ca.key']!) };
    })();
    return this.made;
  }

  /** The DER certificate this CA issues for `csrPem`, valid for a day. */
  async issue(csrPem: string, serial: number): Promise<Uint8Array> {
    const { pem, key } = await this.ca();
    const issued = await openssl(
      [
        'x509',
        '-req',
        '-in',
        'req.pem',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-set_serial',
        String(serial),
      ].concat(['-days', '1', '-outform', 'DER', '-out', 'out:cert.der']),
      { files: { 'req.pem': csrPem, 'ca.pem': pem, 'ca.key': key } },
    );
    expect(issued.code, issued.stderr).to.equal(0);
    return fromBase64(issued.files['cert.der']!);
  }
}

/** A CSR for `name` (as CN and the only DNS name) signed with `keys`. */
export const csrFor = async (keys: TokenKey | CryptoKeyPair, name: string): Promise<string> =>
  (await createCsr({ keys, subject: { commonName: name }, dnsNames: [name] })).pem;
