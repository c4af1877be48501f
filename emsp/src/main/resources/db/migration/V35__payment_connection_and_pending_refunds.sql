-- The console's Payments page and GET /v1/payments filter by CPO connection, newest first with a
-- keyset pager on (created_at, id): this index serves the filter and the order together.
create index payment_connection_newest on payment (connection_id, created_at desc, id desc)
    where connection_id is not null;

-- The refund sweep reads the refunds still PENDING, oldest first; few rows are ever PENDING.
create index payment_refund_pending on payment_refund (updated_at) where status = 'PENDING';
