-- Stripe payments of CDRs (docs/payments.md). One row per CDR and kind: the unique key is what
-- makes a resent CDR, a repeated queue call or a race between two instances pay nothing twice,
-- even after Stripe has forgotten an idempotency key (it keeps them for at least 24 hours).
-- No foreign keys to cdr or connection: a payment is a financial record that must outlive
-- whatever is deleted or truncated around it.
create table payment (
    id                        uuid        primary key,
    kind                      text        not null check (kind in ('CHARGE', 'REFUND')),
    cdr_country_code          text        not null,
    cdr_party_id              text        not null,
    cdr_id                    text        not null,
    connection_id             uuid,
    robot_job_id              text,
    fleet_id                  text        not null,
    -- the CDR's total incl. VAT as the CPO sent it (negative on a credit CDR)
    amount                    numeric     not null,
    -- what Stripe moves, in the currency's minor unit as Stripe counts it; negative for refunds
    amount_minor              bigint      not null,
    currency                  text        not null,
    status                    text        not null check (status in
                                  ('QUEUED', 'HELD', 'PROCESSING', 'SUCCEEDED', 'FAILED', 'NOT_CONFIGURED')),
    -- a refund's original: the CDR the credit CDR credits
    credited_country_code     text,
    credited_party_id         text,
    credited_cdr_id           text,
    discrepancy               boolean     not null default false,
    discrepancy_detail        text,
    idempotency_key           text        not null,
    -- the PaymentIntent (CHARGE) or Refund (REFUND) Stripe created
    stripe_id                 text,
    attempts                  int         not null default 0,
    next_attempt_at           timestamptz,
    failure_reason            text,
    created_at                timestamptz not null default now(),
    updated_at                timestamptz not null default now(),
    unique (cdr_country_code, cdr_party_id, cdr_id, kind)
);

create unique index payment_stripe_id on payment (stripe_id) where stripe_id is not null;
create index payment_robot_job on payment (robot_job_id) where robot_job_id is not null;
create index payment_cdr_id on payment (cdr_id);
create index payment_status on payment (status, created_at);

-- Stripe webhook events already handled: delivery is at least once, so the insert of the event
-- id and the change it causes share one transaction.
create table stripe_event (
    id              text        primary key,
    type            text        not null,
    received_at     timestamptz not null default now()
);
