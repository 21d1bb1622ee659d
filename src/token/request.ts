import { ShirushiError } from '../errors/shirushi-error.js';
import type { ApduTransport, TransportKind } from './apdu.js';
import { CanokeyTransport } from './canokey.js';
import { CcidTransport } from './ccid.js';
import { describeError } from './guard.js';
import { LEDGER_HID, LedgerHidTransport } from './ledger-hid.js';
import type { DeviceEventSource, HidDeviceLike, TokenGlobal, UsbDeviceLike } from './platform.js';
import { SmartCardApiTransport } from './smart-card-api.js';

/** The chooser filters for each bridge: what the browser's device picker lists. */
export const DEVICE_FILTERS = {
  'ccid-webusb': [{ classCode: 0x0b }],
  // CanoKey's WebUSB interface is vendor class 0xFF; its console asks for exactly that.
  'canokey-webusb': [{ classCode: 0xff }],
  'ledger-webhid': [{ usagePage: LEDGER_HID.USAGE_PAGE }],
} as const;

interface Requester<T> {
  requestDevice(options: { filters: readonly object[] }): Promise<T | T[]>;
}

/**
 * Shows the browser's device picker for `kind` (call it from a click handler: pickers need a user gesture)
 * and returns an unopened transport for the chosen device. For the Web Smart Card API there is no picker;
 * the transport connects to `reader` or the first reader with a card. A dismissed picker is
 * `token/no-device`.
 */
export async function requestTransport(
  kind: TransportKind,
  options: { reader?: string; scope?: TokenGlobal } = {},
): Promise<ApduTransport> {
  const navigator = (options.scope ?? (globalThis as TokenGlobal)).navigator;
  if (kind === 'smart-card-api') {
    if (!navigator?.smartCard) throw new ShirushiError('token/no-smart-card-api');
    return new SmartCardApiTransport({
      manager: navigator.smartCard,
      ...(options.reader !== undefined && { reader: options.reader }),
    });
  }
  const api = kind === 'ledger-webhid' ? navigator?.hid : navigator?.usb;
  if (!api || typeof api.requestDevice !== 'function') {
    throw new ShirushiError(kind === 'ledger-webhid' ? 'token/no-webhid' : 'token/no-webusb');
  }
  let chosen: unknown;
  try {
    const result = await (api as unknown as Requester<unknown>).requestDevice({
      filters: DEVICE_FILTERS[kind],
    });
    // WebHID resolves with a list (empty when dismissed), WebUSB with one device (NotFoundError when dismissed).
    chosen = Array.isArray(result) ? result[0] : result;
  } catch (error) {
    throw new ShirushiError('token/no-device', { detail: describeError(error) }, { cause: error });
  }
  if (!chosen) throw new ShirushiError('token/no-device', { detail: 'no device was chosen' });
  const events = api as DeviceEventSource;
  if (kind === 'ledger-webhid') return new LedgerHidTransport({ device: chosen as HidDeviceLike, events });
  if (kind === 'canokey-webusb') return new CanokeyTransport({ device: chosen as UsbDeviceLike, events });
  return new CcidTransport({ device: chosen as UsbDeviceLike, events });
}
