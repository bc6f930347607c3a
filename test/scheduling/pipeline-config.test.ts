// Pipeline settings (src/config/pipeline.ts): real timings in production, seconds in the demo, each
// overridable, and bad values refused at start-up with the variable's name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/config.ts';

test('production keeps real timings; the simulated printer is off unless asked for', () => {
  const { profile, pipeline } = loadConfig({ DATABASE_URL: 'postgres://u@h/db' });
  assert.equal(profile, 'production');
  assert.equal(pipeline.simulatedPrinter, false);
  assert.equal(pipeline.slaBusinessDays, 2);
  assert.deepEqual(pipeline.deliveryBusinessDays, { first_class: 5, standard_class: 10 });
  assert.equal(pipeline.printerClaimTtlMs, 4 * 3_600_000);
  assert.equal(pipeline.imbMailerId, '899999');
  assert.equal(pipeline.imbServiceTypeId, '270');
  assert.equal(pipeline.batchSize, 5000);
  assert.equal(pipeline.tickIntervalMs, 1000);
  assert.equal(
    loadConfig({ DATABASE_URL: 'postgres://u@h/db', SIMULATED_PRINTER: 'true' }).pipeline.simulatedPrinter,
    true,
  );
});

test('demo plays the story in seconds, every timing configurable', () => {
  const { profile, pipeline } = loadConfig({});
  assert.equal(profile, 'demo');
  assert.equal(pipeline.simulatedPrinter, true);
  assert.equal(pipeline.simulatedPrinterMailAfterMs, 2000);
  assert.equal(pipeline.demoCompleteAfterProcessedMs, 40_000);
  assert.equal(pipeline.demoCompleteAfterOutForDeliveryMs, 5000);
  assert.equal(pipeline.printerClaimTtlMs, 30_000);
  const tuned = loadConfig({
    SIMULATED_PRINTER_MAIL_AFTER: '500ms',
    DEMO_COMPLETE_AFTER_PROCESSED: '20s',
    DEMO_COMPLETE_AFTER_OUT_FOR_DELIVERY: '1s',
    PIPELINE_TICK_INTERVAL: '250ms',
    DELIVERY_BUSINESS_DAYS: 'first_class=4, express=2',
    IMB_MAILER_ID: '912345678',
    IMB_SERVICE_TYPE_ID: '342',
  }).pipeline;
  assert.equal(tuned.simulatedPrinterMailAfterMs, 500);
  assert.equal(tuned.demoCompleteAfterProcessedMs, 20_000);
  assert.equal(tuned.demoCompleteAfterOutForDeliveryMs, 1000);
  assert.equal(tuned.tickIntervalMs, 250);
  assert.deepEqual(tuned.deliveryBusinessDays, { first_class: 4, standard_class: 10, express: 2 });
  assert.equal(tuned.imbMailerId, '912345678');
  assert.equal(tuned.imbServiceTypeId, '342');
});

test('bad values are refused, naming the variable', () => {
  const cases: [Record<string, string>, string][] = [
    [{ IMB_MAILER_ID: '12345' }, 'IMB_MAILER_ID'],
    [{ IMB_MAILER_ID: '912345' }, 'IMB_MAILER_ID'],
    [{ IMB_MAILER_ID: '123456789' }, 'IMB_MAILER_ID'],
    [{ IMB_SERVICE_TYPE_ID: '27' }, 'IMB_SERVICE_TYPE_ID'],
    [{ DELIVERY_BUSINESS_DAYS: 'first_class:5' }, 'DELIVERY_BUSINESS_DAYS'],
    [{ SLA_BUSINESS_DAYS: 'two' }, 'SLA_BUSINESS_DAYS'],
    [{ PIPELINE_BATCH_SIZE: '0' }, 'PIPELINE_BATCH_SIZE'],
    [{ PRINTER_CLAIM_TTL: 'soon' }, 'PRINTER_CLAIM_TTL'],
    [{ SIMULATED_PRINTER: 'maybe' }, 'SIMULATED_PRINTER'],
  ];
  for (const [env, variable] of cases) {
    assert.throws(
      () => loadConfig(env),
      (error: unknown) => error instanceof ConfigError && error.variable === variable,
      JSON.stringify(env),
    );
  }
});
