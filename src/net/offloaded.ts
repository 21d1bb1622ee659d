/**
 * The public entry points whose large CRLs a page checks in the Web Worker (./offload.ts). The checks
 * themselves live below, in src/path/, and run the same way in the worker and in the calling thread.
 */
import { checkRevocationHere } from '../path/check-revocation.js';
import type { ChainResult, VerifyChainOptions } from '../path/types.js';
import { verifyChainHere } from '../path/verify-chain.js';
import type { CheckRevocationOptions, RevocationResult } from '../revocation/types.js';
import { runOffloadable } from './offload.js';

/**
 * The revocation status of one certificate from CRLs (RFC 5280 section 6.3): complete and delta CRLs in any
 * order, distribution point scope, indirect CRLs and separate CRL-signing keys. `unknown` always comes with
 * the reasons. Large CRLs are checked in a Web Worker when called from a page.
 */
export function checkRevocation(options: CheckRevocationOptions): Promise<RevocationResult> {
  return runOffloadable('checkRevocation', options, checkRevocationHere);
}

/**
 * Builds and validates a certification path from `leaf` to one of `trustAnchors` (RFC 5280 section 6.1:
 * signatures, validity, CA and key usage, path length, critical extensions, name constraints, the trust
 * anchor's own validity and constraints as in RFC 5937), checks the leaf's purpose (`purpose`; extended key
 * usage also on CAs that carry it, the CA/Browser Forum chaining mode), weak algorithms (`weakAlgorithms`)
 * and RFC 5280's encoding rules (some only fail with `strict`), then checks every certificate below the
 * anchor against the CRLs (section 6.3). Problems with `warning: true` do not make the chain invalid.
 * Large CRLs are checked in a Web Worker from a page.
 */
export function verifyChain(options: VerifyChainOptions): Promise<ChainResult> {
  return runOffloadable('verifyChain', options, verifyChainHere);
}
