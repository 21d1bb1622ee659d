import { expect } from '@esm-bundle/chai';
import { encodeApdu, exchange, type ApduTransport } from '../src/token/apdu.js';
import { availableTransports } from '../src/token/available.js';
import { requestTransport } from '../src/token/request.js';
import { CcidTransport, parseCcidDescriptor } from '../src/token/ccid.js';
import { LedgerReassembler, ledgerFrames } from '../src/token/ledger-hid.js';
import { decodeT1Block, encodeT1Block, t1FromAtr } from '../src/token/t1.js';
import type { UsbDeviceLike } from '../src/token/platform.js';
import { FakeCanokey } from './tools/fake-devices/canokey.js';
import { FakeCcidReader } from './tools/fake-devices/ccid-reader.js';
import { ScriptedCard, fromHex, hex } from './tools/fake-devices/common.js';
import { TRANSPORT_KINDS, fakeTransport } from './tools/fake-devices/connect.js';
import { FakeLedgerHid } from './tools/fake-devices/ledger-hid.js';
import { FakeSmartCardManager } from './tools/fake-devices/smart-card.js';
import { expectCode } from './helpers/expect-code.js';

const bytes = (length: number, seed = 1) => Uint8Array.from({ length }, (_, i) => (i * 7 + seed) & 0xff);
const ok = (data: Uint8Array = new Uint8Array(0)) => Uint8Array.from([...data, 0x90, 0x00]);

/** A transport over nothing but a function, to test `exchange` alone. */
function recorder(answer: (apdu: Uint8Array, index: number) => Uint8Array, extendedLength = false) {
  const sent: string[] = [];
  const transport: ApduTransport = {
    kind: 'smart-card-api',
    label: 'recorder',
    extendedLength,
    open: async () => undefined,
    close: async () => undefined,
    transmit: async (apdu) => {
      sent.push(hex(apdu));
      return answer(apdu, sent.length - 1);
    },
  };
  return { sent, transport };
}

describe('token: APDU encoding and exchange (ISO 7816-4)', () => {
  it('encodes the four short cases and the extended ones', () => {
    expect(hex(encodeApdu({ ins: 0xa4, p1: 4, p2: 0 }, false))).to.equal('00a40400');
    expect(hex(encodeApdu({ ins: 0xca, p1: 0, p2: 0x6e, le: 256 }, false))).to.equal('00ca006e00');
    expect(hex(encodeApdu({ ins: 0x20, p1: 0, p2: 0x80, data: fromHex('3132') }, false))).to.equal(
      '00200080023132',
    );
    expect(hex(encodeApdu({ ins: 0x87, p1: 3, p2: 0x9b, data: fromHex('7c00'), le: 10 }, false))).to.equal(
      '0087039b027c000a',
    );
    expect(hex(encodeApdu({ ins: 0xcb, p1: 0x3f, p2: 0xff, le: 65536 }, true))).to.equal('00cb3fff000000');
    const long = encodeApdu({ ins: 0x2a, p1: 0x9e, p2: 0x9a, data: bytes(300), le: 65536 }, true);
    expect(hex(long.subarray(0, 7))).to.equal('002a9e9a00012c');
    expect(hex(long.subarray(-2))).to.equal('0000');
    expect(long.length).to.equal(4 + 3 + 300 + 2);
  });

  it('chains commands over 255 bytes (CLA 10) and stops the chain when a part fails', async () => {
    const { sent, transport } = recorder(() => ok());
    const data = bytes(600);
    await exchange(transport, { ins: 0xdb, p1: 0x3f, p2: 0xff, data, le: 256 });
    expect(sent).to.have.length(3);
    expect(sent[0]!.slice(0, 10)).to.equal('10db3fffff');
    expect(sent[0]!.length).to.equal((5 + 255) * 2);
    expect(sent[1]!.slice(0, 10)).to.equal('10db3fffff');
    expect(sent[2]!.slice(0, 10)).to.equal('00db3fff5a');
    expect(sent[2]!.slice(-2)).to.equal('00');
    expect(sent.map((apdu) => apdu.slice(10)).join('')).to.equal(hex(data) + '00');

    const failing = recorder(() => fromHex('6884'));
    const response = await exchange(failing.transport, { ins: 0xdb, p1: 0x3f, p2: 0xff, data });
    expect(response.sw).to.equal(0x6884);
    expect(failing.sent).to.have.length(1);
  });

  it('sends one extended APDU instead when the transport takes them', async () => {
    const { sent, transport } = recorder(() => ok(bytes(400)), true);
    const response = await exchange(transport, { ins: 0x87, p1: 7, p2: 0x9a, data: bytes(266), le: 256 });
    expect(sent).to.have.length(1);
    expect(sent[0]!.slice(0, 14)).to.equal('0087079a00010a');
    expect(sent[0]!.slice(-4)).to.equal('0000');
    expect(response.data).to.have.length(400);
  });

  it('collects 61xx answers with GET RESPONSE and resends once on 6Cxx', async () => {
    const full = bytes(600);
    const { sent, transport } = recorder((apdu, index) => {
      if (index === 0) return Uint8Array.from([...full.subarray(0, 256), 0x61, 0x00]);
      if (index === 1) return Uint8Array.from([...full.subarray(256, 512), 0x61, 88]);
      return Uint8Array.from([...full.subarray(512), 0x90, 0x00]);
    });
    const response = await exchange(transport, {
      ins: 0xcb,
      p1: 0x3f,
      p2: 0xff,
      data: fromHex('5c035fc105'),
      le: 256,
    });
    expect(sent.slice(1)).to.deep.equal(['00c0000000', '00c0000058']);
    expect(hex(response.data)).to.equal(hex(full));
    expect(response.sw).to.equal(0x9000);

    const wrongLe = recorder((apdu, index) => (index === 0 ? fromHex('6c08') : ok(bytes(8))));
    const second = await exchange(wrongLe.transport, { ins: 0xca, p1: 0, p2: 0x6e, le: 256 });
    expect(wrongLe.sent).to.deep.equal(['00ca006e00', '00ca006e08']);
    expect(second.data).to.have.length(8);
  });
});

describe('token: CCID over WebUSB framing (USB CCID 1.1)', () => {
  it('finds the CCID class descriptor and its exchange level in the configuration descriptor', () => {
    const reader = new FakeCcidReader({
      card: new ScriptedCard(() => ok()),
      level: 'extended-apdu',
      maxMessageLength: 1034,
    });
    const parsed = parseCcidDescriptor(reader.configurationDescriptor(), 0);
    expect(parsed).to.deep.equal({ features: 0x000404ba, maxMessageLength: 1034 });
    expect(parseCcidDescriptor(reader.configurationDescriptor(), 1)).to.equal(undefined);
  });

  it('powers the card on and sends XfrBlock with the exact header and increasing bSeq', async () => {
    const card = new ScriptedCard((apdu) => (apdu[1] === 0xa4 ? ok(fromHex('61')) : ok()));
    const { transport, device } = fakeTransport('ccid-webusb', card);
    await transport.open();
    const reader = device as FakeCcidReader;
    expect(hex(reader.log[0]!.bytes)).to.equal('62000000000000000000');
    expect(hex(reader.log[1]!.bytes)).to.equal('80050000000000000000' + '3b80800101');
    const response = await transport.transmit(fromHex('00a4040005a000000308'));
    expect(hex(response)).to.equal('619000');
    expect(hex(reader.log[2]!.bytes)).to.equal('6f0a000000000100' + '0000' + '00a4040005a000000308');
    expect(hex(reader.log[3]!.bytes)).to.equal('80030000000001000000' + '619000');
    await transport.transmit(fromHex('0020008000'));
    expect(reader.log[4]!.bytes[6]).to.equal(2);
    expect(hex(card.received[0]!)).to.equal('00a4040005a000000308');
    await transport.close();
    expect(hex(reader.log[6]!.bytes)).to.equal('63000000000003000000');
    expect(reader.log[7]!.bytes[0]).to.equal(0x81);
  });

  it('waits through time extensions and reassembles a message split over short bulk transfers', async () => {
    const card = new ScriptedCard(() => ok(bytes(250)));
    const { transport, device } = fakeTransport('ccid-webusb', card, {
      ccid: { timeExtensions: 3, inChunk: 64 },
    });
    await transport.open();
    const response = await transport.transmit(fromHex('00ca006e00'));
    expect(hex(response)).to.equal(hex(ok(bytes(250))));
    const answers = (device as FakeCcidReader).log.filter((entry) => entry.direction === 'in').slice(1);
    expect(answers.map((entry) => entry.bytes[7])).to.deep.equal([0x80, 0x80, 0x80, 0x00]);
  });

  it('chains long commands and responses with wLevelParameter on an extended-APDU reader', async () => {
    const card = new ScriptedCard(() => ok(bytes(700)));
    const { transport, device } = fakeTransport('ccid-webusb', card, {
      ccid: { level: 'extended-apdu', maxMessageLength: 271 },
    });
    await transport.open();
    expect(transport.extendedLength).to.equal(true);
    const apdu = encodeApdu({ ins: 0xdb, p1: 0x3f, p2: 0xff, data: bytes(600), le: 65536 }, true);
    const response = await transport.transmit(apdu);
    expect(hex(response)).to.equal(hex(ok(bytes(700))));
    expect(hex(card.received[0]!)).to.equal(hex(apdu));
    const out = (device as FakeCcidReader).log.filter((entry) => entry.direction === 'out').slice(1);
    // wLevelParameter: 1 begins, 3 continues... 2 ends; then 0x10 asks for the rest of the response.
    expect(out.map((entry) => hex(entry.bytes.subarray(8, 10)))).to.deep.equal([
      '0100',
      '0300',
      '0200',
      '1000',
      '1000',
    ]);
    expect(out.map((entry) => entry.bytes.length)).to.deep.equal([271, 271, 10 + apdu.length - 522, 10, 10]);
    const inbound = (device as FakeCcidReader).log.filter((entry) => entry.direction === 'in').slice(1);
    expect(inbound.map((entry) => entry.bytes[9])).to.deep.equal([0x10, 0x10, 0x01, 0x03, 0x02]);
  });

  it('refuses a TPDU-level reader when the card offers only T=0, or T=1 with CRC', async () => {
    for (const atr of ['3b00', '3b80804101' + '01']) {
      const { transport } = fakeTransport('ccid-webusb', new ScriptedCard(() => ok()), {
        ccid: { level: 'tpdu', atr: fromHex(atr) },
      });
      await expectCode(transport.open(), 'token/unsupported-reader');
    }
  });

  it('says an empty reader has no card rather than "unplugged"', async () => {
    const { transport } = fakeTransport('ccid-webusb', new ScriptedCard(() => ok()), {
      ccid: { empty: true },
    });
    const error = await expectCode(transport.open(), 'token/no-device');
    expect(String(error.params?.detail)).to.contain('no card');
  });

  it("fails clearly where the browser refuses the CCID interface (Chromium's protected class)", async () => {
    const device = new FakeCanokey({ card: new ScriptedCard(() => ok()) });
    const error = await expectCode(
      new CcidTransport({ device: device as unknown as UsbDeviceLike }).open(),
      'token/transport-failed',
    );
    expect(String(error.params?.detail)).to.contain('SecurityError');
  });

  it('refuses a device without a CCID interface', async () => {
    const device = new FakeLedgerHid({ card: new ScriptedCard(() => ok()) });
    const usb = { ...device, configuration: { configurationValue: 1, interfaces: [] }, opened: true };
    await expectCode(
      new CcidTransport({ device: usb as unknown as UsbDeviceLike }).open(),
      'token/no-device',
    );
  });
});

describe('token: T=1 block protocol through a TPDU-level CCID reader (ISO/IEC 7816-3 11)', () => {
  it('encodes blocks with LRC and reads T=1 parameters from the ATR', () => {
    expect(hex(encodeT1Block(0, 0xc1, Uint8Array.of(0xfe)))).to.equal('00c101fe3e');
    expect(hex(encodeT1Block(0, 0x00, fromHex('00a40400')))).to.equal('000004' + '00a40400' + 'a4');
    expect(decodeT1Block(fromHex('00c101fe3e'))).to.deep.equal({
      nad: 0,
      pcb: 0xc1,
      inf: Uint8Array.of(0xfe),
    });
    expect(decodeT1Block(fromHex('00c101fe3f'))).to.equal(undefined);
    expect(decodeT1Block(fromHex('00c102fe3e'))).to.equal(undefined);
    expect(t1FromAtr(fromHex('3b80800101'))).to.deep.equal({ offered: true, ifsc: 32, crc: false });
    expect(t1FromAtr(fromHex('3b808031fe4500'))).to.deep.equal({ offered: true, ifsc: 254, crc: false });
    expect(t1FromAtr(fromHex('3b80804101'))).to.deep.equal({ offered: true, ifsc: 32, crc: true });
    expect(t1FromAtr(fromHex('3b00')).offered).to.equal(false);
  });

  it('sets T=1 parameters, negotiates IFSD and chains I-blocks by IFSC, byte for byte', async () => {
    const answer = ok(bytes(300));
    const card = new ScriptedCard(() => answer);
    const { transport, device } = fakeTransport('ccid-webusb', card, {
      ccid: { level: 'tpdu', features: 0x00010030 },
    });
    await transport.open();
    const reader = device as FakeCcidReader;
    const out = () =>
      reader.log.filter((entry) => entry.direction === 'out').map((entry) => hex(entry.bytes));
    expect(out()[1]).to.equal('61070000000001010000' + '1110004d002000');
    expect(hex(reader.parameters[0]!)).to.equal('1110004d002000');
    expect(out()[2]).to.equal('6f0500000000020000' + '00' + '00c101fe3e');
    expect(reader.t1!.events).to.deep.equal(['IFSD 254']);
    const apdu = encodeApdu({ ins: 0xdb, p1: 0x3f, p2: 0xff, data: bytes(70) }, false);
    const response = await transport.transmit(apdu);
    expect(hex(response)).to.equal(hex(answer));
    expect(hex(card.received[0]!)).to.equal(hex(apdu));
    const blocks = out()
      .slice(3)
      .map((message) => message.slice(20));
    // 75 bytes at IFSC 32: I(0,M) I(1,M) I(0); then R(N(R)=1) for the second of the card's two parts.
    expect(blocks.map((block) => block.slice(0, 6))).to.deep.equal(['002020', '006020', '00000b', '009000']);
    expect(blocks[0]).to.equal(hex(encodeT1Block(0, 0x20, apdu.subarray(0, 32))));
    expect(reader.t1!.events).to.deep.equal(['IFSD 254']);
  });

  it('answers waiting-time extensions and recovers a garbled block', async () => {
    const card = new ScriptedCard(() => ok(bytes(20)));
    const { transport, device } = fakeTransport('ccid-webusb', card, {
      ccid: { level: 'tpdu', t1: { wtx: true, garbleResponse: 2 } },
    });
    await transport.open();
    expect(hex(await transport.transmit(fromHex('00ca006e00')))).to.equal(hex(ok(bytes(20))));
    expect(hex(await transport.transmit(fromHex('00ca006e00')))).to.equal(hex(ok(bytes(20))));
    expect((device as FakeCcidReader).t1!.events).to.deep.equal([
      'IFSD 254',
      'WTX answered',
      // The second response's S(WTX request) arrives garbled; R(N(R)=1, EDC error) gets it again.
      'garbled',
      'resend (R 91)',
      'WTX answered',
    ]);
    // The reader does automatic PPS (dwFeatures 0x80), so no SetParameters was sent.
    expect((device as FakeCcidReader).parameters).to.have.length(0);
  });

  it('asks again for a garbled I-block of a chained response', async () => {
    const answer = ok(bytes(600));
    const { transport, device } = fakeTransport('ccid-webusb', new ScriptedCard(() => answer), {
      ccid: { level: 'tpdu', t1: { garbleResponse: 1 } },
    });
    await transport.open();
    expect(hex(await transport.transmit(fromHex('00ca006e00')))).to.equal(hex(answer));
    expect((device as FakeCcidReader).t1!.events).to.deep.equal(['IFSD 254', 'garbled', 'resend (R 81)']);
  });
});

describe('token: CanoKey vendor WebUSB framing', () => {
  it('sends the command with vendor request 0, polls request 2 and reads request 1 on interface 1', async () => {
    const card = new ScriptedCard(() => ok(fromHex('0102')));
    const { transport, device } = fakeTransport('canokey-webusb', card);
    const fake = device as FakeCanokey;
    await transport.open();
    expect([...fake.claimed]).to.deep.equal([1]);
    const response = await transport.transmit(fromHex('00a4040005a000000308'));
    expect(hex(response)).to.equal('01029000');
    const first = fake.log[0]!;
    expect(first.setup).to.deep.equal({
      requestType: 'vendor',
      recipient: 'interface',
      request: 0,
      value: 0,
      index: 1,
    });
    expect(hex(first.bytes)).to.equal('00a4040005a000000308');
    expect(fake.log.slice(1, -1).every((entry) => entry.setup.request === 2)).to.equal(true);
    expect(fake.log.at(-1)!.setup.request).to.equal(1);
    expect(fake.state).to.equal(2);
  });

  it('keeps polling while the key reports processing', async () => {
    const card = new ScriptedCard(() => ok());
    const device = new FakeCanokey({ card, busyPolls: 4 });
    const { CanokeyTransport } = await import('../src/token/canokey.js');
    const transport = new CanokeyTransport({ device: device as unknown as UsbDeviceLike });
    await transport.open();
    await transport.transmit(fromHex('0020008000'));
    const polls = device.log.filter((entry) => entry.setup.request === 2).map((entry) => entry.bytes[0]);
    expect(polls.slice(0, 4)).to.deep.equal([1, 1, 1, 1]);
    expect(polls.at(-1)).to.equal(0);
  });
});

describe('token: Ledger-style WebHID framing', () => {
  it('splits an APDU into 64-byte reports with channel, tag, index and length', () => {
    const apdu = bytes(150);
    const frames = ledgerFrames(apdu);
    expect(frames).to.have.length(3);
    expect(frames.every((frame) => frame.length === 64)).to.equal(true);
    expect(hex(frames[0]!.subarray(0, 7))).to.equal('01010500000096');
    expect(hex(frames[1]!.subarray(0, 5))).to.equal('0101050001');
    expect(hex(frames[2]!.subarray(0, 5))).to.equal('0101050002');
    expect(hex(frames[0]!.subarray(7))).to.equal(hex(apdu.subarray(0, 57)));
    expect(hex(frames[2]!.subarray(5, 5 + 150 - 57 - 59))).to.equal(hex(apdu.subarray(116)));
    expect(frames[2]!.subarray(5 + 34).every((byte) => byte === 0)).to.equal(true);
    expect(ledgerFrames(new Uint8Array(0))).to.have.length(1);
  });

  it('reassembles responses and rejects out-of-order reports', () => {
    const response = bytes(300);
    const assembler = new LedgerReassembler();
    const frames = ledgerFrames(response);
    const results = frames.map((frame) => assembler.push(frame));
    expect(results.slice(0, -1).every((result) => result === undefined)).to.equal(true);
    expect(hex(results.at(-1)!)).to.equal(hex(response));
    const fresh = new LedgerReassembler();
    expect(() => fresh.push(frames[1]!))
      .to.throw()
      .with.property('code', 'token/bad-response');
  });

  it('talks to the fake device report by report', async () => {
    const answer = ok(bytes(258));
    const card = new ScriptedCard(() => answer);
    const { transport, device } = fakeTransport('ledger-webhid', card);
    const fake = device as FakeLedgerHid;
    await transport.open();
    const apdu = encodeApdu({ ins: 0xdb, p1: 0x3f, p2: 0xff, data: bytes(200) }, false);
    const response = await transport.transmit(apdu);
    expect(hex(response)).to.equal(hex(answer));
    expect(fake.errors).to.deep.equal([]);
    expect(fake.sent).to.have.length(Math.ceil((apdu.length + 2) / 59));
    expect(hex(card.received[0]!)).to.equal(hex(apdu));
    expect(fake.received).to.have.length(Math.ceil((answer.length + 2) / 59));
  });
});

describe('token: Web Smart Card API', () => {
  it('connects exclusively preferring T=1, sends APDUs untouched and resets on close', async () => {
    const card = new ScriptedCard(() => ok(fromHex('aa')));
    const { transport, device } = fakeTransport('smart-card-api', card);
    const manager = device as FakeSmartCardManager;
    await transport.open();
    expect(transport.label).to.equal('Fake Reader 00 00');
    expect(hex(await transport.transmit(fromHex('00ca006e00')))).to.equal('aa9000');
    await transport.close();
    expect(manager.calls).to.deep.equal([
      ['establishContext'],
      ['listReaders'],
      ['connect', 'Fake Reader 00 00', 'exclusive', ['t1', 't0']],
      ['disconnect', 'reset'],
    ]);
  });

  it('reports a missing card at connect as no device', async () => {
    const manager = new FakeSmartCardManager({ card: new ScriptedCard(() => ok()) });
    manager.removed = true;
    const { SmartCardApiTransport } = await import('../src/token/smart-card-api.js');
    await expectCode(new SmartCardApiTransport({ manager }).open(), 'token/no-device');
  });
});

describe('token: unplugging mid-transmit', () => {
  for (const kind of TRANSPORT_KINDS) {
    it(`${kind}: rejects the pending transmit and later ones with token/disconnected`, async () => {
      const card = new ScriptedCard(() => ok());
      const { transport } = fakeTransport(kind, card, { unplug: { atApdu: 2 } });
      await transport.open();
      await transport.transmit(fromHex('00a4040000'));
      await expectCode(transport.transmit(fromHex('0020008000')), 'token/disconnected');
      await expectCode(transport.transmit(fromHex('0020008000')), 'token/disconnected');
      await transport.close();
    });
  }
});

describe('token: requestTransport (device pickers)', () => {
  it('asks the picker for the right devices and wraps the chosen one', async () => {
    const card = new ScriptedCard(() => ok(fromHex('55')));
    const asked: unknown[] = [];
    const events = { addEventListener() {}, removeEventListener() {} };
    const usbDevice = new FakeCanokey({ card });
    const hidDevice = new FakeLedgerHid({ card });
    const scope = {
      isSecureContext: true,
      navigator: {
        usb: { ...events, requestDevice: async (options: unknown) => (asked.push(options), usbDevice) },
        hid: { ...events, requestDevice: async (options: unknown) => (asked.push(options), [hidDevice]) },
      },
    };
    const canokey = await requestTransport('canokey-webusb', { scope });
    expect(canokey.kind).to.equal('canokey-webusb');
    await canokey.open();
    expect(hex(await canokey.transmit(fromHex('00ca006e00')))).to.equal('559000');
    const ledger = await requestTransport('ledger-webhid', { scope });
    await ledger.open();
    expect(hex(await ledger.transmit(fromHex('00ca006e00')))).to.equal('559000');
    expect((await requestTransport('ccid-webusb', { scope })).kind).to.equal('ccid-webusb');
    expect(asked).to.deep.equal([
      { filters: [{ classCode: 0xff }] },
      { filters: [{ usagePage: 0xffa0 }] },
      { filters: [{ classCode: 0x0b }] },
    ]);
  });

  it('turns a dismissed picker or a missing API into clear errors', async () => {
    const events = { addEventListener() {}, removeEventListener() {} };
    const scope = {
      navigator: {
        usb: {
          ...events,
          requestDevice: async () => {
            throw new DOMException('No device selected.', 'NotFoundError');
          },
        },
        hid: { ...events, requestDevice: async () => [] },
      },
    };
    await expectCode(requestTransport('canokey-webusb', { scope }), 'token/no-device');
    await expectCode(requestTransport('ledger-webhid', { scope }), 'token/no-device');
    await expectCode(requestTransport('smart-card-api', { scope }), 'token/no-smart-card-api');
    await expectCode(requestTransport('ledger-webhid', { scope: { navigator: {} } }), 'token/no-webhid');
  });
});

describe('token: availableTransports', () => {
  it('explains what is missing in a browser without WebUSB, WebHID or the Smart Card API', () => {
    const result = availableTransports({ navigator: {}, isSecureContext: true });
    expect(result.map((entry) => [entry.kind, entry.available, entry.reason])).to.deep.equal([
      ['ccid-webusb', false, 'token/no-webusb'],
      ['canokey-webusb', false, 'token/no-webusb'],
      ['ledger-webhid', false, 'token/no-webhid'],
      ['smart-card-api', false, 'token/no-smart-card-api'],
    ]);
  });

  it('offers vendor WebUSB and WebHID to ordinary Chromium pages, CCID only to isolated apps', () => {
    const source = { addEventListener() {}, removeEventListener() {} };
    const page = availableTransports({ navigator: { usb: source, hid: source }, isSecureContext: true });
    expect(page.map((entry) => [entry.available, entry.reason])).to.deep.equal([
      [false, 'token/ccid-needs-isolated-app'],
      [true, undefined],
      [true, undefined],
      [false, 'token/no-smart-card-api'],
    ]);
    const smartCard = new FakeSmartCardManager({ card: new ScriptedCard(() => ok()) });
    const app = availableTransports({
      navigator: { usb: source, hid: source, smartCard },
      isSecureContext: true,
      isIsolatedContext: true,
    });
    expect(app.every((entry) => entry.available)).to.equal(true);
    const insecure = availableTransports({ navigator: { usb: source, hid: source }, isSecureContext: false });
    expect(insecure.every((entry) => !entry.available && entry.reason === 'token/insecure-context')).to.equal(
      true,
    );
  });

  it('answers for this browser without touching any device', () => {
    const result = availableTransports();
    expect(result).to.have.length(4);
    const hasUsb = 'usb' in navigator;
    expect(result[1]!.available).to.equal(hasUsb && isSecureContext);
    for (const entry of result) if (!entry.available) expect(entry.reason).to.match(/^token\//);
  });
});
