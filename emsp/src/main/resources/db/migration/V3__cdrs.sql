-- CDRs as the CPO sent them. The CDR receiver arrives with the CDR module; reconciliation
-- already reads from here.
create table cdr (
    country_code    text        not null,
    party_id        text        not null,
    id              text        not null,
    connection_id   uuid        references connection (id),
    session_id      text,
    doc             jsonb       not null,
    last_updated    timestamptz not null,
    created_at      timestamptz not null default now(),
    primary key (country_code, party_id, id)
);

create index cdr_session on cdr (upper(session_id));
