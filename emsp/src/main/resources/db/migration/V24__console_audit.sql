-- Every operator action in the console: who, when, what (docs/console.md).
create table console_audit (
    id       bigint generated always as identity primary key,
    at       timestamptz not null default now(),
    username text not null,
    action   text not null,
    target   text,
    detail   jsonb
);
create index console_audit_at on console_audit (at desc, id desc);
