-- location_position (latitude, longitude) has served nothing since V30: the only query on the
-- coordinates (assets near a point) reads published, active Locations, which location_map covers.
-- Every status PATCH moves its Location's last_updated, an indexed column, so each one wrote a
-- new entry into every index of location, this one included (issue 15: CPU per PATCH).
drop index if exists location_position;
