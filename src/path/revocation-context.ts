import type { ErrorCode } from '../i18n/strings.js';
import { buildPath, type PathOptions } from './build.js';
import type { PathCertificate } from '../x509/path-certificate.js';
import type { LoadedCrl } from '../revocation/crl-store.js';
import { determineStatus, type EngineContext, type EngineSettings } from '../revocation/engine.js';

export interface TrustSetup {
  settings: EngineSettings;
  crls: LoadedCrl[];
  /** Every certificate the caller gave: possible CRL signers and the links between them. */
  known: readonly PathCertificate[];
  /** Where a CRL signer's path must end (RFC 5280 6.3.3 (f): the target's own trust anchor). */
  anchors: readonly PathCertificate[];
  /** Certificates already validated, with their revocation checked, by the caller's own path. */
  validated: ReadonlySet<string>;
}

/** Signer paths are short; deeper recursion only happens with crafted input. */
const MAX_SIGNER_DEPTH = 4;

/**
 * The engine's view of the caller's certificates. A CRL signer that is not already validated gets its own
 * path to the same anchors, and every certificate on that path gets its own revocation check, except a
 * certificate whose status is being decided right now (a CRL signer covered by its own CRL).
 */
export function createContext(setup: TrustSetup): EngineContext {
  const byName = new Map<string, PathCertificate[]>();
  for (const certificate of [...setup.anchors, ...setup.known]) {
    const list = byName.get(certificate.subjectKey) ?? [];
    if (!list.some((item) => item.id === certificate.id)) list.push(certificate);
    byName.set(certificate.subjectKey, list);
  }
  const pathOptions: PathOptions = {
    anchors: setup.anchors,
    pool: setup.known,
    time: setup.settings.time,
    clockSkewMs: setup.settings.clockSkewMs,
    // A CRL signer's own path is held to the same algorithm rules as the target's; it signs, it need not
    // serve any particular purpose.
    rules: { ...setup.settings.weak, purpose: 'any', strict: false },
  };
  const context: EngineContext = {
    settings: setup.settings,
    crls: setup.crls,
    certificatesNamed: (nameKey) => byName.get(nameKey) ?? [],
    async validateSigner(signer, depth, inProgress): Promise<ErrorCode | undefined> {
      if (setup.validated.has(signer.id)) return undefined;
      if (depth >= MAX_SIGNER_DEPTH) return 'revocation/crl-no-signer';
      const built = await buildPath(signer, pathOptions);
      if (!built.complete || built.issues.some((issue) => !issue.warning)) return 'revocation/crl-no-signer';
      for (const certificate of built.path.slice(0, -1)) {
        if (setup.validated.has(certificate.id) || inProgress.has(certificate.id)) continue;
        const status = await determineStatus(certificate, context, depth + 1, inProgress);
        if (status.status !== 'good') return 'revocation/crl-signer-revoked';
      }
      return undefined;
    },
  };
  return context;
}
