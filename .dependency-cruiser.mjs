/**
 * Import rules for src/ and widgets/ (issue 17, step 2), checked by `npm run lint`. The layer picture and
 * the reasons behind it are in src/README.md. A lower layer never imports a higher one, and nothing
 * imports in a circle; fix a violation by moving code to the layer it belongs to, not by adding an
 * exception here.
 */

/** Core layers, lowest first. Folders in one entry are one layer (they may import each other, without cycles). */
const layers = [
  { name: 'foundation', folders: ['encoding', 'asn1', 'errors', 'i18n', 'hash'] },
  { name: 'names', folders: ['names'] },
  { name: 'certificate', folders: ['x509', 'certificate', 'hostname'] },
  { name: 'crypto', folders: ['crypto'] },
  { name: 'crl', folders: ['crl'] },
  { name: 'revocation', folders: ['revocation'] },
  { name: 'ocsp', folders: ['ocsp'] },
  { name: 'path', folders: ['path'] },
  { name: 'net', folders: ['net'] },
  {
    name: 'features',
    folders: [
      'keys',
      'storage',
      'csr',
      'lint',
      'pkcs7',
      'pkcs12',
      'token',
      'lifecycle',
      'seal',
      'vault',
      'acme',
    ],
  },
];

const folderPattern = (folders) => `^src/(${folders.join('|')})/`;

const layerRules = layers.slice(0, -1).map((layer, index) => {
  const higher = layers.slice(index + 1).flatMap((upper) => upper.folders);
  return {
    name: `layer-${layer.name}`,
    severity: 'error',
    comment: `src/${layer.folders.join(', src/')} may not import a higher layer (${higher.join(', ')}): see src/README.md`,
    from: { path: folderPattern(layer.folders) },
    to: { path: folderPattern(higher) },
  };
});

const coreFolders = layers.flatMap((layer) => layer.folders);

export default {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment:
        'Modules that import each other, directly or through others, cannot be understood or loaded on their own',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'core-folder-known',
      severity: 'error',
      comment:
        'Every folder of src/ belongs to a layer: add a new one to `layers` in .dependency-cruiser.mjs and to src/README.md',
      from: { path: '^src/[^/]+/', pathNot: folderPattern(coreFolders) },
      to: {},
    },
    {
      name: 'core-not-entry',
      severity: 'error',
      comment:
        'src/index.ts is the public entry point; code inside src/ imports the module it needs directly',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'core-no-widgets',
      severity: 'error',
      comment: 'The core is DOM-free and knows nothing of the elements built on it',
      from: { path: '^src/' },
      to: { path: '^(widgets|demo)/' },
    },
    {
      name: 'element-not-another-element',
      severity: 'error',
      comment:
        'An element folder uses widgets/shared/ and src/, never another element’s folder: loading one element must not define another',
      from: { path: '^widgets/([^/]+)/', pathNot: '^widgets/shared/' },
      to: { path: '^widgets/[^/]+/', pathNot: ['^widgets/$1/', '^widgets/shared/'] },
    },
    {
      name: 'shared-not-element',
      severity: 'error',
      comment: 'widgets/shared/ is below every element folder',
      from: { path: '^widgets/shared/' },
      to: { path: '^widgets/[^/]+/', pathNot: '^widgets/shared/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    // Type-only imports count: a type from a higher layer ties the lower one to it just the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
