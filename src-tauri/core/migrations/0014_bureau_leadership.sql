-- 0014: 局领导 — the bureau's leaders (分管领导) belong to the leadership, not to 办公室.
-- New installations get it from the seed; an existing bureau gets it here, last in its
-- list, unless it has an office of that name already. (A fresh database is seeded after
-- its migrations: it has no office yet, and nothing is added here.)
INSERT INTO office (name, sort_order, active, created_at)
SELECT '局领导', (SELECT MAX(sort_order) FROM office) + 1, 1, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')
WHERE EXISTS (SELECT 1 FROM office)
  AND NOT EXISTS (SELECT 1 FROM office WHERE name = '局领导');
