// The compose page's recipient picker, with JavaScript: suggestions while the member types,
// from `GET /api/users?q=` (the server's `users.search`). Without the script the same search
// works as a GET form; the suggestions are the same links the server renders.
import { announceFound } from './announce.js';
import type { Participant } from './api-types.js';
import { liveStrings } from './live-strings.js';
import { safeLink } from './safe-link.js';

const DELAY_MS = 250;

/** The compose page's address with the form's chosen members (and context) and `id` added. */
function chooseHref(form: HTMLFormElement, id: string): string {
  const query = new URLSearchParams();
  for (const input of Array.from(form.querySelectorAll<HTMLInputElement>('input[type="hidden"]'))) query.append(input.name, input.value);
  // The same order as the server's links: the chosen members, the new one, then the context.
  const context = ['contextType', 'contextId'].map((name) => [name, query.get(name)] as const);
  query.delete('contextType');
  query.delete('contextId');
  query.append('to', id);
  for (const [name, value] of context) if (value !== null) query.append(name, value);
  return `${form.action}?${query}`;
}

function renderResults(list: HTMLElement, form: HTMLFormElement, people: Participant[], adding: boolean): void {
  const ul = document.createElement('ul');
  ul.className = 'm-people';
  for (const person of people) {
    const li = document.createElement('li');
    const avatar = safeLink(person.avatarUrl);
    if (avatar) {
      const img = document.createElement('img');
      Object.assign(img, { className: 'm-avatar', src: avatar, alt: '', width: 24, height: 24, loading: 'lazy' });
      li.append(img, ' ');
    }
    const link = document.createElement('a');
    link.href = chooseHref(form, person.id);
    const name = document.createElement('bdi');
    name.textContent = person.displayName;
    link.append(...liveStrings().parts(adding ? 'conversations.composeAdd' : 'conversations.composeWriteTo', { name }));
    li.append(link);
    ul.append(li);
  }
  list.replaceChildren(...(people.length > 0 ? [ul] : []));
}

/** Wires the picker's search field, when the page has one. */
export function startRecipientSuggestions(): void {
  const input = document.querySelector<HTMLInputElement>('input[data-messaging-recipient-search]');
  const list = document.querySelector<HTMLElement>('[data-messaging-recipient-results]');
  const form = input?.form;
  const api = input?.dataset.messagingRecipientSearch;
  if (!input || !list || !form || !api) return;
  const adding = form.querySelector('input[type="hidden"][name="to"]') !== null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query === '' || query.length > input.maxLength) return;
    timer = setTimeout(async () => {
      const ask = ++asked;
      try {
        const res = await fetch(`${api}?${new URLSearchParams({ q: query, limit: '10' })}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (!res.ok || ask !== asked) return;
        const { users } = (await res.json()) as { users: Participant[] };
        if (ask !== asked) return;
        renderResults(list, form, users, adding);
        announceFound(users.length);
      } catch {
        // Offline or refused: the Find button still searches without the script.
      }
    }, DELAY_MS);
  });
}
