-- Rate limits shared by every instance (docs/configuration.md "Rate limits").

-- Per-connection overrides of rollyy.rate-limit.ocpi-per-second / ocpi-burst (null: the default),
-- set with PATCH /ocpi/connections/{id} {"rate_limit": {...}}.
alter table connection
    add column rate_limit_per_second double precision check (rate_limit_per_second > 0),
    add column rate_limit_burst      integer          check (rate_limit_burst > 0);

-- Bucket4j's token buckets (PostgreSQLSelectForUpdateBasedProxyManager): one row per bucket, its
-- state serialized by Bucket4j. id = "ocpi:<connection id>:<per second>:<burst>" or
-- "api:<key id>:<per second>:<burst>", so a change of limits starts a new, full bucket.
create table rate_limit_bucket (
    id    text primary key,
    state bytea
);
