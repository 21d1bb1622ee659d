/**
 * Site owner demo: the embed snippet and one live `<shirushi-seal>` per state. The provider data (records,
 * status files, CRLs, a DEMO trust anchor) is made by the dev server (seal-demo-plugin.ts) and listed in
 * /seal-demo.json; this page is the provider's site too, so the seal's provider base is the server root.
 * Elements are made with DOM calls only (the page runs under `require-trusted-types-for 'script'`).
 */
import { embedSnippet, type SealBrand, type SealSize } from '../src/seal/record.js';
import { ShirushiSeal, type SealStateEventDetail } from '../widgets/seal/seal.js';

interface DemoSeal {
  name: string;
  id: string;
  brand: SealBrand;
  size: SealSize;
}

const BRAND_NAMES: Record<SealBrand, string> = { secom: 'SECOM', jprs: 'JPRS', generic: 'shirushi' };

/** Where the provider files are: the dev server's root, next to /seal.js and /verify.html. */
const base = new URL('/', location.href).href;
ShirushiSeal.provider = base;

function showStatus(state: 'pending' | 'ready' | 'failed'): void {
  for (const message of document.querySelectorAll<HTMLElement>('#seal-status [data-state]')) {
    message.hidden = message.dataset.state !== state;
  }
}

/** The same markup as the snippet `shirushi seal add` prints, built with DOM calls. */
function sealElement(seal: DemoSeal): HTMLElement {
  const element = document.createElement('shirushi-seal');
  element.setAttribute('seal', seal.id);
  const link = document.createElement('a');
  link.href = new URL(`verify.html#${seal.id}`, base).href;
  link.target = '_blank';
  link.rel = 'noopener';
  const [width, height] = seal.size.split('x').map(Number);
  const image = document.createElement('img');
  image.src = new URL(`marks/${seal.brand}-${seal.size}.svg`, base).href;
  image.width = width!;
  image.height = height!;
  const brand = BRAND_NAMES[seal.brand];
  image.alt =
    `${brand} サイトシール：検証ページを新しいタブで開きます / ` +
    `${brand} site seal (opens the verification page in a new tab)`;
  link.append(image);
  element.append(link);
  return element;
}

function observe(names: Map<string, string>): void {
  document.addEventListener('shirushi-seal-state', (event) => {
    const detail = (event as CustomEvent<SealStateEventDetail>).detail;
    const name = names.get(detail.id);
    const output = name && document.querySelector<HTMLElement>(`[data-observed="${name}"]`);
    if (!output) return;
    output.textContent = `state: ${detail.state}${detail.reason ? ` (${detail.reason})` : ''}`;
  });
}

async function main(): Promise<void> {
  const response = await fetch(new URL('seal-demo.json', base), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`seal-demo.json: HTTP ${response.status}`);
  const { seals } = (await response.json()) as { seals: DemoSeal[] };
  const valid = seals.find((seal) => seal.name === 'valid');
  const snippet = document.getElementById('seal-snippet');
  if (valid && snippet) {
    snippet.textContent = embedSnippet({ id: valid.id, baseUrl: base, brand: valid.brand, size: valid.size });
  }
  observe(new Map(seals.map((seal) => [seal.id, seal.name])));
  for (const seal of seals) {
    document.querySelector(`[data-seal="${seal.name}"]`)?.append(sealElement(seal));
  }
  showStatus('ready');
}

main().catch((error: unknown) => {
  console.error('shirushi demo: could not show the demo seals', error);
  showStatus('failed');
});
