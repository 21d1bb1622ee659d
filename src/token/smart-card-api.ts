import { ShirushiError } from '../errors/shirushi-error.js';
import type { ApduTransport } from './apdu.js';
import { describeError } from './guard.js';
import type {
  SmartCardConnectionLike,
  SmartCardContextLike,
  SmartCardResourceManagerLike,
  TokenGlobal,
} from './platform.js';

/**
 * The Web Smart Card API (WICG draft, `navigator.smartCard`): the OS PC/SC service does the reader
 * protocol (CCID, T=0/T=1), we send whole APDUs. Chromium exposes it only to Isolated Web Apps.
 */

/** SmartCardError.responseCode values that mean the card or reader is gone (WICG spec, SmartCardResponseCode). */
const GONE = new Set([
  'removed-card',
  'reader-unavailable',
  'no-smartcard',
  'unknown-reader',
  'unpowered-card',
]);

function responseCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'responseCode' in error
    ? String((error as { responseCode: unknown }).responseCode)
    : undefined;
}

function apiError(error: unknown): ShirushiError {
  if (error instanceof ShirushiError) return error;
  const code = responseCode(error);
  if (code !== undefined && GONE.has(code)) {
    return new ShirushiError('token/disconnected', { detail: code }, { cause: error });
  }
  return new ShirushiError(
    'token/transport-failed',
    { detail: code ?? describeError(error) },
    { cause: error },
  );
}

/** Reader names PC/SC currently lists, for a picker. */
export async function listSmartCardReaders(manager?: SmartCardResourceManagerLike): Promise<string[]> {
  const api = manager ?? (globalThis as TokenGlobal).navigator?.smartCard;
  if (!api) throw new ShirushiError('token/no-device', { detail: 'no navigator.smartCard' });
  try {
    const context = await api.establishContext();
    return await context.listReaders();
  } catch (error) {
    throw apiError(error);
  }
}

export interface SmartCardApiOptions {
  /** `navigator.smartCard` by default. */
  manager?: SmartCardResourceManagerLike;
  /** The reader to use; the first listed reader with a card by default. */
  reader?: string;
  /** Whether the card and reader take extended-length APDUs. Default false: command chaining. */
  extendedLength?: boolean;
}

export class SmartCardApiTransport implements ApduTransport {
  readonly kind = 'smart-card-api' as const;
  readonly extendedLength: boolean;
  label: string;
  private readonly manager: SmartCardResourceManagerLike | undefined;
  private readonly reader: string | undefined;
  private context: SmartCardContextLike | undefined;
  private connection: SmartCardConnectionLike | undefined;

  constructor(options: SmartCardApiOptions = {}) {
    this.manager = options.manager ?? (globalThis as TokenGlobal).navigator?.smartCard;
    this.reader = options.reader;
    this.extendedLength = options.extendedLength ?? false;
    this.label = options.reader ?? 'PC/SC reader';
  }

  async open(): Promise<void> {
    if (!this.manager) throw new ShirushiError('token/no-device', { detail: 'no navigator.smartCard' });
    try {
      this.context = await this.manager.establishContext();
      const readers = this.reader !== undefined ? [this.reader] : await this.context.listReaders();
      if (readers.length === 0) throw new ShirushiError('token/no-device', { detail: 'no reader' });
      let lastError: unknown;
      for (const reader of readers) {
        try {
          // Exclusive: another program interleaving APDUs could see or break our PIN-verified state.
          const result = await this.context.connect(reader, 'exclusive', {
            preferredProtocols: ['t1', 't0'],
          });
          this.connection = result.connection;
          this.label = reader;
          return;
        } catch (error) {
          lastError = error;
        }
      }
      throw lastError;
    } catch (error) {
      const mapped = apiError(error);
      // "No card in the only reader" is a missing device to the user, not an unplugged one.
      throw mapped.code === 'token/disconnected'
        ? new ShirushiError('token/no-device', { detail: String(mapped.params.detail) }, { cause: error })
        : mapped;
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.context = undefined;
    try {
      // Reset so that a verified PIN does not stay verified for the next program to use the card.
      await connection?.disconnect('reset');
    } catch {
      // See CcidTransport.close.
    }
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const connection = this.connection;
    if (!connection) throw new ShirushiError('token/not-open');
    try {
      return new Uint8Array(await connection.transmit(apdu));
    } catch (error) {
      throw apiError(error);
    }
  }
}
