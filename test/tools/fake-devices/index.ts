// Fake WebUSB / WebHID / Web Smart Card objects that speak the real framing and forward APDUs to a card
// (test/tools/card's VirtualCard or a ScriptedCard), so transports can be tested in every browser.
export { type CardBackend, FakeDeviceEvents, ScriptedCard, fromHex, hex, type UnplugPlan } from './common.js';
export { FakeCcidReader, type FakeCcidOptions } from './ccid-reader.js';
export { FakeCanokey, type FakeCanokeyOptions } from './canokey.js';
export { FakeLedgerHid, type FakeLedgerOptions } from './ledger-hid.js';
export { FakeSmartCardManager, type FakeSmartCardOptions } from './smart-card.js';
