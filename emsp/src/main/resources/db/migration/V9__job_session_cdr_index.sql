-- Payment outcomes find their robot session by CDR.
create index job_session_cdr on job_session (cdr_country_code, cdr_party_id, cdr_id) where cdr_id is not null;
