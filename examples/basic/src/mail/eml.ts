/**
 * Reads back the RFC 822 messages this app wrote itself (nodemailer's stream transport): the
 * headers the mail list shows and the text and HTML parts. Not a general MIME parser: one
 * level of multipart, the transfer encodings nodemailer uses (7bit, 8bit, base64,
 * quoted-printable) and RFC 2047 encoded words in headers, all in UTF-8.
 */
export interface ParsedMail {
  /** Header names in lower case; a repeated header keeps its first value. */
  headers: Map<string, string>;
  text: string | null;
  html: string | null;
}

export function parseEml(raw: string): ParsedMail {
  const { headers, body } = splitHeaders(raw);
  const parts = partsOf(headers, body);
  return {
    headers,
    text: parts.find((p) => p.type === 'text/plain')?.content ?? null,
    html: parts.find((p) => p.type === 'text/html')?.content ?? null,
  };
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const normalised = raw.replace(/\r\n/g, '\n');
  const end = normalised.indexOf('\n\n');
  const head = end === -1 ? normalised : normalised.slice(0, end);
  const body = end === -1 ? '' : normalised.slice(end + 2);
  const headers = new Map<string, string>();
  // A line starting with white space continues the header above it (folding).
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function partsOf(headers: Map<string, string>, body: string): Array<{ type: string; content: string }> {
  const contentType = headers.get('content-type') ?? 'text/plain';
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (!type.startsWith('multipart/')) return [{ type, content: decodeBody(body, headers.get('content-transfer-encoding')) }];
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) return [];
  const parts: Array<{ type: string; content: string }> = [];
  // Everything between "--boundary" lines; the preamble before the first and the epilogue after "--boundary--" are not parts.
  const chunks = body.split(`--${boundary}`).slice(1);
  for (const chunk of chunks) {
    if (chunk.startsWith('--')) break;
    const part = splitHeaders(chunk.replace(/^\n/, ''));
    parts.push(...partsOf(part.headers, part.body.replace(/\n$/, '')));
  }
  return parts;
}

function decodeBody(body: string, encoding = '7bit'): string {
  switch (encoding.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

function decodeQuotedPrintable(body: string): string {
  const bytes: number[] = [];
  // "=" at a line's end is a soft break: the line goes on.
  const joined = body.replace(/=\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047: `=?UTF-8?B?…?=` and `=?UTF-8?Q?…?=`; the white space between two encoded words is not text. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}
