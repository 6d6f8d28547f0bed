/**
 * Issue 14: what notifications cost a send. Two bench servers on one fresh database (the
 * live-delivery figures' database, `measure-streams.ts`): one without the `notifications`
 * option, one with it at its defaults (a 10-minute delay, the delivery worker running in the
 * process, a host `send` that does nothing). Direct sends, 10 connections each in a thread of
 * its own, the two servers taking turns part by part. See bench/README.md.
 */
import { jsonWriteHeaders, startBenchServer } from './bench-server.js';
import { type GroupTiming, load } from './load.js';
import type { StreamsDatabase } from './measure-streams.js';
import { log, median, medianOfRoundRatios } from './support.js';

const SENDER = '2';
const BODY = JSON.stringify({ body: 'A benchmark message of ordinary length, about one line of text.' });

/**
 * `send_notify_on_vs_off_ratio`: req/s of sends with notifications on / off, both sends' req/s,
 * and `send_notify_cpu_ratio`: the server process's CPU time per send off / on (the servers run
 * in this process, the load generator in a child), which other work on the machine moves far
 * less than req/s. Parts of the group's length in turns: off, on, on, off, off, on, …
 */
export async function measureSendNotifications(db: StreamsDatabase, timing: GroupTiming) {
  const label = db.kind;
  let delivered = 0;
  const off = await startBenchServer(db.database);
  const on = await startBenchServer(db.database, undefined, {
    notifications: {
      send: () => {
        delivered += 1;
      },
      baseUrl: 'http://127.0.0.1/messages',
    },
  });
  try {
    const paths = db.direct.slice(0, timing.connections).map((id) => `/messages/api/threads/${id}/messages`);
    const post = { method: 'POST' as const, headers: jsonWriteHeaders(SENDER), body: BODY, paths, connections: timing.connections };
    const servers = { off, on };
    const rps = { off: [] as number[], on: [] as number[] };
    const cpu = { off: [] as number[], on: [] as number[] };
    const part = Math.max(1, Math.round(timing.durationS / timing.rounds));
    for (const side of ['off', 'on'] as const) await load({ ...post, url: servers[side].url, durationS: timing.warmupS, warmupS: 0 });
    for (let round = 0; round < timing.rounds; round++) {
      for (const side of round % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const)) {
        const result = await load({ ...post, url: servers[side].url, durationS: part, warmupS: 0 });
        if (result.failures > 0) throw new Error(`${label} send (notifications ${side}): ${result.failures} of ${result.requests} requests failed`);
        rps[side].push(result.rps);
        cpu[side].push(result.serverCpuUsPerRequest);
      }
    }
    const [withoutRps, withRps] = [median(rps.off), median(rps.on)];
    const [withoutCpu, withCpu] = [median(cpu.off), median(cpu.on)];
    const ratio = medianOfRoundRatios(rps.on, rps.off);
    const cpuRatio = medianOfRoundRatios(cpu.off, cpu.on);
    // One schedule row per thread the "on" side sent into (a burst keeps its first row): the write is there.
    const schedule = await on.messaging.database.db
      .selectFrom('messaging_notification_schedule')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    const scheduled = Number(schedule.n);
    if (scheduled === 0) throw new Error(`${label}: the sends with notifications on scheduled nothing`);
    log(
      `${label} sends: notifications off ${withoutRps.toFixed(0)} req/s, on ${withRps.toFixed(0)} req/s: ${ratio.toFixed(3)}; ` +
        `CPU per send ${withoutCpu.toFixed(0)} → ${withCpu.toFixed(0)} µs: ${cpuRatio.toFixed(3)} (${scheduled} threads scheduled, ${delivered} handed to send)`,
    );
    return {
      figures: {
        [`${db.prefix}send_notify_on_vs_off_ratio`]: ratio,
        [`${db.prefix}send_notify_off_rps`]: withoutRps,
        [`${db.prefix}send_notify_on_rps`]: withRps,
        [`${db.prefix}send_notify_cpu_ratio`]: cpuRatio,
      },
      details: { off_rps: rps.off, on_rps: rps.on, off_cpu_us_per_send: cpu.off, on_cpu_us_per_send: cpu.on, scheduled_threads: scheduled, delivered },
    };
  } finally {
    // Sends autocannon left in flight at its stop finish first (they would log a closed pool).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await on.close();
    await off.close();
  }
}
