import type { ApiAuth } from '../auth/api-keys.ts';
import type { Db } from '../db/database.ts';
import { createOrder, type OrderCreateInput, type OrderKindSpec } from '../orders/service.ts';
import type { Price } from './price.ts';

/** Thrown inside the quote's transaction to undo everything the create did, carrying its price. */
class Quoted extends Error {
  constructor(readonly price: Price) {
    super('quoted');
  }
}

/**
 * What an order made from this create body would cost, without making it: the create itself runs (the
 * same checks, lookups and errors, the same price) in a transaction that is then rolled back, so the
 * quote is the price of the order the same body creates, and nothing of it is kept or sent to webhooks.
 */
export async function quoteOrder<I extends OrderCreateInput>(
  db: Db,
  auth: ApiAuth,
  spec: OrderKindSpec<I>,
  input: I,
): Promise<Price> {
  try {
    await db.transaction().execute(async (tx) => {
      const order = await createOrder(tx, auth, spec, input);
      throw new Quoted(order.price as Price);
    });
  } catch (error) {
    if (error instanceof Quoted) return error.price;
    throw error;
  }
  throw new Error('unreachable: the quote transaction always rolls back');
}
