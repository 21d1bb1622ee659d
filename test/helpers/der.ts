/** A tiny DER writer for building malformed and extreme inputs inside tests (no pasted blobs). */
export function encodeLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

export function tlv(tag: number, content: Uint8Array | number[]): Uint8Array {
  const body = content instanceof Uint8Array ? content : Uint8Array.from(content);
  const head = [tag, ...encodeLength(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** `depth` SEQUENCEs nested inside each other around a NULL, written outside-in in linear time. */
export function nestedSequences(depth: number): Uint8Array {
  const sizes = [2];
  for (let i = 0; i < depth; i++) sizes.push(sizes[i]! + 1 + encodeLength(sizes[i]!).length);
  const out = new Uint8Array(sizes[depth]!);
  let offset = 0;
  for (let i = depth - 1; i >= 0; i--) {
    out[offset++] = 0x30;
    for (const byte of encodeLength(sizes[i]!)) out[offset++] = byte;
  }
  out[offset] = 0x05;
  return out;
}

/** Expects `fn` to throw a ShirushiError with `code`, and returns it for further checks. */
export function expectCode(
  fn: () => unknown,
  code: string,
): Error & { code: string; messages: { ja: string; en: string } } {
  try {
    fn();
  } catch (error) {
    const typed = error as Error & { code: string; messages: { ja: string; en: string } };
    if (typed.code !== code) {
      throw new Error(`expected ${code}, got ${typed.code ?? typed.name}: ${typed.message}`);
    }
    if (!typed.messages?.ja || !typed.messages?.en) throw new Error(`${code} has no ja/en messages`);
    return typed;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}
