import { html, SafeHtml } from '../text/escape-html.js';
import type { MailModel, MailThread } from './mail-model.js';
import type { NotificationMailStrings } from './mail-strings.js';

// Mail clients drop <style> and external CSS: every style is inline, the layout is tables,
// colours are plain hex. The font stack is the system one.
const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const TEXT = `${FONT}font-size:16px;line-height:1.5;color:#1f2328;`;
const MUTED = `${FONT}font-size:14px;line-height:1.5;color:#57606a;`;
const BUTTON = `${FONT}display:inline-block;padding:10px 18px;background:#0969da;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;font-size:15px;`;
const LINK = 'color:#0969da;';
// Markup of this file, never member data.
const TABLE = new SafeHtml('role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"');

/** Text with its newlines as <br> (some clients ignore white-space: pre-wrap), escaped. */
function lines(text: string): SafeHtml {
  const parts = text.split('\n');
  return html`${parts.map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}`;
}

function button(url: string | null, label: string): SafeHtml | '' {
  return url ? html`<a href="${url}" style="${BUTTON}">${label}</a>` : '';
}

function threadHtml(thread: MailThread, strings: NotificationMailStrings): SafeHtml {
  const messages = thread.messages.map(
    (m) =>
      html`<p style="${TEXT}margin:0 0 12px;padding:8px 12px;background:#f6f8fa;border-left:3px solid #0969da;" dir="auto"><strong>${m.sender}</strong> <span style="${MUTED}">${m.time}</span><br>${lines(m.body)}</p>`,
  );
  return html`<tr><td style="padding:8px 28px;">
<table ${TABLE} style="border:1px solid #d0d7de;border-radius:6px;"><tr><td style="padding:16px;">
<p style="${TEXT}margin:0;font-weight:600;" dir="auto">${thread.title}</p>
<p style="${MUTED}margin:0 0 12px;">${thread.line}</p>
${messages}${button(thread.url, strings.openThread)}
</td></tr></table>
</td></tr>`;
}

/** The HTML part: a simple card on a grey page, readable without images or styles. */
export function mailHtml(model: MailModel, strings: NotificationMailStrings): string {
  const body = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><title>${model.subject}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table ${TABLE} style="background:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">
<table ${TABLE} style="max-width:560px;background:#ffffff;border:1px solid #d0d7de;border-radius:8px;">
<tr><td style="padding:28px 28px 8px;">
<p style="${TEXT}margin:0 0 16px;">${model.greeting}</p>
<p style="${TEXT}margin:0 0 8px;">${model.intro}</p>
</td></tr>
${model.threads.map((t) => threadHtml(t, strings))}
${model.more > 0 ? html`<tr><td style="padding:8px 28px;"><p style="${MUTED}margin:0;">${strings.moreThreads(model.more)}</p></td></tr>` : ''}
<tr><td style="padding:16px 28px 28px;">${model.links.inbox ? html`<a href="${model.links.inbox}" style="${FONT}${LINK}font-size:15px;">${strings.openInbox}</a>` : ''}</td></tr>
</table>
<table ${TABLE} style="max-width:560px;"><tr><td style="padding:16px 28px;">
<p style="${MUTED}font-size:12px;margin:0 0 8px;">${strings.footer}</p>
<p style="${MUTED}font-size:12px;margin:0;">${model.links.preferences ? html`<a href="${model.links.preferences}" style="${LINK}">${strings.preferences}</a>` : ''}${model.links.preferences && model.links.unsubscribe ? ' · ' : ''}${model.links.unsubscribe ? html`<a href="${model.links.unsubscribe}" style="${LINK}">${strings.unsubscribe}</a>` : ''}</p>
</td></tr></table>
</td></tr></table>
</body></html>
`;
  return body.html;
}
