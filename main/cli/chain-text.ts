/**
 * A certificate file's bytes as the text the `verifyChain` channel takes
 * (`chainPem`, `anchorsPem`), for any format `add` reads: PEM (and PKCS#7 in
 * PEM) passes as it is; binary DER, a certificate or PKCS#7, is armoured as
 * one PEM block, whose body main reads exactly as it reads a DER file. What is
 * neither passes as it is too, so main refuses it with its own words.
 */
export function chainText(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // UTF-16 (Windows Notepad's "Unicode") as main decodes it; latin1 keeps every other byte as it was.
  const text = buffer[0] === 0xff && buffer[1] === 0xfe ? buffer.subarray(2).toString('utf16le') : buffer.toString('latin1');
  if (text.includes('-----BEGIN ') || buffer[0] !== 0x30) return text;
  const lines = buffer.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
