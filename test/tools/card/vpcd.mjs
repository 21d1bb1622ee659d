// Node-only bridge: connects a VirtualCard (test/tools/card/index.ts) to vsmartcard-vpcd, the pcscd reader
// driver that listens on TCP for a virtual card. Protocol (upstream vpcd.c / ifd-vpcd.c): every message is a
// 2-byte big-endian length and a payload; a 1-byte payload is a control from vpcd (00 power off, 01 power on,
// 02 reset, 04 get ATR, answered with the ATR); anything longer is a C-APDU, answered with the R-APDU.
// Never answer with zero bytes (vpcd takes it as card removal). Closing the socket removes the card.
import { connect } from 'node:net';

/**
 * @param {{ atr: Uint8Array, powerOn(): void, powerOff(): void, reset(): void,
 *           transmit(apdu: Uint8Array): Promise<Uint8Array> }} card
 * @param {{ host?: string, port?: number, log?: (line: string) => void, retryMs?: number }} [options]
 * @returns {Promise<{ close(): Promise<void>, closed: Promise<void> }>} once the TCP connection is up
 */
export function connectVpcd(card, { host = '127.0.0.1', port = 35963, log, retryMs = 5000 } = {}) {
  const hex = (bytes) => Buffer.from(bytes).toString('hex');
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + retryMs;
    const attempt = () => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      let buffered = Buffer.alloc(0);
      let chain = Promise.resolve();
      const closed = new Promise((done) => socket.once('close', () => done()));
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        socket.on('error', (error) => log?.(`vpcd socket error: ${error.message}`));
        resolve({
          closed,
          close: () => {
            socket.end();
            socket.destroy();
            return closed;
          },
        });
      });
      socket.once('error', (error) => {
        socket.destroy();
        // pcscd loads the driver a moment after it starts: retry until the deadline.
        if (Date.now() < deadline && ['ECONNREFUSED', 'ECONNRESET'].includes(error.code))
          setTimeout(attempt, 50);
        else reject(new Error(`cannot connect to vpcd on ${host}:${port}: ${error.message}`));
      });
      const send = (payload) => {
        const frame = Buffer.alloc(2 + payload.length);
        frame.writeUInt16BE(payload.length, 0);
        frame.set(payload, 2);
        socket.write(frame);
      };
      const handle = async (payload) => {
        if (payload.length === 1) {
          const control = payload[0];
          if (control === 0x00) card.powerOff();
          else if (control === 0x01) card.powerOn();
          else if (control === 0x02) card.reset();
          else if (control === 0x04) send(card.atr);
          else log?.(`vpcd: unknown control ${control}`);
          return;
        }
        let response;
        try {
          response = await card.transmit(new Uint8Array(payload));
        } catch (error) {
          log?.(`card error: ${error.message}`);
          response = Uint8Array.of(0x6f, 0x00);
        }
        log?.(`> ${hex(payload)}\n< ${hex(response)}`);
        send(response.length ? response : Uint8Array.of(0x6f, 0x00));
      };
      socket.on('data', (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 2) {
          const length = buffered.readUInt16BE(0);
          if (buffered.length < 2 + length) break;
          const payload = buffered.subarray(2, 2 + length);
          buffered = buffered.subarray(2 + length);
          if (length === 0) continue;
          chain = chain.then(() => handle(payload));
        }
      });
    };
    attempt();
  });
}
