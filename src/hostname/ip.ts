import { formatIpAddress } from '../certificate/general-names.js';

/** Canonical text of an IPv4 literal with decimal octets and no leading zeros, or undefined. */
function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (const [i, part] of parts.entries()) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part) || Number(part) > 255) return undefined;
    bytes[i] = Number(part);
  }
  return bytes;
}

function parseIPv6(text: string): Uint8Array | undefined {
  if (!/^[0-9a-f:.]+$/i.test(text) || !text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  // Only the last group of the whole address may be written as a dotted IPv4 address.
  const groups = (half: string, mayEndInIPv4: boolean): number[] | undefined => {
    if (half === '') return [];
    const pieces = half.split(':');
    const out: number[] = [];
    for (const [i, piece] of pieces.entries()) {
      if (mayEndInIPv4 && i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? groups(halves[1]!, true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/**
 * Canonical text (dotted IPv4, RFC 5952 IPv6) of an IP literal, with or without IPv6 brackets;
 * undefined when the text is not an IP address.
 */
export function canonicalIp(text: string): string | undefined {
  const bytes = ipAddressBytes(text);
  return bytes ? formatIpAddress(bytes) : undefined;
}

/** The 4 or 16 bytes of an IP literal (as an iPAddress GeneralName holds them), or undefined. */
export function ipAddressBytes(text: string): Uint8Array | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return parseIPv4(bare) ?? parseIPv6(bare);
}
