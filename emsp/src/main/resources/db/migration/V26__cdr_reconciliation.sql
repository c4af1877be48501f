-- The outcome of re-pricing each CDR when it arrives (tariffs.RecordedReconciliations), so the
-- console lists the CDRs whose price differs from ours without re-pricing 100,000 CDRs per page.
-- One row per CDR; it goes with the CDR.
create table cdr_reconciliation (
    country_code          text        not null,
    party_id              text        not null,
    cdr_id                text        not null,
    connection_id         uuid,
    -- our session id when the CDR is one of our robot sessions, else the CPO's
    session_id            text,
    tariff_id             text,
    currency              text        not null,
    cpo_total_excl_vat    numeric     not null,
    cpo_total_incl_vat    numeric,
    our_total_excl_vat    numeric     not null,
    our_total_incl_vat    numeric,
    -- CPO's minus ours, excl. VAT (incl. VAT where both sides have it)
    total_delta_excl_vat  numeric     not null,
    total_delta_incl_vat  numeric,
    -- per dimension, CPO's minus ours excl. VAT; null where the CDR does not report that cost
    energy_delta          numeric,
    time_delta            numeric,
    parking_delta         numeric,
    fixed_delta           numeric,
    reservation_delta     numeric,
    -- the total or a reported dimension differs beyond the tolerance
    differs               boolean     not null,
    tolerance             numeric     not null,
    issues                text        not null default '',
    created_at            timestamptz not null default now(),
    primary key (country_code, party_id, cdr_id),
    foreign key (country_code, party_id, cdr_id) references cdr (country_code, party_id, id) on delete cascade
);

create index cdr_reconciliation_differs on cdr_reconciliation (created_at desc, cdr_id desc) where differs;
