/**
 * AES (FIPS 197) on single blocks, for PIV management-key authentication. WebCrypto has no raw block
 * operation and Chromium refuses 192-bit AES keys, yet AES-192 is the default management key of current
 * YubiKeys; two blocks per authentication make speed irrelevant, so this is the plain textbook cipher with
 * the S-box computed at load time. Not constant-time; the management key is the user's own, on their own
 * machine, and never leaves this function.
 */

const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
function mul(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) product ^= a;
    const high = a & 0x80;
    a = (a << 1) & 0xff;
    if (high) a ^= 0x1b;
    b >>= 1;
  }
  return product;
}

(() => {
  // Inverse by exhaustive search (256*256 multiplications once), then the affine map of FIPS 197 5.1.1.
  const inverse = new Uint8Array(256);
  for (let a = 1; a < 256; a++) {
    for (let b = 1; b < 256; b++) {
      if (mul(a, b) === 1) {
        inverse[a] = b;
        break;
      }
    }
  }
  const rotl = (x: number, n: number) => ((x << n) | (x >> (8 - n))) & 0xff;
  for (let a = 0; a < 256; a++) {
    const b = inverse[a]!;
    const s = b ^ rotl(b, 1) ^ rotl(b, 2) ^ rotl(b, 3) ^ rotl(b, 4) ^ 0x63;
    SBOX[a] = s;
    INV_SBOX[s] = a;
  }
})();

/** The expanded key: (rounds + 1) round keys of 16 bytes. */
function expandKey(key: Uint8Array): { rounds: number; w: Uint8Array } {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError('AES key size');
  const nk = key.length / 4;
  const rounds = nk + 6;
  const w = new Uint8Array(16 * (rounds + 1));
  w.set(key);
  let rcon = 1;
  for (let i = nk; i < 4 * (rounds + 1); i++) {
    let t = [w[4 * i - 4]!, w[4 * i - 3]!, w[4 * i - 2]!, w[4 * i - 1]!];
    if (i % nk === 0) {
      t = [SBOX[t[1]!]! ^ rcon, SBOX[t[2]!]!, SBOX[t[3]!]!, SBOX[t[0]!]!];
      rcon = mul(rcon, 2);
    } else if (nk > 6 && i % nk === 4) {
      t = t.map((x) => SBOX[x]!);
    }
    for (let j = 0; j < 4; j++) w[4 * i + j] = w[4 * (i - nk) + j]! ^ t[j]!;
  }
  return { rounds, w };
}

function addRoundKey(state: Uint8Array, w: Uint8Array, round: number): void {
  for (let i = 0; i < 16; i++) state[i]! ^= w[16 * round + i]!;
}

/** ShiftRows on a column-major state (byte r of column c at 4c + r); `inverse` shifts right. */
function shiftRows(state: Uint8Array, inverse: boolean): void {
  const copy = state.slice();
  for (let c = 0; c < 4; c++) {
    for (let r = 1; r < 4; r++) {
      const from = inverse ? (c - r + 4) % 4 : (c + r) % 4;
      state[4 * c + r] = copy[4 * from + r]!;
    }
  }
}

function mixColumns(state: Uint8Array, inverse: boolean): void {
  const m = inverse ? [14, 11, 13, 9] : [2, 3, 1, 1];
  for (let c = 0; c < 4; c++) {
    const col = state.slice(4 * c, 4 * c + 4);
    for (let r = 0; r < 4; r++) {
      state[4 * c + r] =
        mul(col[0]!, m[(4 - r) % 4]!) ^
        mul(col[1]!, m[(5 - r) % 4]!) ^
        mul(col[2]!, m[(6 - r) % 4]!) ^
        mul(col[3]!, m[(7 - r) % 4]!);
    }
  }
}

/** Encrypts (or decrypts) one 16-byte block with a 16-, 24- or 32-byte key. */
export function aesBlock(key: Uint8Array, block: Uint8Array, decrypt: boolean): Uint8Array {
  if (block.length !== 16) throw new RangeError('AES block size');
  const { rounds, w } = expandKey(key);
  const state = block.slice();
  if (!decrypt) {
    addRoundKey(state, w, 0);
    for (let round = 1; round <= rounds; round++) {
      for (let i = 0; i < 16; i++) state[i] = SBOX[state[i]!]!;
      shiftRows(state, false);
      if (round !== rounds) mixColumns(state, false);
      addRoundKey(state, w, round);
    }
    return state;
  }
  addRoundKey(state, w, rounds);
  for (let round = rounds - 1; round >= 0; round--) {
    shiftRows(state, true);
    for (let i = 0; i < 16; i++) state[i] = INV_SBOX[state[i]!]!;
    addRoundKey(state, w, round);
    if (round !== 0) mixColumns(state, true);
  }
  return state;
}
