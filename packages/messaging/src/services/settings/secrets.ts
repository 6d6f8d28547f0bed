import { randomBytes } from 'node:crypto';
import type { SettingsStore } from './settings-store.js';

/** The key of the CSRF tokens' secret in `messaging_settings`. */
export const CSRF_SECRET_KEY = 'csrf_secret';
/** The key of the live-update event ids' key in `messaging_settings`. */
export const LIVE_EVENT_ID_KEY = 'live_event_id_key';
/** The key of the notification unsubscribe links' secret in `messaging_settings`. */
export const NOTIFY_SECRET_KEY = 'notify_secret';

/**
 * A secret of the deployment (32 random bytes), created once in the settings store so that
 * every app server agrees on it, and read once per instance. A failed read is tried again on
 * the next call rather than failing for good.
 */
export function createDeploymentSecret(store: SettingsStore, key: string): () => Promise<Buffer> {
  let loading: Promise<Buffer> | undefined;
  return () => {
    loading ??= store
      .getOrCreate(key, () => randomBytes(32).toString('base64url'))
      .then(
        (value) => Buffer.from(value, 'base64url'),
        (err: unknown) => {
          loading = undefined;
          throw err;
        },
      );
    return loading;
  };
}
