-- Each push of a token change to a CPO and how it went (the console's token page shows them):
-- one row per (token, change, connection), written when the push is scheduled and updated by
-- the task that delivers it. outcome: pending, retrying (last_error says why), delivered,
-- superseded (a newer change went out instead), dropped (the connection has no tokens receiver
-- any more), gave_up (still failing after rollyy.tokens.push-max-age).
create table token_push (
    uid_key       text        not null,
    type          text        not null,
    version       timestamptz not null,  -- the token's last_updated that this push carries
    connection_id uuid        not null references connection (id) on delete cascade,
    method        text        not null,
    scheduled_at  timestamptz not null,
    outcome       text        not null,
    attempts      int         not null default 0,
    last_error    text,
    finished_at   timestamptz,
    primary key (uid_key, type, version, connection_id),
    foreign key (uid_key, type) references token on delete cascade
);
create index token_push_connection on token_push (connection_id);

-- The console's token search: a prefix of the uid, the contract id or the visual number, any case.
create index token_uid_prefix on token (uid_key text_pattern_ops);
create index token_contract_prefix on token (upper(contract_id) text_pattern_ops);
create index token_visual_prefix on token (upper(visual_number) text_pattern_ops);
