import { describeSwitchOncePerRequest } from './switch-once-per-request-fixture.js';

describeSwitchOncePerRequest('Express 5');
