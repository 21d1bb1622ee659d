/**
 * Cheap weak-key tests the Baseline Requirements expect a CA to run on an RSA modulus: Fermat factorisation
 * (primes too close together) and the ROCA fingerprint (Infineon RSALib "Fast Prime" keys, CVE-2017-15361).
 */

/** Floor of the square root of a non-negative bigint (Newton's method). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * Tries Fermat's method for `rounds` steps from ceil(sqrt(n)): finds n = p * q when |p - q| is small.
 * Returns the two factors, or undefined when none was found within the rounds.
 */
export function fermatFactor(n: bigint, rounds = 100): [bigint, bigint] | undefined {
  if (n < 9n || n % 2n === 0n) return undefined;
  let a = isqrt(n);
  if (a * a < n) a++;
  for (let round = 0; round < rounds; round++, a++) {
    const b2 = a * a - n;
    const b = isqrt(b2);
    if (b * b === b2 && a - b > 1n) return [a - b, a + b];
  }
  return undefined;
}

/**
 * The small primes of the ROCA test. RSALib primes are p = k * M + (65537^a mod M) with M a primorial that
 * always includes these primes, so a modulus made of two such primes is a power of 65537 modulo each of them.
 */
const ROCA_PRIMES = Array.from({ length: 166 }, (_, i) => i + 2).filter(
  (n) => n > 2 && Array.from({ length: n - 2 }, (_, i) => i + 2).every((d) => n % d !== 0),
);

/** For each prime, the residues 65537 generates in the multiplicative group modulo it. */
const ROCA_SUBGROUPS: { prime: number; residues: Set<number> }[] = ROCA_PRIMES.map((prime) => {
  const generator = 65537 % prime;
  const residues = new Set<number>();
  for (let x = 1; !residues.has(x); x = (x * generator) % prime) residues.add(x);
  return { prime, residues };
}).filter(({ prime, residues }) => residues.size < prime - 1);

/**
 * True when the modulus has the ROCA fingerprint: modulo each small prime p where 65537 does not generate
 * the whole group, n lies in the subgroup 65537 generates. Ordinary keys pass all tests with probability
 * about 2^-28; RSALib keys always do.
 */
export function hasRocaFingerprint(n: bigint): boolean {
  return ROCA_SUBGROUPS.every(({ prime, residues }) => residues.has(Number(n % BigInt(prime))));
}
