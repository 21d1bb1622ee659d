/**
 * Reading an HTTP response body with a size cap, shared by the CRL download, the seal verification page and
 * the ACME client: none of them may hold more of a hostile or broken server's answer than its limit.
 */

export interface CappedBodyOptions {
  /**
   * Ends the read when aborted, even if the fetch implementation leaves its stream open (a server that sends
   * headers and then stalls must not hold the caller forever). The read then rejects with the abort reason.
   */
  signal?: AbortSignal;
  /** Hears the number of bytes read so far after each chunk (for progress displays). */
  onLoaded?: (loaded: number) => void;
}

/**
 * The body, or `undefined` when it is larger than `maxBytes`: announced so by Content-Length (nothing is
 * read), or found so while reading (the rest is not read). Read errors and aborts reject.
 */
export async function readCappedBody(
  response: Response,
  maxBytes: number,
  options: CappedBodyOptions = {},
): Promise<Uint8Array | undefined> {
  const { signal, onLoaded } = options;
  const announced = Number.parseInt(response.headers.get('content-length') ?? '', 10);
  if (Number.isSafeInteger(announced) && announced > maxBytes) {
    void response.body?.cancel().catch(() => {});
    return undefined;
  }
  const reader = response.body?.getReader();
  if (!reader) {
    const whole = new Uint8Array(await response.arrayBuffer());
    if (whole.byteLength > maxBytes) return undefined;
    onLoaded?.(whole.byteLength);
    return whole;
  }

  const abortReason = () =>
    signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError');
  let stop = () => {};
  const stopped = new Promise<never>((_, reject) => {
    stop = () => {
      reject(abortReason());
      void reader.cancel().catch(() => {});
    };
  });
  stopped.catch(() => {});
  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });

  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await (signal ? Promise.race([stopped, reader.read()]) : reader.read());
      // A cancelled reader reports "done": after an abort that is a cut-off body, never a complete one.
      if (signal?.aborted) throw abortReason();
      if (done) break;
      loaded += value.byteLength;
      if (loaded > maxBytes) {
        void reader.cancel().catch(() => {});
        return undefined;
      }
      chunks.push(value);
      onLoaded?.(loaded);
    }
  } finally {
    signal?.removeEventListener('abort', stop);
  }
  return join(chunks, loaded);
}

/** One copy (none for a single chunk); a loop, since spreading a million chunks into one call would throw. */
function join(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
