import { ShirushiError } from '../errors/shirushi-error.js';
import { base64Decode, base64Encode } from './base64.js';

/** One decoded PEM block. `label` is `''` for base64 given without armour. */
export interface PemBlock {
  label: string;
  der: Uint8Array;
  /** RFC 1421 headers such as `Proc-Type`, present on legacy encrypted keys. */
  headers: Record<string, string>;
}

/** DER bytes, or text holding PEM blocks or bare base64. */
export type DerInput = Uint8Array | ArrayBuffer | string;

export interface DecodeOptions {
  /** Largest DER size accepted, in bytes; text input is bounded in proportion. */
  maxBytes: number;
  /** PEM labels accepted, e.g. `['CERTIFICATE', 'X509 CERTIFICATE']`. Empty or absent accepts any. */
  labels?: readonly string[];
}

const BEGIN = /-----BEGIN ([^\r\n-]{0,80})-----/g;
const BARE_BASE64 = /^[A-Za-z0-9+/=_\-\s]+$/;
const SEQUENCE_TAG = 0x30;

/** Text may carry junk around PEM blocks and base64 grows by 4/3, so allow some slack above the DER limit. */
function maxTextLength(maxBytes: number): number {
  return Math.ceil(maxBytes * 1.4) + 64 * 1024;
}

function checkSize(size: number, limit: number): void {
  if (size > limit) throw new ShirushiError('input/too-large', { size, limit });
}

/**
 * Finds every PEM block in `text`, whatever its label, ignoring text around the blocks.
 * Text with no armour that is only base64 is returned as one block with an empty label.
 */
export function decodePem(text: string, options: Partial<DecodeOptions> = {}): PemBlock[] {
  if (options.maxBytes !== undefined) checkSize(text.length, maxTextLength(options.maxBytes));
  if (text.trim() === '') throw new ShirushiError('input/empty');
  const blocks: PemBlock[] = [];
  BEGIN.lastIndex = 0;
  for (let match = BEGIN.exec(text); match; match = BEGIN.exec(text)) {
    const label = match[1]!.trim();
    const bodyStart = match.index + match[0].length;
    const endStart = text.indexOf('-----END ', bodyStart);
    const nextBegin = text.indexOf('-----BEGIN ', bodyStart);
    if (endStart < 0 || (nextBegin >= 0 && nextBegin < endStart)) {
      throw new ShirushiError('pem/unterminated', { label });
    }
    const endMatch = /^-----END ([^\r\n-]{0,80})-----/.exec(text.slice(endStart, endStart + 100));
    if (!endMatch) throw new ShirushiError('pem/unterminated', { label });
    const endLabel = endMatch[1]!.trim();
    if (endLabel !== label) throw new ShirushiError('pem/mismatched-label', { begin: label, end: endLabel });
    blocks.push({ label, ...decodeBody(text.slice(bodyStart, endStart)) });
    BEGIN.lastIndex = endStart + endMatch[0].length;
  }
  if (blocks.length > 0) return blocks;
  if (text.includes('-----END ')) throw new ShirushiError('pem/no-data');
  if (!BARE_BASE64.test(text)) throw new ShirushiError('pem/no-data');
  return [{ label: '', der: base64Decode(text), headers: {} }];
}

function decodeBody(body: string): { der: Uint8Array; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const lines = body.split(/\r?\n/);
  let first = 0;
  while (first < lines.length && lines[first]!.trim() === '') first++;
  if (first < lines.length && /^[A-Za-z][A-Za-z0-9-]*:/.test(lines[first]!)) {
    for (; first < lines.length && lines[first]!.trim() !== ''; first++) {
      const line = lines[first]!;
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  }
  const der = base64Decode(lines.slice(first).join('\n'));
  if (der.length === 0) throw new ShirushiError('input/empty');
  return { der, headers };
}

/** PEM text with 64-character lines and a trailing newline. */
export function encodePem(label: string, der: Uint8Array): string {
  return `-----BEGIN ${label}-----\n${base64Encode(der, 64)}\n-----END ${label}-----\n`;
}

function asBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** DER bytes start with a SEQUENCE for every structure we read; anything else is taken to be text. */
function looksLikeDer(bytes: Uint8Array): boolean {
  return bytes[0] === SEQUENCE_TAG;
}

/**
 * Every DER structure in the input whose PEM label is accepted.
 * Binary input that starts with a DER SEQUENCE is returned as is; other bytes are read as text.
 */
export function toDerList(input: DerInput, options: DecodeOptions): Uint8Array[] {
  if (typeof input !== 'string') {
    const bytes = asBytes(input);
    if (bytes.length === 0) throw new ShirushiError('input/empty');
    if (looksLikeDer(bytes)) {
      checkSize(bytes.length, options.maxBytes);
      return [bytes];
    }
    checkSize(bytes.length, maxTextLength(options.maxBytes));
    // Bytes no text file has (NUL and other C0 controls besides tab, newline and carriage return) mean
    // binary data that is not a DER SEQUENCE: say so rather than "no PEM found".
    if (
      bytes.subarray(0, 1024).some((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)
    ) {
      throw new ShirushiError('der/bad-tag', { offset: 0 });
    }
    input = new TextDecoder('utf-8').decode(bytes);
  }
  const blocks = decodePem(input, options);
  const wanted = options.labels ?? [];
  const accepted = blocks.filter(
    (block) => block.label === '' || wanted.length === 0 || wanted.includes(block.label),
  );
  if (accepted.length === 0) {
    throw new ShirushiError('pem/wrong-label', { found: blocks[0]!.label, expected: wanted[0] ?? '' });
  }
  for (const block of accepted) checkSize(block.der.length, options.maxBytes);
  return accepted.map((block) => block.der);
}

/** The first DER structure in the input whose PEM label is accepted. */
export function toDer(input: DerInput, options: DecodeOptions): Uint8Array {
  return toDerList(input, options)[0]!;
}
