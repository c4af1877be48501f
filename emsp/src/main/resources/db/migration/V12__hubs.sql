-- A connection to a roaming hub (Gireve, Hubject, ...) names the configured hub; null = a direct peer.
alter table connection add column hub text;

-- HubClientInfo: the parties a hub connection reports behind it, with their connection status.
create table hub_client_info (
    connection_id   uuid        not null references connection (id) on delete cascade,
    country_code    text        not null,
    party_id        text        not null,
    role            text        not null,
    status          text        not null check (status in ('CONNECTED', 'OFFLINE', 'PLANNED', 'SUSPENDED')),
    last_updated    timestamptz not null,
    primary key (connection_id, country_code, party_id)
);
