-- An operator marks a differing CDR reviewed (the console's Reconciliation page): who, when, why.
-- "Open" discrepancies are the differing ones nobody reviewed yet.
alter table cdr_reconciliation add column reviewed_at timestamptz;
alter table cdr_reconciliation add column reviewed_by text;
alter table cdr_reconciliation add column review_note text;

create index cdr_reconciliation_open on cdr_reconciliation (created_at desc, cdr_id desc)
    where differs and reviewed_at is null;
