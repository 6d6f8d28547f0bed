// The main router's pages (and a host layout's `scriptTag`): auto-scroll, then live updates
// (docs/live-updates.md).
import { scrollToNewest } from './auto-scroll.js';
import { readLiveStrings } from './live-strings.js';
import { startLiveUpdates } from './live-updates.js';
import { startRecipientSuggestions } from './recipient-suggestions.js';

// The member's words (from the words script before this one, or this script's own tag),
// read while it is `document.currentScript`.
readLiveStrings(document.currentScript);
scrollToNewest();
startLiveUpdates();
startRecipientSuggestions();
