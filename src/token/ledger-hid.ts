import { ShirushiError } from '../errors/shirushi-error.js';
import type { ApduTransport } from './apdu.js';
import { RemovalGuard } from './guard.js';
import { bytesOf, type DeviceEventSource, type HidDeviceLike, type TokenGlobal } from './platform.js';

/**
 * APDUs over WebHID with Ledger's framing (as in Ledger's hw-transport-webhid): the vendor usage page
 * 0xFFA0 (WebHID blocks the FIDO page 0xF1D0, so this is the HID route to an APDU device), 64-byte reports
 * of channel 0x0101, tag 0x05, a 2-byte big-endian packet index, then in the first packet the 2-byte
 * big-endian length of the whole APDU, then the APDU bytes; the last packet is zero-padded. Responses come
 * back in input reports framed the same way.
 */
export const LEDGER_HID = {
  USAGE_PAGE: 0xffa0,
  PACKET_SIZE: 64,
  CHANNEL: 0x0101,
  TAG_APDU: 0x05,
} as const;

/** Splits one APDU into the 64-byte reports that carry it. */
export function ledgerFrames(apdu: Uint8Array, channel: number = LEDGER_HID.CHANNEL): Uint8Array[] {
  const size = LEDGER_HID.PACKET_SIZE;
  const payload = new Uint8Array(apdu.length + 2);
  payload[0] = apdu.length >> 8;
  payload[1] = apdu.length & 0xff;
  payload.set(apdu, 2);
  const frames: Uint8Array[] = [];
  for (let offset = 0, index = 0; offset < payload.length || index === 0; index++) {
    const frame = new Uint8Array(size);
    frame[0] = channel >> 8;
    frame[1] = channel & 0xff;
    frame[2] = LEDGER_HID.TAG_APDU;
    frame[3] = index >> 8;
    frame[4] = index & 0xff;
    const chunk = payload.subarray(offset, offset + size - 5);
    frame.set(chunk, 5);
    offset += chunk.length;
    frames.push(frame);
  }
  return frames;
}

/**
 * Reassembles a response from reports as they arrive; `push` returns the APDU once complete. Reports for
 * another channel or tag, or out of order, are a protocol error (a stale reply from an abandoned command).
 */
export class LedgerReassembler {
  private expected = -1;
  private index = 0;
  private parts: Uint8Array[] = [];
  private received = 0;

  constructor(private readonly channel: number = LEDGER_HID.CHANNEL) {}

  push(report: Uint8Array): Uint8Array | undefined {
    if (report.length < 5) throw new ShirushiError('token/bad-response', { detail: 'short HID report' });
    const channel = (report[0]! << 8) | report[1]!;
    const index = (report[3]! << 8) | report[4]!;
    if (channel !== this.channel || report[2] !== LEDGER_HID.TAG_APDU || index !== this.index) {
      throw new ShirushiError('token/bad-response', {
        detail: `HID report channel ${channel.toString(16)} tag ${report[2]} index ${index}`,
      });
    }
    let body = report.subarray(5);
    if (index === 0) {
      if (body.length < 2)
        throw new ShirushiError('token/bad-response', { detail: 'short first HID report' });
      this.expected = (body[0]! << 8) | body[1]!;
      body = body.subarray(2);
    }
    this.index++;
    const take = body.subarray(0, this.expected - this.received);
    this.parts.push(take.slice());
    this.received += take.length;
    if (this.received < this.expected) return undefined;
    const out = new Uint8Array(this.expected);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

export interface LedgerHidOptions {
  device: HidDeviceLike;
  events?: DeviceEventSource;
  /** Give up waiting for a response after this long (a confirmation on the device may take a while). */
  timeoutMs?: number;
}

export class LedgerHidTransport implements ApduTransport {
  readonly kind = 'ledger-webhid' as const;
  readonly label: string;
  /** Ledger's APDU dispatcher takes short APDUs only. */
  readonly extendedLength = false;
  private readonly device: HidDeviceLike;
  private readonly guard: RemovalGuard;
  private readonly timeoutMs: number;
  private isOpen = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: LedgerHidOptions) {
    this.device = options.device;
    this.guard = new RemovalGuard(this.device, options.events ?? (globalThis as TokenGlobal).navigator?.hid);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.label = this.device.productName || 'Ledger';
  }

  async open(): Promise<void> {
    if (!this.device.collections.some((collection) => collection.usagePage === LEDGER_HID.USAGE_PAGE)) {
      throw new ShirushiError('token/no-device', { detail: 'no HID collection on usage page 0xFFA0' });
    }
    this.guard.start();
    await this.guard.run(async () => {
      if (!this.device.opened) await this.device.open();
    });
    this.isOpen = true;
  }

  async close(): Promise<void> {
    this.isOpen = false;
    this.guard.stop();
    if (this.guard.disconnected) return;
    try {
      await this.device.close();
    } catch {
      // See CcidTransport.close.
    }
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const run = this.queue.then(() => this.send(apdu));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(apdu: Uint8Array): Promise<Uint8Array> {
    if (!this.isOpen) throw new ShirushiError('token/not-open');
    const reassembler = new LedgerReassembler();
    let settle!: { resolve: (value: Uint8Array) => void; reject: (error: unknown) => void };
    const response = new Promise<Uint8Array>((resolve, reject) => (settle = { resolve, reject }));
    // Awaited below unless sending fails first; then a late timeout must not surface as unhandled.
    response.catch(() => undefined);
    const listener = (event: { reportId: number; data: DataView }) => {
      try {
        const complete = reassembler.push(bytesOf(event.data));
        if (complete) settle.resolve(complete);
      } catch (error) {
        settle.reject(error);
      }
    };
    // Listen before sending: a fast device can answer before sendReport's promise settles.
    this.device.addEventListener('inputreport', listener);
    const timer = setTimeout(
      () => settle.reject(new ShirushiError('token/transport-failed', { detail: 'timed out' })),
      this.timeoutMs,
    );
    try {
      return await this.guard.run(async () => {
        for (const frame of ledgerFrames(apdu)) await this.device.sendReport(0, frame);
        return response;
      });
    } finally {
      clearTimeout(timer);
      this.device.removeEventListener('inputreport', listener);
    }
  }
}
