import { ShirushiError } from '../errors/shirushi-error.js';
import { concatBytes } from './apdu.js';

/**
 * The T=1 block protocol (ISO/IEC 7816-3 11) as a host runs it through a TPDU-level CCID reader: the reader
 * only moves blocks, so chaining, sequence numbers, waiting-time extensions, IFS negotiation and error
 * recovery are ours. Only the LRC error detection code is supported (TC3 bit 0 clear), which is what
 * tokens and ID cards offer; a CRC card is refused up front.
 */

export interface T1Block {
  nad: number;
  pcb: number;
  inf: Uint8Array;
}

const S_RESYNCH = 0xc0;
const S_IFS = 0xc1;
const S_ABORT = 0xc2;
const S_WTX = 0xc3;
const S_RESPONSE = 0x20;
/** Resends of one block before giving up (11.6.3 allows the sender to retry; three is customary). */
const MAX_RETRIES = 3;

export const isIBlock = (pcb: number) => (pcb & 0x80) === 0;
export const isRBlock = (pcb: number) => (pcb & 0xc0) === 0x80;
export const isSBlock = (pcb: number) => (pcb & 0xc0) === 0xc0;

export function lrc(bytes: Uint8Array): number {
  let value = 0;
  for (const byte of bytes) value ^= byte;
  return value;
}

/** NAD PCB LEN INF LRC. */
export function encodeT1Block(nad: number, pcb: number, inf: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (inf.length > 254) throw new RangeError('T=1 INF over 254 bytes');
  const block = new Uint8Array(4 + inf.length);
  block[0] = nad;
  block[1] = pcb;
  block[2] = inf.length;
  block.set(inf, 3);
  block[3 + inf.length] = lrc(block.subarray(0, 3 + inf.length));
  return block;
}

/** The block, or undefined when its length or LRC is wrong (the caller answers with an R-block). */
export function decodeT1Block(bytes: Uint8Array): T1Block | undefined {
  if (bytes.length < 4 || bytes[2] === 0xff || bytes.length !== 4 + bytes[2]!) return undefined;
  if (lrc(bytes.subarray(0, bytes.length - 1)) !== bytes[bytes.length - 1]) return undefined;
  return { nad: bytes[0]!, pcb: bytes[1]!, inf: bytes.slice(3, bytes.length - 1) };
}

/** What the ATR says about T=1 (ISO/IEC 7816-3 8.2): whether it is offered, IFSC and the EDC kind. */
export function t1FromAtr(atr: Uint8Array): { offered: boolean; ifsc: number; crc: boolean } {
  let offered = false;
  let ifsc = 32;
  let crc = false;
  if (atr.length < 2) return { offered, ifsc, crc };
  let y = atr[1]! >> 4;
  let offset = 2;
  let protocol = 0;
  // Interface bytes come in groups i = 1, 2, ...: TAi TBi TCi TDi, each present when Y(i) says so. The
  // group after the first TD that names T=1 carries T=1's own TA (IFSC) and TC (EDC).
  for (let group = 1; offset <= atr.length; group++) {
    const ta = y & 0x1 ? atr[offset++] : undefined;
    if (y & 0x2) offset++;
    const tc = y & 0x4 ? atr[offset++] : undefined;
    const td = y & 0x8 ? atr[offset++] : undefined;
    if (group > 2 && protocol === 1) {
      if (ta !== undefined) ifsc = ta;
      if (tc !== undefined) crc = (tc & 0x01) !== 0;
    }
    if (td === undefined) break;
    protocol = td & 0x0f;
    if (protocol === 1) offered = true;
    y = td >> 4;
  }
  return { offered, ifsc, crc };
}

export class T1Protocol {
  /** N(S) of our next I-block and the N(S) we expect of the card's next one. */
  private sendSequence = 0;
  private receiveSequence = 0;

  constructor(
    private readonly exchangeBlock: (block: Uint8Array) => Promise<Uint8Array>,
    public ifsc = 32,
    private readonly nad = 0,
  ) {}

  /** S(IFS request) with our IFSD, so the card may send INF fields up to `ifsd` bytes. */
  async negotiateIfsd(ifsd = 254): Promise<void> {
    const reply = await this.send(encodeT1Block(this.nad, S_IFS, Uint8Array.of(ifsd)));
    if (reply.pcb !== (S_IFS | S_RESPONSE) || reply.inf[0] !== ifsd) throw this.protocolError('IFS response');
  }

  /** Sends one APDU as a chain of I-blocks and returns the card's (possibly chained) response. */
  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    let offset = 0;
    let reply: T1Block;
    for (;;) {
      const chunk = apdu.subarray(offset, offset + this.ifsc);
      offset += chunk.length;
      const more = offset < apdu.length;
      reply = await this.send(encodeT1Block(this.nad, (this.sendSequence << 6) | (more ? 0x20 : 0), chunk));
      this.sendSequence ^= 1;
      if (!more) break;
      // A chained I-block is acknowledged by R(N(R) = our next N(S)).
      if (!isRBlock(reply.pcb) || ((reply.pcb >> 4) & 1) !== this.sendSequence)
        throw this.protocolError('chain ack');
    }
    const parts: Uint8Array[] = [];
    for (;;) {
      if (!isIBlock(reply.pcb) || ((reply.pcb >> 6) & 1) !== this.receiveSequence) {
        throw this.protocolError('response I-block');
      }
      parts.push(reply.inf);
      this.receiveSequence ^= 1;
      if ((reply.pcb & 0x20) === 0) break;
      reply = await this.send(encodeT1Block(this.nad, 0x80 | (this.receiveSequence << 4)));
    }
    return concatBytes(parts);
  }

  /**
   * Sends one block and returns the card's answer, after handling what the protocol handles below the
   * caller: waiting-time extensions (answered in kind), IFS requests, resend requests and bad blocks.
   */
  private async send(block: Uint8Array): Promise<T1Block> {
    let out = block;
    let retries = 0;
    for (;;) {
      const reply = decodeT1Block(await this.exchangeBlock(out));
      if (!reply) {
        // A garbled answer: ask for it again with R(N(R), EDC error) (11.6.3.2 rule 7.1).
        if (++retries > MAX_RETRIES) throw this.protocolError('garbled block');
        out = encodeT1Block(this.nad, 0x81 | (this.receiveSequence << 4));
        continue;
      }
      if (reply.pcb === S_WTX) {
        out = encodeT1Block(this.nad, S_WTX | S_RESPONSE, reply.inf);
        continue;
      }
      if (reply.pcb === S_IFS) {
        this.ifsc = reply.inf[0] ?? this.ifsc;
        out = encodeT1Block(this.nad, S_IFS | S_RESPONSE, reply.inf);
        continue;
      }
      if (reply.pcb === S_ABORT || reply.pcb === S_RESYNCH) throw this.protocolError('card aborted');
      // R(N(R) = the N(S) of the I-block we sent): the card did not get it; send it again.
      if (isRBlock(reply.pcb) && isIBlock(block[1]!) && ((reply.pcb >> 4) & 1) === ((block[1]! >> 6) & 1)) {
        if (++retries > MAX_RETRIES) throw this.protocolError('block refused');
        out = block;
        continue;
      }
      return reply;
    }
  }

  private protocolError(what: string): ShirushiError {
    return new ShirushiError('token/bad-response', { detail: `T=1 ${what}` });
  }
}
