import { ShirushiError } from '../errors/shirushi-error.js';
import type { ApduTransport } from './apdu.js';
import { RemovalGuard } from './guard.js';
import { bytesOf, sleep, type DeviceEventSource, type TokenGlobal, type UsbDeviceLike } from './platform.js';

/**
 * CanoKey-style APDUs over a vendor-class (0xFF) WebUSB interface, which ordinary Chromium pages may use
 * (unlike the CCID interface of the same key). The request codes and the status byte are those of the
 * open-source firmware (canokey-core interfaces/USB/class/webusb: WEBUSB_REQ_CMD 0, WEBUSB_REQ_RESP 1,
 * WEBUSB_REQ_STAT 2, all vendor requests to the interface) and its web console:
 * 1. control OUT request 0 carries the command APDU;
 * 2. control IN request 2 (1 byte) is polled while it reads 1 (processing); 0 means the response is ready;
 * 3. control IN request 1 returns the response APDU.
 */
export const CANOKEY = {
  INTERFACE_CLASS: 0xff,
  REQ_CMD: 0x00,
  REQ_RESP: 0x01,
  REQ_STAT: 0x02,
  STATE_READY: 0x00,
  STATE_PROCESSING: 0x01,
  /** The firmware's APDU buffer is 1280 + a few bytes on current models; ask for more, it sends what it has. */
  MAX_RESPONSE: 4096,
} as const;

export interface CanokeyOptions {
  device: UsbDeviceLike;
  events?: DeviceEventSource;
  /** Give up on a command after this long (a user touch can take a while). Default 30 s. */
  timeoutMs?: number;
  /** Whether the firmware takes extended APDUs (current CanoKey firmware does). Default false: chaining. */
  extendedLength?: boolean;
}

export class CanokeyTransport implements ApduTransport {
  readonly kind = 'canokey-webusb' as const;
  readonly label: string;
  readonly extendedLength: boolean;
  private readonly device: UsbDeviceLike;
  private readonly guard: RemovalGuard;
  private readonly timeoutMs: number;
  private interfaceNumber: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: CanokeyOptions) {
    this.device = options.device;
    this.guard = new RemovalGuard(this.device, options.events ?? (globalThis as TokenGlobal).navigator?.usb);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.extendedLength = options.extendedLength ?? false;
    this.label = this.device.productName || 'CanoKey';
  }

  async open(): Promise<void> {
    const device = this.device;
    this.guard.start();
    await this.guard.run(async () => {
      if (!device.opened) await device.open();
      if (!device.configuration)
        await device.selectConfiguration(device.configurations[0]?.configurationValue ?? 1);
    });
    const iface = device.configuration?.interfaces.find(
      (candidate) =>
        candidate.alternate.interfaceClass === CANOKEY.INTERFACE_CLASS &&
        candidate.alternate.endpoints.length === 0,
    );
    if (!iface) throw new ShirushiError('token/no-device', { detail: 'no vendor-class WebUSB interface' });
    await this.guard.run(() => device.claimInterface(iface.interfaceNumber));
    this.interfaceNumber = iface.interfaceNumber;
  }

  async close(): Promise<void> {
    const number = this.interfaceNumber;
    this.interfaceNumber = undefined;
    this.guard.stop();
    if (this.guard.disconnected) return;
    try {
      if (number !== undefined) await this.device.releaseInterface(number);
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

  private setup(request: number) {
    if (this.interfaceNumber === undefined) throw new ShirushiError('token/not-open');
    return {
      requestType: 'vendor',
      recipient: 'interface',
      request,
      value: 0,
      index: this.interfaceNumber,
    } as const;
  }

  private async send(apdu: Uint8Array): Promise<Uint8Array> {
    const out = await this.guard.run(() => this.device.controlTransferOut(this.setup(CANOKEY.REQ_CMD), apdu));
    if (out.status !== 'ok')
      throw new ShirushiError('token/transport-failed', { detail: `command ${out.status}` });
    const deadline = Date.now() + this.timeoutMs;
    // Poll quickly at first (most commands finish in milliseconds), then back off to the console's 100 ms.
    for (let delay = 1; ; delay = Math.min(delay * 2, 100)) {
      const status = await this.guard.run(() =>
        this.device.controlTransferIn(this.setup(CANOKEY.REQ_STAT), 1),
      );
      const state = bytesOf(status.data)[0];
      if (status.status === 'ok' && state === CANOKEY.STATE_READY) break;
      if (status.status !== 'ok' || state !== CANOKEY.STATE_PROCESSING) {
        throw new ShirushiError('token/transport-failed', {
          detail: `status ${status.status} ${state ?? '-'}`,
        });
      }
      if (Date.now() > deadline) throw new ShirushiError('token/transport-failed', { detail: 'timed out' });
      await sleep(delay);
    }
    const response = await this.guard.run(() =>
      this.device.controlTransferIn(this.setup(CANOKEY.REQ_RESP), CANOKEY.MAX_RESPONSE),
    );
    if (response.status !== 'ok') {
      throw new ShirushiError('token/transport-failed', { detail: `response ${response.status}` });
    }
    return bytesOf(response.data);
  }
}
