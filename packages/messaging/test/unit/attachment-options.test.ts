import { describe, expect, it } from 'vitest';
import { DEFAULT_ATTACHMENT_OPTIONS, resolveAttachmentOptions } from '../../src/attachment-options.js';
import { createMessaging } from '../../src/create-messaging.js';
import { loadSharp } from '../../src/services/attachments/image-library.js';

const users = { getUsers: async () => [] };
const currentUserId = (req: any) => req.session?.userId;

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

const make = (attachments: unknown) => createMessaging({ database: { sqlite: ':memory:' }, users, currentUserId, attachments } as any);

describe('the attachments option', () => {
  it('is off unless given; true takes every default', async () => {
    expect(resolveAttachmentOptions(undefined)).toBeNull();
    expect(resolveAttachmentOptions(false)).toBeNull();
    expect(resolveAttachmentOptions(true)).toMatchObject({ ...DEFAULT_ATTACHMENT_OPTIONS, storage: undefined, inspect: undefined });
    expect(resolveAttachmentOptions({ maxFileBytes: 5 })?.maxFileBytes).toBe(5);
    const m = make(true);
    await m.close();
    const n = make({ maxFileBytes: 1024, allowedTypes: ['image/png'], maxFilesPerMessage: 2 });
    await n.close();
  });

  it('names a wrong limit and shows a fix', () => {
    const err = errorOf(() => make({ maxFileBytes: -1 }));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain('option "attachments.maxFileBytes"');
    expect(err.message).toContain('for example 10485760');
    expect(errorOf(() => make({ maxFilesPerMessage: 0 })).message).toContain('option "attachments.maxFilesPerMessage" must be a whole number from 1 to 100');
    expect(errorOf(() => make({ maxBytesPerMemberPerDay: 1.5 })).message).toContain('option "attachments.maxBytesPerMemberPerDay"');
  });

  it('refuses types that would run script on the site, and empty lists', () => {
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml']) {
      const err = errorOf(() => make({ allowedTypes: ['image/png', type] }));
      expect(err.message).toContain('option "attachments.allowedTypes" must not hold HTML, SVG');
    }
    expect(errorOf(() => make({ allowedTypes: [] })).message).toContain('option "attachments.allowedTypes" must list at least one type');
    expect(errorOf(() => make({ allowedTypes: ['PNG'] })).message).toContain("media types such as 'image/png'");
  });

  it('names a storage without the adapter methods, an inspect that is no function, and unknown keys', () => {
    expect(errorOf(() => make({ storage: { put() {} } })).message).toContain('option "attachments.storage" must have put(key, body, info), get(key) and delete(key)');
    expect(errorOf(() => make({ inspect: 'clamav' })).message).toContain('option "attachments.inspect" must be a function');
    expect(errorOf(() => make({ maxSize: 1 })).message).toContain('"attachments.maxSize"');
    expect(errorOf(() => make('yes')).message).toContain('option "attachments"');
  });

  it('says to install sharp when it is missing', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'sharp'"), { code: 'MODULE_NOT_FOUND' });
    };
    const err = errorOf(() => loadSharp(missing));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toContain('option "attachments" needs the "sharp" package');
    expect(err.message).toContain('npm install sharp');
    expect(typeof loadSharp()).toBe('function');
  });
});
