// The promises mailstream keeps under load and crashes, checked against the database once the system is
// quiescent: every acknowledged create stored exactly once; every order's history a legal path (BRIEF §5,
// §7); no cancelled order printed; per-order event sequences 1..n; every event delivered to every webhook
// subscribed to it at least once. Used by test/scale/*.test.ts and scripts/soak.ts.
import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { Ledger } from './load.ts';
import { UNMATCHED_MAILER_ID } from './load.ts';

/** A webhook as the invariants see it: what it subscribed to and the event ids its receiver got (with counts). */
export interface WebhookUnderTest {
  id: string;
  live: boolean;
  enabledEvents: string[];
  received: Map<string, number>;
}

export interface InvariantReport {
  violations: string[];
  stats: Record<string, unknown>;
}

interface OrderRow {
  id: string;
  kind: string;
  live: boolean;
  status: string;
  ref: string | null;
  event_seq: number;
  created_at: Date;
  printing_at: Date | null;
  processed_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  printer_id: string | null;
  imb_status: string | null;
}

interface EventRow {
  id: string;
  order_id: string;
  type: string;
  live: boolean;
  sequence: number;
  status: string | null;
  imb_status: string | null;
  updated_fields: string[] | null;
  /** The fields besides status whose every change is an event naming it (BRIEF §5, §10). */
  tracked: Record<(typeof TRACKED)[number], string | null | undefined>;
}

const TRACKED = ['imbStatus', 'imbDate', 'imbZIPCode', 'trackingNumber'] as const;

/** The moves of BRIEF §5 and §7; `test` ones only for test orders. */
const EDGES: Record<string, { to: string; test?: true }[]> = {
  ready: [{ to: 'printing' }, { to: 'cancelled' }, { to: 'completed', test: true }],
  printing: [{ to: 'processed_for_delivery' }],
  processed_for_delivery: [{ to: 'completed' }],
  completed: [],
  cancelled: [],
};

/** Order of imbStatus values: a status never moves backwards (BRIEF §10). */
const IMB_RANK: Record<string, number> = {
  entered_mail_stream: 1,
  out_for_delivery: 2,
  returned_to_sender: 3,
};

/** Collects violations, keeping the report readable when one bug breaks thousands of orders. */
class Violations {
  readonly list: string[] = [];
  private readonly perKind = new Map<string, number>();
  add(kind: string, message: string): void {
    const n = (this.perKind.get(kind) ?? 0) + 1;
    this.perKind.set(kind, n);
    if (n <= 10) this.list.push(`${kind}: ${message}`);
    else if (n === 11) this.list.push(`${kind}: … more of the same (see the counts in stats)`);
  }
  counts(): Record<string, number> {
    return Object.fromEntries(this.perKind);
  }
}

export interface InvariantOptions {
  organizationId: string;
  ledger: Ledger;
  webhooks: WebhookUnderTest[];
}

export async function checkInvariants(db: Db, options: InvariantOptions): Promise<InvariantReport> {
  const { organizationId, ledger } = options;
  const v = new Violations();
  const { rows: orders } = await sql<OrderRow>`
    select id, kind, live, status, metadata ->> 'ref' as ref, event_seq, created_at, printing_at, processed_at,
           completed_at, cancelled_at, printer_id, imb_status
    from orders where organization_id = ${organizationId}`.execute(db);
  const { rows: events } = await sql<EventRow>`
    select id, order_id, type, live, sequence, data ->> 'status' as status, data ->> 'imbStatus' as imb_status,
           updated_fields,
           jsonb_build_object('imbStatus', data -> 'imbStatus', 'imbDate', data -> 'imbDate',
                              'imbZIPCode', data -> 'imbZIPCode', 'trackingNumber', data -> 'trackingNumber') as tracked
    from events where organization_id = ${organizationId}
    order by order_id, sequence, created_at`.execute(db);

  // 1. Every acknowledged create is stored exactly once; nothing is stored that nobody asked for.
  const byRef = new Map<string, OrderRow[]>();
  const byId = new Map<string, OrderRow>();
  for (const order of orders) {
    byId.set(order.id, order);
    if (order.ref === null) {
      v.add('order without a client reference', order.id);
      continue;
    }
    byRef.set(order.ref, [...(byRef.get(order.ref) ?? []), order]);
  }
  const refs = new Set(ledger.creates.map((c) => c.ref));
  let acknowledged = 0;
  for (const create of ledger.creates) {
    const stored = byRef.get(create.ref) ?? [];
    const ids = new Set(create.acknowledged);
    if (ids.size > 1)
      v.add('one create acknowledged with several ids', `${create.ref}: ${[...ids].join(', ')}`);
    if (stored.length > 1) {
      v.add('create stored more than once', `${create.ref}: ${stored.map((o) => o.id).join(', ')}`);
    }
    if (create.refused && stored.length > 0) {
      v.add('a refused create was stored', `${create.ref}: ${stored.map((o) => o.id).join(', ')}`);
    }
    if (ids.size === 0) continue;
    acknowledged++;
    const [id] = ids;
    const order = byId.get(id!);
    if (!order) v.add('acknowledged create not stored', `${create.ref} → ${id}`);
    else if (order.ref !== create.ref || order.kind !== create.kind || order.live !== create.live) {
      v.add('acknowledged id is another order', `${create.ref} → ${id} (${order.kind}, ref ${order.ref})`);
    }
  }
  for (const ref of ledger.refusedRefs) {
    if (byRef.has(ref)) v.add('a refused reuse of an Idempotency-Key was stored', ref);
  }
  for (const ref of byRef.keys()) {
    if (!refs.has(ref))
      v.add(
        'order nobody created',
        `${ref}: ${byRef
          .get(ref)!
          .map((o) => o.id)
          .join(', ')}`,
      );
  }

  // 2. Status histories: sequences 1..n, legal moves only, every status change an event, timestamps to match.
  const eventsByOrder = new Map<string, EventRow[]>();
  for (const event of events) {
    if (!byId.has(event.order_id)) v.add('event of an unknown order', `${event.id} (${event.order_id})`);
    eventsByOrder.set(event.order_id, [...(eventsByOrder.get(event.order_id) ?? []), event]);
  }
  const paths = new Map<string, number>();
  for (const order of orders) {
    const history = eventsByOrder.get(order.id) ?? [];
    const sequences = history.map((e) => e.sequence);
    if (sequences.length !== order.event_seq || sequences.some((s, i) => s !== i + 1)) {
      v.add(
        'event sequence not 1..n',
        `${order.id}: [${sequences.join(',')}] with event_seq ${order.event_seq}`,
      );
    }
    const first = history[0];
    if (!first || first.type !== `${order.kind}.created` || first.status !== 'ready') {
      v.add('history does not start with a ready *.created', `${order.id}: ${first?.type} ${first?.status}`);
      continue;
    }
    const path = ['ready'];
    let imbRank = 0;
    for (const [index, event] of history.entries()) {
      if (index === 0) continue;
      if (event.type !== `${order.kind}.updated`)
        v.add('unexpected event type', `${order.id}: ${event.type}`);
      if (event.live !== order.live) v.add('event in the wrong mode', `${order.id}: ${event.id}`);
      const previous = path.at(-1)!;
      const named = (event.updated_fields ?? []).includes('status');
      if (event.status !== previous) {
        const edge = EDGES[previous]?.find((e) => e.to === event.status);
        if (!edge || (edge.test && order.live)) {
          v.add(
            'illegal move',
            `${order.id} (${order.live ? 'live' : 'test'}): ${previous} → ${event.status}`,
          );
        }
        if (!named) v.add('status changed without updatedFields naming it', `${order.id}: event ${event.id}`);
        path.push(event.status ?? 'null');
      } else if (named) {
        v.add('event names a status change that did not happen', `${order.id}: event ${event.id}`);
      }
      // The tracked fields besides status: each change is named, and nothing is named that did not change
      // (a scan folded twice, a tracking number assigned twice).
      const before = history[index - 1]!;
      for (const field of TRACKED) {
        const changed = event.tracked[field] !== before.tracked[field];
        if (changed !== (event.updated_fields ?? []).includes(field)) {
          v.add(
            changed
              ? `${field} changed without updatedFields naming it`
              : `event names a ${field} change that did not happen`,
            `${order.id}: event ${event.id}`,
          );
        }
      }
      const rank = event.imb_status ? (IMB_RANK[event.imb_status] ?? 0) : 0;
      if (rank < imbRank)
        v.add('imbStatus moved backwards', `${order.id}: event ${event.id} ${event.imb_status}`);
      imbRank = Math.max(imbRank, rank);
    }
    const key = `${order.live ? 'live' : 'test'} ${path.join('→')}`;
    paths.set(key, (paths.get(key) ?? 0) + 1);
    const last = history.at(-1)!;
    if (last.status !== order.status) {
      v.add('stored status differs from its last event', `${order.id}: ${order.status} vs ${last.status}`);
    }
    if ((last.imb_status ?? null) !== order.imb_status) {
      v.add(
        'stored imbStatus differs from its last event',
        `${order.id}: ${order.imb_status} vs ${last.imb_status}`,
      );
    }
    const stamps: [string, Date | null][] = [
      ['printing', order.printing_at],
      ['processed_for_delivery', order.processed_at],
      ['completed', order.completed_at],
      ['cancelled', order.cancelled_at],
    ];
    for (const [status, at] of stamps) {
      if (path.includes(status) !== (at !== null)) {
        v.add(
          'status timestamp does not match the history',
          `${order.id}: ${status} ${at?.toISOString() ?? 'null'} for ${path.join('→')}`,
        );
      }
    }
    const times = [order.created_at, order.printing_at, order.processed_at, order.completed_at].filter(
      (t): t is Date => t !== null,
    );
    if (times.some((t, i) => i > 0 && t.getTime() < times[i - 1]!.getTime())) {
      v.add('status timestamps out of order', `${order.id}: ${times.map((t) => t.toISOString()).join(' ')}`);
    }
    // 3. No cancelled order was ever printed: no printing in its history, no printing time, no printer. (An IMb
    // says nothing here: live US mail gets it when rendered, and a rendered order may still be cancelled.)
    if (order.status === 'cancelled' || path.includes('cancelled')) {
      if (path.length !== 2 || order.printing_at || order.printer_id) {
        v.add('cancelled order was printed', `${order.id}: ${path.join('→')}, printer ${order.printer_id}`);
      }
    }
    // Test orders are never printed (BRIEF §7): no printer ever holds one.
    if (!order.live && order.printer_id)
      v.add('test order claimed by a printer', `${order.id}: ${order.printer_id}`);
  }

  // Cancels as answered: a 200 means cancelled for good, a refusal means it had already moved on.
  const outcomes = { cancelled: 0, refused: 0, unknown: 0 };
  for (const cancel of ledger.cancels) {
    outcomes[cancel.outcome]++;
    const status = byId.get(cancel.id)?.status;
    if (cancel.outcome === 'cancelled' && status !== 'cancelled') {
      v.add('acknowledged cancel not cancelled', `${cancel.id}: ${status}`);
    }
    if (cancel.outcome === 'refused' && status === 'cancelled') {
      v.add('refused cancel cancelled', cancel.id);
    }
  }

  // 4. Every event reached every webhook subscribed to it at least once, and no webhook got another's.
  const webhookStats: Record<string, unknown>[] = [];
  for (const hook of options.webhooks) {
    const expected = events.filter((e) => e.live === hook.live && hook.enabledEvents.includes(e.type));
    const expectedIds = new Set(expected.map((e) => e.id));
    const missing = expected.filter((e) => !hook.received.has(e.id));
    const unexpected = [...hook.received.keys()].filter((id) => !expectedIds.has(id));
    for (const e of missing.slice(0, 3))
      v.add('event never reached its webhook', `${e.id} (${e.type}) → ${hook.id}`);
    if (missing.length > 3)
      v.add('event never reached its webhook', `${missing.length} in all for ${hook.id}`);
    for (const id of unexpected.slice(0, 3))
      v.add('webhook got an event it did not subscribe to', `${id} → ${hook.id}`);
    const requests = [...hook.received.values()].reduce((a, b) => a + b, 0);
    webhookStats.push({
      webhook: hook.id,
      expected: expected.length,
      missing: missing.length,
      unexpected: unexpected.length,
      duplicates: requests - hook.received.size,
    });
  }
  const { rows: deliveries } = await sql<{ status: string; n: number }>`
    select d.status, count(*)::int as n from webhook_deliveries d join webhooks w on w.id = d.webhook_id
    where w.organization_id = ${organizationId} group by d.status order by d.status`.execute(db);
  for (const row of deliveries) {
    if (row.status !== 'delivered') v.add('delivery not delivered at quiescence', `${row.n} ${row.status}`);
  }

  // An IMb serial never repeats for a Mailer ID within 45 days (BRIEF §9), however many processes assign them.
  const { rows: reused } = await sql<{ serial: string; orders: string[] }>`
    select imb_mailer_id || '/' || imb_serial as serial, array_agg(id) as orders from orders
    where imb_mailer_id is not null group by imb_mailer_id, imb_serial having count(*) > 1`.execute(db);
  for (const row of reused) v.add('IMb serial used twice', `${row.serial}: ${row.orders.join(', ')}`);

  // 5. Unmatched scans are kept, never dropped (BRIEF §10), and never matched to an order.
  const { rows: unmatchedRows } = await sql<{ serial: string; order_id: string | null }>`
    select serial, order_id from usps_scans where mailer_id = ${UNMATCHED_MAILER_ID}`.execute(db);
  const storedSerials = new Set(unmatchedRows.map((r) => r.serial));
  const stored = {
    unmatched: unmatchedRows.filter((r) => r.order_id === null).length,
    matched: unmatchedRows.filter((r) => r.order_id !== null).length,
  };
  if (stored.matched > 0) v.add('scan of an unused Mailer ID matched an order', `${stored.matched}`);
  for (const [serial, acknowledged] of ledger.scans.unmatchedAcknowledged) {
    if (!storedSerials.has(serial))
      v.add('acknowledged scan not stored', `serial ${serial}, acknowledged ${acknowledged}`);
  }
  for (const serial of storedSerials) {
    if (!ledger.scans.unmatchedSent.has(serial)) v.add('scan stored that nobody sent', `serial ${serial}`);
  }

  const statuses: Record<string, number> = {};
  for (const order of orders) {
    const key = `${order.live ? 'live' : 'test'} ${order.status}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  return {
    violations: v.list,
    stats: {
      creates: ledger.creates.length,
      acknowledged,
      expiredRetries: ledger.expiredRetries,
      orders: orders.length,
      events: events.length,
      statuses,
      paths: Object.fromEntries([...paths].sort()),
      cancels: outcomes,
      progressions: ledger.progressions,
      printer: ledger.printer,
      scans: {
        batches: ledger.scans.batches,
        events: ledger.scans.events,
        matched: ledger.scans.matched,
        duplicates: ledger.scans.duplicates,
        unmatchedStored: stored.unmatched,
        ordersScanned: ledger.scans.ordersScanned.size,
      },
      webhooks: webhookStats,
      deliveries: Object.fromEntries(deliveries.map((d) => [d.status, d.n])),
      violationCounts: v.counts(),
    },
  };
}
