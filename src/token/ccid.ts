import { ShirushiError } from '../errors/shirushi-error.js';
import type { ApduTransport } from './apdu.js';
import { RemovalGuard } from './guard.js';
import { T1Protocol, t1FromAtr } from './t1.js';
import {
  bytesOf,
  type DeviceEventSource,
  type TokenGlobal,
  type UsbDeviceLike,
  type UsbEndpointLike,
} from './platform.js';

/**
 * CCID (USB Device Class: Smart Card CCID, rev 1.1) over WebUSB bulk endpoints.
 *
 * Browsers: Chromium refuses to let ordinary pages claim an interface of class 0x0B (smart card) and
 * blocklists the common token vendors, so this transport works only in an Isolated Web App granted the
 * `usb-unrestricted` permission. Firefox and WebKit have no WebUSB at all. `availableTransports()` says so.
 *
 * Readers that exchange whole APDUs (dwFeatures "short APDU" or "short and extended APDU" level) get the
 * APDU as is. TPDU-level readers (most plain IC-card readers, the kind G-ID holders use) only move protocol
 * blocks, so for them the T=1 block protocol runs here (t1.ts); a card that offers only T=0 on such a
 * reader is refused with `token/unsupported-reader` (T=0 TPDUs are not implemented), as are
 * character-level readers.
 */

export const CCID = {
  INTERFACE_CLASS: 0x0b,
  PC_TO_RDR_ICC_POWER_ON: 0x62,
  PC_TO_RDR_ICC_POWER_OFF: 0x63,
  PC_TO_RDR_XFR_BLOCK: 0x6f,
  PC_TO_RDR_SET_PARAMETERS: 0x61,
  RDR_TO_PC_DATA_BLOCK: 0x80,
  RDR_TO_PC_SLOT_STATUS: 0x81,
  RDR_TO_PC_PARAMETERS: 0x82,
  /** dwFeatures: the reader negotiates parameters / does PPS itself, and exchanges IFSD itself. */
  AUTO_PARAMETERS: 0x00000040,
  AUTO_PPS: 0x00000080,
  AUTO_IFSD: 0x00000400,
  /** Class descriptor type (CCID 5.1): the functional descriptor follows the interface descriptor. */
  FUNCTIONAL_DESCRIPTOR: 0x21,
  /** dwFeatures exchange level bits (CCID 5.1, dwFeatures). */
  LEVEL_MASK: 0x00070000,
  LEVEL_TPDU: 0x00010000,
  LEVEL_SHORT_APDU: 0x00020000,
  LEVEL_EXTENDED_APDU: 0x00040000,
  HEADER: 10,
} as const;

/** bError values the host acts on (CCID 6.2.6). */
const ICC_MUTE = 0xfe;

export interface CcidOptions {
  device: UsbDeviceLike;
  /** Where `disconnect` events come from; `navigator.usb` by default. */
  events?: DeviceEventSource;
  slot?: number;
}

export interface CcidReaderInfo {
  interfaceNumber: number;
  features: number;
  maxMessageLength: number;
  level: 'tpdu-t1' | 'short-apdu' | 'extended-apdu';
  atr: Uint8Array;
}

function u32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16) | (bytes[offset + 3]! << 24)) >>>
    0
  );
}

/** Builds one PC_to_RDR message: the 10-byte header (CCID 6.1) and its data. */
export function ccidMessage(
  type: number,
  slot: number,
  sequence: number,
  specific: readonly [number, number, number],
  data: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const out = new Uint8Array(CCID.HEADER + data.length);
  out[0] = type;
  out[1] = data.length & 0xff;
  out[2] = (data.length >> 8) & 0xff;
  out[3] = (data.length >> 16) & 0xff;
  out[4] = (data.length >>> 24) & 0xff;
  out[5] = slot;
  out[6] = sequence;
  out.set(specific, 7);
  out.set(data, CCID.HEADER);
  return out;
}

/**
 * Finds the CCID functional descriptor of `interfaceNumber` in a raw configuration descriptor. WebUSB does
 * not expose class-specific descriptors, so the transport reads the configuration descriptor itself.
 */
export function parseCcidDescriptor(
  config: Uint8Array,
  interfaceNumber: number,
): { features: number; maxMessageLength: number } | undefined {
  let inInterface = false;
  for (let offset = 0; offset + 2 <= config.length;) {
    const length = config[offset]!;
    const type = config[offset + 1]!;
    if (length < 2 || offset + length > config.length) return undefined;
    if (type === 0x04) {
      inInterface = config[offset + 2] === interfaceNumber && config[offset + 5] === CCID.INTERFACE_CLASS;
    } else if (type === CCID.FUNCTIONAL_DESCRIPTOR && inInterface && length >= 54) {
      return { features: u32(config, offset + 40), maxMessageLength: u32(config, offset + 44) };
    }
    offset += length;
  }
  return undefined;
}

export class CcidTransport implements ApduTransport {
  readonly kind = 'ccid-webusb' as const;
  readonly label: string;
  extendedLength = false;
  info: CcidReaderInfo | undefined;

  private readonly device: UsbDeviceLike;
  private readonly slot: number;
  private readonly guard: RemovalGuard;
  private sequence = 0;
  private endpointIn = 0;
  private endpointOut = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private t1: T1Protocol | undefined;

  constructor(options: CcidOptions) {
    this.device = options.device;
    this.slot = options.slot ?? 0;
    const events = options.events ?? (globalThis as TokenGlobal).navigator?.usb;
    this.guard = new RemovalGuard(this.device, events);
    this.label = this.device.productName || 'CCID reader';
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
      (candidate) => candidate.alternate.interfaceClass === CCID.INTERFACE_CLASS,
    );
    if (!iface) throw new ShirushiError('token/no-device', { detail: 'no CCID interface (class 0x0B)' });
    const bulk = (direction: 'in' | 'out'): UsbEndpointLike | undefined =>
      iface.alternate.endpoints.find(
        (endpoint) => endpoint.type === 'bulk' && endpoint.direction === direction,
      );
    const inEndpoint = bulk('in');
    const outEndpoint = bulk('out');
    if (!inEndpoint || !outEndpoint) {
      throw new ShirushiError('token/unsupported-reader', {
        detail: 'CCID interface without bulk endpoints',
      });
    }
    this.endpointIn = inEndpoint.endpointNumber;
    this.endpointOut = outEndpoint.endpointNumber;

    const descriptor = await this.readDescriptor(iface.interfaceNumber);
    // Without a readable class descriptor, assume the commonest token kind: short APDU exchange.
    const features = descriptor?.features ?? CCID.LEVEL_SHORT_APDU;
    const maxMessageLength = Math.max(descriptor?.maxMessageLength ?? 271, 271);
    const levelBits = features & CCID.LEVEL_MASK;
    if (
      levelBits !== CCID.LEVEL_SHORT_APDU &&
      levelBits !== CCID.LEVEL_EXTENDED_APDU &&
      levelBits !== CCID.LEVEL_TPDU
    ) {
      throw new ShirushiError('token/unsupported-reader', { detail: 'character-level reader' });
    }
    await this.guard.run(() => device.claimInterface(iface.interfaceNumber));
    const atr = await this.command(CCID.PC_TO_RDR_ICC_POWER_ON, [0, 0, 0]).catch((error: unknown) => {
      // "No ICC present" at power-on is an empty reader, not an unplugged one.
      if (error instanceof ShirushiError && error.code === 'token/disconnected' && !this.guard.disconnected) {
        throw new ShirushiError('token/no-device', { detail: 'no card in the reader' });
      }
      throw error;
    });
    this.extendedLength = levelBits === CCID.LEVEL_EXTENDED_APDU;
    const level =
      levelBits === CCID.LEVEL_TPDU ? 'tpdu-t1' : this.extendedLength ? 'extended-apdu' : 'short-apdu';
    this.info = { interfaceNumber: iface.interfaceNumber, features, maxMessageLength, level, atr };
    this.t1 = undefined;
    if (level === 'tpdu-t1') await this.startT1(atr, features);
  }

  /** Sets a TPDU-level reader up for T=1: parameters when the reader does not, then our IFSD. */
  private async startT1(atr: Uint8Array, features: number): Promise<void> {
    const t1 = t1FromAtr(atr);
    if (!t1.offered || t1.crc) {
      throw new ShirushiError('token/unsupported-reader', {
        detail: t1.crc ? 'T=1 card with CRC' : 'TPDU-level reader with a T=0-only card',
      });
    }
    if ((features & (CCID.AUTO_PARAMETERS | CCID.AUTO_PPS)) === 0) {
      // PC_to_RDR_SetParameters, T=1 (CCID 6.1.7): Fi/Di 11 (the ATR default), LRC and direct convention,
      // no extra guard time, BWI 4 / CWI 13 (ISO 7816-3 defaults), no clock stop, IFSC, NAD 0.
      await this.command(
        CCID.PC_TO_RDR_SET_PARAMETERS,
        [1, 0, 0],
        Uint8Array.of(0x11, 0x10, 0x00, 0x4d, 0x00, t1.ifsc, 0x00),
        CCID.RDR_TO_PC_PARAMETERS,
      );
    }
    const protocol = new T1Protocol(
      (block) => this.command(CCID.PC_TO_RDR_XFR_BLOCK, [0, 0, 0], block),
      t1.ifsc,
    );
    if ((features & CCID.AUTO_IFSD) === 0) await protocol.negotiateIfsd(254);
    this.t1 = protocol;
  }

  async close(): Promise<void> {
    const info = this.info;
    this.info = undefined;
    this.guard.stop();
    if (this.guard.disconnected) return;
    try {
      if (info) {
        await this.command(CCID.PC_TO_RDR_ICC_POWER_OFF, [0, 0, 0], undefined, CCID.RDR_TO_PC_SLOT_STATUS);
        await this.device.releaseInterface(info.interfaceNumber);
      }
      await this.device.close();
    } catch {
      // Closing a device that is half gone must not hide the error that made the caller close it.
    }
  }

  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const run = this.queue.then(() => this.xfrBlock(apdu));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async xfrBlock(apdu: Uint8Array): Promise<Uint8Array> {
    const info = this.info;
    if (!info) throw new ShirushiError('token/not-open');
    if (this.t1) return this.t1.transmit(apdu);
    const room = info.maxMessageLength - CCID.HEADER;
    if (apdu.length <= room) return this.command(CCID.PC_TO_RDR_XFR_BLOCK, [0, 0, 0], apdu);
    if (info.level !== 'extended-apdu') {
      throw new ShirushiError('token/transport-failed', {
        detail: `APDU of ${apdu.length} bytes for a short-APDU reader`,
      });
    }
    // Extended APDU level: a command longer than one message goes in parts, wLevelParameter 1 (begins),
    // 3 (continues), 2 (ends) (CCID 6.1.4); the reader answers the intermediate parts with empty blocks.
    let response: Uint8Array = new Uint8Array(0);
    for (let offset = 0; offset < apdu.length; offset += room) {
      const first = offset === 0;
      const last = offset + room >= apdu.length;
      const level = first ? 1 : last ? 2 : 3;
      response = await this.command(
        CCID.PC_TO_RDR_XFR_BLOCK,
        [0, level, 0],
        apdu.subarray(offset, offset + room),
      );
    }
    return response;
  }

  /** One command message and its answer, with time extensions and response chaining. */
  private async command(
    type: number,
    specific: readonly [number, number, number],
    data?: Uint8Array,
    answerType: number = CCID.RDR_TO_PC_DATA_BLOCK,
  ): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let message = ccidMessage(type, this.slot, this.nextSequence(), specific, data);
    for (;;) {
      await this.write(message);
      const answer = await this.readAnswer(message[6]!, answerType);
      parts.push(answer.data);
      // bChainParameter 1 or 3: more response follows; ask for it with wLevelParameter 0x10 (CCID 6.2.1).
      // (Only data blocks chain; byte 9 of other answers is something else, e.g. bProtocolNum.)
      if (answerType !== CCID.RDR_TO_PC_DATA_BLOCK || (answer.chain !== 0x01 && answer.chain !== 0x03)) break;
      message = ccidMessage(CCID.PC_TO_RDR_XFR_BLOCK, this.slot, this.nextSequence(), [0, 0x10, 0]);
    }
    if (parts.length === 1) return parts[0]!;
    const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  private nextSequence(): number {
    const value = this.sequence;
    this.sequence = (this.sequence + 1) & 0xff;
    return value;
  }

  private async write(message: Uint8Array): Promise<void> {
    const result = await this.guard.run(() => this.device.transferOut(this.endpointOut, message));
    if (result.status !== 'ok' || result.bytesWritten !== message.length) {
      throw new ShirushiError('token/transport-failed', { detail: `bulk OUT ${result.status}` });
    }
  }

  /** Reads RDR_to_PC messages for `sequence` until one is not a time extension. */
  private async readAnswer(
    sequence: number,
    answerType: number,
  ): Promise<{ data: Uint8Array; chain: number }> {
    for (;;) {
      const message = await this.readMessage();
      if (message[6] !== sequence) {
        throw new ShirushiError('token/bad-response', {
          detail: `CCID sequence ${message[6]} for ${sequence}`,
        });
      }
      const status = message[7]!;
      const error = message[8]!;
      const commandStatus = status >> 6;
      const iccStatus = status & 0x03;
      // bmCommandStatus 2: the card asked for more time; the real answer follows with the same bSeq.
      if (commandStatus === 2) continue;
      if (commandStatus === 1) {
        if (iccStatus === 2)
          throw new ShirushiError('token/disconnected', { detail: 'the card was removed' });
        if (error === ICC_MUTE)
          throw new ShirushiError('token/no-device', { detail: 'the card does not answer' });
        throw new ShirushiError('token/transport-failed', {
          detail: `CCID error 0x${error.toString(16).padStart(2, '0')}`,
        });
      }
      if (message[0] !== answerType) {
        throw new ShirushiError('token/bad-response', {
          detail: `CCID message 0x${message[0]!.toString(16)}`,
        });
      }
      return { data: message.slice(CCID.HEADER), chain: message[9]! };
    }
  }

  /** One whole RDR_to_PC message, however the bulk IN transfers split it. */
  private async readMessage(): Promise<Uint8Array> {
    const limit = Math.max(this.info?.maxMessageLength ?? 0, 271) + CCID.HEADER;
    let buffer: Uint8Array = new Uint8Array(0);
    for (;;) {
      const result = await this.guard.run(() => this.device.transferIn(this.endpointIn, limit));
      if (result.status !== 'ok') {
        throw new ShirushiError('token/transport-failed', { detail: `bulk IN ${result.status}` });
      }
      const chunk = bytesOf(result.data);
      const joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer);
      joined.set(chunk, buffer.length);
      buffer = joined;
      if (buffer.length >= CCID.HEADER && buffer.length >= CCID.HEADER + u32(buffer, 1)) {
        return buffer.subarray(0, CCID.HEADER + u32(buffer, 1));
      }
    }
  }

  private async readDescriptor(interfaceNumber: number) {
    try {
      const setup = {
        requestType: 'standard',
        recipient: 'device',
        request: 6,
        value: 0x0200,
        index: 0,
      } as const;
      const head = bytesOf((await this.device.controlTransferIn(setup, 9)).data);
      if (head.length < 4) return undefined;
      const total = head[2]! | (head[3]! << 8);
      const full = bytesOf((await this.device.controlTransferIn(setup, total)).data);
      return parseCcidDescriptor(full, interfaceNumber);
    } catch {
      // Some platforms refuse GET_DESCRIPTOR from pages; fall back to the short-APDU assumption.
      return undefined;
    }
  }
}
