import { vi } from 'vitest';
import { describeSwitchOncePerRequest } from './switch-once-per-request-fixture.js';

// The whole package sees Express 4 here, as in a host that still runs it (peer ^4.21.2).
vi.mock('express', async () => {
  const { createRequire: requireFrom } = await import('node:module');
  const express4 = requireFrom(import.meta.url)('express4');
  return { default: express4, ...express4 };
});

describeSwitchOncePerRequest('Express 4');
