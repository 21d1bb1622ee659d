import type { CardBackend } from './common.js';

/**
 * The card's side of T=1 (ISO/IEC 7816-3 11) for the fake TPDU-level reader: it checks every block's LRC
 * and sequence numbers, acknowledges chained I-blocks, answers S(IFS) and S(WTX) responses, chains its own
 * answers by the host's IFSD, and resends on R-blocks. Written apart from src/token/t1.ts so the two check
 * each other. Options let a test make the card ask for more time or garble one answer.
 */
export interface T1CardOptions {
  /** The card's IFSC (what the ATR would say); default 32, so most APDUs are chained. */
  ifsc?: number;
  /** Ask for a waiting-time extension before the first block of every response. */
  wtx?: boolean;
  /** Garble (wrong LRC) the first block of the n-th response, once. */
  garbleResponse?: number;
}

const lrc = (bytes: number[]) => bytes.reduce((value, byte) => value ^ byte, 0);

function block(pcb: number, inf: number[] = []): Uint8Array {
  const body = [0, pcb, inf.length, ...inf];
  return Uint8Array.from([...body, lrc(body)]);
}

export class T1Card {
  ifsd = 32;
  readonly events: string[] = [];
  private expectHost = 0;
  private cardSequence = 0;
  private command: number[] = [];
  private pending: number[][] = [];
  private last: Uint8Array | undefined;
  private deferred: Uint8Array | undefined;
  private responses = 0;
  private garbled = false;
  private garbleNext = false;

  constructor(
    private readonly card: CardBackend,
    private readonly options: T1CardOptions,
    private readonly forward: (apdu: Uint8Array) => Promise<Uint8Array | undefined>,
  ) {}

  /** One block in from the host, one block (or nothing, when unplugged) out. */
  async receive(bytes: Uint8Array): Promise<Uint8Array | undefined> {
    const data = Array.from(bytes);
    if (data.length < 4 || data[2] !== data.length - 4 || lrc(data.slice(0, -1)) !== data.at(-1)) {
      this.events.push('bad block from host');
      return this.send(block(0x81 | (this.expectHost << 4)));
    }
    const pcb = data[1]!;
    const inf = data.slice(3, -1);
    if (pcb === 0xc1) {
      this.ifsd = inf[0]!;
      this.events.push(`IFSD ${this.ifsd}`);
      return this.send(block(0xe1, inf));
    }
    if (pcb === 0xe3) {
      this.events.push('WTX answered');
      const next = this.deferred!;
      this.deferred = undefined;
      return this.send(next);
    }
    if ((pcb & 0xc0) === 0x80) {
      const nr = (pcb >> 4) & 1;
      // R(N(R) = our next N(S)) while we are chaining: the host wants the next part.
      if (this.pending.length > 0 && nr === this.cardSequence && (pcb & 0x0f) === 0) return this.nextPart();
      this.events.push(`resend (R ${pcb.toString(16)})`);
      return this.send(this.last!);
    }
    if ((pcb & 0x80) !== 0) return this.send(block(0x82 | (this.expectHost << 4)));
    if (((pcb >> 6) & 1) !== this.expectHost) {
      this.events.push('I-block sequence error');
      return this.send(block(0x82 | (this.expectHost << 4)));
    }
    if (inf.length > (this.options.ifsc ?? 32)) this.events.push(`INF ${inf.length} over IFSC`);
    this.expectHost ^= 1;
    this.command.push(...inf);
    if (pcb & 0x20) return this.send(block(0x80 | (this.expectHost << 4)));
    const apdu = Uint8Array.from(this.command);
    this.command = [];
    const response = await this.forward(apdu);
    if (!response) return undefined;
    this.pending = [];
    for (let offset = 0; offset < response.length || this.pending.length === 0; offset += this.ifsd) {
      this.pending.push(Array.from(response.subarray(offset, offset + this.ifsd)));
    }
    this.responses++;
    if (this.options.wtx) {
      this.deferred = this.partBlock();
      return this.send(block(0xc3, [1]));
    }
    return this.send(this.partBlock());
  }

  private nextPart(): Uint8Array {
    return this.send(this.partBlock());
  }

  private partBlock(): Uint8Array {
    const part = this.pending.shift()!;
    const more = this.pending.length > 0 ? 0x20 : 0;
    const out = block((this.cardSequence << 6) | more, part);
    this.cardSequence ^= 1;
    if (!this.garbled && this.options.garbleResponse === this.responses) {
      this.garbled = true;
      this.garbleNext = true;
    }
    return out;
  }

  /** Remembers `out` for resending; sends it garbled when a test asked for that. */
  private send(out: Uint8Array): Uint8Array {
    this.last = out;
    if (!this.garbleNext) return out;
    this.garbleNext = false;
    this.events.push('garbled');
    const bad = out.slice();
    bad[bad.length - 1]! ^= 0xff;
    return bad;
  }

  reset(): void {
    this.expectHost = 0;
    this.cardSequence = 0;
    this.command = [];
    this.pending = [];
    void this.card;
  }
}
