/**
 * A virtual smart card for tests: PIV (NIST SP 800-73-4, YubiKey-compatible where yubico-piv-tool needs it)
 * and OpenPGP card 3.4 applications behind one ISO 7816-4 APDU interface. It runs in browsers and node 20
 * (WebCrypto and BigInt only). test/tools/card/vpcd.mjs connects it to pcscd through vsmartcard-vpcd so the
 * real clients can drive it; browser tests wrap it in fake USB / HID / smart-card objects.
 *
 * The card starts powered and answers short and extended APDUs, command chaining (CLA bit 0x10), and
 * splits long answers with 61xx for GET RESPONSE when they exceed Ne.
 */
import { type Command, parseCommand, type Response, status, SW } from './apdu.js';
import { concat, fromHex } from './bytes.js';
import type { ManagementAlgorithm } from './crypto.js';
import { OpenPgpApplication } from './openpgp.js';
import { PivApplication } from './piv.js';

export interface VirtualCardOptions {
  applications?: Array<'piv' | 'openpgp'>;
  pivPin?: string;
  pivPuk?: string;
  pivManagementKey?: { algorithm: '3des' | 'aes128' | 'aes192' | 'aes256'; key: Uint8Array };
  openpgpPw1?: string;
  openpgpPw3?: string;
  serial?: number;
}

/** What each emulated application implements. */
export interface CardApplication {
  readonly name: string;
  matches(aid: Uint8Array): boolean;
  select(command: Command): Response | Promise<Response>;
  process(command: Command): Promise<Response>;
  /** Power loss or card reset: forget PIN verification and other volatile state. */
  reset(): void;
}

export const DEFAULT_MANAGEMENT_KEY = fromHex('010203040506070801020304050607080102030405060708');

export class VirtualCard {
  /**
   * A YubiKey 5 style ATR: T=1 only (TD1=81), historical bytes ending in "YubiKey", and its TCK. OpenSC picks
   * its card quirks by ATR: the bare `3B 80 80 01 01` matches a PIVKey entry, which turns off EC.
   */
  readonly atr: Uint8Array = withTck(fromHex('3bfd1300008131fe158073c021c057597562694b6579'));
  private readonly applications: CardApplication[] = [];
  private selected: CardApplication | undefined;
  private powered = true;
  private pending: Uint8Array | undefined;
  private chain: { ins: number; p1: number; p2: number; parts: Uint8Array[] } | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: VirtualCardOptions = {}) {
    if (!globalThis.crypto?.subtle)
      throw new Error(
        'VirtualCard needs WebCrypto (crypto.subtle): use a secure context (https or localhost)',
      );
    const names = options.applications ?? ['piv', 'openpgp'];
    const serial = options.serial ?? 12345678;
    for (const name of names) {
      if (name === 'piv') {
        const managementKey = options.pivManagementKey ?? { algorithm: '3des', key: DEFAULT_MANAGEMENT_KEY };
        this.applications.push(
          new PivApplication({
            pin: options.pivPin ?? '123456',
            puk: options.pivPuk ?? '12345678',
            managementKey: {
              algorithm: managementKey.algorithm as ManagementAlgorithm,
              key: managementKey.key,
            },
            serial,
            version: [5, 4, 3],
          }),
        );
      } else if (name === 'openpgp') {
        this.applications.push(
          new OpenPgpApplication({
            pw1: options.openpgpPw1 ?? '123456',
            pw3: options.openpgpPw3 ?? '12345678',
            serial,
          }),
        );
      } else {
        throw new Error(`unknown card application ${String(name)}`);
      }
    }
  }

  powerOn(): void {
    this.powered = true;
    this.reset();
  }

  powerOff(): void {
    this.reset();
    this.powered = false;
  }

  /** Warm reset: no application selected, PINs and management key no longer verified. */
  reset(): void {
    this.selected = undefined;
    this.pending = undefined;
    this.chain = undefined;
    for (const application of this.applications) application.reset();
  }

  /** One command APDU in, its response APDU (data, SW1, SW2) out. Calls are handled one at a time. */
  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const copy = apdu.slice();
    const result = this.queue.then(() => this.handle(copy));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async handle(apdu: Uint8Array): Promise<Uint8Array> {
    if (!this.powered) throw new Error('the virtual card is powered off');
    const command = parseCommand(apdu);
    if (!command) return encode({ sw: SW.WRONG_LENGTH });
    // GET RESPONSE continues a reply that did not fit.
    if (command.ins === 0xc0 && (command.cla & 0x80) === 0) {
      const pending = this.pending;
      this.pending = undefined;
      if (!pending) return encode({ sw: SW.CONDITIONS_NOT_SATISFIED });
      return this.reply({ data: pending, sw: SW.OK }, command);
    }
    this.pending = undefined;
    if ((command.cla & 0x80) !== 0) return encode({ sw: SW.CLA_NOT_SUPPORTED });
    if (command.cla & 0x10) {
      const chain = this.chain;
      if (chain && (chain.ins !== command.ins || chain.p1 !== command.p1 || chain.p2 !== command.p2)) {
        this.chain = undefined;
        return encode({ sw: SW.LAST_COMMAND_EXPECTED });
      }
      this.chain = chain ?? { ins: command.ins, p1: command.p1, p2: command.p2, parts: [] };
      this.chain.parts.push(command.data);
      if (this.chain.parts.reduce((n, p) => n + p.length, 0) > 65536) {
        this.chain = undefined;
        return encode({ sw: SW.WRONG_LENGTH });
      }
      return encode({ sw: SW.OK });
    }
    let full = command;
    if (this.chain) {
      const chain = this.chain;
      this.chain = undefined;
      if (chain.ins !== command.ins || chain.p1 !== command.p1 || chain.p2 !== command.p2)
        return encode({ sw: SW.LAST_COMMAND_EXPECTED });
      full = { ...command, data: concat(...chain.parts, command.data) };
    }
    full = { ...full, cla: full.cla & ~0x10 };
    let response: Response;
    try {
      response = await this.dispatch(full);
    } catch {
      response = { sw: SW.NO_PRECISE_DIAGNOSIS };
    }
    return this.reply(response, full);
  }

  private async dispatch(command: Command): Promise<Response> {
    if (command.ins === 0xa4 && command.p1 === 0x04) {
      const application = this.applications.find((a) => a.matches(command.data));
      if (!application) return status(SW.NOT_FOUND);
      const response = await application.select(command);
      if (response.sw === SW.OK) {
        if (this.selected && this.selected !== application) this.selected.reset();
        this.selected = application;
      }
      return response;
    }
    if (!this.selected) return status(command.ins === 0xa4 ? SW.NOT_FOUND : SW.INS_NOT_SUPPORTED);
    return this.selected.process(command);
  }

  /** Answers with at most Ne bytes; the rest waits for GET RESPONSE behind 61xx. */
  private reply(response: Response, command: Command): Uint8Array {
    const data = response.data ?? new Uint8Array(0);
    if (response.sw === SW.OK && data.length > command.ne) {
      this.pending = data.subarray(command.ne);
      const left = this.pending.length;
      return encode({ data: data.subarray(0, command.ne), sw: 0x6100 | (left > 255 ? 0 : left) });
    }
    return encode({ data, sw: response.sw });
  }
}

/** Appends TCK, the XOR of T0 through the last historical byte (ISO 7816-3 8.2.5). */
function withTck(atr: Uint8Array): Uint8Array {
  return concat(atr, Uint8Array.of(atr.subarray(1).reduce((x, b) => x ^ b, 0)));
}

function encode(response: Response): Uint8Array {
  return concat(response.data ?? new Uint8Array(0), Uint8Array.of(response.sw >> 8, response.sw & 0xff));
}

export { PivApplication } from './piv.js';
export { OpenPgpApplication } from './openpgp.js';
