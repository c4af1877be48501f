-- Robot jobs, the charging session each job asks for, the OCPI commands sent for it, and the
-- webhook events reported to the robot backend.
create table robot_job (
    id                  uuid        primary key,
    robot_id            text        not null,
    job_type            text        not null,
    fleet_id            text,
    place_id            text,
    vehicle_id          text,
    status              text        not null,
    failure_reason      text,
    -- our reference of the job's current charging session (job_session.id)
    charging_session_id text,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    completed_at        timestamptz
);

create index robot_job_robot on robot_job (robot_id, created_at desc);
create index robot_job_status on robot_job (status, created_at desc);

-- Our side of a charging session: created when START_SESSION is sent, matched to the CPO's
-- Session (by authorization_reference = id, else by the per-job token, EVSE and time) and CDR.
create table job_session (
    id                  text        primary key,
    robot_job_id        uuid        not null references robot_job (id) on delete cascade,
    connection_id       uuid        not null references connection (id) on delete cascade,
    cpo_country_code    text        not null,
    cpo_party_id        text        not null,
    location_id         text        not null,
    evse_uid            text        not null,
    connector_id        text,
    asset_id            uuid,
    token_uid           text        not null,
    status              text        not null,
    failure_reason      text,
    start_result        text,
    -- set when a session showed up after the job had given up on it: we stopped it
    abandoned           boolean     not null default false,
    ocpi_country_code   text,
    ocpi_party_id       text,
    ocpi_session_id     text,
    cdr_country_code    text,
    cdr_party_id        text,
    cdr_id              text,
    stopped_reported    boolean     not null default false,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    ended_at            timestamptz
);

create index job_session_job on job_session (robot_job_id, created_at desc);
create index job_session_token on job_session (upper(token_uid));
create index job_session_ocpi on job_session (upper(ocpi_session_id));
create index job_session_live on job_session (connection_id) where status in ('pending', 'active', 'stopping');

-- Commands we sent (we are the Commands SENDER). The id is the unguessable part of response_url.
create table ocpi_command (
    id                  uuid        primary key,
    connection_id       uuid        not null references connection (id) on delete cascade,
    command             text        not null,
    job_session_id      text        references job_session (id) on delete cascade,
    status              text        not null,
    cpo_timeout_seconds int,
    response_message    text,
    result              text,
    result_message      text,
    result_at           timestamptz,
    deadline            timestamptz,
    created_at          timestamptz not null default now()
);

create index ocpi_command_session on ocpi_command (job_session_id);

-- Events for the robot backend, stored with the change that caused them and delivered at
-- least once from the scheduler (event id = de-duplication key for the receiver).
create table webhook_event (
    id                  uuid        primary key,
    seq                 bigint      generated always as identity,
    type                text        not null,
    robot_job_id        uuid,
    payload             jsonb       not null,
    status              text        not null,
    attempts            int         not null default 0,
    last_error          text,
    created_at          timestamptz not null default now(),
    delivered_at        timestamptz
);

create index webhook_event_job on webhook_event (robot_job_id, seq);
create index webhook_event_status on webhook_event (status, seq);
