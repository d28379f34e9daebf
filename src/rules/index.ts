import noCheckThenCreate from './no-check-then-create.js';
import noReadModifyWrite from './no-read-modify-write.js';
import noFsToctou from './no-fs-toctou.js';
import noRespondBeforePersist from './no-respond-before-persist.js';
import noSleepSynchronization from './no-sleep-synchronization.js';
import noUnawaitedCacheFill from './no-unawaited-cache-fill.js';
import requireIdempotencyKey from './require-idempotency-key.js';
import requireWebhookIdempotency from './require-webhook-idempotency.js';

export const rules = {
  'no-check-then-create': noCheckThenCreate,
  'no-read-modify-write': noReadModifyWrite,
  'no-fs-toctou': noFsToctou,
  'no-respond-before-persist': noRespondBeforePersist,
  'no-sleep-synchronization': noSleepSynchronization,
  'no-unawaited-cache-fill': noUnawaitedCacheFill,
  'require-idempotency-key': requireIdempotencyKey,
  'require-webhook-idempotency': requireWebhookIdempotency,
};
