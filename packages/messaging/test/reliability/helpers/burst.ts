import { call } from './http-client.js';

/** One simulated member sending in a loop: who, through which server, into which threads. */
export interface BurstClient {
  user: string;
  /** The router's base URL of each server to use, taken in turn (two for two processes). */
  bases: string[];
  threadIds: string[];
}

/** One send and what came of it. */
export interface SendOutcome {
  body: string;
  user: string;
  threadId: string;
  status: number;
  /** The message id of a 201. */
  id?: string;
  /** Why there was no answer (connection refused/reset), or the error code of a refusal. */
  error?: string;
}

/**
 * Every client sends `perClient` messages one after another (all clients at once), each with
 * a body no other send has, so a stored message can be matched to its request. A client stops
 * at the first request that gets no answer (the server is gone). `onAnswer` sees each
 * outcome as it arrives, with the number of 2xx so far.
 */
export async function sendBurst(
  clients: BurstClient[],
  perClient: number,
  tag: string,
  onAnswer: (outcome: SendOutcome, acked: number) => void = () => {},
): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = [];
  let acked = 0;
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; i < perClient; i++) {
        const threadId = client.threadIds[i % client.threadIds.length]!;
        const base = client.bases[i % client.bases.length]!;
        const body = `${tag} client ${c} send ${i}`;
        const answer = await call(`${base}/api/threads/${threadId}/messages`, { user: client.user, body: { body } });
        const outcome: SendOutcome = { body, user: client.user, threadId, status: answer.status };
        if (answer.status >= 200 && answer.status < 300) {
          outcome.id = String(answer.json?.message?.id);
          acked++;
        } else outcome.error = answer.error ?? answer.json?.error?.code ?? answer.text.slice(0, 200);
        outcomes.push(outcome);
        onAnswer(outcome, acked);
        if (answer.status === 0) return;
      }
    }),
  );
  return outcomes;
}
