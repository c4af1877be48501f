-- A START names the EVSE by Location id and EVSE uid only (no CPO party): without this index
-- that lookup read the whole location primary key (12.7 ms at 100,000 Locations, growing with
-- the network). Status PATCHes stay HOT: neither column ever changes on an existing row.
create index evse_location_uid on evse (location_id, uid);
