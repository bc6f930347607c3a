-- The document purge releases the documents of orders cancelled more than DOCUMENTS_CANCELLED_RETENTION
-- ago, a range of cancelled_at past its watermark (document_purge_state). This partial index holds the
-- cancelled orders only: one entry per cancel, nothing for the orders the pipeline moves.
create index orders_cancelled on orders (cancelled_at) where status = 'cancelled';
