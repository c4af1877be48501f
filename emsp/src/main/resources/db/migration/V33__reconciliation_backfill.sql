-- CDRs received before their reconciliation was recorded (V26) get it recorded once, in the
-- background (tariffs.ReconciliationBackfill), in key order from this cursor, so the console's
-- Reconciliation page covers them too. One row; "before" is when this migration ran: later CDRs
-- are recorded as they arrive.
create table reconciliation_backfill (
    id                int         primary key check (id = 1),
    before            timestamptz not null,
    after_country_code text,
    after_party_id    text,
    after_cdr_id      text,
    recorded          bigint      not null default 0,
    not_priced        bigint      not null default 0,
    done_at           timestamptz
);
insert into reconciliation_backfill (id, before) values (1, now());
