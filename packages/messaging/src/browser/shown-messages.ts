import { threadPath, type Request } from './api.js';
import type { ThreadPage } from './api-types.js';
import { showDeleted, showEdited } from './message-changes.js';

/** Pages of 100 asked at most: a page holds 20 messages, plus what arrived live. */
const MAX_PAGES = 5;

/**
 * After the stream reconnected: edits and deletions are not replayed (the stream's mark counts
 * new messages only), so the messages this page shows are read again from
 * `GET /api/threads/:id` (newest first, from the newest shown one down to the oldest) and
 * their edits and deletions applied. Returns the pages read, or [] on any failure: the next
 * page load shows the truth.
 */
export async function refreshShownMessages(request: Request, threadId: string, list: Element): Promise<ThreadPage[]> {
  const ids = [...list.querySelectorAll('[id^="m-"]')].map((el) => Number(el.id.slice(2))).filter((id) => Number.isSafeInteger(id) && id > 0);
  if (ids.length === 0) return [];
  const oldest = Math.min(...ids);
  const pages: ThreadPage[] = [];
  let before: string | null = String(Math.max(...ids) + 1);
  try {
    for (let i = 0; i < MAX_PAGES && before !== null && Number(before) > oldest; i++) {
      const page: ThreadPage = await request<ThreadPage>(`${threadPath(threadId)}?limit=100&before=${encodeURIComponent(before)}`);
      pages.push(page);
      for (const m of page.messages) {
        if (m.deleted) showDeleted(m.id);
        else if (m.editedAt) showEdited(m);
      }
      before = page.nextCursor ?? null;
    }
  } catch {
    return [];
  }
  return pages;
}
