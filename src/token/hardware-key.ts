import type { TokenKey } from '../csr/types.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { checkHash } from '../keys/token.js';
import type { OpenPgpCard } from './openpgp.js';
import type { PivCard, PivSlot } from './piv.js';
import type { CardKeyType } from './public-key.js';

/** A key generated on (or found on) a card, as the PIV and OpenPGP clients return it. */
export type CardKeyReference =
  | { application: 'piv'; card: PivCard; slot: PivSlot; type: CardKeyType; spki: Uint8Array }
  | { application: 'openpgp'; card: OpenPgpCard; type: CardKeyType; spki: Uint8Array };

export interface HardwareTokenKeyOptions {
  /**
   * Asked for the PIN right before each signature, so the PIN is never kept: the UI prompts, the card
   * checks it once (never retried), and it is dropped. Omit it when the PIN was verified just before.
   */
  pin?: () => Promise<string> | string;
  /** Where the key lives, for the UI ("YubiKey 5 · PIV 9C"). Defaults to the transport and slot. */
  label?: string;
}

/**
 * Adapts a key on a hardware token to the `TokenKey` shape, so `createCsr` signs on the card through the
 * same code path as a WebCrypto key: `spki()` is the public key the card returned at generation, `sign()`
 * verifies the PIN when a prompt is given and asks the card for the signature (PKCS#1 v1.5 or DER ECDSA).
 */
export function hardwareTokenKey(
  reference: CardKeyReference,
  options: HardwareTokenKeyOptions = {},
): TokenKey {
  const spki = reference.spki.slice();
  const where = reference.application === 'piv' ? `PIV ${reference.slot}` : 'OpenPGP signature key';
  const label = options.label ?? `${reference.card.transport.label} · ${where}`;
  let busy = false;
  return {
    algorithm: reference.type === 'RSA-2048' ? 'RSA' : 'ECDSA',
    label,
    spki: () => Promise.resolve(spki.slice()),
    async sign(data, hash) {
      checkHash(hash);
      // One card, one conversation: a second signature started meanwhile would interleave APDUs.
      if (busy) throw new ShirushiError('token/transport-failed', { detail: 'the token is busy' });
      busy = true;
      try {
        const pin = options.pin ? await options.pin() : undefined;
        if (reference.application === 'piv') {
          if (pin !== undefined) await reference.card.verifyPin(pin);
          return await reference.card.sign(reference.slot, reference.type, data, hash);
        }
        if (pin !== undefined) await reference.card.verify('pw1-sign', pin);
        return await reference.card.sign(reference.type, data, hash);
      } finally {
        busy = false;
      }
    },
  };
}
