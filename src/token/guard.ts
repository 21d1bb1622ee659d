import { ShirushiError } from '../errors/shirushi-error.js';
import type { DeviceEventSource } from './platform.js';

function errorName(error: unknown): string {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name;
  return String(error);
}

/**
 * Turns whatever a platform call threw into a `token/*` error. WebUSB rejects transfers to a device that
 * went away with NotFoundError ("device was disconnected") or NetworkError ("transfer error"), WebHID's
 * sendReport with NotAllowedError / InvalidStateError once the device is closed under it: all of those
 * mean "unplugged" to a user, so they become `token/disconnected`.
 */
export function platformError(error: unknown, disconnected: boolean): ShirushiError {
  if (error instanceof ShirushiError) return error;
  const name = errorName(error);
  if (disconnected || name === 'NotFoundError' || name === 'NetworkError') {
    return new ShirushiError('token/disconnected', { detail: describeError(error) }, { cause: error });
  }
  return new ShirushiError('token/transport-failed', { detail: describeError(error) }, { cause: error });
}

/**
 * Watches one device for removal. `run` races a platform call against the device's `disconnect` event, so
 * a transfer the browser never completes (a HID response that will not come) still ends, with
 * `token/disconnected`, when the device is unplugged.
 */
export class RemovalGuard {
  private gone = false;
  private readonly waiters = new Set<(error: ShirushiError) => void>();
  private readonly listener = (event: { device?: unknown }) => {
    if (event.device === this.device) this.markGone('the device was unplugged');
  };

  constructor(
    private readonly device: unknown,
    private readonly events: DeviceEventSource | undefined,
  ) {}

  get disconnected(): boolean {
    return this.gone;
  }

  start(): void {
    this.gone = false;
    this.events?.addEventListener('disconnect', this.listener);
  }

  stop(): void {
    this.events?.removeEventListener('disconnect', this.listener);
  }

  markGone(detail: string): void {
    this.gone = true;
    const error = new ShirushiError('token/disconnected', { detail });
    for (const reject of this.waiters) reject(error);
    this.waiters.clear();
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.gone) throw new ShirushiError('token/disconnected', { detail: 'the device was unplugged' });
    let reject!: (error: ShirushiError) => void;
    const removed = new Promise<never>((_, fail) => (reject = fail));
    this.waiters.add(reject);
    try {
      return await Promise.race([operation(), removed]);
    } catch (error) {
      throw platformError(error, this.gone);
    } finally {
      this.waiters.delete(reject);
    }
  }
}
