import { ShirushiError } from '../errors/shirushi-error.js';
import { exchange, statusError, type ApduTransport, type CommandApdu } from './apdu.js';

/** Where a PIN check stands: verified now, or how many tries are left before it blocks. */
export interface PinStatus {
  verified: boolean;
  /** Tries left, when the card says (63Cx); 0 means blocked. */
  triesLeft?: number;
}

/** VERIFY without data (ISO 7816-4 11.5.6): 9000 if already verified, 63Cx tries left, 6983 blocked. */
export async function queryPin(transport: ApduTransport, p2: number): Promise<PinStatus> {
  const command: CommandApdu = { ins: 0x20, p1: 0, p2, name: 'VERIFY' };
  const { sw } = await exchange(transport, command);
  if (sw === 0x9000) return { verified: true };
  if (sw >> 4 === 0x63c) return { verified: false, triesLeft: sw & 0x0f };
  if (sw === 0x6983) return { verified: false, triesLeft: 0 };
  // 6A88 / 6A80 and the like: the card does not answer status queries; that is not a failed PIN.
  return { verified: false };
}

/**
 * Sends one VERIFY with `encoded` and maps the outcome. Never retried: a second attempt after a wrong PIN
 * would spend another of the user's few tries without them knowing.
 */
export async function verifyPin(
  transport: ApduTransport,
  p2: number,
  encoded: Uint8Array,
  pinName: string,
): Promise<void> {
  const command: CommandApdu = { ins: 0x20, p1: 0, p2, data: encoded, name: 'VERIFY' };
  const { sw } = await exchange(transport, command);
  encoded.fill(0);
  if (sw === 0x9000) return;
  if (sw === 0x6983 || sw === 0x63c0) throw new ShirushiError('token/pin-blocked', { pin: pinName });
  if (sw >> 4 === 0x63c) throw new ShirushiError('token/wrong-pin', { pin: pinName, tries: sw & 0x0f });
  throw statusError(sw, command);
}

export function checkPinLength(pin: string, min: number, max: number, pinName: string): Uint8Array {
  const bytes = new TextEncoder().encode(pin);
  if (bytes.length < min || bytes.length > max) {
    throw new ShirushiError('token/bad-pin-format', { pin: pinName, min, max });
  }
  return bytes;
}
