import type { ApduTransport, TransportKind } from '../../../src/token/apdu.js';
import { CanokeyTransport } from '../../../src/token/canokey.js';
import { CcidTransport } from '../../../src/token/ccid.js';
import { LedgerHidTransport } from '../../../src/token/ledger-hid.js';
import type { DeviceEventSource, HidDeviceLike, UsbDeviceLike } from '../../../src/token/platform.js';
import { SmartCardApiTransport } from '../../../src/token/smart-card-api.js';
import { FakeCanokey } from './canokey.js';
import { FakeCcidReader, type FakeCcidOptions } from './ccid-reader.js';
import { type CardBackend, FakeDeviceEvents, type UnplugPlan } from './common.js';
import { FakeLedgerHid } from './ledger-hid.js';
import { FakeSmartCardManager } from './smart-card.js';

export const TRANSPORT_KINDS: readonly TransportKind[] = [
  'ccid-webusb',
  'canokey-webusb',
  'ledger-webhid',
  'smart-card-api',
];

export interface FakeConnection {
  transport: ApduTransport;
  device: FakeCcidReader | FakeCanokey | FakeLedgerHid | FakeSmartCardManager;
  unplug(): void;
}

/** One of our transports over the matching fake device with `card` behind it (not yet opened). */
export function fakeTransport(
  kind: TransportKind,
  card: CardBackend,
  options: { unplug?: UnplugPlan; ccid?: Partial<FakeCcidOptions> } = {},
): FakeConnection {
  const events = new FakeDeviceEvents();
  const source = events as unknown as DeviceEventSource;
  const unplug = options.unplug ?? {};
  switch (kind) {
    case 'ccid-webusb': {
      const device = new FakeCcidReader({ card, events, unplug, ...options.ccid });
      const transport = new CcidTransport({ device: device as unknown as UsbDeviceLike, events: source });
      return { transport, device, unplug: () => device.unplug() };
    }
    case 'canokey-webusb': {
      const device = new FakeCanokey({ card, events, unplug });
      const transport = new CanokeyTransport({ device: device as unknown as UsbDeviceLike, events: source });
      return { transport, device, unplug: () => device.unplug() };
    }
    case 'ledger-webhid': {
      const device = new FakeLedgerHid({ card, events, unplug });
      const transport = new LedgerHidTransport({
        device: device as unknown as HidDeviceLike,
        events: source,
      });
      return { transport, device, unplug: () => device.unplug() };
    }
    case 'smart-card-api': {
      const device = new FakeSmartCardManager({ card, unplug });
      const transport = new SmartCardApiTransport({ manager: device });
      return {
        transport,
        device,
        unplug: () => {
          device.removed = true;
        },
      };
    }
  }
}
