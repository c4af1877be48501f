-- Per-partner quirk profile (issue 14): how a partner deviates from the spec, set with
-- PATCH /ocpi/connections/{id} {"quirks": {...}}. Absent keys take the spec's behaviour; the token
-- encoding stays in raw_token_auth.
alter table connection add column quirks jsonb not null default '{}'::jsonb;
