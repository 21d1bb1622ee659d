/**
 * Shared parts of the fake devices: the card they forward APDUs to, `navigator.usb` / `navigator.hid`
 * stand-ins that fire `disconnect`, and the errors real browsers raise for a device that went away.
 */

/** What a fake device needs from a card: test/tools/card's VirtualCard, or a scripted responder. */
export interface CardBackend {
  readonly atr: Uint8Array;
  powerOn(): void;
  powerOff(): void;
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

/** A stand-in for `navigator.usb` / `navigator.hid`: only the `disconnect` event matters to transports. */
export class FakeDeviceEvents extends EventTarget {
  disconnect(device: unknown): void {
    const event = new Event('disconnect');
    Object.defineProperty(event, 'device', { value: device });
    this.dispatchEvent(event);
  }
}

/** The DOMException Chromium rejects WebUSB calls with after the device is unplugged. */
export function unpluggedError(): DOMException {
  return new DOMException('The device was disconnected.', 'NotFoundError');
}

export interface UnplugPlan {
  /** Unplug when the n-th APDU (1-based) reaches the card, before the card answers it. */
  atApdu?: number;
}

/** A card whose answers are scripted: each APDU is logged and answered by `answer` (for framing tests). */
export class ScriptedCard implements CardBackend {
  readonly atr = Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01);
  readonly received: Uint8Array[] = [];
  constructor(
    private readonly answer: (apdu: Uint8Array, index: number) => Uint8Array | Promise<Uint8Array>,
  ) {}
  powerOn(): void {}
  powerOff(): void {}
  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    this.received.push(apdu.slice());
    return this.answer(apdu, this.received.length - 1);
  }
}

export const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export const fromHex = (text: string) =>
  Uint8Array.from((text.replace(/\s+/g, '').match(/../g) ?? []).map((pair) => Number.parseInt(pair, 16)));

/** Forwards one APDU to the card, or unplugs the device instead when the plan says so. */
export async function forward(
  card: CardBackend,
  apdu: Uint8Array,
  count: number,
  plan: UnplugPlan,
  unplug: () => void,
): Promise<Uint8Array | undefined> {
  if (plan.atApdu === count) {
    unplug();
    return undefined;
  }
  return card.transmit(apdu);
}
