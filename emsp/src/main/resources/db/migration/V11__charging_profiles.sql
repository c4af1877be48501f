-- Smart charging (we are the ChargingProfiles SENDER): the profile state of a robot session and
-- every request we sent for it. A request's id is the unguessable part of its response_url.
create table charging_profile (
    job_session_id      text        primary key references job_session (id) on delete cascade,
    connection_id       uuid        not null references connection (id) on delete cascade,
    ocpi_session_id     text        not null,
    status              text        not null,
    max_charge_rate_kw  numeric,
    departure_time      timestamptz,
    profile             jsonb,
    last_request_id     uuid,
    cpo_result          text,
    cpo_message         text,
    result              text,
    result_at           timestamptz,
    preferences_result  text,
    active_profile      jsonb,
    active_at           timestamptz,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);

create table charging_profile_request (
    id                  uuid        primary key,
    job_session_id      text        not null references job_session (id) on delete cascade,
    connection_id       uuid        not null references connection (id) on delete cascade,
    kind                text        not null,
    cpo_result          text,
    cpo_timeout_seconds int,
    result              text,
    result_at           timestamptz,
    created_at          timestamptz not null default now()
);

create index charging_profile_request_session on charging_profile_request (job_session_id);
