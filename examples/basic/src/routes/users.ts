import { Router } from 'express';
import type { UserRepository } from '../app-db.js';
import { renderPage } from '../render.js';

export function userRoutes(users: UserRepository): Router {
  const router = Router();

  router.get('/', (_req, res) => renderPage(res, 'home', 'Welcome'));

  router.get('/users', (_req, res) => renderPage(res, 'users', 'Members', { users: users.list() }));

  router.get('/users/:username', (req, res, next) => {
    const user = users.findByUsername(req.params.username);
    if (!user) return next();
    renderPage(res, 'profile', user.displayName, { user });
  });

  router.get('/api/users/:username', (req, res) => {
    const user = users.findByUsername(req.params.username);
    if (!user) {
      res.status(404).json({ error: { code: 'not_found', message: 'No such member.' } });
      return;
    }
    res.json({ id: user.id, username: user.username, displayName: user.displayName });
  });

  return router;
}
