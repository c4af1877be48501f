-- Each delivery attempt of a webhook event to the robot backend, for the console's job page
-- (docs/console.md): when, how it went (delivered, http_5xx, timeout, unreachable, interrupted)
-- and the error. At most rollyy.webhook.max-attempts rows per event.
create table webhook_attempt (
    event_id    uuid        not null references webhook_event (id) on delete cascade,
    attempt     int         not null,
    at          timestamptz not null default now(),
    outcome     text        not null,
    error       text,
    primary key (event_id, attempt)
);
