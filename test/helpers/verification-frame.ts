// The body of public/verify.html (one <shirushi-verification> in <main>, no page styles) showing the verdict
// for a seal id the provider in `?base=` does not have, seen from the page in `?referrer=`: a frame of any
// width shows what a visitor's phone would (test/journeys.test.ts). <html data-ready> once rendered.
import { evaluateSeal, loadSeal } from '../../src/seal/verify.js';
import '../../widgets/verify/verification.js';

const query = new URLSearchParams(location.search);
const element = document.querySelector('shirushi-verification')!;
element.lang = query.get('lang') ?? 'ja';
const loaded = await loadSeal({
  id: 'ab'.repeat(32),
  base: new URL(query.get('base') ?? '/none/', location.href),
});
element.verdict = await evaluateSeal(
  { ...loaded, referrer: query.get('referrer') ?? '' },
  { now: new Date() },
);
await element.updateComplete;
document.documentElement.dataset['ready'] = element.getAttribute('state') ?? '';
