// Files a create carries as multipart uploads (src/http/file-uploads.ts): each is checked against its kind
// and size with Lob's codes while the kind's details are made (a 400 then, nothing stored), and stored and
// linked to the order only once the order row exists, in the create's transaction.
import type { DocumentsConfig } from '../config/documents.ts';
import type { Tx } from '../db/database.ts';
import type { DocumentSpec } from '../documents/checks.ts';
import { type AcceptedInput, acceptDocumentInput, storeAcceptedInput } from '../documents/inputs.ts';
import { linkOrderDocuments } from '../documents/links.ts';
import type { DocumentStore } from '../documents/store.ts';

/** What a create needs to take files: the checks' settings and the store they are kept in. */
export interface OrderDocumentsDeps {
  config: DocumentsConfig;
  store: DocumentStore;
}

interface PendingUpload {
  /** order_documents role: 'upload' (the content), 'attachment' (attachedPDF). */
  role: string;
  accepted: AcceptedInput;
}

/** The uploaded files of one create, accepted but not stored yet. */
export class OrderUploads {
  readonly #pending: PendingUpload[] = [];

  constructor(readonly deps: OrderDocumentsDeps | undefined) {}

  /** Checks `bytes` for `field` (DocumentRejected, a 400 naming Lob's code, when it does not pass). */
  async accept(field: string, spec: DocumentSpec, bytes: Buffer, role: string): Promise<AcceptedInput> {
    if (!this.deps) throw new Error('this create was given no document store to keep its files in');
    const accepted = await acceptDocumentInput(field, spec, bytes, { config: this.deps.config });
    this.#pending.push({ role, accepted });
    return accepted;
  }

  get empty(): boolean {
    return this.#pending.length === 0;
  }

  /** Stores the accepted files and links them to the order just inserted, in its transaction. */
  async store(tx: Tx, order: { id: string; organizationId: string; live: boolean }): Promise<void> {
    if (this.#pending.length === 0) return;
    const links = [];
    for (const { role, accepted } of this.#pending) {
      const stored = await storeAcceptedInput(tx, this.deps!.store, order, accepted);
      links.push({ orderId: order.id, role, documentId: stored.id });
    }
    await linkOrderDocuments(tx, links);
  }
}

/** True when the create body carries a file anywhere (a Buffer, as takeFileUploads put it back). */
export function carriesUpload(value: unknown, depth = 0): boolean {
  if (Buffer.isBuffer(value)) return true;
  if (!value || typeof value !== 'object' || depth > 4) return false;
  return Object.values(value).some((child) => carriesUpload(child, depth + 1));
}
