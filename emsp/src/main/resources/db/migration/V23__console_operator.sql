-- Operator console accounts (docs/console.md): BCrypt hashes only, two roles.
create table console_operator (
    id            bigint generated always as identity primary key,
    username      text not null unique,
    password_hash text not null,
    role          text not null check (role in ('viewer', 'operator')),
    created_at    timestamptz not null default now(),
    disabled      boolean not null default false
);
