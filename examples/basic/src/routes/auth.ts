import { Router } from 'express';
import type { UserRepository } from '../app-db.js';
import { verifyPassword } from '../passwords.js';
import { renderPage } from '../render.js';

/** Only a local path: never send a member to another site after signing in. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : '/';
}

export function authRoutes(users: UserRepository): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    renderPage(res, 'login', 'Sign in', { next: safeNext(req.query.next), username: '', error: null });
  });

  router.post('/login', async (req, res, next) => {
    try {
      const username = String(req.body?.username ?? '').trim();
      const password = String(req.body?.password ?? '');
      const found = users.credentials(username);
      if (!found || !(await verifyPassword(password, found.password_hash))) {
        renderPage(res, 'login', 'Sign in', { next: safeNext(req.body?.next), username, error: 'That username and password do not match.' }, 401);
        return;
      }
      // A new session id on sign-in, so a session fixed before it is worthless.
      req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.userId = found.id;
        req.session.save((saveErr) => (saveErr ? next(saveErr) : res.redirect(303, safeNext(req.body?.next))));
      });
    } catch (err) {
      next(err);
    }
  });

  router.post('/logout', (req, res, next) => {
    req.session.destroy((err) => {
      if (err) return next(err);
      res.clearCookie('sid');
      res.redirect(303, '/');
    });
  });

  return router;
}
