/**
 * The slices of WebUSB, WebHID and the Web Smart Card API that the transports use, typed structurally.
 * TypeScript's DOM library has none of them, and typing them here (rather than pulling in @types packages)
 * keeps the core free of DOM types and lets the tests hand in fake devices that speak the same protocol.
 */

export interface UsbEndpointLike {
  readonly endpointNumber: number;
  readonly direction: 'in' | 'out';
  readonly type: 'bulk' | 'interrupt' | 'isochronous';
  readonly packetSize: number;
}

export interface UsbAlternateLike {
  readonly alternateSetting: number;
  readonly interfaceClass: number;
  readonly interfaceSubclass: number;
  readonly interfaceProtocol: number;
  readonly endpoints: readonly UsbEndpointLike[];
}

export interface UsbInterfaceLike {
  readonly interfaceNumber: number;
  readonly alternate: UsbAlternateLike;
  readonly alternates: readonly UsbAlternateLike[];
}

export interface UsbConfigurationLike {
  readonly configurationValue: number;
  readonly interfaces: readonly UsbInterfaceLike[];
}

export interface UsbControlSetup {
  requestType: 'standard' | 'class' | 'vendor';
  recipient: 'device' | 'interface' | 'endpoint' | 'other';
  request: number;
  value: number;
  index: number;
}

export interface UsbInResult {
  readonly data?: DataView | undefined;
  readonly status: 'ok' | 'stall' | 'babble';
}

export interface UsbOutResult {
  readonly bytesWritten: number;
  readonly status: 'ok' | 'stall';
}

/** WebUSB's `USBDevice`. */
export interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly opened: boolean;
  readonly configuration: UsbConfigurationLike | null | undefined;
  readonly configurations: readonly UsbConfigurationLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(interfaceNumber: number): Promise<void>;
  releaseInterface(interfaceNumber: number): Promise<void>;
  transferOut(endpointNumber: number, data: Uint8Array): Promise<UsbOutResult>;
  transferIn(endpointNumber: number, length: number): Promise<UsbInResult>;
  controlTransferOut(setup: UsbControlSetup, data?: Uint8Array): Promise<UsbOutResult>;
  controlTransferIn(setup: UsbControlSetup, length: number): Promise<UsbInResult>;
}

/** `navigator.usb` or `navigator.hid`: the `disconnect` events carry the device that went away. */
export interface DeviceEventSource {
  addEventListener(type: 'disconnect', listener: (event: { device?: unknown }) => void): void;
  removeEventListener(type: 'disconnect', listener: (event: { device?: unknown }) => void): void;
}

export interface HidCollectionLike {
  readonly usagePage: number;
  readonly usage: number;
}

/** WebHID's `HIDDevice`. */
export interface HidDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly productName: string;
  readonly opened: boolean;
  readonly collections: readonly HidCollectionLike[];
  open(): Promise<void>;
  close(): Promise<void>;
  sendReport(reportId: number, data: Uint8Array): Promise<void>;
  addEventListener(
    type: 'inputreport',
    listener: (event: { reportId: number; data: DataView }) => void,
  ): void;
  removeEventListener(
    type: 'inputreport',
    listener: (event: { reportId: number; data: DataView }) => void,
  ): void;
}

/** The Web Smart Card API (WICG draft): `navigator.smartCard`. */
export interface SmartCardResourceManagerLike {
  establishContext(): Promise<SmartCardContextLike>;
}

export interface SmartCardContextLike {
  listReaders(): Promise<string[]>;
  connect(
    readerName: string,
    accessMode: 'shared' | 'exclusive' | 'direct',
    options?: { preferredProtocols?: Array<'raw' | 't0' | 't1'> },
  ): Promise<{ connection: SmartCardConnectionLike; activeProtocol?: 'raw' | 't0' | 't1' }>;
}

export interface SmartCardConnectionLike {
  transmit(sendBuffer: Uint8Array, options?: { protocol?: 'raw' | 't0' | 't1' }): Promise<ArrayBuffer>;
  disconnect(disposition?: 'leave' | 'reset' | 'unpower' | 'eject'): Promise<void>;
}

/** What `navigator` may carry; every member is optional because most browsers lack most of them. */
export interface TokenNavigator {
  usb?: (DeviceEventSource & { requestDevice?: unknown }) | undefined;
  hid?: (DeviceEventSource & { requestDevice?: unknown }) | undefined;
  smartCard?: SmartCardResourceManagerLike | undefined;
}

/** The global scope, as far as the transports look at it. */
export interface TokenGlobal {
  navigator?: TokenNavigator | undefined;
  isSecureContext?: boolean | undefined;
  /** Chromium's flag for Isolated Web Apps (WICG isolated-web-apps). */
  isIsolatedContext?: boolean | undefined;
}

export function bytesOf(view: DataView | ArrayBuffer | undefined): Uint8Array {
  if (!view) return new Uint8Array(0);
  if (view instanceof ArrayBuffer) return new Uint8Array(view.slice(0));
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
