import type { Executor } from '../db/database.ts';
import { insertOrdersWithContacts, type NewOrderWithContacts, type OrderJson } from './repo.ts';

/**
 * Group commit for creates. A create on the one-statement path costs the database far more in what
 * every statement pays once (its commit, the order-count and webhook fan-out triggers, the foreign-key
 * locks on the organization) than in its own rows: one statement storing 16 orders takes little longer
 * than one storing a single order. So concurrent creates of an API process share statements: a create
 * is sent at once when fewer than MAX_IN_FLIGHT statements are running, and otherwise waits for the next
 * one. What is waiting is shared out over the free statements (up to MAX_BATCH each): one statement runs
 * on one PostgreSQL backend, so creates that arrived together in one statement would leave the other
 * slot, and a core, idle. A lone create never waits; under load, batches grow by themselves with the
 * number of requests in flight. Each create still answers only after the statement holding it has
 * committed, so nothing acknowledged can be lost.
 */
const MAX_IN_FLIGHT = 2;
const MAX_BATCH = 64;

interface Waiting {
  row: NewOrderWithContacts;
  resolve(order: OrderJson | null): void;
  reject(error: unknown): void;
}

class CreateBatches {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  private flushScheduled = false;

  constructor(private readonly db: Executor) {}

  insert(row: NewOrderWithContacts): Promise<OrderJson | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ row, resolve, reject });
      this.scheduleFlush();
    });
  }

  // After the current I/O callbacks: the requests parsed in the same turn of the event loop go together.
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight >= MAX_IN_FLIGHT || this.waiting.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      while (this.inFlight < MAX_IN_FLIGHT && this.waiting.length > 0) {
        const share = Math.ceil(this.waiting.length / (MAX_IN_FLIGHT - this.inFlight));
        const batch = this.waiting.splice(0, Math.min(MAX_BATCH, share));
        this.inFlight++;
        void this.store(batch).finally(() => {
          this.inFlight--;
          this.scheduleFlush();
        });
      }
    });
  }

  private async store(batch: Waiting[]): Promise<void> {
    let stored: Map<string, OrderJson>;
    try {
      stored = await insertOrdersWithContacts(
        this.db,
        batch.map((w) => w.row),
      );
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // Nothing of the batch was stored (one statement). One create's failure must not become the
      // others': each is retried alone and gets its own answer, one after another, in this batch's turn.
      for (const w of batch) await this.store([w]);
      return;
    }
    for (const w of batch) w.resolve(stored.get(w.row.order.id) ?? null);
  }
}

const batchesByDatabase = new WeakMap<Executor, CreateBatches>();

/**
 * Stores one create with inline contacts, sharing a statement with the concurrent creates of the same
 * database handle; inside a caller's transaction, in that transaction alone. Null as
 * insertOrdersWithContacts says (the caller takes the slow path).
 */
export async function insertOrderWithContacts(
  db: Executor,
  row: NewOrderWithContacts,
): Promise<OrderJson | null> {
  if (db.isTransaction) return (await insertOrdersWithContacts(db, [row])).get(row.order.id) ?? null;
  let batches = batchesByDatabase.get(db);
  if (!batches) {
    batches = new CreateBatches(db);
    batchesByDatabase.set(db, batches);
  }
  return batches.insert(row);
}
