import sharp from 'sharp';

/**
 * The files the attachment browser tests upload, made on the fly: hostile ones (HTML, SVG with
 * script, JPEG and GIF polyglots that carry HTML and `<script>`), a photo with GPS tags, and the
 * photo and PDF of the screenshot. Every script in them would print MARKER to the console and
 * open a dialog, so a test notices if any of it ever runs.
 */
export const MARKER = 'ATTACHMENT-SCRIPT-RAN';
const SCRIPT = `<script>console.log('${MARKER}');alert('${MARKER}')</script>`;

export const htmlFile = (): Buffer => Buffer.from(`<!doctype html><html><body><h1>Invoice</h1>${SCRIPT}<img src=x onerror="alert('${MARKER}')"></body></html>`);

export const svgFile = (): Buffer =>
  Buffer.from(
    `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="alert('${MARKER}')"><rect width="40" height="40" fill="red"/>${SCRIPT}</svg>`,
  );

/** A real JPEG that also carries an HTML document with script: in a comment segment and after its end. */
export async function jpegPolyglot(): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();
  const html = Buffer.from(`<html><body>${SCRIPT}</body></html>`);
  // FF FE: a comment segment right after SOI (FF D8), as polyglot makers put it.
  const comment = Buffer.concat([Buffer.from([0xff, 0xfe, (html.length + 2) >> 8, (html.length + 2) & 0xff]), html]);
  return Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2), html]);
}

/** A real GIF with an HTML document in a comment extension and after its trailer. */
export async function gifPolyglot(): Promise<Buffer> {
  const gif = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#36c' } })
    .gif()
    .toBuffer();
  const html = Buffer.from(`<html><body>${SCRIPT}</body></html>`).subarray(0, 255);
  const commentBlock = Buffer.concat([Buffer.from([0x21, 0xfe, html.length]), html, Buffer.from([0x00])]);
  // Header (6) + logical screen descriptor (7) + the global colour table it announces.
  const packed = gif[10]!;
  const tableBytes = packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;
  const at = 13 + tableBytes;
  return Buffer.concat([gif.subarray(0, at), commentBlock, gif.subarray(at), Buffer.from(`<html>${SCRIPT}</html>`)]);
}

/** A photo with a camera make and GPS position (51°30'N 0°7'W) in its EXIF. */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 120, height: 90, channels: 3, background: '#c84' } })
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Leaky 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .jpeg()
    .toBuffer();
}

/** True when a JPEG still holds an EXIF block or its GPS pointer (tag 0x8825, either byte order). */
export async function hasLocation(bytes: Buffer): Promise<{ exif: boolean; gpsTag: boolean }> {
  const meta = await sharp(bytes).metadata();
  const gpsTag = bytes.includes(Buffer.from([0x88, 0x25])) || bytes.includes(Buffer.from([0x25, 0x88]));
  return { exif: meta.exif !== undefined, gpsTag: gpsTag && meta.exif !== undefined };
}

/** The screenshot's photo: a bicycle against a sky, drawn as SVG and rendered by sharp to a JPEG. */
export async function bikePhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="960" height="640">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#7ec8f0"/><stop offset="1" stop-color="#e8f4fb"/></linearGradient></defs>
  <rect width="960" height="640" fill="url(#sky)"/>
  <circle cx="800" cy="120" r="60" fill="#ffd866"/>
  <rect y="470" width="960" height="170" fill="#7bb662"/>
  <g fill="none" stroke="#2b2b2b" stroke-width="14">
    <circle cx="300" cy="440" r="110"/><circle cx="660" cy="440" r="110"/>
  </g>
  <g fill="none" stroke="#d9342b" stroke-width="18" stroke-linejoin="round" stroke-linecap="round">
    <path d="M300 440 L420 270 L600 270 L660 440 M420 270 L480 440 L300 440 M480 440 L600 270"/>
    <path d="M410 240 L460 240 M600 270 L585 215 L640 205"/>
  </g>
  <circle cx="480" cy="440" r="20" fill="#2b2b2b"/>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

/** A small valid PDF of one page that says what it is. */
export function quotePdf(): Buffer {
  const text = 'BT /F1 24 Tf 72 720 Td (Bike service quote) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
