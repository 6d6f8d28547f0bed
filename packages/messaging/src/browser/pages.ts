// The main router's pages (and a host layout's `scriptTag`): auto-scroll, then live updates
// (docs/live-updates.md).
import { scrollToNewest } from './auto-scroll.js';
import { startLiveUpdates } from './live-updates.js';
import { startRecipientSuggestions } from './recipient-suggestions.js';

scrollToNewest();
startLiveUpdates();
startRecipientSuggestions();
