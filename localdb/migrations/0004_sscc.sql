-- Schema version 4: the pallet (SSCC, GS1 AI 00) an event's units arrived
-- or move under, so a put-away can scan the pallet label alone.
ALTER TABLE events ADD COLUMN sscc TEXT NOT NULL DEFAULT '';
-- Partial: most events carry no pallet, and only "what is on pallet X"
-- reads this index.
CREATE INDEX events_sscc ON events (sscc) WHERE sscc <> '';
