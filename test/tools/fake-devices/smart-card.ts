import { type CardBackend, type UnplugPlan, forward } from './common.js';

/**
 * A fake `navigator.smartCard` (WICG Web Smart Card API) over `card`: one reader, connect() with an access
 * mode and preferred protocols, transmit() of whole APDUs as PC/SC does for T=1, and the spec's
 * SmartCardError (a DOMException with `responseCode`) for a removed card or a transmit while another is in
 * flight. It records every call so a test can check what the transport asked for.
 */
export interface FakeSmartCardOptions {
  card: CardBackend;
  readers?: string[];
  unplug?: UnplugPlan;
}

function smartCardError(responseCode: string): DOMException {
  const error = new DOMException(`SmartCardError: ${responseCode}`, 'SmartCardError');
  Object.defineProperty(error, 'responseCode', { value: responseCode });
  return error;
}

export class FakeSmartCardManager {
  readonly calls: unknown[][] = [];
  removed = false;
  readonly transmitted: Uint8Array[] = [];
  private apduCount = 0;
  private busy = false;
  private readonly options: FakeSmartCardOptions;

  constructor(options: FakeSmartCardOptions) {
    this.options = options;
  }

  async establishContext() {
    this.calls.push(['establishContext']);
    const readers = this.options.readers ?? ['Fake Reader 00 00'];
    return {
      listReaders: async () => {
        this.calls.push(['listReaders']);
        return readers.slice();
      },
      connect: async (reader: string, accessMode: string, options?: { preferredProtocols?: string[] }) => {
        this.calls.push(['connect', reader, accessMode, options?.preferredProtocols]);
        if (!readers.includes(reader)) throw smartCardError('unknown-reader');
        if (this.removed) throw smartCardError('no-smartcard');
        this.options.card.powerOn();
        return { connection: this.connection(), activeProtocol: 't1' as const };
      },
    };
  }

  private connection() {
    let open = true;
    return {
      transmit: async (sendBuffer: Uint8Array) => {
        if (!open) throw new DOMException('disconnected', 'InvalidStateError');
        if (this.busy) throw new DOMException('operation in progress', 'InvalidStateError');
        if (this.removed) throw smartCardError('removed-card');
        const apdu = new Uint8Array(sendBuffer).slice();
        this.transmitted.push(apdu);
        this.busy = true;
        try {
          this.apduCount++;
          const response = await forward(
            this.options.card,
            apdu,
            this.apduCount,
            this.options.unplug ?? {},
            () => {
              this.removed = true;
            },
          );
          if (!response) throw smartCardError('removed-card');
          return response.slice().buffer;
        } finally {
          this.busy = false;
        }
      },
      disconnect: async (disposition?: string) => {
        this.calls.push(['disconnect', disposition]);
        open = false;
        if (disposition === 'reset' || disposition === 'unpower') this.options.card.powerOn();
      },
    };
  }
}
