/**
 * Signature algorithms refused by default wherever a signature carries trust (certificates below the anchor,
 * CRLs, OCSP responses): SHA-1, MD5 and MD2, whose collisions are practical or close to it. A caller checking
 * historic signatures names the exact algorithms it accepts anyway (`weakAlgorithms.allowSignatures`).
 */
const WEAK_BY_OID: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.3.14.3.2.29': 'sha1WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.2': 'md2WithRSAEncryption',
};

const WEAK_HASHES = new Set(['SHA-1', 'MD5', 'MD2']);

/** What the caller accepts of the weak algorithms; the defaults refuse every one of them. */
export interface WeakAlgorithmPolicy {
  /** Weak signature algorithms accepted anyway, by name (`sha1WithRSAEncryption`, `ecdsa-with-SHA1`, ...). */
  allowSignatures: ReadonlySet<string>;
  /** Smallest RSA modulus accepted, in bits. */
  minRsaBits: number;
}

export const DEFAULT_MIN_RSA_BITS = 2048;

export function weakAlgorithmPolicy(
  options: { allowSignatures?: readonly string[]; minRsaBits?: number } | undefined,
): WeakAlgorithmPolicy {
  return {
    allowSignatures: new Set(options?.allowSignatures ?? []),
    minRsaBits: options?.minRsaBits ?? DEFAULT_MIN_RSA_BITS,
  };
}

/**
 * The name of a weak signature algorithm that `policy` does not allow, or undefined when the algorithm may be
 * relied on. `name` and `hash` are what a parsed certificate or CRL reports (RSA-PSS over SHA-1 is weak by
 * its hash); an OCSP response gives only the OID.
 */
export function refusedWeakSignature(
  algorithm: { oid: string; name?: string; hash?: string },
  policy: WeakAlgorithmPolicy,
): string | undefined {
  const name =
    WEAK_BY_OID[algorithm.oid] ?? (WEAK_HASHES.has(algorithm.hash ?? '') ? algorithm.name : undefined);
  if (name === undefined) return undefined;
  return policy.allowSignatures.has(name) ||
    (algorithm.name !== undefined && policy.allowSignatures.has(algorithm.name))
    ? undefined
    : name;
}
