-- Schema version 3: "what is in this bin" reads the index alone.
DROP INDEX stock_location;
CREATE INDEX stock_location ON stock (location, gtin, lot, qty);
