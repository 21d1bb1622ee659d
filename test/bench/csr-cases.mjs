// CSR studio rows: key generation and CSR building (excluding key generation), in node and Chromium.
// Each call is timed on its own (`prepare`), because RSA 4096 key generation takes a second or more.

const SUBJECT = {
  commonName: 'www.example.jp',
  organization: 'Shirushi KK',
  locality: 'Chiyoda-ku',
  stateOrProvince: 'Tokyo',
  country: 'JP',
};
const NAMES = ['www.example.jp', 'example.jp'];

function keyGenerationCase(label, spec) {
  return {
    name: `generateKeyPair ${label}`,
    group: 'CSR studio',
    async: true,
    setup({ shirushi }) {
      return {
        fn: () => shirushi.generateKeyPair(spec),
        prepare: () => undefined,
        check: (keys) => {
          if (!keys?.privateKey) throw new Error('no key pair');
        },
      };
    },
  };
}

function createCsrCase(label, spec) {
  return {
    name: `createCsr ${label} (key made beforehand)`,
    group: 'CSR studio',
    async: true,
    async setup({ shirushi }) {
      const keys = await shirushi.generateKeyPair(spec);
      return {
        fn: () => shirushi.createCsr({ keys, subject: SUBJECT, dnsNames: NAMES, profile: 'jprs-ov' }),
        prepare: () => undefined,
        check: (csr) => {
          if (csr?.info?.signatureValid !== true) throw new Error('the CSR signature did not verify');
        },
      };
    },
  };
}

export const csrCases = [
  keyGenerationCase('RSA 2048', { algorithm: 'RSA', size: 2048 }),
  keyGenerationCase('RSA 4096', { algorithm: 'RSA', size: 4096 }),
  keyGenerationCase('ECDSA P-256', { algorithm: 'ECDSA', curve: 'P-256' }),
  createCsrCase('ECDSA P-256', { algorithm: 'ECDSA', curve: 'P-256' }),
  createCsrCase('RSA 2048', { algorithm: 'RSA', size: 2048 }),
];
