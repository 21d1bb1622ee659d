import { type CardBackend, FakeDeviceEvents, type UnplugPlan, forward, unpluggedError } from './common.js';

/**
 * A fake WebHID `HIDDevice` with Ledger's APDU framing on usage page 0xFFA0: it reassembles 64-byte output
 * reports (channel 0x0101, tag 0x05, big-endian packet index, 2-byte APDU length in the first packet),
 * rejecting anything malformed, forwards the APDU to `card`, and sends the response back as input reports
 * framed the same way. The framing code here is written separately from src/token/ledger-hid.ts on purpose.
 */
export interface FakeLedgerOptions {
  card: CardBackend;
  events?: FakeDeviceEvents;
  unplug?: UnplugPlan;
}

export class FakeLedgerHid extends EventTarget {
  readonly vendorId = 0x2c97;
  readonly productId = 0x4011;
  readonly productName = 'Fake Ledger';
  readonly collections = [
    {
      usagePage: 0xffa0,
      usage: 0x01,
      type: 1,
      children: [],
      inputReports: [],
      outputReports: [],
      featureReports: [],
    },
  ];
  opened = false;
  gone = false;
  readonly sent: Uint8Array[] = [];
  readonly received: Uint8Array[] = [];
  /** Framing errors seen, which a test expects to stay empty. */
  readonly errors: string[] = [];

  private buffer: number[] = [];
  private expected = -1;
  private index = 0;
  private apduCount = 0;
  private readonly options: FakeLedgerOptions;

  constructor(options: FakeLedgerOptions) {
    super();
    this.options = options;
  }

  async open(): Promise<void> {
    this.check();
    this.opened = true;
  }
  async close(): Promise<void> {
    this.opened = false;
  }

  async sendReport(reportId: number, data: Uint8Array): Promise<void> {
    this.check();
    if (!this.opened) throw new DOMException('The device must be opened first.', 'InvalidStateError');
    const report = new Uint8Array(data);
    this.sent.push(report.slice());
    if (reportId !== 0 || report.length !== 64)
      return this.fail(`report id ${reportId} length ${report.length}`);
    if (report[0] !== 0x01 || report[1] !== 0x01 || report[2] !== 0x05) return this.fail('channel/tag');
    const index = (report[3]! << 8) | report[4]!;
    if (index !== this.index) return this.fail(`index ${index}, expected ${this.index}`);
    let offset = 5;
    if (index === 0) {
      this.expected = (report[5]! << 8) | report[6]!;
      this.buffer = [];
      offset = 7;
    }
    this.index++;
    this.buffer.push(...report.subarray(offset, offset + this.expected - this.buffer.length));
    if (this.buffer.length < this.expected) return;
    const apdu = Uint8Array.from(this.buffer);
    this.index = 0;
    this.apduCount++;
    void forward(this.options.card, apdu, this.apduCount, this.options.unplug ?? {}, () =>
      this.unplug(),
    ).then((response) => {
      if (response && !this.gone) this.respond(response);
    });
  }

  private respond(response: Uint8Array): void {
    const payload = [response.length >> 8, response.length & 0xff, ...response];
    for (let index = 0, offset = 0; offset < payload.length; index++) {
      const report = new Uint8Array(64);
      report.set([0x01, 0x01, 0x05, index >> 8, index & 0xff]);
      const chunk = payload.slice(offset, offset + 59);
      report.set(chunk, 5);
      offset += chunk.length;
      this.received.push(report.slice());
      const event = new Event('inputreport');
      Object.defineProperties(event, {
        reportId: { value: 0 },
        data: { value: new DataView(report.buffer) },
        device: { value: this },
      });
      this.dispatchEvent(event);
    }
  }

  private fail(message: string): void {
    this.errors.push(message);
    this.index = 0;
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
