-- The product API's lists of CDRs and Sessions (/v1/cdrs, /v1/sessions): newest first, filtered
-- by connection, status or our robot session (echoed by the CPO as authorization_reference).
create index cdr_created on cdr (created_at desc, country_code, party_id, id);
create index cdr_connection on cdr (connection_id, created_at desc);
create index cdr_authorization_reference on cdr (upper(doc->>'authorization_reference'));
create index charging_session_created on charging_session (created_at desc, country_code, party_id, id);
create index charging_session_status on charging_session (status, created_at desc);
