-- The tariff_ids the connector listed when we sent START_SESSION (JSON array): a CDR that names
-- no tariff (both ways of naming one are optional in OCPI 2.2.1) is priced with the tariffs the
-- connector listed when the session ran, not with what it lists by the time the CDR comes.
alter table job_session add column tariff_ids jsonb;
