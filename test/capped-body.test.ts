import { expect } from '@esm-bundle/chai';
import { readCappedBody } from '../src/net/capped-body.js';

/** A streamed response of the given chunks; `stall` leaves the stream open after them. */
function streamed(chunks: number[], options: { stall?: boolean; length?: number } = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      chunks.forEach((size, index) => controller.enqueue(new Uint8Array(size).fill(index + 1)));
      if (!options.stall) controller.close();
    },
  });
  const headers: Record<string, string> =
    options.length === undefined ? {} : { 'Content-Length': String(options.length) };
  return new Response(body, { headers });
}

describe('readCappedBody', () => {
  it('joins the chunks and reports the running count', async () => {
    const seen: number[] = [];
    const body = await readCappedBody(streamed([3, 2, 4]), 9, { onLoaded: (n) => seen.push(n) });
    expect(Array.from(body!)).to.deep.equal([1, 1, 1, 2, 2, 3, 3, 3, 3]);
    expect(seen).to.deep.equal([3, 5, 9]);
  });

  it('is undefined past the cap, whether announced or found while reading', async () => {
    // Announced: nothing is read, so even a stalled stream does not matter.
    expect(await readCappedBody(streamed([1], { stall: true, length: 10 }), 9)).to.equal(undefined);
    expect(await readCappedBody(streamed([5, 5]), 9)).to.equal(undefined);
    expect(await readCappedBody(new Response(new Uint8Array(10)), 10)).to.have.length(10);
  });

  it('an abort during the read rejects: a cut-off body is never returned as complete', async () => {
    const controller = new AbortController();
    const reading = readCappedBody(streamed([4, 4, 4]), 100, {
      signal: controller.signal,
      onLoaded: () => controller.abort(),
    });
    let error: unknown;
    await reading.catch((caught: unknown) => (error = caught));
    expect((error as Error | undefined)?.name).to.equal('AbortError');
  });

  it('a stream that stalls ends when the signal fires', async () => {
    const controller = new AbortController();
    const reading = readCappedBody(streamed([4], { stall: true }), 100, { signal: controller.signal });
    setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), 20);
    let error: unknown;
    await reading.catch((caught: unknown) => (error = caught));
    expect((error as Error | undefined)?.name).to.equal('TimeoutError');
  });
});
