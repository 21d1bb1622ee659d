// Writes public/favicon.ico: the shirushi mark (public/shirushi-mark.svg) drawn at 16, 32 and 48 px, for
// browsers and tools that ask for /favicon.ico whatever the page links (a 404 on every page otherwise).
// No image library: the mark is a rounded square and a check stroke, drawn here with 4x4 supersampling.
// Run: node scripts/make-favicon.mjs
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RED = [0xb7, 0x28, 0x2e];
const WHITE = [0xff, 0xff, 0xff];
const CHECK = [
  [20, 33],
  [28, 41],
  [44, 23],
];

function inRoundedSquare(x, y) {
  const [low, high, radius] = [4, 60, 12];
  if (x < low || x > high || y < low || y > high) return false;
  const cx = Math.min(Math.max(x, low + radius), high - radius);
  const cy = Math.min(Math.max(y, low + radius), high - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function distanceToSegment(x, y, [ax, ay], [bx, by]) {
  const t = Math.max(
    0,
    Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)),
  );
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

function onCheck(x, y) {
  return (
    Math.min(distanceToSegment(x, y, CHECK[0], CHECK[1]), distanceToSegment(x, y, CHECK[1], CHECK[2])) <= 3
  );
}

/** One icon image: a BMP info header, bottom-up BGRA rows and the (all-zero) AND mask. */
function image(size) {
  const samples = 4;
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // colour and mask stacked, as ICO wants
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  const pixels = Buffer.alloc(size * size * 4);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((column + (sx + 0.5) / samples) * 64) / size;
          const y = ((row + (sy + 0.5) / samples) * 64) / size;
          if (!inRoundedSquare(x, y)) continue;
          const colour = onCheck(x, y) ? WHITE : RED;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const offset = ((size - 1 - row) * size + column) * 4;
      if (a > 0) pixels.set([Math.round(b / a), Math.round(g / a), Math.round(r / a)], offset);
      pixels[offset + 3] = Math.round((255 * a) / samples ** 2);
    }
  }
  const maskRow = Math.ceil(size / 32) * 4;
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)]);
}

const sizes = [16, 32, 48];
const images = sizes.map(image);
const directory = Buffer.alloc(6 + 16 * sizes.length);
directory.writeUInt16LE(1, 2);
directory.writeUInt16LE(sizes.length, 4);
let offset = directory.length;
sizes.forEach((size, index) => {
  const entry = 6 + 16 * index;
  directory.writeUInt8(size, entry);
  directory.writeUInt8(size, entry + 1);
  directory.writeUInt16LE(1, entry + 4);
  directory.writeUInt16LE(32, entry + 6);
  directory.writeUInt32LE(images[index].length, entry + 8);
  directory.writeUInt32LE(offset, entry + 12);
  offset += images[index].length;
});
writeFileSync(
  fileURLToPath(new URL('../public/favicon.ico', import.meta.url)),
  Buffer.concat([directory, ...images]),
);
