-- Schema version 6: the serialised units at a location, so a cycle count
-- can name (and write off) each serial on record that nobody scanned,
-- without reading every serial the terminal ever saw. Partial: shipped
-- and scrapped units have no location.
CREATE INDEX serials_location ON serials (location, gtin) WHERE location <> '';
