import { type CardBackend, FakeDeviceEvents, type UnplugPlan, forward, unpluggedError } from './common.js';
import { T1Card, type T1CardOptions } from './t1-card.js';

/**
 * A fake WebUSB `USBDevice` that is a CCID smart-card reader (USB CCID rev 1.1) with `card` inserted: it
 * parses every PC_to_RDR bulk message byte by byte (header, dwLength, bSlot, bSeq, wLevelParameter), answers
 * with RDR_to_PC messages as a real reader would (time extensions, response chaining, short packets), and
 * returns its configuration descriptor, CCID class descriptor included, to GET_DESCRIPTOR.
 */
export interface FakeCcidOptions {
  card: CardBackend;
  events?: FakeDeviceEvents;
  /** Exchange level declared in dwFeatures. Default short APDU. */
  level?: 'short-apdu' | 'extended-apdu' | 'tpdu';
  /** dwMaxCCIDMessageLength. Default 271 (short APDU readers' usual value). */
  maxMessageLength?: number;
  /** Answer each command with this many time-extension messages first. */
  timeExtensions?: number;
  /** Split every RDR_to_PC message over several bulk IN transfers of at most this size. */
  inChunk?: number;
  unplug?: UnplugPlan;
  productName?: string;
  /** dwFeatures to declare instead of the level's usual value. */
  features?: number;
  /** The card's T=1 behaviour behind a TPDU-level reader. */
  t1?: T1CardOptions;
  /** No card in the reader: power-on fails with "no ICC present". */
  empty?: boolean;
  /** The ATR to return instead of the card's (a T=0-only one, say). */
  atr?: Uint8Array;
}

const FEATURES = { 'short-apdu': 0x000204ba, 'extended-apdu': 0x000404ba, tpdu: 0x000100ba } as const;

interface Waiter {
  resolve: (value: Uint8Array) => void;
  reject: (error: unknown) => void;
}

function u32le(value: number): number[] {
  return [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff];
}

function dataView(bytes: Uint8Array): DataView {
  const copy = bytes.slice();
  return new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
}

export class FakeCcidReader {
  readonly vendorId = 0x1050;
  readonly productId = 0x0407;
  readonly productName: string;
  readonly serialNumber = 'FAKE-CCID';
  opened = false;
  configuration: ReturnType<FakeCcidReader['makeConfiguration']> | null = null;
  readonly configurations: ReturnType<FakeCcidReader['makeConfiguration']>[];
  /** Every bulk message, in order, as it crossed the wire. */
  readonly log: { direction: 'out' | 'in'; bytes: Uint8Array }[] = [];
  claimed = new Set<number>();
  gone = false;
  powered = false;

  private readonly options: FakeCcidOptions;
  private readonly maxMessage: number;
  private outgoing: Uint8Array[] = [];
  private waiters: Waiter[] = [];
  private apduCount = 0;
  private commandParts: Uint8Array[] = [];
  private responseRest: Uint8Array | undefined;
  /** The T=1 card side, for TPDU-level readers. */
  readonly t1: T1Card | undefined;
  /** SetParameters data received (T=1 protocol data structure). */
  readonly parameters: Uint8Array[] = [];

  constructor(options: FakeCcidOptions) {
    this.options = options;
    this.productName = options.productName ?? 'Fake CCID Reader';
    this.maxMessage = options.maxMessageLength ?? 271;
    this.configurations = [this.makeConfiguration()];
    if (options.level === 'tpdu') {
      this.t1 = new T1Card(options.card, options.t1 ?? {}, (apdu) => {
        this.apduCount++;
        return forward(options.card, apdu, this.apduCount, options.unplug ?? {}, () => this.unplug());
      });
    }
  }

  private makeConfiguration() {
    return {
      configurationValue: 1,
      interfaces: [
        {
          interfaceNumber: 0,
          claimed: false,
          alternate: {
            alternateSetting: 0,
            interfaceClass: 0x0b,
            interfaceSubclass: 0,
            interfaceProtocol: 0,
            endpoints: [
              { endpointNumber: 1, direction: 'out' as const, type: 'bulk' as const, packetSize: 64 },
              { endpointNumber: 2, direction: 'in' as const, type: 'bulk' as const, packetSize: 64 },
              { endpointNumber: 3, direction: 'in' as const, type: 'interrupt' as const, packetSize: 8 },
            ],
          },
          get alternates() {
            return [this.alternate];
          },
        },
      ],
    };
  }

  /** The configuration descriptor: configuration, interface, CCID functional (54 bytes), endpoints. */
  configurationDescriptor(): Uint8Array {
    const ccid = [
      0x36,
      0x21,
      0x10,
      0x01,
      0x00,
      0x07,
      ...u32le(0x02),
      ...u32le(3580),
      ...u32le(3580),
      0x00,
      ...u32le(9600),
      ...u32le(9600),
      0x00,
      ...u32le(254),
      ...u32le(0),
      ...u32le(0),
      ...u32le(this.options.features ?? FEATURES[this.options.level ?? 'short-apdu']),
      ...u32le(this.maxMessage),
      0xff,
      0xff,
      0x00,
      0x00,
      0x00,
      0x01,
    ];
    const endpoints = [
      [0x07, 0x05, 0x01, 0x02, 0x40, 0x00, 0x00],
      [0x07, 0x05, 0x82, 0x02, 0x40, 0x00, 0x00],
      [0x07, 0x05, 0x83, 0x03, 0x08, 0x00, 0xff],
    ].flat();
    const iface = [0x09, 0x04, 0x00, 0x00, 0x03, 0x0b, 0x00, 0x00, 0x00];
    const total = 9 + iface.length + ccid.length + endpoints.length;
    return Uint8Array.from([
      0x09,
      0x02,
      total & 0xff,
      total >> 8,
      0x01,
      0x01,
      0x00,
      0x80,
      0x32,
      ...iface,
      ...ccid,
      ...endpoints,
    ]);
  }

  async open(): Promise<void> {
    this.check();
    this.opened = true;
  }
  async close(): Promise<void> {
    this.check();
    this.opened = false;
    this.claimed.clear();
  }
  async selectConfiguration(value: number): Promise<void> {
    this.check();
    if (value !== 1) throw new DOMException('no such configuration', 'NotFoundError');
    this.configuration = this.configurations[0]!;
  }
  async claimInterface(number: number): Promise<void> {
    this.check();
    if (!this.opened || number !== 0) throw new DOMException('cannot claim', 'InvalidStateError');
    this.claimed.add(number);
  }
  async releaseInterface(number: number): Promise<void> {
    this.check();
    this.claimed.delete(number);
  }

  async controlTransferIn(
    setup: { requestType: string; recipient: string; request: number; value: number; index: number },
    length: number,
  ) {
    this.check();
    if (
      setup.requestType === 'standard' &&
      setup.recipient === 'device' &&
      setup.request === 6 &&
      setup.value === 0x0200
    ) {
      return { status: 'ok' as const, data: dataView(this.configurationDescriptor().subarray(0, length)) };
    }
    return { status: 'stall' as const };
  }

  async controlTransferOut() {
    this.check();
    return { status: 'stall' as const, bytesWritten: 0 };
  }

  async transferOut(endpoint: number, data: Uint8Array) {
    this.check();
    if (endpoint !== 1 || !this.claimed.has(0))
      throw new DOMException('endpoint not claimed', 'InvalidStateError');
    const message = new Uint8Array(data);
    this.log.push({ direction: 'out', bytes: message.slice() });
    // Answer asynchronously, as the reader would after the bulk OUT completes.
    void this.handle(message).catch(() => undefined);
    return { status: 'ok' as const, bytesWritten: message.length };
  }

  transferIn(endpoint: number, length: number) {
    this.check();
    if (endpoint !== 2 || !this.claimed.has(0)) {
      return Promise.reject(new DOMException('endpoint not claimed', 'InvalidStateError'));
    }
    const take = (bytes: Uint8Array) => {
      const chunk = Math.min(length, this.options.inChunk ?? length);
      if (bytes.length > chunk) this.outgoing.unshift(bytes.subarray(chunk));
      return { status: 'ok' as const, data: dataView(bytes.subarray(0, chunk)) };
    };
    const next = this.outgoing.shift();
    if (next) return Promise.resolve(take(next));
    return new Promise<Uint8Array>((resolve, reject) => this.waiters.push({ resolve, reject })).then(take);
  }

  /** Pulls the device out: pending and later transfers fail, `navigator.usb` fires `disconnect`. */
  unplug(): void {
    if (this.gone) return;
    this.gone = true;
    this.opened = false;
    for (const waiter of this.waiters) waiter.reject(unpluggedError());
    this.waiters = [];
    this.options.events?.disconnect(this);
  }

  private check(): void {
    if (this.gone) throw unpluggedError();
  }

  private send(message: Uint8Array): void {
    if (this.gone) return;
    this.log.push({ direction: 'in', bytes: message.slice() });
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(message);
    else this.outgoing.push(message);
  }

  private answer(
    type: number,
    seq: number,
    status: number,
    error: number,
    param: number,
    data: Uint8Array = new Uint8Array(0),
  ) {
    const message = new Uint8Array(10 + data.length);
    message.set([type, ...u32le(data.length), 0, seq, status, error, param]);
    message.set(data, 10);
    this.send(message);
  }

  private async handle(message: Uint8Array): Promise<void> {
    const type = message[0]!;
    const length = message[1]! | (message[2]! << 8) | (message[3]! << 16) | (message[4]! << 24);
    const slot = message[5]!;
    const seq = message[6]!;
    if (message.length !== 10 + length || slot !== 0) {
      // CCID 6.2.6: bad dwLength is error offset 1, bad slot offset 5.
      this.answer(0x81, seq, 0x41, message.length !== 10 + length ? 1 : 5, 0);
      return;
    }
    const data = message.subarray(10);
    const inactive = this.powered ? 0x00 : 0x01;
    if (type === 0x62 && this.options.empty) {
      this.answer(0x80, seq, 0x42, 0xfe, 0); // command failed, no ICC present, ICC_MUTE
      return;
    }
    if (type === 0x62) {
      this.powered = true;
      this.options.card.powerOn();
      this.t1?.reset();
      this.answer(0x80, seq, 0x00, 0, 0, this.options.atr ?? this.options.card.atr);
      return;
    }
    if (type === 0x63) {
      this.powered = false;
      this.options.card.powerOff();
      this.answer(0x81, seq, 0x01, 0, 0);
      return;
    }
    if (type === 0x61) {
      // PC_to_RDR_SetParameters: T=1 takes a 7-byte structure (CCID 6.1.7); echo it as RDR_to_PC_Parameters.
      if (message[7] !== 1 || data.length !== 7) {
        this.answer(0x82, seq, 0x40 | inactive, message[7] !== 1 ? 7 : 1, 0);
        return;
      }
      this.parameters.push(data.slice());
      this.answer(0x82, seq, inactive, 0, 1, data);
      return;
    }
    if (type === 0x65) {
      this.answer(0x81, seq, inactive, 0, 0);
      return;
    }
    if (type !== 0x6f) {
      this.answer(0x81, seq, 0x40 | inactive, 0x00, 0); // CMD_NOT_SUPPORTED
      return;
    }
    if (!this.powered) {
      this.answer(0x80, seq, 0x41, 0xfb, 0); // ICC inactive, HW_ERROR-ish: card not powered
      return;
    }
    const level = message[8]! | (message[9]! << 8);
    const room = this.maxMessage - 10;
    if (this.t1) {
      // TPDU level: abData is one T=1 block, and so is the answer.
      const reply = await this.t1.receive(data.slice());
      if (reply) this.answer(0x80, seq, 0, 0, 0, reply);
      return;
    }
    if (level === 0x10) {
      const rest = this.responseRest;
      if (!rest) {
        this.answer(0x80, seq, 0x40, 0x08, 0); // bad wLevelParameter
        return;
      }
      const part = rest.subarray(0, room);
      this.responseRest = rest.length > room ? rest.subarray(room) : undefined;
      this.answer(0x80, seq, 0, 0, this.responseRest ? 0x03 : 0x02, part);
      return;
    }
    if (level === 0x01 || level === 0x03) {
      if (this.options.level !== 'extended-apdu') {
        this.answer(0x80, seq, 0x40, 0x08, 0);
        return;
      }
      if (level === 0x01) this.commandParts = [];
      this.commandParts.push(data.slice());
      this.answer(0x80, seq, 0, 0, 0x10);
      return;
    }
    let apdu = data;
    if (level === 0x02) {
      this.commandParts.push(data.slice());
      const total = this.commandParts.reduce((n, part) => n + part.length, 0);
      apdu = new Uint8Array(total);
      let offset = 0;
      for (const part of this.commandParts) {
        apdu.set(part, offset);
        offset += part.length;
      }
      this.commandParts = [];
    } else if (level !== 0) {
      this.answer(0x80, seq, 0x40, 0x08, 0);
      return;
    }
    this.apduCount++;
    const reply = forward(this.options.card, apdu.slice(), this.apduCount, this.options.unplug ?? {}, () =>
      this.unplug(),
    );
    for (let i = 0; i < (this.options.timeExtensions ?? 0); i++) {
      this.answer(0x80, seq, 0x80, 0x01, 0); // bmCommandStatus 2: time extension, BWT multiplier 1
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const response = await reply;
    if (!response) return;
    if (response.length > room) {
      this.responseRest = response.subarray(room);
      this.answer(0x80, seq, 0, 0, 0x01, response.subarray(0, room));
      return;
    }
    this.answer(0x80, seq, 0, 0, 0, response);
  }
}

export { FakeDeviceEvents };
