/**
 * The first RDP exchange, [MS-RDPBCGR] 2.2.1.1 / 2.2.1.2: an X.224 Connection
 * Request TPDU (ITU-T X.224 §13.3) in a TPKT (RFC 1006 §6) carrying an RDP
 * Negotiation Request, and the parsing of the Connection Confirm. Pure
 * functions on buffers, no I/O.
 */

/** [MS-RDPBCGR] 2.2.1.1.1 requestedProtocols flags. */
export const PROTOCOL_RDP = 0x0;
export const PROTOCOL_SSL = 0x1;
export const PROTOCOL_HYBRID = 0x2;

const TPKT_VERSION = 0x03;
const X224_CONNECTION_REQUEST = 0xe0;
const X224_CONNECTION_CONFIRM = 0xd0;
const TYPE_RDP_NEG_REQ = 0x01;
const TYPE_RDP_NEG_RSP = 0x02;
const TYPE_RDP_NEG_FAILURE = 0x03;

/** [MS-RDPBCGR] 2.2.1.2.2 failureCode values, for the message. */
export const NEGOTIATION_FAILURES: Readonly<Record<number, string>> = {
  1: 'SSL_REQUIRED_BY_SERVER',
  2: 'SSL_NOT_ALLOWED_BY_SERVER',
  3: 'SSL_CERT_NOT_ON_SERVER',
  4: 'INCONSISTENT_FLAGS',
  5: 'HYBRID_REQUIRED_BY_SERVER',
  6: 'SSL_WITH_USER_AUTH_REQUIRED_BY_SERVER',
};

/**
 * TPKT(4) + X.224 CR fixed part(7) + RDP_NEG_REQ(8) = 19 bytes. No routing
 * token or cookie: they are optional and we do not log on.
 */
export function connectionRequest(requestedProtocols: number = PROTOCOL_SSL | PROTOCOL_HYBRID): Buffer {
  const packet = Buffer.alloc(19);
  packet.writeUInt8(TPKT_VERSION, 0);
  packet.writeUInt8(0, 1);
  packet.writeUInt16BE(packet.length, 2);
  // Length indicator: the TPDU header after this byte (6) plus the variable part (8).
  packet.writeUInt8(6 + 8, 4);
  packet.writeUInt8(X224_CONNECTION_REQUEST, 5);
  packet.writeUInt16BE(0, 6); // DST-REF
  packet.writeUInt16BE(0, 8); // SRC-REF
  packet.writeUInt8(0, 10); // class 0
  packet.writeUInt8(TYPE_RDP_NEG_REQ, 11);
  packet.writeUInt8(0, 12); // flags
  packet.writeUInt16LE(8, 13); // RDP_NEG_REQ length, little-endian per [MS-RDPBCGR] 2.2.1.1.1
  packet.writeUInt32LE(requestedProtocols, 15);
  return packet;
}

export type ConnectionConfirm =
  | { kind: 'selected'; protocol: number }
  | { kind: 'failure'; failureCode: number }
  /** A Connection Confirm without negotiation data: the server only knows standard RDP security. */
  | { kind: 'no-negotiation' };

export type TpktRead = { kind: 'incomplete' } | { kind: 'not-rdp' } | { kind: 'frame'; frame: Buffer };

/** Splits the first TPKT frame off what has arrived so far (RFC 1006 §6: version 3, 16-bit length). */
export function readTpkt(received: Buffer): TpktRead {
  if (received.length >= 1 && received[0] !== TPKT_VERSION) return { kind: 'not-rdp' };
  if (received.length < 4) return { kind: 'incomplete' };
  const length = received.readUInt16BE(2);
  // Smallest sensible reply: TPKT header + a 7-byte X.224 CC; TPKT caps frames at 65535.
  if (length < 11) return { kind: 'not-rdp' };
  if (received.length < length) return { kind: 'incomplete' };
  return { kind: 'frame', frame: received.subarray(0, length) };
}

/** Parses an X.224 Connection Confirm; null when the frame is something else. */
export function parseConnectionConfirm(frame: Buffer): ConnectionConfirm | null {
  const lengthIndicator = frame[4];
  const tpduCode = frame[5];
  if (lengthIndicator === undefined || tpduCode === undefined) return null;
  // The upper nibble is the TPDU code; the lower nibble carries CDT (always 0 in class 0).
  if ((tpduCode & 0xf0) !== X224_CONNECTION_CONFIRM || lengthIndicator < 6 || 5 + lengthIndicator > frame.length) {
    return null;
  }
  const variable = frame.subarray(11, 5 + lengthIndicator);
  if (variable.length < 8) return { kind: 'no-negotiation' };
  const type = variable[0];
  const value = variable.readUInt32LE(4);
  if (type === TYPE_RDP_NEG_RSP) return { kind: 'selected', protocol: value };
  if (type === TYPE_RDP_NEG_FAILURE) return { kind: 'failure', failureCode: value };
  return null;
}
