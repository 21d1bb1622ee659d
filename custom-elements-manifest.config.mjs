/**
 * `npm run manifest` (cem analyze) writes custom-elements.json from the element modules' source and JSDoc.
 * Only the modules that define an element are scanned: string tables, styles, pages and the service worker
 * would otherwise show up in the manifest as if they were part of an element's API. A new element adds its
 * module here.
 */
export default {
  globs: [
    'widgets/acme/acme.ts',
    'widgets/certificate-viewer/certificate-viewer.ts',
    'widgets/csr/csr.ts',
    'widgets/keys/keys.ts',
    'widgets/seal/seal.ts',
    'widgets/vault/vault.ts',
    'widgets/verify/verification.ts',
    'widgets/shared/update-prompt.ts',
  ],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself ("customElements"); the analyzer would otherwise rewrite it on
  // every build, with whatever outdir the run used.
  packagejson: false,
};
