-- A connection is one OCPI peer platform (a CPO or a hub) and everything the handshake settles.
create table connection (
    id              uuid primary key,
    cpo_name        text        not null,
    status          text        not null check (status in ('INVITED', 'REGISTERING', 'ACTIVE', 'UNREGISTERED')),
    initiated_by    text        not null check (initiated_by in ('EMSP', 'CPO')),
    versions_url    text,
    version         text,
    endpoints       jsonb       not null default '[]',
    roles           jsonb       not null default '[]',
    country_code    text,
    party_id        text,
    -- the token we send to the peer (B or C in OCPI words), AES-GCM encrypted
    peer_token      text,
    raw_token_auth  boolean     not null default false,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);

create index connection_versions_url on connection (versions_url) where status = 'ACTIVE';

-- Tokens we issued (token A, and B or C): only their SHA-256 is kept.
create table issued_token (
    token_hash      text        primary key,
    connection_id   uuid        not null references connection (id) on delete cascade,
    kind            text        not null check (kind in ('REGISTRATION', 'CREDENTIALS')),
    created_at      timestamptz not null default now(),
    expires_at      timestamptz,
    revoked_at      timestamptz
);

create index issued_token_connection on issued_token (connection_id);
