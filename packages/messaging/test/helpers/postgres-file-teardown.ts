import { afterAll } from 'vitest';
import { dropRecycledSchemas } from './recycled-schemas.js';

// Registered before the test file's own hooks, so it runs after them: every test has given
// its schema back by then.
afterAll(dropRecycledSchemas);
