import type { ErrorCode } from '../i18n/strings.js';
import type { TransportKind } from './apdu.js';
import type { TokenGlobal } from './platform.js';

export interface TransportAvailability {
  kind: TransportKind;
  /** Whether this page can use the transport at all. */
  available: boolean;
  /**
   * Why not, or the limit that still applies (CCID in an ordinary Chromium page): a `token/*` message code
   * whose ja/en text the UI shows as is.
   */
  reason?: ErrorCode;
}

/**
 * Which bridges exist in this browser and context, and why the others do not, so the UI can explain
 * instead of showing an empty device list:
 * - WebUSB and WebHID exist only in Chromium-based browsers, and only in secure contexts;
 * - Chromium refuses USB class 0x0B (CCID) to ordinary pages: only an Isolated Web App with
 *   `usb-unrestricted` can claim it, so outside one CCID is listed as unavailable with that reason;
 * - `navigator.smartCard` exists only in Isolated Web Apps.
 * Feature detection only: nothing here prompts the user or touches a device.
 */
export function availableTransports(scope: TokenGlobal = globalThis as TokenGlobal): TransportAvailability[] {
  const navigator = scope.navigator;
  const secure = scope.isSecureContext !== false;
  // `isIsolatedContext` is Chromium's flag for Isolated Web Apps; `navigator.smartCard` is exposed only to
  // isolated contexts ([IsolatedContext] in its IDL), so its presence says the same where the flag is missing.
  const isolated = scope.isIsolatedContext === true || navigator?.smartCard !== undefined;
  const usb = secure && navigator?.usb !== undefined;
  const hid = secure && navigator?.hid !== undefined;
  const noUsb: ErrorCode = secure ? 'token/no-webusb' : 'token/insecure-context';
  const noHid: ErrorCode = secure ? 'token/no-webhid' : 'token/insecure-context';
  const smartCard = secure && navigator?.smartCard !== undefined;
  return [
    usb && isolated
      ? { kind: 'ccid-webusb', available: true }
      : { kind: 'ccid-webusb', available: false, reason: usb ? 'token/ccid-needs-isolated-app' : noUsb },
    usb
      ? { kind: 'canokey-webusb', available: true }
      : { kind: 'canokey-webusb', available: false, reason: noUsb },
    hid
      ? { kind: 'ledger-webhid', available: true }
      : { kind: 'ledger-webhid', available: false, reason: noHid },
    smartCard
      ? { kind: 'smart-card-api', available: true }
      : {
          kind: 'smart-card-api',
          available: false,
          reason: secure ? 'token/no-smart-card-api' : 'token/insecure-context',
        },
  ];
}
