-- Issue 18: the rankings mark each engineer's shared ratings (a work order with several engineers counts the whole
-- rating for each, SCORING.md §6). They are a minority, so a partial index finds a period's few quickly.
CREATE INDEX "rating_facts_shared_idx" ON "rating_facts" USING btree ("submitted_at") WHERE cardinality("engineer_ids") > 1;
