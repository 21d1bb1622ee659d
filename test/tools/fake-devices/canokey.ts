import { type CardBackend, FakeDeviceEvents, type UnplugPlan, forward, unpluggedError } from './common.js';

/**
 * A fake WebUSB `USBDevice` shaped like a CanoKey: interface 0 FIDO HID, interface 1 the vendor-class WebUSB
 * interface without endpoints, interface 2 CCID. Its vendor control requests behave like canokey-core's
 * webusb.c: request 0 (OUT) takes a command APDU and starts processing, request 2 (IN, 1 byte) reads the
 * state (1 processing, 0 response ready, 2 response sent, 0xFF idle), request 1 (IN) returns the response
 * once. Anything else stalls, as the firmware does.
 */
export interface FakeCanokeyOptions {
  card: CardBackend;
  events?: FakeDeviceEvents;
  /** Report "processing" for this many status polls before the response is ready. */
  busyPolls?: number;
  unplug?: UnplugPlan;
}

type Setup = { requestType: string; recipient: string; request: number; value: number; index: number };

const STATE_IDLE = 0xff;
const STATE_PROCESS = 1;
const STATE_SENDING = 0;
const STATE_SENT = 2;

/** FIDO HID uses interrupt endpoints, CCID bulk ones. */
const endpointType = (interfaceClass: number) =>
  interfaceClass === 0x0b ? ('bulk' as const) : ('interrupt' as const);

function view(bytes: Uint8Array): DataView {
  const copy = bytes.slice();
  return new DataView(copy.buffer);
}

export class FakeCanokey {
  readonly vendorId = 0x20a0;
  readonly productId = 0x42d4;
  readonly productName = 'Fake CanoKey';
  readonly serialNumber = 'FAKE-CANOKEY';
  opened = false;
  configuration: (typeof this.configurations)[number] | null = null;
  readonly configurations = [
    {
      configurationValue: 1,
      interfaces: [0x03, 0xff, 0x0b].map((interfaceClass, interfaceNumber) => {
        const alternate = {
          alternateSetting: 0,
          interfaceClass,
          interfaceSubclass: interfaceClass === 0xff ? 0xff : 0,
          interfaceProtocol: interfaceClass === 0xff ? 0xff : 0,
          endpoints:
            interfaceClass === 0xff
              ? []
              : [
                  {
                    endpointNumber: interfaceNumber + 1,
                    direction: 'out' as const,
                    type: endpointType(interfaceClass),
                    packetSize: 64,
                  },
                  {
                    endpointNumber: interfaceNumber + 1,
                    direction: 'in' as const,
                    type: endpointType(interfaceClass),
                    packetSize: 64,
                  },
                ],
        };
        return { interfaceNumber, alternate, alternates: [alternate], claimed: false };
      }),
    },
  ];
  /** Every control transfer: setup and payload. */
  readonly log: { direction: 'out' | 'in'; setup: Setup; bytes: Uint8Array }[] = [];
  claimed = new Set<number>();
  gone = false;
  state = STATE_IDLE;

  private response: Uint8Array = new Uint8Array(0);
  private polls = 0;
  private apduCount = 0;
  private readonly options: FakeCanokeyOptions;

  constructor(options: FakeCanokeyOptions) {
    this.options = options;
  }

  async open(): Promise<void> {
    this.check();
    this.opened = true;
  }
  async close(): Promise<void> {
    this.check();
    this.opened = false;
  }
  async selectConfiguration(): Promise<void> {
    this.check();
    this.configuration = this.configurations[0]!;
  }
  async claimInterface(number: number): Promise<void> {
    this.check();
    // Chromium's protected classes: FIDO HID (0x03) and CCID (0x0B) cannot be claimed by ordinary pages.
    if (number !== 1)
      throw new DOMException('The requested interface implements a protected class.', 'SecurityError');
    this.claimed.add(number);
  }
  async releaseInterface(number: number): Promise<void> {
    this.check();
    this.claimed.delete(number);
  }
  async transferIn(): Promise<never> {
    throw new DOMException('no endpoint', 'NotFoundError');
  }
  async transferOut(): Promise<never> {
    throw new DOMException('no endpoint', 'NotFoundError');
  }

  private valid(setup: Setup): boolean {
    return (
      setup.requestType === 'vendor' &&
      setup.recipient === 'interface' &&
      setup.index === 1 &&
      this.claimed.has(1)
    );
  }

  async controlTransferOut(setup: Setup, data?: Uint8Array) {
    this.check();
    const bytes = new Uint8Array(data ?? new Uint8Array(0));
    this.log.push({ direction: 'out', setup: { ...setup }, bytes: bytes.slice() });
    if (!this.valid(setup) || setup.request !== 0 || this.state === STATE_PROCESS) {
      return { status: 'stall' as const, bytesWritten: 0 };
    }
    this.state = STATE_PROCESS;
    this.polls = 0;
    this.apduCount++;
    const reply = forward(this.options.card, bytes, this.apduCount, this.options.unplug ?? {}, () =>
      this.unplug(),
    );
    void reply.then((response) => {
      if (!response || this.gone) return;
      this.response = response;
      // Keep reporting "processing" for the configured number of polls, as a slow card would.
      const ready = () => {
        if (this.polls >= (this.options.busyPolls ?? 0)) this.state = STATE_SENDING;
        else setTimeout(ready, 0);
      };
      ready();
    });
    return { status: 'ok' as const, bytesWritten: bytes.length };
  }

  async controlTransferIn(setup: Setup, length: number) {
    this.check();
    if (!this.valid(setup)) return { status: 'stall' as const };
    if (setup.request === 2) {
      this.polls++;
      const bytes = Uint8Array.of(this.state);
      this.log.push({ direction: 'in', setup: { ...setup }, bytes });
      return { status: 'ok' as const, data: view(bytes) };
    }
    if (setup.request === 1 && this.state === STATE_SENDING) {
      const bytes = this.response.subarray(0, Math.min(length, this.response.length));
      this.state = STATE_SENT;
      this.log.push({ direction: 'in', setup: { ...setup }, bytes: bytes.slice() });
      return { status: 'ok' as const, data: view(bytes) };
    }
    return { status: 'stall' as const };
  }

  unplug(): void {
    if (this.gone) return;
    this.gone = true;
    this.opened = false;
    this.options.events?.disconnect(this);
  }

  private check(): void {
    if (this.gone) throw unpluggedError();
  }
}

export { FakeDeviceEvents };
