/**
 * The HTML part of a notification mail: a simple card on a grey page, readable without
 * images or styles. Mail clients drop <style> and external CSS, so every style is inline, the
 * layout is tables and colours are plain hex; the quote bar of a message sits on the side the
 * text starts (right in Arabic). Data: `MailData` (every sentence already in the member's
 * words, names isolated with FSI…PDI, each sentence's direction the locale's, member text in
 * `<bdi>` or `dir="auto"`); the labels come from `it.i18n.t('mail.…')`.
 */
export const MAIL_TEMPLATE = `<%
const FONT = "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const TEXT = FONT + 'font-size:16px;line-height:1.5;color:#1f2328;';
const MUTED = FONT + 'font-size:14px;line-height:1.5;color:#57606a;';
const BUTTON = FONT + 'display:inline-block;padding:10px 18px;background:#0969da;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;font-size:15px;';
const LINK = 'color:#0969da;';
const START = it.i18n.dir === 'rtl' ? 'right' : 'left';
%><!doctype html>
<html lang="<%= it.i18n.locale %>" dir="<%= it.i18n.dir %>"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><title><%= it.subject %></title></head>
<body style="margin:0;padding:0;background:#f4f5f7;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" dir="<%= it.i18n.dir %>" style="background:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background:#ffffff;border:1px solid #d0d7de;border-radius:8px;">
<tr><td style="padding:28px 28px 8px;">
<p style="<%= TEXT %>margin:0 0 16px;" dir="<%= it.i18n.dir %>"><%= it.greeting %></p>
<p style="<%= TEXT %>margin:0 0 8px;" dir="<%= it.i18n.dir %>"><%= it.intro %></p>
</td></tr>
<% for (const thread of it.threads) { %><tr><td style="padding:8px 28px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border:1px solid #d0d7de;border-radius:6px;"><tr><td style="padding:16px;">
<p style="<%= TEXT %>margin:0;font-weight:600;" dir="auto"><%= thread.title %></p>
<p style="<%= MUTED %>margin:0 0 12px;" dir="<%= it.i18n.dir %>"><%= thread.line %></p>
<% for (const m of thread.messages) { %><p style="<%= TEXT %>margin:0 0 12px;padding:8px 12px;background:#f6f8fa;border-<%= START %>:3px solid #0969da;" dir="auto"><strong><bdi><%= m.sender %></bdi></strong> <span style="<%= MUTED %>" dir="<%= it.i18n.dir %>"><%= m.time %></span><br><% m.lines.forEach((line, i) => { %><% if (i > 0) { %><br><% } %><%= line %><% }) %></p><% } %>
<% if (thread.url) { %><a href="<%= thread.url %>" style="<%= BUTTON %>"><%= it.i18n.t('mail.openThread') %></a><% } %>
</td></tr></table>
</td></tr>
<% } %><% if (it.more > 0) { %><tr><td style="padding:8px 28px;"><p style="<%= MUTED %>margin:0;"><%= it.i18n.t('mail.moreThreads', { count: it.more }) %></p></td></tr>
<% } %><tr><td style="padding:16px 28px 28px;"><% if (it.links.inbox) { %><a href="<%= it.links.inbox %>" style="<%= FONT %><%= LINK %>font-size:15px;"><%= it.i18n.t('mail.openInbox') %></a><% } %></td></tr>
</table>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;"><tr><td style="padding:16px 28px;">
<p style="<%= MUTED %>font-size:12px;margin:0 0 8px;"><%= it.i18n.t('mail.footer') %></p>
<p style="<%= MUTED %>font-size:12px;margin:0;"><% if (it.links.preferences) { %><a href="<%= it.links.preferences %>" style="<%= LINK %>"><%= it.i18n.t('mail.preferences') %></a><% } %><% if (it.links.preferences && it.links.unsubscribe) { %> · <% } %><% if (it.links.unsubscribe) { %><a href="<%= it.links.unsubscribe %>" style="<%= LINK %>"><%= it.i18n.t('mail.unsubscribe') %></a><% } %></p>
</td></tr></table>
</td></tr></table>
</body></html>
`;
