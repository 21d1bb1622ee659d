import { ShirushiError } from '../errors/shirushi-error.js';

/** Which of the four bridges a transport is. */
export type TransportKind = 'ccid-webusb' | 'canokey-webusb' | 'ledger-webhid' | 'smart-card-api';

/**
 * One channel to one card: whatever carries the bytes (CCID bulk messages, vendor control transfers, HID
 * reports, PC/SC), `transmit` takes one complete command APDU and resolves with one complete response
 * APDU (data then SW1 SW2). ISO 7816-4 concerns above that (extended length or chaining, 61xx, 6Cxx) are
 * `exchange`'s, so every transport gets them the same way and none has to know about T=0 or T=1.
 *
 * A transport whose device goes away rejects with `token/disconnected`, including a `transmit` already in
 * flight, so the UI can say "unplugged" rather than hang.
 */
export interface ApduTransport {
  readonly kind: TransportKind;
  /** Device or reader name for the UI. */
  readonly label: string;
  /** Whether the device takes extended-length APDUs; otherwise `exchange` chains commands (CLA bit 0x10). */
  readonly extendedLength: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

export interface CommandApdu {
  cla?: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length; 0 or absent means none expected, 256 / 65536 "as much as there is". */
  le?: number;
  /** What the UI calls this command in errors ("VERIFY", "GENERATE"). */
  name?: string;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

/** SW as four hex digits, for messages. */
export const swHex = (sw: number) => sw.toString(16).toUpperCase().padStart(4, '0');

/** Encodes one command APDU, short (ISO 7816-4 5.1 cases 1-4S) or extended (cases 2E-4E). */
export function encodeApdu(command: CommandApdu, extended: boolean): Uint8Array {
  const data = command.data ?? new Uint8Array(0);
  const le = command.le ?? 0;
  const header = [command.cla ?? 0, command.ins, command.p1, command.p2];
  if (!extended) {
    if (data.length > 255 || le > 256) throw new RangeError('short APDU overflow');
    const out = [...header];
    if (data.length > 0) out.push(data.length, ...data);
    if (le > 0) out.push(le === 256 ? 0 : le);
    return Uint8Array.from(out);
  }
  if (data.length > 65535 || le > 65536) throw new RangeError('extended APDU overflow');
  const out = [...header];
  if (data.length > 0) out.push(0, data.length >> 8, data.length & 0xff, ...data);
  if (le > 0) {
    const value = le === 65536 ? 0 : le;
    // Le follows Lc directly when there is data; without data it gets the leading 00 itself.
    if (data.length === 0) out.push(0);
    out.push(value >> 8, value & 0xff);
  }
  return Uint8Array.from(out);
}

export function splitResponse(raw: Uint8Array): ResponseApdu {
  if (raw.length < 2)
    throw new ShirushiError('token/bad-response', { detail: `${raw.length}-byte response` });
  return { data: raw.slice(0, -2), sw: (raw[raw.length - 2]! << 8) | raw[raw.length - 1]! };
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Longest response `exchange` collects over GET RESPONSE: far above any certificate or key a card holds. */
const MAX_RESPONSE = 64 * 1024;

/**
 * Sends a command the ISO 7816-4 way over any transport and returns the final data and status word:
 * - data over 255 bytes goes as one extended APDU when the transport says it can, otherwise as a command
 *   chain (CLA bit 0x10 on every part but the last; each intermediate part must answer 9000);
 * - `61xx` is followed by GET RESPONSE until the card has sent everything (the data is concatenated);
 * - `6Cxx` (wrong Le) resends the same command once with Le = xx.
 * Status words other than these are returned for the caller to interpret; nothing is retried beyond the
 * above, so a VERIFY is never sent twice.
 */
export async function exchange(transport: ApduTransport, command: CommandApdu): Promise<ResponseApdu> {
  const data = command.data ?? new Uint8Array(0);
  const extended = transport.extendedLength && (data.length > 255 || (command.le ?? 0) > 256);
  let response: ResponseApdu;
  if (extended) {
    const le = command.le === undefined || command.le === 0 ? 0 : 65536;
    response = splitResponse(await transport.transmit(encodeApdu({ ...command, le }, true)));
  } else {
    const le = command.le === undefined || command.le === 0 ? 0 : Math.min(command.le, 256);
    const cla = command.cla ?? 0;
    let offset = 0;
    for (;;) {
      const chunk = data.subarray(offset, offset + 255);
      offset += chunk.length;
      const last = offset >= data.length;
      const part: CommandApdu = {
        ...command,
        cla: last ? cla : cla | 0x10,
        data: chunk,
        le: last ? le : 0,
      };
      response = splitResponse(await transport.transmit(encodeApdu(part, false)));
      if (last) break;
      // A card that cannot chain says so (6884) or fails; either way the rest must not be sent.
      if (response.sw !== 0x9000) return response;
    }
  }
  // 6Cxx only answers a command sent whole (a short APDU): a chained one already went out in parts.
  if (response.sw >> 8 === 0x6c && !extended && data.length <= 255) {
    const le = response.sw & 0xff || 256;
    response = splitResponse(await transport.transmit(encodeApdu({ ...command, le }, false)));
  }
  const parts = [response.data];
  let total = response.data.length;
  while (response.sw >> 8 === 0x61) {
    const le = response.sw & 0xff || 256;
    response = splitResponse(
      await transport.transmit(
        encodeApdu({ cla: (command.cla ?? 0) & 0x03, ins: 0xc0, p1: 0, p2: 0, le }, false),
      ),
    );
    total += response.data.length;
    if (total > MAX_RESPONSE) throw new ShirushiError('token/bad-response', { detail: 'response too long' });
    parts.push(response.data);
  }
  return { data: parts.length === 1 ? response.data : concatBytes(parts), sw: response.sw };
}

/** Like `exchange`, but anything but 9000 becomes a `token/*` error. */
export async function exchangeOk(transport: ApduTransport, command: CommandApdu): Promise<Uint8Array> {
  const response = await exchange(transport, command);
  if (response.sw !== 0x9000) throw statusError(response.sw, command);
  return response.data;
}

/** The `token/*` error for a status word that is not success, in the terms the UI needs. */
export function statusError(sw: number, command: CommandApdu): ShirushiError {
  const name = command.name ?? `INS ${command.ins.toString(16).toUpperCase().padStart(2, '0')}`;
  if (sw === 0x6982) return new ShirushiError('token/security-status', { command: name });
  if (sw === 0x6a81 || sw === 0x6d00 || sw === 0x6e00) {
    return new ShirushiError('token/unsupported-algorithm', { algorithm: `${name} (${swHex(sw)})` });
  }
  return new ShirushiError('token/card-error', { command: name, sw: swHex(sw) });
}

export { concatBytes };
