import { JetStreamManager, RetentionPolicy, StorageType } from 'nats';
import { JetStreamRetryOptions, retryJetStreamApi } from './jetstream-retry';

export const EVENTS_STREAM = 'EVENTS';
/** Publishes with the same Nats-Msg-Id inside this window are stored once. */
export const DUPLICATE_WINDOW_NS = 10 * 60 * 1_000_000_000;
const SEVEN_DAYS_NS = 7 * 24 * 3600 * 1_000_000_000;

/**
 * Creates the `EVENTS` stream (subjects `evt.>`) or brings its settings up to date; every replica
 * of every service does it at start, so a call that races another is retried (retryJetStreamApi).
 */
export async function ensureEventsStream(
  jsm: JetStreamManager,
  retry: JetStreamRetryOptions = {},
): Promise<void> {
  await retryJetStreamApi(() => createOrUpdateStream(jsm), retry);
}

async function createOrUpdateStream(jsm: JetStreamManager): Promise<void> {
  const config = {
    name: EVENTS_STREAM,
    subjects: ['evt.>'],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: SEVEN_DAYS_NS,
    duplicate_window: DUPLICATE_WINDOW_NS,
  };
  try {
    await jsm.streams.info(EVENTS_STREAM);
    await jsm.streams.update(EVENTS_STREAM, config);
  } catch (error) {
    if (!/stream not found/i.test(String((error as Error).message))) throw error;
    try {
      await jsm.streams.add(config);
    } catch (raced) {
      // Another service created it between our info and add: that is the state we wanted.
      if (!/already in use/i.test(String((raced as Error).message))) throw raced;
    }
  }
}
