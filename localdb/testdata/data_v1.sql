-- Data as a terminal on schema version 1 left it: enrolled as term-old,
-- two events (receipt then put-away), both still in the outbox.
INSERT INTO meta (key, value) VALUES ('device', 'term-old'), ('cursor', 'hub-cursor-17');
INSERT INTO products (gtin, sku, name, tracking, expiry_required, uom, version) VALUES
	('09506000134352', 'MED', 'Saline', 'lot', 1, 'EA', 3),
	('09506000111117', 'PUMP', 'Pump', 'serial', 0, 'EA', 1);
INSERT INTO locations (code, barcode, kind, warehouse, version) VALUES
	('DOCK1', '', 'dock', 'W1', 1), ('A-01', '', 'bin', 'W1', 1), ('A-02', '', 'bin', 'W1', 1);
INSERT INTO lots (gtin, lot, expiry, status, version) VALUES ('09506000134352', 'L-V1', '2027-05-31', 'released', 0);
INSERT INTO events (seq, id, operator, at, kind, gtin, lot, expiry, qty, from_loc, to_loc, doc, doc_line, raw) VALUES
	(1, '01900000-0000-7000-8000-000000000001', 'op1', 1718000000000000000, 'receive', '09506000134352', 'L-V1', '2027-05-31', 40, '', 'DOCK1', 'PO-OLD', 1, '0109506000134352172705311' || char(29) || '10L-V1'),
	(2, '01900000-0000-7000-8000-000000000002', 'op1', 1718000060000000000, 'putaway', '09506000134352', 'L-V1', '', 40, 'DOCK1', 'A-01', '', 0, '');
INSERT INTO outbox (seq, queued_at) VALUES (1, 1718000000000000000), (2, 1718000060000000000);
INSERT INTO stock (gtin, lot, location, qty) VALUES ('09506000134352', 'L-V1', 'A-01', 40);
