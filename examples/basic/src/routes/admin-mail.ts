import { Router } from 'express';
import type { MailFolder } from '../mail/mail-folder.js';
import { renderPage } from '../render.js';
import { requireAdmin } from './admin.js';

/**
 * The mail's own HTML is shown only in a sandboxed frame, from this policy: no script, no
 * plugin, no request anywhere (the mail's styles are inline), and an opaque origin (`sandbox`)
 * even when the URL is opened on its own, so a mail can never act as a page of the app.
 */
const MAIL_HTML_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

/** Shown times: UTC, to the second (the mails' Date headers are in UTC too). */
const when = (date: Date) => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

/**
 * The mails the example wrote to `DATA_DIR/mail/` instead of sending them (no SMTP_URL), for
 * the signed-in admin: newest first, and each one as its recipient would see it.
 */
export function adminMailRoutes(folder: MailFolder | null): Router {
  const router = Router();
  router.use('/admin/mail', requireAdmin);
  router.use('/admin/mail', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/admin/mail', (_req, res) => {
    const { mails, total } = folder ? folder.list() : { mails: [], total: 0 };
    renderPage(res, 'admin-mail', 'Sent mail', { mails: mails.map((m) => ({ ...m, when: when(m.date), iso: m.date.toISOString() })), total, smtp: !folder });
  });

  router.get('/admin/mail/:name', (req, res, next) => {
    const mail = folder?.get(req.params.name);
    if (!mail) return next();
    renderPage(res, 'admin-mail-message', mail.subject, { mail: { ...mail, when: when(mail.date), iso: mail.date.toISOString() } });
  });

  router.get('/admin/mail/:name/html', (req, res, next) => {
    const mail = folder?.get(req.params.name);
    if (!mail?.html) return next();
    res.set('Content-Security-Policy', MAIL_HTML_POLICY).type('html').send(mail.html);
  });

  return router;
}
