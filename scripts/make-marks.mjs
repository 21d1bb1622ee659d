#!/usr/bin/env node
// Writes the seal marks public/marks/<brand>-<size>.svg: original artwork (a shield with a check, the brand
// name, "SSL/TLS", and a band saying "クリックで確認 / Click to verify"), never a copy of a CA's image.
// The band is the bottom 40% of the mark: <shirushi-seal> lays its domain and "verified" date over it, so the
// no-JavaScript fallback and the live seal share one image. Run `node scripts/make-marks.mjs` after changing
// this file and commit the SVGs it writes.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const OUT_DIR = fileURLToPath(new URL('../public/marks/', import.meta.url));

/**
 * Brand colours: each is used as a background behind white text and as text on white, so each keeps a
 * contrast ratio of at least 7:1 against white (WCAG AAA for small text).
 */
const BRANDS = {
  secom: { name: 'SECOM', colour: '#0b3f8a' },
  jprs: { name: 'JPRS', colour: '#005a4e' },
  generic: { name: 'shirushi', colour: '#7a1f2b' },
};

const SIZES = [
  [100, 42],
  [120, 50],
  [140, 59],
];

const FONT = "system-ui, 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic', Meiryo, sans-serif";

/** WCAG 2 contrast ratio of a #rrggbb colour against white. */
function contrastWithWhite(hex) {
  const channel = (i) => {
    const value = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

const round = (value) => Math.round(value * 10) / 10;

function mark(brand, width, height) {
  const { name, colour } = BRANDS[brand];
  const band = Math.round(height * 0.4);
  const top = height - band;
  const pad = Math.max(2, Math.round(height / 14));
  // The shield is drawn in a 10 x 12 box and scaled to the top part's height.
  const shieldHeight = top - 2 * pad;
  const scale = shieldHeight / 12;
  const textX = round(pad + 10 * scale + pad + 1);
  const nameSize = Math.round(top * 0.46);
  const tlsSize = Math.round(top * 0.26);
  const bandSize = Math.floor(band / 2.4);
  const title = `${name} サイトシール（SSL/TLS）クリックで確認 / ${name} site seal (SSL/TLS), click to verify`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="t">
  <title id="t">${title}</title>
  <rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="3" fill="#fff" stroke="${colour}"/>
  <g transform="translate(${pad} ${pad}) scale(${Math.round(scale * 1000) / 1000})">
    <path d="M5 0 10 2V6C10 9 7.8 11 5 12 2.2 11 0 9 0 6V2Z" fill="${colour}"/>
    <path d="M2.6 6.1 4.4 7.9 7.6 4.3" fill="none" stroke="#fff" stroke-width="1.3" stroke-linecap="round" stroke-linejoin="round"/>
  </g>
  <g font-family="${FONT}" fill="${colour}">
    <text x="${textX}" y="${round(pad + nameSize * 0.82)}" font-size="${nameSize}" font-weight="700">${name}</text>
    <text x="${textX}" y="${top - pad}" font-size="${tlsSize}" font-weight="600" letter-spacing="0.5">SSL/TLS</text>
  </g>
  <path d="M0 ${top}H${width}V${height - 3}Q${width} ${height} ${width - 3} ${height}H3Q0 ${height} 0 ${height - 3}Z" fill="${colour}"/>
  <g font-family="${FONT}" font-size="${bandSize}" fill="#fff" text-anchor="middle">
    <text x="${width / 2}" y="${round(top + band * 0.45)}">クリックで確認</text>
    <text x="${width / 2}" y="${round(top + band * 0.88)}">Click to verify</text>
  </g>
</svg>
`;
}

await mkdir(OUT_DIR, { recursive: true });
for (const [brand, { colour }] of Object.entries(BRANDS)) {
  const ratio = contrastWithWhite(colour);
  if (ratio < 7) throw new Error(`${brand}: contrast ${ratio.toFixed(1)}:1 against white is below 7:1`);
  for (const [width, height] of SIZES) {
    await writeFile(`${OUT_DIR}${brand}-${width}x${height}.svg`, mark(brand, width, height));
  }
}
console.log(`wrote ${Object.keys(BRANDS).length * SIZES.length} marks to ${OUT_DIR}`);
