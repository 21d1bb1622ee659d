/** `npm run manifest` (cem analyze) writes custom-elements.json from the widgets' source and JSDoc. */
export default {
  globs: ['widgets/**/*.ts'],
  exclude: ['**/*.test.ts', '**/*.spec.ts', 'widgets/**/styles.ts'],
  outdir: '.',
  litelement: true,
};
