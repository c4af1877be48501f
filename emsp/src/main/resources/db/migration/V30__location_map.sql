-- The console's map of charging assets (/console/assets): the Locations inside a bounding box,
-- counted into grid cells when there are too many to draw, read from the index alone.
create index location_map on location (latitude, longitude) include (country_code, party_id, id, connection_id)
    where active and publish;
