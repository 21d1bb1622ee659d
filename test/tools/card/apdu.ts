/** ISO 7816-4 command APDU parsing and the status words the emulated applications answer with. */

export interface Command {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  /** Expected response length Ne (256 or 65536 when Le is zero; a missing Le counts as the maximum). */
  ne: number;
  extended: boolean;
}

export interface Response {
  data?: Uint8Array;
  sw: number;
}

export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  AUTH_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  COMMAND_NOT_ALLOWED: 0x6986,
  WRONG_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  REFERENCE_NOT_FOUND: 0x6a88,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  NO_PRECISE_DIAGNOSIS: 0x6f00,
  LAST_COMMAND_EXPECTED: 0x6883,
} as const;

export const ok = (data?: Uint8Array): Response => ({ data, sw: SW.OK });
export const status = (sw: number): Response => ({ sw });
/** 63Cx: verification failed, x tries left. */
export const triesLeft = (tries: number): Response => ({ sw: 0x63c0 | Math.min(tries, 15) });

/** Parses a short or extended command APDU (ISO 7816-4 5.1 cases 1-4); undefined when malformed. */
export function parseCommand(apdu: Uint8Array): Command | undefined {
  if (apdu.length < 4) return undefined;
  const [cla, ins, p1, p2] = [apdu[0]!, apdu[1]!, apdu[2]!, apdu[3]!];
  const base = { cla, ins, p1, p2 };
  const body = apdu.subarray(4);
  if (body.length === 0) return { ...base, data: new Uint8Array(0), ne: 256, extended: false };
  if (body.length === 1) return { ...base, data: new Uint8Array(0), ne: body[0] || 256, extended: false };
  if (body[0] === 0 && body.length >= 3) {
    // Extended length.
    const n = (body[1]! << 8) | body[2]!;
    if (body.length === 3) return { ...base, data: new Uint8Array(0), ne: n || 65536, extended: true };
    if (n === 0) return undefined;
    const data = body.subarray(3, 3 + n);
    const rest = body.length - 3 - n;
    if (rest === 0) return { ...base, data, ne: 65536, extended: true };
    if (rest === 2) {
      const le = (body[3 + n]! << 8) | body[4 + n]!;
      return { ...base, data, ne: le || 65536, extended: true };
    }
    return undefined;
  }
  const lc = body[0]!;
  if (lc === 0) return undefined;
  const data = body.subarray(1, 1 + lc);
  const rest = body.length - 1 - lc;
  if (rest === 0) return { ...base, data, ne: 256, extended: false };
  if (rest === 1) return { ...base, data, ne: body[1 + lc] || 256, extended: false };
  return undefined;
}
