/**
 * DES and Triple DES (FIPS 46-3, NIST SP 800-67) in CBC mode, for reading and writing legacy PKCS#12 files
 * (pbeWithSHAAnd3-KeyTripleDES-CBC), which WebCrypto cannot do. Not for anything new: 3DES is kept only so
 * that keys from old Windows and CA exports can be opened, and so that such systems can open ours.
 * The implementation is the textbook one, table-driven for the S-boxes and the P permutation, and is checked
 * against the NIST known answers in test/pkcs12.test.ts.
 */

// Bit positions are 1-based from the most significant bit, as the standard writes them.
const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40,
  32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5,
  63, 55, 47, 39, 31, 23, 15, 7,
];
const FP = [
  40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31, 38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13,
  53, 21, 61, 29, 36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27, 34, 2, 42, 10, 50, 18, 58, 26,
  33, 1, 41, 9, 49, 17, 57, 25,
];
const P = [
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22,
  11, 4, 25,
];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2, 41, 52, 31, 37, 47,
  55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
const S = [
  [
    14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3,
    8, 4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6,
    13,
  ],
  [
    15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11,
    5, 0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5,
    14, 9,
  ],
  [
    10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15,
    1, 13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2,
    12,
  ],
  [
    7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14,
    9, 10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2,
    14,
  ],
  [
    2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8,
    6, 4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4,
    5, 3,
  ],
  [
    12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3,
    8, 9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8,
    13,
  ],
  [
    4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8,
    6, 1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3,
    12,
  ],
  [
    13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9,
    2, 7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6,
    11,
  ],
];

/**
 * SP[box][6-bit input]: the S-box output already moved through P, so a round is eight lookups and ORs.
 * The 6-bit input's outer bits select the row and the inner four the column (FIPS 46-3).
 */
const SP: Uint32Array[] = S.map((box, index) => {
  const table = new Uint32Array(64);
  for (let input = 0; input < 64; input++) {
    const row = ((input & 0x20) >> 4) | (input & 1);
    const column = (input >> 1) & 0x0f;
    const nibble = box[row * 16 + column]!;
    // The nibble occupies bits 4*index+1 .. 4*index+4 (1-based) of the 32-bit S-box output.
    let out = 0;
    for (let bit = 0; bit < 32; bit++) {
      const source = P[bit]! - 1;
      const inNibble = source - 4 * index;
      if (inNibble >= 0 && inNibble < 4 && (nibble >> (3 - inNibble)) & 1) out |= 1 << (31 - bit);
    }
    table[input] = out >>> 0;
  }
  return table;
});

function getBit(bytes: Uint8Array, position: number): number {
  return (bytes[position >> 3]! >> (7 - (position & 7))) & 1;
}

/** 64-bit block permutation on two 32-bit halves. */
function permute64(hi: number, lo: number, table: readonly number[]): [number, number] {
  let outHi = 0;
  let outLo = 0;
  for (let i = 0; i < 64; i++) {
    const source = table[i]! - 1;
    const bit = source < 32 ? (hi >>> (31 - source)) & 1 : (lo >>> (63 - source)) & 1;
    if (i < 32) outHi |= bit << (31 - i);
    else outLo |= bit << (63 - i);
  }
  return [outHi >>> 0, outLo >>> 0];
}

/** The 16 round keys of one DES key, each as eight 6-bit groups. Parity bits are ignored, as DES does. */
export function desKeySchedule(key: Uint8Array): Uint8Array {
  if (key.length !== 8) throw new RangeError('a DES key is 8 bytes');
  const cd = PC1.map((position) => getBit(key, position - 1));
  const schedule = new Uint8Array(16 * 8);
  let c = cd.slice(0, 28);
  let d = cd.slice(28);
  for (let round = 0; round < 16; round++) {
    const shift = SHIFTS[round]!;
    c = [...c.slice(shift), ...c.slice(0, shift)];
    d = [...d.slice(shift), ...d.slice(0, shift)];
    const joined = [...c, ...d];
    for (let group = 0; group < 8; group++) {
      let value = 0;
      for (let bit = 0; bit < 6; bit++) value = (value << 1) | joined[PC2[group * 6 + bit]! - 1]!;
      schedule[round * 8 + group] = value;
    }
  }
  return schedule;
}

function feistel(right: number, schedule: Uint8Array, round: number): number {
  let out = 0;
  for (let group = 0; group < 8; group++) {
    // E expands R so that group g reads bits 4g .. 4g+5 (1-based, wrapping 0 -> 32 and 33 -> 1).
    const rotated =
      group === 0 ? (right >>> 1) | (right << 31) : (right << (4 * group - 1)) | (right >>> (33 - 4 * group));
    const input = ((rotated >>> 26) & 0x3f) ^ schedule[round * 8 + group]!;
    out |= SP[group]![input]!;
  }
  return out >>> 0;
}

/** One DES block (8 bytes at `offset` of `block`) in place, forwards or backwards through the schedule. */
export function desBlock(block: Uint8Array, offset: number, schedule: Uint8Array, decrypt: boolean): void {
  const view = new DataView(block.buffer, block.byteOffset + offset, 8);
  let [left, right] = permute64(view.getUint32(0), view.getUint32(4), IP);
  for (let i = 0; i < 16; i++) {
    const round = decrypt ? 15 - i : i;
    const next = (left ^ feistel(right, schedule, round)) >>> 0;
    left = right;
    right = next;
  }
  const [hi, lo] = permute64(right, left, FP);
  view.setUint32(0, hi);
  view.setUint32(4, lo);
}

/** Triple DES EDE with 24-byte keys (K1, K2, K3) or 16-byte keys (K1, K2, K1). */
export interface TripleDesKey {
  k1: Uint8Array;
  k2: Uint8Array;
  k3: Uint8Array;
}

export function tripleDesKey(key: Uint8Array): TripleDesKey {
  if (key.length !== 24 && key.length !== 16) throw new RangeError('a 3DES key is 16 or 24 bytes');
  const k1 = desKeySchedule(key.subarray(0, 8));
  const k2 = desKeySchedule(key.subarray(8, 16));
  const k3 = key.length === 24 ? desKeySchedule(key.subarray(16, 24)) : k1;
  return { k1, k2, k3 };
}

export function tripleDesBlock(block: Uint8Array, offset: number, key: TripleDesKey, decrypt: boolean): void {
  if (decrypt) {
    desBlock(block, offset, key.k3, true);
    desBlock(block, offset, key.k2, false);
    desBlock(block, offset, key.k1, true);
  } else {
    desBlock(block, offset, key.k1, false);
    desBlock(block, offset, key.k2, true);
    desBlock(block, offset, key.k3, false);
  }
}
