import { Type } from '@sinclair/typebox';
import { OrderStatus } from '../orders/schemas.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A UTC day, YYYY-MM-DD.' });

export const StatsQuery = Type.Object({
  from: Type.Optional({ ...Day, description: 'First day (UTC), inclusive. Default: 29 days before `to`.' }),
  to: Type.Optional({ ...Day, description: 'Last day (UTC), inclusive. Default: today.' }),
});

export const UsageQuery = Type.Object({
  from: Type.Optional({
    ...Day,
    description: 'First day (UTC) orders were created, inclusive. Default: the 1st of this month.',
  }),
  to: Type.Optional({ ...Day, description: 'Last day (UTC), inclusive. Default: today.' }),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' })),
});

const Seconds = Type.Union([Type.Number(), Type.Null()], { description: 'Seconds; null without data.' });
const Timing = Type.Object({ count: Type.Integer(), p50: Seconds, p90: Seconds });

export const Stats = Type.Object(
  {
    object: Type.Literal('stats'),
    live: Type.Boolean(),
    from: Day,
    to: Day,
    days: Type.Array(Day),
    orders: Type.Object({
      total: Type.Integer({ description: 'Orders created in the period.' }),
      byStatus: Type.Record(Type.String(), Type.Integer()),
      daily: Type.Array(
        Type.Object({ date: Day, kind: Type.String(), status: OrderStatus, count: Type.Integer() }),
        { description: 'Orders created each day, by kind and their status now.' },
      ),
    }),
    deliveryTimes: Type.Object(
      {
        mailed: Timing,
        completed: Timing,
        daily: Type.Array(
          Type.Object({
            date: Day,
            mailedP50: Seconds,
            mailedP90: Seconds,
            completedP50: Seconds,
            completedP90: Seconds,
          }),
        ),
      },
      { description: 'Create → mailed and create → completed, of orders mailed / completed in the period.' },
    ),
    imbFunnel: Type.Object(
      {
        mailed: Type.Integer(),
        enteredMailStream: Type.Integer(),
        outForDelivery: Type.Integer(),
        completed: Type.Integer(),
        returnedToSender: Type.Integer(),
      },
      { description: 'Of the orders mailed in the period: how far their IMb scans and status went.' },
    ),
    sla: Type.Object(
      {
        breaches: Type.Integer({ description: 'missed + open' }),
        missed: Type.Integer({ description: 'Mailed after their SLA deadline.' }),
        open: Type.Integer({ description: 'Still printing past their deadline.' }),
        met: Type.Integer(),
        daily: Type.Array(Type.Object({ date: Day, breaches: Type.Integer() })),
      },
      { description: 'Orders whose SLA deadline fell in the period (and has passed).' },
    ),
    webhooks: Type.Object({
      attempts: Type.Integer(),
      delivered: Type.Integer(),
      retried: Type.Integer(),
      failed: Type.Integer(),
      successRate: Type.Union([Type.Number(), Type.Null()], { description: 'delivered ÷ attempts.' }),
      pending: Type.Integer({ description: 'Deliveries waiting now (all webhooks of this mode).' }),
      oldestPendingSeconds: Seconds,
      daily: Type.Array(
        Type.Object({
          date: Day,
          delivered: Type.Integer(),
          retried: Type.Integer(),
          failed: Type.Integer(),
        }),
      ),
    }),
    cost: Type.Object({
      currency: Type.String(),
      total: Type.Integer({
        description: 'Cents: prices of the orders created in the period (cancelled: 0).',
      }),
      daily: Type.Array(Type.Object({ date: Day, amount: Type.Integer() })),
    }),
  },
  { description: 'What happened in a period, in one mode, from rollups kept up to date with every change.' },
);

export const Usage = Type.Object({
  object: Type.Literal('usage'),
  live: Type.Boolean(),
  from: Day,
  to: Day,
  currency: Type.String(),
  total: Type.Integer({ description: 'Cents.' }),
  orders: Type.Integer({ description: 'Orders created, cancelled ones not counted.' }),
  data: Type.Array(
    Type.Object({
      kind: Type.String(),
      extraService: Type.Union([Type.String(), Type.Null()]),
      orders: Type.Integer(),
      cancelled: Type.Integer({ description: 'Cancelled orders (they cost 0).' }),
      amount: Type.Integer({ description: 'Cents.' }),
    }),
  ),
});
