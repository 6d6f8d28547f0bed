import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Messaging } from '@org/messaging';
import type { User } from '../app-db.js';
import { renderPage } from '../render.js';

/** Signed out: to the sign-in page; signed in but not an administrator: 403. */
export function requireAdmin(req: Request, res: Response, next: NextFunction): void {
  const viewer = res.locals.viewer as User | undefined;
  if (!viewer) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
  if (viewer.role !== 'admin') {
    renderPage(res, 'error', 'Not allowed', { heading: 'Not allowed', message: 'Only administrators can change settings.' }, 403);
    return;
  }
  next();
}

/** Same-origin Referer path, else the settings page: where the switch sends the admin back. */
function backTo(req: Request): string {
  try {
    const url = new URL(req.get('referer') ?? '');
    if (url.host === req.get('host')) return url.pathname + url.search;
  } catch {
    // no or bad Referer
  }
  return '/admin/settings';
}

/** The app's own settings page, with the messaging switch among its settings. */
export function adminRoutes(messaging: Messaging): Router {
  const router = Router();
  router.use('/admin/settings', requireAdmin);

  router.get('/admin/settings', async (req, res, next) => {
    try {
      const messagingSwitch = await messaging.adminToggleHtml(req, { action: '/admin/settings/messaging', csrfToken: req.csrfToken() });
      // Posts to messaging.adminRouter (mounted at /admin/messaging), which shows the saved limits.
      const messagingLimits = await messaging.adminLimitsHtml(req, { csrfToken: req.csrfToken() });
      res.set('Cache-Control', 'no-store');
      renderPage(res, 'admin-settings', 'Settings', { messagingSwitch, messagingLimits });
    } catch (err) {
      next(err);
    }
  });

  router.post('/admin/settings/messaging', async (req, res, next) => {
    const enabled = req.body?.enabled;
    if (enabled !== 'on' && enabled !== 'off') {
      renderPage(res, 'error', 'That did not work', { heading: 'That did not work', message: 'Choose on or off.' }, 400);
      return;
    }
    try {
      await messaging.toggle.setEnabled(enabled === 'on', (res.locals.viewer as User).id);
      res.redirect(303, backTo(req));
    } catch (err) {
      next(err);
    }
  });

  return router;
}
