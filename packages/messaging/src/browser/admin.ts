// The admin router's pages: no live updates, since no `/api` sits beside the admin router
// for the script to find.
import { scrollToNewest } from './auto-scroll.js';

scrollToNewest();
