import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';
import { TEST_DIALECT } from '../helpers/test-database.js';
import { seedFile, storedFiles } from './attachments-operations-fixture.js';
import { counterMismatches, setUpOps } from './cli-ops-fixture.js';

const HOURS_AGO = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/**
 * Bob (2) and Alice (1): an old message (120 days) with a photo, a recent one with a PDF;
 * Bob also has an upload he never sent (two hours old) and one he is sending now (a minute
 * old); Alice sent a PDF of her own.
 */
async function seed() {
  const f = await setUpOps();
  const c = f.messaging.conversations;
  f.setDaysAgo(120);
  const { thread } = await c.startConversation({ senderId: '1', recipientIds: ['2'], body: 'old start' });
  const [old] = await f.send('2', thread.id, 1, 'old photo');
  f.setDaysAgo(0);
  const [recent] = await f.send('2', thread.id, 1, 'recent pdf');
  const [alices] = await f.send('1', thread.id, 1, 'my receipt');
  const oldPhoto = await seedFile(f.messaging, { uploaderId: '2', threadId: thread.id, messageId: old!, image: true, size: 300_000, createdAt: HOURS_AGO(120 * 24) });
  const recentPdf = await seedFile(f.messaging, { uploaderId: '2', threadId: thread.id, messageId: recent!, size: 700_001, name: 'quote.pdf' });
  const alicePdf = await seedFile(f.messaging, { uploaderId: '1', threadId: thread.id, messageId: alices!, name: 'receipt.pdf' });
  const orphan = await seedFile(f.messaging, { uploaderId: '2', createdAt: HOURS_AGO(2) });
  const sending = await seedFile(f.messaging, { uploaderId: '2', createdAt: HOURS_AGO(1 / 60) });
  return { f, threadId: thread.id, oldPhoto, recentPdf, alicePdf, orphan, sending };
}

describe(`operations cover attachments on ${TEST_DIALECT}`, () => {
  it('prune removes the files of pruned messages and uploads never sent for over an hour, with their bytes; --dry-run only counts', async () => {
    const { f, oldPhoto, recentPdf, alicePdf, orphan, sending } = await seed();
    const dry = await runCliCaptured(['prune', '--older-than', '90d', '--dry-run', ...f.flags]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would delete 1 file(s) of those messages and 1 upload(s) never sent (older than an hour).');
    expect((await storedFiles(f.messaging)).rows).toHaveLength(5);

    const { code, stdout } = await runCliCaptured(['prune', '--older-than', '90d', ...f.flags]);
    expect(code).toBe(0);
    expect(stdout).toContain('Deleted 1 file(s) of those messages and 1 upload(s) never sent (older than an hour).');
    const left = await storedFiles(f.messaging);
    expect(left.rows.map((r) => r.id).sort()).toEqual([recentPdf.id, alicePdf.id, sending.id].sort());
    expect(left.chunkKeys.sort()).toEqual([recentPdf.storageKey, alicePdf.storageKey, sending.storageKey].sort());
    expect(left.chunkKeys).not.toContain(oldPhoto.thumbnailKey);
    expect(left.chunkKeys).not.toContain(orphan.storageKey);
    expect(await counterMismatches(f.messaging)).toEqual([]);
  });

  it("forget-user --mode erase removes every file the member uploaded, with the bytes, and keeps the others' files", async () => {
    const { f, alicePdf } = await seed();
    const { code, stdout } = await runCliCaptured(['forget-user', '2', '--mode', 'erase', '--yes', ...f.flags]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/files removed:\s+4/);
    const left = await storedFiles(f.messaging);
    expect(left.rows.map((r) => r.id)).toEqual([alicePdf.id]);
    expect(left.chunkKeys).toEqual([alicePdf.storageKey]);
  });

  it('forget-user (anonymise) keeps the files on their messages under the tombstone and removes the uploads never sent', async () => {
    const { f, oldPhoto, recentPdf, alicePdf } = await seed();
    const { code, stdout } = await runCliCaptured(['forget-user', '2', '--yes', ...f.flags]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/files removed:\s+2/);
    const left = await storedFiles(f.messaging);
    expect(left.rows.map((r) => r.id).sort()).toEqual([oldPhoto.id, recentPdf.id, alicePdf.id].sort());
    const uploaders = new Set(left.rows.filter((r) => r.id !== alicePdf.id).map((r) => r.uploader_id));
    expect([...uploaders]).toHaveLength(1);
    expect([...uploaders][0]).toMatch(/^deleted:./);
    expect(left.rows.some((r) => r.uploader_id === '2')).toBe(false);
  });

  it("export holds the member's own files with their bytes (base64), never someone else's", async () => {
    const { f, recentPdf, oldPhoto, orphan, sending, alicePdf } = await seed();
    const { code, stdout } = await runCliCaptured(['export', '--user', '2', ...f.flags]);
    expect(code).toBe(0);
    const data = JSON.parse(stdout);
    const files = data.files as Array<{ id: string; name: string; status: string; messageId: string | null; data: string }>;
    expect(files.map((x) => x.id).sort()).toEqual([recentPdf.id, oldPhoto.id, orphan.id, sending.id].sort());
    expect(files.map((x) => x.id)).not.toContain(alicePdf.id);
    const pdf = files.find((x) => x.id === recentPdf.id)!;
    expect(pdf).toMatchObject({ name: 'quote.pdf', contentType: 'application/pdf', size: 700_001, status: 'ready' });
    // 700,001 bytes: three chunks, a length that is no multiple of 3: the base64 still joins up exactly.
    expect(Buffer.from(pdf.data, 'base64').equals(recentPdf.bytes)).toBe(true);
    expect(files.find((x) => x.id === orphan.id)).toMatchObject({ status: 'staged', messageId: null });
  });

  it('status and stats show the files and bytes stored', async () => {
    const { f } = await seed();
    const status = await runCliCaptured(['status', '--json', ...f.flags]);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report.attachments).toEqual({ files: 3, bytes: 300_000 + 700_001 + 1000, stagedFiles: 2, stagedBytes: 2000, databaseBytes: 300_000 + 300 + 700_001 + 3000 });
    const text = await runCliCaptured(['status', ...f.flags]);
    expect(text.stdout).toMatch(/Attachments:\s+3 file\(s\) on messages, 977\.\d KB/);

    const stats = await runCliCaptured(['stats', '--days', '7', '--json', ...f.flags]);
    expect(stats.code).toBe(0);
    const numbers = JSON.parse(stats.stdout);
    expect(numbers.attachments).toEqual({ uploaded: 4, uploadedBytes: 700_001 + 3000, storedFiles: 5, storedBytes: 300_000 + 700_001 + 3000 });
    const statsText = await runCliCaptured(['stats', '--days', '7', ...f.flags]);
    expect(statsText.stdout).toMatch(/Files:\s+4 uploaded in the period \(686\.\d KB\); 5 stored, 979\.\d KB/);
  });
});
