-- Refunds an operator asks for (POST /v1/payments/{id}/refund, the console's Payments page): full
-- or partial, several per charge, never more in total than was charged (docs/payments.md,
-- "Refunds by operators"). Credit CDRs keep refunding through their own REFUND payment row.
create table payment_refund (
    id                uuid        primary key,
    payment_id        uuid        not null references payment (id) on delete cascade,
    -- the decimal amount asked for, at the currency's scale, and what Stripe moves (positive)
    amount            numeric     not null check (amount > 0),
    amount_minor      bigint      not null check (amount_minor > 0),
    currency          text        not null,
    -- PENDING until Stripe answered succeeded (or still pending), FAILED when it refused
    status            text        not null check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
    -- what the caller sent as Idempotency-Key (or a random one): the same key is the same refund
    request_key       text        not null unique,
    -- what we send Stripe as Idempotency-Key, derived from this row's id
    idempotency_key   text        not null unique,
    stripe_refund_id  text        unique,
    failure_reason    text,
    requested_by      text,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);

create index payment_refund_payment on payment_refund (payment_id, created_at);

-- the console's Payments page lists every payment newest first, 100 per page (keyset pager)
create index payment_newest on payment (created_at desc, id desc);

-- what credit CDRs already refund of a charge counts against an operator's refund of it
create index payment_credited on payment (credited_cdr_id) where credited_cdr_id is not null;
