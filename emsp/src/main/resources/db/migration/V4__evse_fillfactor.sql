-- Status PATCHes rewrite one EVSE row; free space in each page lets PostgreSQL update it in
-- place (HOT: status and last_updated are not indexed).
alter table evse set (fillfactor = 85);
