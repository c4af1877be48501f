-- Sessions pushed or pulled from CPOs (the Sessions receiver).
create table charging_session (
    country_code            text        not null,
    party_id                text        not null,
    id                      text        not null,
    connection_id           uuid        not null references connection (id),
    doc                     jsonb       not null,
    status                  text        not null,
    authorization_reference text,
    last_updated            timestamptz not null,
    created_at              timestamptz not null default now(),
    primary key (country_code, party_id, id)
);

create index charging_session_connection on charging_session (connection_id, last_updated);
create index charging_session_authorization on charging_session (upper(authorization_reference));
