-- Locations pushed or pulled from CPOs. Keys are CiStrings, stored upper-cased; the documents
-- keep the CPO's spelling. A Location's EVSEs live in their own rows so a status PATCH touches
-- one small row, and so each EVSE keeps a stable asset_id for the product API.
create table location (
    country_code    text             not null,
    party_id        text             not null,
    id              text             not null,
    connection_id   uuid             not null references connection (id),
    doc             jsonb            not null,
    last_updated    timestamptz      not null,
    latitude        double precision not null,
    longitude       double precision not null,
    publish         boolean          not null,
    -- false once a full pull from the CPO no longer returns it (kept for history)
    active          boolean          not null default true,
    seen_in_sync    bigint,
    created_at      timestamptz      not null default now(),
    primary key (country_code, party_id, id)
);

create index location_last_updated on location (last_updated, country_code, party_id, id);
create index location_connection on location (connection_id);
create index location_position on location (latitude, longitude);

create table evse (
    country_code    text        not null,
    party_id        text        not null,
    location_id     text        not null,
    uid             text        not null,
    asset_id        uuid        not null unique default gen_random_uuid(),
    position        int         not null,
    -- false when a later PUT of its Location no longer lists it; its asset_id survives a return
    listed          boolean     not null default true,
    doc             jsonb       not null,
    status          text        not null,
    last_updated    timestamptz not null,
    primary key (country_code, party_id, location_id, uid),
    foreign key (country_code, party_id, location_id) references location on delete cascade
);

create table tariff (
    country_code    text        not null,
    party_id        text        not null,
    id              text        not null,
    connection_id   uuid        not null references connection (id),
    doc             jsonb       not null,
    currency        text        not null,
    type            text,
    last_updated    timestamptz not null,
    -- DELETE by the CPO hides it; the copy stays for billing history
    deleted_at      timestamptz,
    active          boolean     not null default true,
    seen_in_sync    bigint,
    primary key (country_code, party_id, id)
);

create index tariff_connection on tariff (connection_id);

-- Pull synchronisation per connection and module.
create table sync_state (
    connection_id   uuid        not null references connection (id) on delete cascade,
    module          text        not null,
    last_started_at timestamptz,
    last_success_at timestamptz,
    last_full_at    timestamptz,
    last_count      int,
    last_error      text,
    next_run_at     timestamptz,
    running_since   timestamptz,
    primary key (connection_id, module)
);

create sequence sync_run_seq;
